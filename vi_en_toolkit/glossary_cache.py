"""The compiled glossary: each YAML file's terms kept as JSON, reused while the file is unchanged.

Parsing YAML is most of the cost of loading a big termbase (100,000 terms: seconds, where the same
terms read from JSON take a fraction of that), and check, translate, diff and the pre-commit hooks
all load the glossary on every run. An entry is keyed by the file's bytes, vi-en's version and the
Term fields, so any edit, upgrade or schema change misses and parses afresh. It is JSON, which
cannot run code when read (pickle could), and lives where platformdirs says caches belong.

An entry also keeps the English word forms its terms ask for (glossary.word_forms), so a run
whose glossary is cached does not load lemminflect's tables (about 1 s) for them; the key then
also holds the installed lemminflect's files (path, size, time), so an upgrade misses too.

Only files without problems are stored, so lint always sees a broken file parsed. The cache is an
optimisation: a folder that cannot be written, or an entry that cannot be read, is passed over.

Environment: VI_EN_CACHE_DIR chooses the folder; VI_EN_CACHE=off turns the cache off.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.util
import json
import os
from pathlib import Path
from typing import NamedTuple

from . import __version__
from .errors import ViEnError
from .files import write_atomic
from .glossary import Term, remember_word_forms, word_forms, words_to_inflect

FORMAT = 2  # bump when the layout below changes
_FIELDS = tuple(f.name for f in dataclasses.fields(Term))  # a row holds them in this order, then key and canonical
_FILE = _FIELDS.index("file")  # not stored: the same text may be read from another path
_TUPLES = tuple(i for i, f in enumerate(dataclasses.fields(Term)) if "tuple" in str(f.type))


def cache_folder() -> Path | None:
    """Where compiled glossaries are kept, or None when the cache is off."""
    if os.environ.get("VI_EN_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    chosen = os.environ.get("VI_EN_CACHE_DIR")
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("vi-en", appauthor=False)) / "glossary"


def _entry_path(folder: Path, text: str) -> Path:
    key = hashlib.sha256(
        f"{FORMAT}\0{__version__}\0{','.join(_FIELDS)}\0{_lemminflect_files()}\0{text}".encode("utf-8")).hexdigest()
    return folder / f"{key[:32]}.json"


@functools.cache
def _lemminflect_files() -> str:
    """The installed lemminflect as files on disk (its lexicon and rules), without importing it:
    word forms kept in an entry are its answers, so another install must miss."""
    spec = importlib.util.find_spec("lemminflect")
    if spec is None or spec.origin is None:
        return "none"
    package = Path(spec.origin).parent
    files = [package / "__init__.py"]
    try:
        files += sorted(Path(entry.path) for entry in os.scandir(package / "resources"))
        return ";".join(f"{file}:{file.stat().st_size}:{file.stat().st_mtime_ns}" for file in files)
    except OSError:
        return str(package)


class Compiled(NamedTuple):
    """A glossary file's terms with what Glossary derives from each: its folded vi and its digest text."""

    terms: list[Term]
    keys: list[str]
    canonical: list[str]


def load(text: str, file: str) -> Compiled | None:
    """The compiled form of a glossary file's text, if stored before; None on a miss."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        stored = json.loads(_entry_path(folder, text).read_bytes())
        if not isinstance(stored, dict) or not isinstance(stored.get("terms"), list):
            return None
        empty = ()
        compiled = Compiled([], [], [])
        width = len(_FIELDS)
        for row in stored["terms"]:
            if not isinstance(row, list) or len(row) != width + 2:
                return None
            fields = row[:width]
            for i in _TUPLES:
                fields[i] = tuple(fields[i]) if fields[i] else empty
            fields[_FILE] = file
            compiled.terms.append(Term(*fields))  # positional: a big glossary's load is mostly this loop
            compiled.keys.append(row[width])
            compiled.canonical.append(row[width + 1])
        forms = {}
        for word, name, inflected in stored["forms"]:
            if not (isinstance(word, str) and isinstance(name, bool) and isinstance(inflected, list)
                    and inflected and all(isinstance(f, str) for f in inflected)):
                return None
            forms[word, name] = tuple(inflected)
    except (OSError, ValueError, TypeError, IndexError, KeyError):  # missing, or written by something else: parse afresh
        return None
    remember_word_forms(forms)
    return compiled


def store(text: str, terms: list[Term], keys: list[str], canonical: list[str]) -> Compiled:
    """Keep a glossary file's parsed terms and their word forms (best effort, atomic); returns them compiled."""
    compiled = Compiled(terms, keys, canonical)
    folder = cache_folder()
    if folder is None:
        return compiled
    rows = []
    for term, key, text_ in zip(terms, keys, canonical):
        row = [getattr(term, name) for name in _FIELDS]
        row[_FILE] = None
        rows.append([*row, key, text_])
    forms = [[word, name, list(word_forms(word, name))] for word, name in sorted(words_to_inflect(terms))]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(_entry_path(folder, text),
                     json.dumps({"terms": rows, "forms": forms}, ensure_ascii=False, separators=(",", ":")))
    except (OSError, ViEnError):
        pass  # a read-only or full disk: the next run parses again
    return compiled
