"""Baselines: today's findings recorded, so QA can be adopted on old catalogs without fixing them all.

A baseline finding is keyed by catalog file, source (msgid) and check id, never by line number,
so edits elsewhere in a catalog do not invalidate it. Files are stored relative to the baseline's
own folder, so the same baseline works whatever folder `vi-en check` runs from. Messages are kept
for people reading the file (and to choose which finding is the new one when an entry has more
findings of one check than the baseline recorded); they do not have to match.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .checks import Finding
from .errors import ViEnError
from .files import json_int, locked_update, read_utf8

FORMAT_VERSION = 1
_MARKER = "vi-en-baseline"


class BaselineError(ViEnError):
    """A baseline file that cannot be read or is not a vi-en baseline."""


@dataclass(frozen=True)
class BaselineEntry:
    file: str  # relative to the baseline's folder, with forward slashes
    source: str
    check: str
    message: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.file, self.source, self.check)


@dataclass(frozen=True)
class Baseline:
    path: str
    entries: tuple[BaselineEntry, ...]


@dataclass(frozen=True)
class BaselineComparison:
    """Findings split against a baseline: what is new, what the baseline still covers, what got fixed."""

    new: tuple[Finding, ...]
    known: tuple[Finding, ...]
    fixed: tuple[BaselineEntry, ...]


def baseline_file_key(finding_file: str, baseline_path: str | Path) -> str:
    """A finding's catalog path as the baseline stores it: relative to the baseline's folder."""
    folder = Path(os.path.abspath(baseline_path)).parent
    relative = os.path.relpath(os.path.abspath(finding_file), folder)
    return Path(relative).as_posix()


def baseline_entries(findings: Iterable[Finding], baseline_path: str | Path) -> list[BaselineEntry]:
    entries = [BaselineEntry(baseline_file_key(f.file, baseline_path), f.source, f.check, f.message) for f in findings]
    return sorted(entries, key=lambda e: (e.file, e.check, e.source, e.message))


def render_baseline(findings: Iterable[Finding], baseline_path: str | Path) -> str:
    """The baseline file's text: sorted, one finding per object, so its git diffs read well."""
    document = {
        _MARKER: FORMAT_VERSION,
        "findings": [
            {"file": e.file, "source": e.source, "check": e.check, "message": e.message}
            for e in baseline_entries(findings, baseline_path)
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_baseline(findings: Iterable[Finding], path: str | Path) -> int:
    """Record findings in a baseline file (atomically, under its lock); returns how many were recorded."""
    findings = list(findings)
    with locked_update(path, BaselineError) as update:
        update.write(render_baseline(findings, path))
    return len(findings)


def read_baseline(path: str | Path) -> Baseline:
    """Read a baseline file; anything that is not one raises BaselineError with file and line."""
    if not Path(path).exists():
        raise BaselineError("no such baseline file (record one with --write-baseline)", file=path)
    text = read_utf8(path, BaselineError, "not UTF-8 text, not a vi-en baseline")
    if not text.strip():
        raise BaselineError("empty file, not a vi-en baseline (record one with --write-baseline)", file=path)
    try:
        document = json.loads(text, parse_int=json_int)
    except json.JSONDecodeError as error:
        what = error.msg.removesuffix(" at")
        raise BaselineError(f"invalid JSON: {what} at column {error.colno}", file=path, line=error.lineno) from None
    except RecursionError:  # json recurses once per level: [[[[…]]]] ten thousand deep
        raise BaselineError("nested too deeply, not a vi-en baseline", file=path, line=1) from None
    except ValueError as error:  # from json_int
        raise BaselineError(f"invalid JSON: {error}", file=path) from None
    if not isinstance(document, dict) or _MARKER not in document:
        raise BaselineError(f'not a vi-en baseline (no "{_MARKER}" key)', file=path, line=1)
    if document[_MARKER] != FORMAT_VERSION:
        raise BaselineError(f"unsupported baseline version {document[_MARKER]!r} (this vi-en reads {FORMAT_VERSION})",
                            file=path, line=_line_of(text, f'"{_MARKER}"'))
    items = document.get("findings")
    if not isinstance(items, list):
        raise BaselineError('"findings" must be a list', file=path, line=_line_of(text, '"findings"'))
    entries = []
    for index, item in enumerate(items):
        fields = ("file", "source", "check")
        if not isinstance(item, dict) or not all(isinstance(item.get(name), str) for name in fields):
            raise BaselineError(f"finding {index + 1}: needs string fields file, source and check",
                                file=path, line=_line_of_item(text, index))
        message = item.get("message", "")
        entries.append(BaselineEntry(item["file"], item["source"], item["check"], message if isinstance(message, str) else ""))
    return Baseline(str(path), tuple(entries))


def _line_of(text: str, needle: str) -> int | None:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def _line_of_item(text: str, index: int) -> int | None:
    """Where the index-th element of the findings list starts, found by decoding up to it."""
    start = text.find("[", text.find('"findings"'))
    if start < 0:
        return None
    decoder = json.JSONDecoder()
    position = start + 1
    for i in range(index + 1):
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if i == index:
            return text.count("\n", 0, position) + 1
        try:
            _, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            return None
    return None


def compare_with_baseline(findings: Iterable[Finding], baseline: Baseline) -> BaselineComparison:
    """Which findings the baseline covers and which are new; which baseline findings are fixed.

    Within one (file, source, check) the baseline covers as many findings as it recorded; findings
    whose message the baseline recorded are matched first, so an extra problem is the one reported.
    """
    findings = list(findings)
    remaining: dict[tuple, Counter] = defaultdict(Counter)
    for entry in baseline.entries:
        remaining[entry.key][entry.message] += 1
    groups: dict[tuple, list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[(baseline_file_key(finding.file, baseline.path), finding.source, finding.check)].append(finding)
    known_ids: set[int] = set()
    for key, group in groups.items():
        slots = remaining.get(key)
        if not slots:
            continue
        for finding in group:  # exact message first
            if slots[finding.message] > 0:
                slots[finding.message] -= 1
                known_ids.add(id(finding))
        for finding in group:  # then any remaining slot of this key
            if id(finding) in known_ids:
                continue
            spare = next((m for m, n in slots.items() if n > 0), None)
            if spare is None:
                break
            slots[spare] -= 1
            known_ids.add(id(finding))
    fixed = []
    for entry in baseline.entries:
        slots = remaining[entry.key]
        if slots[entry.message] > 0:
            slots[entry.message] -= 1
            fixed.append(entry)
    return BaselineComparison(
        new=tuple(f for f in findings if id(f) not in known_ids),
        known=tuple(f for f in findings if id(f) in known_ids),
        fixed=tuple(fixed),
    )
