"""Sentence boundaries on real news: how many the segmenter finds, misses and invents.

The corpus is NTREX-128's Vietnamese news (one sentence a line, with document ids in
lines.tsv), read from ../shared/corpora/ntrex-tune next to the repository and never copied into
it. Each document's lines are joined with one space into a paragraph, so the true boundaries are
exactly where the lines met; the segmenter sees only the paragraph.

A line without final punctuation is a headline; inside a paragraph no segmenter can see where it
ends, so those boundaries are counted apart ("headline") and left out of precision and recall.
Missed and spurious boundaries are grouped by the kind of text before them, with a few examples.

    python benchmarks/segmentation.py [--corpus DIR] [--examples 3]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from vi_en_toolkit.vietnamese import ABBREVIATIONS, segment  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpora" / "ntrex-tune"
_FINAL_PUNCTUATION = re.compile(r"[.!?…:;][\"”’'»)\]]*$")


def documents(corpus: Path) -> list[list[str]]:
    """Each document's lines, in corpus order."""
    lines = (corpus / "vi.txt").read_text(encoding="utf-8").split("\n")
    ids = [row.split("\t")[1] for row in (corpus / "lines.tsv").read_text(encoding="utf-8").split("\n") if row]
    grouped: dict[str, list[str]] = defaultdict(list)
    for doc_id, line in zip(ids, lines):
        grouped[doc_id].append(line.strip())
    return [[line for line in doc if line] for doc in grouped.values()]


def kind_before(paragraph: str, offset: int) -> str:
    """What the text just before a boundary looks like."""
    before = paragraph[:offset].rstrip()
    word = before.split()[-1] if before.split() else ""
    if not _FINAL_PUNCTUATION.search(before):
        return "headline (no final punctuation)"
    if re.search(r"'[.!?…]*$|[.!?…]'$", before):
        return "straight single quote"
    if paragraph.startswith("'", offset):
        return "before a straight single quote"
    if re.search(r"[\"”’»][.!?…]*$", before):
        return "closing quote"
    bare = word.rstrip(".!?…:;").lstrip("\"“‘«([")
    if re.fullmatch(r"\d{1,3}", bare):
        return "after a number"
    if bare.lower() in ("ông", "bà"):
        return "after ông./bà."
    if before.endswith(".") and (bare.lower() in ABBREVIATIONS or "." in bare or len(bare) == 1):
        return "after an abbreviation or one letter (" + bare + ".)"
    return "after " + before[-1]


def measure(docs: list[list[str]]) -> dict:
    true_total = found = predicted_total = 0
    headline = headline_found = 0
    missed: dict[str, list[str]] = defaultdict(list)
    spurious: dict[str, list[str]] = defaultdict(list)
    for lines in docs:
        paragraph = " ".join(lines)
        truth, offset = set(), 0
        for line in lines[:-1]:
            offset += len(line) + 1
            truth.add(offset)
        predicted = {s.start for s in segment(paragraph)} - {0}
        headlines = {b for b in truth if kind_before(paragraph, b).startswith("headline")}
        headline += len(headlines)
        headline_found += len(headlines & predicted)
        truth -= headlines
        predicted -= headlines
        true_total += len(truth)
        found += len(truth & predicted)
        predicted_total += len(predicted)
        for boundary in sorted(truth - predicted):
            missed[kind_before(paragraph, boundary)].append(_context(paragraph, boundary))
        for boundary in sorted(predicted - truth):
            spurious[_spurious_kind(paragraph, boundary)].append(_context(paragraph, boundary))
    return {
        "documents": len(docs),
        "boundaries": true_total,
        "found": found,
        "predicted": predicted_total,
        "headline": headline,
        "headline_found": headline_found,
        "missed": missed,
        "spurious": spurious,
    }


def _context(paragraph: str, offset: int) -> str:
    return paragraph[max(0, offset - 50) : offset] + " ‖ " + paragraph[offset : offset + 30]


def _spurious_kind(paragraph: str, offset: int) -> str:
    before = paragraph[:offset].rstrip()
    if re.search(r"[?!…][\"”’»]$", before) or re.search(r"[\"”’»]$", before):
        return "after a quotation (its attribution follows?)"
    return kind_before(paragraph, offset)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--examples", type=int, default=3, help="examples shown per kind")
    args = parser.parse_args(argv)
    if not (args.corpus / "vi.txt").is_file() or not (args.corpus / "lines.tsv").is_file():
        print(f"no corpus at {args.corpus} (vi.txt and lines.tsv): nothing to measure")
        return 0
    result = measure(documents(args.corpus))
    boundaries, found, predicted = result["boundaries"], result["found"], result["predicted"]
    precision = found / predicted if predicted else 1.0
    recall = found / boundaries if boundaries else 1.0
    print(f"{result['documents']} documents, {boundaries} sentence boundaries after final punctuation "
          f"(+{result['headline']} after headlines, {result['headline_found']} of them found, not scored)")
    print(f"found {found}, missed {boundaries - found}, spurious {predicted - found}")
    print(f"precision {precision:.4f}  recall {recall:.4f}")
    for title, groups in (("missed", result["missed"]), ("spurious", result["spurious"])):
        counts = Counter({kind: len(examples) for kind, examples in groups.items()})
        print(f"\n{title} by kind:")
        for kind, count in counts.most_common():
            print(f"  {count:4d}  {kind}")
            for example in groups[kind][: args.examples]:
                print(f"          {example}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
