//! Which `Host` names `serve` answers. A web page elsewhere can point a name it controls at
//! 127.0.0.1 (DNS rebinding) and then read what the local server says, reload stream included,
//! as a page of its own origin. Such a request still carries the attacker's name in `Host`, so
//! `serve` answers only names that cannot be rebound: an IP address as written, `localhost` (and
//! the `.localhost` names, which resolve to loopback by RFC 6761) and the `--host` it listens on.

/// Whether a request whose `Host` header is `host` (with its port, if any) is answered. A request
/// without the header (HTTP/1.0 from a script; browsers always send one) is.
pub(crate) fn allowed(host: Option<&str>, listen_host: &str) -> bool {
    let Some(host) = host else {
        return true;
    };
    let name = without_port(host.trim());
    if name.parse::<std::net::IpAddr>().is_ok() {
        return true;
    }
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost") || name.eq_ignore_ascii_case(listen_host)
}

/// `name` of `name:port`, and the address inside `[v6]:port`.
fn without_port(host: &str) -> &str {
    if let Some(bracketed) = host.strip_prefix('[') {
        return bracketed.split(']').next().unwrap_or(bracketed);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|byte| byte.is_ascii_digit()) => name,
        _ => host,
    }
}

#[cfg(test)]
mod tests {
    use super::allowed;

    #[test]
    fn loopback_names_addresses_and_the_listening_host_are_answered() {
        for host in [
            "127.0.0.1:3000",
            "localhost:3000",
            "LOCALHOST",
            "book.localhost:3000",
            "[::1]:3000",
            "192.168.0.7:3000",
            "mybox.lan:3000",
        ] {
            assert!(allowed(Some(host), "mybox.lan"), "{host}");
        }
        assert!(allowed(None, "127.0.0.1"));
    }

    #[test]
    fn any_other_name_is_refused() {
        for host in [
            "evil.example",
            "evil.example:3000",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
        ] {
            assert!(!allowed(Some(host), "127.0.0.1"), "{host}");
        }
    }
}
