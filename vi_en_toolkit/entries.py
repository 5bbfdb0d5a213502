"""Translation entries as the checks see them, and a fast strict way to read them from PO files.

polib builds a full POEntry per message (comments, occurrences, wrapping state); checking 50,000
entries only needs msgid, msgstr, the msgid's line and the fuzzy flag. `read_entries` scans an
ordinary UTF-8 catalog line by line for just that. Anything it is not sure about (another
charset, a binary or empty file, an unusual order of lines, any syntax error) goes to the
foundation's strict reader instead, so errors are exactly catalog.read_catalog's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .catalog import parse_catalog
from .errors import CatalogError


@dataclass(frozen=True)
class Entry:
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
_LINE = re.compile(r'(?:(msgctxt|msgid|msgid_plural|msgstr(?:\[(\d+)\])?)[ \t]+)?"([^"\\]*(?:\\.[^"\\]*)*)"[ \t]*')
_ESCAPE = re.compile(r'\\(\\|n|t|r|")')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"'}
_UTF8_CHARSET = re.compile(r"charset=(?:utf-?8|CHARSET)(?:[\s;]|$)", re.IGNORECASE | re.MULTILINE)


_OTHER_ESCAPE = re.compile(r'\\[^\\ntr"]')  # \a, octal, or invalid (may misfire after \\: only costs speed)


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    if _OTHER_ESCAPE.search(text):
        raise _Unsure
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group(1)], text)


def read_entries(path) -> list[Entry]:
    """The checkable entries of a PO file: fast for ordinary catalogs, strict for all."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CatalogError(f"cannot read: {error.strerror}", file=path) from None
    try:
        if b"\0" in raw or not raw.strip() or raw.startswith(b"\xef\xbb\xbf") or b"\\\n" in raw:
            raise _Unsure  # (a backslash ending a line joins the next one to it, for msgfmt)
        return _scan(raw.decode("utf-8"), str(path))
    except (_Unsure, UnicodeDecodeError):
        return catalog_entries(parse_catalog(raw, path), str(path))


def _scan(text: str, file: str) -> list[Entry]:
    entries: list[Entry] = []
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
                source, file_entries = _unescape(source), []
                if "msgid_plural" in fields:
                    forms = tuple(_unescape("".join(plural[index])) for index in sorted(plural))
                    file_entries.append(Entry(file, line_of_msgid, source, forms[0], fuzzy,
                                              _unescape("".join(fields["msgid_plural"])), forms))
                else:
                    file_entries.append(Entry(file, line_of_msgid, source, _unescape("".join(fields["msgstr"])), fuzzy))
                entries.extend(file_entries)
        fields, plural, fuzzy = {}, {}, False

    for number, line in enumerate(text.split("\n"), start=1):
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
            line_of_msgid = number
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
    if not entries and "msgid" not in text:
        raise _Unsure
    return entries
