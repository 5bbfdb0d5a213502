"""The compiled glossary: a file parsed once is read back from the cache, equal in every field."""

from pathlib import Path

import pytest

from vi_en_toolkit import glossary_cache
from vi_en_toolkit.errors import GlossaryError
from vi_en_toolkit.glossary import (
    Glossary,
    lint_glossary,
    load_glossary,
    read_glossary_file,
)

ROOT = Path(__file__).parent.parent

GLOSSARY = """\
terms:
  - vi: đất hiếm
    en: rare earths
    variants: [rare earth elements]
    forbidden: [rare soil]
    note: "the 17 elements"
  - vi: tấn
    en: tonnes
    strictness: advisory
    not_in: [thông tấn]
  - vi: Nga
    en: Russia
    case_sensitive: true
"""


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("VI_EN_CACHE_DIR", str(folder))
    monkeypatch.delenv("VI_EN_CACHE", raising=False)
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.exists() else []


def test_a_second_load_reads_the_cache_and_gives_the_same_terms_with_file_and_line(tmp_path, cache, monkeypatch):
    file = tmp_path / "terms.yaml"
    file.write_text(GLOSSARY, encoding="utf-8")
    parsed = load_glossary(file).terms
    assert len(entries(cache)) == 1

    monkeypatch.setattr("vi_en_toolkit.glossary.parse_glossary_text", lambda *a: pytest.fail("parsed YAML again"))
    cached = load_glossary(file).terms
    assert cached == parsed
    assert [(t.file, t.line) for t in cached] == [(t.file, t.line) for t in parsed]


def test_the_projects_glossary_comes_back_equal_from_the_cache(cache):
    first = load_glossary(ROOT / "glossary")
    second = load_glossary(ROOT / "glossary")
    assert entries(cache) and second.terms == first.terms and second.digest == first.digest


def test_an_edited_file_is_parsed_again(tmp_path, cache):
    file = tmp_path / "terms.yaml"
    file.write_text(GLOSSARY, encoding="utf-8")
    load_glossary(file)
    file.write_text(GLOSSARY.replace("tonnes", "metric tons"), encoding="utf-8")
    assert load_glossary(file).lookup("tấn").en == "metric tons"


def test_a_file_with_problems_is_never_cached_so_lint_sees_them(tmp_path, cache):
    file = tmp_path / "terms.yaml"
    file.write_text("terms:\n  - vi: đất hiếm\n    colour: red\n", encoding="utf-8")
    with pytest.raises(GlossaryError):
        load_glossary(file)
    assert lint_glossary([file]).problems and not entries(cache)


@pytest.mark.parametrize("damage", ["", "{not json", '{"a": 1}', "[[1, 2]]", '[["vi", "en", 3]]', "[1]"])
def test_a_damaged_cache_entry_is_passed_over(tmp_path, cache, damage):
    file = tmp_path / "terms.yaml"
    file.write_text(GLOSSARY, encoding="utf-8")
    parsed = load_glossary(file).terms
    for entry in entries(cache):
        entry.write_text(damage, encoding="utf-8")
    assert load_glossary(file).terms == parsed


def test_an_unwritable_cache_folder_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("VI_EN_CACHE_DIR", str(blocker / "cache"))
    file = tmp_path / "terms.yaml"
    file.write_text(GLOSSARY, encoding="utf-8")
    assert len(load_glossary(file)) == 3


def test_the_digest_is_the_same_from_yaml_and_from_the_cache(tmp_path, cache):
    file = tmp_path / "terms.yaml"
    file.write_text(GLOSSARY, encoding="utf-8")
    from_yaml = Glossary([t for t in read_glossary_file(file)[0]]).digest
    assert load_glossary(file).digest == from_yaml and load_glossary(file).digest == from_yaml


def test_the_cache_can_be_turned_off(tmp_path, cache, monkeypatch):
    monkeypatch.setenv("VI_EN_CACHE", "off")
    file = tmp_path / "terms.yaml"
    file.write_text(GLOSSARY, encoding="utf-8")
    load_glossary(file)
    assert glossary_cache.cache_folder() is None and not entries(cache)
