"""--changed-since: only entries new, edited or newly fuzzy since a git revision are judged."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from vi_en_toolkit.changes import changed_entries, changed_keys, select_changed
from vi_en_toolkit.checks import run_checks
from vi_en_toolkit.errors import ViEnError
from vi_en_toolkit.gate import gate_run

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def po(*entries) -> str:
    """entries: (vi, en) or (vi, en, "fuzzy")."""
    text = HEADER
    for vi, en, *flags in entries:
        text += "".join(f"#, {flag}\n" for flag in flags)
        text += f'msgid "{vi}"\nmsgstr "{en}"\n\n'
    return text


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "desk@example.org")
    git(tmp_path, "config", "user.name", "Desk")
    (tmp_path / "translations").mkdir()
    return tmp_path


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


UNCHANGED = ("Nga và Mỹ đàm phán.", "")  # an old problem nobody touched
EDITED_BEFORE = ("Trữ lượng lớn.", "Large reserves.")
FUZZY_BEFORE = ("Thuế quan thứ cấp.", "Secondary tariffs.")


def test_new_edited_and_newly_fuzzy_entries_are_selected_and_nothing_else(repo):
    catalog = repo / "translations" / "article.po"
    catalog.write_text(po(UNCHANGED, EDITED_BEFORE, FUZZY_BEFORE), encoding="utf-8")
    base = commit(repo, "first translation")
    catalog.write_text(po(UNCHANGED, ("Trữ lượng lớn.", "Large  reserves."), (*FUZZY_BEFORE, "fuzzy"),
                          ("Đất hiếm.", "")), encoding="utf-8")

    changed = changed_entries([catalog], base)

    assert [(c.source, c.reason) for c in changed] == [
        ("Trữ lượng lớn.", "edited"),
        ("Thuế quan thứ cấp.", "newly fuzzy"),
        ("Đất hiếm.", "new"),
    ]


def test_committed_changes_count_too_not_only_the_working_tree(repo):
    catalog = repo / "translations" / "article.po"
    catalog.write_text(po(UNCHANGED), encoding="utf-8")
    base = commit(repo, "first")
    catalog.write_text(po(UNCHANGED, ("Đất hiếm.", "Rare soil.")), encoding="utf-8")
    commit(repo, "second")

    assert [c.source for c in changed_entries([catalog], base)] == ["Đất hiếm."]
    assert changed_entries([catalog], "HEAD") == []


def test_a_catalog_that_did_not_exist_at_the_revision_is_all_new(repo):
    (repo / "README").write_text("desk\n")
    base = commit(repo, "no catalogs yet")
    catalog = repo / "translations" / "article.po"
    catalog.write_text(po(UNCHANGED, EDITED_BEFORE), encoding="utf-8")

    assert [c.reason for c in changed_entries([catalog], base)] == ["new", "new"]


def test_a_catalog_broken_at_the_revision_is_all_changed_so_its_fix_can_pass(repo):
    catalog = repo / "translations" / "article.po"
    catalog.write_text(HEADER + 'msgid "Nga\nmsgstr "Russia"\n', encoding="utf-8")  # unterminated string
    base = commit(repo, "a broken catalog")
    catalog.write_text(po(UNCHANGED, EDITED_BEFORE), encoding="utf-8")

    assert [c.reason for c in changed_entries([catalog], base)] == ["new", "new"]


def test_findings_are_filtered_to_changed_entries(repo, monkeypatch):
    monkeypatch.chdir(repo)
    catalog = Path("translations/article.po")
    catalog.write_text(po(UNCHANGED, EDITED_BEFORE), encoding="utf-8")
    base = commit(repo, "first")
    catalog.write_text(po(UNCHANGED, ("Trữ lượng lớn.", "")), encoding="utf-8")

    run = run_checks([catalog], None)
    narrowed, gate = gate_run(run, changed_since=base, changed_keys=changed_keys(changed_entries(run.file_names, base)))

    assert [f.source for f in run.findings] == ["Nga và Mỹ đàm phán.", "Trữ lượng lớn."]
    assert [f.source for f in narrowed.findings] == ["Trữ lượng lớn."]
    assert narrowed.entries == 1
    assert gate.fails(narrowed)
    assert f"checked only the 1 entry changed since {base}" in gate.verdict(narrowed)


def test_select_changed_uses_file_and_source():
    class Item:
        def __init__(self, file, source):
            self.file, self.source = file, source

    items = [Item("a.po", "x"), Item("b.po", "x"), Item("a.po", "y")]
    assert [(i.file, i.source) for i in select_changed(items, frozenset({("a.po", "x")}))] == [("a.po", "x")]


def test_an_unknown_revision_is_one_clear_error(repo):
    catalog = repo / "translations" / "article.po"
    catalog.write_text(po(UNCHANGED), encoding="utf-8")
    commit(repo, "first")
    with pytest.raises(ViEnError, match=r"^unknown revision 'no-such-branch' \(not a branch, tag or commit"):
        changed_entries([catalog], "no-such-branch")


def test_outside_a_git_repository_is_one_clear_error(tmp_path):
    catalog = tmp_path / "article.po"
    catalog.write_text(po(UNCHANGED), encoding="utf-8")
    with pytest.raises(ViEnError, match=r"^not a git repository: .* \(--changed-since needs one\)"):
        changed_entries([catalog], "HEAD")
