"""The compiled glossary: each YAML file's terms kept as JSON, reused while the file is unchanged.

Parsing YAML is most of the cost of loading a big termbase (100,000 terms: seconds, where the same
terms read from JSON take a fraction of that), and check, translate, diff and the pre-commit hooks
all load the glossary on every run. An entry is keyed by the file's bytes, vi-en's version, its
parser's files on disk and the Term fields, so any edit, upgrade, parser or schema change misses
and parses afresh. It is JSON, which
cannot run code when read (pickle could), and lives where platformdirs says caches belong.

An entry also keeps the English word forms its terms ask for (glossary.word_forms), so a run
whose glossary is cached does not load lemminflect's tables (about 1 s) for them; the key then
also holds the installed lemminflect's files (path, size, time), so an upgrade misses too.

Only files without problems are stored, so lint always sees a broken file parsed (and reads a
stored one from here: it had no problem of its own). The cache is an
optimisation: a folder that cannot be written, or an entry that cannot be read, is passed over.

Environment: VI_EN_CACHE_DIR chooses the folder; VI_EN_CACHE=off turns the cache off.
"""

# Annotations evaluated, not `from __future__ import annotations`: typing.NamedTuple compiles a
# string annotation per field, ~0.2 ms a class, paid by every run at start-up.
import functools
import importlib.util
import itertools
import json
import os
from pathlib import Path
from typing import NamedTuple

from . import __version__
from .files import cache_key, read_cache_bytes, write_cache_file
from .glossary import Term, remember_word_forms, word_forms, words_to_inflect

FORMAT = 5  # bump when the layout below changes
# An entry keeps its terms in columns (vi, en, line, folded vi where it differs from vi) and, for
# each other field, the terms where it differs from its default (index → value): a few long
# lists read three times faster than a list per term. A Term is made from them when it is first
# needed (Rows.term).
_FIELDS = Term.__slots__  # in the key: a changed Term misses
# the fields an entry keeps apart from the columns (name → default), from the constructor, whose
# parameters follow Term.__slots__
_OTHER_FIELDS = {name: default for name, default in zip(Term.__slots__[2:], Term.__init__.__defaults__)
                 if name not in ("file", "line")}
_TUPLES = frozenset(name for name, default in _OTHER_FIELDS.items() if type(default) is tuple)


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
    key = cache_key(f"{FORMAT}\0{__version__}\0{_own_files()}\0{','.join(_FIELDS)}\0{_lemminflect_files()}\0{text}")
    return folder / f"{key}.json"


@functools.cache
def _own_files() -> str:
    """vi-en's glossary parser and this module as files on disk (size, time): a checkout edited in
    place keeps its version number, and a changed parser must miss, or lint would trust an entry
    that the new parser would refuse."""
    here = Path(__file__).parent
    try:
        stats = [(name, (here / name).stat()) for name in ("glossary.py", "glossary_cache.py")]
    except OSError:
        return "unknown"
    return ";".join(f"{name}:{stat.st_size}:{stat.st_mtime_ns}" for name, stat in stats)


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
        stats = [(file, file.stat()) for file in files]
        return ";".join(f"{file}:{stat.st_size}:{stat.st_mtime_ns}" for file, stat in stats)
    except OSError:
        return str(package)


class Compiled(NamedTuple):
    """A glossary file's terms (Term objects, or (Rows, index) pairs to make them from:
    term_from_row), their folded vi, their digest text when parsed (None from the cache), and
    the entry's name."""

    terms: list
    keys: list[str]
    canonical: list[str] | None
    name: str


class Rows:
    """A cached file's terms, as the columns read from its entry."""

    def __init__(self, file: str, vi: list[str], en: list[str], line: list[int | None], other: dict[str, dict]):
        self.file, self.vi, self.en, self.line, self.other = file, vi, en, line, other

    def term(self, index: int) -> Term:
        key = str(index)
        other = {name: tuple(values[key]) if name in _TUPLES else values[key]
                 for name, values in self.other.items() if key in values}
        return Term(self.vi[index], self.en[index], file=self.file, line=self.line[index], **other)


def term_from_row(item: tuple[Rows, int]) -> Term:
    rows, index = item
    return rows.term(index)


def _other_fields(terms: list[Term]) -> dict[str, dict[str, object]]:
    other: dict[str, dict[str, object]] = {}
    for name, default in _OTHER_FIELDS.items():
        differing = {str(i): list(value) if name in _TUPLES else value
                     for i, t in enumerate(terms) if (value := getattr(t, name)) != default}
        if differing:
            other[name] = differing
    return other


def _other_fields_valid(other, count: int) -> bool:
    """Whether the other fields are what _other_fields writes, for `count` terms (one pass over
    each field's values, without a call per term: a big glossary has tens of thousands)."""
    if type(other) is not dict:
        return False
    for name, values in other.items():
        if name not in _OTHER_FIELDS or type(values) is not dict or not values:
            return False
        if not all(index.isdigit() for index in values) or max(map(int, values)) >= count:
            return False
        if name in _TUPLES:
            if not (all(type(v) is list for v in values.values())
                    and all(type(s) is str for v in values.values() for s in v)):
                return False
        else:
            kind = bool if type(_OTHER_FIELDS[name]) is bool else str  # title, case_sensitive; note, strictness
            if not all(type(v) is kind for v in values.values()):
                return False
    return True


def _strings(column) -> bool:
    return type(column) is list and all(type(v) is str for v in column)


def load(text: str, file: str) -> Compiled | None:
    """The compiled form of a glossary file's text, if stored before; None on a miss."""
    folder = cache_folder()
    if folder is None:
        return None
    path = _entry_path(folder, text)
    try:
        stored = json.loads(read_cache_bytes(path))
        if not isinstance(stored, dict):
            return None
        vi, en, lines, folded, other = (stored[k] for k in ("vi", "en", "line", "key", "other"))
        # Checked here, so that a damaged entry is passed over now rather than failing later
        # when a term is made (a big glossary's load is mostly these checks and the JSON).
        if not (_strings(vi) and _strings(en) and type(lines) is list and type(folded) is list
                and len(vi) == len(en) == len(lines) == len(folded) and _other_fields_valid(other, len(vi))):
            return None
        if not all(line is None or type(line) is int for line in lines):
            return None
        if not all(key is None or type(key) is str for key in folded):
            return None
        words, names = stored["forms"], stored["name_forms"]
        if not (type(words) is dict and type(names) is dict
                and all(type(v) is str for v in words.values()) and all(type(v) is str for v in names.values())):
            return None
    except (OSError, ValueError, TypeError, IndexError, KeyError):  # missing, or written by something else: parse afresh
        return None
    remember_word_forms(words, names)
    rows = Rows(file, vi, en, lines, other)
    keys = [key if key is not None else v for key, v in zip(folded, vi)]
    return Compiled(list(zip(itertools.repeat(rows), range(len(vi)))), keys, None, path.name)


def store(text: str, terms: list[Term], keys: list[str], canonical: list[str]) -> Compiled:
    """Keep a glossary file's parsed terms and their word forms (best effort, atomic); returns them compiled."""
    folder = cache_folder()
    if folder is None:
        return Compiled(terms, keys, canonical, "")
    path = _entry_path(folder, text)
    stored = {
        "vi": [t.vi for t in terms],
        "en": [t.en for t in terms],
        "line": [t.line for t in terms],
        "key": [key if key != t.vi else None for t, key in zip(terms, keys)],
        "other": _other_fields(terms),
    }
    stored["forms"], stored["name_forms"] = _stored_forms(terms)
    _write(path, stored)
    return Compiled(terms, keys, canonical, path.name)


def _stored_forms(terms: list[Term]) -> tuple[dict[str, str], dict[str, str]]:
    """word_forms' answers for these terms' words and names: word → its other forms,
    space-separated. A word whose forms would not read back the same is left to word_forms."""
    stored: dict[bool, dict[str, str]] = {False: {}, True: {}}
    for word, name in sorted(words_to_inflect(terms)):
        forms = word_forms(word, name)
        others = " ".join(forms[1:])
        if forms[0] == word and tuple(others.split()) == forms[1:]:
            stored[name][word] = others
    return stored[False], stored[True]


def load_digest(names: list[str]) -> str | None:
    """The digest of a glossary made of these cached entries, if stored before."""
    folder = cache_folder()
    if folder is None or not all(names):
        return None
    try:
        digest = json.loads(read_cache_bytes(_digest_path(folder, names)))["digest"]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return digest if isinstance(digest, str) and len(digest) == 12 else None


def store_digest(names: list[str], digest: str) -> None:
    folder = cache_folder()
    if folder is not None and all(names):
        _write(_digest_path(folder, names), {"digest": digest})


def _digest_path(folder: Path, names: list[str]) -> Path:
    # the digest hashes every term sorted by vi, so it needs them all: kept per set of files
    return folder / f"digest-{cache_key(chr(0).join(names))}.json"


def _write(path: Path, data) -> None:
    write_cache_file(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
