"""vi-en check's start-up against the floor of any Typer CLI: a minimal Typer app with one command.

Both check a one-entry catalog (a reviewed sentence of the sample article). They run N times each,
interleaved, after one warm-up run of vi-en that fills the compiled glossary cache (a fresh cache
folder in the work folder, as every run after a glossary change finds it). The machine is shared,
so the figures are medians of CPU time (user + system, from wait4) and of wall time; the ratio is
taken on CPU time. Python writes vi-en's bytecode on the warm-up run, as pip does on install.

With --terms N the glossary is the project's terms plus generated ones (check_vs_pofilter.py's
generator) up to N, and the script also times loading that glossary from the compiled cache in a
fresh process (CPU seconds and the process's peak memory). --importtime prints the modules that
`python -X importtime` charges most to one vi-en run.

    python benchmarks/startup.py [--runs 15] [--terms 100000] [--importtime] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_vs_pofilter import GLOSSARY, ROOT, SAMPLE, build_glossary
from timing import measure

FLOOR_APP = '''\
from pathlib import Path

import typer

app = typer.Typer()


@app.command()
def check(paths: list[Path]):
    """Check PO catalogs."""
    typer.echo(f"{len(paths)} catalog(s)")


if __name__ == "__main__":
    app()
'''

# Peak memory from VmHWM: ru_maxrss would count the benchmark's own memory, which a child keeps across exec.
LOAD_GLOSSARY = '''\
import sys, time
from pathlib import Path
start = time.process_time()
from vi_en_toolkit.glossary import load_glossary
glossary = load_glossary(Path(sys.argv[1]))
loaded = time.process_time() - start
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(f"{loaded:.3f} {peak / 1024:.0f} {len(glossary)}")
'''


def build_one_entry_catalog(path: Path) -> None:
    first = next(e for e in polib.pofile(str(SAMPLE)) if e.msgid and e.msgstr and len(e.msgid) > 100)
    catalog = polib.POFile(wrapwidth=0)
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    catalog.append(polib.POEntry(msgid=first.msgid, msgstr=first.msgstr))
    catalog.save(str(path))


def run(command: list[str], cwd: Path, env: dict) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one command; it must exit 0 or 1."""
    measured = measure(command, cwd, env)
    return measured.wall, measured.cpu


def importtime_summary(command: list[str], cwd: Path, env: dict, top: int = 15) -> str:
    """The top-level imports of one run, by cumulative time, and their total."""
    result = subprocess.run([command[0], "-X", "importtime", *command[1:]], check=False, cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    rows = []
    for line in result.stderr.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", line)
        if found and not found.group(3):  # imported at the top level, by vi-en or Python's start-up
            rows.append((int(found.group(2)), found.group(4)))
    total = sum(us for us, _ in rows)
    lines = [f"imports: {total / 1000:.0f} ms in all ({len(rows)} top-level modules); the biggest:"]
    lines += [f"  {us / 1000:7.1f} ms  {name}" for us, name in sorted(rows, reverse=True)[:top]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command")
    parser.add_argument("--terms", type=int, default=0, help="glossary size (default: the project's glossary)")
    parser.add_argument("--importtime", action="store_true", help="also summarise python -X importtime of one run")
    parser.add_argument("--keep", type=Path, help="build the inputs here and keep them")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="vi-en-startup-"))
    work.mkdir(parents=True, exist_ok=True)
    catalog, floor_app = work / "one.po", work / "minimal_typer_app.py"
    build_one_entry_catalog(catalog)
    floor_app.write_text(FLOOR_APP, encoding="utf-8")
    glossary = GLOSSARY
    if args.terms:
        glossary = work / "glossary"
        terms = build_glossary(glossary, args.terms)
    else:
        terms = sum(len(yaml.safe_load(f.read_text(encoding="utf-8"))["terms"]) for f in GLOSSARY.glob("*.yaml"))
    env = {**os.environ, "VI_EN_CACHE_DIR": str(work / "cache"), "PYTHONPATH": str(ROOT)}
    env.pop("VI_EN_CACHE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: modules compiled once, not on every run
    vi_en = [sys.executable, str(ROOT / "vi_en.py"), "check", str(catalog), "--glossary", str(glossary)]
    floor = [sys.executable, str(floor_app), str(catalog)]

    _, first_cpu = run(vi_en, ROOT, env)  # fills the compiled glossary cache
    times: dict[str, list[tuple[float, float]]] = {"floor": [], "vi-en": []}
    for _ in range(args.runs):
        times["floor"].append(run(floor, ROOT, env))
        times["vi-en"].append(run(vi_en, ROOT, env))
    median = {name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
              for name, runs in times.items()}
    print(f"one-entry catalog, glossary of {terms} terms, {args.runs} runs each, interleaved; medians")
    print(f"minimal Typer app (the floor):  {median['floor'][1]:.3f} s CPU, {median['floor'][0]:.3f} s wall")
    print(f"vi-en check:                    {median['vi-en'][1]:.3f} s CPU, {median['vi-en'][0]:.3f} s wall"
          f"  (first run, filling the cache: {first_cpu:.2f} s CPU)")
    print(f"ratio vi-en / floor: {median['vi-en'][1] / median['floor'][1]:.2f} CPU (target ≤ 1.30), "
          f"{median['vi-en'][0] / median['floor'][0]:.2f} wall")
    if args.terms:
        loads = [subprocess.run([sys.executable, "-c", LOAD_GLOSSARY, str(glossary)], cwd=ROOT, env=env,
                                capture_output=True, text=True, check=True).stdout.split() for _ in range(3)]
        seconds = statistics.median(float(cpu) for cpu, _, _ in loads)
        memory = statistics.median(float(mib) for _, mib, _ in loads)
        print(f"load_glossary from the compiled cache: {seconds:.3f} s CPU (target ≤ 0.5), "
              f"peak {memory:.0f} MiB for the whole process (target ≤ 120)")
    if args.importtime:
        print(importtime_summary(vi_en, ROOT, env))
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
