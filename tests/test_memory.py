"""Translation memory: reviewed PO entries reused exactly (after folding) or as fuzzy matches,
and merging a run into a catalog without losing anything."""

from __future__ import annotations

import unicodedata

import polib
import pytest

from vi_en_toolkit.catalog import parse_catalog
from vi_en_toolkit.errors import CatalogError
from vi_en_toolkit.po_format import catalog_bytes
from vi_en_toolkit.memory import (
    MemoryEntry,
    TranslationMemory,
    default_memory_paths,
    is_reviewed,
    merge_catalog,
)

SENTENCE = "Nga sở hữu khoảng 3,8 triệu tấn đất hiếm."
ENGLISH = "Russia holds about 3.8 million tonnes of rare earths."


def memory_of(*pairs: tuple[str, str]) -> TranslationMemory:
    return TranslationMemory(MemoryEntry(vi, en, "memory.po", i + 1) for i, (vi, en) in enumerate(pairs))


def po_text(*entries: str) -> str:
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    return "\n".join([header, *entries])


# --- lookup ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "query",
    [
        SENTENCE,
        unicodedata.normalize("NFD", SENTENCE),  # decomposed input
        "Nga sở hữu  khoảng 3,8 triệu tấn\u00a0đất hiếm.",  # other spacing
    ],
    ids=["same", "nfd", "spacing"],
)
def test_exact_match_after_folding(query):
    match = memory_of((SENTENCE, ENGLISH)).lookup(query)
    assert match is not None and match.exact and match.similarity == 1.0
    assert match.entry.target == ENGLISH


def test_exact_match_with_the_other_tone_mark_placement():
    memory = memory_of(("Thỏa thuận khoáng sản đã được ký.", "The minerals deal was signed."))
    assert memory.exact("Thoả thuận khoáng sản đã được ký.").target == "The minerals deal was signed."


def test_a_case_difference_is_a_fuzzy_match_not_a_reuse():
    memory = memory_of(("Hợp tác khai thác đất hiếm", "Cooperation on rare earth mining"))
    assert memory.exact("Hợp Tác Khai Thác Đất Hiếm") is None
    match = memory.lookup("Hợp Tác Khai Thác Đất Hiếm")
    assert match is not None and not match.exact and match.similarity == 1.0


@pytest.mark.parametrize(
    "query, found",
    [
        ("Nga sở hữu khoảng 5,2 triệu tấn đất hiếm.", True),  # one figure changed
        ("Theo ước tính, Nga sở hữu khoảng 3,8 triệu tấn đất hiếm.", True),  # words added
        ("Trung Quốc kiểm soát 95% nguồn cung.", False),  # another sentence
    ],
)
def test_fuzzy_match_at_75_percent(query, found):
    match = memory_of((SENTENCE, ENGLISH)).lookup(query)
    assert (match is not None) is found
    if found:
        assert not match.exact and 0.75 <= match.similarity < 1.0
        assert match.entry.source == SENTENCE


def test_fuzzy_threshold_is_adjustable():
    memory = memory_of((SENTENCE, ENGLISH))
    query = "Theo ước tính, Nga sở hữu khoảng 3,8 triệu tấn đất hiếm."
    assert memory.fuzzy(query, threshold=0.99) is None
    assert memory.fuzzy(query, threshold=0.5) is not None


def test_fuzzy_picks_the_most_similar_entry():
    memory = memory_of(
        ("Nga sở hữu khoảng 28,7 triệu tấn kim loại.", "Russia holds about 28.7 million tonnes of metals."),
        (SENTENCE, ENGLISH),
    )
    assert memory.fuzzy("Nga sở hữu khoảng 3,9 triệu tấn đất hiếm.").entry.target == ENGLISH


def test_a_huge_segment_is_looked_up_quickly():
    memory = memory_of((SENTENCE, ENGLISH))
    assert memory.lookup("đất hiếm " * 120_000) is None


def test_empty_memory_finds_nothing():
    assert TranslationMemory().lookup(SENTENCE) is None


def test_only_reviewed_entries_are_memory(tmp_path):
    catalog = tmp_path / "article.en.po"
    catalog.write_text(
        po_text(
            'msgid "Câu đã duyệt."\nmsgstr "A reviewed sentence."\n',
            '#, fuzzy\nmsgid "Câu máy dịch."\nmsgstr "A machine sentence."\n',
            'msgid "Câu chưa dịch."\nmsgstr ""\n',
            '#~ msgid "Câu đã bỏ."\n#~ msgstr "A dropped sentence."\n',
        ),
        encoding="utf-8",
    )
    memory = TranslationMemory.from_paths([tmp_path])
    assert len(memory) == 1
    assert memory.exact("Câu đã duyệt.") == MemoryEntry("Câu đã duyệt.", "A reviewed sentence.", str(catalog), 5)
    for unreviewed in ("Câu máy dịch.", "Câu chưa dịch.", "Câu đã bỏ."):
        assert memory.exact(unreviewed) is None


def test_the_first_catalog_wins_for_a_repeated_source(tmp_path):
    (tmp_path / "a.po").write_text(po_text('msgid "Nga"\nmsgstr "Russia"\n'), encoding="utf-8")
    (tmp_path / "b.po").write_text(po_text('msgid "Nga"\nmsgstr "Russian Federation"\n'), encoding="utf-8")
    assert TranslationMemory.from_paths([tmp_path]).exact("Nga").target == "Russia"


def test_a_broken_catalog_in_memory_is_an_error_with_its_line(tmp_path):
    (tmp_path / "broken.po").write_text(po_text('msgid "Nga"\nmsgstr "Russia\n'), encoding="utf-8")
    with pytest.raises(CatalogError) as error:
        TranslationMemory.from_paths([tmp_path])
    assert error.value.file.endswith("broken.po") and error.value.line == 6


def test_default_memory_is_translations_po_of_the_folder(tmp_path):
    assert default_memory_paths(tmp_path) == []
    (tmp_path / "translations").mkdir()
    (tmp_path / "translations" / "b.po").touch()
    (tmp_path / "translations" / "a.po").touch()
    (tmp_path / "translations" / "a.vi.txt").touch()
    assert default_memory_paths(tmp_path) == [tmp_path / "translations" / "a.po", tmp_path / "translations" / "b.po"]


# --- merging a run into a catalog --------------------------------------------------------------

METADATA = {"Language": "en", "Content-Type": "text/plain; charset=UTF-8", "X-Generator": "vi-en test"}


def entry(msgid, msgstr, fuzzy=False, line=1, tcomment="", previous=None) -> polib.POEntry:
    return polib.POEntry(
        msgid=msgid,
        msgstr=msgstr,
        flags=["fuzzy"] if fuzzy else [],
        occurrences=[("article.vi.txt", str(line))],
        tcomment=tcomment,
        previous_msgid=previous,
    )


def reread(catalog: polib.POFile) -> polib.POFile:
    return parse_catalog(catalog_bytes(catalog), "c.po")


def test_merge_into_nothing_makes_a_catalog():
    catalog = merge_catalog(None, [entry("Một.", "One.", fuzzy=True), entry("Hai.", "Two.", line=2)], METADATA)
    assert [(e.msgid, e.msgstr, e.fuzzy) for e in catalog] == [("Một.", "One.", True), ("Hai.", "Two.", False)]
    assert catalog.metadata == METADATA


def test_merge_never_overwrites_a_reviewed_msgstr_and_keeps_its_comments():
    old = merge_catalog(None, [entry("Một.", "One, as the editor wrote it.", tcomment="checked by Lan")], METADATA)
    merged = merge_catalog(reread(old), [entry("Một.", "One (machine).", fuzzy=True, line=7)], METADATA)
    (kept,) = list(merged)
    assert kept.msgstr == "One, as the editor wrote it." and not kept.fuzzy
    assert kept.tcomment == "checked by Lan"
    assert kept.occurrences == [("article.vi.txt", "7")]  # occurrences follow the article


def test_merge_updates_an_unreviewed_entry_but_keeps_the_editors_comment():
    old = merge_catalog(
        None,
        [entry("Một.", "Old machine.", fuzzy=True, tcomment="ask the desk\nunenforced term: một -> one")],
        METADATA,
    )
    fresh = entry("Một.", "New machine.", fuzzy=True, tcomment="unenforced term: hai -> two")
    (merged,) = list(merge_catalog(reread(old), [fresh], METADATA))
    assert merged.msgstr == "New machine." and merged.fuzzy
    assert merged.tcomment == "ask the desk\nunenforced term: hai -> two"


def test_merge_marks_vanished_sources_obsolete_and_revives_them():
    old = reread(merge_catalog(None, [entry("Một.", "One."), entry("Hai.", "Two.", tcomment="note")], METADATA))
    without_two = reread(merge_catalog(old, [entry("Một.", "One.")], METADATA))
    assert [(e.msgid, e.obsolete) for e in without_two] == [("Một.", 0), ("Hai.", 1)]
    assert "#~ msgid \"Hai.\"" in without_two.__unicode__()
    back = merge_catalog(without_two, [entry("Một.", "One."), entry("Hai.", "Two (machine).", fuzzy=True)], METADATA)
    revived = back.find("Hai.")
    assert revived.msgstr == "Two." and not revived.obsolete and not revived.fuzzy and revived.tcomment == "note"


def test_merge_is_idempotent_byte_for_byte():
    fresh = [
        entry("Một.", "One.", fuzzy=True, previous="Mốt.", tcomment="unenforced term: một -> one"),
        entry("Hai.", "Two.", line=2),
    ]
    once = merge_catalog(reread(merge_catalog(None, [entry("Ba.", "Three.", fuzzy=True, previous="Bà.")], METADATA)),
                         fresh, METADATA)
    twice = merge_catalog(reread(once), fresh, METADATA)
    assert twice.__unicode__() == once.__unicode__()


def test_merge_keeps_the_header_of_an_unchanged_catalog():
    old = reread(merge_catalog(None, [entry("Một.", "One.")], {"Language": "en", "X-Generator": "old"}))
    same = merge_catalog(old, [entry("Một.", "One.")], METADATA)
    assert same.metadata["X-Generator"] == "old"
    changed = merge_catalog(old, [entry("Một.", "One."), entry("Hai.", "Two.")], METADATA)
    assert changed.metadata["X-Generator"] == "vi-en test"


def test_is_reviewed():
    assert is_reviewed(entry("Một.", "One."))
    assert not is_reviewed(entry("Một.", "One.", fuzzy=True))
    assert not is_reviewed(entry("Một.", ""))
