"""The names check on patterns of news translation, with the project glossary: a country or an
organisation before a titled name, "nước X" (the country X) said as "the country", and where the
hint for a misspelt name may point."""

from pathlib import Path

import pytest
from engine_double import ScriptedEngine

from vi_en_toolkit.checks import ERROR, Entry, check_entries
from vi_en_toolkit.checks.term_matching import source_terms
from vi_en_toolkit.enforce import TermEnforcer, term_is_enforced
from vi_en_toolkit.glossary import load_glossary

GLOSSARY = load_glossary(Path(__file__).resolve().parent.parent / "glossary")
TERMINOLOGY = ["term", "forbidden-term", "names"]


def findings(source, target):
    return [(f.check, f.severity, f.term, f.found)
            for f in check_entries([Entry("a.po", 1, source, target)], GLOSSARY, TERMINOLOGY)]


MOON = "Triều Tiên cam kết gặp Tổng thống Hàn Quốc Moon Jae-in trong tháng này."

# A country before a titled name is reported when the English leaves it out: professional news
# often does (President Moon), but so does a translation that drops it or moves it onto another
# person, and the glossary does not say which of its names are countries (RDIF, Lynas: an
# organisation dropped is an omission). The excuse was tried and removed: each row below but the
# first two passed under it.
COUNTRY_BEFORE_A_TITLED_NAME = [
    (MOON, "North Korea pledged to meet South Korean President Moon Jae-in this month.", []),
    ("Tổng thống Mỹ Donald Trump gặp Kim Jong-un.", "U.S. President Donald Trump met Kim Jong-un.", []),
    (MOON, "North Korea pledged to meet Moon this month.", [("names", ERROR, "Hàn Quốc", None)]),
    (MOON, "North Korea pledged to meet Russian President Moon this month.", [("names", ERROR, "Hàn Quốc", None)]),
    (MOON, "North Korea pledged to meet German President Moon this month.", [("names", ERROR, "Hàn Quốc", None)]),
    # the country of another person in the source, moved onto this one
    ("Tổng thống Nga Vladimir Putin gặp Tổng thống Mỹ Donald Trump.", "US President Vladimir Putin met Donald Trump.",
     [("names", ERROR, "Nga", None)]),
    # the person named by a word another person's name shares
    ("Thủ tướng Hàn Quốc Kim Boo-kyum gặp ông Kim Jong-un.", "Kim Jong-un met the prime minister.",
     [("names", ERROR, "Hàn Quốc", None)]),
    # an organisation before a titled name
    ("Giám đốc RDIF Kirill Dmitriev phát biểu.", "Kirill Dmitriev spoke.", [("names", ERROR, "RDIF", None)]),
    ("Nga và Mỹ đàm phán.", "Russia held talks.", [("names", ERROR, "Mỹ", None)]),
]


@pytest.mark.parametrize("source, target, expected", COUNTRY_BEFORE_A_TITLED_NAME)
def test_a_country_before_a_titled_name_left_out_is_reported(source, target, expected):
    assert findings(source, target) == expected


NEAR_MISSES = [
    # "Korea" inside "North Korea" renders Triều Tiên: no misspelling of Hàn Quốc
    ("Triều Tiên muốn gặp Tổng thống Hàn Quốc.", "North Korea wants to meet the president.",
     [("names", ERROR, "Hàn Quốc", None)]),
    # a misspelling on its own is still pointed at
    ("Triều Tiên muốn gặp Tổng thống Hàn Quốc.", "North Korea wants to meet the Soth Korea president.",
     [("names", ERROR, "Hàn Quốc", "Soth Korea")]),
    ("Ông Zelenskiy phát biểu.", "Mr Zelenskyi spoke.", [("names", ERROR, "Zelenskiy", "Zelenskyi")]),
]


@pytest.mark.parametrize("source, target, expected", NEAR_MISSES)
def test_a_near_miss_is_never_inside_another_source_term_s_rendering(source, target, expected):
    assert findings(source, target) == expected


# "nước X" (the country X) said as "the country" is right where the sentence before named X, which
# one entry cannot show; it is reported, as "the country" can as well stand for another (the
# warning tried for it covered "Nước Mỹ và nước Nga đàm phán." as "The country held talks.").
THE_COUNTRY = [
    ("Họ lo ngại mất khả năng ở lại nước Mỹ.", "They feared losing their ability to remain in the country.",
     [("names", ERROR, "Mỹ", None)]),
    ("Nước Mỹ và nước Nga đàm phán.", "The country held talks.",
     [("names", ERROR, "Mỹ", None), ("names", ERROR, "Nga", None)]),
]


@pytest.mark.parametrize("source, target, expected", THE_COUNTRY)
def test_the_country_x_said_as_the_country_is_reported(source, target, expected):
    assert findings(source, target) == expected


@pytest.mark.parametrize("source, target, expected", COUNTRY_BEFORE_A_TITLED_NAME + NEAR_MISSES + THE_COUNTRY)
def test_translate_enforces_a_term_exactly_where_check_reports_an_error(source, target, expected):
    """`vi-en translate` forces a term in (and flags it) where `vi-en check` would fail the entry."""
    terms, occurrences = source_terms(source, GLOSSARY)
    errors = {f[2] for f in findings(source, target) if f[1] == ERROR}
    assert {t.vi for t in terms if not term_is_enforced(t, target, occurrences)} == errors


@pytest.mark.parametrize("source, target, expected", COUNTRY_BEFORE_A_TITLED_NAME + THE_COUNTRY)
def test_translate_keeps_what_check_passes_and_flags_what_it_fails(source, target, expected):
    """An engine that always answers the target: enforcement keeps it untouched where check finds no
    error, and flags the very terms check reports at error severity (no placeholder comes back)."""
    (result,) = TermEnforcer(ScriptedEngine(lambda sentence: [target]), GLOSSARY).translate([source])
    errors = {f[2] for f in expected if f[1] == ERROR}
    assert {t.vi for t in result.unenforced} == errors
    if not errors:
        assert result.text == target
