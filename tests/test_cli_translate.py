"""`vi-en translate`: the sample article from memory, the real tiny model end to end, bad input."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from tiny_argos_model import copy_package_zip, isolated_env
from sample_article import ARTICLE, REPO, REVIEWED, reviewed_english
from vi_en import app
from vi_en_toolkit.checks import terminology_findings
from vi_en_toolkit.glossary import load_glossary

runner = CliRunner()


@pytest.fixture(autouse=True)
def in_repo_without_models(tmp_path, monkeypatch) -> Path:
    """Run from the repository (glossary/ and translations/ are the defaults) with no model installed."""
    folder = tmp_path / "packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    monkeypatch.chdir(REPO)
    return folder


def vi_en(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def one_error_line(result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def assert_guarantee(catalog_path: Path) -> int:
    """Every entry is fuzzy; every glossary term of its source that check fails at error severity
    is named in an `unenforced term:` line (an advisory term is never forced, nor named), judged by
    the matcher `vi-en check` uses. Returns the flagged count."""
    glossary = load_glossary(REPO / "glossary")
    catalog = polib.pofile(str(catalog_path))
    flagged = 0
    for entry in catalog:
        assert entry.fuzzy, entry.msgid
        named = set(entry.tcomment.split("\n")) if entry.tcomment else set()
        for finding in terminology_findings(entry.msgid, entry.msgstr, glossary):
            term = glossary.lookup(finding.term)
            if finding.severity != "error":
                assert f"unenforced term: {term.vi} -> {term.en}" not in named
                continue
            assert f"unenforced term: {term.vi} -> {term.en}" in named, (entry.msgid, finding.message)
        flagged += len(named)
    return flagged


# --- the README's main command -------------------------------------------------------------------

def test_sample_article_prints_the_reviewed_english_without_a_model():
    result = vi_en("translate", "translations/rare-earths-russia-us.vi.txt")
    assert result.exit_code == 0, result.output
    assert result.stdout == reviewed_english() + "\n"  # printed: with a final line break (the article has none)
    assert result.stderr == "21 segments: 21 reviewed\n"


def test_updating_the_reviewed_catalog_with_its_own_article_changes_nothing(tmp_path):
    catalog = shutil.copy(REVIEWED, tmp_path / REVIEWED.name)
    shutil.copy(ARTICLE, tmp_path / ARTICLE.name)
    result = vi_en("translate", tmp_path / ARTICLE.name, "-o", catalog)
    assert result.exit_code == 0, result.output
    assert Path(catalog).read_bytes() == REVIEWED.read_bytes()
    assert result.stderr.endswith(f"unchanged {catalog}\n")


def test_text_output_file(tmp_path):
    result = vi_en("translate", ARTICLE, "-o", tmp_path / "article.en.txt")
    assert result.exit_code == 0 and result.stdout == ""
    assert (tmp_path / "article.en.txt").read_text(encoding="utf-8") == reviewed_english()


def test_standard_input():
    result = vi_en("translate", "-", input=ARTICLE.read_bytes())
    assert result.exit_code == 0 and result.stdout == reviewed_english() + "\n"


def test_without_a_model_other_text_is_one_line_saying_what_to_do(tmp_path, in_repo_without_models):
    article = tmp_path / "new.vi.txt"
    reviewed_heading = "Trung Quốc Kiểm Soát 95% Sản Lượng Đất Hiếm Toàn Cầu"
    article.write_text(f"Trữ lượng dầu mỏ của Việt Nam đứng thứ ba châu Á.\n{reviewed_heading}\n", encoding="utf-8")
    line = one_error_line(vi_en("translate", article))
    assert line == (
        "error: 1 of 2 segments needs machine translation (not in the translation memory): "
        f"no vi→en model installed in {in_repo_without_models}; install one with `vi-en models install` "
        "(needs internet) or `vi-en models install --file X.argosmodel`"
    )


# --- bad input: one line, exit 2, nothing overwritten --------------------------------------------

def _missing(tmp_path):
    return tmp_path / "missing.txt", "missing.txt: no such file"


def _unreadable(tmp_path):
    (tmp_path / "file.txt").write_text("Nga.")
    return tmp_path / "file.txt" / "article.txt", "cannot read: Not a directory"


def _empty(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    return tmp_path / "empty.txt", "empty.txt: empty file, nothing to translate"


def _not_utf8(tmp_path):
    (tmp_path / "latin1.txt").write_bytes("Nga\nthuê\u0301 quan\n".encode("cp1258"))  # a Windows-1258 file
    return tmp_path / "latin1.txt", "latin1.txt:2: not UTF-8 text (save the article as UTF-8)"


def _megabyte_line(tmp_path):
    (tmp_path / "huge.txt").write_text("đất hiếm " * 100_000 + "\n", encoding="utf-8")
    return tmp_path / "huge.txt", "1 of 1 segment needs machine translation"


@pytest.mark.parametrize("make", [_missing, _unreadable, _empty, _not_utf8, _megabyte_line])
@pytest.mark.parametrize("suffix", [".po", ".txt"])
def test_bad_input_is_one_error_line_and_overwrites_nothing(tmp_path, make, suffix):
    source, expected = make(tmp_path)
    output = tmp_path / f"previous{suffix}"
    shutil.copy(REVIEWED, output)
    line = one_error_line(vi_en("translate", source, "-o", output))
    assert expected in line
    assert output.read_bytes() == REVIEWED.read_bytes()


def test_a_po_catalog_given_as_the_article_is_refused_with_what_to_do_instead():
    line = one_error_line(vi_en("translate", REVIEWED))
    assert line == (f"error: {REVIEWED}: is a PO catalog, not an article "
                    "(reuse it with --memory, or update it with -o)")


def test_an_output_that_is_a_symlink_loop_is_one_error_line(tmp_path):
    (tmp_path / "a.po").symlink_to("b.po")
    (tmp_path / "b.po").symlink_to("a.po")
    line = one_error_line(vi_en("translate", ARTICLE, "-o", tmp_path / "a.po"))
    assert line == f"error: {tmp_path / 'a.po'}: cannot write: Too many levels of symbolic links"


def test_closed_standard_input_is_one_error_line(tmp_path):
    done = subprocess.run(["sh", "-c", 'exec "$0" -m vi_en translate - <&-', sys.executable],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == "error: <stdin>: empty file, nothing to translate\n"


def test_an_article_saved_on_windows_translates_like_the_original_with_its_line_endings(tmp_path):
    windows = tmp_path / "windows.vi.txt"
    windows.write_bytes(b"\xef\xbb\xbf" + ARTICLE.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    result = vi_en("translate", windows)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == (reviewed_english() + "\n").replace("\n", "\r\n").encode("utf-8")


def test_an_article_saved_as_utf16_is_one_line_saying_to_save_it_as_utf8(tmp_path):
    notepad = tmp_path / "notepad.txt"
    notepad.write_bytes("Nga và Mỹ.\r\n".encode("utf-16"))  # Notepad's "Unicode"
    assert one_error_line(vi_en("translate", notepad)) == f"error: {notepad}: UTF-16 text, not UTF-8 (save it as UTF-8)"


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_printed_english_ends_with_a_line_break_of_the_articles_kind_even_when_the_article_has_none(
        tmp_path, newline):
    # else the summary line on stderr is glued to the last sentence on a terminal
    article = tmp_path / "article.vi.txt"
    article.write_bytes(ARTICLE.read_text(encoding="utf-8").rstrip("\n").replace("\n", newline).encode("utf-8"))
    result = vi_en("translate", article)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == (reviewed_english().rstrip("\n") + "\n").replace("\n", newline).encode("utf-8")


def test_printed_english_that_ends_with_a_line_break_gets_no_other(tmp_path):
    article = tmp_path / "article.vi.txt"
    article.write_text(ARTICLE.read_text(encoding="utf-8").rstrip("\n") + "\n\n", encoding="utf-8")
    result = vi_en("translate", article)
    assert result.stdout == reviewed_english().rstrip("\n") + "\n\n"


@pytest.mark.parametrize("ending", ["", "\n", "\n\n"])
def test_english_written_to_a_file_keeps_the_articles_ending(tmp_path, ending):
    article = tmp_path / "article.vi.txt"
    article.write_text(ARTICLE.read_text(encoding="utf-8").rstrip("\n") + ending, encoding="utf-8")
    output = tmp_path / "article.en.txt"
    result = vi_en("translate", article, "-o", output)
    assert result.exit_code == 0, result.output
    assert output.read_text(encoding="utf-8") == reviewed_english().rstrip("\n") + ending


def test_unknown_option_values(tmp_path):
    assert "unknown output type '.docx'" in one_error_line(vi_en("translate", ARTICLE, "-o", tmp_path / "a.docx"))
    assert vi_en("translate", ARTICLE, "--beam", "0").exit_code == 2
    assert "no such file or folder" in one_error_line(vi_en("translate", ARTICLE, "--glossary", tmp_path / "none"))


# --- the real engine: a tiny Argos package ---------------------------------------------------------

def test_install_then_translate_end_to_end_keeps_the_guarantee(tmp_path, tiny_argos_package):
    installed = vi_en("models", "install", "--file", tiny_argos_package)
    assert installed.exit_code == 0, installed.output
    output = tmp_path / "article.en.po"
    result = vi_en("translate", ARTICLE, "--no-memory", "-o", output)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("21 segments: 21 machine-translated, ")
    assert len(polib.pofile(str(output))) == 21
    assert assert_guarantee(output) > 0  # the tiny model's nonsense renders almost no term
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(output)], check=True)
    again = vi_en("translate", ARTICLE, "--no-memory", "-o", output)
    assert again.exit_code == 0 and again.stderr.endswith("unchanged " + str(output) + "\n")


def test_model_option_with_memory_translates_only_what_is_new(tmp_path, tiny_argos_package):
    article = tmp_path / "article.vi.txt"
    article.write_text(ARTICLE.read_text(encoding="utf-8") + "\nMỹ áp thuế quan thứ cấp lên dầu Nga.\n", encoding="utf-8")
    output = tmp_path / "article.en.po"
    result = vi_en("translate", article, "--model", tiny_argos_package, "--beam", "2", "-o", output)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("22 segments: 21 reviewed, 1 machine-translated, ")
    catalog = polib.pofile(str(output))
    (machine,) = [e for e in catalog if e.fuzzy]
    assert machine.msgid == "Mỹ áp thuế quan thứ cấp lên dầu Nga."
    assert "unenforced term: thuế quan thứ cấp -> secondary tariffs" in machine.tcomment.split("\n")


def test_text_output_with_the_model_warns_about_each_unenforced_term(tiny_argos_package, tmp_path):
    article = tmp_path / "a.vi.txt"
    article.write_text("Thuế quan thứ cấp áp lên đất hiếm.", encoding="utf-8")
    result = vi_en("translate", article, "--no-memory", "--model", tiny_argos_package)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings and all(line.startswith(f"warning: {article}:1: unenforced term: ") for line in warnings)
    assert len(warnings) + 1 == len(result.stderr.splitlines())


def test_segment_too_long_for_the_model_is_one_error_line(tiny_argos_package, tmp_path):
    article = tmp_path / "long.vi.txt"
    article.write_text("Nga.\n" + "đất hiếm " * 3000, encoding="utf-8")
    line = one_error_line(vi_en("translate", article, "--no-memory", "--model", tiny_argos_package))
    assert line.startswith(f"error: {article}:2: segment too long to translate (")


def _not_a_zip(tiny: Path, dest: Path) -> None:
    dest.write_text("<html>404 Not Found</html>")


def _without_metadata(tiny: Path, dest: Path) -> None:
    copy_package_zip(tiny, dest, drop="translate-vi_en-tiny/metadata.json")


def _path_traversal(tiny: Path, dest: Path) -> None:
    copy_package_zip(tiny, dest, extra=(zipfile.ZipInfo("translate-vi_en-tiny/../../evil.sh"), b"echo owned"))


@pytest.mark.parametrize(
    "corrupt, message",
    [
        (_not_a_zip, "not an Argos package (.argosmodel must be a zip archive)"),
        (_without_metadata, "not an Argos package: no translate-vi_en-tiny/metadata.json"),
        (_path_traversal, "unsafe path in archive"),
    ],
)
def test_corrupt_model_file_is_one_error_line(tmp_path, tiny_argos_package, in_repo_without_models, corrupt, message):
    bad = tmp_path / "bad.argosmodel"
    corrupt(tiny_argos_package, bad)
    output = tmp_path / "article.en.txt"
    output.write_text("previous English")
    line = one_error_line(vi_en("translate", ARTICLE, "--no-memory", "--model", bad, "-o", output))
    assert line.startswith(f"error: {bad}: {message}")
    assert output.read_text() == "previous English"
    assert not in_repo_without_models.exists() and not (tmp_path / "evil.sh").exists()


def test_translate_never_imports_stanza_or_torch(tmp_path, tiny_argos_package):
    probe = (
        "import runpy, sys\n"
        "sys.argv = ['vi-en', 'translate', sys.argv[1], '--no-memory', '--model', sys.argv[2]]\n"
        "try:\n"
        "    runpy.run_path(sys.argv[0] if False else 'vi_en.py', run_name='__main__')\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'stanza', 'argostranslate'))\n"
        "print('engine' if 'vi_en_toolkit.engine' in sys.modules else 'no engine', heavy, file=sys.stderr)\n"
    )
    env = isolated_env(tmp_path)
    with_model = subprocess.run([sys.executable, "-c", probe, str(ARTICLE), str(tiny_argos_package)],
                                cwd=REPO, env=env, capture_output=True, text=True)
    assert with_model.returncode == 0, with_model.stderr
    assert with_model.stderr.splitlines()[-1] == "engine []"

    from_memory = subprocess.run(
        [sys.executable, "-c", probe.replace("'--no-memory', '--model', sys.argv[2]", ""), str(ARTICLE)],
        cwd=REPO, env=env, capture_output=True, text=True,
    )
    assert from_memory.returncode == 0, from_memory.stderr
    assert from_memory.stderr.splitlines()[-1] == "no engine []"


def test_translate_has_help():
    result = vi_en("translate", "--help")
    assert result.exit_code == 0
    for option in ("--output", "--glossary", "--memory", "--no-memory", "--model", "--beam"):
        assert option in result.stdout
