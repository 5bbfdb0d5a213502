"""The pre-commit hooks, run by pre-commit itself (`pre-commit try-repo`) on a temporary project.

try-repo installs vi-en from this repository into pre-commit's own virtualenv, as a project using
the hooks would. To stay offline and fast, that virtualenv sees the already installed dependencies
(VIRTUALENV_SYSTEM_SITE_PACKAGES) and pip uses no index; the hooks themselves run for real.
About 17 s here (each try-repo builds a fresh environment); about 30 s each with pip's index.
try-repo takes the hooks from the committed tree plus uncommitted edits to tracked files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

GLOSSARY = """terms:
  - vi: đất hiếm
    en: rare earths
    forbidden: [rare soil]
"""
DUPLICATE_GLOSSARY = GLOSSARY + """  - vi: đất hiếm
    en: rare-earth metals
"""
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
GOOD_PO = HEADER + 'msgid "Nga muốn khai thác đất hiếm."\nmsgstr "Russia wants to mine rare earths."\n'
BAD_PO = HEADER + 'msgid "Nga muốn khai thác đất hiếm."\nmsgstr "Russia wants to mine rare soil."\n'


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)


OFFLINE = {
    "VIRTUALENV_SYSTEM_SITE_PACKAGES": "1",
    "PIP_NO_INDEX": "1",
    "PIP_NO_BUILD_ISOLATION": "0",  # pip's inverted spelling: build with the installed setuptools
}
INSTALL_FAILED = 3  # pre-commit's exit code for an unexpected error, such as pip failing to install


def pre_commit_on_staged_files(project: Path) -> subprocess.CompletedProcess:
    """What `git commit` would run with these hooks installed: every hook, on the staged files.

    Offline first; if the hook environment cannot be built that way (the dependencies live in
    a virtualenv, not in the interpreter's own site-packages), once more with pip's index."""
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(project.parent / "pre-commit-home"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "GIT_AUTHOR_NAME": "Desk", "GIT_AUTHOR_EMAIL": "desk@example.org",
        "GIT_COMMITTER_NAME": "Desk", "GIT_COMMITTER_EMAIL": "desk@example.org",
    }
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO)]
    result = subprocess.run(command, cwd=project, env={**env, **OFFLINE}, capture_output=True, text=True, timeout=600)
    if result.returncode == INSTALL_FAILED and "pip" in result.stdout + result.stderr:
        result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    return result


@pytest.fixture
def project(tmp_path) -> Path:
    project = tmp_path / "desk"
    (project / "glossary").mkdir(parents=True)
    (project / "translations").mkdir()
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.email", "desk@example.org")
    git(project, "config", "user.name", "Desk")
    return project


def test_the_hooks_file_names_both_hooks_for_the_right_files():
    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert hooks["vi-en-check"]["entry"] == "vi-en check"
    assert hooks["vi-en-check"]["files"] == r"\.po$"
    assert hooks["vi-en-glossary-lint"]["entry"] == "vi-en glossary lint"
    assert hooks["vi-en-glossary-lint"]["files"] == r"^glossary/.*\.ya?ml$"
    assert hooks["vi-en-glossary-lint"]["pass_filenames"] is False, "duplicates across files need the whole glossary"


def test_a_clean_commit_passes_and_a_commit_with_a_forbidden_term_and_a_duplicate_term_fails(project):
    (project / "glossary" / "mining.yaml").write_text(GLOSSARY, encoding="utf-8")
    (project / "translations" / "article.po").write_text(GOOD_PO, encoding="utf-8")
    git(project, "add", "-A")

    passing = pre_commit_on_staged_files(project)

    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "vi-en check (translation QA)" in passing.stdout and "vi-en glossary lint" in passing.stdout
    assert "Failed" not in passing.stdout
    git(project, "commit", "-q", "-m", "a clean translation")

    (project / "glossary" / "mining.yaml").write_text(DUPLICATE_GLOSSARY, encoding="utf-8")
    (project / "translations" / "article.po").write_text(BAD_PO, encoding="utf-8")
    git(project, "add", "-A")

    failing = pre_commit_on_staged_files(project)

    assert failing.returncode == 1, failing.stdout + failing.stderr
    check_part, lint_part = failing.stdout.split("vi-en glossary lint", 1)
    assert "- hook id: vi-en-check" in check_part and "Failed" in check_part
    assert "'rare soil' is a forbidden rendering of 'đất hiếm'" in check_part
    assert "build fails: 1 error (--fail-on error)" in check_part
    assert "- hook id: vi-en-glossary-lint" in lint_part and "Failed" in lint_part
    assert "mining.yaml" in lint_part


def test_the_readme_snippet_uses_the_hooks_this_repository_defines():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Use in CI", 1)[1]
    snippet = next(block for block in section.split("```yaml")[1:] if "repos:" in block).split("```")[0]
    config = yaml.safe_load(snippet)
    defined = {hook["id"] for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    used = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
    assert used == defined == {"vi-en-check", "vi-en-glossary-lint"}
