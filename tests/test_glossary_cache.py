"""The compiled glossary: a file parsed once is read back from the cache, equal in every field."""

import json
import os
from pathlib import Path

import pytest

from vi_en_toolkit import glossary_cache
from vi_en_toolkit.errors import GlossaryError
from vi_en_toolkit.glossary import (
    Glossary,
    Term,
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
    """The compiled glossary files' entries (not the digests and segmenter pairs kept beside them)."""
    return sorted(p for p in folder.glob("*.json") if "-" not in p.stem) if folder.exists() else []


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


def test_lint_reads_clean_files_from_the_cache_and_reports_the_same(tmp_path, cache, monkeypatch):
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "a.yaml").write_text(GLOSSARY, encoding="utf-8")
    (folder / "b.yaml").write_text("terms:\n  - vi: Nga\n    en: Russian Federation\n", encoding="utf-8")  # a conflict
    (folder / "c.yaml").write_text("terms:\n  - vi: đất hiếm\n    colour: red\n", encoding="utf-8")  # a schema problem
    monkeypatch.setenv("VI_EN_CACHE", "off")
    parsed = lint_glossary([folder])
    monkeypatch.delenv("VI_EN_CACHE")
    cold, warm = lint_glossary([folder]), lint_glossary([folder])
    assert parsed.problems and {p.code for p in parsed.problems} >= {"schema", "conflict"}
    assert cold == warm == parsed
    assert len(entries(cache)) == 2  # the clean files only


@pytest.mark.parametrize("damage", ["", "{not json", '{"a": 1}', "[[1, 2]]", '[["vi", "en", 3]]', "[1]"])
def test_a_damaged_cache_entry_is_passed_over(tmp_path, cache, damage):
    file = tmp_path / "terms.yaml"
    file.write_text(GLOSSARY, encoding="utf-8")
    parsed = load_glossary(file).terms
    for entry in entries(cache):
        entry.write_text(damage, encoding="utf-8")
    assert load_glossary(file).terms == parsed



@pytest.mark.parametrize("replace", [os.mkfifo, lambda path: path.symlink_to("/dev/zero")], ids=["fifo", "endless device"])
def test_a_cache_file_that_is_not_a_regular_file_is_passed_over(tmp_path, cache, replace):
    """Neither waited on (a FIFO) nor read without end (/dev/zero): every cache file, digest and segmenter's too."""
    file = tmp_path / "terms.yaml"
    file.write_text(GLOSSARY, encoding="utf-8")
    glossary = load_glossary(file)
    parsed, digest = glossary.terms, glossary.digest
    glossary.find_terms("Giá hàng hóa tăng.")  # the segmenter's pairs kept too, where underthesea is installed
    kept = list(cache.rglob("*.json"))
    for path in kept:
        path.unlink()
        replace(path)
    again = load_glossary(file)
    assert kept and again.terms == parsed and again.digest == digest

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


# --- English word forms kept with the terms, so a cached glossary needs no lemminflect -----------

@pytest.fixture
def fresh_word_forms(monkeypatch):
    """word_forms with nothing remembered and nothing in its lru cache, before and after."""
    from vi_en_toolkit import glossary

    monkeypatch.setattr(glossary, "_STORED_WORD_FORMS", {False: {}, True: {}})
    glossary.word_forms.cache_clear()
    yield glossary
    glossary.word_forms.cache_clear()


def no_lemminflect():
    pytest.fail("lemminflect loaded for a word the compiled glossary holds")


def test_a_cached_glossary_answers_its_word_forms_without_lemminflect(tmp_path, cache, fresh_word_forms, monkeypatch):
    glossary = fresh_word_forms
    file = tmp_path / "terms.yaml"
    file.write_text(GLOSSARY, encoding="utf-8")
    questions = sorted(glossary.words_to_inflect(load_glossary(file).terms))
    from_lexicon = [glossary.word_forms(word, name) for word, name in questions]

    monkeypatch.setattr(glossary, "_STORED_WORD_FORMS", {False: {}, True: {}})
    glossary.word_forms.cache_clear()
    monkeypatch.setattr(glossary, "_lemminflect", no_lemminflect)
    load_glossary(file)
    assert [glossary.word_forms(word, name) for word, name in questions] == from_lexicon
    assert ("earths", False) in questions and ("Russia", True) in questions and ("soil", False) in questions


def test_the_projects_word_forms_from_the_cache_are_lemminflects(cache, fresh_word_forms, monkeypatch):
    glossary = fresh_word_forms
    load_glossary(ROOT / "glossary")  # fills the cache
    monkeypatch.setattr(glossary, "_STORED_WORD_FORMS", {False: {}, True: {}})
    load_glossary(ROOT / "glossary")  # reads it
    questions = [(word, name) for name, words in glossary._STORED_WORD_FORMS.items() for word in words]
    assert len(questions) > 100
    from_the_cache = {question: glossary.word_forms(*question) for question in questions}
    glossary.word_forms.cache_clear()
    monkeypatch.setattr(glossary, "_STORED_WORD_FORMS", {False: {}, True: {}})
    assert {question: glossary.word_forms(*question) for question in questions} == from_the_cache


@pytest.mark.parametrize("question, forms", [
    (("tariff", False), ("tariff", "tariffs")),
    (("assaulted", False), ("assaulted", "assault", "assaults", "assaulting")),
    (("North Korean", True), ("North Korean",)),  # not a single word: as written
    (("Korean", True), ("Korean", "Koreans")),
])
def test_a_word_not_in_the_compiled_glossary_still_goes_to_lemminflect(fresh_word_forms, question, forms):
    assert set(fresh_word_forms.word_forms(*question)) == set(forms)


@pytest.mark.parametrize("stamp", ["_lemminflect_files", "_own_files"], ids=["lemminflect", "vi-en's parser"])
def test_another_lemminflect_install_or_an_edited_parser_misses_the_cache(tmp_path, cache, monkeypatch, stamp):
    file = tmp_path / "terms.yaml"
    file.write_text(GLOSSARY, encoding="utf-8")
    load_glossary(file)
    monkeypatch.setattr(glossary_cache, stamp, lambda: "other files on disk")
    parsed = []
    from vi_en_toolkit import glossary

    real_parse = glossary.parse_glossary_text
    monkeypatch.setattr(glossary, "parse_glossary_text", lambda *a: parsed.append(a) or real_parse(*a))
    assert len(load_glossary(file)) == 3 and len(parsed) == 1
    assert len(entries(cache)) == 2


@pytest.mark.parametrize("forms", ['"x"', '[]', '{"soil": ["soils"]}', '{"soil": 1}', '{"soil": null}'])
def test_damaged_word_forms_are_passed_over_and_rebuilt(tmp_path, cache, forms, fresh_word_forms):
    file = tmp_path / "terms.yaml"
    file.write_text(GLOSSARY, encoding="utf-8")
    parsed = load_glossary(file).terms
    [entry] = entries(cache)
    written = json.loads(entry.read_text(encoding="utf-8"))
    assert written["forms"]["soil"] == "soils soiled soiling" and written["name_forms"]["Russia"] == "Russias"
    entry.write_text(json.dumps({**written, "forms": json.loads(forms)}), encoding="utf-8")
    assert load_glossary(file).terms == parsed
    assert json.loads(entry.read_text(encoding="utf-8")) == written  # written afresh


# --- rows made into terms on first use; the digest kept per set of files -----------------------------

EVERY_FIELD = GLOSSARY + """\
  - vi: tổng thống
    en: President
    title: true
    forbidden: [chairman]
"""


def test_every_field_comes_back_from_a_row(tmp_path, cache):
    file = tmp_path / "terms.yaml"
    file.write_text(EVERY_FIELD, encoding="utf-8")
    parsed = load_glossary(file).terms
    cached = load_glossary(file).terms
    assert [(t, t.file, t.line) for t in cached] == [(t, t.file, t.line) for t in parsed]
    assert {type(v) for t in cached for v in (t.variants, t.forbidden, t.not_in)} == {tuple}


def test_a_cached_glossary_makes_only_the_terms_a_text_holds(tmp_path, cache):
    file = tmp_path / "terms.yaml"
    file.write_text(EVERY_FIELD, encoding="utf-8")
    load_glossary(file)
    glossary = load_glossary(file)
    assert [m.term.en for m in glossary.find_terms("Nga bán đất hiếm.")] == ["Russia", "rare earths"]
    assert sorted(t.en for t in glossary._items if isinstance(t, Term)) == ["Russia", "rare earths"]
    assert len(glossary) == 4 and glossary.lookup("tổng thống").title


VALID_ENTRY = {"vi": ["đất hiếm"], "en": ["rare earths"], "line": [2], "key": [None], "other": {}, "forms": {},
               "name_forms": {}}


@pytest.mark.parametrize("damage", [
    {"vi": ["đất hiếm", "tấn"]},  # columns of different lengths
    {"line": ["2"]},  # a line that is no number
    {"vi": [1]},
    {"key": [3]},
    {"other": {"variants": {"0": "rare earth"}}},
    {"other": {"variants": {"0": [1]}}},
    {"other": {"colour": {"0": "red"}}},
    {"other": {"title": {}}},
    {"other": {"title": {"7": True}}},  # no such term
    {"other": {"title": {"x": True}}},
    {"other": {"title": {"0": 1}}},
    {"other": {"title": {"0": "yes"}}},
    {"other": {"note": {"0": True}}},
    {"other": []},
])
def test_a_damaged_row_is_passed_over_and_the_file_parsed(tmp_path, cache, damage):
    file = tmp_path / "terms.yaml"
    file.write_text(GLOSSARY, encoding="utf-8")
    parsed = load_glossary(file).terms
    [entry] = entries(cache)
    entry.write_text(json.dumps({**VALID_ENTRY, **damage}), encoding="utf-8")
    assert load_glossary(file).terms == parsed


def test_the_digest_of_several_cached_files_is_the_digest_of_their_terms(tmp_path, cache):
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "a.yaml").write_text(GLOSSARY, encoding="utf-8")
    (folder / "b.yaml").write_text("terms:\n  - vi: bán\n    en: sell\n  - vi: Bắc Kinh\n    en: Beijing\n", encoding="utf-8")
    terms = [t for f in sorted(folder.glob("*.yaml")) for t in read_glossary_file(f)[0]]
    expected = Glossary(terms).digest
    assert [load_glossary(folder).digest for _ in range(3)] == [expected] * 3
    for stored in cache.glob("digest-*.json"):
        stored.write_text('{"digest": 5}', encoding="utf-8")  # damaged: computed again
    assert load_glossary(folder).digest == expected
    (folder / "b.yaml").write_text("terms:\n  - vi: bán\n    en: sell\n", encoding="utf-8")
    assert load_glossary(folder).digest == Glossary(terms[:-1]).digest


def test_the_entry_the_damage_table_starts_from_is_read_as_it_is(tmp_path, cache, monkeypatch):
    file = tmp_path / "terms.yaml"
    file.write_text("terms:\n  - vi: đất hiếm\n    en: rare earths\n", encoding="utf-8")
    parsed = load_glossary(file).terms
    [entry] = entries(cache)
    entry.write_text(json.dumps({**VALID_ENTRY, "en": ["rare-earth elements"]}), encoding="utf-8")
    monkeypatch.setattr("vi_en_toolkit.glossary.parse_glossary_text", lambda *a: pytest.fail("parsed YAML again"))
    [term] = load_glossary(file).terms
    assert (term.vi, term.en, term.line) == (parsed[0].vi, "rare-earth elements", 2)
