import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vi_en_toolkit import vietnamese
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


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="oOuUaAeEyYhqxw _-" + "".join(key[0] for key in vietnamese._TONE_MOVES), max_size=12))
def test_the_tone_pattern_matches_what_the_alternation_of_its_syllable_ends_does(text):
    alternation = re.compile("(?:" + "|".join(sorted(vietnamese._TONE_MOVES)) + r")(?!\w)")
    assert [m.span() for m in vietnamese._TONE_MOVE_RE.finditer(text)] == [m.span() for m in alternation.finditer(text)]


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
        # a straight single quote closing a sentence, or opening the next one
        ("Bà gọi đó là 'bước ngoặt'. Sau đó bà đi.", ["Bà gọi đó là 'bước ngoặt'.", "Sau đó bà đi."]),
        ("Anh hỏi 'Có thật không?' Chị im lặng.", ["Anh hỏi 'Có thật không?'", "Chị im lặng."]),
        ("Trận đấu đã kết thúc. 'Tuyệt vời' là lời khen chung.",
         ["Trận đấu đã kết thúc.", "'Tuyệt vời' là lời khen chung."]),
        # ông./bà. end sentences: Vietnamese never abbreviates them
        ("Ngôi nhà là của ông. Nó rất cũ.", ["Ngôi nhà là của ông.", "Nó rất cũ."]),
        ("Mọi người đều quý bà. Bà sống ở Huế.", ["Mọi người đều quý bà.", "Bà sống ở Huế."]),
        # a quotation and its attribution are one sentence
        ("“Ai sẽ trả tiền?” ông hỏi.", ["“Ai sẽ trả tiền?” ông hỏi."]),
        ("“Ai sẽ trả tiền?” Ông Lâm hỏi. Không ai đáp.", ["“Ai sẽ trả tiền?” Ông Lâm hỏi.", "Không ai đáp."]),
        ("“Chúng tôi sẽ thắng.” Huấn luyện viên Park nói thêm.",
         ["“Chúng tôi sẽ thắng.” Huấn luyện viên Park nói thêm."]),
        ("“Giá sẽ tăng!” Bà Hoa cảnh báo.", ["“Giá sẽ tăng!” Bà Hoa cảnh báo."]),
        # ...but a sentence that only starts with the speaker is a new sentence
        ("“Chúng tôi sẽ thắng.” Ông nói rằng đội đã sẵn sàng.",
         ["“Chúng tôi sẽ thắng.”", "Ông nói rằng đội đã sẵn sàng."]),
        ("“Đủ rồi.” Ông nói thêm, mọi việc sẽ ổn.", ["“Đủ rồi.”", "Ông nói thêm, mọi việc sẽ ổn."]),
        # abbreviations: a case name, stacked academic titles, "No." before a number only
        ("Vụ Roe v. Wade được nhắc lại. Tòa im lặng.", ["Vụ Roe v. Wade được nhắc lại.", "Tòa im lặng."]),
        ("PGS.TS. Trần Minh giảng bài. Lớp đông.", ["PGS.TS. Trần Minh giảng bài.", "Lớp đông."]),
        ("Anh ấy đã ăn no. Sau đó ngủ.", ["Anh ấy đã ăn no.", "Sau đó ngủ."]),
        ("Bài hát No. 5 rất hay.", ["Bài hát No. 5 rất hay."]),
        # a one-letter word with a tone mark is a word (Ý: Italy), not an initial
        ("Trận đấu diễn ra tại Ý. Đội nhà thắng.", ["Trận đấu diễn ra tại Ý.", "Đội nhà thắng."]),
        # numbered items inside one sentence
        ("Có hai loại: 1. Đất hiếm nhẹ; 2. Đất hiếm nặng.", ["Có hai loại: 1. Đất hiếm nhẹ; 2. Đất hiếm nặng."]),
        ("1. Chuẩn bị hồ sơ. 2. Nộp hồ sơ.", ["1. Chuẩn bị hồ sơ.", "2. Nộp hồ sơ."]),
        # ...while a sentence that ends in a number still ends there
        ("Số người bị thương là 12. Cảnh sát đã đến.", ["Số người bị thương là 12.", "Cảnh sát đã đến."]),
    ],
)
def test_sentence_boundaries(text, expected):
    assert [s.text for s in segment(text)] == expected


@pytest.mark.parametrize(
    "separator",
    ["\u2028", "\u2029", "\u0085", "\r", "\x0b", "\x0c"],
    ids=["LINE SEPARATOR", "PARAGRAPH SEPARATOR", "NEXT LINE", "CR", "VT", "FF"],
)
def test_unicode_line_breaks_end_segments_and_never_reach_a_msgid(separator):
    text = f"Nga có mỏ{separator}và Mỹ thì không.\nĐất hiếm."
    segments = segment(text)
    assert [s.text for s in segments] == ["Nga có mỏ", "và Mỹ thì không.", "Đất hiếm."]
    assert [s.line for s in segments] == [1, 1, 2]  # line numbers count \n only, as editors do
    assert _reassemble(text, segments) == text


@pytest.mark.parametrize(
    "form",
    [
        unicodedata.normalize("NFD", "Ông Thoả nói. Trữ lượng lớn."),
        "Ông Thoả nói. Trữ lượng lớn.",
    ],
    ids=["NFD", "NFC"],
)
def test_segments_are_nfc_and_point_at_the_original_characters(form):
    segments = segment(form)
    assert [s.text for s in segments] == ["Ông Thoả nói.", "Trữ lượng lớn."]
    assert all(unicodedata.is_normalized("NFC", s.text) for s in segments)
    assert [unicodedata.normalize("NFC", form[s.start : s.end]) for s in segments] == [s.text for s in segments]


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
        pieces.append(text[s.start : s.end])
        position = s.end
    pieces.append(text[position:])
    return "".join(pieces)


vietnamese_text = st.text(
    alphabet=st.sampled_from(
        list("aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậ ĐNMT.,!?…:;\"“”'()–-%0123456789\n\t \u2028\u0085")
        + ["\u0302", "\u0301", "\u0323"]  # combining marks, as in NFD text
    ),
    max_size=300,
)


@settings(max_examples=300, deadline=None)
@given(vietnamese_text, st.booleans())
def test_segments_are_exact_slices_and_round_trip(text, markdown):
    segments = segment(text, markdown=markdown)
    assert _reassemble(text, segments) == text
    previous_end = 0
    for s in segments:
        # NFC of the slice; in Markdown a sentence may run over lines, its line breaks read as spaces
        slice_ = unicodedata.normalize("NFC", text[s.start : s.end])
        assert s.text == (re.sub(r"[ \t]*\n[ \t]*", " ", slice_) if markdown else slice_)
        assert s.text == s.text.strip() and s.text
        assert not set(s.text) & set("\n\r\u2028\u2029\u0085"), "no line break inside a segment"
        assert s.start >= previous_end
        previous_end = s.end
    if not markdown:
        bounds = [0] + [b for s in segments for b in (s.start, s.end)] + [len(text)]
        outside = "".join(text[a:b] for a, b in zip(bounds[::2], bounds[1::2]))
        assert outside.strip() == "", "only whitespace stands between segments"


def test_the_article_round_trips_byte_for_byte():
    text = ARTICLE.read_text(encoding="utf-8")
    assert _reassemble(text, segment(text)) == text
