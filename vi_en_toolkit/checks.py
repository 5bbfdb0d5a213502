"""Editorial QA over PO catalogs: each check is a small function from one entry to problems.

A check has a stable id and a default severity and lives in CHECKS (the registry); adding a
check is adding one function and one test table. Checks yield `Problem`s; the runner turns them
into `Finding`s with the entry's file, line, source and target, and applies the configured
severity. `run_checks` reads catalogs and runs every enabled check; rendering is report.py's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .glossary import Glossary, Term

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)


@dataclass(frozen=True)
class Finding:
    """One problem in one entry. The fields are the JSON output contract: keep them stable."""

    file: str
    line: int
    source: str  # the entry's msgid, exactly as in the catalog
    target: str  # the entry's msgstr, exactly as in the catalog
    check: str  # the check id ("term", "number", ...)
    severity: str  # "error" or "warning"
    message: str
    term: str | None = None  # the Vietnamese glossary term involved, if any
    expected: str | None = None  # what the target should have had
    found: str | None = None  # the offending text of the target


@dataclass(frozen=True)
class Problem:
    """What a check reports about an entry, before the runner adds where and how severe."""

    message: str
    term: str | None = None
    expected: str | None = None
    found: str | None = None


# --- terminology: term, forbidden-term, names ------------------------------------------------------

def _source_terms(source: str, glossary: Glossary | None) -> list[Term]:
    """Distinct glossary terms found in the source, in order of first occurrence."""
    if glossary is None:
        return []
    seen: dict[Term, None] = {}
    for match in glossary.find_terms(source):
        seen.setdefault(match.term, None)
    return list(seen)


def _near_miss(term: Term, target: str) -> str | None:
    """For a name spelled wrong: the name in another case, or the closest run of words
    ("Zelensky" for "Zelenskiy"), so the editor sees what to fix."""
    import difflib

    from .glossary import english_matches

    other_case = english_matches(term.accepted, target, case_sensitive=False)
    if other_case:
        return other_case[0].group(0)
    words = list(re.finditer(r"[\w'’.-]+", target))
    best, best_ratio = None, 0.8
    for form in term.accepted:
        size = len(form.split())
        for i in range(len(words) - size + 1):
            candidate = target[words[i].start(): words[i + size - 1].end()]
            ratio = difflib.SequenceMatcher(None, candidate.lower(), form.lower()).ratio()
            if ratio > best_ratio:
                best, best_ratio = candidate, ratio
    return best


def terminology_problems(terms: list[Term], target: str, enabled=("term", "forbidden-term", "names")):
    """(check id, Problem) pairs for the glossary terms of one source against its target.

    A forbidden rendering is reported once, as forbidden-term, not also as a missing term.
    """
    for term in terms:
        forbidden = term.find_forbidden(target) if "forbidden-term" in enabled else []
        if forbidden:
            found = forbidden[0].group(0)
            yield "forbidden-term", Problem(
                f"'{found}' is a forbidden rendering of '{term.vi}' (write '{term.en}')",
                term=term.vi,
                expected=term.en,
                found=found,
            )
            continue
        check = "names" if term.case_sensitive else "term"
        if check not in enabled or term.is_satisfied_by(target):
            continue
        forms = " / ".join(f"'{form}'" for form in term.accepted)
        if check == "names":
            near = _near_miss(term, target)
            message = f"name '{term.vi}' must be spelled exactly {forms}"
            if near:
                message += f", not '{near}'"
            yield check, Problem(message, term=term.vi, expected=term.en, found=near)
        else:
            yield check, Problem(f"'{term.vi}' must be translated as {forms}", term=term.vi, expected=term.en)


def terminology_findings(source: str, target: str, glossary: Glossary | None, file: str = "", line: int = 0) -> list[Finding]:
    """The term, forbidden-term and names findings for one source/target pair."""
    return [
        Finding(file, line, source, target, check, CHECKS[check].severity if check in CHECKS else ERROR, p.message,
                p.term, p.expected, p.found)
        for check, p in terminology_problems(_source_terms(source, glossary), target)
    ]


CHECKS: dict = {}
