"""Running the checks over entries and catalogs, in one process or several."""

# Annotations evaluated, not `from __future__ import annotations`: typing.NamedTuple compiles a
# string annotation per field, ~0.2 ms a class, paid by every run at start-up.
import contextlib
import gc
from pathlib import Path
from typing import Iterable, NamedTuple

from .. import __version__
from ..entries import Entry, read_entries
from ..glossary import Glossary
from .config import (
    CheckConfig,
    _validate_ids,
    find_pyproject,
    load_check_config,
    selected_checks,
    split_check_ids,
)
from .context import EntryContext, RunContext
from .registry import CHECKS, ERROR, WARNING, Check, Finding, finding_severity


class CheckRun(NamedTuple):
    """The outcome of checking catalogs, with the stamp that makes a report reproducible."""

    findings: tuple[Finding, ...]
    files: int
    entries: int
    checks: tuple[str, ...] = ()
    glossary_digest: str | None = None
    glossary_terms: int = 0
    version: str = __version__
    file_names: tuple[str, ...] = ()
    entry_list: tuple[Entry, ...] = ()

    def __repr__(self) -> str:  # without entry_list: every checked entry, megabytes on a big run
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self) if name != "entry_list")
        return f"CheckRun({shown}, entry_list=<{len(self.entry_list)} entries>)"

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == WARNING for f in self.findings)

    @property
    def stamp(self) -> str:
        glossary = f"glossary:{self.glossary_digest}({self.glossary_terms} terms)" if self.glossary_digest else "glossary:none"
        return f"vi-en {self.version} | {glossary} | checks:{','.join(self.checks)}"


# When an entry is empty or untranslated, other checks would only repeat that.
_STILL_RUN_WHEN_UNTRANSLATED = {"untranslated", "fuzzy"}
# checks that read the glossary's terms in the source (EntryContext.source_spans)
_READ_SOURCE_TERMS = {"term", "forbidden-term", "names", "inconsistent"}


def check_entries(entries: Iterable[Entry], glossary: Glossary | None, checks: Iterable[str] | None = None,
                  severity: dict[str, str] | None = None, jobs: int | None = None) -> list[Finding]:
    """Run checks over entries (from any number of catalogs) and return findings in entry order.

    Big runs (PARALLEL_FROM entries or more) are split between `jobs` processes where the platform
    can fork, if `jobs` asks for more than one (the default is one: see _usable_jobs); the findings
    are the same either way.
    """
    ids = tuple(checks) if checks is not None else tuple(CHECKS)
    _validate_ids(ids)
    with _no_cyclic_gc():
        return _check_entries(entries, glossary, ids, severity or {}, jobs)


@contextlib.contextmanager
def _no_cyclic_gc():
    """Reading and checking make many objects that live to the end of the run and no reference
    cycles worth collecting; the cyclic collector would walk all of them again and again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _with_plural_forms(entries: Iterable[Entry]):
    """(entry, is_a_unit) for each entry, each plural entry followed by its other forms as entries
    of their own (msgstr[n] renders msgid_plural), so that every form is checked, while only the
    units are compared with each other (consistency)."""
    for entry in entries:
        yield entry, True
        for form in entry.plural_targets[1:]:
            yield entry._replace(source=entry.source_plural or entry.source, target=form,
                                 source_plural="", plural_targets=()), False


def _check_entries(entries, glossary, ids, severity, jobs) -> list[Finding]:
    run = RunContext(glossary, ids)
    contexts, units = [], []
    for entry, is_a_unit in _with_plural_forms(entries):
        contexts.append(EntryContext(entry, run))
        if is_a_unit:
            units.append(contexts[-1])
    if glossary is not None:
        glossary.expect_text(sum(len(ctx.source) for ctx in contexts))
    entry_checks = [CHECKS[i] for i in ids if CHECKS[i].scope == "entry"]
    entry_checks += [CHECKS[i] for i in ids if CHECKS[i].prepare is not None]
    jobs = _usable_jobs(jobs, len(contexts))
    if jobs > 1:
        found = _entry_problems_in_processes(contexts, entry_checks, glossary, jobs)
    else:
        found = _entry_problems(contexts, entry_checks, 0, len(contexts))
    for chk in (CHECKS[i] for i in ids if CHECKS[i].scope == "run"):
        index = {id(ctx): i for i, ctx in enumerate(contexts)}
        for ctx, problem in chk.function([c for c in units if c.target.strip()]):
            found.append((index[id(ctx)], chk.id, problem))
    check_order = {c: i for i, c in enumerate(CHECKS)}
    found.sort(key=lambda item: (item[0], check_order[item[1]]))
    findings = []
    for i, check_id, p in found:
        entry = contexts[i].entry
        findings.append(Finding(entry.file, entry.line, entry.source, entry.target, check_id,
                                finding_severity(severity.get(check_id, CHECKS[check_id].severity), p),
                                p.message, p.term, p.expected, p.found))
    return findings


def _entry_problems(contexts: list[EntryContext], entry_checks: list[Check], start: int, end: int):
    """(entry index, check id, problem) for the entry-scope checks of contexts[start:end].

    Check by check, not entry by entry: one check's code and data (the glossary's automaton, the
    figure patterns) stay in the CPU's caches over all entries (about 10 % faster on big runs).
    The order found does not matter: check_entries sorts by entry, then check.
    """
    found = []
    untranslated = CHECKS["untranslated"].function
    every = range(start, end)
    every_context = contexts[start:end]
    translated = [i for i in every if not untranslated(contexts[i])]  # (it returns a list: empty is falsy)
    translated_context = [contexts[i] for i in translated]
    with_target = [ctx for ctx in every_context if ctx.target.strip()]
    if any(chk.id in _READ_SOURCE_TERMS for chk in entry_checks):
        # the glossary's terms in every source first, in a pass of their own, for the same reason:
        # finding them between the checks that use them costs 10-20 % more on big runs
        for ctx in translated_context:
            ctx.source_spans
    for chk in entry_checks:
        function, check_id = chk.function, chk.id
        if chk.prepare is not None:
            for ctx in with_target:
                chk.prepare(ctx)
            continue
        if check_id in _STILL_RUN_WHEN_UNTRANSLATED:
            indices, chosen = every, every_context
        else:
            indices, chosen = translated, translated_context
        # map: the call per entry in C; most entries give () or [] and are passed over at once
        for index, problems in zip(indices, map(function, chosen)):
            if problems:
                for problem in problems:
                    found.append((index, check_id, problem))
    return found


PARALLEL_FROM = 20_000  # below this, starting processes costs more than it saves


def _usable_jobs(jobs: int | None, entries: int) -> int:
    """One process unless more are asked for. Measured on 2 CPUs (README, "Processes"), two
    processes cost 15-30 % more CPU time in all and 8-25 % more memory (PSS, all processes) than
    one: the workers' copies of the pages they touch, work done again in each (matchers, word
    forms) and the results sent back. Together they then need more memory than pofilter on the
    same catalog, and they save time by the clock only on a lightly loaded machine."""
    if jobs is None or jobs <= 1 or entries < PARALLEL_FROM:
        return 1  # before importing multiprocessing: a run in one process does not pay for it
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(jobs, 8)


# What forked workers inherit (set just before the fork, dropped after): nothing is pickled
# on the way in, and only problems and term positions come back.
_FORKED: tuple | None = None


def _work_on(bounds: tuple[int, int]):
    contexts, entry_checks, positions = _FORKED
    start, end = bounds
    problems = _entry_problems(contexts, entry_checks, start, end)
    facts = []  # what the run-scope checks need, so the parent does not compute it again
    for ctx in contexts[start:end]:
        known = ctx.__dict__
        terms = [positions[id(t)] for t in known["source_terms"]] if "source_terms" in known else None
        facts.append((terms, known.get("source_key"), known.get("term_forms")))
        for name in [name for name in known if name not in _GIVEN]:
            del known[name]  # this worker is done with the entry: what it computed would only take memory
    return problems, facts


_GIVEN = frozenset(vars(EntryContext(Entry("", 0, "", ""), RunContext(None, ()))))  # what a context starts with


WARM_UP_ENTRIES = 200


def _warm_up(contexts: list[EntryContext], entry_checks: list[Check]) -> None:
    """Check a few entries on scratch contexts and throw the result away: what the checks load
    on first use (the glossary's automaton, the word segmenter, English word forms, the common
    terms' matchers) is then loaded once here and shared with the forked workers, instead of
    loaded again in each of them."""
    if contexts:
        if contexts[0].run.glossary is not None:
            contexts[0].run.glossary.prepare_matcher()  # short entries may not read enough text to build it
        scratch = [EntryContext(ctx.entry, ctx.run) for ctx in contexts]
        _entry_problems(scratch, entry_checks, 0, len(scratch))


def _entry_problems_in_processes(contexts, entry_checks, glossary, jobs):
    import multiprocessing
    import signal
    import threading

    global _FORKED
    _warm_up(contexts[:WARM_UP_ENTRIES], entry_checks)
    terms = glossary.terms if glossary is not None else ()
    _FORKED = (contexts, entry_checks, {id(t): i for i, t in enumerate(terms)})
    size = -(-len(contexts) // (jobs * 4))  # several chunks a process, so none waits long for another
    chunks = [(start, min(start + size, len(contexts))) for start in range(0, len(contexts), size)]
    try:
        # Ctrl-C stops the run in this process; workers ignore it rather than each print a traceback.
        # They are forked with SIGINT already ignored: a worker interrupted before it could ignore
        # it would die holding the task queue's lock, and the pool would then hang on shutdown.
        in_main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if in_main_thread else None
        try:
            pool = multiprocessing.get_context("fork").Pool(jobs, signal.signal, (signal.SIGINT, signal.SIG_IGN))
        finally:
            if in_main_thread:
                signal.signal(signal.SIGINT, previous)
        with pool:
            results = pool.map(_work_on, chunks)
    finally:
        _FORKED = None
    found = []
    for (start, _), (problems, facts) in zip(chunks, results):
        found.extend(problems)
        for offset, (positions, source_key, term_forms) in enumerate(facts):
            known = contexts[start + offset].__dict__  # cached_property values, as if computed here
            if positions is not None:
                known["source_terms"] = [terms[p] for p in positions]
            if source_key is not None:
                known["source_key"] = source_key
            if term_forms is not None:
                known["term_forms"] = term_forms
    return found


def run_checks(paths, glossary: Glossary | None, enable=None, disable=None, config: CheckConfig = CheckConfig(),
               jobs: int | None = None) -> CheckRun:
    """Read the PO catalogs at paths (files or folders) and run the selected checks on them
    (big runs in `jobs` processes, see check_entries)."""
    from ..catalog import catalog_files

    ids = selected_checks(config, enable, disable)
    files = catalog_files(paths)
    entries: list[Entry] = []
    with _no_cyclic_gc():  # the entries live to the end of the run
        for path in files:
            entries.extend(read_entries(path))
    findings = check_entries(entries, glossary, ids, dict(config.severity), jobs=jobs)
    return CheckRun(
        findings=tuple(findings),
        files=len(files),
        entries=len(entries),
        checks=ids,
        glossary_digest=glossary.digest if glossary is not None else None,
        glossary_terms=len(glossary) if glossary is not None else 0,
        file_names=tuple(str(f) for f in files),
        entry_list=tuple(entries),
    )


DEFAULT_GLOSSARY = Path("glossary")


def check_catalogs(paths, glossary_path: Path | None = None, enable=None, disable=None, jobs: int | None = None,
                   outputs: dict[str, Path | None] | None = None, other_inputs=()) -> tuple[CheckRun, list[str]]:
    """run_checks as `vi-en check` runs it: settings from the nearest pyproject.toml, the glossary
    from glossary/ unless another is named, and no output (by option name) allowed over a file the
    run reads (catalogs, glossary, other_inputs such as a baseline). Returns the run and notes."""
    from ..catalog import catalog_files
    from ..files import refuse_output_over_input
    from ..glossary import glossary_files, load_glossary

    config = load_check_config(find_pyproject())
    no_glossary = glossary_path is None and not DEFAULT_GLOSSARY.exists()
    glossary_path = glossary_path or DEFAULT_GLOSSARY
    files = catalog_files(paths)
    inputs = [*files, *([] if no_glossary else glossary_files([glossary_path])), *other_inputs]
    for option, output in (outputs or {}).items():
        refuse_output_over_input(output, inputs, option)
    glossary = None if no_glossary else load_glossary(glossary_path)
    run = run_checks(files, glossary, enable=split_check_ids(enable), disable=split_check_ids(disable), config=config, jobs=jobs)
    notes = ["no glossary/ here and no --glossary: term, forbidden-term and names checks find nothing"] if no_glossary else []
    return run, notes
