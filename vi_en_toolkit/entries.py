"""Translation entries as the checks see them, and a fast strict way to read them from PO files.

polib builds a full POEntry per message (comments, occurrences, wrapping state); checking 50,000
entries only needs msgid, msgstr, the msgid's line and the fuzzy flag. `read_entries` scans an
ordinary UTF-8 catalog line by line for just that. Anything it is not sure about (another
charset, a binary or empty file, an unusual order of lines, any syntax error) goes to the
foundation's strict reader instead, so errors are exactly catalog.read_catalog's.
"""

# Annotations evaluated, not `from __future__ import annotations`: typing.NamedTuple compiles a
# string annotation per field, ~0.2 ms a class, paid by every run at start-up.
import re
from pathlib import Path
from typing import NamedTuple

from .catalog import read_catalog
from .errors import CatalogError
from .files import MAX_INPUT_BYTES, open_regular
from .lazy_pattern import lazy_compile


class Entry(NamedTuple):  # a tuple: a big catalog holds hundreds of thousands
    """One translation unit of a catalog: a msgid and its msgstr.

    A plural entry is one unit too: `target` is its first form (msgstr[0]), and `source_plural`
    and `plural_targets` (every msgstr[n]) hold the rest, so its forms never count as separate
    entries nor as inconsistent translations of one source.
    """

    file: str
    line: int
    source: str
    target: str
    fuzzy: bool = False
    source_plural: str = ""
    plural_targets: tuple[str, ...] = ()


def catalog_entries(catalog, file: str) -> list[Entry]:
    """The entries of a polib catalog worth checking: not the header, not obsolete ones."""
    entries = []
    for po_entry in catalog:
        if po_entry.obsolete or (po_entry.msgid == "" and not po_entry.msgctxt):
            continue
        line = getattr(po_entry, "msgid_line", None) or po_entry.linenum or 0
        fuzzy = "fuzzy" in po_entry.flags
        if po_entry.msgid_plural or po_entry.msgstr_plural:  # (msgid_plural "" is a plural entry too)
            forms = tuple(target for _, target in sorted(po_entry.msgstr_plural.items(), key=lambda f: int(f[0])))
            entries.append(Entry(file, line, po_entry.msgid, forms[0], fuzzy, po_entry.msgid_plural, forms))
        else:
            entries.append(Entry(file, line, po_entry.msgid, po_entry.msgstr, fuzzy))
    return entries


class _Unsure(Exception):
    """The scan met something the strict reader should judge."""


# keyword (optional) and one quoted string; the string part is an unrolled loop, fast in re
_LINE = lazy_compile(r'(?:(msgctxt|msgid|msgid_plural|msgstr(?:\[(\d+)\])?)[ \t]+)?"([^"\\]*(?:\\.[^"\\]*)*)"[ \t]*')
_ESCAPE = lazy_compile(r'\\(\\|n|t|r|")')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"'}
_UTF8_CHARSET = re.compile(r"charset=(?:utf-?8|CHARSET)(?:[\s;]|$)", re.IGNORECASE | re.MULTILINE)


_OTHER_ESCAPE = lazy_compile(r'\\[^\\ntr"]')  # \a, octal, or invalid (may misfire after \\: only costs speed)


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    if _OTHER_ESCAPE.search(text):
        raise _Unsure
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group(1)], text)


def read_entries(path) -> list[Entry]:
    """The checkable entries of a PO file: fast for ordinary catalogs, strict for all.

    The file is read a block at a time and only the entries are kept, so reading peaks at little
    more than what it returns (the whole bytes, their text and a list of all lines would be four
    times that). Only what the fast scan leaves to the strict reader is read whole, by it."""
    path = Path(path)
    try:
        with open_regular(path, CatalogError) as handle:
            return _scan(_utf8_lines(handle), str(path))
    except (_Unsure, UnicodeDecodeError):
        return catalog_entries(read_catalog(path), str(path))


BLOCK = 1 << 20


def _utf8_lines(handle):
    """The file's lines (split at "\n" only, as msgfmt splits them), decoded a block at a time;
    _Unsure at what the strict reader must judge: a NUL, a BOM, a backslash ending a line (msgfmt
    joins the next line to it), a file that grew past the size limit while being read."""
    pending: list[bytes] = []  # the start of a line not yet ended
    size = 0
    while block := handle.read(BLOCK):
        if size == 0 and block.startswith(b"\xef\xbb\xbf"):
            raise _Unsure
        size += len(block)
        if size > MAX_INPUT_BYTES:
            raise _Unsure
        cut = block.rfind(b"\n") + 1  # a UTF-8 character never holds a "\n" byte
        if cut == 0:
            pending.append(block)
            continue
        lines = b"".join((*pending, block[:cut]))
        pending = [block[cut:]]
        if b"\0" in lines or b"\\\n" in lines:
            raise _Unsure
        yield from lines.decode("utf-8").split("\n")[:-1]
    rest = b"".join(pending)
    if b"\0" in rest:
        raise _Unsure
    if rest:
        yield rest.decode("utf-8")


def _scan(lines, file: str) -> list[Entry]:
    entries: list[Entry] = []
    saw_msgid = False
    fields: dict = {}
    plural: dict[int, list[str]] = {}
    current: list[str] | None = None  # the string that continuation lines add to
    state = "start"  # start, comment, msgctxt, msgid, msgid_plural, msgstr
    fuzzy = False
    line_of_msgid = 0
    seen: set[tuple] = set()
    header_seen = False

    def finish():
        nonlocal fields, plural, fuzzy, header_seen
        if "msgid" in fields:
            source = "".join(fields["msgid"])
            if not source and "msgctxt" not in fields and "msgstr" in fields and not header_seen:
                header_seen = True
                content_type = re.search(r"Content-Type:[^\\]*", "".join(fields["msgstr"]))
                if content_type and "charset=" in content_type.group() and not _UTF8_CHARSET.search(content_type.group()):
                    raise _Unsure  # another charset: the strict reader decodes it
            elif source or "msgctxt" in fields:
                key = ("".join(fields["msgctxt"]) if "msgctxt" in fields else None, source)
                if key in seen:
                    raise _Unsure  # a duplicate definition: the strict reader names both lines
                seen.add(key)
                source = _unescape(source)
                if "msgid_plural" in fields:
                    forms = tuple(_unescape("".join(plural[index])) for index in sorted(plural))
                    entries.append(Entry(file, line_of_msgid, source, forms[0], fuzzy,
                                         _unescape("".join(fields["msgid_plural"])), forms))
                else:
                    entries.append(Entry(file, line_of_msgid, source, _unescape("".join(fields["msgstr"])), fuzzy))
        fields, plural, fuzzy = {}, {}, False

    for number, line in enumerate(lines, start=1):
        stripped = line.strip(" \t\r\f\v")  # what gettext calls white space; str.strip() takes more
        if not stripped:
            if state in ("msgctxt", "msgid", "msgid_plural"):
                raise _Unsure  # a blank line inside an entry: let the strict reader judge
            continue
        if stripped[0] == "#":
            if state in ("msgctxt", "msgid", "msgid_plural"):
                raise _Unsure
            if state == "msgstr":
                finish()
            if stripped.startswith("#,") and "fuzzy" in stripped[2:].replace(",", " ").split():
                fuzzy = True
            elif stripped.startswith("#~"):
                fuzzy = False  # the flags above belong to this obsolete entry, not to the next one
            state, current = "comment", None
            continue
        match = _LINE.fullmatch(stripped)
        if match is None:
            raise _Unsure
        keyword, index, string = match.groups()
        if keyword is None:
            if current is None:
                raise _Unsure
            current.append(string)
            continue
        if keyword == "msgctxt":
            if state == "msgstr":
                finish()
            elif state not in ("start", "comment"):
                raise _Unsure
            current = fields["msgctxt"] = [string]
            state = "msgctxt"
        elif keyword == "msgid":
            if state == "msgstr":
                finish()
            elif state not in ("start", "comment", "msgctxt"):
                raise _Unsure
            current = fields["msgid"] = [string]
            line_of_msgid, saw_msgid = number, True
            state = "msgid"
        elif keyword == "msgid_plural":
            if state != "msgid":
                raise _Unsure
            current = fields["msgid_plural"] = [string]
            state = "msgid_plural"
        elif index is None:  # msgstr
            if state != "msgid":
                raise _Unsure
            current = fields["msgstr"] = [string]
            state = "msgstr"
        else:  # msgstr[n]
            if not (state == "msgid_plural" and index == "0" or state == "msgstr" and plural and int(index) == len(plural)):
                raise _Unsure
            current = plural[int(index)] = [string]
            state = "msgstr"
    if state in ("msgctxt", "msgid", "msgid_plural"):
        raise _Unsure
    finish()
    if not entries and not saw_msgid:
        raise _Unsure  # nothing that looks like a catalog (an empty file…): the strict reader says what
    return entries
