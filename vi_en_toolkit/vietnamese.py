"""Vietnamese text handling: normalization for comparison, word boundaries, sentence segmentation.

Comparison happens on folded text (NFC, one tone-mark placement, lower case); what users see is
always the original text, so folding keeps a map from folded offsets back to original offsets.
"""

# Annotations evaluated, not `from __future__ import annotations`: typing.NamedTuple compiles a
# string annotation per field, ~0.2 ms a class, paid by every run at start-up.
import re
import unicodedata
from typing import NamedTuple

from .lazy_pattern import lazy_compile

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


def _tone_move_pattern(moves: dict[str, str]) -> str:
    """The two-letter keys of `moves` as character classes (a toned o, then a or e; a toned u, then
    y; either case): the strings their alternation matches, compiled at every start-up in a
    fraction of the time."""
    seconds_after: dict[str, set[str]] = {}
    for key in moves:
        seconds_after.setdefault(key[0], set()).add(key[1])
    firsts_before: dict[frozenset[str], list[str]] = {}
    for first, seconds in seconds_after.items():
        firsts_before.setdefault(frozenset(seconds), []).append(first)
    # each pair's second letter behind a lookbehind for its first: the pattern then starts with one
    # character class, which the regex engine scans for in C (three times faster on a sentence)
    every_first = "".join(sorted(seconds_after))
    classes = (f"(?<=[{''.join(sorted(firsts))}])[{''.join(sorted(seconds))}]" for seconds, firsts in firsts_before.items())
    return f"[{every_first}](?:" + "|".join(classes) + r")(?!\w)"


_TONE_MOVES = _build_tone_moves()
_TONE_MOVE_RE = re.compile(_tone_move_pattern(_TONE_MOVES))


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

class Segment(NamedTuple):
    """One sentence or heading of an article, with where it stands in the original text.

    `text` is what is translated and becomes the msgid: NFC, whatever form the article is in;
    `start`/`end` say which characters of the original it replaces in the English.
    """

    text: str
    start: int
    end: int
    line: int  # 1-based line of the original text where the segment starts
    kind: str  # "sentence" or "heading"
    # Markdown only: the sentence as prose and markup the model must not see (markdown_source)
    parts: tuple = ()


# Words that end in a full stop without ending a sentence (compared lower case, without the dot).
# Not "ông"/"bà": Vietnamese never abbreviates them, and they often end a sentence ("của ông.").
ABBREVIATIONS = frozenset(
    """
    tp tt ts ths pgs gs bs ks ls th tr đ q p co inc ltd corp dr mr mrs ms st jr sr
    prof gen col lt sgt gov sen rep etc e.g i.e ca approx fig vol v vs
    """.split()
)
# Abbreviations that are also Vietnamese words ("ăn no."): only before a number ("No. 5").
ABBREVIATIONS_BEFORE_A_NUMBER = frozenset({"no"})

# Characters that break a line: Python's str.splitlines set (U+2028 LINE SEPARATOR, U+2029
# PARAGRAPH SEPARATOR, U+0085 NEXT LINE, \r, \v, \f ...). Each ends a segment, as \n does, so no
# segment (and no msgid) holds one; line numbers count \n only, as editors and `#:` references do.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_OTHER_LINE_BREAK = lazy_compile("[" + LINE_BREAKS[1:] + "]")

_CLOSING_QUOTES = "\"”’'»"
_SENTENCE_END = lazy_compile(r"[.!?…]+[\"”’'»)\]]*(?=\s+)")
_NEXT_STARTS_SENTENCE = lazy_compile(r"\s+[\"“‘'«(\[\-–—]?\s*[^\W_a-zđ]", re.UNICODE)
_FINAL_PUNCTUATION = lazy_compile(r"[.!?…:;][\"”’'»)\]]*$")
# An attribution after a quotation belongs to its sentence: “Ai sẽ trả tiền?” Ông Nam hỏi. It is
# a speaker of at most four words and a verb of saying that end the sentence (not
# “…” Ông nói rằng …, which starts a new sentence).
_SPEECH_VERBS = (
    "nói|hỏi|đáp|kể|viết|chia sẻ|phát biểu|cho biết|cho hay|tuyên bố|khẳng định|nhấn mạnh|trả lời|"
    "giải thích|bổ sung|lưu ý|tiết lộ|thừa nhận|bình luận|nhận định|hét|thốt lên|cảnh báo"
)
_ATTRIBUTION = lazy_compile(
    r"\s+(?:[^\W\d_][\w\-]*\s+){0,4}(?:" + _SPEECH_VERBS + r")(?:\s+(?:thêm|lại))?[.!?…]",
    re.IGNORECASE,
)


def _word_before(line: str, dot: int) -> str:
    word_start = dot
    while word_start > 0 and not line[word_start - 1].isspace():
        word_start -= 1
    return unicodedata.normalize("NFC", line[word_start:dot].lstrip("\"“‘'«(["))


def _is_abbreviation(line: str, dot: int) -> bool:
    """True when the full stop at line[dot] closes an abbreviation or an initial, not a sentence."""
    word = _word_before(line, dot)
    if not word:
        return False
    lower = word.lower()
    if lower in ABBREVIATIONS:
        return True
    if lower in ABBREVIATIONS_BEFORE_A_NUMBER:
        return re.match(r"\s+\d", line[dot + 1 :]) is not None
    # Initials ("A. Nguyễn") are Latin capitals; "Ý." (Italy) and "Ô." are words that end sentences.
    if len(word) == 1:
        return "A" <= word <= "Z"
    # Stacked titles ("PGS.TS.", "Th.S.") and dotted abbreviations ("U.S.", "v.v.").
    if all(part in ABBREVIATIONS for part in lower.split(".")):
        return True
    return re.fullmatch(r"(?:\w\.)+\w?", word) is not None


def _is_enumerator(line: str, dot: int, sentence_start: int) -> bool:
    """True for the "2." of "gồm: 1. đất hiếm; 2. …": a small number starting a sentence or an item."""
    word = _word_before(line, dot)
    if not re.fullmatch(r"\d{1,2}", word):
        return False
    before = dot - len(word)  # the character before the number, spaces skipped
    while before > sentence_start and line[before - 1].isspace():
        before -= 1
    return before <= sentence_start or line[before - 1] in ":;,("


def _is_attributed_quotation(line: str, match: re.Match) -> bool:
    """True when a quotation ends here and what follows says who said it."""
    if match.group(0)[-1] not in _CLOSING_QUOTES:
        return False
    following = unicodedata.normalize("NFC", line[match.end() : match.end() + 80])
    return _ATTRIBUTION.match(following) is not None


def _split_line(line: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) within one line, whitespace trimmed."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(line):
        end = match.end()
        if not _NEXT_STARTS_SENTENCE.match(line, end):
            continue
        if line[match.start()] == "." and match.end() - match.start() == 1:
            if _is_abbreviation(line, match.start()) or _is_enumerator(line, match.start(), start):
                continue
        if _is_attributed_quotation(line, match):
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


def _pieces(line: str) -> list[tuple[int, str]]:
    """The parts of a line between line-break characters other than \n, with their offsets."""
    pieces, start = [], 0
    for match in _OTHER_LINE_BREAK.finditer(line):
        pieces.append((start, line[start : match.start()]))
        start = match.end()
    pieces.append((start, line[start:]))
    return pieces


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of a paragraph: \n is a space here, other line breaks end
    sentences (Markdown's soft and hard breaks)."""
    return [(offset + s, offset + e) for offset, piece in _pieces(text) for s, e in _split_line(piece)]


def heading_like(text: str) -> bool:
    """A paragraph that is one segment without final punctuation reads as a heading."""
    return not _FINAL_PUNCTUATION.search(text)


def segment(text: str, markdown: bool = False) -> list[Segment]:
    """Split an article into sentences and headings.

    A sentence never crosses a line break (articles keep one paragraph a line); a line that is a
    single segment without final punctuation is a heading. Each segment's text is the NFC form
    of a slice of the input: the input is those slices plus the text between them, byte for byte.
    With markdown=True the text is read as Markdown (markdown_source): only prose makes
    segments, and a sentence may run over the lines of its paragraph.
    """
    if markdown:
        from .markdown_source import segment_markdown

        return segment_markdown(text)
    segments: list[Segment] = []
    line_start = 0
    for line_number, line in enumerate(text.split("\n"), start=1):
        for offset, piece in _pieces(line):
            spans = _split_line(piece)
            for s, e in spans:
                body = piece[s:e]
                heading = len(spans) == 1 and heading_like(body)
                start = line_start + offset + s
                segments.append(
                    Segment(unicodedata.normalize("NFC", body), start, start + len(body), line_number,
                            "heading" if heading else "sentence")
                )
        line_start += len(line) + 1
    return segments
