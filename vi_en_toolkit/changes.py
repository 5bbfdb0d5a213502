"""Which catalog entries changed since a git revision, so a pull request is judged on what it touched.

Each catalog is read as it was at the revision (`git show REV:./file`, from the catalog's own
folder, so any working folder and any repository layout work) and compared with the working tree.
An entry (msgctxt + msgid) changed if it is new (an edited source is a new msgid), if its
translation changed, or if its fuzzy flag changed (newly fuzzy, or newly marked reviewed).
A catalog that did not exist at the revision is all new.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .errors import CatalogError, InputError

NEW = "new"
EDITED = "edited"
NEWLY_FUZZY = "newly fuzzy"
NEWLY_REVIEWED = "newly reviewed"


@dataclass(frozen=True)
class ChangedEntry:
    file: str  # the catalog path as given (as in findings)
    source: str  # msgid
    reason: str  # new, edited, newly fuzzy, newly reviewed
    source_plural: str = ""


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, env=env)
    except FileNotFoundError:
        raise InputError("git is not installed (--changed-since needs it)") from None


def require_revision(revision: str, folder: Path | str = ".") -> None:
    """Raise InputError unless folder is in a git repository that knows revision."""
    folder = Path(folder)
    if _git(folder, "rev-parse", "--git-dir").returncode != 0:
        raise InputError(f"not a git repository: {os.path.abspath(folder)} (--changed-since needs one)")
    if not revision or revision.startswith("-") or \
            _git(folder, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").returncode != 0:
        raise InputError(f"unknown revision '{revision}' (not a branch, tag or commit of this repository)")


def catalog_at_revision(path: str | Path, revision: str) -> bytes | None:
    """The catalog's bytes at revision, or None when it did not exist there (or is untracked)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    shown = _git(folder, "show", f"{revision}:./{path.name}")
    return shown.stdout if shown.returncode == 0 else None


def _units(catalog) -> dict[tuple[str | None, str], object]:
    return {(e.msgctxt, e.msgid): e for e in catalog if not e.obsolete and not (e.msgid == "" and not e.msgctxt)}


def _translation(entry) -> tuple:
    return (entry.msgid_plural, entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))


def changed_in_catalog(path: str | Path, revision: str) -> list[ChangedEntry]:
    """The entries of one working-tree catalog that changed since revision."""
    from .catalog import parse_catalog, read_catalog

    current = read_catalog(Path(path))
    raw = catalog_at_revision(path, revision)
    try:
        before = _units(parse_catalog(raw, f"{revision}:{path}")) if raw is not None and raw.strip() else {}
    except CatalogError:  # broken at that revision: all of it counts as changed, so the fix can pass CI
        before = {}
    changed = []
    for key, entry in _units(current).items():
        old = before.get(key)
        fuzzy = "fuzzy" in entry.flags
        if old is None:
            reason = NEW
        elif _translation(old) != _translation(entry):
            reason = EDITED
        elif fuzzy != ("fuzzy" in old.flags):
            reason = NEWLY_FUZZY if fuzzy else NEWLY_REVIEWED
        else:
            continue
        changed.append(ChangedEntry(str(path), entry.msgid, reason, entry.msgid_plural or ""))
    return changed


def changed_entries(files: Iterable[str | Path], revision: str) -> list[ChangedEntry]:
    """The entries of the named catalogs whose source or translation changed since revision."""
    files = list(files)
    checked_folders = set()
    result: list[ChangedEntry] = []
    for path in files:
        folder = Path(path).parent if str(Path(path).parent) else Path(".")
        if folder.resolve() not in checked_folders:
            require_revision(revision, folder)
            checked_folders.add(folder.resolve())
        result.extend(changed_in_catalog(path, revision))
    return result


def changed_keys(changed: Iterable[ChangedEntry]) -> frozenset[tuple[str, str]]:
    """(file, source) pairs as findings carry them; a plural entry's second form counts too."""
    keys = set()
    for entry in changed:
        keys.add((entry.file, entry.source))
        if entry.source_plural:
            keys.add((entry.file, entry.source_plural))
    return frozenset(keys)


def select_changed(items, keys: frozenset[tuple[str, str]]) -> tuple:
    """Findings (or checked entries) that belong to changed entries: anything with .file and .source."""
    return tuple(item for item in items if (item.file, item.source) in keys)
