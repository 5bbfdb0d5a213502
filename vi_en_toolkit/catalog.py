"""PO catalogs on disk: finding them, reading them strictly, writing them atomically.

polib is the data model (POFile, POEntry). Reading adds one thing polib lacks: `entry.msgid_line`,
the line of the entry's msgid, which is what editors and CI annotations point at.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path

import polib

from .errors import CatalogError
from .files import binary_problem, find_files, write_atomic  # write_atomic: re-exported, it lived here


def catalog_files(paths) -> list[Path]:
    """The PO files named, and those found in folders named, in a stable order."""
    return find_files(paths, ("*.po",), "PO catalogs", CatalogError)


def read_catalog(path: Path) -> polib.POFile:
    """Parse a PO file, raising CatalogError (with the line) for anything that is not a catalog."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise CatalogError(f"cannot read: {error.strerror}", file=path) from None
    return parse_catalog(raw, path)


def parse_catalog(raw: bytes, path) -> polib.POFile:
    if b"\0" in raw:
        raise CatalogError(binary_problem(raw, "a PO catalog"), file=path)
    if not raw.strip():
        raise CatalogError("empty file, not a PO catalog", file=path)
    encoding = _declared_charset(raw)
    try:
        text = raw.decode(encoding).removeprefix("\ufeff")  # Windows editors start UTF-8 with a BOM
    except (UnicodeDecodeError, LookupError) as error:
        line = raw[: getattr(error, "start", 0)].count(b"\n") + 1
        raise CatalogError(f"not valid {encoding} text (the catalog declares charset={encoding})", path, line) from None
    _check_po_lines(text, path)
    try:
        catalog = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as error:
        found = re.search(r"line (\d+)", str(error))
        what = str(error).split(":", 1)[1].strip() if ":" in str(error) else "syntax error"
        raise CatalogError(f"PO syntax error: {what or 'unexpected text'}", path, int(found.group(1)) if found else None) from None
    if not catalog and not catalog.metadata and "msgid" not in text:
        raise CatalogError("no PO entries (is this a PO catalog?)", file=path, line=1)
    catalog.fpath = str(path)
    _record_msgid_lines(catalog, text)
    _refuse_duplicates(catalog, path)
    return catalog


def _refuse_duplicates(catalog: polib.POFile, path) -> None:
    """Two definitions of one message: msgfmt refuses them, and which one counts would be a guess."""
    first: dict[tuple, int] = {}
    for entry in catalog:
        if not entry.obsolete:
            key = (entry.msgctxt, entry.msgid)
            if key in first:
                raise CatalogError(f"duplicate message definition (first at line {first[key]})", path, entry.msgid_line)
            first[key] = entry.msgid_line


_PO_ESCAPES = set("abfnrtv\\\"'?01234567x")  # what msgfmt accepts after a backslash
_PO_LINE = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?"(?:[^"\\]|\\.)*"[ \t]*')


def _check_po_lines(text: str, path) -> None:
    """polib accepts some broken lines (an unterminated string); msgfmt does not, nor do we."""
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and not _PO_LINE.fullmatch(stripped):
            raise CatalogError(f"PO syntax error: {stripped[:40]!r} is not a keyword and a quoted string", path, number)
        if "\\" in stripped and not stripped.startswith("#"):
            for escape in re.finditer(r"\\(.)", stripped):
                if escape.group(1) not in _PO_ESCAPES:
                    raise CatalogError(f"PO syntax error: invalid escape '\\{escape.group(1)}' (write \\\\ for a backslash)",
                                       path, number)


def _declared_charset(raw: bytes) -> str:
    found = re.search(rb"charset=([A-Za-z0-9_.:-]+)", raw[:4096])
    charset = found.group(1).decode("ascii") if found else "utf-8"
    return "utf-8" if charset.upper() == "CHARSET" else charset


def _record_msgid_lines(catalog: polib.POFile, text: str) -> None:
    msgid_lines = [i for i, line in enumerate(text.split("\n"), start=1) if line.startswith("msgid ")]
    for entry in catalog:
        position = bisect.bisect_left(msgid_lines, entry.linenum or 0)
        entry.msgid_line = msgid_lines[position] if position < len(msgid_lines) else entry.linenum


def write_catalog(catalog: polib.POFile, path: Path) -> None:
    write_atomic(path, catalog.__unicode__())
