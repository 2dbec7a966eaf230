#!/usr/bin/env python3
"""Where `studybook serve`'s memory goes with many connections: the RSS added to each kind of
mapping (/proc/PID/smaps) by 100 kept-alive connections, then RSS after each of five bursts of 100
connections once they closed (a leak grows; a high-water mark does not). Stdlib only.

    cargo build --release && python3 bench/serve_memory.py [BINARY]
"""
import os, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_probe as sp


def rss_by_mapping(pid):
    """RSS in KiB summed by (file or `anon`, mapping size in KiB)."""
    out, key = {}, None
    for line in open(f"/proc/{pid}/smaps"):
        parts = line.split()
        if "-" in parts[0] and ":" not in parts[0]:
            start, end = (int(x, 16) for x in parts[0].split("-"))
            key = (parts[5] if len(parts) > 5 else "anon", (end - start) // 1024)
        elif parts[0] == "Rss:":
            out[key] = out.get(key, 0) + int(parts[1])
    return out


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.environ.get("CARGO_TARGET_DIR", os.path.join(sp.ROOT, "target")), "release", "studybook")
    port = sp.free_port()
    proc, _ = sp.start([binary, "serve", "-q", "--port", str(port), sp.ROOT], sp.ROOT, port)
    try:
        time.sleep(1)
        print(f"idle: RSS {sp.proc_stats(proc.pid)[0]:.1f} MiB")
        before = rss_by_mapping(proc.pid)
        conns = []
        for _ in range(100):
            conn = sp.connect(port)
            conn.sock.sendall(sp.get())
            sp.read_response(conn)
            conns.append(conn)
        time.sleep(0.5)
        after = rss_by_mapping(proc.pid)
        for conn in conns:
            conn.close()
        grown = sorted(((after.get(k, 0) - before.get(k, 0), k) for k in after), reverse=True)
        for kib, (name, size) in grown[:4]:
            print(f"100 connections: +{kib} KiB RSS in {name} mappings of {size} KiB")
        for burst in range(5):
            time.sleep(1)
            rss, threads = sp.rss_with_connections(port, proc.pid, 100)
            time.sleep(1)
            print(f"burst {burst + 1}: {rss:.1f} MiB with 100 connections ({threads} threads), "
                  f"{sp.proc_stats(proc.pid)[0]:.1f} MiB after they closed")
    finally:
        proc.kill()
        proc.wait()


if __name__ == "__main__":
    main()
