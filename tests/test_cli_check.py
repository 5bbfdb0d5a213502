import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vi_en import app

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "check"
GLOSSARY = str(FIXTURES / "glossary.yaml")
BROKEN = str(FIXTURES / "sample_broken.po")
SAMPLE = str(ROOT / "translations" / "rare-earths-russia-us.en.po")

runner = CliRunner()


def check(*args, **kwargs):
    return runner.invoke(app, ["check", *args], **kwargs)


PO_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def write_po(path: Path, body: str) -> Path:
    path.write_text(PO_HEADER + body, encoding="utf-8")
    return path


# --- exit codes ----------------------------------------------------------------------------------

def test_the_reviewed_sample_passes_with_exit_0():
    result = check(SAMPLE, "--glossary", str(ROOT / "glossary"))
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output.splitlines()[-1]


def test_the_projects_own_catalogs_pass_as_in_ci(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = check("translations/")
    assert result.exit_code == 0, result.output


def test_error_findings_exit_1():
    result = check(BROKEN, "--glossary", GLOSSARY)
    assert result.exit_code == 1
    assert "error [forbidden-term] 'Rare Soil' is a forbidden rendering of 'đất hiếm'" in result.output


def test_warnings_alone_exit_0(tmp_path):
    po = write_po(tmp_path / "w.po", '#, fuzzy\nmsgid "Trung Quốc"\nmsgstr "China"\n')
    result = check(str(po), "--glossary", GLOSSARY)
    assert result.exit_code == 0
    assert "warning [fuzzy]" in result.output


# --- bad input: one line on stderr, exit 2 -------------------------------------------------------

def bad_input_cases(tmp_path: Path):
    broken = write_po(tmp_path / "broken.po", 'msgid "Nga\nmsgstr "Russia"\n')
    latin = tmp_path / "latin.po"
    latin.write_bytes(PO_HEADER.encode() + b'msgid "\xe1"\nmsgstr "a"\n')
    binary = tmp_path / "binary.po"
    binary.write_bytes(b"\x00\x01\x02\x03")
    empty_folder = tmp_path / "empty"
    empty_folder.mkdir()
    bad_glossary = tmp_path / "bad.yaml"
    bad_glossary.write_text("terms:\n  - vi: a\n    en: [\n", encoding="utf-8")
    return [
        ([str(broken)], f"error: {broken}:5: PO syntax error: 'msgid \"Nga' is not a keyword and a quoted string"),
        ([str(latin)], f"error: {latin}:5: not valid UTF-8 text"),
        ([str(binary)], f"error: {binary}: binary file, not a PO catalog"),
        ([str(tmp_path / "missing.po")], f"error: {tmp_path / 'missing.po'}: no such file or folder"),
        ([str(empty_folder)], f"error: {empty_folder}: no PO catalogs (*.po) in this folder"),
        ([SAMPLE, "--glossary", str(bad_glossary)], f"error: {bad_glossary}:4: invalid YAML"),
        ([SAMPLE, "--glossary", str(tmp_path / "nope")], f"error: {tmp_path / 'nope'}: no such file or folder"),
        ([SAMPLE, "--glossary", GLOSSARY, "--format", "xml"], "error: unknown format 'xml'"),
        ([SAMPLE, "--glossary", GLOSSARY, "--enable", "spelling"], "error: unknown check 'spelling'"),
    ]


def test_bad_input_is_one_line_on_stderr_and_exit_2(tmp_path):
    for args, start in bad_input_cases(tmp_path):
        result = check(*args)
        assert result.exit_code == 2, (args, result.output)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(start), (args, lines)
        assert "Traceback" not in result.output


def test_a_bad_pyproject_is_reported_with_its_file(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.vi-en.check]\ndisable = ["nope"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = check(SAMPLE, "--glossary", GLOSSARY)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {tmp_path / 'pyproject.toml'}: unknown check 'nope'")


# --- options -------------------------------------------------------------------------------------

def test_enable_and_disable_choose_checks():
    only_numbers = check(BROKEN, "--glossary", GLOSSARY, "--enable", "number", "--format", "json")
    assert {f["check"] for f in json.loads(only_numbers.output)["findings"]} == {"number"}
    without = check(BROKEN, "--glossary", GLOSSARY, "--disable", "number,date", "--disable", "names", "--format", "json")
    assert not {f["check"] for f in json.loads(without.output)["findings"]} & {"number", "date", "names"}


def test_pyproject_config_disables_and_changes_severity(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.vi-en.check]\ndisable = ["number"]\nseverity = { doubled-word = "error" }\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    data = json.loads(check(BROKEN, "--glossary", GLOSSARY, "--format", "json").output)
    checks = {f["check"]: f["severity"] for f in data["findings"]}
    assert "number" not in checks and checks["doubled-word"] == "error"


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "sarif", "github", "html"])
def test_output_writes_the_report_to_a_file(tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    result = check(BROKEN, "--glossary", GLOSSARY, "--format", fmt, "--output", str(out))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").strip()
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left behind


def test_json_on_stdout_is_the_contract():
    data = json.loads(check(BROKEN, "--glossary", GLOSSARY, "--format", "json").stdout)
    assert data["summary"]["entries"] == 21 and data["summary"]["errors"] >= 15
    assert {"file", "line", "source", "target", "check", "severity", "message", "term", "expected", "found"} == set(
        data["findings"][0])


def test_without_a_glossary_folder_the_term_checks_are_skipped_with_a_note(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = check(BROKEN)
    assert result.exit_code == 1
    assert result.stderr.startswith("note: no glossary/ here")
    assert "[forbidden-term]" not in result.stdout and "[number]" in result.stdout


def test_jobs_choose_the_processes_and_never_change_the_report(monkeypatch):
    import vi_en_toolkit.checks as checks

    monkeypatch.setattr(checks, "PARALLEL_FROM", 10)  # the sample is small: split it anyway
    one = check(BROKEN, "--glossary", GLOSSARY, "--format", "json", "--jobs", "1")
    assert one.exit_code == 1 and json.loads(one.stdout)["summary"]["errors"] >= 15
    assert check(BROKEN, "--glossary", GLOSSARY, "--format", "json", "-j", "2").stdout == one.stdout
    assert check(BROKEN, "--glossary", GLOSSARY, "--jobs", "0").exit_code == 2


def test_help_lists_the_options():
    result = check("--help")
    for option in ("--glossary", "--format", "--output", "--enable", "--disable"):
        assert option in result.output


# --- start-up ------------------------------------------------------------------------------------

def test_check_imports_no_machine_translation_stack():
    code = (
        "import sys, vi_en\n"
        "from typer.testing import CliRunner\n"
        f"result = CliRunner().invoke(vi_en.app, ['check', {SAMPLE!r}, '--glossary', {GLOSSARY!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        "heavy = [m for m in ('argostranslate', 'ctranslate2', 'sentencepiece', 'stanza', 'torch') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# --- outputs never damage inputs; files as editors save them -------------------------------------

@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_an_output_over_a_checked_catalog_or_the_glossary_is_refused_and_changes_nothing(tmp_path, option):
    catalog = write_po(tmp_path / "a.po", 'msgid "Trung Quốc"\nmsgstr "China"\n')
    glossary = tmp_path / "glossary.yaml"
    glossary.write_text(Path(GLOSSARY).read_text(encoding="utf-8"), encoding="utf-8")
    for target in (catalog, glossary):
        before = target.read_bytes()
        result = check(str(tmp_path), "--glossary", str(glossary), option, str(target))
        assert result.exit_code == 2, result.output
        assert result.stderr == f"error: {target}: {option} would overwrite this input; choose another file\n"
        assert target.read_bytes() == before


def test_a_report_written_to_a_device_leaves_the_device_in_place():
    result = check(SAMPLE, "--glossary", GLOSSARY, "--output", os.devnull)
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_catalog_saved_with_a_bom_and_crlf_is_checked_like_any_other(tmp_path):
    text = Path(SAMPLE).read_text(encoding="utf-8")
    windows = tmp_path / "windows.po"
    windows.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    plain = check(SAMPLE, "--glossary", GLOSSARY, "--format", "json")
    saved = check(str(windows), "--glossary", GLOSSARY, "--format", "json")
    assert saved.exit_code == plain.exit_code == 0, saved.output
    assert json.loads(saved.stdout)["summary"] == json.loads(plain.stdout)["summary"]


@pytest.mark.skipif(not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists(), reason="needs Linux /proc")
def test_ctrl_c_during_a_parallel_check_exits_130_without_tracebacks(tmp_path):
    import signal
    import time

    from vi_en_toolkit.checks import PARALLEL_FROM

    body = "".join(f'msgid "Nga và Mỹ {i}."\nmsgstr "Russia and the US {i}."\n\n' for i in range(PARALLEL_FROM * 2))
    big = write_po(tmp_path / "big.po", body)
    run = subprocess.Popen([sys.executable, "-m", "vi_en", "check", str(big), "--jobs", "2"], cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    children = Path(f"/proc/{run.pid}/task/{run.pid}/children")
    deadline = time.monotonic() + 60
    while run.poll() is None and time.monotonic() < deadline and not children.read_text().split():
        time.sleep(0.05)  # until the worker processes exist
    os.killpg(run.pid, signal.SIGINT)  # as Ctrl-C does: to every process of the command
    stderr = run.communicate(timeout=60)[1]
    assert run.returncode in (130, 0, 1), stderr  # 0/1: it finished before the signal came
    assert "Traceback" not in stderr
