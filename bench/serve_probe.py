#!/usr/bin/env python3
"""Start-up, memory and hostile-client behaviour of `studybook serve` against the hyper prototype
(`bench/hyper-serve`) and its std::net + httparse baseline, on loopback. Stdlib only; prints a
Markdown table (medians of --runs runs for the timings and memory; the behaviour of the last run).

    cargo build --release
    (cd bench/hyper-serve && cargo build --release --bin hyper-serve \
       && cargo build --release --no-default-features --features baseline --bin baseline)
    target/release/studybook build --out /tmp/site
    python3 bench/serve_probe.py --site /tmp/site [--runs 5] [--only studybook,hyper]
        [--zola ../shared/peers/zola-0.22.1 --zola-site /tmp/corpus/zola]

Each server is started on a free port and asked `GET /` until it answers 200 ("start-up"; for
`studybook serve` that includes building the book, so its transport's share is the difference
with its `build` time). RSS and threads come from /proc. The probes:
  slow head    one byte a second of a request head: what the server answers and when it closes
  20 KiB head  one 20 KiB header;  65 headers: 65 small headers;  64 KiB+ body: Content-Length 70000
  foreign Host `Host: evil.example`
  200 conns    200 connections opened at once, then a GET on each: the statuses counted
  idle 15 s    a kept-alive connection after one answer: when the server closes it (up to 20 s)
  pipelined    three requests in one write: the statuses in order
  stalled reader  a 4 KiB receive buffer, 8 pipelined `GET /print/` (~1 MB each), nothing read:
               when the server closes its end (/proc/net/tcp), and what the client then gets
"""
import argparse, os, shutil, socket, statistics, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROTO = os.path.join(ROOT, "bench", "hyper-serve", "target", "release")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_stats(pid):
    status = {l.split(":")[0]: l.split(":")[1].strip() for l in open(f"/proc/{pid}/status")}
    return int(status["VmRSS"].split()[0]) / 1024, int(status["Threads"])


class Conn:
    """A client socket and what was read past the last response."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.buffer = b""

    def recv(self):
        chunk = self.sock.recv(65536)
        self.buffer += chunk
        return chunk

    def close(self):
        self.sock.close()


def read_response(conn, deadline=10.0):
    """Reads one response (Content-Length bodies only); returns (status, body length) or (None, why)."""
    conn.sock.settimeout(deadline)
    try:
        while b"\r\n\r\n" not in conn.buffer:
            if not conn.recv():
                return None, "closed" if not conn.buffer else "closed mid-head"
        head, _, rest = conn.buffer.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(rest) < length:
            if not conn.recv():
                break
            rest = conn.buffer.partition(b"\r\n\r\n")[2]
        conn.buffer = rest[length:]
        return status, length
    except socket.timeout:
        return None, "no answer"
    except ConnectionResetError:
        return None, "reset"


def connect(port):
    return Conn(port)


def get(path="/", extra=""):
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}\r\n".encode()


def one(port, request):
    s = connect(port)
    try:
        s.sock.sendall(request)
        status, why = read_response(s)
        return status if status else why
    except (BrokenPipeError, ConnectionResetError):
        return "reset on send"
    finally:
        s.close()


def wait_closed(sock, limit):
    """Seconds until the peer closes (EOF or reset), or None if still open after `limit`."""
    start = time.monotonic()
    sock.sock.settimeout(0.25)
    while time.monotonic() - start < limit:
        try:
            if not sock.sock.recv(65536):
                return time.monotonic() - start
        except socket.timeout:
            continue
        except ConnectionResetError:
            return time.monotonic() - start
    return None


def probe_slow_head(port, out):
    s = connect(port)
    start = time.monotonic()
    request = get()
    s.sock.settimeout(1.0)
    answer = "open after 20 s"
    for i in range(20):
        try:
            s.sock.send(request[i:i + 1])
            data = s.sock.recv(4096)
            if data:
                answer = f"{data.split()[1].decode()} at {time.monotonic() - start:.0f} s"
            else:
                answer = f"closed at {time.monotonic() - start:.0f} s, no answer"
            break
        except socket.timeout:
            continue
        except (BrokenPipeError, ConnectionResetError):
            answer = f"reset at {time.monotonic() - start:.0f} s"
            break
    s.close()
    out["slow head (1 B/s)"] = answer


def probe_idle(port, out):
    s = connect(port)
    s.sock.sendall(get())
    status, _ = read_response(s)
    closed = wait_closed(s, 20)
    s.close()
    out["idle keep-alive"] = f"{status}, then closed after {closed:.1f} s" if closed else f"{status}, still open at 20 s"


def probe_concurrent(port, n=200):
    socks, refused = [], 0
    for _ in range(n):
        try:
            socks.append(connect(port))
        except OSError:
            refused += 1
    counts = {}
    for s in socks:
        try:
            s.sock.sendall(get())
        except OSError:
            pass
    for s in socks:
        status, why = read_response(s, deadline=5)
        key = status or why
        counts[key] = counts.get(key, 0) + 1
    for s in socks:
        s.close()
    if refused:
        counts["connect refused"] = refused
    return " ".join(f"{k}×{v}" for k, v in sorted(counts.items(), key=str))


def server_side_state(port, client_port):
    """The TCP state of the server's end of a loopback connection, from /proc/net/tcp."""
    for line in open("/proc/net/tcp").read().splitlines()[1:]:
        fields = line.split()
        local, remote, state = fields[1], fields[2], fields[3]
        if int(local.split(":")[1], 16) == port and int(remote.split(":")[1], 16) == client_port:
            return {"01": "established", "04": "fin-wait-1", "05": "fin-wait-2", "07": "closed",
                    "08": "close-wait", "09": "last-ack", "0B": "closing"}.get(state, state)
    return "gone"


def probe_stalled_reader(port, path="/print/", copies=8, limit=40):
    """A client that pipelines `copies` requests for a large page and reads nothing: when the
    server gives up on it (its end of the connection leaves `established`), and how much the
    client then gets."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    client_port = sock.getsockname()[1]
    start = time.monotonic()
    sock.sendall(get(path) * (copies - 1) + get(path, "Connection: close\r\n"))
    closed = None
    while time.monotonic() - start < limit:
        time.sleep(0.25)
        if server_side_state(port, client_port) != "established":
            closed = time.monotonic() - start
            break
    sock.settimeout(3)
    got = 0
    try:
        while True:
            chunk = sock.recv(1 << 20)
            if not chunk:
                break
            got += len(chunk)
    except (socket.timeout, ConnectionResetError):
        pass
    sock.close()
    when = f"closed at {closed:.1f} s" if closed else f"open at {limit} s"
    return f"{when}, {got / 1e6:.1f} MB of {copies} answers got"


def probe_pipelined(port):
    s = connect(port)
    s.sock.sendall(get() + get("/no-such-page/") + get("/", "Connection: close\r\n"))
    statuses = []
    for _ in range(3):
        status, why = read_response(s)
        statuses.append(str(status or why))
    s.close()
    return ", ".join(statuses)


def rss_with_connections(port, pid, n=100):
    socks = []
    for _ in range(n):
        s = connect(port)
        s.sock.sendall(get())
        read_response(s)
        socks.append(s)
    time.sleep(0.5)
    rss, threads = proc_stats(pid)
    for s in socks:
        s.close()
    return rss, threads


def start(cmd, cwd, port):
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while time.monotonic() - t0 < 120:
        try:
            if one(port, get()) == 200:
                return p, time.monotonic() - t0
        except OSError:
            pass
        time.sleep(0.005)
    p.kill()
    raise RuntimeError(f"{cmd[0]} did not answer 200 within 120 s")


def run_server(name, cmd_for_port, cwd, hostile, stall_path):
    port = free_port()
    proc, startup = start(cmd_for_port(port), cwd, port)
    row = {"start-up to first 200 (s)": startup}
    try:
        time.sleep(1.0)
        row["RSS idle (MiB)"], row["threads idle"] = proc_stats(proc.pid)
        row["RSS, 100 keep-alive conns (MiB)"], row["threads, 100 conns"] = rss_with_connections(port, proc.pid)
        if hostile:
            time.sleep(0.5)
            slow = {}
            threads = [threading.Thread(target=probe_slow_head, args=(port, slow)),
                       threading.Thread(target=probe_idle, args=(port, slow)),
                       threading.Thread(target=lambda: stall_path and slow.update(
                           {"stalled reader (8 × /print/)": probe_stalled_reader(port, stall_path)}))]
            for t in threads:
                t.start()
            row["20 KiB header"] = one(port, get("/", "X-Big: " + "a" * 20 * 1024 + "\r\n"))
            row["65 headers"] = one(port, get("/", "".join(f"X-H{i}: v\r\n" for i in range(65))))
            row["body 70,000 B"] = one(port, get("/", "Content-Length: 70000\r\n") + b"a" * 70000)
            row["Host: evil.example"] = one(port, b"GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n")
            row["pipelined (/, 404, / close)"] = probe_pipelined(port)
            for t in threads:
                t.join()
            row.update(slow)
            time.sleep(0.5)
            row["200 conns at once"] = probe_concurrent(port)
    finally:
        proc.kill()
        proc.wait()
    return row


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", required=True, help="a built site (`studybook build --out`)")
    ap.add_argument("--studybook", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "studybook"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="studybook,hyper,baseline")
    ap.add_argument("--no-probes", action="store_true", help="start-up and memory only")
    ap.add_argument("--zola", help="a Zola binary, for a reference column (`zola serve`)")
    ap.add_argument("--zola-site", help="a Zola site for --zola, e.g. the `zola/` of bench/gen_corpus.py")
    args = ap.parse_args()
    work = tempfile.mkdtemp()
    book = os.path.join(work, "book")
    for part in ["content", "diagrams", "glossary", "theme"]:
        if os.path.isdir(os.path.join(ROOT, part)):
            shutil.copytree(os.path.join(ROOT, part), os.path.join(book, part))
    shutil.copy(os.path.join(ROOT, "book.toml"), book)
    servers = {
        "studybook": (lambda p: [args.studybook, "serve", "-q", "--port", str(p), book], book),
        "hyper": (lambda p: [os.path.join(PROTO, "hyper-serve"), args.site, str(p)], work),
        "baseline": (lambda p: [os.path.join(PROTO, "baseline"), args.site, str(p)], work),
    }
    if args.zola and args.zola_site:
        zola_out = os.path.join(work, "zola-public")
        servers["zola"] = (lambda p: [args.zola, "serve", "-p", str(p), "-o", zola_out, "--force"], args.zola_site)
        args.only += ",zola"
    chosen = [n for n in args.only.split(",") if n in servers]
    print(f"load: {open('/proc/loadavg').read().split()[:3]}", file=sys.stderr)
    results = {n: [] for n in chosen}
    for run in range(args.runs):
        for name in chosen:  # alternating: one run of each, then again
            cmd, cwd = servers[name]
            hostile = run == args.runs - 1 and name != "baseline" and not args.no_probes
            stall_path = "/print/" if name in ("studybook", "hyper") else None
            results[name].append(run_server(name, cmd, cwd, hostile, stall_path))
            print(f"run {run + 1}/{args.runs} {name}: {results[name][-1]}", file=sys.stderr)
    keys = list(dict.fromkeys(k for rows in results.values() for row in rows for k in row))
    print("| | " + " | ".join(chosen) + " |")
    print("|---" * (len(chosen) + 1) + "|")
    for key in keys:
        cells = []
        for name in chosen:
            values = [row[key] for row in results[name] if key in row]
            if not values:
                cells.append("–")
            elif all(isinstance(v, (int, float)) for v in values):
                m = statistics.median(values)
                spread = f" ({min(values):.3g}–{max(values):.3g})" if len(values) > 1 else ""
                cells.append(f"{m:.3g}{spread}")
            else:
                cells.append(str(values[-1]))
        print(f"| {key} | " + " | ".join(cells) + " |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
