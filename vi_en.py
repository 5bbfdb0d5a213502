"""vi-en: the command line. A thin Typer layer: parse, call one library function, render.

Errors that users cause arrive as ViEnError and leave as one line on stderr with exit code 2.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from vi_en_toolkit import __version__
from vi_en_toolkit.errors import ViEnError


class _UserErrorsAsOneLine(TyperGroup):
    """Turns any ViEnError raised by a command into `error: <file>:<line>: <what>` and exit 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ViEnError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(2) from None
        except BrokenPipeError:  # `vi-en ... | head` closing early is not an error
            raise typer.Exit(0) from None


app = typer.Typer(
    cls=_UserErrorsAsOneLine,
    no_args_is_help=True,
    add_completion=False,
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


def _version_callback(value: bool):
    if value:
        typer.echo(f"vi-en {__version__}")
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
        typer.echo(str(problem))
    verdict = f"{len(report.problems)} problem(s)" if report.problems else "ok"
    typer.echo(f"{report.terms} terms in {report.files} file(s): {verdict}", err=bool(report.problems))
    raise typer.Exit(1 if report.problems else 0)


def main() -> None:
    app(prog_name="vi-en")


if __name__ == "__main__":
    main()
