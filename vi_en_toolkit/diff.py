"""Glossary review: what changed between two glossaries, and which translations that breaks or fixes.

A glossary is read from the working tree (a file or a folder) or from a git revision (`main`,
`HEAD~1`, `REV:glossary/`), through `git ls-tree` / `git cat-file` and the same YAML parser as
the working tree, so errors keep their file:line. Terms are identified by their folded `vi`.

Affected translations are the catalog entries whose source contains a changed term; each is checked
for that term under the old and under the new glossary (checks.terminology_findings) and counts as
failing when it has a finding at error severity: a term made advisory or forbidden-only fixes the
entries that only lacked it, one made required breaks those that lack it.
"""

from __future__ import annotations

import functools
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import CatalogError, GlossaryError, InputError
from .glossary import Glossary, Term, glossary_files, glossary_text_terms, read_glossary_text
from .vietnamese import fold

DEFAULT_GLOSSARY = "glossary"
DEFAULT_TRANSLATIONS = "translations"

# The fields of a term that a diff compares, in the order they are reported; "file" is a move.
FIELDS = ("vi", "en", "variants", "forbidden", "case_sensitive", "strictness", "not_in", "title", "note", "file")
# Fields whose change cannot change a check result: entries are not re-checked for them.
INERT_FIELDS = {"note", "file"}


# --- data ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GlossarySnapshot:
    """The terms of a glossary as found in one place: a working-tree path or a git revision."""

    label: str  # what users see: "glossary", "HEAD:glossary", "main:glossary/economy.yaml"
    terms: tuple[Term, ...]
    root: str  # the folder the files are named relative to for move detection ("" for one file)

    def folded_keys(self) -> list[str]:
        """Each term's folded vi: as the compiled glossary kept them when a reader made the snapshot
        (_snapshot), else folded now (a snapshot made or copied by other code)."""
        kept = self.__dict__.get("_keys")
        return list(kept) if kept is not None else [fold(term.vi) for term in self.terms]

    def place(self, term: Term) -> str:
        """The term's file relative to the snapshot root: the same file in two snapshots compares equal."""
        if not self.root or not term.file:
            return ""
        return _relative_place(term.file, self.root)


def _snapshot(label: str, terms: list[Term], keys: list[str], root: str) -> GlossarySnapshot:
    snapshot = GlossarySnapshot(label=label, terms=tuple(terms), root=root)
    # Not a field, so dataclasses.replace() leaves it behind rather than pairing it with other terms.
    object.__setattr__(snapshot, "_keys", tuple(keys))
    return snapshot


@functools.lru_cache(maxsize=1024)  # asked once per term, about a few files
def _relative_place(file: str, root: str) -> str:
    return Path(os.path.relpath(file, root)).as_posix()


@dataclass(frozen=True)
class TermChange:
    kind: str  # "added", "removed", "changed"
    vi: str
    file: str  # the new file for added and changed terms, the old file for removed ones
    old: Term | None
    new: Term | None
    fields: tuple[tuple[str, object, object], ...] = ()  # (field, old value, new value)

    @property
    def checkable(self) -> bool:
        """True when the change can change whether a translation passes the term checks."""
        return self.kind != "changed" or any(name not in INERT_FIELDS for name, _, _ in self.fields)


@dataclass(frozen=True)
class AffectedEntry:
    """A catalog entry whose source contains a changed term, checked for it under both glossaries."""

    file: str
    line: int
    source: str
    target: str
    term: str
    old_ok: bool
    new_ok: bool
    problem: str = ""  # the finding that fails it now (newly failing) or that it no longer has (newly passing)

    @property
    def status(self) -> str:
        if self.old_ok and not self.new_ok:
            return "newly failing"
        if self.new_ok and not self.old_ok:
            return "newly passing"
        return "unchanged"


@dataclass(frozen=True)
class GlossaryDiff:
    old_label: str
    new_label: str
    changes: tuple[TermChange, ...]
    affected: tuple[AffectedEntry, ...]

    def of_kind(self, kind: str) -> list[TermChange]:
        return [c for c in self.changes if c.kind == kind]

    def affected_with_status(self, status: str) -> list[AffectedEntry]:
        return [a for a in self.affected if a.status == status]

    @property
    def breaks_translations(self) -> bool:
        """True when the change makes a translation that passed fail (CI asks for a follow-up)."""
        return any(a.status == "newly failing" for a in self.affected)

    def as_json(self) -> dict:
        def term_row(change: TermChange) -> dict:
            term = change.new or change.old
            return {"vi": term.vi, "en": term.en, "file": change.file}

        return {
            "added": [term_row(c) for c in self.of_kind("added")],
            "removed": [term_row(c) for c in self.of_kind("removed")],
            "changed": [
                {"vi": c.vi, "file": c.file, "fields": {name: [old, new] for name, old, new in c.fields}}
                for c in self.of_kind("changed")
            ],
            "affected": [
                {
                    "file": a.file,
                    "line": a.line,
                    "source": a.source,
                    "term": a.term,
                    "old_ok": a.old_ok,
                    "new_ok": a.new_ok,
                }
                for a in self.affected
            ],
        }


# --- reading a glossary from the working tree or from git ---------------------------------------

def _display_path(path: Path | str, cwd: Path) -> str:
    """Paths are shown relative to the working folder, so both sides of a diff name files alike."""
    return Path(os.path.relpath(os.path.abspath(Path(cwd, path)), os.path.abspath(cwd))).as_posix()


def read_working_tree(path: Path | str, cwd: Path | str = ".") -> GlossarySnapshot:
    """A glossary file or folder on disk."""
    cwd = Path(cwd)
    target = Path(cwd, path)
    terms: list[Term] = []
    keys: list[str] = []
    try:
        for file in glossary_files([target]):
            shown = _display_path(file, cwd)
            try:
                text = read_glossary_text(file)
            except GlossaryError as error:
                raise GlossaryError(error.message, shown, error.line) from None
            file_terms, file_keys = glossary_text_terms(text, shown)
            terms.extend(file_terms)
            keys.extend(file_keys)
    except GlossaryError as error:
        if error.file == str(target):
            raise GlossaryError(error.message, _display_path(target, cwd), error.line) from None
        raise
    root = _display_path(target, cwd) if target.is_dir() else ""
    return _snapshot(_display_path(target, cwd), terms, keys, root)


class GitRepository:
    """The git repository around a folder, read with plain `git` commands (no working-tree changes)."""

    def __init__(self, cwd: Path | str = "."):
        self.cwd = Path(cwd)
        top = self._run(["rev-parse", "--show-toplevel"], check=False)
        if top.returncode != 0:
            raise InputError(f"not a git repository: {os.path.abspath(self.cwd)} (a revision needs one; name glossary files or folders instead)")
        self.top = Path(top.stdout.decode("utf-8", "replace").strip())
        prefix = self._run(["rev-parse", "--show-prefix"]).stdout.decode("utf-8", "replace").strip()
        self.prefix = prefix  # the working folder relative to the top, "" or "sub/dir/"

    def _run(self, args: list[str], check: bool = True) -> subprocess.CompletedProcess:
        env = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
        try:
            result = subprocess.run(["git", *args], cwd=self.cwd, capture_output=True, env=env)
        except FileNotFoundError:
            raise InputError("git is not installed (it is needed to read glossaries at a revision)") from None
        if check and result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise InputError(f"git {args[0]} failed: {message[-1] if message else 'unknown error'}")
        return result

    def has_revision(self, revision: str) -> bool:
        if not revision or revision.startswith("-"):
            return False
        return self._run(["rev-parse", "--verify", "--quiet", f"{revision}^{{tree}}"], check=False).returncode == 0

    def require_revision(self, revision: str) -> None:
        if not self.has_revision(revision):
            raise InputError(f"unknown revision '{revision}' (not a branch, tag or commit of this repository)")

    def root_relative(self, path: str) -> str:
        """A path given relative to the working folder, as a path from the top of the repository."""
        if os.path.isabs(path):
            joined = os.path.relpath(path, self.top)
        else:
            joined = os.path.normpath(os.path.join(self.prefix, path))
        joined = joined.replace(os.sep, "/")
        if joined == "..":
            joined = "../"
        if joined.startswith("../"):
            raise InputError(f"'{path}' is outside the git repository")
        return "" if joined == "." else joined

    def object_type(self, revision: str, root_path: str) -> str | None:
        """'blob', 'tree' or None when the path does not exist at the revision."""
        result = self._run(["cat-file", "-t", f"{revision}:{root_path}"], check=False)
        return result.stdout.decode().strip() if result.returncode == 0 else None

    def list_yaml(self, revision: str, root_path: str) -> list[str]:
        args = ["ls-tree", "-r", "-z", "--name-only", "--full-tree", revision]
        if root_path:
            args += ["--", root_path.rstrip("/") + "/"]
        names = self._run(args).stdout.decode("utf-8", "replace").split("\0")
        return sorted(n for n in names if n.endswith((".yaml", ".yml")))

    def read_blob(self, revision: str, root_path: str) -> bytes:
        return self._run(["cat-file", "blob", f"{revision}:{root_path}"]).stdout

    def display(self, root_path: str) -> str:
        return _display_path(self.top / root_path, self.cwd)


def read_revision(revision: str, path: str, cwd: Path | str = ".", path_from_top: bool = False,
                  missing_is_empty: bool = False) -> GlossarySnapshot:
    """The glossary file or folder `path` as it was at `revision`.

    `path` is relative to the working folder, or to the top of the repository with path_from_top
    (git's own meaning of REV:path). With missing_is_empty, a path that did not exist yet at the
    revision is an empty glossary (a branch that introduces the glossary adds every term).
    """
    repo = GitRepository(cwd)
    repo.require_revision(revision)
    if path_from_top and not path.startswith(("./", "../")):
        root_path = path.strip("/")
    else:
        root_path = repo.root_relative(path)
    label = f"{revision}:{repo.display(root_path) if root_path else '.'}"
    kind = repo.object_type(revision, root_path)
    if kind is None:
        if missing_is_empty:
            return GlossarySnapshot(label=label, terms=(), root=repo.display(root_path))
        raise GlossaryError(f"no such file or folder at revision '{revision}'", file=root_path or ".")
    if kind == "blob":
        names, root = [root_path], ""
    elif kind == "tree":
        names, root = repo.list_yaml(revision, root_path), repo.display(root_path) if root_path else "."
        if not names:
            raise GlossaryError(f"no glossary files (*.yaml) in this folder at revision '{revision}'", file=root_path or ".")
    else:
        raise GlossaryError(f"not a file or folder at revision '{revision}' (a {kind})", file=root_path)
    terms: list[Term] = []
    keys: list[str] = []
    for name in names:
        shown = repo.display(name)
        raw = repo.read_blob(revision, name)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            raise GlossaryError("not UTF-8 text (save the glossary as UTF-8)", file=f"{revision}:{shown}", line=line) from None
        try:
            file_terms, file_keys = glossary_text_terms(text, shown)
        except GlossaryError as error:
            raise GlossaryError(error.message, f"{revision}:{shown}", error.line) from None
        terms.extend(file_terms)
        keys.extend(file_keys)
    return _snapshot(label, terms, keys, root)


def read_snapshot(spec: str, cwd: Path | str = ".", glossary_path: str = DEFAULT_GLOSSARY) -> GlossarySnapshot:
    """A glossary named the way users name it: a file or folder, `REV:path`, or a revision.

    A bare revision means the glossary folder (glossary_path) at that revision.
    """
    cwd = Path(cwd)
    if Path(cwd, spec).exists():
        return read_working_tree(spec, cwd)
    revision, colon, path = spec.partition(":")
    if colon and revision:
        repo = GitRepository(cwd)
        if repo.has_revision(revision):
            return read_revision(revision, path, cwd, path_from_top=True)
    if _looks_like_path(spec):
        raise GlossaryError("no such file or folder", file=spec)
    try:
        repo = GitRepository(cwd)
    except InputError:  # then spec can only have meant a file or folder
        raise GlossaryError(f"no such file or folder, and {os.path.abspath(cwd)} is not a git repository "
                            "(a revision needs one)", file=spec) from None
    if not repo.has_revision(revision if colon else spec):
        raise InputError(f"unknown revision '{revision if colon else spec}', and no such file or folder")
    return read_revision(spec, glossary_path, cwd, missing_is_empty=True)


def _looks_like_path(spec: str) -> bool:
    return spec.endswith((".yaml", ".yml", "/")) or spec.startswith(("./", "../", "/"))


def resolve_snapshots(
    old: str | None, new: str | None, cwd: Path | str = ".", glossary_path: str = DEFAULT_GLOSSARY
) -> tuple[GlossarySnapshot, GlossarySnapshot]:
    """The two glossaries to compare, as `vi-en glossary diff [OLD] [NEW]` names them.

    None and none: HEAD against the working tree. One revision: that revision against the working
    tree. One working-tree path: that path at HEAD against the working tree (like `git diff PATH`).
    """
    cwd = Path(cwd)
    if new is not None:
        return read_snapshot(old, cwd, glossary_path), read_snapshot(new, cwd, glossary_path)
    if old is None:
        return read_revision("HEAD", glossary_path, cwd, missing_is_empty=True), read_working_tree(glossary_path, cwd)
    if Path(cwd, old).exists():
        return read_revision("HEAD", old, cwd, missing_is_empty=True), read_working_tree(old, cwd)
    snapshot = read_snapshot(old, cwd, glossary_path)
    revision, colon, path = old.partition(":")
    if colon and revision and GitRepository(cwd).has_revision(revision):
        # REV:path against the same path in the working tree (git's REV:path is from the top).
        working = path if path.startswith(("./", "../")) else GitRepository(cwd).display(path.strip("/"))
        return snapshot, read_working_tree(working, cwd)
    return snapshot, read_working_tree(glossary_path, cwd)


# --- comparing ---------------------------------------------------------------------------------

def _first_by_key(snapshot: GlossarySnapshot) -> dict[str, Term]:
    by_key: dict[str, Term] = {}
    for key, term in zip(snapshot.folded_keys(), snapshot.terms):
        by_key.setdefault(key, term)  # the first wins, as in Glossary.lookup
    return by_key


def _field_value(term: Term, name: str):
    value = getattr(term, name)
    return list(value) if isinstance(value, tuple) else value


def compare_terms(old: GlossarySnapshot, new: GlossarySnapshot) -> list[TermChange]:
    """Added, removed and changed terms.

    Variants and forbidden forms compare as sets and `vi` compares folded but for case: an order or a
    tone-mark placement is style, and changes no match.
    """
    old_terms, new_terms = _first_by_key(old), _first_by_key(new)
    changes = []
    for key, term in new_terms.items():
        if key not in old_terms:
            changes.append(TermChange("added", term.vi, term.file or "", None, term))
    for key, term in old_terms.items():
        if key not in new_terms:
            changes.append(TermChange("removed", term.vi, term.file or "", term, None))
    for key, new_term in new_terms.items():
        old_term = old_terms.get(key)
        if old_term is None:
            continue
        if old_term == new_term:  # every field but file (and line) equal: only a move can differ
            if old.place(old_term) != new.place(new_term):
                changes.append(TermChange("changed", new_term.vi, new_term.file or "", old_term, new_term,
                                          (("file", old_term.file, new_term.file),)))
            continue
        fields = []
        for name in FIELDS:
            if name == "file":
                if old.place(old_term) != new.place(new_term):
                    fields.append(("file", old_term.file, new_term.file))
                continue
            before, after = _field_value(old_term, name), _field_value(new_term, name)
            if name == "vi":  # tone-mark placement and composition do not change matching; case can
                same = fold(before, casefold=False) == fold(after, casefold=False)
            elif isinstance(before, list):
                same = set(before) == set(after)
            else:
                same = before == after
            if not same:
                fields.append((name, before, after))
        if fields:
            changes.append(TermChange("changed", new_term.vi, new_term.file or "", old_term, new_term, tuple(fields)))
    order = {"added": 0, "removed": 1, "changed": 2}
    changes.sort(key=lambda c: (order[c.kind], fold(c.vi)))
    return changes


def _error_findings(source: str, target: str, glossary: Glossary, file: str, line: int) -> list:
    """Term, forbidden-term and names findings of one entry at error severity."""
    from .checks import terminology_findings

    return [f for f in terminology_findings(source, target, glossary, file=file, line=line) if f.severity == "error"]


def _finding_term_key(finding) -> str | None:
    term = getattr(finding, "term", None)
    if isinstance(term, Term):
        return fold(term.vi)
    if isinstance(term, str):
        return fold(term)
    return None


def find_catalogs(catalog_paths, cwd: Path | str = ".") -> list[Path]:
    """The PO files to check, named as users named them (errors too)."""
    from .catalog import catalog_files

    files = []
    for path in catalog_paths:
        try:
            found = catalog_files([Path(cwd, path)])
        except CatalogError as error:
            raise CatalogError(error.message, str(path), error.line) from None
        files.extend(Path(os.path.relpath(f, os.path.abspath(cwd))) if not Path(path).is_absolute() else f for f in found)
    return files


def find_affected(
    changes: list[TermChange], old: GlossarySnapshot, new: GlossarySnapshot, catalog_paths, cwd: Path | str = "."
) -> list[AffectedEntry]:
    """Catalog entries whose source contains a changed term, each checked for it under both glossaries.

    A term is looked for with the matcher of each glossary (longest match wins), so an added longer
    term that now covers a shorter one, or a removed one that uncovers it, shows up for both terms.
    """
    from .catalog import read_catalog

    files = find_catalogs(catalog_paths, cwd)
    changed_keys = {fold(c.vi) for c in changes if c.checkable}
    if not changed_keys:
        return []
    old_glossary, new_glossary = Glossary(old.terms, old.folded_keys()), Glossary(new.terms, new.folded_keys())
    affected = []
    for path in files:
        try:
            catalog = read_catalog(Path(cwd, path))
        except CatalogError as error:
            raise CatalogError(error.message, _display_path(path, Path(cwd)), error.line) from None
        shown = _display_path(path, Path(cwd))
        for entry in catalog:
            if entry.obsolete or not entry.msgstr.strip():
                continue
            old_matches = {fold(m.term.vi): m for m in old_glossary.find_terms(entry.msgid)}
            new_matches = {fold(m.term.vi): m for m in new_glossary.find_terms(entry.msgid)}
            # A term matters when it changed, or when a changed term shadows or uncovers it.
            touched = (old_matches.keys() | new_matches.keys()) & changed_keys
            if not touched:
                continue
            relevant = touched | (old_matches.keys() ^ new_matches.keys())
            line = getattr(entry, "msgid_line", None) or entry.linenum
            old_all = _error_findings(entry.msgid, entry.msgstr, old_glossary, shown, line)
            new_all = _error_findings(entry.msgid, entry.msgstr, new_glossary, shown, line)
            for key in sorted(relevant, key=lambda k: (new_matches.get(k) or old_matches[k]).start):
                shown_term = (new_matches.get(key) or old_matches[key]).term.vi
                old_findings = [f for f in old_all if _finding_term_key(f) == key]
                new_findings = [f for f in new_all if _finding_term_key(f) == key]
                problem = (new_findings or old_findings)[0].message if new_findings or old_findings else ""
                affected.append(AffectedEntry(shown, line, entry.msgid, entry.msgstr, shown_term,
                                              not old_findings, not new_findings, problem))
    order = {"newly failing": 0, "newly passing": 1, "unchanged": 2}
    affected.sort(key=lambda a: (order[a.status], a.file, a.line))
    return affected


def diff_glossaries(
    old: str | None = None,
    new: str | None = None,
    translations: list[str] | None = None,
    glossary_path: str = DEFAULT_GLOSSARY,
    cwd: Path | str = ".",
) -> GlossaryDiff:
    """Compare two glossaries and check the translations that the changed terms touch.

    Without `translations`, the catalogs in translations/ are used when that folder exists.
    """
    old_snapshot, new_snapshot = resolve_snapshots(old, new, cwd, glossary_path)
    changes = compare_terms(old_snapshot, new_snapshot)
    if translations is None:
        default = Path(cwd, DEFAULT_TRANSLATIONS)
        translations = [DEFAULT_TRANSLATIONS] if default.is_dir() and any(default.rglob("*.po")) else []
    find_catalogs(translations, cwd)  # a wrong path is an error even when no term changed
    affected = find_affected(changes, old_snapshot, new_snapshot, translations, cwd) if translations else []
    return GlossaryDiff(old_snapshot.label, new_snapshot.label, tuple(changes), tuple(affected))
