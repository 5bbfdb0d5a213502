"""Vietnamese text handling: normalization for comparison, word boundaries, sentence segmentation.

Comparison happens on folded text (NFC, one tone-mark placement, lower case); what users see is
always the original text, so folding keeps a map from folded offsets back to original offsets.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Tone marks as combining characters (NFD): grave, acute, hook above, tilde, dot below.
TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"

# Syllables "oa", "oe", "uy" with nothing after them take the tone on either vowel (hoà/hòa,
# khoẻ/khỏe, thuý/thúy, quý/qúy). We fold to the second vowel.
_MOVABLE_PAIRS = {"o": "ae", "u": "y"}


def _build_tone_moves() -> dict[str, str]:
    moves = {}
    for first, seconds in _MOVABLE_PAIRS.items():
        for second in seconds:
            for tone in TONE_MARKS:
                for upper_first in (False, True):
                    for upper_second in (False, True):
                        f = first.upper() if upper_first else first
                        s = second.upper() if upper_second else second
                        toned_first = unicodedata.normalize("NFC", f + tone)
                        toned_second = unicodedata.normalize("NFC", s + tone)
                        moves[toned_first + s] = f + toned_second
    return moves


_TONE_MOVES = _build_tone_moves()
_TONE_MOVE_RE = re.compile("(?:" + "|".join(sorted(_TONE_MOVES)) + r")(?!\w)")


def move_tone_marks(text: str) -> str:
    """Put the tone of open "oa", "oe", "uy" syllables on the second vowel (hòa → hoà).

    Expects NFC text; keeps length and case, so offsets stay valid.
    """
    if not text.isascii():
        text = _TONE_MOVE_RE.sub(lambda m: _TONE_MOVES[m.group(0)], text)
    return text


def fold(text: str, casefold: bool = True) -> str:
    """The form Vietnamese text is compared in: NFC, one tone placement, lower case."""
    return fold_with_offsets(text, casefold)[0]


def fold_with_offsets(text: str, casefold: bool = True) -> tuple[str, list[int] | None]:
    """Fold text and say where each folded character came from.

    Returns (folded, offsets) where offsets[i] is the index in `text` of the character that
    folded character i came from, with one extra entry for the end; offsets is None when the
    folded text lines up with the original one to one (the common, already-NFC case).
    """
    if text.isascii():
        return (text.lower() if casefold else text), None
    if unicodedata.is_normalized("NFC", text):
        folded = move_tone_marks(text)
        if casefold:
            folded = folded.lower()
        if len(folded) == len(text):
            return folded, None
    # Slow path: compose each cluster (a base character and its combining marks) on its own,
    # so every folded character can be traced back to its cluster in the original.
    pieces: list[str] = []
    offsets: list[int] = []
    for match in re.finditer(r".[\u0300-\u036f]*", text, re.DOTALL):
        composed = unicodedata.normalize("NFC", match.group(0))
        if casefold:
            composed = composed.lower()
        pieces.append(composed)
        offsets.extend([match.start()] * len(composed))
    offsets.append(len(text))
    folded = move_tone_marks("".join(pieces))
    return folded, offsets


def is_word_char(char: str) -> bool:
    """Letters (with any Vietnamese diacritics) and digits make words; anything else separates."""
    return char.isalnum() or unicodedata.category(char).startswith("M")


def at_word_boundaries(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is not part of a longer word ("Nga" is not in "Ngan")."""
    if start > 0 and is_word_char(text[start - 1]):
        return False
    if end < len(text) and is_word_char(text[end]):
        return False
    return True


def has_vietnamese_letters(text: str) -> bool:
    """True when text has a letter only Vietnamese uses (đ, ơ, ư, ă, â, tone marks...)."""
    for char in unicodedata.normalize("NFD", text):
        if char in "đĐ" or char in TONE_MARKS or char in "\u0306\u0302\u031b":
            return True
    return False


# --- sentence segmentation -------------------------------------------------------------------

@dataclass(frozen=True)
class Segment:
    """One sentence or heading of an article, with where it stands in the original text."""

    text: str
    start: int
    end: int
    line: int  # 1-based line of the original text where the segment starts
    kind: str  # "sentence" or "heading"


# Words that end in a full stop without ending a sentence (compared lower case, without the dot).
ABBREVIATIONS = frozenset(
    """
    tp tt ts ths pgs gs bs ks ls ông bà th tr đ q p no vs co inc ltd corp dr mr mrs ms st jr sr
    prof gen col lt sgt gov sen rep etc e.g i.e ca approx fig vol
    """.split()
)

_SENTENCE_END = re.compile(r"[.!?…]+[\"”’»)\]]*(?=\s+)")
_NEXT_STARTS_SENTENCE = re.compile(r"\s+[\"“‘«(\[\-–—]?\s*[^\W_a-zđ]", re.UNICODE)
_FINAL_PUNCTUATION = re.compile(r"[.!?…:;][\"”’»)\]]*$")
_MARKDOWN_PREFIX = re.compile(r"[ \t]{0,3}(?:#{1,6}[ \t]+|[-*+][ \t]+|>[ \t]*|\d{1,3}[.)][ \t]+)")


def _is_abbreviation(line: str, dot: int) -> bool:
    """True when the full stop at line[dot] closes an abbreviation or an initial, not a sentence."""
    word_start = dot
    while word_start > 0 and not line[word_start - 1].isspace():
        word_start -= 1
    word = line[word_start:dot].lstrip("\"“‘«([")
    if not word:
        return False
    if word.lower() in ABBREVIATIONS:
        return True
    # Initials ("A. Nguyễn") and dotted abbreviations ("U.S.", "v.v."): the sentence goes on.
    if len(word) == 1:
        return word.isupper()
    return re.fullmatch(r"(?:\w\.)+\w?", word) is not None


def _split_line(line: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) within one line, whitespace trimmed."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(line):
        end = match.end()
        if not _NEXT_STARTS_SENTENCE.match(line, end):
            continue
        if line[match.start()] == "." and match.end() - match.start() == 1 and _is_abbreviation(line, match.start()):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(line)))
    trimmed = []
    for s, e in spans:
        while s < e and line[s].isspace():
            s += 1
        while e > s and line[e - 1].isspace():
            e -= 1
        if s < e:
            trimmed.append((s, e))
    return trimmed


def segment(text: str, markdown: bool = False) -> list[Segment]:
    """Split an article into sentences and headings.

    A sentence never crosses a line break (articles keep one paragraph a line); a line that is a
    single segment without final punctuation is a heading. With markdown=True, list, quote and
    heading markers stay outside the segments ("# " lines are always headings). Segments are
    slices of the input: the input is the segments plus the text between them, byte for byte.
    """
    segments: list[Segment] = []
    line_start = 0
    for line_number, line in enumerate(text.split("\n"), start=1):
        body_start = 0
        is_markdown_heading = False
        if markdown:
            prefix = _MARKDOWN_PREFIX.match(line)
            if prefix:
                body_start = prefix.end()
                is_markdown_heading = prefix.group(0).lstrip().startswith("#")
        spans = [(body_start + s, body_start + e) for s, e in _split_line(line[body_start:])]
        for s, e in spans:
            piece = line[s:e]
            heading = is_markdown_heading or (len(spans) == 1 and not _FINAL_PUNCTUATION.search(piece))
            segments.append(
                Segment(piece, line_start + s, line_start + e, line_number, "heading" if heading else "sentence")
            )
        line_start += len(line) + 1
    return segments
