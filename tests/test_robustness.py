"""Odd input and odd surroundings: one line on stderr and a non-zero exit, never a traceback.

Exit codes: 0 clean, 1 findings, 2 bad input or usage (and an output that cannot be written),
70 an internal error (a bug), 130 interrupted.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vi_en import EXIT_INTERNAL_ERROR, app

REPO = Path(__file__).resolve().parent.parent
GLOSSARY = REPO / "glossary"
runner = CliRunner()


def run_cli(*args, cwd=REPO, **popen):
    """vi-en as a user runs it: a real process, so the real stdout, stderr and exit code."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, str(REPO / "vi_en.py"), *map(str, args)], cwd=cwd, env=env,
                          capture_output="stdout" not in popen, text=True, timeout=120, **popen)


def assert_one_line(stderr: str, starts: str) -> None:
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if not line.startswith("note: ")]
    assert len(lines) == 1 and lines[0].startswith(starts), stderr


# --- a bug is one `internal error:` line and exit 70 ------------------------------------------------

def _raise(error):
    def raising(*args, **kwargs):
        raise error
    return raising


@pytest.mark.parametrize(
    "error",
    [ZeroDivisionError("division by zero"), TypeError("unhashable type: 'list'"), RecursionError("too deep"),
     OSError(5, "Input/output error")],
)
def test_an_unexpected_exception_is_one_internal_error_line_and_exit_70(monkeypatch, error):
    monkeypatch.setattr("vi_en_toolkit.glossary.lint_glossary", _raise(error))
    result = runner.invoke(app, ["glossary", "lint", str(GLOSSARY)])
    assert result.exit_code == EXIT_INTERNAL_ERROR == 70
    assert_one_line(result.stderr, f"internal error: {type(error).__name__}: ")
    assert "please report this at" in result.stderr
    assert result.stdout == ""


def test_an_interrupt_exits_130_quietly(monkeypatch):
    monkeypatch.setattr("vi_en_toolkit.glossary.lint_glossary", _raise(KeyboardInterrupt()))
    result = runner.invoke(app, ["glossary", "lint", str(GLOSSARY)])
    assert result.exit_code == 130
    assert result.output == ""


def test_a_real_process_with_a_bug_prints_no_traceback(tmp_path):
    # `? [x, y]` was such a bug (a list as a mapping key); any bug must look like this, so the test
    # plants one with sitecustomize instead of relying on one staying unfixed.
    (tmp_path / "sitecustomize.py").write_text(
        "import vi_en_toolkit.glossary as g\n"
        "def broken(*a, **k):\n    raise AssertionError('planted bug')\n"
        "g.lint_glossary = broken\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{REPO}"}
    done = subprocess.run([sys.executable, str(REPO / "vi_en.py"), "glossary", "lint", str(GLOSSARY)],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 70
    assert_one_line(done.stderr, "internal error: AssertionError: planted bug at ")


# --- standard output full or closed --------------------------------------------------------------

STDOUT_COMMANDS = [
    ["--version"],
    ["glossary", "lint", GLOSSARY],
    ["glossary", "export", "-g", GLOSSARY],
    ["check", REPO / "translations", "-g", GLOSSARY],
    ["translate", REPO / "translations" / "rare-earths-russia-us.vi.txt", "-g", GLOSSARY],
]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", STDOUT_COMMANDS, ids=lambda a: " ".join(map(str, a[:2])))
def test_a_full_standard_output_is_one_error_line(args):
    with open("/dev/full", "w") as full:
        done = run_cli(*args, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2
    assert_one_line(done.stderr, "error: cannot write to standard output: No space left on device")


@pytest.mark.parametrize("args", STDOUT_COMMANDS, ids=lambda a: " ".join(map(str, a[:2])))
def test_a_closed_standard_output_is_one_error_line(args):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = " ".join(f"'{a}'" for a in [sys.executable, REPO / "vi_en.py", *args])
    done = subprocess.run(["sh", "-c", f"exec {command} >&-"], cwd=REPO, env=env, capture_output=False,
                          stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 2
    assert_one_line(done.stderr, "error: standard output is closed; nothing written")


def test_a_closed_standard_output_does_not_stop_a_command_that_writes_a_file(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = tmp_path / "glossary.tbx"
    done = subprocess.run(["sh", "-c", f"exec '{sys.executable}' '{REPO / 'vi_en.py'}' glossary export "
                                       f"-g '{GLOSSARY}' -o '{out}' >&-"],
                          env=env, stderr=subprocess.PIPE, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("<?xml")


# --- inputs that are not regular files ---------------------------------------------------------

@pytest.fixture()
def fifo(tmp_path) -> Path:
    path = tmp_path / "article.vi.txt"
    os.mkfifo(path)
    return path


def _fifo_named(fifo: Path, name: str) -> Path:
    renamed = fifo.with_name(name)
    fifo.rename(renamed)
    return renamed


@pytest.mark.parametrize(
    "args, name",
    [
        (["translate", "{}", "--no-memory", "-g", GLOSSARY], "article.vi.txt"),
        (["glossary", "import", "{}", "-o", "{dir}/out.yaml"], "terms.csv"),
        (["glossary", "lint", "{}"], "terms.yaml"),
        (["check", REPO / "translations", "-g", GLOSSARY, "--baseline", "{}"], "baseline.json"),
        (["check", "{}", "-g", GLOSSARY], "catalog.po"),
        (["translate", REPO / "translations" / "rare-earths-russia-us.vi.txt", "-g", GLOSSARY, "--memory", "{}"],
         "memory.po"),
    ],
    ids=["translate input", "import file", "glossary file", "--baseline", "check catalog", "--memory"],
)
def test_a_fifo_is_refused_at_once_never_waited_on(fifo, args, name):
    path = _fifo_named(fifo, name)
    args = [str(a).replace("{dir}", str(path.parent)).replace("{}", str(path)) for a in args]
    done = run_cli(*args)  # a process blocked on the FIFO would hit run_cli's timeout
    assert done.returncode == 2, done.stderr
    assert_one_line(done.stderr, f"error: {path}: not a regular file (a FIFO)")


@pytest.mark.parametrize("args", [["models", "install", "--file", "{}"], ["translate", REPO / "translations" / "rare-earths-russia-us.vi.txt",
                                                                           "--no-memory", "--model", "{}"]],
                         ids=["models install --file", "translate --model"])
def test_a_fifo_or_device_as_a_model_is_named_as_such(fifo, args):
    for special, kind in ((fifo, "a FIFO"), (Path("/dev/zero"), "a device")):
        done = run_cli(*[str(a).replace("{}", str(special)) for a in args])
        assert done.returncode == 2
        assert_one_line(done.stderr, f"error: {special}: not a regular file ({kind})")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_as_translate_input_is_refused_without_reading_it(device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    done = run_cli("translate", device, "--no-memory", "-g", GLOSSARY)
    assert done.returncode == 2
    assert_one_line(done.stderr, f"error: {device}: not a regular file (a device)")


def test_a_file_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    from vi_en_toolkit import files
    from vi_en_toolkit.errors import InputError

    big = tmp_path / "big.vi.txt"
    big.write_text("Nga mua đất hiếm.\n" * 100, encoding="utf-8")
    with pytest.raises(InputError, match=r"big.vi.txt: too big to read \(0 MiB; the limit is 0 MiB\)"):
        files.read_regular_bytes(big, InputError, limit=1000)
    assert len(files.read_regular_bytes(big, InputError, limit=big.stat().st_size)) == big.stat().st_size


def test_endless_standard_input_stops_at_the_size_limit(monkeypatch):
    from vi_en_toolkit import translate
    from vi_en_toolkit.errors import InputError

    class Endless:
        def read(self, size=-1):
            assert size > 0, "an unbounded read of standard input"
            return b"a" * size

    monkeypatch.setattr(translate, "MAX_INPUT_BYTES", 1000)
    with pytest.raises(InputError, match="<stdin>: too big to read"):
        translate.read_source("-", stdin=Endless())


# --- file modes --------------------------------------------------------------------------------

@pytest.fixture()
def umask():
    def set_umask(value: int) -> None:
        os.umask(value)
    previous = os.umask(0o022)
    yield set_umask
    os.umask(previous)


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600), (0o027, 0o640)])
def test_a_new_file_gets_the_umask_mode(tmp_path, umask, mask, mode):
    from vi_en_toolkit.files import write_atomic

    umask(mask)
    write_atomic(tmp_path / "new.po", "text")
    assert (tmp_path / "new.po").stat().st_mode & 0o777 == mode


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o444])
def test_a_replaced_file_keeps_its_mode(tmp_path, umask, mode):
    from vi_en_toolkit.files import write_atomic

    umask(0o022)
    target = tmp_path / "old.po"
    target.write_text("old", encoding="utf-8")
    target.chmod(mode)
    write_atomic(target, "new")
    assert (target.read_text(encoding="utf-8"), target.stat().st_mode & 0o777) == ("new", mode)



def test_a_file_the_user_may_not_write_is_refused_not_replaced(tmp_path, monkeypatch):
    """As msgmerge -U does. (Tests run as root, who may write anything: the refusal is simulated.)"""
    from vi_en_toolkit.errors import OutputError
    from vi_en_toolkit.files import write_atomic

    target = tmp_path / "reviewed.po"
    target.write_text("reviewed", encoding="utf-8")
    target.chmod(0o444)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: False if mode == os.W_OK else real_access(path, mode, **kw))
    with pytest.raises(OutputError, match="cannot write: the file is read-only"):
        write_atomic(target, "new", OutputError)
    assert target.read_text(encoding="utf-8") == "reviewed"

def test_a_report_written_by_the_cli_is_readable_by_the_group(tmp_path, umask):
    umask(0o002)
    report = tmp_path / "report.json"
    result = runner.invoke(app, ["check", str(REPO / "translations"), "-g", str(GLOSSARY), "-f", "json", "-o", str(report)])
    assert result.exit_code in (0, 1), result.output
    assert report.stat().st_mode & 0o777 == 0o664


# --- crashes that are now user errors ----------------------------------------------------------

@pytest.mark.parametrize(
    "yaml_text, line, message",
    [
        ("terms:\n  - ? [x, y]\n    : 1\n", 2, "a key must be plain text, not a list (a YAML complex key)"),
        ("terms:\n  - vi: a\n    en: b\n  - {? [x, y] : 1}\n", 4, "a key must be plain text, not a list (a YAML complex key)"),
        ("? {a: b}\n: terms\n", 1, "a key must be plain text, not a mapping (a YAML complex key)"),
        ("terms:\n  - vi: a\n    ? - en\n    : b\n", 3, "a key must be plain text, not a list (a YAML complex key)"),
    ],
)
def test_a_yaml_complex_key_in_a_glossary_is_one_error_line(tmp_path, yaml_text, line, message):
    glossary = tmp_path / "complex.yaml"
    glossary.write_text(yaml_text, encoding="utf-8")
    result = runner.invoke(app, ["glossary", "lint", str(glossary)])
    assert result.exit_code == 2, result.output
    assert result.stderr == f"error: {glossary}:{line}: invalid YAML: {message}\n"


@pytest.mark.parametrize(
    "content, message",
    [
        ("[" * 100_000 + "]" * 100_000, "1: nested too deeply, not a vi-en baseline"),
        ('{"vi-en-baseline": 1, "findings": ' + "[" * 5_000 + "]" * 5_000 + "}", "1: nested too deeply, not a vi-en baseline"),
        ('{"vi-en-baseline": ' + "9" * 100_000 + "}", " invalid JSON: a number of 100,000 digits"),
    ],
    ids=["nested lists", "nested findings", "100,000-digit number"],
)
def test_an_absurd_baseline_is_one_error_line(tmp_path, content, message):
    baseline = tmp_path / "baseline.json"
    baseline.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["check", str(REPO / "translations"), "-g", str(GLOSSARY), "--baseline", str(baseline)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {baseline}:{message}")
    assert len(result.stderr.splitlines()) == 1


# --- model packages with absurd metadata -------------------------------------------------------

TOP = "translate-vi_en-tiny"
GOOD_METADATA = '{"from_code": "vi", "to_code": "en", "package_version": "1.0", '


@pytest.mark.parametrize(
    "metadata, message",
    [
        ('{"a": ' * 5_000 + "1" + "}" * 5_000, "metadata.json is nested too deeply"),
        (GOOD_METADATA + '"x": ' + "[" * 50_000 + "]" * 50_000 + "}", "metadata.json is nested too deeply"),
        (GOOD_METADATA + '"size": ' + "7" * 100_000 + "}", "metadata.json is not valid JSON (a number of 100,000 digits)"),
        ('{"from_code": "vi", "to_code": "en", "package_version": {"a": [1]}}',
         "metadata.json: package_version must be a string, not an object"),
        ('{"from_code": "vi", "to_code": "en", "target_prefix": ["__en__"]}',
         "metadata.json: target_prefix must be a string, not a list"),
        (GOOD_METADATA + '"pad": "' + "x" * (1 << 20) + '"}', "metadata.json is too big for package metadata (over 1024 KiB)"),
    ],
    ids=["nested objects", "nested lists", "100,000-digit number", "version object", "prefix list", "huge"],
)
def test_a_model_package_with_absurd_metadata_is_one_error_line(tmp_path, monkeypatch, tiny_argos_package,
                                                                  metadata, message):
    import zipfile

    from tiny_argos_model import copy_package_zip

    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "packages"))
    package = tmp_path / "odd.argosmodel"
    copy_package_zip(tiny_argos_package, package, drop=f"{TOP}/metadata.json",
                     extra=(zipfile.ZipInfo(f"{TOP}/metadata.json"), metadata.encode()))
    result = runner.invoke(app, ["models", "install", "--file", str(package)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {package}: ")
    assert message in result.stderr and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "packages" / TOP).exists()


@pytest.mark.parametrize(
    "metadata, message",
    [
        ('{"a": ' * 5_000 + "1" + "}" * 5_000, "metadata.json is nested too deeply"),
        ('{"from_code": "vi", "to_code": "en", "package_version": ' + "9" * 100_000 + "}",
         "metadata.json is not valid JSON (a number of 100,000 digits)"),
    ],
    ids=["nested", "100,000 digits"],
)
def test_an_installed_package_with_absurd_metadata_is_one_error_line(tmp_path, monkeypatch, metadata, message):
    folder = tmp_path / "packages" / "odd"
    folder.mkdir(parents=True)
    (folder / "metadata.json").write_text(metadata, encoding="utf-8")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "packages"))
    result = runner.invoke(app, ["models", "list"])
    assert result.exit_code == 2, result.output
    assert result.stderr == f"error: {folder / 'metadata.json'}: {message}\n"


def test_a_version_of_thousands_of_digits_still_sorts(tmp_path, monkeypatch):
    from vi_en_toolkit.engine import find_package

    for name, version in [("old", "1.9"), ("new", "1.10"), ("huge", "2." + "9" * 10_000)]:
        (tmp_path / name).mkdir()
        (tmp_path / name / "metadata.json").write_text(
            f'{{"from_code": "vi", "to_code": "en", "package_version": "{version}"}}', encoding="utf-8")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path))
    assert find_package().name == "huge"
    (tmp_path / "huge" / "metadata.json").unlink()
    (tmp_path / "huge").rmdir()
    assert find_package().name == "new"


# --- the model's own length limit --------------------------------------------------------------

@pytest.fixture(scope="module")
def model_with_256_positions(tmp_path_factory) -> Path:
    """The tiny model with 256 stored position encodings: CTranslate2 fails past 256 pieces."""
    import zipfile

    from tiny_argos_model import build_tiny_argos_package

    folder = tmp_path_factory.mktemp("model256")
    text = (REPO / "translations" / "rare-earths-russia-us.vi.txt").read_text(encoding="utf-8")
    with zipfile.ZipFile(build_tiny_argos_package(folder, text, max_positions=256)) as archive:
        archive.extractall(folder)
    return folder / TOP


def _sentence_of(pieces: int, model: Path) -> str:
    """A Vietnamese sentence the model's tokenizer cuts into about `pieces` pieces (±5)."""
    import sentencepiece

    tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(model / "sentencepiece.model"))
    words = (REPO / "translations" / "rare-earths-russia-us.vi.txt").read_text(encoding="utf-8").replace(".", "").split()
    sentence = []
    for word in words * 20:
        if len(tokenizer.encode(" ".join(sentence + [word]) + ".")) > pieces:
            break
        sentence.append(word)
    return " ".join(sentence) + "."


def test_the_length_limit_is_read_from_the_model(model_with_256_positions, tiny_argos_package, tmp_path):
    import zipfile

    from vi_en_toolkit.engine import MAX_INPUT_TOKENS, load_model, stored_positions

    assert stored_positions(model_with_256_positions / "model" / "model.bin") == (256, 256)
    limited = load_model(model_with_256_positions)
    assert (limited.max_input_tokens, limited.max_output_tokens) == (256, 255)  # the output also holds <s>
    with zipfile.ZipFile(tiny_argos_package) as archive:
        archive.extractall(tmp_path)
    assert stored_positions(tmp_path / TOP / "model" / "model.bin") == (None, None)  # sinusoidal: computed
    assert load_model(tmp_path / TOP).max_input_tokens == MAX_INPUT_TOKENS


@pytest.mark.parametrize("pieces", [262, 600, 1020])
def test_a_segment_longer_than_the_model_takes_is_one_error_line(model_with_256_positions, tmp_path, pieces):
    article = tmp_path / "long.vi.txt"
    article.write_text("Nga bán dầu.\n" + _sentence_of(pieces, model_with_256_positions) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["translate", str(article), "--model", str(model_with_256_positions), "--no-memory"])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if not line.startswith("note:")]
    assert len(lines) == 1 and lines[0].startswith(f"error: {article}:2: segment too long to translate (")
    assert lines[0].endswith("pieces, limit 256): split it into sentences")


def test_a_segment_within_the_model_limit_translates_with_its_output_bounded(model_with_256_positions, tmp_path):
    article = tmp_path / "ok.vi.txt"
    article.write_text(_sentence_of(200, model_with_256_positions) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["translate", str(article), "--model", str(model_with_256_positions), "--no-memory"])
    assert result.exit_code == 0, result.output  # 2 × 200 + 10 output pieces would pass position 256


@pytest.mark.parametrize("beam", ["65", "100000"])
def test_a_beam_beyond_64_is_one_error_line(beam, tmp_path):
    article = tmp_path / "a.vi.txt"
    article.write_text("Nga bán dầu.\n", encoding="utf-8")
    result = runner.invoke(app, ["translate", str(article), "--no-memory", "--beam", beam])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[-1] == f"error: --beam must be between 1 and 64 (got {beam})"


# --- a parent pyproject.toml with [tool] or [tool.vi-en] of the wrong type ------------------------

@pytest.mark.parametrize(
    "toml, message",
    [
        ('tool = "x"\n', "[tool] must be a table"),
        ('[tool]\nvi-en = "x"\n', "[tool.vi-en] must be a table"),
        ("[tool]\nvi-en = 3\n", "[tool.vi-en] must be a table"),
        ("[tool]\nvi-en = [1, 2]\n", "[tool.vi-en] must be a table"),
    ],
)
def test_pyproject_tool_vi_en_of_the_wrong_type_is_one_error_line(tmp_path, monkeypatch, toml, message):
    (tmp_path / "pyproject.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "translations").mkdir()
    catalog = tmp_path / "translations" / "a.po"
    catalog.write_text('msgid "Nga."\nmsgstr "Russia."\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "translations")
    result = runner.invoke(app, ["check", "a.po"])
    assert result.stderr == f"error: {tmp_path / 'pyproject.toml'}: {message}\n"
    assert result.exit_code == 2


def test_an_output_pipe_is_written_into_and_never_read(fifo):
    import threading

    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    done = run_cli("translate", REPO / "translations" / "rare-earths-russia-us.vi.txt", "-g", GLOSSARY, "-o", fifo)
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert received and received[0].startswith("Amid global geopolitical and trade tensions")


def test_a_5000_digit_number_in_a_glossary_is_one_error_line(tmp_path):
    glossary = tmp_path / "numbers.yaml"
    glossary.write_text("terms:\n  - vi: a\n    en: " + "9" * 5000 + "\n", encoding="utf-8")
    result = runner.invoke(app, ["glossary", "lint", str(glossary)])
    assert result.exit_code in (1, 2), result.output  # a schema problem (en must be text) or a YAML error
    assert result.stderr.startswith(f"error: {glossary}:3: ") or f"{glossary}:3: " in result.stdout


@pytest.mark.parametrize("args, folder", [
    (["glossary", "lint", "{tmp}/glossary"], "{tmp}/glossary"),
    (["glossary", "lint", "{tmp}/glossary"], "{tmp}/glossary/more"),
    (["check", "{tmp}/translations", "-g", "{tmp}/glossary"], "{tmp}/translations"),
])
def test_a_folder_the_user_may_not_read_is_named_not_taken_for_empty(tmp_path, monkeypatch, args, folder):
    """rglob passes over such a folder in silence. (Tests run as root, whom chmod 000 does not stop:
    the refusal is simulated.)"""
    import shutil

    shutil.copytree(REPO / "glossary", tmp_path / "glossary")
    (tmp_path / "glossary" / "more").mkdir()
    shutil.copytree(REPO / "translations", tmp_path / "translations")
    locked = folder.format(tmp=tmp_path)
    real_scandir = os.scandir

    def denied(path="."):
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", denied)
    result = CliRunner().invoke(app, [a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == f"error: {locked}: cannot read this folder: Permission denied"
