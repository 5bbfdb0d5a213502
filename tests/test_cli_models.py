"""`vi-en models list` and `vi-en models install [--file X.argosmodel]`."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tiny_argos_model import closed_port, copy_package_zip, isolated_env, needs_index_extra, serve_argos_index
from vi_en import app

REPO = Path(__file__).resolve().parent.parent
TOP = "translate-vi_en-tiny"
runner = CliRunner()


@pytest.fixture
def packages(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    return folder


def vi_en(*args: str):
    return runner.invoke(app, list(args))


def tree(folder: Path) -> dict[str, bytes | None]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() else None for p in folder.rglob("*")}


def test_models_list_says_when_nothing_is_installed(packages):
    result = vi_en("models", "list")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"no models installed in {packages}; install one with `vi-en models install`")


def test_models_install_file_then_list(packages, tiny_argos_package):
    installed = vi_en("models", "install", "--file", str(tiny_argos_package))
    assert installed.exit_code == 0, installed.output
    assert installed.stdout == f"installed vi→en 0.0.1 in {packages / TOP}\n"

    listed = vi_en("models", "list")
    assert listed.exit_code == 0
    assert listed.stdout == f"vi→en\t0.0.1\t{packages / TOP}\n"


def _not_a_zip(tiny: Path, dest: Path) -> None:
    dest.write_text("<html>404 Not Found</html>")


def _without_metadata(tiny: Path, dest: Path) -> None:
    copy_package_zip(tiny, dest, drop=f"{TOP}/metadata.json")


def _path_traversal(tiny: Path, dest: Path) -> None:
    copy_package_zip(tiny, dest, extra=(zipfile.ZipInfo(f"{TOP}/../../evil.sh"), b"echo owned"))


def _symlink(tiny: Path, dest: Path) -> None:
    link = zipfile.ZipInfo(f"{TOP}/sentencepiece.link")
    link.create_system = 3
    link.external_attr = 0o120777 << 16
    copy_package_zip(tiny, dest, extra=(link, b"/etc/passwd"))


BROKEN = {
    "not a zip": (_not_a_zip, "not an Argos package (.argosmodel must be a zip archive)"),
    "no metadata.json": (_without_metadata, f"not an Argos package: no {TOP}/metadata.json"),
    "path traversal": (_path_traversal, f"unsafe path in archive: '{TOP}/../../evil.sh'"),
    "symlink": (_symlink, f"symbolic link in archive: '{TOP}/sentencepiece.link'"),
}


@pytest.mark.parametrize("make_broken, message", BROKEN.values(), ids=BROKEN.keys())
def test_models_install_refuses_a_broken_file_in_one_line(make_broken, message, packages, tiny_argos_package, tmp_path):
    assert vi_en("models", "install", "--file", str(tiny_argos_package)).exit_code == 0
    before = tree(packages)
    broken = tmp_path / "broken.argosmodel"
    make_broken(tiny_argos_package, broken)

    result = vi_en("models", "install", "--file", str(broken))

    assert result.exit_code == 2
    assert result.stderr == f"error: {broken}: {message}\n"
    assert result.stdout == ""
    assert tree(packages) == before  # the installed package is intact, nothing was added
    assert not (tmp_path / "evil.sh").exists()


def test_models_install_of_a_missing_file(packages, tmp_path):
    result = vi_en("models", "install", "--file", str(tmp_path / "nope.argosmodel"))
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'nope.argosmodel'}: no such package file\n"


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """Runs vi_en.py in a fresh process: argostranslate reads its settings once, at import."""
    return subprocess.run([sys.executable, str(REPO / "vi_en.py"), *args], env=env, capture_output=True, text=True)


@needs_index_extra
def test_models_install_offline_is_one_line_and_exit_2(tmp_path):
    index = f"http://127.0.0.1:{closed_port()}/"
    env = isolated_env(tmp_path, ARGOS_PACKAGE_INDEX=index, ARGOS_PACKAGES_DIR=str(tmp_path / "packages"))

    result = run_cli(env, "models", "install")

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"error: cannot reach the Argos package index at {index}index.json; "
        "without internet, install a package file: vi-en models install --file X.argosmodel\n"
    )


@needs_index_extra
def test_models_install_from_the_index(tmp_path, tiny_argos_package):
    with serve_argos_index(tmp_path / "site", tiny_argos_package) as url:
        env = isolated_env(tmp_path, ARGOS_PACKAGE_INDEX=url, ARGOS_PACKAGES_DIR=str(tmp_path / "packages"))
        result = run_cli(env, "models", "install")

    assert result.returncode == 0, result.stderr
    assert result.stdout == f"installed vi→en 0.0.1 in {tmp_path / 'packages' / TOP}\n"
    listed = run_cli(env, "models", "list")
    assert listed.stdout == f"vi→en\t0.0.1\t{tmp_path / 'packages' / TOP}\n"


@needs_index_extra
def test_models_install_from_an_index_without_vi_en(tmp_path, tiny_argos_package):
    site = tmp_path / "site"
    with serve_argos_index(site, tiny_argos_package) as url:
        index = json.loads((site / "index.json").read_text())
        (site / "index.json").write_text(json.dumps([index[0] | {"from_code": "fr"}]))
        env = isolated_env(tmp_path, ARGOS_PACKAGE_INDEX=url, ARGOS_PACKAGES_DIR=str(tmp_path / "packages"))
        result = run_cli(env, "models", "install")

    assert result.returncode == 2
    assert result.stderr == "error: the Argos package index has no vi→en package\n"


def test_models_commands_have_help():
    for command in (["models"], ["models", "list"], ["models", "install"]):
        result = vi_en(*command, "--help")
        assert result.exit_code == 0
        assert "Argos" in result.stdout or "vi→en" in result.stdout
