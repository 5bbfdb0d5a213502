"""`vi-en check` in CI: --fail-on, --write-baseline / --baseline, --changed-since, and the verdict
line every format carries. Bad input is one line on stderr and exit 2."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

import vi_en

runner = CliRunner()

GLOSSARY = """terms:
  - vi: đất hiếm
    en: rare earths
    forbidden: [rare soil]
"""
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
CLEAN = ("Nga muốn khai thác đất hiếm.", "Russia wants to mine rare earths.")
OLD_ERROR = ("Đất hiếm ở Nga.", "Rare soil in Russia.")  # forbidden term: an error
OLD_WARNING = ("Trữ lượng lớn.", "Large  reserves.")  # double space: a warning


def po(*pairs) -> str:
    return HEADER + "".join(f'msgid "{vi}"\nmsgstr "{en}"\n\n' for vi, en in pairs)


@pytest.fixture
def desk(tmp_path, monkeypatch) -> Path:
    """A project folder with a glossary and one catalog, as the working folder."""
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "mining.yaml").write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / "translations").mkdir()
    (tmp_path / "translations" / "article.po").write_text(po(CLEAN, OLD_ERROR, OLD_WARNING), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*args: str):
    return runner.invoke(vi_en.app, ["check", "translations/", *args], prog_name="vi-en")


def one_error_line(result) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert result.exit_code == 2
    return lines[0]


# --- --fail-on ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "pairs, fail_on, exit_code, verdict",
    [
        ([CLEAN, OLD_ERROR, OLD_WARNING], "error", 1, "build fails: 1 error (--fail-on error)"),
        ([CLEAN, OLD_WARNING], "error", 0, "build passes: no errors; 1 warning does not fail it (--fail-on error)"),
        ([CLEAN, OLD_WARNING], "warning", 1, "build fails: 0 errors, 1 warning (--fail-on warning)"),
        ([CLEAN, OLD_ERROR, OLD_WARNING], "never", 0, "build passes: --fail-on never (1 error, 1 warning reported)"),
        ([CLEAN], "warning", 0, "build passes: no errors or warnings (--fail-on warning)"),
    ],
)
def test_fail_on_decides_the_exit_code_and_the_summary_says_why(desk, pairs, fail_on, exit_code, verdict):
    (desk / "translations" / "article.po").write_text(po(*pairs), encoding="utf-8")
    result = check("--fail-on", fail_on)
    assert result.exit_code == exit_code, result.output
    assert result.stdout.splitlines()[-1].endswith(f" — {verdict}")


def test_the_default_is_fail_on_error(desk):
    result = check()
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1].endswith("— build fails: 1 error (--fail-on error)")


@pytest.mark.parametrize("fmt", ["text", "github", "html"])
def test_text_github_and_html_carry_the_verdict_in_their_summary_line(desk, fmt):
    result = check("--format", fmt, "--fail-on", "warning")
    assert result.exit_code == 1
    assert "build fails: 1 error, 1 warning (--fail-on warning)" in result.stdout


def test_json_sarif_and_junit_carry_the_verdict_as_data(desk, tmp_path):
    summary = json.loads(check("--format", "json").stdout)["summary"]
    assert summary["fail_on"] == "error" and summary["fails"] is True
    assert summary["verdict"] == "build fails: 1 error (--fail-on error)"

    sarif = json.loads(check("--format", "sarif", "--fail-on", "never").stdout)
    assert sarif["runs"][0]["properties"]["verdict"] == "build passes: --fail-on never (1 error, 1 warning reported)"

    junit = ElementTree.fromstring(check("--format", "junit").stdout)
    verdict = junit.find("./testsuite/properties/property[@name='verdict']")  # Jenkins' schema has no top-level one
    assert verdict is not None and verdict.get("value") == "build fails: 1 error (--fail-on error)"


def test_an_unknown_fail_on_is_one_error_line(desk):
    line = one_error_line(check("--fail-on", "sometimes"))
    assert line == "error: unknown --fail-on 'sometimes' (choose error, warning, never)"


# --- baselines ---------------------------------------------------------------------------------------

def test_a_baseline_adopts_old_findings_and_still_fails_on_new_ones(desk):
    written = check("--write-baseline", "vi-en-baseline.json")
    assert written.exit_code == 0, written.output
    assert written.stdout == ""
    assert written.stderr.startswith("wrote vi-en-baseline.json: 2 finding(s) recorded")

    # Unrelated edits above the old problems move every line number.
    catalog = desk / "translations" / "article.po"
    catalog.write_text(po(("Tiêu đề.", "Headline."), ("Phụ đề.", "Subtitle."), CLEAN, OLD_ERROR, OLD_WARNING),
                       encoding="utf-8")
    adopted = check("--baseline", "vi-en-baseline.json")
    assert adopted.exit_code == 0, adopted.output
    assert "Rare soil" not in adopted.stdout
    assert adopted.stdout.splitlines()[-1].endswith(
        "build passes: no new errors (--fail-on error); baseline vi-en-baseline.json: 2 known findings not reported, 0 fixed")

    catalog.write_text(po(CLEAN, OLD_ERROR, OLD_WARNING, ("Thêm đất hiếm.", "More rare soil.")), encoding="utf-8")
    new = check("--baseline", "vi-en-baseline.json")
    assert new.exit_code == 1
    assert "'rare soil' is a forbidden rendering" in new.stdout and "vi: Thêm **đất hiếm**." in new.stdout
    assert "Rare soil in Russia." not in new.stdout
    assert "build fails: 1 new error (--fail-on error)" in new.stdout


def test_the_summary_counts_fixed_baseline_findings_so_the_file_can_be_refreshed(desk):
    check("--write-baseline", "vi-en-baseline.json")
    (desk / "translations" / "article.po").write_text(po(CLEAN, ("Đất hiếm ở Nga.", "Rare earths in Russia."), OLD_WARNING),
                                                      encoding="utf-8")
    result = check("--baseline", "vi-en-baseline.json")
    assert result.exit_code == 0
    assert "1 known finding not reported, 1 fixed (refresh it with --write-baseline vi-en-baseline.json)" in result.stdout


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"vi-en-baseline": 1, "findings": [\n{"file": \n', "vi-en-baseline.json:3: invalid JSON: Expecting value at column 1"),
        ("", "vi-en-baseline.json: empty file, not a vi-en baseline (record one with --write-baseline)"),
        ('{"findings": []}', 'vi-en-baseline.json:1: not a vi-en baseline (no "vi-en-baseline" key)'),
    ],
)
def test_a_corrupt_baseline_is_one_error_line_and_exit_2(desk, content, message):
    (desk / "vi-en-baseline.json").write_text(content, encoding="utf-8")
    assert one_error_line(check("--baseline", "vi-en-baseline.json")) == f"error: {message}"


def test_a_missing_baseline_is_one_error_line(desk):
    line = one_error_line(check("--baseline", "nope.json"))
    assert line == "error: nope.json: no such baseline file (record one with --write-baseline)"


# --- --changed-since ---------------------------------------------------------------------------------

def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repo(desk) -> Path:
    git(desk, "init", "-q", "-b", "main")
    git(desk, "config", "user.email", "desk@example.org")
    git(desk, "config", "user.name", "Desk")
    git(desk, "add", "-A")
    git(desk, "commit", "-q", "-m", "old translations with old problems")
    return desk


def test_changed_since_judges_only_what_the_branch_touched(repo):
    catalog = repo / "translations" / "article.po"
    assert check("--changed-since", "main").exit_code == 0

    git(repo, "checkout", "-q", "-b", "edit")
    catalog.write_text(po(CLEAN, OLD_ERROR, OLD_WARNING, ("Thêm đất hiếm.", "More rare soil.")), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "one more sentence")

    result = check("--changed-since", "main")

    assert result.exit_code == 1
    assert "vi: Thêm **đất hiếm**." in result.stdout and "Rare soil in Russia." not in result.stdout
    assert result.stdout.splitlines()[-1].endswith(
        "build fails: 1 error (--fail-on error); checked only the 1 entry changed since main")


def test_changed_since_with_a_baseline_does_not_count_untouched_findings_as_fixed(repo):
    check("--write-baseline", "vi-en-baseline.json")
    result = check("--changed-since", "HEAD", "--baseline", "vi-en-baseline.json")
    assert result.exit_code == 0
    assert "2 known findings not reported, 0 fixed" in result.stdout


def test_an_unknown_revision_is_one_error_line_and_exit_2(repo):
    line = one_error_line(check("--changed-since", "no-such-branch"))
    assert line == "error: unknown revision 'no-such-branch' (not a branch, tag or commit of this repository)"


def test_changed_since_outside_a_git_repository_is_one_error_line(desk):
    assert one_error_line(check("--changed-since", "HEAD")).startswith("error: not a git repository: ")


# --- GitHub job summary --------------------------------------------------------------------------------

def many_errors(count: int) -> list[tuple[str, str]]:
    return [(f"Đất hiếm số {n}.", f"Rare soil number {n}.") for n in range(1, count + 1)]


def test_format_github_appends_a_markdown_summary_to_the_job_summary(desk, monkeypatch):
    summary = desk / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = check("--format", "github")
    assert result.exit_code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### ❌ vi-en check: build fails: 1 error (--fail-on error)\n")
    assert "| `forbidden-term` | 1 | 0 |" in text and "| `double-space` | 0 | 1 |" in text
    assert "| translations/article.po:8 | error | `forbidden-term` | 'Rare soil' is a forbidden rendering" in text


def test_without_the_variable_nothing_but_annotations_is_written(desk, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    result = check("--format", "github")
    assert sorted(p.name for p in desk.iterdir()) == ["glossary", "translations"]
    assert "::notice" not in result.stdout


def test_findings_beyond_githubs_ten_annotations_are_counted_in_the_summary(desk, monkeypatch):
    (desk / "translations" / "article.po").write_text(po(*many_errors(60)), encoding="utf-8")
    summary = desk / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = check("--format", "github")
    assert result.stdout.count("::error ") == 60
    assert "::notice title=vi-en::60 errors, 0 warnings: GitHub shows 10 annotations of each kind per step" in result.stdout
    text = summary.read_text(encoding="utf-8")
    assert "| `forbidden-term` | 60 | 0 |" in text
    assert "#### First 50 of 60 findings" in text and text.count("| error | `forbidden-term` |") == 50


def test_summary_cells_cannot_break_the_table_or_inject_html(desk, monkeypatch):
    (desk / "translations" / "article.po").write_text(po(("Đất hiếm <b>|</b>.", "Rare soil <b>|</b>.")),
                                                      encoding="utf-8")
    summary = desk / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    check("--format", "github")
    row = next(line for line in summary.read_text(encoding="utf-8").splitlines() if "| error |" in line)
    assert "<b>" not in row and row.count(" | ") == 3


def test_an_unwritable_job_summary_is_one_error_line(desk, monkeypatch):
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(desk / "no-such-folder" / "summary.md"))
    line = one_error_line(check("--format", "github"))
    assert line.startswith("error: ") and "cannot append the job summary" in line
