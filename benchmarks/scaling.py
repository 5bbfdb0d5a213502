"""vi-en check against pofilter at every size: catalogs of 1k–200k entries × glossaries of 421–100k terms.

Catalog entries are the sample article's reviewed sentences with figures varied (as in
check_vs_pofilter.py) and one generated glossary term appended to each, Vietnamese and correct
English, so the terms do occur in the text and the matcher works on every entry (with the
project's 421 terms alone, the sample's own terms are the ones that occur). Glossaries are the project's
421 terms plus generated ones. For each size it times `vi-en check` (all checks, default jobs;
the compiled glossary warmed by one run first, as every run after a glossary change finds it) and
pofilter (its default checks; it reads no glossary, so it runs once per catalog size, on the
catalog of the first glossary size: the others have one term more per entry, so pofilter's time
is if anything under-counted), and prints CPU time and peak memory summed over all processes (PSS
from /proc, sampled every 20 ms), with vi-en / pofilter ratios.

    python benchmarks/scaling.py [--quick] [--entries 1000,10000,50000,200000] [--terms 421,10000,100000]
                                 [--jobs N] [--keep DIR]

The full table takes about half an hour on 2 CPUs; --quick (1k, 10k entries x 421, 10k terms) a few minutes.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_vs_pofilter import ROOT, SAMPLE, build_glossary, varied  # noqa: E402
from timing import measure  # noqa: E402


def glossary_pairs(folder: Path) -> list[tuple[str, str]]:
    """(vi, en) of every term in the generated glossary file: the ones to plant in the catalog."""
    generated = folder / "zz_generated.yaml"
    if not generated.exists():
        return []
    return [(t["vi"], t["en"]) for t in yaml.safe_load(generated.read_text(encoding="utf-8"))["terms"]]


def build_catalog_with_terms(path: Path, entries: int, terms: list[tuple[str, str]], seed: int = 7) -> None:
    rng = random.Random(seed)
    sample = [e for e in polib.pofile(str(SAMPLE)) if e.msgid]
    catalog = polib.POFile(wrapwidth=0)
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    for i in range(entries):
        base = sample[i % len(sample)]
        source, target = varied(base.msgid, base.msgstr, rng)
        if terms:
            vi, en = terms[i % len(terms)]
            source, target = f"{source} ({vi})", f"{target} ({en})"
        catalog.append(polib.POEntry(msgctxt=f"article {i // len(sample) + 1}", msgid=source, msgstr=target))
    catalog.save(str(path))


QUICK = ("1000,10000", "421,10000")


def _cpu_and_peak(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float]:
    """CPU seconds (the process and its children) and peak PSS of the whole process tree (MiB)."""
    run = measure(command, cwd, env, sample_memory=True)
    return run.cpu, run.peak_pss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", default="1000,10000,50000,200000")
    parser.add_argument("--terms", default="421,10000,100000")
    parser.add_argument("--quick", action="store_true", help=f"only {QUICK[0]} entries x {QUICK[1]} terms")
    parser.add_argument("--keep", type=Path, help="build the inputs here and keep them")
    parser.add_argument("--jobs", type=int, help="vi-en check --jobs N (default: vi-en's own default, one process)")
    args = parser.parse_args()
    if args.quick:
        args.entries, args.terms = QUICK
    pofilter = shutil.which("pofilter")
    if not pofilter:
        sys.exit("pofilter not found: pip install translate-toolkit")
    sizes = [int(n) for n in args.entries.split(",")]
    term_counts = [int(n) for n in args.terms.split(",")]
    work = args.keep or Path(tempfile.mkdtemp(prefix="vi-en-scaling-"))
    work.mkdir(parents=True, exist_ok=True)
    env_cache = {**os.environ, "VI_EN_CACHE_DIR": str(work / "cache")}

    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start "
          "(other work on the machine slows both tools alike; ratios are paired runs)")
    print(f"{'entries':>8} {'terms':>7} | {'vi-en CPU':>9} {'pofilter CPU':>12} {'ratio':>6} | "
          f"{'vi-en MiB':>9} {'pofilter MiB':>12} {'ratio':>6}")
    pofilter_runs: dict[int, tuple[float, float]] = {}
    for terms in term_counts:
        glossary = work / f"glossary-{terms}"
        if not glossary.exists():
            build_glossary(glossary, terms)
        pairs = glossary_pairs(glossary)
        # One run on a one-entry catalog compiles the glossary, as every run after a glossary change finds it.
        one = work / f"catalog-1-{terms}.po"
        build_catalog_with_terms(one, 1, pairs)
        subprocess.run(vi_en_check(one, glossary, work, args.jobs), cwd=work, env=env_cache, capture_output=True)
        for entries in sizes:
            catalog = work / f"catalog-{entries}-{terms}.po"
            if not catalog.exists():
                build_catalog_with_terms(catalog, entries, pairs)
            vi_cpu, vi_memory = _cpu_and_peak(vi_en_check(catalog, glossary, work, args.jobs), work, env_cache)
            if entries not in pofilter_runs:  # pofilter reads no glossary: once a size, on the first catalog
                pofilter_runs[entries] = _cpu_and_peak(
                    [pofilter, "--progress=none", "-i", str(catalog), "-o", str(work / "pofilter.po")], work)
            po_cpu, po_memory = pofilter_runs[entries]
            print(f"{entries:>8} {terms:>7} | {vi_cpu:>8.2f}s {po_cpu:>11.2f}s {vi_cpu / po_cpu:>6.2f} | "
                  f"{vi_memory:>9.0f} {po_memory:>12.0f} {vi_memory / po_memory:>6.2f}", flush=True)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    if not args.keep:
        shutil.rmtree(work)


def vi_en_check(catalog: Path, glossary: Path, work: Path, jobs: int | None) -> list[str]:
    """vi-en check as a user runs it: all checks, default --jobs unless one is given."""
    return [sys.executable, str(ROOT / "vi_en.py"), "check", str(catalog), "--glossary", str(glossary),
            "--format", "json", "--output", str(work / "vi-en.json"), *(["--jobs", str(jobs)] if jobs else [])]


if __name__ == "__main__":
    main()
