"""The `vi-en glossary` commands as users run them: output, exit codes and one-line errors.

Also: every vi-en command has help text, and glossary commands start without the MT stack.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner
import vi_en

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "glossary"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(vi_en.app, list(args), prog_name="vi-en")


def one_error_line(result) -> str:
    """The whole of stderr, which must be a single `error: ...` line and no traceback."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return lines[0]


# --- help ------------------------------------------------------------------------------------------------

def all_commands(command, path=()):
    """Every command and group. Not by click's classes: recent typer builds them with its own click."""
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from all_commands(sub, (*path, name))


COMMANDS = list(all_commands(typer.main.get_command(vi_en.app)))


@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(p) or "vi-en" for p, _ in COMMANDS])
def test_every_command_and_sub_command_has_help_text(path, command):
    assert (command.help or "").strip(), f"vi-en {' '.join(path)} has no help text"
    for parameter in command.params:
        if getattr(parameter, "param_type_name", None) == "option" or getattr(parameter, "help", None) is not None:
            assert (parameter.help or "").strip(), f"vi-en {' '.join(path)} {parameter.name} has no help"

    result = run(*path, "--help")

    assert result.exit_code == 0
    assert command.help.strip().split("\n")[0][:40] in " ".join(result.stdout.split())


def test_the_glossary_commands_are_all_there():
    names = set(typer.main.get_command(vi_en.app).commands["glossary"].commands)

    assert {"lint", "diff", "export", "import", "suggest"} <= names


# --- lint ---------------------------------------------------------------------------------------------------

LINT_PROBLEMS = [
    ("schema_unknown_key.yaml", "schema_unknown_key.yaml:3: schema: unknown key 'english'"),
    ("schema_unknown_key.yaml", "schema_unknown_key.yaml:2: schema: missing 'en'"),
    ("empty_en.yaml", "empty_en.yaml:2: empty: 'en' is empty"),
    ("not_nfc.yaml", "not_nfc.yaml:2: not-nfc: 'vi'"),
    ("duplicate_terms.yaml", "duplicate_terms.yaml:4: duplicate: 'Đất hiếm' is already at duplicate_terms.yaml:2"),
    ("conflicting_terms.yaml", "conflicting_terms.yaml:4: conflict: 'trữ lượng' is 'deposits' here but 'reserves'"),
    ("forbidden_accepted.yaml", "forbidden_accepted.yaml:2: forbidden-accepted: 'rare earth elements' is both"),
]


@pytest.mark.parametrize("name, expected", LINT_PROBLEMS, ids=[e.split(": ")[1] + "-" + n for n, e in LINT_PROBLEMS])
def test_lint_reports_each_problem_with_file_and_line(monkeypatch, name: str, expected: str):
    monkeypatch.chdir(FIXTURES)

    result = run("glossary", "lint", name)

    assert result.exit_code == 1
    assert any(line.startswith(expected) for line in result.stdout.splitlines()), result.stdout


def test_lint_of_a_clean_glossary_exits_0(monkeypatch):
    monkeypatch.chdir(FIXTURES)

    result = run("glossary", "lint", "rare_earths.yaml")

    assert result.exit_code == 0
    assert result.stdout == "4 terms in 1 file(s): ok\n"


@pytest.mark.parametrize("name, expected", [
    ("broken_yaml.yaml", "error: broken_yaml.yaml:4: invalid YAML: did not find expected '-' indicator"),
    ("not_a_glossary.yaml", "error: not_a_glossary.yaml:1: a glossary file is a mapping with a 'terms:' list"),
    ("no_such_file.yaml", "error: no_such_file.yaml: no such file or folder"),
])
def test_lint_of_unreadable_yaml_is_one_line_and_exit_2(monkeypatch, name: str, expected: str):
    monkeypatch.chdir(FIXTURES)

    result = run("glossary", "lint", name)

    assert result.exit_code == 2
    assert one_error_line(result) == expected


@pytest.mark.parametrize("content, expected", [
    (b"terms:\n  - vi: \xc4\x91\xe1\xba\xa5t\x00\n    en: x\n", "error: g.yaml:2: invalid YAML: control characters are not allowed (U+0000)"),
    (b"terms: " + b"[" * 5000 + b"]" * 5000 + b"\n", "invalid YAML: nested too deeply for a glossary"),
    (b"", "error: g.yaml:1: empty glossary file (expected a 'terms:' list)"),
], ids=["nul-byte", "deep-nesting", "empty"])
def test_lint_of_a_file_that_is_not_yaml_text_is_one_line_and_exit_2(tmp_path: Path, monkeypatch, content, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.yaml").write_bytes(content)

    result = run("glossary", "lint", "g.yaml")

    assert result.exit_code == 2
    line = one_error_line(result)
    # the line number of a nesting error depends on the PyYAML version (its C parser may stop first)
    assert line == expected or (line.startswith("error: g.yaml") and line.endswith(": " + expected))


def test_a_glossary_saved_with_a_bom_and_crlf_lints_clean(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.yaml").write_bytes(b"\xef\xbb\xbf" + "terms:\r\n  - vi: đất hiếm\r\n    en: rare earths\r\n".encode())

    result = run("glossary", "lint", "g.yaml")

    assert result.exit_code == 0 and result.stdout == "1 terms in 1 file(s): ok\n"


def test_a_python_tag_is_refused_not_executed(tmp_path: Path, monkeypatch):
    shutil.copy(FIXTURES / "python_tag.yaml", tmp_path)
    monkeypatch.chdir(tmp_path)

    result = run("glossary", "lint", "python_tag.yaml")

    assert result.exit_code == 2
    assert one_error_line(result).startswith("error: python_tag.yaml:1: invalid YAML: tag not allowed")
    assert not (tmp_path / "PWNED").exists()


def test_glossary_commands_do_not_import_the_translation_stack(tmp_path: Path):
    """`vi-en glossary ...` must start fast on a machine without argostranslate, stanza or torch."""
    shutil.copy(FIXTURES / "rare_earths.yaml", tmp_path / "terms.yaml")
    script = (
        "import sys, vi_en\n"
        "for args in (['glossary', 'lint', 'terms.yaml'], ['glossary', 'export', '-g', 'terms.yaml'],\n"
        "             ['glossary', 'diff', 'terms.yaml', 'terms.yaml', '-t', 'terms.po']):\n"
        "    try:\n"
        "        vi_en.app(args, prog_name='vi-en', standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = sorted(m for m in ('argostranslate', 'ctranslate2', 'stanza', 'torch', 'sentencepiece') if m in sys.modules)\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    shutil.copy(FIXTURES / "rare_earths_translations.po", tmp_path / "terms.po")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}

    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "HEAVY="


# --- diff ---------------------------------------------------------------------------------------------------

def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.name", "Test Desk")
    git(tmp_path, "config", "user.email", "desk@example.org")
    (tmp_path / "glossary").mkdir()
    shutil.copy(FIXTURES / "rare_earths.yaml", tmp_path / "glossary" / "rare_earths.yaml")
    (tmp_path / "translations").mkdir()
    shutil.copy(FIXTURES / "rare_earths_translations.po", tmp_path / "translations" / "article.po")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "start")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit(repo: Path, old: str, new: str) -> None:
    path = repo / "glossary" / "rare_earths.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_diff_exits_1_when_a_passing_translation_now_fails(repo: Path):
    edit(repo, "en: reserves", "en: deposits")

    result = run("glossary", "diff")

    assert result.exit_code == 1
    assert "newly failing (1):\n  translations/article.po:10: [trữ lượng]" in result.stdout


def test_diff_exits_0_when_it_only_fixes_translations(repo: Path):
    edit(repo, "en: secondary tariffs", "en: secondary tariffs\n    variants: [secondary duties]")

    result = run("glossary", "diff", "HEAD", "--format", "markdown")

    assert result.exit_code == 0
    assert "#### ✅ Translations that now pass (1)" in result.stdout
    assert "now fail (" not in result.stdout


def test_diff_json_between_two_revisions(repo: Path):
    edit(repo, "en: reserves", "en: deposits")
    git(repo, "commit", "-q", "-am", "deposits")

    result = run("glossary", "diff", "HEAD~1", "HEAD", "-f", "json")

    data = json.loads(result.stdout)
    assert data["changed"] == [{"vi": "trữ lượng", "file": "glossary/rare_earths.yaml", "fields": {"en": ["reserves", "deposits"]}}]
    assert [(a["line"], a["old_ok"], a["new_ok"]) for a in data["affected"]] == [(10, True, False)]
    assert result.exit_code == 1


def test_diff_checks_the_translations_named(repo: Path):
    edit(repo, "en: reserves", "en: deposits")
    shutil.move(repo / "translations" / "article.po", repo / "other.po")

    result = run("glossary", "diff", "--translations", "other.po", "-f", "json")

    assert [a["file"] for a in json.loads(result.stdout)["affected"]] == ["other.po"]


@pytest.mark.parametrize("args, expected", [
    (["no-such-branch"], "error: unknown revision 'no-such-branch', and no such file or folder"),
    (["HEAD:nowhere/"], "error: nowhere: no such file or folder at revision 'HEAD'"),
    (["translations/article.po", "glossary"], "error: translations/article.po:"),
    (["glossary", "glossary", "--format", "html"], "error: unknown format 'html' (choose text, markdown, json)"),
    (["glossary", "glossary", "--translations", "nowhere"], "error: nowhere: no such file or folder"),
])
def test_diff_bad_input_is_one_line_and_exit_2(repo: Path, args: list[str], expected: str):
    result = run("glossary", "diff", *args)

    assert result.exit_code == 2
    assert one_error_line(result).startswith(expected)


def test_diff_outside_a_git_repository_needs_paths(tmp_path: Path, monkeypatch):
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    monkeypatch.chdir(tmp_path / "fixtures")

    outside = run("glossary", "diff", "HEAD")
    between_files = run("glossary", "diff", "rare_earths.yaml", "rare_earths.yaml", "-t", "rare_earths_translations.po")

    assert outside.exit_code == 2 and "not a git repository" in one_error_line(outside)
    assert between_files.exit_code == 0 and "no term changes" in between_files.stdout


def test_diff_outside_a_git_repository_names_a_missing_file_as_missing(tmp_path: Path, monkeypatch):
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    monkeypatch.chdir(tmp_path / "fixtures")

    result = run("glossary", "diff", "rare_earths.yaml", "nope")

    assert result.exit_code == 2
    assert one_error_line(result).startswith("error: nope: no such file or folder")


# --- export / import -------------------------------------------------------------------------------------------

def test_export_prints_tbx_or_writes_it_atomically(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(FIXTURES / "rare_earths.yaml", tmp_path / "terms.yaml")

    printed = run("glossary", "export", "-g", "terms.yaml")
    written = run("glossary", "export", "-g", "terms.yaml", "--format", "csv", "-o", "terms.csv")

    assert printed.exit_code == 0 and printed.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<tbx ')
    assert written.exit_code == 0
    assert (tmp_path / "terms.csv").read_text(encoding="utf-8").splitlines()[:2] == [
        "vi,en,variants,forbidden,case_sensitive,note,strictness,not_in,title", "đất hiếm,rare earths,,rare soil,false,,,,"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["terms.csv", "terms.yaml"]


def test_export_over_the_glossary_it_reads_is_refused_and_changes_nothing(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(FIXTURES / "rare_earths.yaml", tmp_path / "terms.yaml")
    before = (tmp_path / "terms.yaml").read_bytes()

    result = run("glossary", "export", "-g", "terms.yaml", "-f", "csv", "-o", "terms.yaml")

    assert result.exit_code == 2
    assert one_error_line(result) == "error: terms.yaml: --output would overwrite this input; choose another file"
    assert (tmp_path / "terms.yaml").read_bytes() == before


def test_the_first_import_into_a_new_empty_glossary_folder_starts_it(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "glossary").mkdir()
    shutil.copy(FIXTURES / "deepl_entries.tsv", tmp_path)

    result = run("glossary", "import", "deepl_entries.tsv")

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("wrote glossary/deepl_entries.yaml: 3 term(s) added")
    assert run("glossary", "lint").exit_code == 0


def test_import_into_an_empty_file_writes_it_as_new(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "new.yaml").write_text("", encoding="utf-8")

    result = run("glossary", "import", str(FIXTURES / "deepl_entries.tsv"), "-o", "new.yaml")

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("wrote new.yaml: 3 term(s) added")


def test_import_of_an_excel_unicode_text_export_reads_its_utf16(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "excel.tsv").write_bytes("vi\ten\r\nđất hiếm\trare earths\r\ntrữ lượng\treserves\r\n".encode("utf-16"))

    result = run("glossary", "import", "excel.tsv", "-o", "excel.yaml")

    assert result.exit_code == 0, result.output
    assert [t["vi"] for t in yaml.safe_load((tmp_path / "excel.yaml").read_text(encoding="utf-8"))["terms"]] == [
        "đất hiếm", "trữ lượng"]


def test_import_defaults_to_a_new_file_in_the_glossary_folder(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "mining.yaml").write_text("terms:\n  - vi: đất hiếm\n    en: rare earths\n", encoding="utf-8")
    shutil.copy(FIXTURES / "deepl_entries.tsv", tmp_path)

    result = run("glossary", "import", "deepl_entries.tsv")

    assert result.exit_code == 0
    assert result.stdout == "wrote glossary/deepl_entries.yaml: 2 term(s) added, 1 already present, 0 conflict(s)\n"
    assert run("glossary", "lint").exit_code == 0


def test_import_into_an_existing_file_reports_conflicts_and_exits_1(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.yaml").write_text("terms:\n  - vi: trữ lượng\n    en: deposits\n", encoding="utf-8")

    result = run("glossary", "import", str(FIXTURES / "deepl_entries.tsv"), "-o", "mine.yaml", "-g", "mine.yaml")

    assert result.exit_code == 1
    assert "conflict: 'trữ lượng' differs in en: imported en 'reserves', mine.yaml:2 has 'deposits' (kept)" in result.stdout
    assert "merged into mine.yaml: 2 term(s) added, 0 already present, 1 conflict(s)" in result.stdout


@pytest.mark.parametrize("name, expected", [
    ("tbx_malformed.tbx", "tbx_malformed.tbx:7: not well-formed XML"),
    ("tbx_external_entity.tbx", "tbx_external_entity.tbx:2: refused: the document declares entities"),
    ("csv_unclosed_quote.csv", "csv_unclosed_quote.csv:3: malformed CSV"),
])
def test_import_of_a_malformed_file_is_one_line_and_exit_2(tmp_path: Path, monkeypatch, name: str, expected: str):
    monkeypatch.chdir(tmp_path)
    shutil.copy(FIXTURES / name, tmp_path)

    result = run("glossary", "import", name, "-o", "out.yaml")

    assert result.exit_code == 2
    assert one_error_line(result).startswith(f"error: {expected}")
    assert [p for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == [tmp_path / name]  # the lock file may stay


# --- suggest ----------------------------------------------------------------------------------------------------

@pytest.mark.skipif(not any((ROOT / "translations").glob("*.po")), reason="the sample catalog is not there yet")
def test_suggest_on_the_sample_catalogs(monkeypatch):
    monkeypatch.chdir(ROOT)

    text = run("glossary", "suggest", "-g", str(FIXTURES / "rare_earths.yaml"), "-n", "5")
    pasted = run("glossary", "suggest", "-f", "yaml", "-n", "5")

    assert text.exit_code == 0 and text.stdout.startswith("Vietnamese")
    assert len(text.stdout.splitlines()) == 6
    assert pasted.exit_code == 0 and pasted.stdout.startswith("# Glossary candidates")


def test_suggest_of_a_missing_path_is_one_line_and_exit_2(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    result = run("glossary", "suggest", "nowhere")

    assert result.exit_code == 2
    assert one_error_line(result) == "error: nowhere: no such file or folder"


@pytest.mark.parametrize("name, content, expected", [
    ("nul.txt", "Nga\0 và Mỹ.\n".encode(), "error: nul.txt: binary file, not text"),
    ("latin.txt", "Nga và Mỹ.\n".encode() + b"\xe0\n", "error: latin.txt:2: not UTF-8 text (save the article as UTF-8)"),
])
def test_suggest_of_an_article_that_is_not_utf8_text_is_one_line_and_exit_2(tmp_path: Path, monkeypatch, name, content, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(content)

    result = run("glossary", "suggest", name)

    assert result.exit_code == 2
    assert one_error_line(result) == expected


def test_suggest_reads_markdown_articles_as_text_not_as_catalogs(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("# Kim loại đất hiếm\n\n- Kim loại đất hiếm của Nga.\n- Kim loại đất hiếm của Mỹ.\n",
                                   encoding="utf-8")

    result = run("glossary", "suggest", "a.md", "-f", "json")

    assert result.exit_code == 0, result.output
    assert "kim loại đất hiếm" in result.stdout.lower()


def test_suggest_on_a_megabyte_line_finishes(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "long.txt").write_text("đất hiếm " * 120_000 + "\n", encoding="utf-8")

    result = run("glossary", "suggest", "long.txt", "-g", str(FIXTURES / "rare_earths.yaml"))

    assert result.exit_code == 0, result.output
