#!/usr/bin/env python3
"""Stress `studybook serve` on loopback: N concurrent connections for D seconds while a page is
edited every 100 ms. Reports requests, failures, and the server's threads, open file descriptors
and RSS before and after (from /proc). Bounded in count and time; talks only to 127.0.0.1.

    cargo build --release && python3 bench/serve-stress.py [--clients 200] [--seconds 30]
"""
import argparse, http.client, os, shutil, socket, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "studybook")
PAGES = ["/", "/networking/", "/networking/securewallet-vpc/q4-sg-vs-nacl/", "/static/style.css",
         "/search/meta.json", "/glossary/", "/concurrency/parallel-image-processing/q4-amdahl/", "/nope/"]


def proc_stats(pid):
    threads = len(os.listdir(f"/proc/{pid}/task"))
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    rss = next(int(l.split()[1]) for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS")) / 1024
    return threads, fds, rss


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=30)
    args = ap.parse_args()
    work = tempfile.mkdtemp()
    book = os.path.join(work, "book")
    for part in ["content", "diagrams", "glossary", "theme"]:
        shutil.copytree(os.path.join(ROOT, part), os.path.join(book, part))
    shutil.copy(os.path.join(ROOT, "book.toml"), book)
    port = free_port()
    server = subprocess.Popen([BIN, "serve", book, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            if http.client.HTTPConnection("127.0.0.1", port, timeout=5).request("GET", "/") is None:
                break
        except OSError:
            time.sleep(0.1)
    time.sleep(1)
    before = proc_stats(server.pid)
    stop = time.monotonic() + args.seconds
    counts = {"ok": 0, "fail": 0, "edits": 0}
    errors = []
    lock = threading.Lock()

    def client(idx):
        conn = None
        n = 0
        while time.monotonic() < stop:
            path = PAGES[(idx + n) % len(PAGES)]
            n += 1
            try:
                conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
                good = resp.status == 200 or (path == "/nope/" and resp.status == 404)
                with lock:
                    counts["ok" if good else "fail"] += 1
                    if not good and len(errors) < 10:
                        errors.append(f"{path} -> {resp.status}")
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close(); conn = None
            except Exception as e:  # noqa: BLE001 — every failure is counted
                with lock:
                    counts["fail"] += 1
                    if len(errors) < 10:
                        errors.append(f"{path} -> {e!r}")
                conn = None

    def editor():
        page = os.path.join(book, "content/networking/securewallet-vpc/q4-sg-vs-nacl.md")
        text = open(page, encoding="utf-8").read()
        n = 0
        while time.monotonic() < stop:
            n += 1
            with open(page, "w", encoding="utf-8") as f:
                f.write(text + f"\n\n편집 {n}\n")
            counts["edits"] += 1
            time.sleep(0.1)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)] + [threading.Thread(target=editor)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # tiny_http retires a pool thread after 5 s idle; give it time before counting.
    time.sleep(8)
    after = proc_stats(server.pid)
    server.terminate()
    try:
        server.wait(timeout=10)
        stopped = f"stopped on SIGTERM with status {server.returncode}"
    except subprocess.TimeoutExpired:
        server.kill()
        stopped = "did NOT stop within 10 s of SIGTERM"
    shutil.rmtree(work, ignore_errors=True)
    print(stopped)
    print(f"{args.clients} clients for {args.seconds:.0f} s, {counts['edits']} edits: {counts['ok']} ok, {counts['fail']} failed")
    print(f"server threads {before[0]} -> {after[0]}, open fds {before[1]} -> {after[1]}, RSS {before[2]:.0f} -> {after[2]:.0f} MiB")
    for e in errors:
        print("  ", e)
    sys.exit(1 if counts["fail"] or "NOT" in stopped else 0)


if __name__ == "__main__":
    main()
