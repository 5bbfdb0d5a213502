"""The PO file format as gettext reads and writes it, faithful to the bytes a catalog came from.

polib is the data model (POFile, POEntry), but its parser and writer lose things a translation
desk cares about: it splits lines with str.splitlines (U+2028, U+0085… end a line for it, not for
msgfmt), knows only some escapes (`\\x41`, `\\101`, `\\a` are mangled), cannot read `#~|`, takes the
charset from any `charset=` text, and re-wraps every entry it writes. So this module reads and
writes the text itself, the way gettext's msgfmt/msgcat do:

- lines end at "\\n" only (a "\\r" before it is kept as the file's line ending);
- strings take every escape msgfmt takes (\\a \\b \\f \\n \\r \\t \\v \\\\ \\" octal, hex);
- the charset is the one the header entry's Content-Type declares, nothing else;
- each entry remembers the text it was read from. Writing re-emits that text unchanged for an
  entry nobody changed, re-uses the lines of each unchanged field of a changed entry, and renders
  only what is new, wrapped as gettext and Poedit wrap (79 columns). Reading and writing back a
  catalog without changes gives the same bytes (BOM, CRLF, wrapping, escapes and final newline
  as found).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

import polib

from .errors import CatalogError
from .lazy_pattern import lazy_compile

PAGE_WIDTH = 79  # gettext's and Poedit's default
BOM = "\ufeff"

# What an entry holds, in the order gettext writes it. Each is compared with what was read to
# decide whether its original lines can be written again.
FIELDS = ("tcomment", "comment", "occurrences", "flags", "previous", "msgctxt", "msgid", "msgid_plural", "msgstr")


def field_values(entry: polib.POEntry) -> dict[str, object]:
    """An entry's value per field, comparable with what it was read as."""
    return {
        "tcomment": entry.tcomment or "",
        "comment": entry.comment or "",
        "occurrences": tuple(tuple(o) for o in entry.occurrences),
        "flags": tuple(entry.flags),
        "previous": (entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural),
        "msgctxt": entry.msgctxt,
        "msgid": entry.msgid,
        "msgid_plural": entry.msgid_plural or "",
        "msgstr": (entry.msgstr or "", tuple(sorted((int(k), v) for k, v in entry.msgstr_plural.items()))),
        "obsolete": bool(entry.obsolete),
    }


class _FileLines:
    """A file's lines (split at "\n", a "\r" kept), to cut an entry's text from only when it is written."""

    def __init__(self, lines: list[str], ends_with_newline: bool):
        self.lines, self.ends_with_newline = lines, ends_with_newline

    def text(self, start: int, stop: int) -> str:
        if start >= stop:
            return ""
        body = "\n".join(self.lines[start:stop])
        return body + "\n" if stop < len(self.lines) or self.ends_with_newline else body


@dataclass(eq=False)
class Origin:
    """Where an entry was read from: its text, the blank lines after it, and its lines per field."""

    file: _FileLines
    start: int  # its first line (index)
    end: int  # after its last line
    gap_end: int  # after the blank lines that follow it
    values: dict  # field_values at reading
    field_lines: dict  # field name -> indexes of its lines

    @property
    def text(self) -> str:
        return self.file.text(self.start, self.end)

    @property
    def gap(self) -> str:
        return self.file.text(self.end, self.gap_end)

    def lines(self, name: str) -> list[str]:
        return [self.file.text(i, i + 1) for i in self.field_lines[name]]


class Catalog(polib.POFile):
    """A polib catalog that remembers the file it was read from and writes it back faithfully."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("wrapwidth", 0)
        super().__init__(*args, **kwargs)
        self.bom = False
        self.newline = "\n"
        self.lead = ""  # blank lines before the first entry
        self.tail = ""  # comments after the last entry (gettext ignores them; they are kept)
        self.final_gap = ""  # what follows the last entry (a final newline is part of the entry)
        self.header_entry: polib.POEntry | None = None  # the msgid "" entry as read
        self.header_values: tuple | None = None  # (header, metadata, metadata_is_fuzzy) as read
        self.last_origin: Origin | None = None  # the last entry of the file as read
        self.header_index = 0  # how many entries come before the header (gettext writes it first)

    def __unicode__(self) -> str:
        return render_catalog(self)

    def __str__(self) -> str:
        return render_catalog(self)


# --- reading -----------------------------------------------------------------------------------

_TOKEN = lazy_compile(
    r'[ \t\r\f\v]*(?:(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)(?=[ \t\r\f\v"]|$)|"([^"\\]*(?:\\.[^"\\]*)*)"|(\S.*))'
)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "\\": "\\", '"': '"'}
_ESCAPE = lazy_compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.)|$)")


def decode_string(body: str, charset: str, path, line: int) -> str:
    """The text of a quoted PO string's body, as msgfmt reads it."""
    if "\\" not in body:
        return body
    parts: list = []
    numeric = False
    position = 0
    for match in _ESCAPE.finditer(body):
        parts.append(body[position : match.start()])
        position = match.end()
        octal, hexa, simple = match.groups()
        if octal is not None or hexa is not None:
            parts.append(bytes([int(octal, 8) & 0xFF if octal is not None else int(hexa, 16) & 0xFF]))
            numeric = True
        elif simple in _SIMPLE_ESCAPES:
            parts.append(_SIMPLE_ESCAPES[simple])
        else:
            shown = "\\" + (simple or "")
            raise CatalogError(f"PO syntax error: invalid escape '{shown}' (write \\\\ for a backslash)", path, line)
    parts.append(body[position:])
    if numeric:  # \x and octal escapes are bytes in the catalog's charset
        raw = b"".join(p if isinstance(p, bytes) else p.encode(charset) for p in parts)
        try:
            text = raw.decode(charset)
        except UnicodeDecodeError:
            raise CatalogError(f"PO syntax error: escapes that are not valid {charset} text", path, line) from None
    else:
        text = "".join(parts)
    return text.split("\0", 1)[0]  # msgfmt ends a string at a NUL byte


@dataclass
class _Draft:
    """An entry being read."""

    first: int  # index of its first line
    obsolete: bool | None = None
    comments: dict = field(default_factory=lambda: {"tcomment": [], "comment": [], "occurrences": [], "flags": []})
    strings: dict = field(default_factory=dict)  # msgctxt, msgid, msgid_plural, msgstr, msgstr[n], previous …
    lines: dict = field(default_factory=dict)  # field -> line indexes
    msgid_line: int = 0
    last: int = 0  # index of its last line


_PREVIOUS = {"msgctxt": "previous_msgctxt", "msgid": "previous_msgid", "msgid_plural": "previous_msgid_plural"}


def parse_text(text: str, path, charset: str = "UTF-8", first_entry_only: bool = False) -> Catalog:
    """A Catalog from PO text (already decoded); CatalogError with the line for what msgfmt refuses."""
    return parse_lines(text.split("\n"), path, charset, first_entry_only)


def parse_lines(lines: list[str], path, charset: str = "UTF-8", first_entry_only: bool = False) -> Catalog:
    """parse_text for text already split at "\n" (the list is kept: entries are written back from it)."""
    catalog = Catalog()
    if lines and lines[0].startswith(BOM):
        catalog.bom, lines[0] = True, lines[0][1:]
    ends_with_newline = lines[-1] == ""
    if ends_with_newline:
        lines.pop()
    if sum(line.endswith("\r") for line in lines) * 2 > len(lines):
        catalog.newline = "\r\n"
    drafts: list[_Draft] = []
    draft: _Draft | None = None
    state = "idle"  # idle, msgctxt, msgid, msgid_plural, msgstr
    current: list | None = None  # the string list that a continuation string extends
    current_field = ""

    def error(message, index):
        raise CatalogError(f"PO syntax error: {message}", path, index + 1)

    def finish():
        nonlocal draft, state, current
        if draft is not None:
            drafts.append(draft)
        draft, state, current = None, "idle", None

    for index, end, line in _logical_lines(lines):
        if first_entry_only and drafts:  # the header is the first entry: enough to know the charset
            draft, state = None, "idle"
            break
        stripped = line.strip(" \t\r\f\v")
        if not stripped:
            continue
        previous = obsolete = False
        if stripped.startswith("#"):
            mark = stripped[1:2]
            if mark == "~":
                obsolete = True
                rest = stripped[2:]
                if rest.startswith("|"):
                    previous, rest = True, rest[1:]
                if not rest.strip(" \t\r\f\v"):
                    continue  # a bare "#~" is nothing to gettext
            elif mark == "|":
                previous, rest = True, stripped[2:]
            else:
                if state in ("msgctxt", "msgid", "msgid_plural"):
                    error("a comment inside an entry (move it above the entry)", index)
                if state == "msgstr":
                    finish()
                if draft is None:
                    draft = _Draft(index)
                kind = {".": "comment", ":": "occurrences", ",": "flags"}.get(mark, "tcomment")
                body = stripped[2:] if kind != "tcomment" else stripped[1:]
                if kind == "tcomment" and body.startswith(" "):
                    body = body[1:]
                draft.comments[kind].append(body if kind == "tcomment" else body.strip())
                draft.lines.setdefault(kind, []).extend(range(index, end))
                draft.last = end - 1
                continue
        else:
            rest = stripped
        for match in _TOKEN.finditer(rest):
            keyword, number, string, junk = match.groups()
            if junk is not None:
                error(f"{stripped[:40]!r} is not a keyword and a quoted string", index)
            if keyword is None and string is None:
                continue
            if previous:
                if keyword is not None:
                    if keyword not in _PREVIOUS:
                        error(f"'{keyword}' cannot be a previous msgid (#|)", index)
                    if state == "msgstr":
                        finish()
                    elif state != "idle":
                        error("a #| line inside an entry (move it above the entry)", index)
                    if draft is None:
                        draft = _Draft(index)
                    current_field = _PREVIOUS[keyword]
                    current = draft.strings[current_field] = []
                    draft.lines.setdefault("previous", [])
                elif current is None or not current_field.startswith("previous"):
                    error("a #| string without a keyword", index)
                else:
                    current.append((string, index))
                _add_lines(draft.lines["previous"], index, end)
                draft.last = end - 1
                continue
            if keyword is not None:
                plural_index = int(number) if number is not None else None
                starts = keyword in ("msgctxt", "msgid")
                if starts:
                    if state == "msgstr":
                        finish()
                    elif keyword == "msgctxt" and state != "idle" or keyword == "msgid" and state not in ("idle", "msgctxt"):
                        error(f"'{keyword}' where {_expected(state)} was expected", index)
                elif keyword == "msgid_plural" and state != "msgid":
                    error(f"'msgid_plural' where {_expected(state)} was expected", index)
                elif keyword == "msgstr" and plural_index is None and state != "msgid":
                    if state == "msgid_plural":
                        error("an entry with msgid_plural needs msgstr[0], msgstr[1]…, not msgstr", index)
                    error(f"'msgstr' where {_expected(state)} was expected", index)
                elif plural_index is not None:
                    if state == "msgid":
                        error("msgstr[n] without msgid_plural (write msgstr)", index)
                    expected = sum(1 for k in draft.strings if k.startswith("msgstr[")) if draft else 0
                    if state not in ("msgid_plural", "msgstr") or plural_index != expected or "msgid_plural" not in draft.strings:
                        error(f"'msgstr[{plural_index}]' where {_expected(state, expected)} was expected", index)
                if draft is None:
                    draft = _Draft(index)
                if draft.obsolete is None:
                    draft.obsolete = obsolete
                elif draft.obsolete != obsolete:
                    error("an entry partly obsolete (#~) and partly not", index)
                if keyword == "msgid":
                    draft.msgid_line = index + 1
                current_field = keyword
                current = draft.strings[keyword] = []
                field_name = "msgstr" if keyword.startswith("msgstr") else keyword
                draft.lines.setdefault(field_name, [])
                state = "msgstr" if keyword.startswith("msgstr") else keyword
                _add_lines(draft.lines[field_name], index, end)
                draft.last = end - 1
                continue
            elif current is None or current_field.startswith("previous") or draft.obsolete != obsolete:
                error("a string without a keyword", index)
            current.append((string, index))
            field_name = "msgstr" if current_field.startswith("msgstr") else current_field
            _add_lines(draft.lines[field_name], index, end)
            draft.last = end - 1
    if state in ("msgctxt", "msgid", "msgid_plural"):
        error("the entry ends without msgstr", len(lines) - 1 if lines else 0)
    tail_from = None
    if draft is not None and state == "idle":  # comments after the last entry
        tail_from = draft.first
        draft = None
    finish()
    return _assemble(catalog, drafts, lines, ends_with_newline, tail_from, charset, path)


def _logical_lines(lines: list[str]):
    """(first, end, text) of each line as msgfmt reads it: a backslash ending a line joins the next
    line to it (C's line splicing), and a "\r" before the "\n" is not part of the line."""
    index, count = 0, len(lines)
    while index < count:
        end = index + 1
        text = lines[index]
        while text.endswith("\\") and end < count:
            text = text[:-1] + lines[end]
            end += 1
        yield index, end, text[:-1] if text.endswith("\r") else text
        index = end


def _add_lines(indexes: list[int], start: int, end: int) -> None:
    if not indexes or indexes[-1] < start:
        indexes.extend(range(start, end))


def _expected(state: str, plural_index: int = 0) -> str:
    return {
        "idle": "msgctxt or msgid",
        "msgctxt": "msgid",
        "msgid": "msgstr or msgid_plural",
        "msgid_plural": f"msgstr[{plural_index}]",
        "msgstr": f"msgstr[{plural_index}] or a new entry",
    }[state]


def _assemble(catalog: Catalog, drafts, lines, ends_with_newline, tail_from, charset, path) -> Catalog:
    file_lines = _FileLines(lines, ends_with_newline)
    text_of = file_lines.text

    catalog.lead = text_of(0, drafts[0].first if drafts else (tail_from if tail_from is not None else len(lines)))
    header_seen = False
    for number, draft in enumerate(drafts):
        strings = {k: "".join(decode_string(s, charset, path, i + 1) for s, i in v) for k, v in draft.strings.items()}
        plural = {int(k[7:-1]): v for k, v in strings.items() if k.startswith("msgstr[")}
        entry = polib.POEntry(
            msgid=strings.get("msgid", ""),
            msgstr=strings.get("msgstr", ""),
            msgctxt=strings.get("msgctxt"),
            msgid_plural=strings.get("msgid_plural", ""),
            msgstr_plural=plural,
            occurrences=[_occurrence(word) for line in draft.comments["occurrences"] for word in line.split()],
            flags=[flag.strip() for line in draft.comments["flags"] for flag in line.split(",") if flag.strip()],
            comment="\n".join(draft.comments["comment"]),
            tcomment="\n".join(draft.comments["tcomment"]),
            previous_msgctxt=strings.get("previous_msgctxt"),
            previous_msgid=strings.get("previous_msgid"),
            previous_msgid_plural=strings.get("previous_msgid_plural"),
            obsolete=bool(draft.obsolete),
        )
        entry.linenum = draft.first + 1
        entry.msgid_line = draft.msgid_line
        stop = drafts[number + 1].first if number + 1 < len(drafts) else (tail_from if tail_from is not None else len(lines))
        gap_start = draft.last + 1
        entry.origin = Origin(file_lines, draft.first, gap_start, stop, field_values(entry), draft.lines)
        if not header_seen and entry.msgid == "" and entry.msgctxt is None and not entry.obsolete:
            header_seen = True
            catalog.header_index = len(catalog)
            _take_header(catalog, entry)
            continue
        catalog.append(entry)
    if tail_from is not None:
        catalog.tail = text_of(tail_from, len(lines))
    if drafts:
        catalog.last_origin, catalog.final_gap = entry.origin, entry.origin.gap
    return catalog


def _occurrence(word: str) -> tuple[str, str]:
    name, _, line = word.rpartition(":")
    return (name, line) if name and line.isdigit() else (word, "")


def _take_header(catalog: Catalog, entry: polib.POEntry) -> None:
    catalog.header_entry = entry
    catalog.header = entry.tcomment
    catalog.metadata_is_fuzzy = "fuzzy" in entry.flags
    metadata: dict[str, str] = {}
    key = None
    for line in entry.msgstr.split("\n"):
        name, colon, value = line.partition(":")
        if colon:
            key = name
            metadata[key] = value.strip()
        elif key is not None and line.strip():
            metadata[key] += "\n" + line.strip()
    catalog.metadata = metadata
    catalog.header_values = _header_values(catalog)


def _header_values(catalog) -> tuple:
    return (catalog.header or "", tuple(catalog.metadata.items()), bool(catalog.metadata_is_fuzzy))


_CHARSET = lazy_compile(r"charset=([^\s;]+)", re.IGNORECASE)


def header_charset(metadata: dict) -> str:
    """The charset the Content-Type field declares ("CHARSET" of a template, or none: UTF-8)."""
    found = _CHARSET.search(metadata.get("Content-Type", ""))
    if found is None or found.group(1).upper() == "CHARSET":
        return "UTF-8"
    return found.group(1)


def python_codec(charset: str, path) -> str:
    try:
        return codecs.lookup(charset).name
    except LookupError:
        raise CatalogError(f"unknown charset '{charset}' in the header's Content-Type (use UTF-8)", file=path) from None


def parse_bytes(raw: bytes, path) -> Catalog:
    """A Catalog from a PO file's bytes, decoded in the charset its header declares."""
    bom = raw.startswith(codecs.BOM_UTF8)
    body = raw[3:] if bom else raw
    # Keywords and header fields are ASCII, so Latin-1 (which maps every byte) finds the header,
    # which is the first entry in all but odd catalogs: look for it in the file's start first.
    start = body[: body.rfind(b"\n", 0, 65536) + 1] if len(body) > 65536 else body
    try:
        probe = parse_text(start.decode("latin-1"), path, "latin-1", first_entry_only=True)
    except CatalogError:
        probe = Catalog()
    if probe.header_entry is None:
        try:
            probe = parse_text(body.decode("latin-1"), path, "latin-1")
        except CatalogError:
            probe = Catalog()  # no header to find: the UTF-8 reading below reports the error in readable text
    charset = header_charset(probe.metadata) if probe.header_entry is not None else "UTF-8"
    codec = python_codec(charset, path)
    if bom and codec != "utf-8":
        raise CatalogError(f"a UTF-8 byte order mark, but the header declares charset={charset}", file=path, line=1)
    catalog = parse_lines(_decoded_lines(body, codec, charset, path), path, codec)
    catalog.bom = bom
    return catalog


BLOCK = 1 << 20


def _decoded_lines(body: bytes, codec: str, charset: str, path) -> list[str]:
    """body's text split at "\n", decoded a block at a time: the whole text is never held beside
    its lines (for a big catalog that was the reader's peak)."""
    decoder = codecs.getincrementaldecoder(codec)()
    lines: list[str] = []
    pending: list[str] = []  # the start of a line not yet ended
    try:
        for start in range(0, len(body), BLOCK):
            parts = decoder.decode(body[start : start + BLOCK]).split("\n")
            if len(parts) > 1:
                parts[0] = "".join((*pending, parts[0]))
                pending = []
            pending.append(parts.pop())
            lines.extend(parts)
        pending.append(decoder.decode(b"", final=True))
    except UnicodeDecodeError:
        try:
            body.decode(codec)  # again, whole, for the offset of the first bad byte
        except UnicodeDecodeError as problem:
            line = body[: problem.start].count(b"\n") + 1
            raise CatalogError(f"not valid {charset} text (the header declares charset={charset})", path, line) from None
        raise
    lines.append("".join(pending))
    return lines


# --- writing -----------------------------------------------------------------------------------

_OUT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
                "\t": "\\t", "\v": "\\v"}
_NEEDS_ESCAPE = lazy_compile('[\\\\"\a\b\f\n\r\t\v]')


class _CharWidths(dict):
    """Columns a character takes (combining 0, wide 2, else 1), looked up once per character:
    two unicodedata calls per character made writing a Vietnamese catalog slow."""

    def __missing__(self, char: str) -> int:
        width = self[char] = 0 if unicodedata.combining(char) else 2 if _wide(char) else 1
        return width


_CHAR_WIDTH = _CharWidths()


def _width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(map(_CHAR_WIDTH.__getitem__, text))


class _WideChars(dict):
    def __missing__(self, char: str) -> bool:
        wide = self[char] = unicodedata.east_asian_width(char) in "WF"
        return wide


_wide = _WideChars().__getitem__  # whether a character is wide, looked up once per character


_NO_BREAK_BEFORE = set(" \t,.;:!?)]}\"'")
_NO_BREAK_AFTER = set("([{\"'")


def _may_break(text: str, i: int) -> bool:
    """May a line break before text[i]? A subset of Unicode line breaking (UAX #14), which gettext
    uses: after spaces; after - / ? ! between letters; around ideographs."""
    before, after = text[i - 1], text[i]
    if after == "\n" or unicodedata.combining(after):
        return False
    if before == " ":
        return after != " "
    if before in "-/?!":
        return after.isalpha() and not _wide(after) and i > 1 and text[i - 2] not in " -/?!"
    if _wide(before) or _wide(after):
        return after not in _NO_BREAK_BEFORE and before not in _NO_BREAK_AFTER and not (
            before in "-/" or after in "-/")
    return False


_BREAKS_AFTER = lazy_compile(r"[ \-/?!]")


def _pieces(text: str) -> list[str]:
    """Text cut where a line may break, each piece escaped as gettext writes it."""
    pieces, start = [], 0
    if text.isascii() or not any(map(_wide, text)):
        # without a wide character a line may only break after a space or - / ? !: ask only there
        candidates = (m.end() for m in _BREAKS_AFTER.finditer(text, 0, len(text) - 1))
    else:
        candidates = range(1, len(text))
    for i in candidates:
        if _may_break(text, i):
            pieces.append(text[start:i])
            start = i
    pieces.append(text[start:])
    if _NEEDS_ESCAPE.search(text) is None:  # the common case: one search instead of a sub per piece
        return [p for p in pieces if p]
    return [_NEEDS_ESCAPE.sub(lambda m: _OUT_ESCAPES[m.group()], p) for p in pieces if p]


def render_string(keyword: str, text: str, prefix: str = "", newline: str = "\n") -> str:
    """`keyword "text"` as gettext writes it: one line if it fits in 79 columns, else wrapped."""
    portions = [p for p in re.split(r"(?<=\n)", text) if p] or [""]
    escaped = [_pieces(p) for p in portions]
    head = f"{prefix}{keyword} "
    one_line = "".join(piece for pieces in escaped for piece in pieces)
    fits = _width(head) + _width(one_line) + 2 <= PAGE_WIDTH
    if len(portions) == 1 and (fits or len(escaped[0]) <= 1):
        return f'{head}"{one_line}"{newline}'
    lines = [f'{head}""']
    room = PAGE_WIDTH - _width(prefix) - 2
    for pieces in escaped:
        line, line_width = "", 0  # the width kept as the line grows: measuring it again is quadratic
        for piece in pieces:
            piece_width = _width(piece)
            if line and line_width + piece_width > room:
                lines.append(f'{prefix}"{line}"')
                line, line_width = "", 0
            line += piece
            line_width += piece_width
        lines.append(f'{prefix}"{line}"')
    return newline.join(lines) + newline


def _render_field(name: str, entry: polib.POEntry, prefix: str, newline: str) -> str:
    if name == "tcomment":
        return "".join(("# " + line if line else "#") + newline for line in entry.tcomment.split("\n")) if entry.tcomment else ""
    if name == "comment":
        return "".join(("#. " + line if line else "#.") + newline for line in entry.comment.split("\n")) if entry.comment else ""
    if name == "occurrences":
        if not entry.occurrences or entry.obsolete:
            return ""
        words = [f"{where}:{line}" if line else where for where, line in entry.occurrences]
        out, line = [], "#:"
        for word in words:
            if line != "#:" and len(line) + 1 + len(word) > PAGE_WIDTH:
                out.append(line)
                line = "#:"
            line += " " + word
        out.append(line)
        return newline.join(out) + newline
    if name == "flags":
        return f"#, {', '.join(entry.flags)}{newline}" if entry.flags else ""
    if name == "previous":
        mark = "#~| " if entry.obsolete else "#| "
        out = ""
        for keyword, value in (("msgctxt", entry.previous_msgctxt), ("msgid", entry.previous_msgid),
                               ("msgid_plural", entry.previous_msgid_plural)):
            if value is not None:
                out += render_string(keyword, value, mark, newline)
        return out
    if name == "msgctxt":
        return render_string("msgctxt", entry.msgctxt, prefix, newline) if entry.msgctxt is not None else ""
    if name == "msgid":
        return render_string("msgid", entry.msgid, prefix, newline)
    plural = bool(entry.msgid_plural or entry.msgstr_plural)  # msgid_plural "" makes a plural entry too
    if name == "msgid_plural":
        return render_string("msgid_plural", entry.msgid_plural, prefix, newline) if plural else ""
    if plural:
        forms = entry.msgstr_plural or {0: ""}
        return "".join(render_string(f"msgstr[{i}]", forms[i], prefix, newline) for i in sorted(forms, key=int))
    return render_string("msgstr", entry.msgstr, prefix, newline)


_OBSOLETE_MARK = lazy_compile(r"^#~ ?")


def _reuse(lines: list[str], was_obsolete: bool, now_obsolete: bool, name: str) -> str:
    """A field's original lines, marked or unmarked #~ when the entry became obsolete or came back."""
    if was_obsolete == now_obsolete or name in ("tcomment", "comment", "flags"):
        return "".join(lines)
    if now_obsolete:
        return "".join(("#~" + line[1:]) if line.startswith("#|") else "#~ " + line for line in lines)
    return "".join(("#" + line[2:]) if line.startswith("#~|") else _OBSOLETE_MARK.sub("", line) for line in lines)


def render_entry(entry: polib.POEntry, newline: str = "\n") -> str:
    """An entry's text: as read if unchanged, else its unchanged fields' lines and the rest rendered."""
    origin: Origin | None = getattr(entry, "origin", None)
    values = field_values(entry)
    if origin is not None and origin.values == values:
        return origin.text
    prefix = "#~ " if entry.obsolete else ""
    out = []
    for name in FIELDS:
        if name == "occurrences" and entry.obsolete:
            continue
        if origin is not None and name in origin.field_lines and origin.values[name] == values[name]:
            out.append(_reuse(origin.lines(name), origin.values["obsolete"], values["obsolete"], name))
        else:
            out.append(_render_field(name, entry, prefix, newline))
    text = "".join(out)
    if not text.endswith("\n"):  # an entry read last in a file without a final newline
        text += newline
    return text


def header_as_entry(catalog) -> polib.POEntry | None:
    """The msgid "" entry for the catalog's header, keeping the read one where nothing changed."""
    read: polib.POEntry | None = getattr(catalog, "header_entry", None)
    if read is not None and getattr(catalog, "header_values", None) == _header_values(catalog):
        return read
    if read is None and not catalog.metadata and not catalog.header:
        return None
    entry = polib.POEntry(msgid="", msgstr=_header_msgstr(catalog, read))
    entry.tcomment = catalog.header or ""
    entry.flags = ["fuzzy"] if catalog.metadata_is_fuzzy else []
    if read is not None:
        entry.comment, entry.occurrences = read.comment, list(read.occurrences)
        entry.previous_msgctxt, entry.previous_msgid = read.previous_msgctxt, read.previous_msgid
        if catalog.metadata_is_fuzzy and "fuzzy" in read.flags:
            entry.flags = list(read.flags)
        entry.origin = read.origin
    return entry


def _header_msgstr(catalog, read: polib.POEntry | None) -> str:
    """Fields as read, in their order, with changed values replaced and new fields added at the end."""
    metadata = dict(catalog.metadata)
    lines = []
    old_lines = read.msgstr.split("\n") if read is not None else []
    skipping = False
    for line in old_lines:
        name, colon, _ = line.partition(":")
        if colon:
            skipping = name not in metadata
            if not skipping:
                lines.append(f"{name}: {metadata.pop(name)}")
        elif line and not skipping and not lines:
            lines.append(line)
    lines.extend(f"{name}: {value}" for name, value in metadata.items())
    return "".join(line + "\n" for line in lines)


def render_catalog(catalog) -> str:
    """The catalog's text: the file it was read from, with only what changed rendered anew."""
    newline = getattr(catalog, "newline", "\n")
    entries = list(catalog)
    header = header_as_entry(catalog)
    if header is not None:
        entries.insert(min(getattr(catalog, "header_index", 0), len(entries)), header)
    out = [BOM if getattr(catalog, "bom", False) else "", getattr(catalog, "lead", "")]
    for number, entry in enumerate(entries):
        text = render_entry(entry, newline)
        last = number == len(entries) - 1
        origin = getattr(entry, "origin", None)
        if last:
            gap = getattr(catalog, "final_gap", "") if origin is None else _final_gap(catalog, entry)
        else:
            gap = origin.gap if origin is not None and not _was_last(catalog, entry) else newline
        if not text.endswith("\n") and not last:
            text += newline
        out.append(text + gap)
    tail = getattr(catalog, "tail", "")
    if tail and out and not out[-1].endswith("\n"):
        out.append(newline)
    out.append(tail)
    return "".join(out)


def _was_last(catalog, entry) -> bool:
    return entry.origin is getattr(catalog, "last_origin", None)


def _final_gap(catalog, entry) -> str:
    if entry.origin is getattr(catalog, "last_origin", None):
        return entry.origin.gap
    return getattr(catalog, "final_gap", "")


def catalog_bytes(catalog, path=None) -> bytes:
    """The catalog's text encoded in the charset its header declares; CatalogError if it cannot be."""
    text = render_catalog(catalog)
    charset = header_charset(catalog.metadata)
    codec = python_codec(charset, path)
    if getattr(catalog, "bom", False) and codec != "utf-8":
        text = text.removeprefix(BOM)
    try:
        return text.encode(codec)
    except UnicodeEncodeError as problem:
        line = text[: problem.start].count("\n") + 1
        character = text[problem.start]
        raise CatalogError(
            f"'{character}' (U+{ord(character):04X}) cannot be written in this catalog's charset {charset}; "
            "nothing was written (convert the catalog to UTF-8: msgconv -t UTF-8)",
            path, line) from None
