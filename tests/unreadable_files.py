"""A file that cannot be read, for tests: they run as root, whom chmod 000 does not stop."""

from __future__ import annotations

import os
from pathlib import Path


def deny_opening(path: Path, monkeypatch) -> None:
    """os.open of `path` fails with "Permission denied" for the rest of the test."""
    real_open = os.open

    def denied(name, *args, **kwargs):
        if str(name) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
