"""The one error family that the library raises for problems users cause.

The CLI turns any ViEnError into `error: <file>:<line>: <message>` on stderr and exit code 2.
"""

from __future__ import annotations

# Where the CLI's `internal error:` line (a bug, exit code 70) asks people to report it.
REPORT_BUGS_AT = "the vi-en issue tracker"


class ViEnError(Exception):
    """A problem with the user's input: a file, an option, a model."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return where + self.message


class GlossaryError(ViEnError):
    """A glossary file that cannot be read or does not follow the schema."""


class CatalogError(ViEnError):
    """A PO catalog that cannot be read or written."""


class InputError(ViEnError):
    """An input text, path or option that cannot be used."""


class SentenceTooLong(InputError):
    """A sentence longer than the model takes: `index` is its place in the batch (0-based), for a
    caller that knows which file and line it came from."""

    def __init__(self, message: str, index: int, pieces: int, limit: int):
        super().__init__(message)
        self.index, self.pieces, self.limit = index, pieces, limit


class ModelError(ViEnError):
    """A translation model that cannot be installed, found or loaded."""


class OutputError(ViEnError):
    """An output that cannot be written: standard output closed or full, a file changed meanwhile."""
