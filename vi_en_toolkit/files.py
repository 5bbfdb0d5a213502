"""Finding and reading the user's files, with errors that name the file (and line)."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import InputError, ViEnError


def find_files(paths, patterns: tuple[str, ...], what: str, error: type[ViEnError]) -> list[Path]:
    """The files named, and those matching `patterns` in folders named, in a stable order."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(f for pattern in patterns for f in path.rglob(pattern))
            if not found:
                raise error(f"no {what} ({', '.join(patterns)}) in this folder", file=path)
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise error("no such file or folder", file=path)
    return files


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF16 = "UTF-16 text, not UTF-8 (save it as UTF-8)"


def binary_problem(raw: bytes, what: str) -> str:
    """What to say about bytes with NUL in them: Notepad's and Excel's "Unicode" is UTF-16 text, not binary."""
    return UTF16 if raw.startswith(UTF16_BOMS) else f"binary file, not {what}"


def read_utf8(path, error: type[ViEnError], not_utf8: str) -> str:
    """A file's text; unreadable or non-UTF-8 files raise `error` with the line of the first bad byte."""
    try:
        raw = Path(path).read_bytes()
    except OSError as problem:
        raise error(f"cannot read: {problem.strerror}", file=path) from None
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")  # Windows editors start UTF-8 with a BOM
    except UnicodeDecodeError as problem:
        if raw.startswith(UTF16_BOMS):
            raise error(UTF16, file=path) from None
        line = raw[: problem.start].count(b"\n") + 1
        raise error(not_utf8, file=path, line=line) from None


def refuse_output_over_input(output, inputs, option: str = "--output") -> None:
    """An output written over a file the command reads would destroy that input: refuse it."""
    if output is None or not os.path.exists(output):
        return
    for path in inputs:
        try:
            same = os.path.samefile(output, path)
        except OSError:  # an input that vanished or loops cannot be the output
            continue
        if same:
            raise InputError(f"{option} would overwrite this input; choose another file", file=path)
