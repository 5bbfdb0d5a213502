"""PO catalogs on disk: finding them, reading them strictly, writing them atomically.

polib is the data model (POFile, POEntry); po_format reads and writes the text as gettext does,
so a catalog read and written back keeps its bytes. Reading adds what polib lacks:
`entry.msgid_line`, the line of the entry's msgid, which is what editors and CI annotations
point at, and the text each entry was read from.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import polib

from .errors import CatalogError
from .files import binary_problem, find_files
from .po_format import Catalog, catalog_bytes, parse_bytes


def catalog_files(paths) -> list[Path]:
    """The PO files named, and those found in folders named, in a stable order."""
    return find_files(paths, ("*.po",), "PO catalogs", CatalogError)


def read_catalog(path: Path) -> Catalog:
    """Parse a PO file, raising CatalogError (with the line) for anything that is not a catalog."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise CatalogError(f"cannot read: {error.strerror}", file=path) from None
    return parse_catalog(raw, path)


def parse_catalog(raw: bytes, path) -> Catalog:
    if b"\0" in raw:
        raise CatalogError(binary_problem(raw, "a PO catalog"), file=path)
    if not raw.strip():
        raise CatalogError("empty file, not a PO catalog", file=path)
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


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write text (str as UTF-8, or bytes as they are) so that readers see the old file or the new one, never a half-written one.

    A symbolic link is written through (the file it points at is replaced, the link stays), and
    a device or pipe (-o /dev/stdout) is written into: replacing it would put a file in its place.
    """
    path = Path(path)
    if path.is_symlink():
        try:
            path = Path(os.path.realpath(path, strict=True))
        except FileNotFoundError:  # a link to a file still to be made
            path = Path(os.path.realpath(path))
        except OSError as error:
            raise CatalogError(f"cannot write: {error.strerror}", file=path) from None
    if path.exists() and not path.is_file() and not path.is_dir():
        _write_into_special_file(path, text)
        return
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else None
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise CatalogError(f"cannot write: {error.strerror}", file=path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException as error:
        try:
            os.unlink(temp_name)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise CatalogError(f"cannot write: {error.strerror}", file=path) from None
        raise


def _write_into_special_file(path: Path, text: str | bytes) -> None:
    try:
        with open(path, "wb") as handle:
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
    except OSError as error:
        raise CatalogError(f"cannot write: {error.strerror}", file=path) from None


def write_catalog(catalog: polib.POFile, path: Path) -> None:
    """Write a catalog in the charset its header declares; nothing is written if it cannot be."""
    write_atomic(path, catalog_bytes(catalog, path))
