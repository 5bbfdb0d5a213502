"""Running one command and measuring it, for the benchmark scripts.

The child's stderr goes to a temporary file, not a pipe: a pipe read only after the child ends
fills at 64 KiB and the child then waits on it for ever.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measured:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and the children it waited for
    max_rss: float  # MiB, of the biggest of those processes (what wait4 reports; at least the parent's peak at exec)
    peak_pss: float  # MiB, of the whole process tree at once; 0 unless sampled
    code: int


def measure(command: list[str], cwd: Path, env: dict | None = None, sample_memory: bool = False,
            ok_codes: tuple[int, ...] = (0, 1)) -> Measured:
    """Run command once; exit the benchmark with its stderr's tail if it fails (exit code not in ok_codes).
    With sample_memory, the tree's proportional set size is read from /proc every 20 ms."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        peak = 0
        done = threading.Event()

        def sample():
            nonlocal peak
            while not done.is_set():
                peak = max(peak, sum(_pss_kib(p) for p in _tree(process.pid)))
                done.wait(0.02)

        sampler = threading.Thread(target=sample, daemon=True) if sample_memory else None
        if sampler:
            sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        if sampler:
            sampler.join()
        process.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in ok_codes:
            stderr.seek(0)
            sys.exit(f"{' '.join(map(str, command))} failed ({code}): "
                     f"{stderr.read().decode('utf-8', 'replace').strip()[-500:]}")
    return Measured(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, peak / 1024, code)


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo.extend(int(child) for child in handle.read().split())
        except OSError:
            pass
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
