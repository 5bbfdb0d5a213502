"""What fails the build: --fail-on, --changed-since and --baseline applied to a finished check run.

Checks know nothing of CI. These are pure functions from a CheckRun (and what the options name)
to a narrower CheckRun and a Gate, the verdict that every report format prints in its summary.
"""

# Annotations evaluated, not `from __future__ import annotations`: typing.NamedTuple compiles a
# string annotation per field, ~0.2 ms a class, paid by every run at start-up.
from typing import NamedTuple

from .checks import ERROR, WARNING, CheckRun, Finding
from .errors import InputError

FAIL_ON = ("error", "warning", "never")


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def check_fail_on(fail_on: str) -> None:
    """An unknown --fail-on is bad input (a Gate is made with a known one)."""
    if fail_on not in FAIL_ON:
        raise InputError(f"unknown --fail-on '{fail_on}' (choose {', '.join(FAIL_ON)})")


class Gate(NamedTuple):
    """The build verdict of a run and the filters that shaped it, for the summary of every format."""

    fail_on: str = "error"
    changed_since: str | None = None  # the revision of --changed-since
    changed_entries: int = 0  # entries changed since it, in the checked catalogs
    baseline: str | None = None  # the --baseline file
    baseline_known: int = 0  # findings the baseline covers (not reported, do not fail)
    baseline_fixed: int = 0  # baseline findings no longer found

    def failing(self, findings) -> list[Finding]:
        """The findings that fail the build."""
        check_fail_on(self.fail_on)  # a Gate made from Python with an unknown one: said, not a KeyError
        levels = {"error": {ERROR}, "warning": {ERROR, WARNING}, "never": set()}[self.fail_on]
        return [f for f in findings if f.severity in levels]

    def fails(self, run: CheckRun) -> bool:
        return bool(self.failing(run.findings))

    def verdict(self, run: CheckRun) -> str:
        """One sentence: does the build fail, because of what, under which options."""
        new = "new " if self.baseline else ""
        errors, warnings = _plural(run.errors, new + "error"), _plural(run.warnings, new + "warning")
        if self.fail_on == "never":
            parts = [f"build passes: --fail-on never ({errors}, {warnings} reported)"]
        elif self.fails(run):
            failing = errors if self.fail_on == "error" else f"{errors}, {warnings}"
            parts = [f"build fails: {failing} (--fail-on {self.fail_on})"]
        elif run.warnings:
            parts = [f"build passes: no {new}errors; {warnings} {'does' if run.warnings == 1 else 'do'} not fail it (--fail-on error)"]
        else:
            watched = "errors" if self.fail_on == "error" else "errors or warnings"
            parts = [f"build passes: no {new}{watched} (--fail-on {self.fail_on})"]
        if self.changed_since is not None:
            parts.append(f"checked only the {_plural(self.changed_entries, 'entry', 'entries')} changed since {self.changed_since}")
        if self.baseline is not None:
            fixed = f", {self.baseline_fixed} fixed (refresh it with --write-baseline {self.baseline})" \
                if self.baseline_fixed else ", 0 fixed"
            parts.append(f"baseline {self.baseline}: {_plural(self.baseline_known, 'known finding')} not reported{fixed}")
        return "; ".join(parts)

    def as_data(self, run: CheckRun) -> dict:
        data = {"fail_on": self.fail_on, "fails": self.fails(run), "verdict": self.verdict(run)}
        if self.changed_since is not None:
            data["changed_since"] = {"revision": self.changed_since, "entries": self.changed_entries}
        if self.baseline is not None:
            data["baseline"] = {"file": self.baseline, "known": self.baseline_known, "fixed": self.baseline_fixed}
        return data


def only_changed(run: CheckRun, keys: frozenset[tuple[str, str]]) -> CheckRun:
    """The run narrowed to changed entries (findings and the checked entries both)."""
    from .changes import select_changed

    entries = select_changed(run.entry_list, keys)
    return run._replace(findings=select_changed(run.findings, keys), entry_list=entries, entries=len(entries))


def gate_run(run: CheckRun, fail_on: str = "error", changed_since: str | None = None,
             changed_keys: frozenset[tuple[str, str]] | None = None, baseline=None) -> tuple[CheckRun, Gate]:
    """Apply --changed-since (changed_keys from changes.changed_keys) and --baseline (a baseline.Baseline)
    to a run: the run to report, and the gate that says whether it fails the build."""
    check_fail_on(fail_on)
    options: dict = {"fail_on": fail_on}
    # The baseline is compared with every finding first: a baseline finding in an entry that
    # --changed-since leaves out is not fixed.
    if baseline is not None:
        from .baseline import compare_with_baseline  # here: a run without a baseline does not import it

        comparison = compare_with_baseline(run.findings, baseline)
        run = run._replace(findings=comparison.new)
        options.update(baseline=baseline.path, baseline_known=len(comparison.known), baseline_fixed=len(comparison.fixed))
    if changed_since is not None:
        run = only_changed(run, changed_keys or frozenset())
        options.update(changed_since=changed_since, changed_entries=run.entries)
    return run, Gate(**options)


def apply_ci_options(run: CheckRun, fail_on: str = "error", changed_since: str | None = None,
                     baseline_file=None) -> tuple[CheckRun, Gate]:
    """The check command's CI options: read the git history and the baseline file they name, then
    gate_run. Bad input (unknown revision, corrupt baseline) raises a ViEnError."""
    check_fail_on(fail_on)  # before anything is read
    baseline = keys = None
    if baseline_file is not None:  # imported only for the option that needs it: start-up
        from .baseline import read_baseline

        baseline = read_baseline(baseline_file)
    if changed_since is not None:
        from .changes import changed_entries, changed_keys

        keys = changed_keys(changed_entries(run.file_names, changed_since))
    return gate_run(run, fail_on, changed_since, keys, baseline)
