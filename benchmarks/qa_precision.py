"""How often `vi-en check` cries wolf on real professional translations, how much it catches of
errors planted in them, and how often enforcement in `vi-en translate` would alter them.

Reads line-aligned Vietnamese/English pairs (vi.txt, en.txt; by default NTREX-128's tuning half
in ../shared/corpora/ntrex-tune/ beside the checkout) as msgid/msgstr entries and checks them with
the project's glossary. Both sides are professional work, so nearly every finding is a false
alarm. Then:

- precision: findings per 1,000 entries, by check, at error severity and at any severity;
- recall: in a few hundred pairs each (seeded, deterministic) it plants a changed figure, a
  moved month, a glossary term replaced by a wrong word, the second half of the sentence
  dropped; a plant is caught when the planted pair gets a finding of a relevant check that the
  unmodified pair did not get;
- enforcement damage: TermEnforcer over the Vietnamese with an engine double that translates as
  the reference does; every output that differs from the reference is damage.

    python benchmarks/qa_precision.py [--corpus DIR] [--glossary PATH] [--plant 300] [--seed 9]
                                      [--show CHECK|enforce|missed-KIND [--limit N]] [--json] [--fit-omission]

Another checkout measures its own code (and glossary) with this script by naming itself on PYTHONPATH:
`cd ../other-checkout && PYTHONPATH=$PWD python ../wt-qa-harness/benchmarks/qa_precision.py`.

Planting finds its spots with its own plain patterns, not with the checks' parsers, so a figure
or date the checks misread still counts against their recall.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The code measured is the checkout PYTHONPATH names, if it names one (another branch measuring
# itself with this script), else this script's own checkout; its glossary and the corpus beside it go with it.
if not any((Path(p) / "vi_en_toolkit").is_dir() for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p):
    sys.path.insert(0, str(ROOT))

import vi_en_toolkit  # noqa: E402
from vi_en_toolkit.checks import CHECKS, ERROR, Entry, check_entries  # noqa: E402
from vi_en_toolkit.errors import ViEnError  # noqa: E402
from vi_en_toolkit.glossary import Glossary, Term, distinct_terms, load_glossary  # noqa: E402

CODE = Path(vi_en_toolkit.__file__).resolve().parent.parent
DEFAULT_CORPUS = CODE.parent / "shared" / "corpora" / "ntrex-tune"
DEFAULT_GLOSSARY = CODE / "glossary"

# Which checks may catch each kind of planted error ("a finding of a relevant check").
FIGURE, MONTH, TERM, DROPPED = "figure", "month", "term", "dropped"
KINDS = (FIGURE, MONTH, TERM, DROPPED)
KIND_NAMES = {FIGURE: "figure changed", MONTH: "month moved", TERM: "term replaced", DROPPED: "second half dropped"}
NOT_ABOUT_CONTENT = {"inconsistent", "fuzzy", "whitespace", "double-space", "doubled-word"}
RELEVANT = {
    FIGURE: {"number", "date"},
    MONTH: {"date", "number"},
    TERM: {"term", "forbidden-term", "names"},
    DROPPED: None,  # any check about content (see NOT_ABOUT_CONTENT)
}


@dataclass(frozen=True)
class Plant:
    kind: str
    index: int  # of the pair in the corpus
    target: str  # the English with the error in it
    what: str  # what was changed, for people
    term: Term | None = None


# --- reading ---------------------------------------------------------------------------------------

class CorpusError(Exception):
    pass


def read_pairs(corpus: Path) -> tuple[list[Entry], Path]:
    vi_file, en_file = corpus / "vi.txt", corpus / "en.txt"
    for file in (vi_file, en_file):
        if not file.is_file():
            raise CorpusError(f"{file}: missing (a corpus is vi.txt and en.txt, line-aligned)")
    try:
        vi_lines = vi_file.read_text(encoding="utf-8").splitlines()
        en_lines = en_file.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise CorpusError(f"{corpus}: not UTF-8 text ({error.reason})") from None
    if len(vi_lines) != len(en_lines):
        raise CorpusError(f"{vi_file}: {len(vi_lines)} lines but {en_file.name} has {len(en_lines)}: not aligned")
    entries = [Entry(str(vi_file), n, vi, en) for n, (vi, en) in enumerate(zip(vi_lines, en_lines), 1)
               if vi.strip() and en.strip()]
    return entries, vi_file


# --- planting --------------------------------------------------------------------------------------

_EN_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![.,]?\d)")
_VI_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![.,]?\d)")
MONTHS = ("January February March April May June July August September October November December").split()
_EN_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")
_VI_MONTH_WORDS = {"giêng": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7,
                   "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "chạp": 12}
_VI_MONTH = re.compile(r"tháng\s+(\d{1,2}|" + "|".join(sorted(_VI_MONTH_WORDS, key=len, reverse=True)) + r")(?!\w)",
                       re.IGNORECASE)
_VI_DAY_MONTH = re.compile(r"(?<![\d/])\d{1,2}/(\d{1,2})(?:/\d{2,4})?(?![\d/])")
_CLAUSE_BREAK = re.compile(r"[,;:]\s+|\s+[–—-]\s+|\s+(?=(?:and|but|while|which|who|because|after|before|when|as|so|or)\s)")


def _digits(token: str) -> str:
    return re.sub(r"\D", "", token)


def plant_figure(entry: Entry, rng: random.Random) -> tuple[str, str] | None:
    """Change one digit of an English number whose digits the Vietnamese also has."""
    source_digits = {_digits(m.group(0)) for m in _VI_NUMBER.finditer(entry.source)}
    spots = [m for m in _EN_NUMBER.finditer(entry.target) if _digits(m.group(0)) in source_digits]
    if not spots:
        return None
    spot = rng.choice(spots)
    token = spot.group(0)
    places = [i for i, c in enumerate(token) if c.isdigit()]
    for _ in range(10):
        place = rng.choice(places)
        new_digit = str((int(token[place]) + rng.randint(1, 8)) % 10)
        if new_digit == "0" and place == places[0]:
            continue  # a leading zero is not a figure anyone writes
        new = token[:place] + new_digit + token[place + 1:]
        if _digits(new) not in source_digits:
            target = entry.target[:spot.start()] + new + entry.target[spot.end():]
            return target, f"{token} → {new}"
    return None


def _vietnamese_months(source: str) -> set[int]:
    months = set()
    for match in _VI_MONTH.finditer(source):
        word = match.group(1).lower()
        months.add(int(word) if word.isdigit() else _VI_MONTH_WORDS[word])
    months.update(int(m.group(1)) for m in _VI_DAY_MONTH.finditer(source))
    return {m for m in months if 1 <= m <= 12}


def plant_month(entry: Entry, rng: random.Random) -> tuple[str, str] | None:
    """Replace an English month name that the Vietnamese also has by a month it does not have."""
    months = _vietnamese_months(entry.source)
    spots = [m for m in _EN_MONTH.finditer(entry.target) if MONTHS.index(m.group(1)) + 1 in months]
    if not spots:
        return None
    spot = rng.choice(spots)
    new = rng.choice([name for n, name in enumerate(MONTHS, 1) if n not in months])
    return entry.target[:spot.start()] + new + entry.target[spot.end():], f"{spot.group(1)} → {new}"


def plant_term(entry: Entry, glossary: Glossary, rng: random.Random) -> tuple[str, str, Term] | None:
    """Replace every accepted rendering of a source term in the English by a wrong word: one of its
    forbidden forms, else the English of another term of the same glossary file."""
    candidates = [t for t in distinct_terms(glossary.term_spans(entry.source)) if t.find_accepted(entry.target)]
    if not candidates:
        return None
    term = rng.choice(candidates)
    wrong = list(term.forbidden) or [
        other.en for other in glossary if other.file == term.file and other.en.lower() != term.en.lower()
    ]
    rng.shuffle(wrong)
    for word in wrong[:10]:
        target = entry.target
        for found in reversed(term.find_accepted(target)):
            replacement = word[:1].upper() + word[1:] if found.group(0)[:1].isupper() and not term.case_sensitive else word
            target = target[:found.start()] + replacement + target[found.end():]
        if not term.find_accepted(target):
            return target, f"{term.vi}: {term.find_accepted(entry.target)[0].group(0)} → {word}", term
    return None


def plant_dropped(entry: Entry, rng: random.Random) -> tuple[str, str] | None:
    """Cut the English at the clause break nearest its middle (else the word break there)."""
    words = entry.target.split()
    if len(words) < 10:
        return None  # half a heading is not the omission this measures
    length = len(entry.target)
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(entry.target) if 0.35 <= m.start() / length <= 0.65]
    if not breaks:
        breaks = [m.start() for m in re.finditer(r"\s+", entry.target) if 0.4 <= m.start() / length <= 0.6]
    if not breaks:
        return None
    cut = min(breaks, key=lambda b: abs(b - length / 2))
    kept = entry.target[:cut].rstrip(" ,;:–—-") + "."
    return kept, f"dropped: {entry.target[cut:].strip()[:60]}"


def plant_errors(entries: list[Entry], glossary: Glossary, per_kind: int, seed: int) -> dict[str, list[Plant]]:
    """Up to per_kind plants of each kind, in pairs chosen with a seeded generator."""
    plants = {}
    for kind in KINDS:
        rng = random.Random(f"{seed}-{kind}")
        order = list(range(len(entries)))
        rng.shuffle(order)
        chosen = []
        for index in order:
            if len(chosen) == per_kind:
                break
            entry = entries[index]
            if kind == FIGURE:
                made = plant_figure(entry, rng)
            elif kind == MONTH:
                made = plant_month(entry, rng)
            elif kind == TERM:
                made = plant_term(entry, glossary, rng)
            else:
                made = plant_dropped(entry, rng)
            if made is not None:
                chosen.append(Plant(kind, index, made[0], made[1], made[2] if kind == TERM else None))
        plants[kind] = sorted(chosen, key=lambda p: p.index)
    return plants


def _relevant(kind: str, finding, plant: Plant) -> bool:
    if kind == DROPPED:
        return finding.check not in NOT_ABOUT_CONTENT
    if finding.check not in RELEVANT[kind]:
        return False
    # a terminology finding counts for a replaced term only when it is about that term
    return kind != TERM or finding.term is None or finding.term == plant.term.vi


def measure_recall(entries, findings_by_index, plants, glossary) -> dict[str, dict]:
    """For each kind: how many planted, how many caught at error severity and at any severity."""
    recall = {}
    for kind, kind_plants in plants.items():
        planted = [Entry(entries[p.index].file, entries[p.index].line, entries[p.index].source, p.target)
                   for p in kind_plants]
        found = _findings_by_entry(check_entries(planted, glossary), planted)
        rows = []
        for i, plant in enumerate(kind_plants):
            before = {(f.check, f.severity, f.message) for f in findings_by_index.get(plant.index, ())}
            new = [f for f in found.get(i, ()) if (f.check, f.severity, f.message) not in before and _relevant(kind, f, plant)]
            rows.append((plant, new))
        recall[kind] = rows
    return recall


def _findings_by_entry(findings, entries) -> dict[int, list]:
    where = {(e.file, e.line): i for i, e in enumerate(entries)}
    grouped: dict[int, list] = {}
    for f in findings:
        grouped.setdefault(where[(f.file, f.line)], []).append(f)
    return grouped


def recall_rows(recall: dict[str, list]) -> list[dict]:
    """One summary row per kind (term replaced: one for all terms, one for required terms only)."""
    rows = []
    for kind, results in recall.items():
        groups = [(KIND_NAMES[kind], results)]
        if kind == TERM:
            groups = [(KIND_NAMES[kind] + " (all terms)", results),
                      (KIND_NAMES[kind] + " (required terms)",
                       [r for r in results if getattr(r[0].term, "strictness", "required") == "required"])]
        for name, group in groups:
            planted = len(group)
            errors = sum(any(f.severity == ERROR for f in new) for _, new in group)
            caught = sum(bool(new) for _, new in group)
            by_check: dict[str, int] = {}
            for _, new in group:
                for check_id in dict.fromkeys(f.check for f in new):
                    by_check[check_id] = by_check.get(check_id, 0) + 1
            rows.append({"kind": name, "planted": planted,
                         "error": errors / planted if planted else None, "any": caught / planted if planted else None,
                         "caught_by": dict(sorted(by_check.items(), key=lambda item: -item[1]))})
    return rows


# --- enforcement damage ------------------------------------------------------------------------------

_CODE = re.compile(r"(?<!\w)[ZJWQXF]{2,3}(?!\w)")


class ReferenceEngine:
    """An engine double that translates as the reference does: a plain sentence comes back as the
    reference English; a sentence with placeholder codes comes back as the reference with each code
    where a model would put it (over the term's rendering when the reference has an accepted form,
    else at the word position proportional to the term's position in the source)."""

    def __init__(self, glossary: Glossary):
        self.glossary = glossary
        self.source = self.reference = ""

    def translate_batch(self, sentences, beam_size=4, num_hypotheses=4, return_attention=False, **options):
        from vi_en_toolkit.engine import Hypothesis

        return [[Hypothesis(self._respond(s), -1.0, ())] for s in sentences]

    def _respond(self, sentence: str) -> str:
        if sentence == self.source:
            return self.reference
        text = self.reference
        replaced: list[tuple[int, int, str]] = []
        inserted: list[tuple[float, str]] = []
        for code, term, position in self._masked_terms(sentence):
            spans = [m.span() for m in (term.find_accepted(text) if term is not None else ())
                     if not any(s < m.end() and m.start() < e for s, e, _ in replaced)]
            if spans:
                replaced.append((*spans[0], code))
            else:
                inserted.append((position, code))
        for start, end, code in sorted(replaced, reverse=True):
            text = text[:start] + code + text[end:]
        words = text.split(" ")
        for position, code in sorted(inserted, reverse=True):
            words.insert(min(len(words), round(position * len(words))), code)
        return " ".join(words)

    def _masked_terms(self, sentence: str) -> list[tuple[str, Term | None, float]]:
        """(code, the term it stands for, the term's relative position in the source) for each
        placeholder of a masked sentence: mask_terms replaced find_terms spans by codes, so a code's
        place in the source is its place in the masked text plus what the codes before it shortened."""
        matches = {m.start: m for m in self.glossary.find_terms(self.source)}
        length = max(len(self.source), 1)
        found = []
        shift = 0
        for code in _CODE.finditer(sentence):
            if re.search(rf"(?<!\w){code.group(0)}(?!\w)", self.source):
                continue  # the source's own capitals (WWF), not a placeholder
            start = code.start() + shift
            match = matches.get(start)
            found.append((code.group(0), match.term if match else None, start / length))
            if match is not None:
                shift += (match.end - match.start) - len(code.group(0))
        return found


def measure_enforcement(entries: list[Entry], glossary: Glossary) -> list[tuple[Entry, str, tuple]]:
    """(entry, enforced output, terms unenforced) for every pair the enforcer altered."""
    from vi_en_toolkit.enforce import TermEnforcer

    engine = ReferenceEngine(glossary)
    enforcer = TermEnforcer(engine, glossary)
    damaged = []
    for entry in entries:
        engine.source, engine.reference = entry.source, entry.target
        result = enforcer.translate([entry.source])[0]
        if result.text != entry.target:
            damaged.append((entry, result.text, result.protected))
    return damaged


# --- the omission check's constants --------------------------------------------------------------------

def fit_length_ratio(entries: list[Entry], bins: int = 8) -> dict[str, float]:
    """The constants of checks/omission.py, fitted on correct pairs: the median log(English chars /
    Vietnamese chars) of sentences and of headings, and the robust spread around it (1.4826 × median
    absolute deviation) in `bins` bins of equal count by source length, fitted by least squares as
    base + per_root_word / √words."""
    import statistics

    from vi_en_toolkit.checks.omission import MIN_WORDS, chars_and_words, is_heading

    rows = []
    for e in entries:
        (source_chars, words), (target_chars, _) = chars_and_words(e.source), chars_and_words(e.target)
        if words >= MIN_WORDS and target_chars:
            rows.append((words, math.log(target_chars / source_chars), is_heading(e.source)))
    medians = {heading: statistics.median([r for _, r, h in rows if h == heading] or [0.0]) for heading in (False, True)}
    residuals = sorted((n, r - medians[h]) for n, r, h in rows)
    size = len(residuals) // bins
    xs, ys = [], []
    for i in range(bins):
        group = residuals[i * size:(i + 1) * size if i < bins - 1 else None]
        xs.append(1 / math.sqrt(statistics.mean(n for n, _ in group)))
        ys.append(1.4826 * statistics.median(abs(r) for _, r in group))
    mean_x, mean_y = statistics.mean(xs), statistics.mean(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)
    return {"SENTENCE_LOG_RATIO": medians[False], "HEADING_LOG_RATIO": medians[True],
            "SPREAD_BASE": mean_y - slope * mean_x, "SPREAD_PER_ROOT_WORD": slope, "pairs": len(rows)}


def damage_causes(damaged) -> dict[str, int]:
    """How many altered translations got a term's English over another accepted form of it that the
    reference used (U.S. → United States), and how many a term the reference left implicit."""
    respelled = sum(any(t.find_accepted(entry.target) for t in protected) for entry, _, protected in damaged)
    forced = sum(any(not t.find_accepted(entry.target) for t in protected) for entry, _, protected in damaged)
    return {"respelled": respelled, "forced": forced}


# --- the report ---------------------------------------------------------------------------------------

def precision_table(findings, entries: int) -> dict:
    per_check = {}
    for check_id in CHECKS:
        of_check = [f for f in findings if f.check == check_id]
        per_check[check_id] = {"errors": sum(f.severity == ERROR for f in of_check), "any": len(of_check)}
    errors = sum(f.severity == ERROR for f in findings)
    failing = len({(f.file, f.line) for f in findings if f.severity == ERROR})
    return {"entries": entries, "per_check": per_check, "errors": errors, "any": len(findings),
            "entries_with_error": failing}


def per_thousand(count: int, entries: int) -> float:
    return 1000 * count / entries if entries else 0.0


def print_report(corpus, glossary, table, rows, damaged, entries, timings, plant_limit) -> None:
    n = table["entries"]
    print(f"code: {CODE}; corpus: {os.path.relpath(corpus)} ({n} pairs); glossary: {len(glossary)} terms ({glossary.digest})")
    print()
    print(f"{'check':<16} {'errors/1000':>11} {'any/1000':>9}")
    for check_id, counts in table["per_check"].items():
        if counts["any"]:
            print(f"{check_id:<16} {per_thousand(counts['errors'], n):>11.1f} {per_thousand(counts['any'], n):>9.1f}")
    quiet = [c for c, counts in table["per_check"].items() if not counts["any"]]
    print(f"{'total':<16} {per_thousand(table['errors'], n):>11.1f} {per_thousand(table['any'], n):>9.1f}"
          f"   (targets ≤ 20 and ≤ 80)")
    if quiet:
        print(f"no findings: {', '.join(quiet)}")
    print(f"entries with an error: {table['entries_with_error']} of {n} "
          f"({100 * table['entries_with_error'] / n if n else 0:.1f}%)")
    print()
    print(f"{'recall on planted errors':<36} {'planted':>7} {'error':>6} {'any':>6}")
    for row in rows:
        error = "-" if row["error"] is None else f"{row['error']:.2f}"
        caught = "-" if row["any"] is None else f"{row['any']:.2f}"
        print(f"{row['kind']:<36} {row['planted']:>7} {error:>6} {caught:>6}")
    for row in rows:
        if row["caught_by"]:
            print(f"  {row['kind']} caught by: " + ", ".join(f"{c} {n}" for c, n in row["caught_by"].items()))
    print("targets: figure, month ≥ 0.95 at error; term (all) ≥ 0.95 any, (required) at error; dropped ≥ 0.80 any"
          f"  [≤ {plant_limit} a kind]")
    print()
    share = 100 * len(damaged) / len(entries) if entries else 0.0
    print(f"enforcement: {len(damaged)} of {len(entries)} correct translations altered ({share:.1f}%, target ≤ 2%)")
    causes = damage_causes(damaged)
    if damaged:
        print(f"  {causes['respelled']} put a term's English over another accepted form the reference used, "
              f"{causes['forced']} put in a term the reference left implicit")
    print(f"time: check {timings['check']:.2f} s, planted {timings['planted']:.2f} s, "
          f"enforce {timings['enforce']:.2f} s, glossary {timings['glossary']:.2f} s")


def spread_sample(items: list, limit: int) -> list:
    """limit items spread evenly over the list (the first ones all come from one article)."""
    if len(items) <= limit:
        return items
    return [items[i * len(items) // limit] for i in range(limit)]


def show(what: str, limit: int, findings, recall, damaged) -> None:
    if what == "enforce":
        for entry, output, protected in spread_sample(damaged, limit):
            terms = ", ".join(f"{t.vi} → {t.en}" for t in protected) or "-"
            print(f"{entry.file}:{entry.line}: terms put in: {terms}")
            print(f"    vi:  {entry.source}\n    ref: {entry.target}\n    out: {output}")
        return
    if what.startswith("missed-"):
        kind = what[len("missed-"):]
        for plant, _ in spread_sample([r for r in recall.get(kind, []) if not r[1]], limit):
            print(f"line {plant.index + 1}: {plant.what}")
            print(f"    planted en: {plant.target}")
        return
    for f in spread_sample([f for f in findings if f.check == what], limit):
        print(f"{f.file}:{f.line}: {f.severity} [{f.check}] {f.message}")
        print(f"    vi: {f.source}\n    en: {f.target}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder with vi.txt and en.txt")
    parser.add_argument("--glossary", type=Path, default=DEFAULT_GLOSSARY)
    parser.add_argument("--plant", type=int, default=300, help="planted errors of each kind, at most")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--show", metavar="CHECK", help="print sample findings of CHECK, or 'enforce', "
                        "or missed-figure / missed-month / missed-term / missed-dropped")
    parser.add_argument("--limit", type=int, default=20, help="how many --show prints, spread over all there are")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--fit-omission", action="store_true",
                        help="print the omission check's length-ratio constants fitted on the corpus")
    args = parser.parse_args(argv)

    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}: nothing to measure (see --corpus)")
        return 0
    known = set(CHECKS) | {"enforce"} | {f"missed-{k}" for k in KINDS}
    if args.show and args.show not in known:
        print(f"error: --show {args.show}: not a check id, 'enforce' or missed-KIND", file=sys.stderr)
        return 2
    try:
        entries, _ = read_pairs(args.corpus)
        started = time.perf_counter()
        glossary = load_glossary(args.glossary)
    except (CorpusError, ViEnError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    timings = {"glossary": time.perf_counter() - started}
    if args.fit_omission:
        for name, value in fit_length_ratio(entries).items():
            print(f"{name} = {value:.3f}" if isinstance(value, float) else f"{name}: {value}")
        return 0

    started = time.perf_counter()
    findings = check_entries(entries, glossary)
    timings["check"] = time.perf_counter() - started

    started = time.perf_counter()
    plants = plant_errors(entries, glossary, args.plant, args.seed)
    recall = measure_recall(entries, _findings_by_entry(findings, entries), plants, glossary)
    timings["planted"] = time.perf_counter() - started

    started = time.perf_counter()
    damaged = measure_enforcement(entries, glossary)
    timings["enforce"] = time.perf_counter() - started

    table = precision_table(findings, len(entries))
    rows = recall_rows(recall)
    if args.json:
        print(json.dumps({
            "code": str(CODE), "corpus": str(args.corpus), "glossary": {"terms": len(glossary), "digest": glossary.digest},
            "precision": table, "recall": rows,
            "enforcement": {"segments": len(entries), "altered": len(damaged), **damage_causes(damaged)},
            "seconds": {k: round(v, 3) for k, v in timings.items()},
        }, indent=2, ensure_ascii=False))
    elif args.show:
        show(args.show, args.limit, findings, recall, damaged)
    else:
        print_report(args.corpus, glossary, table, rows, damaged, entries, timings, args.plant)
    return 0


if __name__ == "__main__":
    import signal

    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the output, not with a traceback
    sys.exit(main())
