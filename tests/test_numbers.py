from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from vi_en_toolkit import numbers
from vi_en_toolkit.numbers import (
    english_dates,
    english_figures,
    english_rendering,
    localize_figures,
    parse_english_number,
    parse_vietnamese_number,
    vietnamese_dates,
    vietnamese_figures,
)


def values(figures):
    return [(f.kind, f.value) for f in figures]


def D(text):
    return Decimal(text)


# --- number formats ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "token, value",
    [
        ("3,8", D("3.8")),
        ("28,7", D("28.7")),
        ("1.000", D("1000")),
        ("1.000.000", D("1000000")),
        ("1.234,56", D("1234.56")),
        ("95", D("95")),
        ("3.8", D("3.8")),  # English style in a Vietnamese text is still read
        ("2025", D("2025")),
    ],
)
def test_vietnamese_numbers(token, value):
    assert parse_vietnamese_number(token) == value


@pytest.mark.parametrize(
    "token, value",
    [("3.8", D("3.8")), ("1,000", D("1000")), ("1,000,000", D("1000000")), ("1,234.5", D("1234.5")),
     ("3,8", None), ("1.000.000", None), ("28,7", None)],
)
def test_english_numbers_and_what_english_does_not_write(token, value):
    assert parse_english_number(token) == value


# --- figures in text -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("khoảng 3,8 triệu tấn", [("number", D("3800000"))]),
        ("lên đến 28,7 triệu tấn", [("number", D("28700000"))]),
        ("1.000.000 người", [("number", D("1000000"))]),
        ("khoảng 95% sản lượng", [("percent", D("95"))]),
        ("tăng 5 phần trăm", [("percent", D("5"))]),
        ("từ 25% đến 50%", [("percent", D("25")), ("percent", D("50"))]),
        ("từ 25 đến 50%", [("percent", D("25")), ("percent", D("50"))]),
        ("25-50%", [("percent", D("25")), ("percent", D("50"))]),
        ("từ 3 đến 4 triệu USD", [("number", D("3000000")), ("number", D("4000000"))]),
        ("5 nghìn tấn, 7 ngàn tấn", [("number", D("5000")), ("number", D("7000"))]),
        ("2 tỷ USD, 3 tỉ USD", [("number", D("2000000000")), ("number", D("3000000000"))]),
        ("1.200 nghìn tỷ đồng", [("number", D("1200000000000000"))]),
        ("đứng thứ năm thế giới", [("ordinal", D("5"))]),
        ("lần thứ 3", [("ordinal", D("3"))]),
        ("hạng thứ nhất", [("ordinal", D("1"))]),
    ],
)
def test_vietnamese_figures(text, expected):
    assert values(vietnamese_figures(text)) == expected


@pytest.mark.parametrize("text", ["Covid-19", "nhóm G7", "tiêm kích Su-57"])
def test_names_with_digits_are_not_figures(text):
    assert vietnamese_figures(text) == []


@pytest.mark.parametrize("text", ["vào thứ năm tuần trước", "hôm thứ Năm", "ngày thứ hai", "thuế quan thứ cấp"])
def test_weekdays_and_thu_cap_are_not_ordinals(text):
    assert vietnamese_figures(text) == []


def test_dates_are_not_figures():
    assert vietnamese_figures("ngày 5/4/2025 và giữa tháng 4, năm 2025") == []
    assert english_figures("on 5 April 2025 and in mid-April, in 2025") == []


def test_vietnamese_number_words_only_when_asked():
    assert vietnamese_figures("giữa hai nước") == []
    assert values(vietnamese_figures("giữa hai nước", words=True)) == [("number", D("2"))]
    assert values(vietnamese_figures("hai mươi lăm người", words=True)) == [("number", D("25"))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("about 3.8 million tonnes", [("number", D("3800000"))]),
        ("3,800,000 tonnes", [("number", D("3800000"))]),
        ("1,000,000 people", [("number", D("1000000"))]),
        ("about 95% of output", [("percent", D("95"))]),
        ("95 percent, 95 per cent", [("percent", D("95")), ("percent", D("95"))]),
        ("25% to 50%", [("percent", D("25")), ("percent", D("50"))]),
        ("25 to 50 percent", [("percent", D("25")), ("percent", D("50"))]),
        ("25-50%", [("percent", D("25")), ("percent", D("50"))]),
        ("between 3 and 4 million", [("number", D("3000000")), ("number", D("4000000"))]),
        ("$3.8bn", [("number", D("3800000000"))]),
        ("the world's fifth-largest reserves", [("ordinal", D("5"))]),
        ("the 5th round", [("ordinal", D("5"))]),
        ("two countries", [("number", D("2"))]),
        ("twenty-five percent", [("percent", D("25"))]),
        ("Covid-19 and the G7", []),
        ("a $3.8m deal, €5m", [("number", D("3800000")), ("number", D("5000000"))]),
        ("a 5m wall", [("number", D("5"))]),  # metres here; 5 million is its other reading
        ("at 10am", [("time", D(10 * 3600))]),
        ("at 10:30", [("time", D(10 * 3600 + 30 * 60))]),
    ],
)
def test_english_figures(text, expected):
    assert values(english_figures(text)) == expected


def test_vietnamese_format_left_in_english_is_read_the_vietnamese_way_and_marked():
    [figure] = english_figures("could reach 28,7 million tonnes")
    assert figure.value == D("28700000") and figure.vietnamese_format
    [figure] = english_figures("1.000.000 people")
    assert figure.value == D("1000000") and figure.vietnamese_format
    [figure] = english_figures("28.7 million tonnes")
    assert not figure.vietnamese_format


def test_spelled_figures_are_marked():
    assert [f.spelled for f in english_figures("five reserves, 5 mines")] == [True, False]


@pytest.mark.parametrize(
    "text, rendering",
    [("3,8 triệu tấn", "3.8 million"), ("95%", "95%"), ("thứ năm", "5th"), ("1.000.000 người", "1,000,000"),
     ("28,7 triệu", "28.7 million"), ("2 tỷ", "2 billion")],
)
def test_english_rendering_of_a_vietnamese_figure(text, rendering):
    [figure] = vietnamese_figures(text)
    assert english_rendering(figure) == rendering


# --- dates ---------------------------------------------------------------------------------------

def dates(found):
    return [(d.day, d.month, d.year, d.part) for d in found]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("vào tháng 4", [(None, 4, None, None)]),
        ("vào giữa tháng 4 tại Saudi Arabia", [(None, 4, None, "mid")]),
        ("đầu tháng 4", [(None, 4, None, "early")]),
        ("cuối tháng Tư", [(None, 4, None, "late")]),
        ("ngày 5/4", [(5, 4, None, None)]),
        ("ngày 5/4/2025", [(5, 4, 2025, None)]),
        ("ngày 5 tháng 4 năm 2025", [(5, 4, 2025, None)]),
        ("tháng 4/2025", [(None, 4, 2025, None)]),
        ("năm 2025", [(None, None, 2025, None)]),
        ("tháng Giêng", [(None, 1, None, None)]),
        ("trong 4 tháng", []),
        ("tháng năm nay", []),
    ],
)
def test_vietnamese_dates(text, expected):
    assert dates(vietnamese_dates(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("in April", [(None, 4, None, None)]),
        ("in mid-April", [(None, 4, None, "mid")]),
        ("in the middle of April", [(None, 4, None, "mid")]),
        ("early April", [(None, 4, None, "early")]),
        ("on 5 April", [(5, 4, None, None)]),
        ("on April 5", [(5, 4, None, None)]),
        ("on April 5, 2025", [(5, 4, 2025, None)]),
        ("on 5 April 2025", [(5, 4, 2025, None)]),
        ("in April 2025", [(None, 4, 2025, None)]),
        ("in 2025", [(None, None, 2025, None)]),
        ("Sept. 3", [(3, 9, None, None)]),
        ("in May", [(None, 5, None, None)]),
        ("Russia may back out", []),
        ("May we go", []),
    ],
)
def test_english_dates(text, expected):
    assert dates(english_dates(text)) == expected


def test_date_description_is_english():
    assert vietnamese_dates("giữa tháng 4")[0].describe() == "mid-April"
    assert vietnamese_dates("ngày 5/4/2025")[0].describe() == "5 April 2025"


# --- localize_figures ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "english, source, expected",
    [
        ("about 3,8 million tonnes", "", "about 3.8 million tonnes"),
        ("28,7 triệu tấn", "28,7 triệu tấn", "28.7 triệu tấn"),
        ("1.000.000 people", "", "1,000,000 people"),
        ("1.234,5 tonnes", "", "1,234.5 tonnes"),
        # valid in both formats: rewritten only when copied from the Vietnamese source
        ("1.000 people", "1.000 người", "1,000 people"),
        ("version 1.000 of the text", "", "version 1.000 of the text"),
        # already English, dates and odd strings stay
        ("3.8 million and 1,000,000", "3,8 triệu và 1.000.000", "3.8 million and 1,000,000"),
        ("on 5/4/2025", "ngày 5/4/2025", "on 5/4/2025"),
        ("version 1.2.3", "", "version 1.2.3"),
        ("95% of output", "95%", "95% of output"),
    ],
)
def test_localize_figures(english, source, expected):
    assert localize_figures(english, source) == expected


# --- figures as news writes them: every reading a figure may have --------------------------------

def readings(figures):
    return [set(f.keys) for f in figures]


def clock(hours, minutes=0):
    return ("time", D((hours % 12) * 3600 + minutes * 60))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("có 10,000 người", [{("number", D("10000")), ("number", D("10"))}]),
        ("2,500 tỷ đồng", [{("number", D("2500000000000")), ("number", D("2500000000"))}]),
        ("lãi suất 0,000%", [{("percent", D("0"))}]),  # zero either way, no division by it
        ("vào phút 89", [{("number", D("89")), ("ordinal", D("89"))}]),
        ("thế kỷ 19", [{("number", D("19")), ("ordinal", D("19"))}]),
        ("kỷ niệm tròn 50 năm", [{("number", D("50")), ("ordinal", D("50"))}]),
        ("Thế chiến thứ nhất", [{("ordinal", D("1")), ("number", D("1"))}]),
        ("cách 30m", [{("number", D("30"))}]),
        ("lúc 10 giờ 30", [{clock(10, 30)}]),
        ("lúc 10h30", [{clock(10, 30)}]),
        ("phút thứ 13:10", [{clock(13, 10)}]),
        ("lúc 3 giờ chiều", [{("number", D("3")), clock(3)}]),
        ("1/3 dân số", [{("fraction", D("0.333333")), ("day-month", (1, 3))}]),
        ("gọi 0912.345.678", [{("digits", "0912345678")}]),
        ("máy chủ 192.168.1.1", [{("digits", "19216811")}]),
    ],
)
def test_vietnamese_figure_readings(text, expected):
    assert readings(vietnamese_figures(text)) == expected


def test_vietnamese_fraction_words_only_when_asked():
    assert vietnamese_figures("một nửa dân số") == []
    assert ("fraction", D("0.5")) in {k for f in vietnamese_figures("một nửa dân số", words=True) for k in f.keys}
    assert ("fraction", D("0.666667")) in {k for f in vietnamese_figures("hai phần ba", words=True) for k in f.keys}
    assert values(vietnamese_figures("tăng 5 phần trăm", words=True)) == [("percent", D("5"))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a £5million fee", [{("number", D("5000000"))}]),
        ("€2.4billion", [{("number", D("2400000000"))}]),
        ("30m viewers", [{("number", D("30")), ("number", D("30000000"))}]),
        ("a $50k bonus", [{("number", D("50000")), ("number", D("50"))}]),
        ("in his 40s", [{("number", D("40")), ("number", D("1940")), ("number", D("2040"))}]),
        ("the 1990s", [{("number", D("1990")), ("number", D("90"))}]),
        ("747s", [{("number", D("747"))}]),
        ("at 10.30am", [{clock(10, 30)}]),
        ("at 3 p.m.", [{clock(15)}]),
        ("at 10.30", [{("number", D("10.30")), clock(10, 30)}]),
        ("on 13:10", [{clock(13, 10)}]),
        ("in WW1", [{("ordinal", D("1"))}]),
        ("in World War II", [{("ordinal", D("2"))}]),
        ("won 3-nil", [{("number", D("3"))}, {("number", D("0"))}]),
        ("a million people", [{("number", D("1000000"))}]),
        ("two-thirds of the vote", [{("fraction", D("0.666667"))}]),
        ("1/3 of them", [{("fraction", D("0.333333")), ("day-month", (1, 3))}]),
        ("call 0912.345.678", [{("digits", "0912345678")}]),
    ],
)
def test_english_figure_readings(text, expected):
    assert readings(english_figures(text)) == expected


def test_an_ordinal_word_may_be_a_fraction():
    [third] = english_figures("in the final third")
    assert set(third.keys) == {("ordinal", D("3")), ("fraction", D("0.333333"))}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("từ 30 tháng 9", [(30, 9, None, None)]),
        ("30 tháng 9 năm 2018", [(30, 9, 2018, None)]),
        ("trong 4 tháng", []),
    ],
)
def test_a_vietnamese_day_and_month_without_ngay(text, expected):
    assert dates(vietnamese_dates(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Prime Minister Theresa May said", []),
        ("Mrs May urged", []),
        ("Jan Smith said", []),
        ("according to Brian May", []),
        ("The March rally", [(None, 3, None, None)]),
        ("In June Congress voted", [(None, 6, None, None)]),
        ("Jan Smith said on May 5", [(5, 5, None, None)]),
        ("Drought Areas May Benefit In April", [(None, 4, None, None)]),  # a title-case headline
    ],
)
def test_a_name_is_not_a_month(text, expected):
    assert dates(english_dates(text)) == expected


@pytest.mark.parametrize(
    "token, expected",
    [
        ("17", Decimal(17)),
        ("007", Decimal(7)),
        ("١٢", Decimal(12)),  # Arabic-Indic digits are digits to \d as well
        ("3,8", None),  # not plain digits: read by the formats (Vietnamese 3.8 below)
    ],
)
def test_plain_digits_read_the_same_in_both_languages(token, expected):
    assert parse_english_number(token) == expected
    if expected is not None:
        assert parse_vietnamese_number(token) == expected
    else:
        assert parse_vietnamese_number(token) == Decimal("3.8")


# --- quick tests before the full patterns ------------------------------------------------------------
# Each quick test may only skip a pattern on texts where that pattern finds nothing.

_DATE_PIECES = ["May", "may", "March", "Mar", "Sept", "Sep", "Dec", "December", "mid", "early", "the end of", "of",
                "in", "In", "Within", "5", "12", "31st", "2025", "199", "/", ".", ",", "-", "x", "Mrs", "(", "’"]


@st.composite
def date_like_text(draw):
    pieces = draw(st.lists(st.sampled_from(_DATE_PIECES), max_size=8))
    separators = draw(st.lists(st.sampled_from([" ", "", "\t", "  "]), min_size=len(pieces), max_size=len(pieces)))
    return "".join(p + s for p, s in zip(pieces, separators))


@settings(max_examples=500, deadline=None)
@given(date_like_text())
def test_the_quick_english_date_test_never_hides_a_date(text):
    if numbers._EN_DATE.search(text) is not None:
        assert numbers._EN_DATE_HINT.search(text) is not None


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["3", "triệu", "nghìn", "tỷ", "tỉ", "million", "mn", "bn", "Billion", "tn", "x", "-", ".",
                                 "hundreds"]), max_size=6),
       st.lists(st.sampled_from([" ", "", "  "]), min_size=6, max_size=6))
def test_one_search_for_a_magnitude_word_answers_as_a_search_for_each(pieces, spaces):
    import re

    text = "".join(p + s for p, s in zip(pieces, spaces))
    words = (*numbers._VI_MAGNITUDES, *numbers._EN_MAGNITUDES)
    each = any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text.lower()) for w in words)
    assert numbers._has_magnitude_word(text) == each


_NUMBER_WORD_PIECES = ["one", "ONE", "twenty", "Twenty-five", "fifth", "third", "thirds", "half", "a", "dozen", "nil",
                       "someone", "often", "s\u0131x", "\u017fix", "S\u0130X", "\u212aILO", "f\u0130ve", "-", "_", "3",
                       "percent", "million", "'", "é"]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(_NUMBER_WORD_PIECES), max_size=6),
       st.lists(st.sampled_from([" ", "", "-", "  "]), min_size=6, max_size=6))
def test_number_words_are_only_skipped_where_their_patterns_find_nothing(pieces, separators):
    text = "".join(p + s for p, s in zip(pieces, separators))
    words = set(numbers._WORD_RUN.findall(text.translate(numbers._CASE_TWINS).lower()))
    for pattern, its_words in ((numbers._EN_WORD_NUMBER, numbers._EN_NUMBER_WORD_SET),
                               (numbers._EN_WORD_ORDINAL, numbers._EN_ORDINAL_WORD_SET),
                               (numbers._EN_WORD_FRACTION, numbers._EN_FRACTION_WORD_SET)):
        if pattern.search(text) is not None:
            assert not words.isdisjoint(its_words), (pattern, text)


@settings(max_examples=1000)
@example(["An", "hundred", "1-", "nil"], [" ", " ", "", ""] + [""] * 4)
@example(["Twenty-five", "percent", "a", "third", "two", "thirds"], [" ", " ", " ", " ", "-", ""] + [""] * 2)
@example(["Thirty-first", "twentieth", "ſix", "S\u0130X"], [" ", " ", " ", ""] + [""] * 4)
@given(st.lists(st.sampled_from([*_NUMBER_WORD_PIECES, "an", "A", "hundred", "thousand", "%", "1-", "twentieth",
                                 "Thirty-first", "quarter", "\u0130", "ⅰ", "Ⅰ"]), max_size=8),
       st.lists(st.sampled_from([" ", "", "-", "  ", "\t"]), min_size=8, max_size=8))
def test_number_word_patterns_tried_only_where_their_words_start_find_what_finditer_finds(pieces, separators):
    text = "".join(p + s for p, s in zip(pieces, separators))
    starts = numbers._word_starts(text)
    for pattern, first_words in ((numbers._EN_WORD_FRACTION, numbers._EN_FRACTION_FIRST_WORDS),
                                 (numbers._EN_WORD_NUMBER, numbers._EN_NUMBER_WORD_SET),
                                 (numbers._EN_A_MAGNITUDE_OR_NIL, numbers._EN_A_OR_NIL),
                                 (numbers._EN_WORD_ORDINAL, numbers._EN_ORDINAL_FIRST_WORDS)):
        found = [(m.span(), m.groupdict()) for m in numbers._word_matches(pattern, text, starts, first_words)]
        assert found == [(m.span(), m.groupdict()) for m in pattern.finditer(text)], (pattern, text)


@settings(max_examples=1000)
@example(["Một", "phần", "ba", "một", "nửa", "hai", "mươi", "lăm", "phần", "trăm"], [" "] * 10)
@example(["ba", "triệu", "MƯỜI", "haı", "nửa"], [" ", " ", " ", " ", ""] + [""] * 5)
@given(st.lists(st.sampled_from(["một", "Một", "hai", "HAI", "haı", "ba", "mươi", "lăm", "mười", "phần", "trăm", "nửa",
                                 "Nửa", "triệu", "tỷ", "%", "điểm", "x", "3", "_", "-", "bảy", "bẩy", "mốt"]), max_size=10),
       st.lists(st.sampled_from([" ", "", "  ", "-", "\t"]), min_size=10, max_size=10))
def test_vietnamese_number_word_patterns_tried_only_where_their_words_start_find_what_finditer_finds(pieces, separators):
    text = "".join(p + s for p, s in zip(pieces, separators))
    starts = numbers._word_starts(text)
    for pattern, first_words in ((numbers._VI_WORD_NUMBER, numbers._VI_UNIT_WORDS),
                                 (numbers._VI_WORD_FRACTION, numbers._VI_FRACTION_FIRST_WORDS)):
        found = [(m.span(), m.groupdict()) for m in numbers._word_matches(pattern, text, starts, first_words)]
        assert found == [(m.span(), m.groupdict()) for m in pattern.finditer(text)], (pattern, text)


# the ordinal pattern as first written, the word before it (a weekday: "vào thứ năm") in the pattern
_VI_ORDINAL_AS_FIRST_WRITTEN = (
    r"(?<!\w)(?P<before>(?:ngày|hôm|sáng|trưa|chiều|tối|đêm|vào|từ|đến|tới|các|mỗi)\s+)?"
    r"thứ\s+(?P<ord>\d+(?![\d:])|nhất|nhì|hai|ba|tư|năm|sáu|bảy|bẩy|tám|chín|mười)(?!\w)"
)


@settings(max_examples=500)
@example(["xvào", "thứ", "năm"], [" "] * 7)  # "vào" inside a word is no weekday word
@example(["vào", "thứ", "năm"], ["\u00a0"] * 7)  # any white space between
@given(st.lists(st.sampled_from(["thứ", "năm", "Năm", "12", "12:30", "vào", "xvào", "Vào", "mỗi", "_", "("]), max_size=7),
       st.lists(st.sampled_from([" ", "", "\u00a0"]), min_size=7, max_size=7))
def test_a_weekday_word_before_thu_is_found_as_the_pattern_with_it_found_it(pieces, spaces):
    import re

    text = "".join(p + s for p, s in zip(pieces, spaces))
    reference = [(m.span("ord"), m.group("before") is not None) for m in re.finditer(_VI_ORDINAL_AS_FIRST_WRITTEN, text)]
    found = [(m.span("ord"), numbers._after_weekday_word(text, m.start())) for m in numbers._VI_ORDINAL.finditer(text)]
    assert found == reference


@pytest.mark.parametrize("text, value", [
    ("There were ſeven people.", 7),  # the case-insensitive patterns read ſ as s, İ and ı as i
    ("FİVE people came.", 5),
    ("the thırd day", 3),
])
def test_number_words_in_letters_case_insensitive_matching_takes_for_others_are_read(text, value):
    assert [f.value for f in numbers.english_figures(text)] == [value]
