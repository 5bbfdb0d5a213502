import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vi_en_toolkit.vietnamese import (
    at_word_boundaries,
    fold,
    fold_with_offsets,
    has_vietnamese_letters,
    segment,
)

ARTICLE = Path(__file__).parent.parent / "translations" / "rare-earths-russia-us.vi.txt"


@pytest.mark.parametrize(
    "one, other",
    [
        ("hoà", "hòa"),
        ("thoả thuận", "thỏa thuận"),
        ("khoẻ", "khỏe"),
        ("quý", "qúy"),
        ("thuỷ", "thủy"),
        ("Hoà Bình", "hòa bình"),
        ("ĐẤT HIẾM", "đất hiếm"),
        ("Đất Hiếm", "đất hiếm"),
        (unicodedata.normalize("NFD", "trữ lượng"), "trữ lượng"),
        (unicodedata.normalize("NFD", "thoả thuận"), "thỏa thuận"),
    ],
)
def test_spellings_that_differ_only_in_form_fold_alike(one, other):
    assert fold(one) == fold(other)


@pytest.mark.parametrize(
    "one, other",
    [("hoàn", "hòan"), ("của", "cuả"), ("mỏ", "mo"), ("Nga", "Ngà")],
)
def test_different_words_stay_different(one, other):
    assert fold(one) != fold(other)


def test_folding_keeps_case_when_asked():
    assert fold("Thỏa", casefold=False) == "Thoả"


def test_offsets_lead_back_to_the_original_text():
    original = unicodedata.normalize("NFD", "Ông Trump và Đất Hiếm")
    folded, offsets = fold_with_offsets(original)
    start = folded.index("đất hiếm")
    end = start + len("đất hiếm")
    assert original[offsets[start] : offsets[end]] == unicodedata.normalize("NFD", "Đất Hiếm")


@pytest.mark.parametrize(
    "text, start, end, expected",
    [
        ("Nga và Mỹ", 0, 3, True),
        ("Ngan hàng", 0, 3, False),
        ("mỏng", 0, 2, False),
        ("các mỏ đang", 4, 6, True),
        ("(RDIF),", 1, 5, True),
    ],
)
def test_word_boundaries(text, start, end, expected):
    assert at_word_boundaries(text, start, end) is expected


def test_vietnamese_letters_are_recognised():
    assert has_vietnamese_letters("rare earths đất")
    assert has_vietnamese_letters("Thảo")
    assert not has_vietnamese_letters("Zelenskiy, Moscow and Beijing")


def test_the_article_splits_at_its_real_sentence_boundaries():
    segments = segment(ARTICLE.read_text(encoding="utf-8"))
    texts = [s.text for s in segments]
    assert len(segments) == 21
    assert texts[0].endswith("đang thu hút sự chú ý.")
    assert texts[1].startswith("Đây được xem là")
    assert texts[2] == "Nga – Mỹ Thảo Luận Về Hợp Tác Khai Thác Đất Hiếm"
    assert [s.text for s in segments if s.kind == "heading"] == [
        "Nga – Mỹ Thảo Luận Về Hợp Tác Khai Thác Đất Hiếm",
        "Trump – Zelenskiy Và Những Mâu Thuẫn Về Hợp Tác Khoáng Sản",
        "Trung Quốc Kiểm Soát 95% Sản Lượng Đất Hiếm Toàn Cầu",
        "Tương Lai Hợp Tác Nga – Mỹ Trong Ngành Đất Hiếm",
    ]
    # decimals and percentages do not end sentences
    assert any("khoảng 3,8 triệu tấn đất hiếm" in t for t in texts)
    assert any("từ 25% đến 50%" in t for t in texts)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ông A. Nguyễn đến. Bà B đi.", ["Ông A. Nguyễn đến.", "Bà B đi."]),
        ("Giá tăng 3,8%. Sau đó giảm.", ["Giá tăng 3,8%.", "Sau đó giảm."]),
        ("TP. Hồ Chí Minh đẹp. Hà Nội cũng vậy!", ["TP. Hồ Chí Minh đẹp.", "Hà Nội cũng vậy!"]),
        ("Mỹ (U.S.) và Nga. Xong.", ["Mỹ (U.S.) và Nga.", "Xong."]),
        ('Ông nói: "Không." Sau đó đi.', ['Ông nói: "Không."', "Sau đó đi."]),
        ("Có 1.000.000 tấn. Vậy thôi?", ["Có 1.000.000 tấn.", "Vậy thôi?"]),
        ("Nga – Mỹ hợp tác", ["Nga – Mỹ hợp tác"]),
    ],
)
def test_sentence_boundaries(text, expected):
    assert [s.text for s in segment(text)] == expected


def test_a_line_without_final_punctuation_is_a_heading():
    segments = segment("Đất Hiếm Toàn Cầu\nNga sở hữu trữ lượng lớn.")
    assert [s.kind for s in segments] == ["heading", "sentence"]
    assert [s.line for s in segments] == [1, 2]


def test_markdown_markers_stay_outside_segments():
    text = "# Đất hiếm\n\n- Nga có mỏ.\n> Trích dẫn."
    segments = segment(text, markdown=True)
    assert [s.text for s in segments] == ["Đất hiếm", "Nga có mỏ.", "Trích dẫn."]
    assert segments[0].kind == "heading"


def _reassemble(text, segments):
    """Segments and the text between them, in order."""
    pieces, position = [], 0
    for s in segments:
        pieces.append(text[position : s.start])
        pieces.append(s.text)
        position = s.end
    pieces.append(text[position:])
    return "".join(pieces)


vietnamese_text = st.text(
    alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậ ĐNMT.,!?…:;\"“”()–-%0123456789\n\t ")),
    max_size=300,
)


@settings(max_examples=300, deadline=None)
@given(vietnamese_text, st.booleans())
def test_segments_are_exact_slices_and_round_trip(text, markdown):
    segments = segment(text, markdown=markdown)
    assert _reassemble(text, segments) == text
    previous_end = 0
    for s in segments:
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.start >= previous_end
        previous_end = s.end
    if not markdown:
        outside = _reassemble(text, [s.__class__("", s.start, s.end, s.line, s.kind) for s in segments])
        assert outside.strip() == "", "only whitespace stands between segments"


def test_the_article_round_trips_byte_for_byte():
    text = ARTICLE.read_text(encoding="utf-8")
    assert _reassemble(text, segment(text)) == text
