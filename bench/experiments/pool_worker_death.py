#!/usr/bin/env python3
"""A worker process that dies abruptly (SIGKILL, as the OOM killer sends; or a segfault in a C
extension) under multiprocessing.Pool vs concurrent.futures.ProcessPoolExecutor.

Pool replaces the dead process but the task it held is lost: map()/imap_unordered() would wait
for its result forever (bpo-22393, CPython issue #66587). Every wait below has a timeout, so the
script always ends. ProcessPoolExecutor instead marks itself broken and fails the pending futures
with BrokenProcessPool; the last part resubmits what did not finish to a fresh executor.

    python3 bench/experiments/pool_worker_death.py        # about 15 s
"""
import os
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import Pool, TimeoutError as PoolTimeout

WAIT = 5.0  # seconds a caller is willing to wait; without it the calls below never return
DOOMED = 3  # the one task whose worker is killed
KILLED_ONCE = "/tmp/pool_worker_death.killed"  # so that a retried task succeeds


def work(i: int) -> int:
    time.sleep(0.2)
    if i == DOOMED and not os.path.exists(KILLED_ONCE):
        open(KILLED_ONCE, "w").close()
        os.kill(os.getpid(), signal.SIGKILL)  # what the OOM killer does
    return i * i


def reset() -> None:
    if os.path.exists(KILLED_ONCE):
        os.remove(KILLED_ONCE)


def pool_map() -> None:
    reset()
    with Pool(2) as pool:
        t = time.perf_counter()
        try:
            pool.map_async(work, range(8)).get(timeout=WAIT)
            print("Pool.map: returned")
        except PoolTimeout:
            print(f"Pool.map: no result after {time.perf_counter() - t:.1f} s "
                  f"(a plain map() would block forever); pool size still {len(pool._pool)}")


def pool_imap_unordered() -> None:
    reset()
    with Pool(2) as pool:
        it = pool.imap_unordered(work, range(8))
        got = []
        try:
            while True:
                got.append(it.next(timeout=WAIT))
        except StopIteration:
            print("imap_unordered: finished")
        except PoolTimeout:
            print(f"imap_unordered: {len(got)} of 8 results, then nothing for {WAIT:.0f} s; "
                  f"missing {sorted(set(i * i for i in range(8)) - set(got))}")


def executor() -> None:
    reset()
    with ProcessPoolExecutor(2) as ex:
        futures = {ex.submit(work, i): i for i in range(8)}
        ok, broken = [], []
        for f in as_completed(futures, timeout=WAIT * 2):
            try:
                ok.append(f.result())
            except BrokenProcessPool as e:
                broken.append(futures[f])
                kind = type(e).__name__
        print(f"ProcessPoolExecutor: {len(ok)} results, {len(broken)} futures raised {kind} "
              f"(tasks {sorted(broken)}); nothing hangs")


def executor_with_resubmission(max_rounds: int = 3) -> None:
    reset()
    todo, done = list(range(8)), {}
    for round_ in range(1, max_rounds + 1):
        with ProcessPoolExecutor(2) as ex:
            futures = {ex.submit(work, i): i for i in todo}
            for f in as_completed(futures, timeout=WAIT * 2):
                try:
                    done[futures[f]] = f.result()
                except BrokenProcessPool:
                    pass
        todo = [i for i in todo if i not in done]
        print(f"resubmission round {round_}: {len(done)} of 8 done")
        if not todo:
            break
    assert not todo, todo


if __name__ == "__main__":
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, start method "
          f"{__import__('multiprocessing').get_start_method()}")
    pool_map()
    pool_imap_unordered()
    executor()
    executor_with_resubmission()
    reset()
