from decimal import Decimal

import pytest

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


@pytest.mark.parametrize("text", ["lúc 10:30", "lúc 10h30", "Covid-19", "nhóm G7"])
def test_clock_times_and_names_with_digits_are_not_figures(text):
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
        ("a 5m wall", []),  # metres, not millions
        ("at 10am", [("number", D("10"))]),
        ("at 10:30", []),  # clock times are left out on both sides
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
