"""How much memory reading a big catalog takes, against what the reader keeps (issue 12: ≤ 1.3×).

Builds a catalog of the sample article's sentences (as scaling.py builds them, no glossary terms
appended) unless one is given, then reads it in a fresh process with each reader: `read_entries`
(what `vi-en check` reads) and `read_catalog` (the strict reader that translate, memory and the
glossary diff use; it keeps every line, to write unchanged entries back byte for byte). Each
prints the growth of the process's resident memory while reading: its peak, and what is still
held with the result alive (what the reader keeps).

    python benchmarks/reader_memory.py [--entries 200000] [CATALOG]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_vs_pofilter import ROOT  # noqa: E402
from scaling import build_catalog_with_terms  # noqa: E402

CHILD = """
import gc, json, sys, time
sys.path.insert(0, sys.argv[3])
from vi_en_toolkit.catalog import read_catalog
from vi_en_toolkit.entries import read_entries

def status_kib(field):
    with open("/proc/self/status") as status:
        return int(next(line for line in status if line.startswith(field + ":")).split()[1])

gc.disable()  # as vi-en check reads: the entries live to the end of the run
reader = {"read_entries": read_entries, "read_catalog": read_catalog}[sys.argv[1]]
before = status_kib("VmRSS")
start = time.process_time()
result = reader(sys.argv[2])
cpu = time.process_time() - start
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so it can be the parent's (a parent
# that has just built a 200,000-entry catalog) when the child is smaller
peak = status_kib("VmHWM")
print(json.dumps({"entries": len(result), "cpu": cpu, "peak": (peak - before) / 1024,
                  "kept": (status_kib("VmRSS") - before) / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("catalog", nargs="?", type=Path, help="a PO file to read (default: build one)")
    parser.add_argument("--entries", type=int, default=200_000, help="entries of the catalog built")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vi-en-reader-") as work:
        catalog = args.catalog
        if catalog is None:
            catalog = Path(work) / "catalog.po"
            build_catalog_with_terms(catalog, args.entries, [])
        print(f"catalog: {catalog.stat().st_size / 2**20:.0f} MiB")
        print(f"{'reader':<13} {'entries':>8} {'CPU':>7} | {'peak MiB':>8} {'kept MiB':>8} {'ratio':>6}")
        for reader in ("read_entries", "read_catalog"):
            done = subprocess.run([sys.executable, "-c", CHILD, reader, str(catalog), str(ROOT)],
                                  capture_output=True, text=True, check=True)
            got = json.loads(done.stdout)
            print(f"{reader:<13} {got['entries']:>8} {got['cpu']:>6.2f}s | {got['peak']:>8.0f} {got['kept']:>8.0f} "
                  f"{got['peak'] / got['kept']:>6.2f}", flush=True)


if __name__ == "__main__":
    main()
