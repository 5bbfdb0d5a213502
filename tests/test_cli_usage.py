"""Command-line mistakes (unknown option, missing argument, bad option value) are one line on
stderr naming the command, and exit 2, like every other user error."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from vi_en import app

runner = CliRunner()


@pytest.mark.parametrize(
    "args, line",
    [
        (["check", "--frobnicate"], "error: vi-en check: No such option: --frobnicate"),
        (["check"], "error: vi-en check: Missing argument 'PATHS...' (see `vi-en check --help`)"),  # as in its usage line
        (["translate", "a.txt", "--beam", "0"], "error: vi-en translate: Invalid value for '--beam'"),
        (["translate", "a.txt", "--beam", "many"], "error: vi-en translate: Invalid value for '--beam'"),
        (["glossary", "lint", "--frobnicate"], "error: vi-en glossary lint: No such option: --frobnicate"),
        (["glossary", "suggest", "--min-count", "1"], "error: vi-en glossary suggest: Invalid value for '--min-count'"),
        (["models", "list", "--frobnicate"], "error: vi-en models list: No such option: --frobnicate"),
        (["frobnicate"], "error: vi-en: No such command 'frobnicate' (see `vi-en --help`)"),
        (["--frobnicate"], "error: vi-en: No such option: --frobnicate"),
    ],
)
def test_a_command_line_mistake_is_one_error_line_and_exit_2(args, line):
    result = runner.invoke(app, args, prog_name="vi-en")
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [result.stderr.strip()], result.stderr
    assert result.stderr.startswith(line)
    command = line.split(": ")[1]
    assert result.stderr.endswith(f"(see `{command} --help`)\n")


def test_a_command_group_alone_still_shows_its_help():
    result = runner.invoke(app, ["glossary"], prog_name="vi-en")
    assert "lint" in result.output and "error:" not in result.output
