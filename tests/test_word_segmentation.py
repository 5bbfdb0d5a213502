"""What the word segmenter keeps in the cache folder: its syllable pairs and its answers, the same
as the model gives, and passed over when damaged."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sample_article import ARTICLE, REPO

from vi_en_toolkit import word_segmentation
from vi_en_toolkit.glossary import Glossary, Term, load_glossary

pytestmark = pytest.mark.skipif(not word_segmentation.available(), reason="underthesea is not installed")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("VI_EN_CACHE_DIR", str(folder))
    monkeypatch.delenv("VI_EN_CACHE", raising=False)
    for cached in (word_segmentation._doubtful_pairs, word_segmentation._known_answers):
        cached.cache_clear()
    monkeypatch.setattr(word_segmentation, "_new_answers", {})
    yield folder
    for cached in (word_segmentation._doubtful_pairs, word_segmentation._known_answers):
        cached.cache_clear()


def built_pairs():
    return frozenset(
        f"{a} {b}" for word in word_segmentation._dictionary(word_segmentation._model_folder()) if " " in word
        for a, b in word_segmentation._neighbours(word.lower().split(" "))
    )


def test_the_kept_pairs_are_the_dictionarys(cache):
    first = word_segmentation._doubtful_pairs()
    [kept] = cache.glob("segmenter-pairs-*.json")
    word_segmentation._doubtful_pairs.cache_clear()
    assert word_segmentation._doubtful_pairs() == first == built_pairs()
    assert "thông tấn" in first and ("hóa phẩm" in first or "hoá phẩm" in first)
    assert kept.exists()


@pytest.mark.parametrize("damage", ["", "{", '{"pairs": 3}', '{"pairs": ""}', "[]", '{"pairs": "thông tấn"}',
                                    '{"pairs": "thông tấn\\ntấn xã", "count": 73000}'])
def test_damaged_pairs_are_built_again(cache, damage):
    word_segmentation._doubtful_pairs()
    [kept] = cache.glob("segmenter-pairs-*.json")
    kept.write_text(damage, encoding="utf-8")
    word_segmentation._doubtful_pairs.cache_clear()
    assert word_segmentation._doubtful_pairs() == built_pairs()


WINDOWS = ["có nhiều gian hàng hóa phẩm", "Thông tấn xã Việt Nam", "về hợp tác kinh tế và đầu tư", "Các nước Trung Mỹ họp"]


def test_the_kept_answers_are_the_models(cache):
    asked = [word_segmentation._word_starts(window) for window in WINDOWS]
    word_segmentation._keep_answers()  # as at exit
    [kept] = cache.glob("segmenter-answers-*.json")
    word_segmentation._known_answers.cache_clear()
    segmenter = word_segmentation._segmenter()
    assert [list(segmenter.starts(tuple(window.split()))) for window in WINDOWS] == asked
    assert set(json.loads(kept.read_text(encoding="utf-8"))["answers"]) == set(WINDOWS)


def test_a_kept_answer_is_used_without_the_model(cache, monkeypatch):
    word_segmentation._word_starts(WINDOWS[0])
    word_segmentation._keep_answers()
    word_segmentation._known_answers.cache_clear()
    monkeypatch.setattr(word_segmentation, "_segmenter", lambda: pytest.fail("the tagger was asked again"))
    assert word_segmentation._word_starts(WINDOWS[0]) == [True, True, True, False, True, False]


@pytest.mark.parametrize("damage", ["", "{", '{"answers": 3}', '{"answers": {"a b": 1}}'])
def test_damaged_answers_are_passed_over(cache, damage):
    word_segmentation._word_starts(WINDOWS[1])
    word_segmentation._keep_answers()
    [kept] = cache.glob("segmenter-answers-*.json")
    kept.write_text(damage, encoding="utf-8")
    word_segmentation._known_answers.cache_clear()
    assert word_segmentation._word_starts(WINDOWS[1]) == [True, False, False, True, False]


def test_without_the_cache_nothing_is_kept(cache, monkeypatch):
    monkeypatch.setenv("VI_EN_CACHE", "off")
    assert word_segmentation._doubtful_pairs() == built_pairs()
    word_segmentation._word_starts(WINDOWS[2])
    word_segmentation._keep_answers()
    assert not cache.exists()


# --- a glossary's pairs ------------------------------------------------------------------------
# A loaded glossary (its digest known) asks only for the pairs its keys can meet; its matches must
# be exactly those the dictionary's every pair gives.

BOUNDARY_TEXTS = WINDOWS + ["Khu chợ có gian hàng hóa phẩm.", "Giá hàng hóa tăng mạnh", "đất hiếm của Nga và Mỹ"]


def texts():
    return BOUNDARY_TEXTS + ARTICLE.read_text(encoding="utf-8").splitlines()


def spans(glossary, text):
    return [(start, end, term.vi) for start, end, term in glossary.term_spans(text)]


@pytest.fixture
def fresh_glossary_pairs(cache, monkeypatch):
    monkeypatch.setattr(word_segmentation, "_glossary_pairs_known", {})
    return cache


def test_a_glossarys_pairs_are_the_dictionary_pairs_its_keys_can_meet(fresh_glossary_pairs):
    glossary = load_glossary(REPO / "glossary")
    keys = list(glossary._by_key)
    kept = word_segmentation.doubtful_pairs(keys, glossary.digest)
    firsts = {key.split()[0] for key in keys}
    lasts = {key.split()[-1] for key in keys}
    assert kept == {p for p in built_pairs() if p.split(" ")[1] in firsts or p.split(" ")[0] in lasts}
    assert 0 < len(kept) < len(built_pairs())
    assert len(list(fresh_glossary_pairs.glob("segmenter-glossary-pairs-*.txt"))) == 1
    word_segmentation._glossary_pairs_known.clear()
    assert word_segmentation.doubtful_pairs(keys, glossary.digest) == kept  # read back from the file


def test_a_glossary_matches_the_same_with_its_pairs_as_with_all(fresh_glossary_pairs):
    loaded = load_glossary(REPO / "glossary")  # digest known: its own pairs
    built = Glossary(list(loaded.terms))  # digest not known yet: every pair
    assert loaded._digest is not None and built._digest is None
    for text in texts():
        assert spans(loaded, text) == spans(built, text), text


@pytest.mark.parametrize("damage", [b"", "x\nthông tấn".encode(), "5\nthông tấn\ntấn xã".encode(), b"3\n\xff\xfe"])
def test_damaged_glossary_pairs_are_made_again(fresh_glossary_pairs, damage):
    glossary = Glossary([Term("hàng hóa", "goods"), Term("tấn", "tonne")])
    first = word_segmentation.doubtful_pairs(list(glossary._by_key), glossary.digest)
    [stored] = fresh_glossary_pairs.glob("segmenter-glossary-pairs-*.txt")
    stored.write_bytes(damage)
    word_segmentation._glossary_pairs_known.clear()
    assert word_segmentation.doubtful_pairs(list(glossary._by_key), glossary.digest) == first
    assert "gian hàng" in first and "tấn xã" in first and "thông tấn" in first


def test_without_the_cache_a_glossary_asks_every_pair(fresh_glossary_pairs, monkeypatch):
    monkeypatch.setenv("VI_EN_CACHE", "off")
    glossary = Glossary([Term("hàng hóa", "goods")])
    assert word_segmentation.doubtful_pairs(list(glossary._by_key), glossary.digest) == built_pairs()
    assert not fresh_glossary_pairs.exists()

_WORDS = st.lists(st.sampled_from(["gian", "hàng", "hóa", "phẩm", "thông", "tấn", "xã", "Việt", "Nam", "mới", "(giá", "tăng."]),
                  min_size=1, max_size=5)


@settings(max_examples=200, deadline=None)
@given(_WORDS, _WORDS, st.lists(st.sampled_from(["hàng", "hóa", "tấn"]), min_size=1, max_size=2), _WORDS, _WORDS)
def test_a_verdict_kept_for_a_window_is_the_one_the_window_gets_afresh(far_before, before, match, after, far_after):
    """splits_a_word keeps its verdicts by window: what lies outside the window does not change them."""
    near = " ".join(before) + " "
    text = " ".join(far_before) + " " + near + " ".join(match) + " " + " ".join(after) + " " + " ".join(far_after)
    start = len(" ".join(far_before)) + 1 + len(near)
    end = start + len(" ".join(match))
    word_segmentation._verdicts.clear()
    fresh = word_segmentation.splits_a_word(text, start, end)
    kept = word_segmentation.splits_a_word(text, start, end)
    other_start = len(near)  # the same words around the match, nothing far before or after
    other = near + " ".join(match) + " " + " ".join(after)
    word_segmentation._verdicts.clear()
    assert kept == fresh
    if len(before) >= 3 and len(after) >= 3:  # the whole window is in both texts
        assert word_segmentation.splits_a_word(other, other_start, other_start + end - start) == fresh
