"""Glossary diff: term changes between files, folders and git revisions, and the translations they touch."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from vi_en_toolkit.diff import diff_glossaries, read_snapshot, resolve_snapshots
from vi_en_toolkit.diff_report import render_json, render_markdown, render_text
from vi_en_toolkit.errors import GlossaryError, InputError

FIXTURES = Path(__file__).parent / "fixtures" / "glossary"
BASE = (FIXTURES / "rare_earths.yaml").read_text(encoding="utf-8")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with the base glossary and the sample translations committed."""
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.name", "Test Desk")
    git(tmp_path, "config", "user.email", "desk@example.org")
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "rare_earths.yaml").write_text(BASE, encoding="utf-8")
    (tmp_path / "translations").mkdir()
    shutil.copy(FIXTURES / "rare_earths_translations.po", tmp_path / "translations" / "article.po")
    commit_all(tmp_path, "glossary and translations")
    return tmp_path


def edit_glossary(repo: Path, old: str, new: str, file: str = "rare_earths.yaml") -> None:
    path = repo / "glossary" / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- kinds of change ---------------------------------------------------------------------------

CHANGES = [
    # (edit: old text → new text, expected changed fields as {field: [old, new]})
    ("en: reserves", "en: deposits", {"en": ["reserves", "deposits"]}),
    ("en: secondary tariffs", "en: secondary tariffs\n    variants: [secondary duties]",
     {"variants": [[], ["secondary duties"]]}),
    ("forbidden: [rare soil]", "forbidden: [rare soil, rare land]",
     {"forbidden": [["rare soil"], ["rare soil", "rare land"]]}),
    ("    case_sensitive: true\n", "", {"case_sensitive": [True, False]}),
    ("en: reserves", "en: reserves\n    note: proven and probable", {"note": [None, "proven and probable"]}),
    ("vi: Nga", "vi: NGA", {"vi": ["Nga", "NGA"]}),
    ("en: reserves", "en: reserves\n    strictness: advisory", {"strictness": ["required", "advisory"]}),
    ("en: reserves", "en: reserves\n    not_in: [trữ lượng nước]", {"not_in": [[], ["trữ lượng nước"]]}),
    ("en: reserves", "en: reserves\n    title: true", {"title": [False, True]}),
]


@pytest.mark.parametrize("old, new, fields", CHANGES, ids=[next(iter(c[2])) for c in CHANGES])
def test_each_kind_of_field_change_is_reported(repo: Path, old: str, new: str, fields: dict):
    edit_glossary(repo, old, new)

    result = diff_glossaries(cwd=repo).as_json()

    assert result["added"] == [] and result["removed"] == []
    assert [c["fields"] for c in result["changed"]] == [fields]
    assert result["changed"][0]["file"] == "glossary/rare_earths.yaml"


def test_added_and_removed_terms(repo: Path):
    edit_glossary(repo, "  - vi: trữ lượng\n    en: reserves\n", "  - vi: sản lượng\n    en: output\n")

    result = diff_glossaries(cwd=repo).as_json()

    assert result["added"] == [{"vi": "sản lượng", "en": "output", "file": "glossary/rare_earths.yaml"}]
    assert result["removed"] == [{"vi": "trữ lượng", "en": "reserves", "file": "glossary/rare_earths.yaml"}]
    assert result["changed"] == []


def test_a_term_moved_to_another_file_is_a_change_of_file(repo: Path):
    edit_glossary(repo, "  - vi: trữ lượng\n    en: reserves\n", "")
    (repo / "glossary" / "mining.yaml").write_text("terms:\n  - vi: trữ lượng\n    en: reserves\n", encoding="utf-8")

    result = diff_glossaries(cwd=repo).as_json()

    assert result["changed"] == [
        {"vi": "trữ lượng", "file": "glossary/mining.yaml",
         "fields": {"file": ["glossary/rare_earths.yaml", "glossary/mining.yaml"]}}
    ]
    assert result["affected"] == []  # a move cannot change a check result


def test_reordering_terms_or_forms_and_moving_tone_marks_is_no_change(tmp_path: Path):
    (tmp_path / "old.yaml").write_text(
        "terms:\n  - vi: thỏa thuận\n    en: deal\n    variants: [agreement, accord]\n"
        "  - vi: trữ lượng\n    en: reserves\n", encoding="utf-8")
    (tmp_path / "new.yaml").write_text(
        "terms:\n  - vi: trữ lượng\n    en: reserves\n"
        "  - vi: thoả thuận\n    en: deal\n    variants: [accord, agreement]\n", encoding="utf-8")

    result = diff_glossaries("old.yaml", "new.yaml", cwd=tmp_path, translations=[])

    assert result.changes == ()


def test_two_glossary_files_compare_without_git(tmp_path: Path):
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(BASE, encoding="utf-8")
    new.write_text(BASE.replace("en: reserves", "en: deposits"), encoding="utf-8")

    result = diff_glossaries("old.yaml", "new.yaml", cwd=tmp_path, translations=[])

    assert [(c.kind, c.vi) for c in result.changes] == [("changed", "trữ lượng")]  # no move between the two files


# --- git revisions -------------------------------------------------------------------------------

def test_no_arguments_compare_head_with_the_working_tree(repo: Path):
    edit_glossary(repo, "en: reserves", "en: deposits")

    result = diff_glossaries(cwd=repo)

    assert (result.old_label, result.new_label) == ("HEAD:glossary", "glossary")
    assert [c.vi for c in result.changes] == ["trữ lượng"]


def test_two_revisions_compare_with_each_other(repo: Path):
    edit_glossary(repo, "en: reserves", "en: deposits")
    commit_all(repo, "reserves are deposits")
    edit_glossary(repo, "en: deposits", "en: stocks")  # uncommitted: not part of HEAD~1..HEAD

    result = diff_glossaries("HEAD~1", "HEAD", cwd=repo).as_json()

    assert result["changed"][0]["fields"] == {"en": ["reserves", "deposits"]}


def test_one_revision_compares_with_the_working_tree(repo: Path):
    edit_glossary(repo, "en: reserves", "en: deposits")
    commit_all(repo, "deposits")
    git(repo, "checkout", "-q", "-b", "feature")
    edit_glossary(repo, "en: deposits", "en: stocks")

    result = diff_glossaries("main", cwd=repo).as_json()

    assert result["changed"][0]["fields"] == {"en": ["deposits", "stocks"]}


def test_rev_colon_path_names_a_folder_or_file_at_a_revision(repo: Path):
    (repo / "glossary" / "names.yaml").write_text("terms:\n  - vi: Mỹ\n    en: United States\n", encoding="utf-8")
    commit_all(repo, "names")

    folder = read_snapshot("HEAD:glossary/", cwd=repo)
    one_file = read_snapshot("HEAD~1:glossary/rare_earths.yaml", cwd=repo)

    assert sorted(t.vi for t in folder.terms) == ["Mỹ", "Nga", "thuế quan thứ cấp", "trữ lượng", "đất hiếm"]
    assert len(one_file.terms) == 4 and all(t.file == "glossary/rare_earths.yaml" for t in one_file.terms)


def test_a_path_alone_compares_its_head_version_with_the_working_tree(repo: Path):
    edit_glossary(repo, "en: reserves", "en: deposits")

    old, new = resolve_snapshots("glossary/rare_earths.yaml", None, cwd=repo)

    assert old.label == "HEAD:glossary/rare_earths.yaml"
    assert {t.en for t in old.terms} - {t.en for t in new.terms} == {"reserves"}


def test_revisions_work_from_a_subfolder(repo: Path):
    edit_glossary(repo, "en: reserves", "en: deposits")

    result = diff_glossaries("HEAD:glossary", cwd=repo / "translations", translations=["."])

    assert result.old_label == "HEAD:../glossary"
    assert [c.vi for c in result.changes] == ["trữ lượng"]
    assert {a.file for a in result.affected} == {"article.po"}


def test_a_branch_that_introduces_the_glossary_adds_every_term(tmp_path: Path):
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.name", "Test Desk")
    git(tmp_path, "config", "user.email", "desk@example.org")
    (tmp_path / "README").write_text("news desk\n")
    commit_all(tmp_path, "start")
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "rare_earths.yaml").write_text(BASE, encoding="utf-8")

    result = diff_glossaries(cwd=tmp_path)

    assert len(result.of_kind("added")) == 4


def test_an_unknown_revision_is_an_input_error(repo: Path):
    with pytest.raises(InputError, match="unknown revision 'no-such-branch'"):
        diff_glossaries("no-such-branch", cwd=repo)


def test_a_revision_outside_a_git_repository_is_an_input_error(tmp_path: Path):
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "a.yaml").write_text(BASE, encoding="utf-8")

    with pytest.raises(InputError, match="not a git repository"):
        diff_glossaries(cwd=tmp_path)


def test_a_path_missing_at_an_explicit_revision_is_an_error(repo: Path):
    with pytest.raises(GlossaryError, match="no such file or folder at revision 'HEAD'"):
        read_snapshot("HEAD:terms/", cwd=repo)


def test_a_file_that_is_not_a_glossary_is_an_error_with_file_and_line(repo: Path):
    shutil.copy(FIXTURES / "not_a_glossary.yaml", repo / "article.yaml")

    with pytest.raises(GlossaryError) as raised:
        diff_glossaries("article.yaml", "glossary", cwd=repo)

    assert str(raised.value).startswith("article.yaml:1: a glossary file is a mapping with a 'terms:' list")


def test_a_broken_glossary_at_a_revision_keeps_revision_file_and_line(repo: Path):
    shutil.copy(FIXTURES / "broken_yaml.yaml", repo / "glossary" / "rare_earths.yaml")
    commit_all(repo, "broken")

    with pytest.raises(GlossaryError) as raised:
        read_snapshot("HEAD", cwd=repo)

    assert str(raised.value).startswith("HEAD:glossary/rare_earths.yaml:4: invalid YAML")


@pytest.mark.parametrize("cache", ["off", "cold", "warm"])
def test_the_compiled_glossary_cache_gives_the_same_diff_as_parsing(repo: Path, tmp_path_factory, monkeypatch, cache):
    edit_glossary(repo, "  - vi: trữ lượng\n    en: reserves\n", "")
    (repo / "glossary" / "mining.yaml").write_text("terms:\n  - vi: trữ lượng\n    en: deposits\n", encoding="utf-8")
    edit_glossary(repo, "en: secondary tariffs", "en: secondary duties")
    expected = diff_glossaries(cwd=repo).as_json()
    monkeypatch.setenv("VI_EN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("VI_EN_CACHE", "off" if cache == "off" else "on")
    if cache == "warm":
        diff_glossaries(cwd=repo)  # stores both sides, read back below

    result = diff_glossaries(cwd=repo).as_json()

    assert result == expected
    changed = {change["vi"]: change["fields"] for change in result["changed"]}
    assert changed["trữ lượng"]["file"] == ["glossary/rare_earths.yaml", "glossary/mining.yaml"]
    assert changed["thuế quan thứ cấp"]["en"] == ["secondary tariffs", "secondary duties"]


def test_a_snapshot_copied_with_other_terms_compares_its_own_terms(repo: Path):
    from dataclasses import replace

    from vi_en_toolkit.diff import compare_terms

    read = read_snapshot("glossary", cwd=repo)
    fewer = replace(read, terms=read.terms[1:])  # the keys a reader kept belong to read.terms

    changes = compare_terms(read, fewer)

    assert [(c.kind, c.vi) for c in changes] == [("removed", read.terms[0].vi)]


# --- affected translations ------------------------------------------------------------------------

def affected(repo: Path) -> dict[tuple[int, str], str]:
    return {(a.line, a.term): a.status for a in diff_glossaries(cwd=repo).affected}


def test_changing_the_preferred_english_makes_a_passing_translation_fail(repo: Path):
    edit_glossary(repo, "en: reserves", "en: deposits")

    result = diff_glossaries(cwd=repo)

    assert affected(repo) == {(10, "trữ lượng"): "newly failing"}
    assert result.breaks_translations


def test_adding_a_variant_makes_a_failing_translation_pass(repo: Path):
    edit_glossary(repo, "en: secondary tariffs", "en: secondary tariffs\n    variants: [secondary duties]")

    result = diff_glossaries(cwd=repo)

    assert affected(repo) == {(7, "thuế quan thứ cấp"): "newly passing"}
    assert not result.breaks_translations


def test_a_change_the_translations_already_follow_leaves_them_unchanged(repo: Path):
    edit_glossary(repo, "en: rare earths", "en: rare earths\n    variants: [rare earth elements]")

    assert affected(repo) == {(10, "đất hiếm"): "unchanged", (13, "đất hiếm"): "unchanged"}


def test_removing_a_term_fixes_the_translations_that_broke_it(repo: Path):
    edit_glossary(repo, "  - vi: đất hiếm\n    en: rare earths\n    forbidden: [rare soil]\n", "")

    assert affected(repo) == {(10, "đất hiếm"): "unchanged", (13, "đất hiếm"): "newly passing"}


def test_removing_a_forbidden_form_alone_does_not_fix_a_missing_term(repo: Path):
    edit_glossary(repo, "    forbidden: [rare soil]\n", "")

    assert affected(repo) == {(10, "đất hiếm"): "unchanged", (13, "đất hiếm"): "unchanged"}


def test_an_added_term_breaks_translations_that_do_not_follow_it(repo: Path):
    edit_glossary(repo, "  - vi: Nga\n", "  - vi: Trung Quốc\n    en: China\n  - vi: kiểm soát\n    en: dominates\n  - vi: Nga\n")

    assert affected(repo) == {(13, "Trung Quốc"): "unchanged", (13, "kiểm soát"): "newly failing"}


def test_a_longer_added_term_that_covers_a_shorter_one_reports_both(repo: Path):
    edit_glossary(repo, "  - vi: Nga\n", "  - vi: trữ lượng đất hiếm\n    en: rare earth deposits\n  - vi: Nga\n")

    rows = affected(repo)

    assert rows[(10, "trữ lượng đất hiếm")] == "newly failing"
    assert rows[(10, "trữ lượng")] == "unchanged"  # no longer checked on its own: it neither fails nor passes anew


HOLDING = [
    # (edit, expected affected entries): a failing entry is one with a finding at error severity
    (("en: secondary tariffs", "en: secondary tariffs\n    strictness: advisory"),
     {(7, "thuế quan thứ cấp"): "newly passing"}),  # lacking an advisory term is only a warning
    (("en: rare earths\n", "en: rare earths\n    strictness: forbidden-only\n"),
     {(10, "đất hiếm"): "unchanged", (13, "đất hiếm"): "unchanged"}),  # 'rare soil' is still forbidden
    (("en: secondary tariffs", "en: secondary tariffs\n    strictness: forbidden-only"),
     {(7, "thuế quan thứ cấp"): "newly passing"}),
]


@pytest.mark.parametrize("edit, expected", HOLDING, ids=["advisory", "forbidden-only keeps forbidden", "forbidden-only"])
def test_how_strictly_a_term_is_held_decides_which_translations_fail(repo: Path, edit, expected):
    edit_glossary(repo, *edit)

    assert affected(repo) == expected


def test_making_an_advisory_term_required_breaks_the_translations_that_lack_it(repo: Path):
    edit_glossary(repo, "en: secondary tariffs", "en: secondary tariffs\n    strictness: advisory")
    commit_all(repo, "advisory")
    edit_glossary(repo, "    strictness: advisory\n", "")

    result = diff_glossaries(cwd=repo)

    assert affected(repo) == {(7, "thuế quan thứ cấp"): "newly failing"}
    assert "    strictness: advisory → required" in render_text(result)


def test_untranslated_entries_and_entries_without_a_changed_term_are_not_affected(repo: Path):
    edit_glossary(repo, "en: reserves", "en: deposits")

    lines = {a.line for a in diff_glossaries(cwd=repo).affected}

    assert 19 not in lines  # "Trữ lượng của Nga." has no translation yet
    assert 16 not in lines  # "Giá dầu tăng." has no glossary term


def test_translations_can_be_named_and_default_to_the_translations_folder(repo: Path):
    edit_glossary(repo, "en: reserves", "en: deposits")
    shutil.move(repo / "translations" / "article.po", repo / "elsewhere.po")

    with pytest.raises(Exception, match="no PO catalogs"):
        diff_glossaries(cwd=repo, translations=["translations"])
    assert diff_glossaries(cwd=repo).affected == ()  # an empty default folder: nothing to check
    assert len(diff_glossaries(cwd=repo, translations=["elsewhere.po"]).affected) == 1


# --- rendering ----------------------------------------------------------------------------------------

def mixed_change(repo: Path) -> None:
    """One translation breaks (reserves → deposits), one is fixed (a variant), one term added."""
    edit_glossary(repo, "en: reserves", "en: deposits")
    edit_glossary(repo, "en: secondary tariffs", "en: secondary tariffs\n    variants: [secondary duties]")
    edit_glossary(repo, "  - vi: Nga\n", "  - vi: Trung Quốc\n    en: China\n  - vi: Nga\n")


def test_json_follows_the_contract(repo: Path):
    mixed_change(repo)

    data = json.loads(render_json(diff_glossaries(cwd=repo)))

    assert set(data) == {"added", "removed", "changed", "affected"}
    assert data["added"] == [{"vi": "Trung Quốc", "en": "China", "file": "glossary/rare_earths.yaml"}]
    assert {c["vi"]: c["fields"] for c in data["changed"]} == {
        "thuế quan thứ cấp": {"variants": [[], ["secondary duties"]]},
        "trữ lượng": {"en": ["reserves", "deposits"]},
    }
    assert data["affected"][0] == {
        "file": "translations/article.po", "line": 10, "source": "Nga có trữ lượng đất hiếm lớn.",
        "term": "trữ lượng", "old_ok": True, "new_ok": False,
    }
    assert all(set(row) == {"file", "line", "source", "term", "old_ok", "new_ok"} for row in data["affected"])


def test_markdown_puts_newly_failing_first_then_newly_passing(repo: Path):
    mixed_change(repo)

    markdown = render_markdown(diff_glossaries(cwd=repo))

    failing = markdown.index("Translations that now fail")
    passing = markdown.index("Translations that now pass")
    changed = markdown.index("Changed terms")
    assert failing < passing < changed
    assert ("| `translations/article.po:10` | trữ lượng | 'trữ lượng' must be translated as 'deposits' "
            "| Nga có trữ lượng đất hiếm lớn. | Russia has large rare earth reserves. |") in markdown
    assert "| trữ lượng | preferred English | reserves | deposits | `glossary/rare_earths.yaml` |" in markdown


def test_long_cells_are_cut_at_a_word_in_markdown_but_whole_in_json(repo: Path):
    long_source = "Nga có trữ lượng " + "rất lớn " * 40 + "."
    catalog = repo / "translations" / "article.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("Nga có trữ lượng đất hiếm lớn.", long_source), encoding="utf-8")
    edit_glossary(repo, "en: reserves", "en: deposits")

    result = diff_glossaries(cwd=repo)

    cell = next(line for line in render_markdown(result).splitlines() if "article.po:10" in line).split(" | ")[3]
    assert cell.endswith("rất lớn…") and len(cell) <= 100
    assert json.loads(render_json(result))["affected"][0]["source"] == long_source


def test_markdown_escapes_table_cells(repo: Path):
    edit_glossary(repo, "en: reserves", "en: reserves | stocks")

    markdown = render_markdown(diff_glossaries(cwd=repo))

    assert "reserves \\| stocks" in markdown


def test_text_lists_changes_and_affected_entries(repo: Path):
    mixed_change(repo)

    text = render_text(diff_glossaries(cwd=repo))

    assert "+ Trung Quốc → China  (glossary/rare_earths.yaml)" in text
    assert "    preferred English: reserves → deposits" in text
    assert ("newly failing (1):\n  translations/article.po:10: [trữ lượng] Russia has large rare earth reserves.\n"
            "      now: 'trữ lượng' must be translated as 'deposits'") in text
    assert "fixed: 'thuế quan thứ cấp' must be translated as 'secondary tariffs'" in text


def test_no_change_says_so(repo: Path):
    result = diff_glossaries(cwd=repo)

    assert result.changes == () and not result.breaks_translations
    assert "no term changes" in render_text(result)
    assert "No term changes." in render_markdown(result)
