"""vi-en check against translate-toolkit's pofilter, on the same big catalog, in one run.

Builds a PO catalog of the sample article's reviewed sentences repeated with varied figures
(≥ 50,000 entries, one msgctxt per article copy, a few percent broken), and a glossary of the project's real terms plus
generated ones (≥ 10,000 terms), then times `vi-en check` (all checks; by default, one process, and with
--jobs 2) and `pofilter` (its default checks) as subprocesses and prints the times, the ratios
and each one's peak memory. One untimed vi-en run on a one-entry catalog first compiles the
glossary into the cache, as the first run after a glossary change does.

--dense builds the term-dense case of issue 12 instead: the sample article's 21 sentences with
another English translation of them (paraphrased here, so terms are rendered in other words, three
of them with a real error), each 1,000 times with a counter, so 21,000 entries.

    python benchmarks/check_vs_pofilter.py [--entries 52500] [--terms 10000] [--keep DIR] [--dense]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
import yaml
from timing import measure

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "translations" / "rare-earths-russia-us.en.po"
GLOSSARY = ROOT / "glossary"

SYLLABLES = (
    "an bao biên bình cao chính công cung dân dịch du dương đại đầu điện định đông giá giao hàng hải hiện hóa "
    "học hợp khai khí khoa không kinh lao lâm liên lực lượng mại minh môi nam năng ngân nghiệp nguyên nhân "
    "nông phát phòng phương quan quản quốc sản sinh tác tài tân thành thị thông thủy tiến tín trị trung "
    "trường tư văn vận viện xuất xã"
).split()
ENGLISH = (
    "agency board bond capital carbon cargo chain coal copper council credit crude cycle debt deposit duty "
    "energy equity export factory fleet fund grain grid harbor index iron labor lease levy lithium loan "
    "market metal mill nickel office ore output permit plant policy port power quota rail refinery rent "
    "reserve royalty sector shipping silver smelter steel stock subsidy supply tax timber toll trade "
    "treaty uranium venture wage yield zinc"
).split()


# Another English translation of the sample article, sentence by sentence (in the catalog's
# order): what a second translator might write, so glossary terms appear in other forms; three
# carry a real error, so there are findings to report.
PARAPHRASES = (
    "With geopolitical and trade tensions rising worldwide, reports of negotiations between Russia and the U.S. "
    "over projects to mine rare earth metals in Russia are attracting attention.",
    "The step is regarded as an important one that may have a strong impact on the mining industry and on "
    "energy strategies around the world.",
    "Russia, U.S. Hold Talks on Rare Earth Mining Cooperation",
    "Kirill Dmitriev, special envoy of Russian President Vladimir Putin for international investment and "
    "economic cooperation, said the two countries had started negotiations on rare earth metal mining and "
    "related projects.",
    "Dmitriev, who also heads the Russian Direct Investment Fund (RDIF), said a number of companies had shown "
    "interest in the projects.",
    "This followed a suggestion by President Putin that the U.S. might wish to cooperate on mining rare earths "
    "in Russia.",
    "Holding the fifth-largest reserves in the world, Russia has a resource that matters to the defence "
    "industry, to high technology and to consumer electronics.",
    "Trump, Zelenskiy and the Minerals Cooperation Dispute",
    "As Russia opens up to cooperation, the U.S. side is making other moves of its own on minerals.",
    "U.S. President Donald Trump said recently that Ukrainian President Volodymyr Zelenskiy might pull out "
    "of a minerals deal proposed earlier.",
    "That adds further complexity to trade and geopolitical relations among the parties concerned.",
    "Trump also said he would impose secondary tariffs of between 25% and 50% on countries buying Russian oil "
    "if he decided Moscow was blocking efforts to end the war in Ukraine.",
    "China Controls 95% of Rare Earth Output Worldwide",
    "China now controls some 95% of the world's output and supply of rare soil metals.",  # a forbidden rendering
    "As a result, many countries, the U.S. and Europe among them, are looking to build rare earth supplies of "
    "their own and depend less on Beijing.",
    "The U.S. Geological Survey estimates that Russia holds about 3.6 million tonnes of rare earths in "
    "mineable reserves.",  # a changed figure
    "But Russia's Ministry of Natural Resources says the real figure may reach 28.7 million tonnes, counting "
    "deposits being developed or ready to be mined.",
    "What Next for Russia-U.S. Cooperation on Rare Earths",
    "Political tensions notwithstanding, Russia and the U.S. may keep discussing rare earth cooperation at "
    "the next round of talks in Saudi Arabia in mid-May.",  # a wrong month
    "A deal, if reached, would mark an important step for both countries towards rebalancing global supply "
    "chains.",
    "Yet with political disagreements, notably the Russia-Ukraine conflict and Trump's economic policies, "
    "the outlook for these cooperation projects remains very uncertain.",
)


def build_dense_catalog(path: Path, copies: int = 1000) -> int:
    """The sample's sentences with PARAPHRASES as their English, `copies` times each with a
    counter in brackets on both sides (figures and brackets to check in every entry)."""
    sample = [e for e in polib.pofile(str(SAMPLE)) if e.msgid]
    if len(sample) != len(PARAPHRASES):
        sys.exit(f"{SAMPLE} has {len(sample)} sentences, the paraphrases {len(PARAPHRASES)}: update PARAPHRASES")
    catalog = polib.POFile(wrapwidth=0)
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    for copy in range(1, copies + 1):
        for line, (entry, english) in enumerate(zip(sample, PARAPHRASES), 1):
            catalog.append(polib.POEntry(msgid=f"{entry.msgid} ({copy})", msgstr=f"{english} ({copy})",
                                         occurrences=[("dense.vi.txt", str(line))]))
    catalog.save(str(path))
    return len(catalog)


def varied(source: str, target: str, rng: random.Random) -> tuple[str, str]:
    """The same sentence with other figures, written the Vietnamese way and the English way."""
    def millions(_):
        whole, tenth = rng.randint(1, 99), rng.randint(1, 9)
        return f"{whole},{tenth}", f"{whole}.{tenth}"

    pairs = []
    for vi_number, en_number in (("3,8", "3.8"), ("28,7", "28.7")):
        if vi_number in source:
            vi_new, en_new = millions(None)
            pairs.append((vi_number, vi_new, en_number, en_new))
    for percent in re.findall(r"\d+(?=%)", source):
        new = str(rng.randint(1, 99))
        pairs.append((percent + "%", new + "%", percent + "%", new + "%"))
    for vi_old, vi_new, en_old, en_new in pairs:
        source = source.replace(vi_old, vi_new, 1)
        target = target.replace(en_old, en_new, 1)
    return source, target


def build_catalog(path: Path, entries: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    sample = [e for e in polib.pofile(str(SAMPLE)) if e.msgid]
    catalog = polib.POFile(wrapwidth=0)
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    broken = 0
    for i in range(entries):
        base = sample[i % len(sample)]
        source, target = varied(base.msgid, base.msgstr, rng)
        if rng.random() < 0.03:  # a few broken translations, so there is something to find
            target, broken = re.sub(r"\d", "7", target, count=1) if re.search(r"\d", target) else target + " " + target, broken + 1
        # msgctxt keeps the catalog valid (msgfmt rejects a repeated msgid without a context)
        catalog.append(polib.POEntry(msgctxt=f"article {i // len(sample) + 1}", msgid=source, msgstr=target,
                                     occurrences=[("bench.vi.txt", str(i % len(sample) + 1))]))
    catalog.save(str(path))
    return broken


def build_glossary(folder: Path, terms: int, seed: int = 11) -> int:
    """The real glossary's files plus one generated file, for at least `terms` terms in all."""
    folder.mkdir(parents=True, exist_ok=True)
    real = 0
    for file in sorted(GLOSSARY.glob("*.yaml")):
        shutil.copy(file, folder / file.name)
        real += len((yaml.safe_load(file.read_text(encoding="utf-8")) or {}).get("terms") or [])
    rng = random.Random(seed)
    # Generated terms must not occur in the sample, or every entry would break a made-up term.
    sample_text = " ".join(e.msgid.lower() for e in polib.pofile(str(SAMPLE)))
    seen: set[str] = set()
    generated = []
    while real + len(generated) < terms:
        vi = " ".join(rng.sample(SYLLABLES, rng.randint(2, 4)))
        if vi in seen or vi in sample_text:
            continue
        seen.add(vi)
        term = {"vi": vi, "en": " ".join(rng.sample(ENGLISH, rng.randint(1, 3)))}
        if rng.random() < 0.2:
            term["variants"] = [" ".join(rng.sample(ENGLISH, 2))]
        if rng.random() < 0.1:
            term["forbidden"] = [" ".join(rng.sample(ENGLISH, 2))]
        generated.append(term)
    (folder / "zz_generated.yaml").write_text(yaml.safe_dump({"terms": generated}, allow_unicode=True), encoding="utf-8")
    return real + len(generated)


def timed(command: list[str], cwd: Path) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak memory (MiB) and exit code of one command.

    wait4's usage covers the process and the worker processes it waited for, so a tool that uses
    several CPUs shows it in CPU time. The peak is the process tree's PSS, sampled: Linux keeps
    ru_maxrss across exec, so a child of this process (which holds the catalog it built) would
    report this process's peak as its own.
    """
    run = measure(command, cwd, sample_memory=True)
    return run.wall, run.cpu, run.peak_pss, run.code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=52_500)
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="build the inputs here and keep them")
    parser.add_argument("--dense", action="store_true",
                        help="the term-dense case: the sample's 21 sentences, paraphrased, ×1,000 with a counter")
    args = parser.parse_args()
    pofilter = shutil.which("pofilter")
    if not pofilter:
        sys.exit("pofilter not found: pip install translate-toolkit")

    work = args.keep or Path(tempfile.mkdtemp(prefix="vi-en-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    catalog, glossary = work / "bench.po", work / "glossary"
    if args.dense:
        entries = build_dense_catalog(catalog)
        described = f"{entries} entries (term-dense: the sample's sentences paraphrased)"
    else:
        broken = build_catalog(catalog, args.entries)
        described = f"{args.entries} entries ({broken} broken)"
    terms = build_glossary(glossary, args.terms)
    print(f"catalog: {described}, {catalog.stat().st_size / 1e6:.1f} MB; glossary: {terms} terms")

    vi_en = [sys.executable, str(ROOT / "vi_en.py"), "check", str(catalog), "--glossary", str(glossary),
             "--format", "json", "--output", str(work / "vi-en.json")]
    # Untimed: the first run after a glossary (or vi-en) change compiles the glossary into the cache;
    # every later run, as a pre-commit or CI run on an unchanged glossary, reads it from there.
    warm_up = work / "warm-up.po"
    warm_up.write_text('msgid "Nga"\nmsgstr "Russia"\n', encoding="utf-8")
    subprocess.run([sys.executable, str(ROOT / "vi_en.py"), "check", str(warm_up), "--glossary", str(glossary)],
                   cwd=work, capture_output=True, check=False)
    vi_time, vi_cpu, vi_memory, vi_code = timed(vi_en, work)
    two_time, two_cpu, two_memory, _ = timed(vi_en + ["--jobs", "2"], work)  # a pool: what it saves by the clock
    po_time, po_cpu, po_memory, _ = timed([pofilter, "--progress=none", "-i", str(catalog), "-o", str(work / "pofilter.po")], work)
    import json

    summary = json.loads((work / "vi-en.json").read_text(encoding="utf-8"))["summary"]
    print(f"vi-en check (all checks):  {vi_time:6.2f} s wall, {vi_cpu:6.2f} s CPU, peak {vi_memory:4.0f} MiB, exit {vi_code}, "
          f"{summary['errors']} errors, {summary['warnings']} warnings")
    print(f"vi-en check --jobs 2:      {two_time:6.2f} s wall, {two_cpu:6.2f} s CPU, peak {two_memory:4.0f} MiB")
    print(f"pofilter (default checks): {po_time:6.2f} s wall, {po_cpu:6.2f} s CPU, peak {po_memory:4.0f} MiB")
    print(f"ratio vi-en / pofilter: {vi_time / po_time:.2f} wall (target ≤ 0.20), {vi_cpu / po_cpu:.2f} CPU"
          f"  [{os.cpu_count()} CPUs; vi-en uses one unless --jobs asks for more]")
    print(f"ratio with --jobs 2:    {two_time / po_time:.2f} wall, {two_cpu / po_cpu:.2f} CPU")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
