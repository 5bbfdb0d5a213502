"""Help pages read as users expect (flags without a value, arguments in capitals), shell completion
works, and a long `vi-en check` on a terminal shows that it is working."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sample_article import REPO
from vi_en import app
from vi_en_cli import app_for

runner = CliRunner()


def typer_as_pinned() -> None:
    """The help layout is typer's: pyproject.toml pins the typer that renders it as users expect."""
    major, minor = (int(part) for part in version("typer").split(".")[:2])
    if (major, minor) >= (0, 27):
        pytest.skip(f"typer {version('typer')} is installed; pyproject.toml pins typer<0.27 "
                    "(reinstall with pip install -e .)")


def command_paths(group=None, path=()):
    """Every command and group of the CLI, as argument lists."""
    group = group or typer.main.get_command(app)
    yield list(path)
    for name, command in getattr(group, "commands", {}).items():
        yield from command_paths(command, (*path, name))


def help_page(path: list[str]) -> str:
    result = runner.invoke(app, [*path, "--help"], prog_name="vi-en", env={"COLUMNS": "120", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("path", list(command_paths()), ids=lambda p: " ".join(p) or "vi-en")
def test_help_pages_show_no_types_as_values(path):
    typer_as_pinned()
    page = help_page(path)
    for wrong in ("<bool>", "<path>", "<str>", "<int", "list[", "{"):
        assert wrong not in page, f"{wrong!r} in `vi-en {' '.join(path)} --help`"


@pytest.mark.parametrize(
    "path, usage, option_line",
    [
        (["translate"], "Usage: vi-en translate [OPTIONS] INPUTS...", r"│ --no-memory +Reuse no translation memory\."),
        (["check"], "Usage: vi-en check [OPTIONS] PATHS...", r"│ --output +-o +PATH +Write the report here"),
        (["glossary", "import"], "Usage: vi-en glossary import [OPTIONS] FILE", r"│ --help +Show this message and exit\."),
        (["models", "demo"], "Usage: vi-en models demo [OPTIONS] [FOLDER]", r"│ --help +Show this message and exit\."),
    ],
)
def test_help_pages_read_as_users_expect(path, usage, option_line):
    typer_as_pinned()
    page = help_page(path)
    assert usage in page
    assert re.search(option_line, page), page


# --- shell completion ---------------------------------------------------------------------------------

def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(REPO), **env}
    return subprocess.run([sys.executable, str(REPO / "vi_en.py"), *args], env=environment, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("shell, marker", [("bash", "complete -o"), ("zsh", "#compdef vi-en"),
                                           ("fish", "complete --command vi-en")])
def test_show_completion_prints_the_script_for_a_shell(shell, marker):
    # --show-completion takes no shell: it detects the one it runs in from the process tree, which
    # a test cannot count on (a harness that is no shell). Typer's own switch for its tests makes
    # it take the shell's name instead.
    result = run_cli("--show-completion", shell, _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    assert result.returncode == 0, result.stderr
    assert "_VI_EN_COMPLETE" in result.stdout and marker in result.stdout


def test_show_completion_prints_the_script_of_the_shell_it_runs_in():
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    command = f'"{sys.executable}" "{REPO / "vi_en.py"}" --show-completion'
    result = subprocess.run(["bash", "-c", command], env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "_VI_EN_COMPLETE" in result.stdout and "complete -o" in result.stdout


@pytest.mark.parametrize(
    "words, expected",
    [
        ("vi-en glo", {"glossary"}),
        ("vi-en glossary ex", {"export"}),
        ("vi-en models ", {"list", "install", "demo"}),
        ("vi-en check --fa", {"--fail-on"}),
    ],
)
def test_completion_completes_commands_and_options(words, expected):
    result = run_cli(_VI_EN_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(len(words.split(" ")) - 1))
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) >= expected


def test_install_completion_is_offered():
    assert "--install-completion" in help_page([])


# --- a run builds only the command it names -----------------------------------------------------------

@pytest.mark.parametrize("args, built", [
    (["check", "one.po"], {"check"}),
    (["glossary", "lint"], {"glossary"}),
    (["models", "list"], {"models"}),
    (["chek", "one.po"], None),  # no such command: the whole app, which says so and suggests "check"
    (["--version"], None),
    ([], None),
])
def test_a_run_builds_only_the_command_it_names(args, built):
    names = set(typer.main.get_command(app_for(args)).commands)
    assert names == (built or set(typer.main.get_command(app).commands))


@pytest.mark.parametrize("args", [
    ["check", "--help"], ["check"], ["check", "--bogus", "x.po"], ["check", "x.po", "--format", "yaml"],
    ["translate", "--help"], ["glossary", "--help"], ["glossary", "export", "--help"], ["glossary", "nope"],
    ["glossary"], ["models"], ["models", "demo", "--help"], ["chek", "x.po"], ["--help"], ["--version"],
])
def test_a_run_of_one_command_reads_as_the_whole_app(args):
    settings = {"prog_name": "vi-en", "env": {"COLUMNS": "120", "NO_COLOR": "1"}}
    whole, one = runner.invoke(app, args, **settings), runner.invoke(app_for(args), args, **settings)
    assert (one.exit_code, one.stdout, one.stderr) == (whole.exit_code, whole.stdout, whole.stderr)


# --- progress on a terminal ---------------------------------------------------------------------------

def test_a_long_check_on_a_terminal_shows_a_spinner_that_is_gone_at_the_end(tmp_path):
    import pty

    catalog = tmp_path / "big.po"
    entry = 'msgid "Trung Quốc kiểm soát {0}% sản lượng đất hiếm toàn cầu số {0}."\n' \
            'msgstr "China controls {0}% of global rare earth output number {0}."\n\n'
    catalog.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                       + "".join(entry.format(n) for n in range(20000)), encoding="utf-8")
    controller, terminal = pty.openpty()
    done = subprocess.run([sys.executable, str(REPO / "vi_en.py"), "check", str(catalog), "--jobs", "1"],
                          stdout=subprocess.PIPE, stderr=terminal, cwd=tmp_path, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "80", "TERM": "xterm"})
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    assert done.returncode == 0, done.stdout
    assert b"checking translations" in shown
    assert done.stdout.decode().startswith("1 file, 20000 entries: no problems")  # the report itself is untouched


def test_no_spinner_when_stderr_is_not_a_terminal(tmp_path):
    catalog = Path(REPO / "translations" / "rare-earths-russia-us.en.po")
    result = subprocess.run([sys.executable, str(REPO / "vi_en.py"), "check", str(catalog)], capture_output=True,
                            text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert "checking translations" not in result.stderr and "\x1b[" not in result.stderr
