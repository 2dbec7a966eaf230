#!/usr/bin/env python3
"""Side-by-side build benchmark: studybook vs Zola 0.21, Hugo and mdBook on bench/gen_corpus.py's corpus.

Each tool builds the same pages from a clean output folder; runs alternate between tools (and the
tool that starts a round rotates) so that machine noise hits all of them alike.

Zola 0.21 is `$ZOLA` (a Zola 0.21 binary you downloaded from its releases; left out with a note
when unset and not on PATH as `zola`), run from inside the corpus's `zola/` folder with
`--config config-syntect.toml`, the
configuration that highlights with syntect as we do (its syntect has no HCL grammar, so it leaves
those blocks plain and warns for each; studybook highlights them).

"Clean" by default means a folder that has never existed: every run writes to its own new folder,
and all outputs are deleted together when the benchmark ends. `--clean rm` instead deletes
the one output folder right before each run. On ext4 without a journal (this VM's disk:
/sys/fs/ext4/vda/journal_task reads <none>) that measures the file system as much as the tool: for
30-300 s after a delete, each file created in the same block group first scans past every recently
deleted inode (fs/ext4/ialloc.c, `find_inode_bit` checks `recently_deleted` only when `s_journal`
is NULL), so every tool's run slows with the number of files all tools deleted just before it,
times the number it creates itself. Journalled ext4 and tmpfs do not do this.

Reported per tool and size: median wall time (and the spread), median CPU time (user+sys), median
peak RSS (the child's `ru_maxrss` from wait4, the number `/usr/bin/time -f %M` prints), output files
and bytes, and each tool's wall time and peak RSS as a multiple of studybook's.
"""
import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "bench", "gen_corpus.py")
STUDYBOOK = os.path.join(ROOT, "target", "release", "studybook")
ZOLA = os.environ.get("ZOLA") or "zola"
LAYOUTS = ["plain", "zola", "hugo", "mdbook"]


def measure(cmd, cwd=None):
    """Runs cmd; returns (wall s, cpu s, peak RSS MiB). Peak RSS via wait4's rusage of the child."""
    # stderr goes to a file, not a pipe: Zola warns once per HCL block, and a full pipe that nobody
    # reads until the child exits would stop it.
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if status != 0:
            errors.seek(0)
            sys.exit(f"{cmd} failed: {errors.read().decode(errors='replace')[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def du(path):
    """(files, bytes) under path."""
    n_files, total = 0, 0
    for base, _, files in os.walk(path):
        for name in files:
            n_files += 1
            total += os.path.getsize(os.path.join(base, name))
    return n_files, total


# Another studybook binary (e.g. a release build of an older commit) timed in the same runs, so a
# change's before and after alternate on the same machine state: BASELINE=/path/to/studybook.
BASELINE = os.environ.get("BASELINE")


def tools(corpus, out):
    """Per tool: (command, working folder, output folder)."""
    baseline = {}
    if BASELINE:
        baseline["studybook-baseline"] = ([BASELINE, "build", os.path.join(corpus, "plain"), "--out", os.path.join(out, "baseline")], None, os.path.join(out, "baseline"))
    return {
        "studybook": ([STUDYBOOK, "build", os.path.join(corpus, "plain"), "--out", os.path.join(out, "studybook")], None, os.path.join(out, "studybook")),
        **baseline,
        "zola": ([ZOLA, "--config", "config-syntect.toml", "build", "--output-dir", os.path.join(out, "zola")], os.path.join(corpus, "zola"), os.path.join(out, "zola")),
        "mdbook": (["mdbook", "build", "-d", os.path.join(out, "mdbook")], os.path.join(corpus, "mdbook"), os.path.join(out, "mdbook")),
        "hugo": (["hugo", "--quiet", "-d", os.path.join(out, "hugo")], os.path.join(corpus, "hugo"), os.path.join(out, "hugo")),
    }


def bench_size(n, runs, work, skip=(), clean="fresh"):
    corpus = os.path.join(work, f"corpus-{n}")
    if not all(os.path.isdir(os.path.join(corpus, layout)) for layout in LAYOUTS):
        # The generator's output depends only on --n (and --seed), so a corpus made before Zola
        # was added is completed with the same pages.
        subprocess.run([sys.executable, GEN, "--n", str(n), "--out", corpus, "--layouts", ",".join(LAYOUTS)], check=True, stdout=subprocess.DEVNULL)
    # A folder name of its own per invocation: deleting an earlier one here would be a big delete
    # right before the runs. All outputs are deleted at the very end (see main).
    outs = os.path.join(work, f"out-{n}-{os.getpid()}")
    names = []
    for name, spec in tools(corpus, outs).items():
        if name in skip:
            continue
        if shutil.which(spec[0][0]) or os.path.exists(spec[0][0]):
            names.append(name)
        else:
            print(f"note: `{spec[0][0]}` not found, {name} left out", file=sys.stderr)
    samples = {name: [] for name in names}
    last_dest = {}
    for run in range(runs):
        out = os.path.join(outs, f"run-{run}") if clean == "fresh" else outs
        # Rotated, so that no tool always runs right after the same one.
        for name in names[run % len(names):] + names[:run % len(names)]:
            cmd, cwd, dest = tools(corpus, out)[name]
            shutil.rmtree(dest, ignore_errors=True)
            samples[name].append(measure(cmd, cwd))
            last_dest[name] = dest
    rows = {}
    for name, results in samples.items():
        rows[name] = {
            "wall": statistics.median(r[0] for r in results),
            "spread": (min(r[0] for r in results), max(r[0] for r in results)),
            "cpu": statistics.median(r[1] for r in results),
            "rss": statistics.median(r[2] for r in results),
            "files": du(last_dest[name])[0],
            "bytes": du(last_dest[name])[1],
        }
    return rows


def single(label, cmd, runs, before=None):
    results = []
    for _ in range(runs):
        if before:
            before()
        results.append(measure(cmd))
    return label, statistics.median(r[0] for r in results), statistics.median(r[2] for r in results)


def drop_diagram_cache():
    """Cold runs: the book's rendered-diagram cache (src/diagrams/disk.rs) removed first."""
    shutil.rmtree(os.path.join(ROOT, ".studybook-cache"), ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--work", default=os.path.join(ROOT, "bench", "out"))
    parser.add_argument("--skip", nargs="*", default=[], help="SIZE:TOOL pairs to leave out, e.g. 5000:mdbook (100 s a run)")
    parser.add_argument("--clean", choices=["fresh", "rm"], default="fresh",
                        help="fresh: each run writes to a new folder; rm: delete the output folder before each run (see the module doc)")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    where = "fresh output folder per run" if args.clean == "fresh" else "output folder deleted before each run"
    print(f"# machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; work folder {args.work}; median of {args.runs} runs, clean builds ({where}), runs alternate between tools\n")
    print("| pages | tool | wall s | wall min–max | CPU s | peak RSS MiB | files | output MB | wall ÷ studybook's | peak RSS ÷ studybook's |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n in args.sizes:
        skip = [pair.split(":", 1)[1] for pair in args.skip if pair.split(":", 1)[0] == str(n)]
        rows = bench_size(n, args.runs, args.work, skip, args.clean)
        base, base_rss = rows["studybook"]["wall"], rows["studybook"]["rss"]
        for name, r in rows.items():
            low, high = r["spread"]
            print(f"| {n} | {name} | {r['wall']:.3f} | {low:.3f}–{high:.3f} | {r['cpu']:.3f} | {r['rss']:.0f} | {r['files']} | {r['bytes'] / 1e6:.1f} | {r['wall'] / base:.2f}× | {r['rss'] / base_rss:.2f}× |")
        sys.stdout.flush()
    with tempfile.TemporaryDirectory() as tmp:
        one = os.path.join(tmp, "one")
        os.makedirs(os.path.join(one, "content"))
        with open(os.path.join(one, "content", "page.md"), "w") as f:
            f.write("+++\ntitle = \"한 쪽\"\n+++\n\n본문.\n")
        print()
        print("| book | wall s (median) | peak RSS MiB |")
        print("|---|---|---|")
        own = [STUDYBOOK, "build", ROOT, "--out", os.path.join(tmp, "own")]
        for label, cmd, before in [
            ("this repository's book, cold (no diagram cache)", own, drop_diagram_cache),
            ("this repository's book, diagrams cached by an earlier build", own, None),
            ("one-page book (start-up cost)", [STUDYBOOK, "build", one, "--out", os.path.join(tmp, "one-out")], None),
        ]:
            _, wall, rss = single(label, cmd, max(args.runs, 10), before)
            print(f"| {label} | {wall:.3f} | {rss:.0f} |")
    for n in args.sizes:
        shutil.rmtree(os.path.join(args.work, f"out-{n}-{os.getpid()}"), ignore_errors=True)


if __name__ == "__main__":
    main()
