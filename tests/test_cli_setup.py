"""Setting up translation: the demo model the README uses, what each missing piece says, and the
notes a newcomer needs (no memory found, an unusable --model)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sample_article import ARTICLE, REPO
from tiny_argos_model import isolated_env
from vi_en import app
from vi_en_toolkit import engine

runner = CliRunner()
NEW_SENTENCE = "Mỹ áp thuế quan thứ cấp lên dầu mua từ Nga."


def vi_en(*args):
    return runner.invoke(app, [str(a) for a in args])


def run_cli(env: dict[str, str], *args: str, before: str = "") -> subprocess.CompletedProcess:
    """vi_en.py in a fresh process; `before` runs first (to hide a module, as if not installed)."""
    code = f"import sys; {before}; sys.argv = ['vi-en', *sys.argv[1:]]; import vi_en; vi_en.main()"
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, cwd=REPO)


def hidden(*modules: str) -> str:
    return "; ".join(f"sys.modules[{name!r}] = None" for name in modules)


@pytest.fixture
def packages(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    return folder


# --- the demo model --------------------------------------------------------------------------------

def test_models_demo_writes_the_readme_model_and_translate_uses_it(tmp_path, packages, monkeypatch):
    result = vi_en("models", "demo", tmp_path)
    archive = tmp_path / "translate-vi_en-tiny.argosmodel"
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {archive}: a demo model")
    assert not packages.exists()  # written where asked, never installed as the default model

    monkeypatch.chdir(REPO)
    article = tmp_path / "update.vi.txt"
    article.write_text(ARTICLE.read_text(encoding="utf-8") + f"\n{NEW_SENTENCE}\n", encoding="utf-8")
    translated = vi_en("translate", article, "-o", tmp_path / "update.en.po", "--model", archive)
    assert translated.exit_code == 0, translated.output
    assert "22 segments: 21 reviewed, 1 machine-translated" in translated.stderr


def test_the_demo_model_is_the_tests_model(tmp_path, tiny_argos_package):
    """Same training text and seed: the README's nonsense output is what the tests' model says."""
    vi_en("models", "demo", tmp_path)
    demo = engine.load_model(tmp_path / "translate-vi_en-tiny.argosmodel")
    tests = engine.load_model(tiny_argos_package)
    assert demo.translate_batch([NEW_SENTENCE])[0][0].text == tests.translate_batch([NEW_SENTENCE])[0][0].text


def test_models_demo_into_a_file_is_one_error_line(tmp_path):
    (tmp_path / "a-file").write_text("x")
    result = vi_en("models", "demo", tmp_path / "a-file")
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'a-file'}: not a folder: the demo model is written into a folder\n"


# --- what a missing piece says ----------------------------------------------------------------------

def test_without_the_mt_extra_translate_names_the_one_install_command(tmp_path):
    article = tmp_path / "new.vi.txt"
    article.write_text(NEW_SENTENCE + "\n", encoding="utf-8")
    env = isolated_env(tmp_path, ARGOS_PACKAGES_DIR=str(tmp_path / "packages"))
    result = run_cli(env, "translate", str(article), before=hidden("ctranslate2", "sentencepiece"))
    assert result.returncode == 2
    assert result.stderr == ("error: 1 of 1 segment needs machine translation (not in the translation memory): "
                             "machine translation needs ctranslate2 and sentencepiece: pip install 'vi-en[mt]'\n")


def test_without_the_index_extra_models_install_names_the_one_install_command(tmp_path):
    env = isolated_env(tmp_path, ARGOS_PACKAGES_DIR=str(tmp_path / "packages"))
    result = run_cli(env, "models", "install", before=hidden("argostranslate"))
    assert result.returncode == 2
    assert result.stderr == ("error: installing from the Argos package index needs argostranslate: "
                             "pip install 'vi-en[index]' (or install a package file: vi-en models install --file X.argosmodel)\n")
    assert not (tmp_path / "home").exists()


def test_without_the_index_extra_a_package_file_still_installs(tmp_path, tiny_argos_package):
    env = isolated_env(tmp_path, ARGOS_PACKAGES_DIR=str(tmp_path / "packages"))
    result = run_cli(env, "models", "install", "--file", str(tiny_argos_package), before=hidden("argostranslate"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("installed vi→en 0.0.1 in ")


# --- notes and an unusable --model ------------------------------------------------------------------

def test_no_translation_memory_found_is_a_note_saying_where_it_looked(tmp_path, packages, monkeypatch,
                                                                        tiny_argos_package):
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "a.vi.txt"
    article.write_text(NEW_SENTENCE + "\n", encoding="utf-8")
    note = f"no translation memory: no translations/*.po in {tmp_path} (use --memory)"
    assert f"note: {note}\n" in vi_en("translate", article, "--model", tiny_argos_package).stderr
    # without a model, the error that follows says it too
    assert vi_en("translate", article).stderr.startswith(
        f"error: 1 of 1 segment needs machine translation ({note}; not in the translation memory): ")


@pytest.mark.parametrize("model", ["nosuch", "README.md"])
def test_an_unusable_model_is_an_error_even_when_every_sentence_is_reviewed(packages, monkeypatch, model):
    monkeypatch.chdir(REPO)
    result = vi_en("translate", ARTICLE, "--model", model)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {model}: ") and result.stderr.count("\n") == 1
