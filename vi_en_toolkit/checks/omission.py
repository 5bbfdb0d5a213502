"""Omission: a translation that leaves out part of its source."""

from __future__ import annotations

import math
import re
import unicodedata

from ..lazy_pattern import lazy_compile
from .context import EntryContext
from .registry import ERROR, WARNING, Problem, check

# The English of Vietnamese news is about as long in characters as its source (log of the ratio
# near -0.08), with a spread that narrows as sentences grow. Fitted on NTREX-128's tuning half
# (1,007 professional pairs; `python benchmarks/qa_precision.py --fit-omission` prints them):
# the median log ratio of sentences and of headings (English headlines are terser), and the
# robust spread (1.4826 × median absolute deviation) in eight bins of source length, fitted as
# SPREAD_BASE + SPREAD_PER_ROOT_WORD / √words.
SENTENCE_LOG_RATIO = -0.083
HEADING_LOG_RATIO = -0.182
SPREAD_BASE = 0.053
SPREAD_PER_ROOT_WORD = 0.443
# Shorter sources (headings, captions, UI strings) vary too much in length to judge.
MIN_WORDS = 6
# How many spreads short a translation may be: beyond WARNING_SPREADS a few correct translations
# in a thousand (strong paraphrase, a headline); beyond ERROR_SPREADS none of the tuning pairs.
WARNING_SPREADS = 3.0
ERROR_SPREADS = 6.0
# A clause of the source whose names and figures are all missing from a translation that is also
# this many spreads short: on the tuning pairs no correct translation, and 7 of the 28 planted
# dropped halves the length alone leaves (their dropped part named a person, a place or a figure).
CLAUSE_SPREADS = 1.5

_CLOSED = lazy_compile(r"[.!?…:;][\"'”’)\]»]*$")


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def chars_and_words(text: str) -> tuple[int, int]:
    """Characters in NFC (a decomposed source would count each tone mark) and words. Counted, not
    split: this runs for every entry, and a stray double space changes a ratio by next to nothing."""
    text = _nfc(text).strip()
    return len(text), text.count(" ") + 1 if text else 0


def is_heading(source: str) -> bool:
    """A source that does not end a sentence: a title or headline."""
    return _CLOSED.search(source[-12:].rstrip()) is None  # the end is enough; the source may be long


def _usual_length(source_words: int, heading: bool) -> tuple[float, float]:
    """The usual log(English/Vietnamese characters) for such a source, and its spread."""
    usual = HEADING_LOG_RATIO if heading else SENTENCE_LOG_RATIO
    return usual, SPREAD_BASE + SPREAD_PER_ROOT_WORD / math.sqrt(source_words)


def length_spreads(source: str, target: str) -> float | None:
    """How far the target's length is from what its source suggests, in spreads (negative:
    shorter); None for a source too short to judge."""
    source_chars, words = chars_and_words(source)
    target_chars, _ = chars_and_words(target)
    if words < MIN_WORDS or not target_chars:
        return None
    usual, spread = _usual_length(words, is_heading(source))
    return (math.log(target_chars / source_chars) - usual) / spread


# Words a translation carries over as they are: figures of two digits or more (not a month's
# number: tháng 11 is November), and Latin-script names that cannot be a Vietnamese syllable
# written without its marks (Trump, Sainsbury, FBI are names; Nga, Anh, Long may be Vietnamese).
_WORD = lazy_compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*")
_VIETNAMESE_SYLLABLE = lazy_compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?", re.IGNORECASE)
_MONTH_BEFORE = lazy_compile(r"tháng\s*$", re.IGNORECASE)
_CLAUSE_BREAK = lazy_compile(
    r"[,;:]\s+|\s+[–—-]\s+|\s+(?=(?:và|nhưng|trong khi|sau khi|trước khi|vì|để|nên|mà|rằng|còn)\s)", re.IGNORECASE)
_DIGIT_RUN = lazy_compile(r"\d+(?:[.,]\d+)*")


def _carried_over(source: str) -> list[tuple[int, str, bool]]:
    """(position, text, is a figure) of the source's words a translation keeps as they are."""
    found = []
    for match in _WORD.finditer(source):
        word = match.group(0)
        if word[0].isdigit():
            digits = re.sub(r"\D", "", word)
            if len(digits) >= 2 and not _MONTH_BEFORE.search(source, 0, match.start()):
                found.append((match.start(), digits, True))
        else:
            word = re.sub(r"['’]s$", "", word)
            if len(word) >= 2 and word.isascii() and word[0].isupper() and not _VIETNAMESE_SYLLABLE.fullmatch(word):
                found.append((match.start(), word, False))
    return found


def _is_in(text: str, is_figure: bool, target: str, target_digits: list[str]) -> bool:
    if is_figure:  # 3,8 triệu = 3.8 million = 3,800,000: the same digits, or the one starts the other
        return any(d.startswith(text) or text.startswith(d) for d in target_digits)
    return re.search(rf"(?<!\w){re.escape(text)}", target.replace("’", "'"), re.IGNORECASE) is not None


def clause_without_counterpart(source: str, target: str) -> tuple[str, list[str]] | None:
    """The first clause of the source (split at , ; : dashes and conjunctions) that holds names or
    figures none of which the target has, with them; None when every such clause shows in the target."""
    words = _carried_over(source)
    if not words:
        return None
    target_digits = [re.sub(r"\D", "", d) for d in _DIGIT_RUN.findall(target)]
    breaks = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(source)), len(source)]
    if len(breaks) < 3:
        return None  # one clause: a name missing from it is a paraphrase (Wales → Welsh), not a part left out
    for start, end in zip(breaks, breaks[1:]):
        inside = [(text, is_figure) for position, text, is_figure in words if start <= position < end]
        if inside and not any(_is_in(text, is_figure, target, target_digits) for text, is_figure in inside):
            return source[start:end].strip(" ,;:–—-"), [text for text, _ in inside]
    return None


@check("omission", ERROR, "a translation far shorter than its source suggests: part of it left out")
def check_omission(ctx: EntryContext):
    spreads = length_spreads(ctx.source, ctx.target)
    if spreads is None or spreads >= -CLAUSE_SPREADS:
        return ()
    clause = clause_without_counterpart(_nfc(ctx.source), _nfc(ctx.target))
    if clause is None and spreads >= -WARNING_SPREADS:
        return ()
    _, spread = _usual_length(chars_and_words(ctx.source)[1], is_heading(ctx.source))
    share, rare = math.exp(spreads * spread), math.exp(-WARNING_SPREADS * spread)
    message = f"the translation is {share:.0%} of the length usual for this source (rarely under {rare:.0%})"
    if clause is not None:
        text, missing = clause
        message += f"; nothing of '{text}' is in it ({', '.join(missing)})"
    return [Problem(message + ": part of the source may be left out",
                    found=clause[0] if clause else None,
                    severity=ERROR if spreads < -ERROR_SPREADS else WARNING)]
