"""PO catalogs on disk: finding them, reading them strictly, writing them atomically.

polib is the data model (POFile, POEntry); po_format reads and writes the text as gettext does,
so a catalog read and written back keeps its bytes. Reading adds what polib lacks:
`entry.msgid_line`, the line of the entry's msgid, which is what editors and CI annotations
point at, and the text each entry was read from.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CatalogError
from .files import binary_problem, find_files, read_regular_bytes, write_atomic  # write_atomic: re-exported, it lived here

if TYPE_CHECKING:  # po_format and polib are imported by what parses or writes: `vi-en check` reads most catalogs without them
    import polib

    from .po_format import Catalog


def catalog_files(paths) -> list[Path]:
    """The PO files named, and those found in folders named, in a stable order."""
    return find_files(paths, ("*.po",), "PO catalogs", CatalogError)


def read_catalog(path: Path) -> Catalog:
    """Parse a PO file, raising CatalogError (with the line) for anything that is not a catalog."""
    return parse_catalog(read_regular_bytes(path, CatalogError), path)


def parse_catalog(raw: bytes, path) -> Catalog:
    if b"\0" in raw:
        raise CatalogError(binary_problem(raw, "a PO catalog"), file=path)
    if not raw.strip():
        raise CatalogError("empty file, not a PO catalog", file=path)
    from .po_format import parse_bytes

    catalog = parse_bytes(raw, path)
    if not catalog and catalog.header_entry is None:
        raise CatalogError("no PO entries (is this a PO catalog?)", file=path, line=1)
    catalog.fpath = str(path)
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


def write_catalog(catalog: polib.POFile, path: Path) -> None:
    """Write a catalog in the charset its header declares; nothing is written if it cannot be."""
    from .po_format import catalog_bytes

    write_atomic(path, catalog_bytes(catalog, path))
