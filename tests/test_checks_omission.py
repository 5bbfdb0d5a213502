"""The omission check: a translation that leaves out part of its source."""

from __future__ import annotations

import unicodedata

import pytest

from vi_en_toolkit.checks import CHECKS, Entry, check_entries
from vi_en_toolkit.checks.omission import clause_without_counterpart, is_heading, length_spreads

OIL = "Giá dầu tăng 12% trong tuần này, trong khi cổ phiếu của Exxon và Chevron giảm mạnh vì lo ngại về nhu cầu."
CARS = "Công ty đã bán được 3,8 triệu xe trong năm ngoái, tăng 15% so với năm 2023, theo báo cáo của Reuters."
MEETING = "Ông Trump cho biết ông sẽ gặp Tổng thống Macron tại Paris vào tuần tới để bàn về thương mại và an ninh."
MINISTRY = ("Bộ Công Thương cho biết xuất khẩu đất hiếm của Việt Nam đã tăng mạnh trong quý ba, nhờ nhu cầu lớn "
            "từ các nhà sản xuất nam châm ở Nhật Bản và Hàn Quốc.")
PLAN = "Ông nói rằng chính phủ sẽ xem xét lại toàn bộ kế hoạch trước khi đưa ra quyết định cuối cùng vào tháng tới."
HEADLINE = "Giá đất hiếm tăng mạnh sau khi Trung Quốc siết xuất khẩu"


def omission(source, target, **kwargs):
    return check_entries([Entry("a.po", 3, source, target)], None, ["omission"], **kwargs)


def severity(source, target):
    found = omission(source, target)
    assert len(found) <= 1
    return found[0].severity if found else None


@pytest.mark.parametrize("source, target, expected", [
    # complete translations, however they word it
    (OIL, "Oil prices rose 12% this week, while shares in Exxon and Chevron fell sharply on worries about demand.", None),
    (OIL, "Oil prices rose 12% this week, while shares in oil majors fell sharply on worries about demand.", None),
    (CARS, "The company sold 3.8 million cars last year, up 15% on 2023, Reuters reported.", None),
    (MEETING, "Trump said he would meet President Macron in Paris next week to discuss trade and security.", None),
    (MINISTRY, "The Ministry of Industry and Trade said Vietnam's rare earth exports rose sharply in the third quarter, "
               "thanks to strong demand from magnet makers in Japan and South Korea.", None),
    (PLAN, "He said the government would review the whole plan before making a final decision next month.", None),
    # a headline may be terser than a sentence
    (HEADLINE, "Rare earth prices soar as China tightens exports", None),
    # the second half left out
    (MINISTRY, "The Ministry of Industry and Trade said Vietnam's rare earth exports rose sharply.", "warning"),
    (PLAN, "He said the government would review the whole plan.", "warning"),
    (MEETING, "Trump said he would meet the French president next week.", "warning"),
    (HEADLINE, "Rare earth prices soar", "warning"),
    # most of it left out: no correct translation is that short
    (MINISTRY, "The ministry said exports rose.", "error"),
    (OIL, "Oil prices rose 12% this week.", "error"),
    (HEADLINE, "Prices soar", "error"),
    # a short source (a heading, a label) is not judged by length
    ("Giá đất hiếm tăng mạnh", "Prices up", None),
    ("Xem thêm", "More", None),
])
def test_omission(source, target, expected):
    assert severity(source, target) == expected


@pytest.mark.parametrize("source, target, expected", [
    # a clause whose names or figures are all missing: it has no counterpart
    (OIL, "Oil prices rose 12% this week.", ("trong khi cổ phiếu của Exxon", ["Exxon"])),
    (CARS, "The company sold 3.8 million cars last year.", ("tăng 15% so với năm 2023", ["15", "2023"])),
    # figures written the English way, or with the magnitude in digits, are there
    (CARS, "The company sold 3.8 million cars last year, up 15% on 2023, Reuters reported.", None),
    ("Họ tuyển thêm 100 nghìn công nhân, và Samsung cũng vậy.", "They hired 100,000 more workers, as did Samsung.", None),
    # a clause with one of its names in the translation has a counterpart
    (MEETING, "Trump said he would meet the French president next week.", None),
    # a month's number is a month (tháng 11 is November); Nga, Anh may be Vietnamese syllables
    ("Hội nghị sẽ diễn ra vào tháng 11, và Nga sẽ cử một phái đoàn.", "The conference takes place in November.", None),
    ("Nga và Trung Quốc ký thỏa thuận, còn Anh thì phản đối.", "Russia and China signed a deal.", None),
    # one clause only: a missing name is paraphrase (Wales → Welsh), not a part left out
    ("Các nghị sĩ xứ Wales lo ngại về kế hoạch mới", "Welsh lawmakers worry about the new plan", None),
])
def test_clause_without_counterpart(source, target, expected):
    assert clause_without_counterpart(source, target) == expected


def test_a_clause_without_counterpart_turns_a_somewhat_short_translation_into_a_warning_that_names_it():
    target = "Oil prices rose 12% this week, while shares fell sharply on fears."
    assert -3 < length_spreads(OIL, target) < -1.5  # short, though not enough to report on length alone
    [finding] = omission(OIL, target)
    assert finding.severity == "warning"
    assert "nothing of 'trong khi cổ phiếu của Exxon' is in it (Exxon)" in finding.message
    assert finding.found == "trong khi cổ phiếu của Exxon"


def test_the_message_says_how_short_the_translation_is_against_the_usual():
    # 51 characters where about 107 × e^-0.083 ≈ 98 are usual for this 24-word, 107-character source
    [finding] = omission(PLAN, "He said the government would review the whole plan.")
    assert finding.message == ("the translation is 52% of the length usual for this source (rarely under 65%): "
                               "part of the source may be left out")


@pytest.mark.parametrize("source", [MINISTRY, PLAN, HEADLINE])
def test_a_decomposed_source_is_judged_like_a_composed_one(source):
    decomposed = unicodedata.normalize("NFD", source)
    assert decomposed != source
    assert length_spreads(decomposed, "Prices rose.") == pytest.approx(length_spreads(source, "Prices rose."))


@pytest.mark.parametrize("source, heading", [
    (HEADLINE, True),
    (PLAN, False),
    ("Ông nói: “Chúng tôi sẽ xem xét lại.”", False),
    ("Vì sao giá đất hiếm tăng?", False),
])
def test_a_source_that_ends_no_sentence_is_a_heading(source, heading):
    assert is_heading(source) == heading


def test_configuration_can_lower_an_omission_error_to_a_warning():
    [finding] = omission(MINISTRY, "The ministry said exports rose.", severity={"omission": "warning"})
    assert finding.severity == "warning"


def test_omission_is_registered_after_the_figures_and_before_typography():
    ids = list(CHECKS)
    assert ids.index("date") < ids.index("omission") < ids.index("doubled-word")
    assert CHECKS["omission"].severity == "error"
