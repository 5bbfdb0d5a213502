"""The translation pipeline as a library: input, memory, engine, enforcement, catalog update."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import polib
import pytest

from sample_article import ARTICLE, REPO, REVIEWED, reviewed_english
from engine_double import ScriptedEngine, codes_in
from unreadable_files import deny_opening

from vi_en_toolkit.catalog import read_catalog
from vi_en_toolkit.checks import terminology_findings
from vi_en_toolkit.errors import InputError, ModelError, SentenceTooLong
from vi_en_toolkit.glossary import Glossary, Term, load_glossary
from vi_en_toolkit.translate import read_source, translate_files


RARE_EARTHS = Term("đất hiếm", "rare earths")
RESERVES = Term("trữ lượng", "reserves")
RUSSIA = Term("Nga", "Russia", variants=("Russian",), case_sensitive=True)
SMALL_GLOSSARY = Glossary([RARE_EARTHS, RESERVES, RUSSIA])


@pytest.fixture(autouse=True)
def no_installed_model(tmp_path, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "no-packages"))


def machine(sentence: str) -> list[str]:
    """Engine double: 'MT(<codes>) <n> words', keeping any placeholder codes and copying figures."""
    codes = " ".join(codes_in(sentence))
    figures = " ".join(token for token in sentence.split() if any(c.isdigit() for c in token))
    return [f"MT {codes} {figures} {len(sentence.split())} words".replace("  ", " ")]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "content, message, line",
    [
        (b"", "empty file, nothing to translate", None),
        (b"  \n\n \t\n", "empty file, nothing to translate", None),
        ("Nga.\nĐất hiếm\n".encode("utf-8") + b"\xff\xfe\n", "not UTF-8 text (save the article as UTF-8)", 3),
        (b"PK\x03\x04\x00\x00", "binary file, not text", None),
    ],
    ids=["empty", "blank", "latin1", "binary"],
)
def test_unusable_input_is_one_error_naming_the_file(tmp_path, content, message, line):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        read_source(path)
    assert (error.value.message, error.value.file, error.value.line) == (message, str(path), line)


def test_missing_folder_and_unreadable_inputs(tmp_path, monkeypatch):
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_source(tmp_path)
    locked = write(tmp_path / "locked.txt", "Nga.")
    deny_opening(locked, monkeypatch)
    with pytest.raises(InputError, match="cannot read: Permission denied"):
        read_source(locked)


def test_byte_order_mark_is_not_part_of_the_first_sentence(tmp_path):
    source = read_source(write(tmp_path / "a.txt", "\ufeffNga mua đất hiếm."))
    assert source.segments[0].text == "Nga mua đất hiếm."


def test_markdown_markers_stay_outside_segments(tmp_path):
    source = read_source(write(tmp_path / "a.md", "# Đất hiếm\n\n- Nga mua đất hiếm.\n"))
    assert [s.text for s in source.segments] == ["Đất hiếm", "Nga mua đất hiếm."]


def test_standard_input(tmp_path):
    import io

    source = read_source("-", stdin=io.BytesIO("Nga mua đất hiếm.".encode()))
    assert source.name == "<stdin>" and source.segments[0].text == "Nga mua đất hiếm."


# --- the sample article from memory, no model ----------------------------------------------------

def test_sample_article_translates_from_memory_without_a_model(monkeypatch):
    monkeypatch.chdir(REPO)
    result = translate_files([ARTICLE])
    assert result.english == reviewed_english()
    assert result.count("machine") == 0


def test_decomposed_input_still_hits_the_memory(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    nfd = write(tmp_path / "nfd.txt", unicodedata.normalize("NFD", ARTICLE.read_text(encoding="utf-8")))
    assert translate_files([nfd]).english == reviewed_english()


@pytest.mark.parametrize("form", ["NFD", "NFC"])
def test_catalog_msgids_are_nfc_whatever_form_the_article_is_in(tmp_path, form):
    article = write(tmp_path / "a.vi.txt", unicodedata.normalize(form, "Ông Thoả nói.\n\nĐất hiếm – “mới”.\n"))
    catalog = tmp_path / "a.en.po"
    translate_files([article], catalog, glossary=Glossary(), use_memory=False, engine=ScriptedEngine(machine))
    msgids = [e.msgid for e in polib.pofile(str(catalog))]
    assert msgids == ["Ông Thoả nói.", "Đất hiếm – “mới”."]
    assert all(unicodedata.is_normalized("NFC", m) for m in msgids)


def test_without_a_model_a_new_sentence_is_one_error_with_the_count(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    article = write(tmp_path / "a.txt", ARTICLE.read_text(encoding="utf-8") + "\nMột câu hoàn toàn mới về kinh tế biển.")
    output = write(tmp_path / "a.en.txt", "previous English")
    with pytest.raises(ModelError) as error:
        translate_files([article], output)
    message = str(error.value)
    assert message.startswith("1 of 22 segments needs machine translation (not in the translation memory): ")
    assert "vi-en models install" in message and "--file" in message and "\n" not in message
    assert output.read_text() == "previous English"  # nothing written


def test_fuzzy_memory_match_becomes_a_fuzzy_entry_with_the_previous_source(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    changed = ARTICLE.read_text(encoding="utf-8").replace("khoảng 3,8 triệu tấn", "khoảng 4,1 triệu tấn")
    output = tmp_path / "out.po"
    result = translate_files([write(tmp_path / "a.vi.txt", changed)], output)
    assert result.count("fuzzy-memory") == 1 and result.count("machine") == 0
    (fuzzy,) = [e for e in polib.pofile(str(output)) if e.fuzzy]
    assert "4,1 triệu tấn" in fuzzy.msgid and "3,8 triệu tấn" in fuzzy.previous_msgid
    assert fuzzy.msgstr == polib.pofile(str(REVIEWED)).find(fuzzy.previous_msgid).msgstr
    assert [e.previous_msgid for e in read_catalog(output) if e.fuzzy] == [fuzzy.previous_msgid]


def test_no_memory_means_everything_is_machine_translated(monkeypatch):
    monkeypatch.chdir(REPO)
    engine = ScriptedEngine(machine)
    result = translate_files([ARTICLE], use_memory=False, engine=engine)
    assert result.count("machine") == 21 and engine.calls[0][0].startswith("Trong bối cảnh")


# --- machine translation with the glossary enforced ----------------------------------------------

def test_every_machine_entry_is_fuzzy_and_renders_or_names_each_term(tmp_path):
    """THE GUARANTEE, on the sample article and the project glossary, judged by `vi-en check`'s matcher."""
    glossary = load_glossary(REPO / "glossary")

    def half_copying(sentence):
        codes = codes_in(sentence)
        kept = codes[::2]  # every other placeholder comes back; the rest is lost
        return ["Unrelated words.", f"{' '.join(kept)} rare earth reserves Russia {len(sentence)}."]

    output = tmp_path / "article.en.po"
    translate_files([ARTICLE], output, glossary=glossary, use_memory=False, engine=ScriptedEngine(half_copying))
    catalog = polib.pofile(str(output))
    assert len(catalog) == 21
    restored = unenforced = 0
    for entry in catalog:
        assert entry.fuzzy
        named = {line for line in entry.tcomment.split("\n") if line}
        # every term check fails at error severity; an advisory term is never forced, nor named
        for finding in terminology_findings(entry.msgid, entry.msgstr, glossary):
            term = glossary.lookup(finding.term)
            if finding.severity != "error":
                assert f"unenforced term: {term.vi} -> {term.en}" not in named
                continue
            assert f"unenforced term: {term.vi} -> {term.en}" in named, (entry.msgid, finding.message)
        unenforced += len(named)
        restored += entry.msgstr.count("Putin") + entry.msgstr.count("Trump")
    assert restored > 0 and unenforced > 0  # both paths were taken


def test_names_and_terms_come_back_from_placeholders(tmp_path):
    def copying(sentence):
        return [" ".join(codes_in(sentence)) + " were discussed."] if codes_in(sentence) else ["Talks."]

    article = write(tmp_path / "a.vi.txt", "Nga có trữ lượng đất hiếm lớn.")
    result = translate_files([article], glossary=SMALL_GLOSSARY, use_memory=False, engine=ScriptedEngine(copying))
    assert result.english == "Russia reserves rare earths were discussed."
    assert result.translations["Nga có trữ lượng đất hiếm lớn."].unenforced == ()


def test_figures_the_model_copies_are_written_the_english_way(tmp_path):
    article = write(tmp_path / "a.vi.txt", "Nga có khoảng 3,8 triệu tấn và 1.000 mỏ.")
    result = translate_files([article], glossary=Glossary(), use_memory=False, engine=ScriptedEngine(machine))
    assert "3.8 triệu" not in result.english and "3.8" in result.english and "1,000" in result.english


class RefusingEngine(ScriptedEngine):
    """Refuses, before decoding anything, a batch holding a sentence it cannot take (as
    Translator refuses one of more pieces than its model takes)."""

    def __init__(self, respond, refuses):
        super().__init__(respond)
        self.refuses = refuses

    def translate_batch(self, sentences, *args, **kwargs):
        for index, sentence in enumerate(sentences):
            if self.refuses(sentence):
                raise SentenceTooLong("too long", index, len(sentence.split()), 1024)
        return super().translate_batch(sentences, *args, **kwargs)


@pytest.mark.parametrize(
    "text, refuses, decoded",
    [
        # the source itself: refused before any decoding
        ("Nga.\n" + "đất " * 2000 + "hiếm.", lambda s: len(s.split()) > 1024, 0),
        # only its protected form (placeholder codes can take more pieces than the term they hide),
        # which is the first of its batch but the second segment
        ("Xin chào.\nNga cần đất hiếm.\n", lambda s: bool(codes_in(s)), 1),
    ],
)
def test_segment_too_long_for_the_model_names_file_and_line(tmp_path, text, refuses, decoded):
    article = write(tmp_path / "a.vi.txt", text)
    engine = RefusingEngine(lambda s: ["It matters."], refuses)
    with pytest.raises(InputError) as error:
        translate_files([article], use_memory=False, engine=engine, glossary=SMALL_GLOSSARY)
    assert (error.value.file, error.value.line) == (str(article), 2)
    assert error.value.message.startswith("segment too long to translate (")
    assert error.value.message.endswith(" pieces, limit 1024): split it into sentences")
    assert len(engine.calls) == decoded


# --- outputs ---------------------------------------------------------------------------------------

def test_text_output_keeps_paragraphs_and_headings(tmp_path):
    article = write(tmp_path / "a.md", "# Đất hiếm\n\nNga có trữ lượng.  Nga có đất hiếm.\n\n- Trữ lượng\n")
    memory = write(
        tmp_path / "m.po",
        'msgid "Đất hiếm"\nmsgstr "Rare Earths"\n\nmsgid "Nga có trữ lượng."\nmsgstr "Russia has reserves."\n\n'
        'msgid "Nga có đất hiếm."\nmsgstr "Russia has rare earths."\n\nmsgid "Trữ lượng"\nmsgstr "Reserves"\n',
    )
    output = tmp_path / "a.en.md"
    translate_files([article], output, glossary=SMALL_GLOSSARY, memory=[memory])
    assert output.read_text(encoding="utf-8") == (
        "# Rare Earths\n\nRussia has reserves.  Russia has rare earths.\n\n- Reserves\n"
    )


def test_several_inputs_share_one_catalog(tmp_path):
    a = write(tmp_path / "a.vi.txt", "Nga mua đất hiếm.\nTrữ lượng lớn.")
    b = write(tmp_path / "b.vi.txt", "Trữ lượng lớn.")
    output = tmp_path / "both.en.po"
    result = translate_files([a, b], output, glossary=SMALL_GLOSSARY, use_memory=False, engine=ScriptedEngine(machine))
    catalog = polib.pofile(str(output))
    assert [e.occurrences for e in catalog] == [[("a.vi.txt", "1")], [("a.vi.txt", "2"), ("b.vi.txt", "1")]]
    assert result.english.count("\n\n") == 1  # one blank line between the articles


def test_output_must_not_overwrite_an_input(tmp_path):
    article = write(tmp_path / "a.txt", "Nga.")
    with pytest.raises(InputError, match="overwrite this input"):
        translate_files([article], article)
    assert article.read_text() == "Nga."


def test_unknown_output_type(tmp_path):
    with pytest.raises(InputError, match="unknown output type '.docx'"):
        translate_files([write(tmp_path / "a.txt", "Nga.")], tmp_path / "a.docx")


# --- updating a catalog ----------------------------------------------------------------------------

@pytest.fixture
def article(tmp_path) -> Path:
    return write(tmp_path / "a.vi.txt", "Nga có trữ lượng đất hiếm lớn.\nTrung Quốc kiểm soát nguồn cung.\nXin chào.")


def translate_into(catalog: Path, source: Path, engine=None):
    return translate_files([source], catalog, glossary=SMALL_GLOSSARY, use_memory=False,
                           engine=engine or ScriptedEngine(machine))


def test_same_input_twice_changes_nothing(tmp_path, article):
    catalog = tmp_path / "a.en.po"
    assert translate_into(catalog, article).written
    before, mtime = catalog.read_bytes(), catalog.stat().st_mtime_ns
    engine = ScriptedEngine(machine)
    again = translate_into(catalog, article, engine)
    assert not again.written and catalog.read_bytes() == before and catalog.stat().st_mtime_ns == mtime
    assert engine.calls == []  # unreviewed entries are kept for their editor, not re-translated


def test_hand_reviewed_entry_survives_retranslation(tmp_path, article):
    catalog = tmp_path / "a.en.po"
    translate_into(catalog, article)
    edited = polib.pofile(str(catalog), wrapwidth=0)
    entry = edited.find("Nga có trữ lượng đất hiếm lớn.")
    entry.msgstr, entry.flags, entry.tcomment = "Russia has large rare earth reserves.", [], "reviewed by Mai"
    edited.save(str(catalog))
    write(article, article.read_text(encoding="utf-8") + "\nMột câu mới.")

    result = translate_into(catalog, article)
    kept = polib.pofile(str(catalog)).find("Nga có trữ lượng đất hiếm lớn.")
    assert (kept.msgstr, kept.fuzzy, kept.tcomment) == ("Russia has large rare earth reserves.", False, "reviewed by Mai")
    assert result.english.startswith("Russia has large rare earth reserves.\n")
    assert polib.pofile(str(catalog)).find("Một câu mới.").fuzzy


def test_vanished_sources_become_obsolete(tmp_path, article):
    catalog = tmp_path / "a.en.po"
    translate_into(catalog, article)
    write(article, "Nga có trữ lượng đất hiếm lớn.")
    translate_into(catalog, article)
    entries = {e.msgid: e.obsolete for e in polib.pofile(str(catalog))}
    assert entries == {"Nga có trữ lượng đất hiếm lớn.": 0, "Trung Quốc kiểm soát nguồn cung.": 1, "Xin chào.": 1}
    assert '#~ msgid "Xin chào."' in catalog.read_text(encoding="utf-8")


def test_interrupted_write_leaves_the_old_catalog(tmp_path, article, monkeypatch):
    catalog = tmp_path / "a.en.po"
    translate_into(catalog, article)
    before = catalog.read_bytes()
    write(article, "Một bài hoàn toàn khác.")

    def crash(fd):
        raise KeyboardInterrupt  # the process dies between writing and renaming

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        translate_into(catalog, article)
    assert catalog.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["a.en.po", "a.vi.txt"]


def test_unreviewed_entry_is_reflagged_when_the_glossary_changes(tmp_path, article):
    catalog = tmp_path / "a.en.po"
    translate_files([article], catalog, glossary=Glossary(), use_memory=False, engine=ScriptedEngine(machine))
    assert "unenforced term" not in catalog.read_text(encoding="utf-8")
    translate_into(catalog, article)  # now with a glossary
    entry = polib.pofile(str(catalog)).find("Nga có trữ lượng đất hiếm lớn.")
    assert entry.tcomment.split("\n") == [
        "unenforced term: Nga -> Russia",
        "unenforced term: trữ lượng -> reserves",
        "unenforced term: đất hiếm -> rare earths",
    ]


def test_reviewed_memory_replaces_an_unreviewed_entry(tmp_path, article):
    catalog = tmp_path / "a.en.po"
    translate_into(catalog, article)
    memory = write(tmp_path / "desk.po", 'msgid "Xin chào."\nmsgstr "Hello."\n')
    translate_files([article], catalog, glossary=SMALL_GLOSSARY, memory=[memory], engine=ScriptedEngine(machine))
    entry = polib.pofile(str(catalog)).find("Xin chào.")
    assert entry.msgstr == "Hello." and not entry.fuzzy


def test_a_broken_output_catalog_is_an_error_and_is_not_overwritten(tmp_path, article):
    catalog = write(tmp_path / "a.en.po", 'msgid "Nga"\nmsgstr "Russia\n')
    with pytest.raises(Exception) as error:
        translate_into(catalog, article)
    assert error.value.file == str(catalog) and error.value.line == 2
    assert catalog.read_text() == 'msgid "Nga"\nmsgstr "Russia\n'


def test_a_title_rendered_by_its_name_is_not_flagged_after_figures_are_localized(tmp_path):
    """The flags of a machine translation are judged as `vi-en check` judges them, also when the
    English changed after enforcement (3,8 written 3.8): President dropped before Trump is fine."""
    glossary = Glossary([Term("tổng thống", "President", title=True), Term("tấn", "tonnes")])
    engine = ScriptedEngine(lambda sentence: ["Donald Trump said 3,8 million tonnes."])
    output = tmp_path / "out.po"
    translate_files([write(tmp_path / "a.vi.txt", "Tổng thống Donald Trump nói 3,8 triệu tấn.")], output,
                    glossary=glossary, use_memory=False, engine=engine)
    (entry,) = [e for e in polib.pofile(str(output)) if e.msgid]
    assert entry.msgstr == "Donald Trump said 3.8 million tonnes."
    assert "unenforced term" not in entry.tcomment
