#!/usr/bin/env python3
"""Two small traps of shared state in multiprocessing.

1. A multiprocessing.Semaphore acquired by a process that is then killed is never released:
   the count stays down for every other process (the "licence" leaks).
2. Value("i") is a C int (32 bits here): a billing counter past 2**31 - 1 wraps to a negative
   number without an error; Value("q") (long long, 64 bits) does not.

    python3 bench/experiments/semaphore_and_counter.py    # about 3 s
"""
import ctypes
import os
import signal
from multiprocessing import Process, Semaphore, Value


def hold_and_die(sem) -> None:
    sem.acquire()
    os.kill(os.getpid(), signal.SIGKILL)  # dies inside the critical section


if __name__ == "__main__":
    licences = Semaphore(1)
    p = Process(target=hold_and_die, args=(licences,))
    p.start()
    p.join()
    got = licences.acquire(timeout=2)
    print(f"worker exit code {p.exitcode}; parent acquire(timeout=2) -> {got} "
          f"(the licence is gone for good)")

    for code in ("i", "q"):
        v = Value(code, 2**31 - 1)
        with v.get_lock():
            v.value += 1
        print(f'Value("{code}") ({ctypes.sizeof(v.get_obj())} bytes): 2**31 - 1 + 1 -> {v.value}')
