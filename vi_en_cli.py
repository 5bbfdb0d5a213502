"""vi-en's commands: a thin Typer layer: parse, call one library function, render (vi_en.py runs them).

Errors that users cause arrive as ViEnError and leave as one line on stderr with exit code 2;
anything else is a bug and leaves as one `internal error:` line with exit code 70.
"""

import copy
import gc
import os
import sys
import traceback
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

try:  # recent typer bundles its own click
    from typer._click import exceptions as _click_errors
except ImportError:  # pragma: no cover - typer that uses the click package
    from click import exceptions as _click_errors

from vi_en_toolkit import __version__
from vi_en_toolkit.errors import REPORT_BUGS_AT, OutputError, ViEnError

EXIT_INTERNAL_ERROR = 70  # EX_SOFTWARE (sysexits.h): 1 means findings and 2 bad input, so a bug gets its own


class _UserErrorsAsOneLine(TyperGroup):
    """Turns any ViEnError raised by a command into `error: <file>:<line>: <what>` and exit 2,
    a command-line mistake (unknown option, missing argument) into one such line too, and any
    other exception (a bug) into one `internal error:` line and exit 70."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except _click_errors.UsageError as error:
            _usage_error_as_one_line(error)
        except ViEnError as error:  # from an eager option such as --version
            _user_error_as_one_line(error)
        except (typer.Exit, typer.Abort, _click_errors.ClickException, BrokenPipeError):
            raise
        except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback
            _internal_error_as_one_line(error)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except _click_errors.UsageError as error:
            _usage_error_as_one_line(error)
        except ViEnError as error:
            _user_error_as_one_line(error)
        except BrokenPipeError:  # `vi-en ... | head` closing early is not an error
            raise typer.Exit(0) from None
        except (typer.Exit, typer.Abort, _click_errors.ClickException):
            raise
        except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback
            _internal_error_as_one_line(error)


def _user_error_as_one_line(error: ViEnError):
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(2) from None


def _internal_error_as_one_line(error: Exception):
    """A bug: say what and where in one line; VI_EN_TRACEBACK=1 prints the traceback for a report."""
    if os.environ.get("VI_EN_TRACEBACK"):
        traceback.print_exception(error)
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if Path(f.filename).parent.name == "vi_en_toolkit" or Path(f.filename).name in ("vi_en.py", "vi_en_cli.py")]
    frame = (ours or frames or [None])[-1]  # the innermost line of vi-en's own code, where the fix goes
    where = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
    what = " ".join(f"{type(error).__name__}: {error}".split())[:300]
    typer.echo(f"internal error: {what}{where} (please report this at {REPORT_BUGS_AT}, with the command you ran; "
               "VI_EN_TRACEBACK=1 shows the details)", err=True)
    raise typer.Exit(EXIT_INTERNAL_ERROR) from None


def _print(text: str = "", nl: bool = True) -> None:
    """Write to standard output: a closed or full one is one error line, not a traceback."""
    if sys.stdout is None:
        raise OutputError("standard output is closed; nothing written (redirect it to a file or /dev/null)")
    try:
        typer.echo(text, nl=nl)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(f"cannot write to standard output: {error.strerror or error}") from None


def _stdout_is_terminal() -> bool:
    return sys.stdout is not None and sys.stdout.isatty()


def _progress_console():
    """rich's Console on standard error when it is a terminal, else None: progress displays are
    for people, never in logs (and rich is not imported when stderr cannot be a terminal)."""
    if not _stderr_may_be_terminal():
        return None
    from rich.console import Console

    console = Console(stderr=True)
    return console if console.is_terminal else None


def _stderr_may_be_terminal() -> bool:
    """Whether rich may take standard error for a terminal (a tty, or told so by TTY_COMPATIBLE=1
    or FORCE_COLOR); when not, the progress displays do not import rich at all (tens of ms)."""
    if os.environ.get("TTY_COMPATIBLE") == "1" or os.environ.get("FORCE_COLOR"):
        return True
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except ValueError:  # closed
        return False


def _usage_error_as_one_line(error):
    if isinstance(error, getattr(_click_errors, "NoArgsIsHelpError", ())):  # `vi-en glossary` alone shows the help
        raise error
    command = error.ctx.command_path if error.ctx else "vi-en"
    message = " ".join(error.format_message().split()).rstrip(".")
    typer.echo(f"error: {command}: {message} (see `{command} --help`)", err=True)
    raise typer.Exit(2) from None


app = typer.Typer(
    cls=_UserErrorsAsOneLine,
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
    pretty_exceptions_enable=False,
    help="Offline Vietnamese→English translation with an enforced domain glossary, and editorial QA.",
)
glossary_app = typer.Typer(no_args_is_help=True, help="Check, compare, import and export the glossary.")
app.add_typer(glossary_app, name="glossary")

DEFAULT_GLOSSARY = Path("glossary")

# Options many commands share.
GlossaryOption = Annotated[
    Path, typer.Option("--glossary", "-g", help="Glossary YAML file or folder.", show_default=True)
]
# For commands that run without a glossary when there is none (check, translate).
OptionalGlossaryOption = Annotated[
    Optional[Path], typer.Option("--glossary", "-g", help="Glossary YAML file or folder (default: glossary/ if present).")
]


def _version_callback(value: bool):
    if value:
        _print(f"vi-en {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version.")
    ] = False,
):
    """Offline Vietnamese→English translation with an enforced domain glossary, and editorial QA."""


# --- glossary ----------------------------------------------------------------------------------

@glossary_app.command("lint")
def glossary_lint(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Glossary files or folders (default: glossary/).")] = None,
):
    """Validate glossary files: schema, duplicates, conflicts, forbidden forms, NFC. Exit 1 on problems."""
    from vi_en_toolkit.glossary import lint_glossary

    report = lint_glossary(paths or [DEFAULT_GLOSSARY])
    for problem in report.problems:
        _print(str(problem))
    verdict = f"{len(report.problems)} problem(s)" if report.problems else "ok"
    if report.problems:
        typer.echo(f"{report.terms} terms in {report.files} file(s): {verdict}", err=True)
    else:
        _print(f"{report.terms} terms in {report.files} file(s): {verdict}")
    raise typer.Exit(1 if report.problems else 0)


@glossary_app.command("diff")
def glossary_diff(
    old: Annotated[Optional[str], typer.Argument(help="Old glossary: file, folder, git revision or REV:path (default: HEAD).")] = None,
    new: Annotated[Optional[str], typer.Argument(help="New glossary: file, folder, git revision or REV:path (default: the working tree).")] = None,
    translations: Annotated[
        Optional[list[Path]], typer.Option("--translations", "-t", help="PO catalogs or folders to check (default: translations/).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, markdown (for a pull-request comment) or json.")] = "text",
    glossary: Annotated[
        Path, typer.Option("--glossary", "-g", help="Where the glossary lives, for bare revisions.")
    ] = DEFAULT_GLOSSARY,
):
    """Show term changes between two glossaries and the translations they break or fix. Exit 1 if one breaks."""
    from vi_en_toolkit.diff import diff_glossaries
    from vi_en_toolkit.diff_report import FORMATS, render_diff
    from vi_en_toolkit.errors import InputError

    if fmt not in FORMATS:
        raise InputError(f"unknown format '{fmt}' (choose {', '.join(FORMATS)})")
    result = diff_glossaries(old, new, [str(p) for p in translations] if translations else None, str(glossary))
    _print(render_diff(result, fmt), nl=False)
    raise typer.Exit(1 if result.breaks_translations else 0)


@glossary_app.command("export")
def glossary_export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="tbx (TBX-Basic v3), tbx2 (TBX v2 <martif>, for translate-toolkit, Weblate, Pootle), csv, tsv, deepl (two-column TSV) or google (two-column CSV).")] = "tbx",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here (default: standard output).")] = None,
    glossary: GlossaryOption = DEFAULT_GLOSSARY,
):
    """Export the glossary as TBX, CSV or TSV, or as a two-column DeepL/Google glossary."""
    from vi_en_toolkit.exchange import export_glossary
    from vi_en_toolkit.files import refuse_output_over_input, write_atomic
    from vi_en_toolkit.glossary import glossary_files, load_glossary

    refuse_output_over_input(output, glossary_files([glossary]))
    text = export_glossary(load_glossary(glossary), fmt, source_label=str(glossary))
    if output is None:
        _print(text, nl=False)
    else:
        write_atomic(output, text)
        typer.echo(f"wrote {output}", err=True)


@glossary_app.command("import")
def glossary_import(
    file: Annotated[Path, typer.Argument(help="A TBX, CSV or TSV glossary (with a header, or two columns vi,en).")],
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="YAML file to write or merge into (default: glossary/<name>.yaml).")
    ] = None,
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", help="tbx, csv or tsv (default: from the file name).")] = None,
    glossary: GlossaryOption = DEFAULT_GLOSSARY,
):
    """Import terms into a new YAML file, or merge them into an existing one without overwriting (exit 1 on conflicts)."""
    from vi_en_toolkit.exchange import import_glossary
    from vi_en_toolkit.glossary import load_glossary

    output = output or glossary / f"{file.stem}.yaml"
    # The rest of the glossary: terms it has already are not imported again (the output itself is read anyway).
    use_glossary = glossary.exists() or (glossary != DEFAULT_GLOSSARY and glossary != output)
    if glossary.is_dir() and not any(f.suffix in (".yaml", ".yml") for f in glossary.rglob("*")):
        use_glossary = False  # a new, empty glossary/ folder: the first import starts it
    existing = load_glossary(glossary).terms if use_glossary else ()
    # import_glossary reads, merges and writes under the output's lock (and refuses a FIFO as input)
    report = import_glossary(file, output, existing=list(existing), fmt=fmt)
    for skipped in report.skipped:
        typer.echo(f"skipped: {file}: {skipped.where}: {skipped.reason}", err=True)
    for conflict in report.conflicts:
        _print(f"{conflict}")
    if report.ignored_columns:
        typer.echo(f"ignored columns: {', '.join(report.ignored_columns)}", err=True)
    action = "wrote" if report.created else "merged into"
    summary = f"{len(report.added)} term(s) added, {len(report.already_present)} already present, {len(report.conflicts)} conflict(s)"
    if report.merged_rows:
        summary += f", {report.merged_rows} repeated row(s) merged into variants"
    _print(f"{action} {report.output}: {summary}" if report.added else f"{report.output} unchanged: {summary}")
    raise typer.Exit(1 if report.conflicts else 0)


@glossary_app.command("suggest")
def glossary_suggest(
    paths: Annotated[
        Optional[list[Path]], typer.Argument(help="PO catalogs, folders of them, or .txt and .md articles (default: translations/).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, yaml (ready to paste into a glossary file) or json.")] = "text",
    min_count: Annotated[int, typer.Option("--min-count", min=2, help="Entries a phrase must occur in.")] = 2,
    max_words: Annotated[int, typer.Option("--max-words", min=2, max=8, help="Longest phrase, in syllables.")] = 4,
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="Show the best N candidates (0: all).")] = 30,
    glossary: GlossaryOption = DEFAULT_GLOSSARY,
):
    """Suggest glossary terms: recurring Vietnamese phrases not in the glossary, with their observed English."""
    from vi_en_toolkit.errors import InputError
    from vi_en_toolkit.glossary import load_glossary
    from vi_en_toolkit.suggest import (
        read_pairs,
        render_candidates_json,
        render_candidates_text,
        render_candidates_yaml,
        suggest_terms,
    )

    renderers = {"text": render_candidates_text, "yaml": render_candidates_yaml, "json": render_candidates_json}
    if fmt not in renderers:
        raise InputError(f"unknown format '{fmt}' (choose {', '.join(renderers)})")
    known = load_glossary(glossary) if glossary.exists() or glossary != DEFAULT_GLOSSARY else None
    candidates = suggest_terms(read_pairs(paths or [Path("translations")]), known, min_count, max_words)
    _print(renderers[fmt](candidates[:limit] if limit else candidates), nl=False)


# --- check -------------------------------------------------------------------------------------

@app.command("check")
def check_command(
    paths: Annotated[list[Path], typer.Argument(metavar="PATHS...", help="PO catalogs or folders (searched for *.po).")],
    glossary: OptionalGlossaryOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json, junit, sarif, github or html.")] = "text",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report here (default: standard output).")] = None,
    enable: Annotated[Optional[list[str]], typer.Option("--enable", help="Run only these check ids (repeat or comma-separate).")] = None,
    disable: Annotated[Optional[list[str]], typer.Option("--disable", help="Skip these check ids (repeat or comma-separate).")] = None,
    changed_since: Annotated[
        Optional[str], typer.Option("--changed-since", metavar="REV", help="Only entries new, edited or newly fuzzy since this git revision.")
    ] = None,
    baseline: Annotated[
        Optional[Path], typer.Option("--baseline", help="Report and fail only on findings not recorded in this baseline file.")
    ] = None,
    write_baseline: Annotated[
        Optional[Path], typer.Option("--write-baseline", help="Record today's findings in this file (no report; exit 0).")
    ] = None,
    fail_on: Annotated[str, typer.Option("--fail-on", help="What exits 1: error, warning or never.")] = "error",
    jobs: Annotated[
        Optional[int], typer.Option("--jobs", "-j", min=1, help="Processes for big runs (20,000+ entries; default 1: more cost CPU time and memory, and save time only on an idle machine).")
    ] = None,
):
    """Check translations in PO catalogs: terms, names, figures, dates, untranslated text, consistency. Exit 1 on errors."""
    import os

    from vi_en_toolkit.checks import check_catalogs
    from vi_en_toolkit.errors import InputError
    from vi_en_toolkit.files import write_atomic
    from vi_en_toolkit.gate import apply_ci_options, check_fail_on
    from vi_en_toolkit.report import FORMATS, render

    if fmt not in FORMATS:
        raise InputError(f"unknown format '{fmt}' (choose {', '.join(FORMATS)})")
    check_fail_on(fail_on)  # before the work
    # no spinner beside a process pool: its refresh thread could hold a lock of stderr when the pool forks
    with _check_progress() if not jobs or jobs <= 1 else nullcontext():
        run, notes = check_catalogs(
            paths, glossary, enable=enable, disable=disable, jobs=jobs,
            outputs={"--output": output, "--write-baseline": write_baseline}, other_inputs=[baseline] if baseline else [],
        )
    if write_baseline is not None:
        from vi_en_toolkit.baseline import write_baseline as record_baseline

        recorded = record_baseline(apply_ci_options(run, fail_on, changed_since)[0].findings, write_baseline)
        typer.echo(f"wrote {write_baseline}: {recorded} finding(s) recorded; "
                   f"`vi-en check --baseline {write_baseline}` now fails only on new ones", err=True)
        raise typer.Exit(0)
    run, gate = apply_ci_options(run, fail_on, changed_since, baseline)
    for note in notes:
        typer.echo(f"note: {note}", err=True)
    color = output is None and fmt == "text" and _stdout_is_terminal() and "NO_COLOR" not in os.environ
    report = render(run, fmt, color=color, gate=gate)
    if fmt == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        from vi_en_toolkit.report import append_github_summary

        append_github_summary(run, gate, os.environ["GITHUB_STEP_SUMMARY"])
    if output is None:
        _print(report, nl=False)
    else:
        write_atomic(output, report)
        typer.echo(f"wrote {output}: {run.errors} error(s), {run.warnings} warning(s); {gate.verdict(run)}", err=True)
    raise typer.Exit(1 if gate.fails(run) else 0)


@contextmanager
def _check_progress(after: float = 0.5):
    """A spinner with the elapsed time on stderr while a check run takes more than a moment (a big
    catalog takes seconds); only on a terminal, and gone once the report prints."""
    console = _progress_console()
    if console is None:
        yield
        return
    import threading

    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(SpinnerColumn(), TextColumn("checking translations"), TimeElapsedColumn(), console=console,
                   transient=True)
    bar.add_task("check", total=None)
    lock = threading.Lock()
    finished = False

    def show() -> None:
        with lock:
            if not finished:
                bar.start()

    timer = threading.Timer(after, show)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            finished = True
            timer.cancel()
            if bar.live.is_started:
                bar.stop()


# --- translate ---------------------------------------------------------------------------------

@app.command("translate")
def translate_command(
    inputs: Annotated[list[str], typer.Argument(help="Vietnamese articles (.txt, .md), or - for standard input.")],
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help=".po: write or update a catalog; .txt/.md: English text (default: print).")
    ] = None,
    glossary: OptionalGlossaryOption = None,
    memory: Annotated[
        Optional[list[Path]], typer.Option("--memory", help="PO catalogs or folders to reuse (default: translations/*.po).")
    ] = None,
    no_memory: Annotated[bool, typer.Option("--no-memory", help="Reuse no translation memory.")] = False,
    model: Annotated[
        Optional[Path], typer.Option("--model", help="Argos package folder or .argosmodel file (default: the installed vi→en model).")
    ] = None,
    beam: Annotated[int, typer.Option("--beam", min=1, help="Beam size and n-best list length for decoding (at most 64).")] = 4,
):
    """Translate Vietnamese articles: reviewed translations reused, the rest machine-translated with the glossary enforced."""
    from vi_en_toolkit.translate import (
        printed_english,
        review_notes,
        summary,
        translate_files,
    )

    with _translate_progress() as progress:
        result = translate_files(
            inputs, output, glossary=glossary, memory=memory, use_memory=not no_memory, model=model,
            beam_size=beam, progress=progress,
        )
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    if output is None:
        _print(printed_english(result.english), nl=False)
    if output is None or output.suffix.lower() != ".po":  # a catalog carries these itself
        for line in review_notes(result):
            typer.echo(f"warning: {line}", err=True)
    typer.echo(summary(result), err=True)


@contextmanager
def _translate_progress(few: int = 5):
    """A spinner with the current stage on stderr, only on a terminal and only for more than a
    few segments to machine-translate (decoding is one batch, so there is nothing to count)."""
    console = _progress_console()
    if console is None:
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console, transient=True)
    task = bar.add_task("translating", total=None)

    def update(stage: str, done: int, total: int) -> None:
        if total <= few:
            return
        if not bar.live.is_started:
            bar.start()
        bar.update(task, description=stage)

    try:
        yield update
    finally:
        if bar.live.is_started:
            bar.stop()


# --- models ------------------------------------------------------------------------------------

models_app = typer.Typer(no_args_is_help=True, help="List and install Argos Translate models, or build the demo model.")
app.add_typer(models_app, name="models")


@models_app.command("list")
def models_list():
    """List installed Argos Translate packages: language pair, version, folder."""
    from vi_en_toolkit.engine import INSTALL_HINT, installed_packages, packages_dir

    packages = installed_packages()
    if not packages:
        _print(f"no models installed in {packages_dir()}; {INSTALL_HINT}")
    for package in packages:
        _print(f"{package.from_code}→{package.to_code}\t{package.version}\t{package.path}")


@models_app.command("install")
def models_install(
    file: Annotated[
        Optional[Path], typer.Option("--file", help="Install this .argosmodel file (works offline).")
    ] = None,
):
    """Install the vi→en model from the Argos package index (needs internet), or from a file."""
    from vi_en_toolkit import engine

    if file is not None:
        package = engine.install_package_file(file)
    else:
        with _download_progress() as progress:
            package = engine.install_from_index("vi", "en", progress=progress)
    _print(f"installed {package.from_code}→{package.to_code} {package.version} in {package.path}")


@models_app.command("demo")
def models_demo(
    folder: Annotated[Path, typer.Argument(help="Folder to write it into.")] = Path("."),
):
    """Build the tiny demo model (random weights: its English is nonsense) the README's examples use; offline."""
    from vi_en_toolkit.demo_model import build_demo_model

    archive = build_demo_model(folder)
    typer.echo(f"wrote {archive}: a demo model for trying the workflow (its translations are nonsense); "
               f"use it with --model {archive}")


@contextmanager
def _download_progress():
    """A progress bar on stderr fed by the engine's (bytes done, total) callback. It appears
    with the first bytes, so an error before the download stays a single line; none in logs."""
    console = _progress_console()
    if console is None:
        yield None
        return
    from rich.progress import DownloadColumn, Progress, TransferSpeedColumn

    bar = Progress(*Progress.get_default_columns(), DownloadColumn(), TransferSpeedColumn(),
                   console=console, transient=True)
    task = bar.add_task("downloading", total=None)

    def update(done: int, total: Optional[int]) -> None:
        if not bar.live.is_started:
            bar.start()
        bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if bar.live.is_started:  # stopping a bar that never started still prints a newline
            bar.stop()


def main() -> None:
    _reserve_standard_descriptors()
    # What start-up made (modules, classes, Click's commands) lives as long as the run: out of the
    # cyclic collector's sight, the collections a run makes do not walk it again each time (~25 M
    # instructions of a one-entry check; documented for this use, and before a fork, in the gc docs).
    gc.freeze()
    app_for(sys.argv[1:])(prog_name="vi-en")


def app_for(args: list[str]) -> typer.Typer:
    """The app holding only the command or group that `args` names first. Typer builds the Click
    parameters of every command it holds on every run (~13 M instructions, a tenth of a one-entry
    check's start-up) and a run uses one. Anything else (no command, an option first, a name that is
    no command, shell completion) gets the whole app, so help, completion and errors read as they do."""
    if not args or "_VI_EN_COMPLETE" in os.environ:
        return app
    commands = [command for command in app.registered_commands if command.name == args[0]]
    groups = [group for group in app.registered_groups if group.name == args[0]]
    if not commands and not groups:
        return app
    only = copy.copy(app)
    only.registered_commands, only.registered_groups = commands, groups
    return only


def _reserve_standard_descriptors() -> None:
    """A standard stream closed by the caller (`>&-`) keeps its number taken by /dev/null, so no file
    vi-en opens becomes "standard output" for a child process. Standard output is opened read-only
    and left as None in Python: writing to it fails with one error line."""
    for fd, flags in ((0, os.O_RDONLY), (1, os.O_RDONLY), (2, os.O_WRONLY)):
        try:
            os.fstat(fd)
        except OSError:
            placeholder = os.open(os.devnull, flags)
            if placeholder != fd:
                os.dup2(placeholder, fd)
                os.close(placeholder)


if __name__ == "__main__":
    main()
