"""Glossary candidates: recurring Vietnamese phrases not yet in the glossary, with how they were translated.

A candidate is a word n-gram (2 to 4 syllables by default) that occurs in several catalog entries,
does not start or end with a function word, and does not overlap a glossary term. Its renderings
are found without a word aligner: an English word belongs to the phrase's rendering when it occurs
mostly in entries with the phrase and in most of them (both conditional frequencies at least
ASSOCIATION); in each entry the longest run of such words is that entry's rendering. A phrase
translated several ways is a better candidate than one always translated alike, so candidates are
ranked by occurrences × (1 + disagreement), disagreement being the share of entries that do not
use the most common rendering.

The estimate is rough on a small corpus and meant for a person to review, never to be applied.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from .errors import InputError
from .files import read_utf8
from .glossary import Glossary
from .vietnamese import fold, segment

ASSOCIATION = 0.5
MIN_COUNT = 2
MAX_WORDS = 4

# Function words that do not start or end a term (folded). Kept short: content words stay.
VIETNAMESE_STOPWORDS = frozenset(
    """
    và của các những là có được trong với cho đã sẽ này đó từ về tại đến một ở thì mà như khi
    nếu vì do bởi để theo trên dưới sau trước cũng đang vẫn còn rất nhiều ít hơn nhất lại ra vào
    không chưa phải bị cả mỗi mọi gì nào ai đâu sự việc cuộc rằng hay hoặc nhưng tuy nên vậy
    ông bà anh chị họ chúng tôi ta mình nó đây kia ấy giữa qua lên xuống khỏi nữa thêm
    càng làm cho biết đối với
    """.split()
)
ENGLISH_STOPWORDS = frozenset(
    """
    a an the of in on at to for from by with and or but as is are was were be been being that this
    these those it its he she they them his her their which who whom what will would could should
    may might can has have had do does did not no so than then there here also into over about
    """.split()
)
# Words that may sit inside a rendering between two content words ("Ministry of Natural Resources").
ENGLISH_GLUE = frozenset({"of", "and", "the", "for", "on", "in", "'s", "’s"})

_VI_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z.\-]*[A-Za-z]|[A-Za-z]|['’]s\b")


@dataclass(frozen=True)
class Candidate:
    vi: str  # the most common spelling in the sources
    count: int  # entries whose source contains the phrase
    renderings: tuple[tuple[str, int], ...]  # (English, entries), most common first
    unrendered: int  # entries where no rendering was recognised

    @property
    def disagreement(self) -> float:
        rendered = sum(n for _, n in self.renderings)
        if rendered == 0:
            return 0.0
        return 1 - self.renderings[0][1] / rendered

    @property
    def score(self) -> float:
        return self.count * (1 + self.disagreement)

    @property
    def en(self) -> str:
        return self.renderings[0][0] if self.renderings else ""


@dataclass(frozen=True)
class Pair:
    source: str
    target: str  # "" when there is no translation (a plain text article)


ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")


def read_pairs(paths) -> list[Pair]:
    """Source/target pairs of PO catalogs (translated or not), and source sentences of articles (.txt, .md)."""
    from .catalog import catalog_files, read_catalog

    pairs: list[Pair] = []
    texts = [Path(p) for p in paths if Path(p).is_file() and Path(p).suffix.lower() in ARTICLE_SUFFIXES]
    catalogs = [p for p in paths if p not in texts and Path(p) not in texts]
    for path in catalog_files(catalogs) if catalogs else []:
        for entry in read_catalog(path):
            if entry.msgid and not entry.obsolete:
                pairs.append(Pair(entry.msgid, "" if entry.fuzzy else entry.msgstr))
    for path in texts:
        text = read_utf8(path, InputError, "not UTF-8 text (save the article as UTF-8)")
        if "\0" in text:
            raise InputError("binary file, not text", file=path)
        pairs.extend(Pair(s.text, "") for s in segment(text, markdown=path.suffix.lower() in (".md", ".markdown")))
    return pairs


# --- Vietnamese phrases ----------------------------------------------------------------------------

def _phrases(text: str) -> list[list[tuple[str, str]]]:
    """Runs of words (folded, original) not broken by punctuation or figures."""
    runs: list[list[tuple[str, str]]] = [[]]
    position = 0
    for match in _VI_WORD.finditer(text):
        between = text[position:match.start()]
        if between.strip():
            runs.append([])
        runs[-1].append((fold(match.group(0)), match.group(0)))
        position = match.end()
    return [run for run in runs if run]


def _covered_spans(text: str, glossary: Glossary | None) -> list[tuple[int, int]]:
    return [(m.start, m.end) for m in glossary.find_terms(text)] if glossary else []


def _ngrams(text: str, max_words: int, covered) -> dict[tuple[str, ...], str]:
    """The word n-grams of one source (2..max_words), folded key → original spelling."""
    found: dict[tuple[str, ...], str] = {}
    offsets = [(m.start(), m.end()) for m in _VI_WORD.finditer(text)]
    # Words a glossary term covers, counted up to each word: an n-gram is skipped if it holds one.
    # (Testing every n-gram against every covered span was quadratic: minutes on a 1 MB line.)
    covered = sorted(covered)
    starts, reach = [s for s, _ in covered], list(accumulate((e for _, e in covered), max))
    covered_before = [0]
    for start, end in offsets:
        last = bisect.bisect_left(starts, end) - 1  # the last covered span starting before this word ends
        covered_before.append(covered_before[-1] + (last >= 0 and reach[last] > start))
    index = 0
    for run in _phrases(text):
        first = index
        spans = offsets[index:index + len(run)]
        index += len(run)
        for n in range(2, max_words + 1):
            for i in range(len(run) - n + 1):
                start, end = spans[i][0], spans[i + n - 1][1]
                if covered_before[first + i + n] - covered_before[first + i]:
                    continue
                key = tuple(word for word, _ in run[i:i + n])
                found.setdefault(key, text[start:end])
    return found


def _is_term_like(key: tuple[str, ...]) -> bool:
    return key[0] not in VIETNAMESE_STOPWORDS and key[-1] not in VIETNAMESE_STOPWORDS


# --- English renderings ------------------------------------------------------------------------------

def _en_words(text: str) -> tuple[list[tuple[str, str]], list[tuple[int, int]]]:
    """(key, surface) of English words and their spans; the key drops case and a plural -s."""
    words, spans = [], []
    for match in _EN_WORD.finditer(text):
        surface = match.group(0).rstrip(".")
        key = surface.lower()
        if len(key) > 3 and key.endswith("s") and not key.endswith(("ss", "us", "is")):
            key = key[:-1]
        words.append((key, surface))
        spans.append((match.start(), match.start() + len(surface)))
    return words, spans


def _rendering(words: list[tuple[str, str]], strength: dict[str, float], max_words: int,
               masked: set[int]) -> tuple[tuple[str, ...], str] | None:
    """The strongest run of associated words (glue words allowed inside) in one translation.

    A run is at most max_words long: a Vietnamese phrase of n syllables rarely takes more than n+1
    English words, and longer runs are neighbouring phrases that happen to co-occur.
    """
    best: tuple[float, int, int] | None = None
    for i, (key, _) in enumerate(words):
        if key not in strength or i in masked:
            continue
        total = 0.0
        for j in range(i, min(len(words), i + max_words)):
            word = words[j][0]
            if j in masked or (word not in strength and word not in ENGLISH_GLUE):
                break
            if word in strength:
                total += strength[word]
                if best is None or total > best[0] + 1e-9:
                    best = (total, i, j)
    if best is None:
        return None
    run = words[best[1]:best[2] + 1]
    key = tuple(k for k, _ in run)
    surface = " ".join(s for _, s in run).replace(" 's", "'s").replace(" ’s", "’s")
    return key, surface


def _glossary_masks(pair: Pair, words_spans, glossary: Glossary | None) -> set[int]:
    """Indexes of English words that render a glossary term of the source: they are accounted for."""
    if glossary is None or not pair.target:
        return set()
    masked: set[int] = set()
    for match in glossary.find_terms(pair.source):
        for found in match.term.find_accepted(pair.target):
            masked.update(i for i, (s, e) in enumerate(words_spans) if s < found.end() and found.start() < e)
    return masked


def suggest_terms(pairs: list[Pair], glossary: Glossary | None = None, min_count: int = MIN_COUNT,
                  max_words: int = MAX_WORDS) -> list[Candidate]:
    """Candidate glossary terms in the pairs, best first."""
    occurrences: dict[tuple[str, ...], list[int]] = defaultdict(list)
    spellings: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for number, pair in enumerate(pairs):
        for key, original in _ngrams(pair.source, max_words, _covered_spans(pair.source, glossary)).items():
            occurrences[key].append(number)
            spellings[key][original] += 1
    frequent = {key: entries for key, entries in occurrences.items() if len(entries) >= min_count}
    candidates = _maximal([key for key in frequent if _is_term_like(key)], frequent)

    english, masks = [], []
    for pair in pairs:
        words, spans = _en_words(pair.target)
        english.append(words)
        masks.append(_glossary_masks(pair, spans, glossary))
    entries_with_word: dict[str, set[int]] = defaultdict(set)
    for number, words in enumerate(english):
        for index, (key, _) in enumerate(words):
            if key not in ENGLISH_STOPWORDS and index not in masks[number]:
                entries_with_word[key].add(number)

    results = []
    for key in candidates:
        entries = set(frequent[key])
        translated = {n for n in entries if pairs[n].target.strip()}
        strength = {}
        for word, where in entries_with_word.items():
            together = len(where & translated)
            # Seen with the phrase at least twice, in most of its entries, and mostly only there.
            if together >= 2 and together / len(translated) >= ASSOCIATION and together / len(where) >= ASSOCIATION:
                strength[word] = (together / len(translated)) * (together / len(where))
        by_key: Counter = Counter()
        surfaces: dict[tuple[str, ...], Counter] = defaultdict(Counter)
        unrendered = 0
        for number in sorted(translated):
            found = _rendering(english[number], strength, len(key) + 1, masks[number])
            if found is None:
                unrendered += 1
                continue
            by_key[found[0]] += 1
            surfaces[found[0]][found[1]] += 1
        renderings = tuple(
            (_display_surface(surfaces[k]), n) for k, n in sorted(by_key.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        results.append(Candidate(_display_vi(spellings[key]), len(entries), renderings, unrendered))
    results.sort(key=lambda c: (-c.score, -c.count, fold(c.vi)))
    return results


def _maximal(keys: list[tuple[str, ...]], occurrences: dict) -> list[tuple[str, ...]]:
    """Drop a phrase when a longer candidate containing it occurs in exactly the same entries."""
    chosen = set(keys)
    for key in sorted(keys, key=len):
        for longer in keys:
            if len(longer) > len(key) and _contains(longer, key) and set(occurrences[longer]) == set(occurrences[key]):
                chosen.discard(key)
                break
    return [k for k in keys if k in chosen]


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def _display_vi(spellings: Counter) -> str:
    """Prefer the spelling in lower case (headings Capitalise Every Word), unless it is a name."""
    lowered = [s for s in spellings if s == s.lower()]
    if lowered:
        return max(lowered, key=lambda s: spellings[s])
    return spellings.most_common(1)[0][0]


def _display_surface(surfaces: Counter) -> str:
    """The most common spelling of a rendering, lower case preferred on a tie (titles capitalise)."""
    return max(surfaces, key=lambda s: (surfaces[s], s == s.lower()))


# --- output ---------------------------------------------------------------------------------------------

def render_candidates_text(candidates: list[Candidate]) -> str:
    if not candidates:
        return "no candidates (no recurring phrase outside the glossary)\n"
    width = max(len(c.vi) for c in candidates)
    lines = [f"{'Vietnamese'.ljust(width)}  seen  disagree  observed English"]
    for c in candidates:
        observed = ", ".join(f"{en} ×{n}" for en, n in c.renderings) or "—"
        if c.unrendered:
            observed += f" (not recognised in {c.unrendered})"
        lines.append(f"{c.vi.ljust(width)}  {c.count:>4}  {c.disagreement:>7.0%}  {observed}")
    return "\n".join(lines) + "\n"


def render_candidates_yaml(candidates: list[Candidate]) -> str:
    """Terms ready to paste into a glossary file; every one still needs a person's review."""
    import yaml

    lines = ["# Glossary candidates from vi-en glossary suggest: check each before adding it.", "terms:"]
    for c in candidates:
        observed = ", ".join(f"{en} ×{n}" for en, n in c.renderings) or "no rendering recognised: fill in 'en'"
        lines.append(f"  # seen in {c.count} entries; observed: {observed}")
        item = yaml.safe_dump([{"vi": c.vi, "en": c.en}], allow_unicode=True, sort_keys=False, width=1000)
        lines.extend("  " + line for line in item.splitlines())
    return "\n".join(lines) + "\n"


def render_candidates_json(candidates: list[Candidate]) -> str:
    import json

    rows = [
        {"vi": c.vi, "count": c.count, "disagreement": round(c.disagreement, 3),
         "renderings": [{"en": en, "count": n} for en, n in c.renderings], "unrendered": c.unrendered}
        for c in candidates
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
