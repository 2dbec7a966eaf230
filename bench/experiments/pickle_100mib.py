#!/usr/bin/env python3
"""What handing a 100 MiB bitmap to a pool worker costs, against handing it a path.

A raw bytearray stands in for a decoded bitmap (NumPy is not installed here; an ndarray pickles
its buffer the same way, one copy). Each figure is the median of RUNS runs.

    python3 bench/experiments/pickle_100mib.py            # about 20 s
"""
import os
import pickle
import platform
import statistics
import sys
import time
from multiprocessing import Pool

MIB = 1 << 20
SIZE = 100 * MIB
RUNS = 5


def size_of(buf) -> int:  # the worker only touches the argument
    return len(buf)


def median_ms(fn) -> float:
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def cpu_name() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    bitmap = bytearray(os.urandom(SIZE))
    blob = pickle.dumps(bitmap, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"Python {sys.version.split()[0]} on {cpu_name()}, {os.cpu_count()} CPUs, "
          f"Linux {platform.release()}")
    print(f"pickle.dumps 100 MiB:  {median_ms(lambda: pickle.dumps(bitmap, protocol=5)):7.1f} ms")
    print(f"pickle.loads 100 MiB:  {median_ms(lambda: pickle.loads(blob)):7.1f} ms")
    with Pool(1) as pool:
        pool.apply(size_of, (b"",))  # the worker is up before timing
        to_worker = median_ms(lambda: pool.apply(size_of, (bitmap,)))
        round_trip = median_ms(lambda: pool.apply(bytes, (bitmap,)))
        path = median_ms(lambda: pool.apply(size_of, ("/data/raw/IMG_0001.CR3",)))
    print(f"Pool.apply, 100 MiB argument, 8-byte result: {to_worker:7.1f} ms")
    print(f"Pool.apply, 100 MiB argument and 100 MiB result: {round_trip:7.1f} ms")
    print(f"Pool.apply, a path argument:                  {path:7.3f} ms")
    print(f"1,000 images one way at that rate: {to_worker * 1000 / 1000 / 60:.1f} min "
          f"of the parent's time")
