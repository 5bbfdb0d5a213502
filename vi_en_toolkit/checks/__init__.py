"""Editorial QA over PO catalogs: each check is a small function from one entry to problems.

A check has a stable id and a default severity and lives in CHECKS (the registry, registry.py);
adding a check is adding one function to its family's module and one test table. Checks yield
`Problem`s; the runner turns them into `Finding`s with the entry's file, line, source and target,
and applies the configured severity. Rendering is report.py's job.

One module per family, imported here in the order the checks are listed and reported:
untranslated (untranslated, fuzzy, source-left), terminology (term, forbidden-term, names),
figures (number, date), omission (omission), typography (doubled-word, brackets, quotes,
double-space, whitespace, urls), consistency (inconsistent).
"""

from __future__ import annotations

import importlib

from ..entries import Entry, read_entries
from .config import (
    CheckConfig,
    find_pyproject,
    load_check_config,
    selected_checks,
    split_check_ids,
)
from .context import EntryContext, RunContext
from .registry import CHECKS, ERROR, SEVERITIES, WARNING, Check, Finding, Problem, check
from .runner import (
    DEFAULT_GLOSSARY,
    PARALLEL_FROM,
    CheckRun,
    check_catalogs,
    check_entries,
    run_checks,
)
from .term_matching import (
    accepted_form_occurs,
    terminology_findings,
    terminology_problems,
)

# Each family's module registers its checks; this order is the order checks are listed and reported in.
FAMILIES = ("untranslated", "terminology", "figures", "omission", "typography", "consistency")
for _family in FAMILIES:
    importlib.import_module(f"{__name__}.{_family}")

__all__ = [
    "CHECKS", "DEFAULT_GLOSSARY", "ERROR", "PARALLEL_FROM", "SEVERITIES", "WARNING", "Check", "CheckConfig",
    "CheckRun", "Entry", "EntryContext", "Finding", "Problem", "RunContext", "accepted_form_occurs", "check",
    "check_catalogs", "check_entries", "find_pyproject", "load_check_config", "read_entries", "run_checks",
    "selected_checks", "split_check_ids", "terminology_findings", "terminology_problems",
]
