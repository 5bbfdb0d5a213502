"""Markdown articles: which characters are prose to translate, and which are markup to keep.

markdown-it-py (CommonMark, with GFM tables and strikethrough) finds the blocks: only the inline
content of paragraphs, headings and table cells is prose; YAML front matter, fenced and indented
code, raw HTML blocks, comments, thematic breaks, reference definitions and the table's pipes
and `| --- |` row are never part of a segment, so they come back byte for byte. Inside prose,
the inline parser's own rules say where markup is; they are wrapped here to record positions,
since markdown-it's inline tokens carry none.

A segment is one sentence (a sentence may run over the soft line breaks of its paragraph; a hard
break ends it, as a line break ends one in a .txt article). Its msgid is the sentence's Markdown,
NFC, soft breaks as spaces: ``Chạy `make` rồi xem [báo cáo](https://…).`` Its `parts` say what
is what: prose (str), Code (inline code, inline HTML, autolinks, images, backslash escapes: kept
as they are) and Span (links and emphasis: markup around translatable text).

The model never sees markup: a sentence goes to it with each Code or Span replaced by a
placeholder code, which models copy as they copy names (see enforce.py), so the sentence stays
whole; the text inside each Span (a link's text, an emphasised phrase) is translated on its own,
in the same batch, and put back between its original markup. A placeholder the model drops is
put back at the end of the sentence, so no URL or code is ever lost.
"""

from __future__ import annotations

import bisect
import re
import string
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .vietnamese import LINE_BREAKS, Segment, heading_like, sentence_spans

# Inline rules whose whole match is kept as it is.
_VERBATIM_RULES = ("backticks", "autolink", "html_inline", "image")
_PAIRED_RULES = ("emphasis", "strikethrough")
_ESCAPABLE = frozenset(string.punctuation)  # what a backslash escapes in CommonMark
# A soft line break reads as a space; so does a line separator inside a link or emphasis that
# had to stay whole (elsewhere it ends the segment).
_SOFT_BREAK = re.compile("[ \t]*[" + LINE_BREAKS + "][ \t]*")
# Stands for a Code in the text the segmenter sees: a word that may start a sentence, and is
# neither an initial ("X.") nor a list number ("1.") when a full stop follows.
_CODE_IN_VIEW = "X0"
# Links and emphasis nest this deep at most as Span (deeper markup is kept as Code): the
# functions below recurse into Spans.
_MAX_DEPTH = 20
_HARD_BREAK_IN_VIEW = "\u2028"  # a line break for the segmenter (vietnamese.LINE_BREAKS)
_OTHER_BREAK = re.compile("[" + LINE_BREAKS.replace("\n", "") + "]")


@dataclass(frozen=True)
class Code:
    """Markup kept exactly as written: inline code, inline HTML, an autolink, an image."""

    source: str


@dataclass(frozen=True)
class Span:
    """A link or emphasis: its markup is kept, the text between is translated."""

    opening: str  # "[", "**", "~~"
    parts: tuple  # str | Code | Span
    closing: str  # "](https://…)", "**"


@dataclass(frozen=True)
class _Markup:
    start: int
    end: int
    kind: str  # "code", "open", "close" or "break"
    pair: int = -1  # opens and closes of one link or emphasis share a number


# --- parsing -------------------------------------------------------------------------------------

def _block_parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    # YAML front matter (Hugo, Jekyll) is data, not prose: without the plugin its "---" lines
    # read as a rule and a heading, and "title: …" would be translated, breaking the YAML.
    md = MarkdownIt("commonmark").use(front_matter_plugin).enable(["table", "strikethrough"])
    md.disable("inline")  # inline content is parsed again below, from the source, with positions
    return md


def _rules() -> dict:
    """markdown-it's inline rules that find markup, by their names in its inline ruler."""
    from markdown_it import rules_inline

    return {
        "backticks": rules_inline.backtick,
        "autolink": rules_inline.autolink,
        "html_inline": rules_inline.html_inline,
        "image": rules_inline.image,
        "emphasis": rules_inline.emphasis.tokenize,
        "strikethrough": rules_inline.strikethrough.tokenize,
        "link": rules_inline.link,
        "newline": rules_inline.newline,
        "escape": rules_inline.escape,
    }


class _InlineScanner:
    """markdown-it's inline parser with each rule wrapped to record where markup is."""

    def __init__(self):
        from markdown_it import MarkdownIt

        self.md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
        # Keep delimiter tokens apart: joining text tokens would hide which '*' were markup.
        self.md.core.ruler.disable("text_join")
        self.md.inline.ruler2.disable("fragments_join")
        # The content is already normalized text from the source; keeping the very string lets
        # the rules below tell it from an image's alt text by identity, not by comparing.
        self.md.core.ruler.disable("normalize")
        self.src = ""
        self.markup: list[_Markup] = []
        self.delimiters: list[tuple[object, int, int]] = []  # (token, start, end)
        self.pairs = 0
        for name, rule in _rules().items():
            self.md.inline.ruler.at(name, self._wrap(name, rule))

    def _wrap(self, name, rule):
        def recording(state, silent):
            start, first_token = state.pos, len(state.tokens)
            if state.pending:  # the text before this markup is flushed as a token of its own
                first_token += 1
            matched = rule(state, silent)
            if not matched or silent or state.src is not self.src:  # lookahead, or an image's alt
                return matched
            new = state.tokens[first_token:]
            if name in _VERBATIM_RULES:
                self.markup.append(_Markup(start, state.pos, "code"))
            elif name == "link":
                self._link(state, start)
            elif name in _PAIRED_RULES:
                position = start
                for token in new:
                    self.delimiters.append((token, position, position + len(token.content)))
                    position += len(token.content)
            elif any(token.type == "hardbreak" for token in new):
                self.markup.append(_Markup(start, state.pos, "break"))
            elif name == "escape" and state.src[start + 1 : state.pos] in _ESCAPABLE:
                # "\|" in a table cell, "\*": the backslash must come back ("\ " is just text)
                self.markup.append(_Markup(start, state.pos, "code"))
            return matched

        return recording

    def _link(self, state, start):
        from markdown_it.helpers import parseLinkLabel

        end = state.pos
        state.pos = start
        label_end = parseLinkLabel(state, start, True)
        state.pos = end
        self.pairs += 1
        self.markup.append(_Markup(start, start + 1, "open", self.pairs))
        self.markup.append(_Markup(label_end, end, "close", self.pairs))

    def scan(self, content: str, env: dict) -> list[_Markup]:
        """Where markup is in one block's inline content, sorted."""
        self.src, self.markup, self.delimiters = content, [], []
        if content:
            self.md.parseInline(content, env)
        # Emphasis is decided after tokenizing: a delimiter is markup when it became an
        # *_open/*_close token, or was emptied as the outer half of "**" (just before its opener
        # or just after its closer); a '*' left as text is prose ("5 * 3").
        stack: list[int] = []
        emphasis: list[_Markup] = []
        glue_from = None
        for token, start, end in self.delimiters:
            if token.type == "text" and token.content:
                glue_from = None
                continue
            if token.nesting == 1:
                self.pairs += 1
                stack.append(self.pairs)
                emphasis.append(_Markup(start if glue_from is None else glue_from, end, "open", self.pairs))
                glue_from = None
            elif token.nesting == -1 and stack:
                emphasis.append(_Markup(start, end, "close", stack.pop()))
            elif emphasis and emphasis[-1].kind == "close" and emphasis[-1].end == start:
                last = emphasis[-1]
                emphasis[-1] = _Markup(last.start, end, "close", last.pair)
            else:
                glue_from = start
        # Markup holding a line separator (U+2028…) stays between segments, as a line break
        # does: no msgid may hold one.
        markup = [
            _Markup(m.start, m.end, "break") if m.kind == "code" and _OTHER_BREAK.search(content, m.start, m.end) else m
            for m in self.markup
        ]
        return sorted(markup + emphasis, key=lambda m: (m.start, m.end))


# --- where each block's inline content stands in the source ---------------------------------------

def _line_starts(text: str) -> list[int]:
    """Offsets where lines start, counted as markdown-it counts them (\\n, \\r\\n or \\r)."""
    return [0] + [m.end() for m in re.finditer(r"\r\n?|\n", text)]


def _locate(text: str, starts: list[int], token, cell: bool, cursor: int) -> tuple[str, list[int]] | None:
    """The block's inline content as it stands in the source, and each character's offset there.

    markdown-it gives a block's lines (token.map) and its content without container markers
    and indentation; each content line is found at the end of its source line. A table cell is
    found after the previous cell (`cursor`), in its raw form (`\\|` unescaped by markdown-it).
    Returns None should a line not be found (a safeguard; not seen): the block is then kept.
    """
    first = token.map[0]
    if cell:
        line_end = starts[first + 1] if first + 1 < len(starts) else len(text)
        raw = token.content.replace("|", "\\|")
        at = text.find(raw, cursor, line_end)
        if at < 0:
            return None
        return raw, list(range(at, at + len(raw) + 1))
    content, origin = [], []
    line = first
    for number, piece in enumerate(token.content.split("\n")):
        body = piece.lstrip(" \t")
        # Usually the next line; markdown-it strips a block's content of Unicode whitespace, so a
        # first line holding only U+3000 (not blank to CommonMark) is not in it.
        while True:
            if line >= token.map[1]:
                return None
            line_end = starts[line + 1] if line + 1 < len(starts) else len(text)
            at = text.rfind(body, starts[line], line_end)
            line += 1
            if at >= 0:
                break
        if number:
            content.append("\n")
            origin.append(origin[-1] if origin else at)
        content.append(body)
        origin.extend(range(at, at + len(body)))
    origin.append(origin[-1] + 1 if origin else 0)
    return "".join(content), origin


def _prose_blocks(tokens):
    """(inline token, is a heading, is a table cell) for paragraphs, headings and table cells."""
    heading = cell = False
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            heading = token.type == "heading_open"
        elif token.type in ("th_open", "td_open", "th_close", "td_close"):
            cell = token.nesting == 1
        elif token.type == "inline" and token.map:
            yield token, heading, cell


# --- segments ------------------------------------------------------------------------------------

def segment_markdown(text: str) -> list[Segment]:
    """The prose sentences and headings of a Markdown article (see the module docstring)."""
    starts = _line_starts(text)
    env: dict = {}
    tokens = _block_parser().parse(text, env)
    scanner = _InlineScanner()
    segments: list[Segment] = []
    row_line, cursor = -1, 0
    for token, heading, cell in _prose_blocks(tokens):
        if cell and token.map[0] != row_line:
            row_line, cursor = token.map[0], starts[token.map[0]]
        located = _locate(text, starts, token, cell, cursor)
        if located is None:
            continue
        content, origin = located
        if cell:
            cursor = origin[-1]
        segments.extend(_sentences(content, origin, scanner.scan(content, env), heading, starts))
    return segments


def _sentences(content, origin, markup, heading, starts) -> list[Segment]:
    """One block's sentences: segmented on the prose alone, then widened to take their markup."""
    view, view_start, view_end = [], [], []  # the text the segmenter sees, and where each char was
    position = 0
    for m in markup:
        for i in range(position, m.start):
            view.append(content[i])
            view_start.append(i)
            view_end.append(i + 1)
        if m.kind in ("code", "break") and m.start >= position:
            for char in _CODE_IN_VIEW if m.kind == "code" else _HARD_BREAK_IN_VIEW:
                view.append(char)
                view_start.append(m.start)
                view_end.append(m.end)
        position = max(position, m.end)
    for i in range(position, len(content)):
        view.append(content[i])
        view_start.append(i)
        view_end.append(i + 1)

    opening_at = {m.end: m for m in markup if m.kind == "open"}
    closing_at = {m.start: m for m in markup if m.kind == "close"}
    spans = []
    for s, e in sentence_spans("".join(view)):
        start, end = view_start[s], view_end[e - 1]
        while start in opening_at:
            start = opening_at[start].start
        while end in closing_at:
            end = closing_at[end].end
        spans.append((start, end))
    spans = _keep_pairs_together(spans, markup)

    segments = []
    markup_starts = [m.start for m in markup]
    for start, end in spans:
        within = markup[bisect.bisect_left(markup_starts, start) : bisect.bisect_left(markup_starts, end)]
        parts = _parts(content, start, end, within)
        if not _has_words(parts):  # only markup (`code`, <https://…>): nothing to translate
            continue
        msgid = source_of(parts)
        kind = "heading" if heading or (len(spans) == 1 and heading_like(msgid)) else "sentence"
        first = origin[start]
        segments.append(Segment(msgid, first, origin[end - 1] + 1, bisect.bisect_right(starts, first), kind, parts))
    return segments


def _keep_pairs_together(spans, markup):
    """Join sentences that a link or an emphasis runs across: its markup must stay whole."""
    opens = {m.pair: m.start for m in markup if m.kind == "open"}
    boundaries = [start for start, _ in spans[1:]]
    crossed = set()
    for m in markup:
        if m.kind == "close" and m.pair in opens:
            first = bisect.bisect_right(boundaries, opens[m.pair])
            last = bisect.bisect_right(boundaries, m.start)
            crossed.update(range(first, last))
    joined = [spans[0]] if spans else []
    for number, (start, end) in enumerate(spans[1:]):
        if number in crossed:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _parts(content: str, start: int, end: int, markup) -> tuple:
    """The sentence content[start:end] as prose, Code and Span."""
    stack: list[tuple[str, int, list]] = [("", 0, [])]  # (opening, pair, parts)
    too_deep: set[int] = set()  # pairs nested deeper than _MAX_DEPTH: their markup is kept as Code
    position = start
    for m in markup:
        if m.start < start or m.end > end:
            continue
        if m.start > position:
            stack[-1][2].append(content[position : m.start])
        source = content[m.start : m.end]
        if m.kind == "open" and len(stack) > _MAX_DEPTH:
            too_deep.add(m.pair)
            stack[-1][2].append(Code(source))
        elif m.kind == "close" and m.pair in too_deep:
            stack[-1][2].append(Code(source))
        elif m.kind == "open":
            stack.append((source, m.pair, []))
        elif m.kind == "close" and len(stack) > 1 and stack[-1][1] == m.pair:
            opening, _, inner = stack.pop()
            stack[-1][2].append(Span(opening, tuple(inner), source))
        else:  # code, or markup whose partner is outside the sentence: kept as it is
            stack[-1][2].append(Code(source))
        position = max(position, m.end)
    if end > position:
        stack[-1][2].append(content[position:end])
    while len(stack) > 1:  # an opening without its closing: kept as it is, its text is prose
        opening, _, inner = stack.pop()
        stack[-1][2].extend([Code(opening), *inner])
    return tuple(stack[0][2])


def _has_words(parts: Sequence) -> bool:
    return any(
        re.search(r"[^\W\d_]", part) if isinstance(part, str) else isinstance(part, Span) and _has_words(part.parts)
        for part in parts
    )


def _prose(text: str) -> str:
    """Prose as the msgid and the model have it: NFC, a soft line break as one space."""
    return unicodedata.normalize("NFC", _SOFT_BREAK.sub(" ", text))


def source_of(parts: Sequence) -> str:
    """The msgid of a sentence: its Markdown, NFC, soft line breaks as spaces."""
    pieces = []
    for part in parts:
        if isinstance(part, str):
            pieces.append(_prose(part))
        elif isinstance(part, Code):
            pieces.append(_prose(part.source))
        else:
            pieces.append(_prose(part.opening) + source_of(part.parts) + _prose(part.closing))
    return "".join(pieces)


# --- translating a sentence without showing markup to the model ---------------------------------

def _mask(parts: Sequence, codes: Sequence[str]) -> tuple[str, list[tuple[str, object, bool, bool]]]:
    """The sentence with each Code and Span replaced by a placeholder code the prose does not hold.

    Markup side by side shares one placeholder. A code glued to a word would not come back as
    itself, so it gets a space on that side; the slot says so (padded before, padded after), for
    english_of to take the space away again. Should the codes run out (hundreds of pieces of
    markup in one sentence), the last one stands for the rest of the sentence, kept as written.
    """
    parts = _side_by_side_joined(parts)
    free = _free_codes(parts, codes)
    markup_left = sum(1 for p in parts if not isinstance(p, str))
    text, slots = "", []
    for number, part in enumerate(parts):
        if isinstance(part, str):
            piece = _prose(part)
            if slots and text.endswith(slots[-1][0]) and piece[:1].isalnum():
                code, slot_part, before, _ = slots[-1]
                slots[-1] = (code, slot_part, before, True)
                piece = " " + piece
            text += piece
            continue
        code = free[len(slots)]
        if markup_left > len(free) - len(slots) == 1:
            part = Code(original_of(parts[number:]))
        before = text[-1:].isalnum()
        slots.append((code, part, before, False))
        text += (" " if before else "") + code
        markup_left -= 1
        if markup_left and len(free) == len(slots):
            break
    return text, slots


def _maskable(parts: Sequence, codes: Sequence[str]) -> bool:
    """False for a sentence with markup whose text holds every placeholder code (kept as written)."""
    return all(isinstance(p, str) for p in parts) or bool(_free_codes(parts, codes))


def _free_codes(parts: Sequence, codes: Sequence[str]) -> list[str]:
    """The codes the sentence holds nowhere, markup included: a code that stood in a piece of code or
    a link would be taken for a placeholder when the markup is put back."""
    text = original_of(parts)
    return [code for code in codes if code not in text]


def _side_by_side_joined(parts: Sequence) -> list:
    """Parts with each run of adjacent Codes made one Code."""
    joined: list = []
    for part in parts:
        if isinstance(part, Code) and joined and isinstance(joined[-1], Code):
            joined[-1] = Code(joined[-1].source + part.source)
        else:
            joined.append(part)
    return joined


def original_of(parts: Sequence) -> str:
    """The parts exactly as the article has them."""
    return "".join(
        p if isinstance(p, str) else p.source if isinstance(p, Code) else p.opening + original_of(p.parts) + p.closing
        for p in parts
    )


def _has_prose(masked: str, slots) -> bool:
    for code, *_ in slots:
        masked = masked.replace(code, " ")
    return re.search(r"[^\W\d_]", masked) is not None


def texts_to_translate(parts: Sequence, codes: Sequence[str]) -> list[str]:
    """What the model is asked to translate for one sentence: the sentence with its markup
    masked, and the text inside each link or emphasis, each on its own."""
    if not _maskable(parts, codes):
        return []
    masked, slots = _mask(parts, codes)
    texts = [masked] if _has_prose(masked, slots) else []
    for _, part, *_ in slots:
        if isinstance(part, Span):
            texts.extend(texts_to_translate(part.parts, codes))
    return texts


def english_of(parts: Sequence, translated: Callable[[str], str], codes: Sequence[str]) -> tuple[str, bool]:
    """The English of a sentence from the model's translations of texts_to_translate, with its
    markup put back as written. The flag says a placeholder was lost and its markup moved to the
    end of the sentence."""
    if not _maskable(parts, codes):
        return original_of(parts), False
    masked, slots = _mask(parts, codes)
    english = translated(masked) if _has_prose(masked, slots) else masked
    moved = False
    # Every placeholder is found in the model's output before any markup is put back, and the
    # markup goes in from the right: text put back is never searched for another placeholder.
    edits, lost = [], []  # (start, end, markup) in the model's output; markup whose placeholder was lost
    for code, part, padded_before, padded_after in slots:
        if isinstance(part, Code):
            restored = part.source
        else:
            inner, inner_moved = english_of(part.parts, translated, codes)
            restored = part.opening + _fit(inner, source_of(part.parts)) + part.closing
            moved |= inner_moved
        found = list(re.finditer(rf"(?<!\w){code}(?!\w)", english))
        if not found:
            lost.append(restored)
            continue
        for extra in found[1:]:  # a repeated placeholder: the first one stands, the others go with the space before
            edits.append((len(english[: extra.start()].rstrip(" ")), extra.end(), ""))
        start, end = found[0].start(), found[0].end()
        if padded_before and english[start - 1 : start] == " ":
            start -= 1
        if padded_after and english[end : end + 1] == " ":
            end += 1
        edits.append((start, end, restored))
    for start, end, restored in sorted(edits, reverse=True):
        english = english[:start] + restored + english[end:]
    for restored in lost:
        english, moved = _append(english, restored), True
    return english, moved


def _append(english: str, restored: str) -> str:
    """Put markup whose placeholder was lost at the end, before the final punctuation."""
    final = re.search(r"[.!?…:;]*$", english)
    head = english[: final.start()].rstrip()
    return (head + " " if head else "") + restored + final.group(0)


def _fit(english: str, source: str) -> str:
    """A phrase translated on its own, fitted back into its sentence: no capital the source
    does not have, no full stop the source does not have."""
    english = english.strip()
    if source[:1].islower() and english[:1].isupper() and not english[1:2].isupper():
        english = english[0].lower() + english[1:]
    if english.endswith(".") and not re.search(r"[.!?…]\W*$", source):
        english = english[:-1]
    return english
