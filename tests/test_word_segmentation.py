"""What the word segmenter keeps in the cache folder: its syllable pairs and its answers, the same
as the model gives, and passed over when damaged."""

import json

import pytest

from vi_en_toolkit import word_segmentation

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
