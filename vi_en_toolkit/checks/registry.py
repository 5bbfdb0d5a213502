"""The check registry (id → function + default severity) and what checks report."""

# Annotations evaluated, not `from __future__ import annotations`: typing.NamedTuple compiles a
# string annotation per field, ~0.2 ms a class, paid by every run at start-up.
from typing import Callable, NamedTuple

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)


class Finding(NamedTuple):
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


class Problem(NamedTuple):
    """What a check reports about an entry, before the runner adds where and how severe."""

    message: str
    term: str | None = None
    expected: str | None = None
    found: str | None = None
    # The check's own severity for this problem (an advisory glossary term: warning), or None for
    # the check's severity. It can only lower: see finding_severity.
    severity: str | None = None


def finding_severity(configured: str, problem: Problem) -> str:
    """The severity a problem is reported at: the configured one (the check's default or the
    config's), lowered to the problem's own when that is lower. Config can lower an error to a
    warning; a problem a check reports as a warning never becomes an error."""
    if problem.severity == WARNING or configured == WARNING:
        return WARNING
    return configured


class Check(NamedTuple):
    id: str
    severity: str
    summary: str
    function: Callable
    scope: str = "entry"  # "entry": function(EntryContext) -> problems; "run": function(contexts) -> (context, problem)
    prepare: Callable | None = None  # run scope: what to compute per entry (with the entry checks, in parallel)


CHECKS: dict[str, Check] = {}


def check(check_id: str, severity: str, summary: str, scope: str = "entry", prepare: Callable | None = None):
    """Register a check function under a stable id with its default severity."""

    def register(function):
        CHECKS[check_id] = Check(check_id, severity, summary, function, scope, prepare)
        return function

    return register
