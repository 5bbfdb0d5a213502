"""The example GitHub Actions workflow: it parses, does what the README promises, and every
`vi-en …` command it runs exists with the options and values it passes."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import typer.main
import yaml
from typer.testing import CliRunner

from vi_en import app
from vi_en_toolkit import diff_report, report
from vi_en_toolkit.gate import FAIL_ON

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / "examples" / "github-actions" / "vi-en-qa.yml"
SHELL_OPERATORS = {">>", ">", "||", "&&", "|", ";", "2>&1"}
# Values the CLI checks itself (not through click), per command.
CHOICES = {
    ("check", "--format"): report.FORMATS,
    ("check", "--fail-on"): FAIL_ON,
    ("glossary", "diff", "--format"): diff_report.FORMATS,
}


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps() -> list[dict]:
    return [step for job in workflow()["jobs"].values() for step in job["steps"]]


def vi_en_commands() -> list[list[str]]:
    """Each `vi-en …` command of every run script, as argv without the program name.
    `${{ … }}` expressions become a placeholder; shell variables stay as written."""
    commands = []
    for step in steps():
        script = re.sub(r"\$\{\{[^}]*\}\}", "EXPR", step.get("run", "")).replace("\\\n", " ")
        for line in script.splitlines():
            words = shlex.split(line, comments=True)
            while "vi-en" in words:
                words = words[words.index("vi-en") + 1:]
                end = next((i for i, w in enumerate(words) if w in SHELL_OPERATORS), len(words))
                commands.append(words[:end])
                words = words[end:]
    return commands


def test_the_workflow_parses_and_runs_on_pull_requests_and_pushes():
    document = workflow()
    triggers = document.get("on", document.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers and "push" in triggers
    assert document["permissions"]["security-events"] == "write"
    checkout = next(s for s in steps() if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0, "--changed-since needs the base branch's history"


def test_it_installs_vi_en_before_running_it():
    runs = [s.get("run", "") for s in steps()]
    install = next(i for i, r in enumerate(runs) if "pip install" in r)
    first_use = next(i for i, r in enumerate(runs) if "vi-en " in r)
    assert install < first_use


def test_it_uploads_the_sarif_report_that_check_writes():
    commands = vi_en_commands()
    sarif = next(c for c in commands if c[0] == "check" and "sarif" in c)
    written = sarif[sarif.index("--output") + 1]
    upload = next(s for s in steps() if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == written
    assert upload["if"] == "always()"


def test_it_annotates_inline_and_judges_pull_requests_on_changed_entries():
    commands = vi_en_commands()
    github = [c for c in commands if c[0] == "check" and c[c.index("--format") + 1] == "github"]
    assert any("--changed-since" in c for c in github)
    assert any("--changed-since" not in c for c in github), "pushes to main check everything"


def test_glossary_changes_become_the_job_summary_on_pull_requests_touching_glossary():
    step = next(s for s in steps() if "glossary diff" in s.get("run", ""))
    assert "pull_request" in step["if"]
    assert 'git diff --quiet "origin/$BASE_REF...HEAD" -- glossary/' in step["run"]
    assert re.search(r"vi-en glossary diff .*--format markdown >> \"\$GITHUB_STEP_SUMMARY\"", step["run"])


def _command_path(argv: list[str]):
    """The click command argv names (walking sub-apps), its name path and its own arguments."""
    command = typer.main.get_command(app)
    names: list[str] = []
    while hasattr(command, "commands"):  # a group (typer ships its own copy of click)
        name, argv = argv[0], argv[1:]
        sub = command.commands.get(name)
        assert sub is not None, f"vi-en has no command '{' '.join([*names, name])}'"
        command, names = sub, [*names, name]
    return command, names, argv


@pytest.mark.parametrize("argv", vi_en_commands(), ids=lambda argv: " ".join(argv))
def test_every_vi_en_command_in_the_workflow_exists_with_those_options(argv):
    command, names, args = _command_path(argv)
    command.make_context(" ".join(["vi-en", *names]), list(args))  # raises on an unknown option or missing value
    for i, word in enumerate(args[:-1]):
        allowed = CHOICES.get((*names, word))
        if allowed is not None:
            assert args[i + 1] in allowed, f"{word} {args[i + 1]} is not one of {allowed}"


def test_the_commands_it_names_were_found():
    named = {" ".join(_command_path(argv)[1]) for argv in vi_en_commands()}
    assert named == {"check", "glossary lint", "glossary diff"}


def test_the_sarif_step_runs_as_written_on_this_repository(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    sarif = next(c for c in vi_en_commands() if c[0] == "check" and "sarif" in c)
    output = tmp_path / "vi-en.sarif"
    args = [str(output) if word == sarif[sarif.index("--output") + 1] else word for word in sarif]

    result = CliRunner().invoke(app, args)

    assert result.exit_code == 0, result.output
    document = json.loads(output.read_text(encoding="utf-8"))
    assert document["version"] == "2.1.0"
    assert document["runs"][0]["properties"]["fail_on"] == "never"
