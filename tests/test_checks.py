from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vi_en_toolkit.catalog import read_catalog
from vi_en_toolkit.checks import (
    CHECKS,
    CheckConfig,
    Entry,
    Finding,
    accepted_form_occurs,
    check_entries,
    consistency,
    load_check_config,
    run_checks,
    selected_checks,
    terminology_findings,
)
from vi_en_toolkit.checks.term_matching import _matchers
from vi_en_toolkit.errors import CatalogError, InputError
from vi_en_toolkit.glossary import Glossary, Term, load_glossary

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "check"
GLOSSARY = load_glossary(FIXTURES / "glossary.yaml")
SAMPLE = ROOT / "translations" / "rare-earths-russia-us.en.po"


def found(check_id, source, target, glossary=GLOSSARY, fuzzy=False):
    """The findings of one check on one entry."""
    return check_entries([Entry("a.po", 7, source, target, fuzzy)], glossary, [check_id])


def fires(check_id, source, target, **kwargs):
    return bool(found(check_id, source, target, **kwargs))


# --- the reviewed sample translation and broken variants of each of its sentences ---------------

def test_every_entry_of_the_reviewed_sample_passes_with_the_project_glossary():
    run = run_checks([SAMPLE], load_glossary(ROOT / "glossary"))
    assert run.entries >= 20
    assert [f for f in run.findings if f.severity == "error"] == []


def test_every_entry_of_the_reviewed_sample_passes_with_the_test_glossary():
    run = run_checks([SAMPLE], GLOSSARY)
    assert run.findings == ()


def broken_entries():
    catalog = read_catalog(FIXTURES / "sample_broken.po")
    return [(e.msgid_line, set(e.comment.removeprefix("expect:").split())) for e in catalog if e.msgid]


@pytest.mark.parametrize("line, expected", broken_entries())
def test_a_broken_variant_of_each_sample_sentence_is_caught_by_the_right_check(line, expected):
    run = run_checks([FIXTURES / "sample_broken.po"], GLOSSARY)
    assert {f.check for f in run.findings if f.line == line} == expected


def test_the_broken_variants_cover_every_sentence_of_the_sample():
    sample = {e.msgid for e in read_catalog(SAMPLE) if e.msgid}
    broken = {e.msgid for e in read_catalog(FIXTURES / "sample_broken.po") if e.msgid}
    assert sample <= broken


# --- term, forbidden-term, names ---------------------------------------------------------------

@pytest.mark.parametrize(
    "source, target, check_id, fires_",
    [
        # term: any accepted form, inflected, hyphenated, in Title Case
        ("khai thác đất hiếm", "rare earth mining", "term", False),
        ("khai thác đất hiếm", "rare-earth mining", "term", False),
        ("Khai Thác Đất Hiếm", "Rare Earths Mining", "term", False),
        ("đất hiếm", "rare earth elements", "term", False),
        ("đất hiếm", "rare minerals", "term", True),
        ("thuế quan thứ cấp 25%", "secondary tariffs of 25%", "term", False),
        ("thuế quan thứ cấp 25%", "extra tariffs of 25%", "term", True),
        # longest match: kim loại đất hiếm needs "rare earth metals", not just "rare earths"
        ("kim loại đất hiếm", "rare earth metals", "term", False),
        ("kim loại đất hiếm", "rare earths", "term", True),
        # forbidden-term
        ("đất hiếm", "rare soil", "forbidden-term", True),
        ("Đất Hiếm", "Rare Soil Mining", "forbidden-term", True),
        ("thuế quan thứ cấp", "secondary taxes", "forbidden-term", True),
        ("thuế quan thứ cấp", "secondary tariffs", "forbidden-term", False),
        ("khai thác", "rare soil", "forbidden-term", False),  # the term is not in the source
        # names: case-sensitive and exact
        ("Tổng thống Ukraine Volodymyr Zelenskiy", "Ukrainian President Volodymyr Zelenskiy", "names", False),
        ("Trump – Zelenskiy", "Trump and Zelenskiy", "names", False),
        ("Trump – Zelenskiy", "Trump and Zelensky", "names", True),
        ("Trump – Zelenskiy", "Trump and zelenskiy", "names", True),
        ("Quỹ Đầu tư Trực tiếp Nga", "the Russian Direct Investment Fund", "names", False),
        ("Quỹ Đầu tư Trực tiếp Nga", "the Russian Fund for Direct Investment", "names", True),
        ("Nga", "Russian", "names", False),
        ("Nga", "russia", "names", True),
        ("Mỹ", "the U.S.", "names", False),
        ("Mỹ", "America", "names", True),
    ],
)
def test_terminology(source, target, check_id, fires_):
    assert fires(check_id, source, target) is fires_


def test_a_forbidden_rendering_is_reported_once_with_term_expected_and_found():
    findings = check_entries([Entry("a.po", 3, "áp đặt thuế quan thứ cấp", "impose secondary taxes")], GLOSSARY)
    assert [(f.check, f.term, f.expected, f.found) for f in findings] == [
        ("forbidden-term", "thuế quan thứ cấp", "secondary tariffs", "secondary taxes")
    ]


def test_a_misspelled_name_points_at_the_closest_spelling():
    [finding] = found("names", "Theo Kirill Dmitriev,", "According to Kiril Dmitriev,")
    assert finding.found == "Kiril Dmitriev" and finding.expected == "Kirill Dmitriev"


def test_terminology_findings_for_one_pair():
    findings = terminology_findings("thuế quan thứ cấp tại Nga", "secondary tariffs in russia", GLOSSARY, "x.po", 12)
    assert findings == [
        Finding("x.po", 12, "thuế quan thứ cấp tại Nga", "secondary tariffs in russia", "names", "error",
                findings[0].message, "Nga", "Russia", "russia")
    ]
    assert terminology_findings("thuế quan thứ cấp tại Nga", "secondary tariffs in Russia", GLOSSARY) == []
    assert terminology_findings("đất hiếm", "rare soil", None) == []


# --- number --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "source, target, fires_",
    [
        ("khoảng 3,8 triệu tấn", "about 3.8 million tonnes", False),
        ("khoảng 3,8 triệu tấn", "about 3,800,000 tonnes", False),
        ("khoảng 3,8 triệu tấn", "about 8.3 million tonnes", True),
        ("khoảng 3,8 triệu tấn", "about 3.8 tonnes", True),
        ("khoảng 3,8 triệu tấn", "about 3,8 million tonnes", True),  # Vietnamese format left in English
        ("lên đến 28,7 triệu tấn", "as high as 28,7 million tonnes", True),
        ("1.000 người", "1,000 people", False),
        ("1.000 người", "1.000 people", True),
        ("1.000.000 người", "1.000.000 people", True),
        ("từ 25% đến 50%", "of 25% to 50%", False),
        ("từ 25% đến 50%", "of 25-50%", False),
        ("từ 25% đến 50%", "of between 25 and 50 percent", False),
        ("từ 25% đến 50%", "of 25 to 50", True),
        ("từ 25% đến 50%", "of 25% to 40%", True),
        ("khoảng 95% sản lượng", "about 95% of output", False),
        ("khoảng 95% sản lượng", "about 59% of output", True),
        ("khoảng 95% sản lượng", "most of the output", True),
        ("đứng thứ năm thế giới", "the world's fifth-largest", False),
        ("đứng thứ năm thế giới", "ranks 5th in the world", False),
        ("đứng thứ năm thế giới", "the world's fourth-largest", True),
        ("5 quốc gia", "five countries", False),
        ("hai nước", "the two countries", False),
        ("hai nước", "the 2 countries", False),
        ("hai nước", "the 3 countries", True),  # a figure that is not in the source
        ("2 tỷ USD", "$2bn", False),
        ("2 tỷ USD", "$2 billion", False),
        ("kế hoạch năm 2025", "the 2025 plan", False),
        ("Covid-19 và G7", "Covid-19 and the G7", False),
        ("Nga – Mỹ", "Russia and the U.S.", False),
    ],
)
def test_number(source, target, fires_):
    assert fires("number", source, target) is fires_


def test_number_findings_say_what_was_expected_and_what_was_found():
    [finding] = found("number", "lên đến 28,7 triệu tấn", "as high as 27.8 million tonnes")
    assert (finding.expected, finding.found) == ("28.7 million", "27.8 million")
    [finding] = found("number", "khoảng 3,8 triệu tấn", "about 3,8 million tonnes")
    assert (finding.expected, finding.found) == ("3.8 million", "3,8 million")
    assert "Vietnamese number format" in finding.message


# --- date ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "source, target, fires_",
    [
        ("vào giữa tháng 4 tại Saudi Arabia", "in mid-April in Saudi Arabia", False),
        ("vào giữa tháng 4", "in the middle of April", False),
        ("vào giữa tháng 4", "in April", True),
        ("vào giữa tháng 4", "in mid-May", True),
        ("vào tháng 4", "in April", False),
        ("vào tháng 4", "in mid-April", True),
        ("ngày 5/4", "on 5 April", False),
        ("ngày 5/4", "on April 5", False),
        ("ngày 5/4", "on 4 May", True),
        ("ngày 5/4/2025", "on April 5, 2025", False),
        ("ngày 5/4/2025", "on April 5", True),
        ("năm 2025", "in 2025", False),
        ("năm 2025", "in 2024", True),
        ("vào tuần trước", "last week, in March", True),  # a date the source does not have
        ("Nga có thể rút lui", "Russia may back out", False),
    ],
)
def test_date(source, target, fires_):
    assert fires("date", source, target) is fires_


# --- untranslated, source-left, fuzzy ----------------------------------------------------------

@pytest.mark.parametrize(
    "source, target, fires_",
    [
        ("Trung Quốc kiểm soát 95%", "", True),
        ("Trung Quốc kiểm soát 95%", "   ", True),
        ("Trung Quốc kiểm soát 95%", "Trung Quốc kiểm soát 95%", True),
        ("Trung Quốc kiểm soát 95%", "China controls 95%", False),
        ("Saudi Arabia", "Saudi Arabia", False),  # a name is the same in both languages
        ("RDIF", "RDIF", False),
    ],
)
def test_untranslated(source, target, fires_):
    assert fires("untranslated", source, target) is fires_


def test_an_untranslated_entry_is_reported_once_not_for_every_term_and_figure():
    findings = check_entries([Entry("a.po", 1, "khoảng 3,8 triệu tấn đất hiếm", "")], GLOSSARY)
    assert [f.check for f in findings] == ["untranslated"]


@pytest.mark.parametrize(
    "source, target, fires_, found_",
    [
        ("ngành công nghiệp khai khoáng", "the khai khoáng industry", True, "khai khoáng"),
        ("Nga – Mỹ Thảo Luận", "Russia and U.S. Thảo Luận", True, "Thảo Luận"),
        ("sản lượng đất hiếm", "rare earth sản lượng", True, "sản lượng"),
        ("một quán cà phê", "a café", False, None),  # é alone is not Vietnamese
        ("tại São Paulo", "in São Paulo", False, None),
        ("thủ đô", "the capital", False, None),
    ],
)
def test_source_left(source, target, fires_, found_):
    findings = found("source-left", source, target)
    assert bool(findings) is fires_
    if fires_:
        assert findings[0].found == found_


def test_source_left_names_the_glossary_term_and_allows_names_the_glossary_keeps_in_vietnamese():
    [finding] = found("source-left", "khai thác đất hiếm", "đất hiếm mining")
    assert (finding.term, finding.expected) == ("đất hiếm", "rare earths")
    glossary = Glossary([Term("Nguyễn Văn An", "Nguyễn Văn An", case_sensitive=True)])
    assert found("source-left", "ông Nguyễn Văn An cho biết", "Nguyễn Văn An said", glossary=glossary) == []


def test_fuzzy_is_a_warning():
    [finding] = found("fuzzy", "Trung Quốc", "China", fuzzy=True)
    assert finding.severity == "warning"
    assert found("fuzzy", "Trung Quốc", "China") == []


# --- light editorial checks ----------------------------------------------------------------------

@pytest.mark.parametrize(
    "check_id, source, target, fires_",
    [
        ("doubled-word", "khoảng 95%", "about 95% of of output", True),
        ("doubled-word", "khoảng 95%", "The the output", True),
        ("doubled-word", "khoảng 95%", "about 95% of output", False),
        ("doubled-word", "nói rằng", "said that that deal", False),
        ("doubled-word", "khách sạn", "the hotel hotel", True),
        ("doubled-word", "Khách sạn Roa Roa", "the Roa Roa Hotel", False),  # the source doubles it: a name
        ("doubled-word", "Tổng thống Moon Jae-in trong", "Moon Jae-in in the past", False),  # a hyphenated word's end
        ("brackets", "Quỹ (RDIF)", "the Fund (RDIF", True),
        ("brackets", "Quỹ (RDIF)", "the Fund RDIF)", True),
        ("brackets", "Quỹ (RDIF)", "the Fund (RDIF)", False),
        ("brackets", "Quỹ (RDIF", "the Fund (RDIF", False),  # unbalanced in the source too
        ("quotes", "gọi là “đất hiếm”", "called “rare earths", True),
        ("quotes", "gọi là “đất hiếm”", 'called "rare earths', True),
        ("quotes", "gọi là “đất hiếm”", 'called "rare earths"', False),
        ("quotes", "gọi là “đất hiếm”", "called “rare earths”", False),
        ("quotes", "gọi là “đất hiếm", "called “rare earths", False),  # a quote that spans sentences
        ("quotes", "của Trump", "Trump's policies", False),  # apostrophes are not quotes
        ("double-space", "Trung Quốc", "China  controls", True),
        ("double-space", "Trung Quốc", "China controls", False),
        ("whitespace", "Trung Quốc", " China", True),
        ("whitespace", "Trung Quốc\n", "China", True),
        ("whitespace", "Trung Quốc\n", "China\n", False),
        ("urls", "Xem https://example.com/a.", "See https://example.com/a.", False),
        ("urls", "Xem https://example.com/a.", "See https://example.com/b.", True),
        ("urls", "Liên hệ tin@example.vn", "Contact news@example.vn", True),
        ("urls", "Liên hệ tin@example.vn", "Contact tin@example.vn", False),
    ],
)
def test_editorial_checks(check_id, source, target, fires_):
    assert fires(check_id, source, target) is fires_


# --- inconsistent ----------------------------------------------------------------------------------

def test_the_same_source_translated_differently_across_catalogs_is_a_warning():
    entries = [
        Entry("a.po", 5, "Trung Quốc kiểm soát 95%", "China controls 95%"),
        Entry("b.po", 9, "Trung Quốc  kiểm soát 95%", "China controls 95%"),
        Entry("c.po", 3, "Trung Quốc kiểm soát 95%", "China has 95%"),
    ]
    [finding] = check_entries(entries, None, ["inconsistent"])
    assert (finding.file, finding.severity, finding.expected) == ("c.po", "warning", "China controls 95%")
    assert "a.po:5" in finding.message


@pytest.mark.parametrize(
    "usual, other, inconsistent",
    [
        ("China controls 95%.", "China has 95%.", True),
        ("It is very bad.", "It Is Very Bad.", False),  # a headline in title case
        ("Russia and U.S. Discuss Cooperation on Rare Earth Mining", "Russia and U.S. discuss cooperation on rare earth mining", False),
        ("Talks between the US and China in doubt", "Talks Between the US and China in Doubt", False),
        ("Talks stall", "Talks Stall", False),
        ("Polish workers strike.", "polish workers strike.", True),  # case outside a headline is a difference
        ("China and Russia met.", "china and russia met.", True),
        ("Polish Workers Strike", "polish workers strike", True),  # a headline beside no sentence
        ("Five weeks away.", '"Five weeks away.', True),  # a quote mark the others do not have
    ],
)
def test_the_same_source_is_translated_the_same_way_whatever_the_case_of_a_headline(usual, other, inconsistent):
    entries = [Entry("a.po", 1, "Còn năm tuần nữa.", usual), Entry("a.po", 2, "Còn năm tuần nữa.", usual),
               Entry("a.po", 3, "Còn năm tuần nữa.", other)]
    findings = check_entries(entries, None, ["inconsistent"])
    assert [(f.line, f.expected) for f in findings] == ([(3, usual)] if inconsistent else [])


NORTH_KOREA = Term("Triều Tiên", "North Korea", variants=("North Korean", "the North", "DPRK"), case_sensitive=True)
EASTERN_EUROPE = Term("Đông Âu", "Eastern Europe", variants=("eastern Europe", "Eastern European"), case_sensitive=True)


@pytest.mark.parametrize(
    "sources_and_targets, found",
    [
        # one rendering written two ways: the last word derived, or a short reference by "the"
        ([("Triều Tiên thử tên lửa", "North Korea tested a missile"),
          ("quan chức Triều Tiên nói", "North Korean officials said")], []),
        ([("Triều Tiên thử tên lửa", "North Korea tested a missile"),
          ("Triều Tiên nói", "the North said")], []),
        # a name whose case the glossary tells apart: its forms in another case are two renderings
        ([("Đông Âu phản đối", "Eastern Europe objected"),
          ("ở Đông Âu", "in eastern Europe")], ["eastern Europe"]),
    ],
)
def test_forms_that_are_one_rendering_are_not_inconsistent(sources_and_targets, found):
    glossary = Glossary([NORTH_KOREA, EASTERN_EUROPE])
    entries = [Entry("a.po", line, source, target) for line, (source, target) in enumerate(sources_and_targets, 1)]
    assert [f.found for f in check_entries(entries, glossary, ["inconsistent"])] == found


@pytest.mark.parametrize(
    "form, other, case_sensitive, same",
    [
        ("rare earths", "Rare Earths", False, True),
        ("Eastern Europe", "eastern Europe", True, False),
        ("North Korea", "North Korean", True, True),
        ("Vice President", "vice presidential", False, True),
        ("the North", "North Korea", True, True),
        ("rare earths", "rare earth elements", False, False),  # other words: another rendering
        ("rare earth metals", "rare earth elements", False, False),
        ("trade port", "trade portfolio", False, False),  # more than a suffix
        ("the South", "North Korea", True, False),
    ],
)
def test_which_forms_are_one_rendering(form, other, case_sensitive, same):
    assert consistency._same_rendering(form, other, case_sensitive) is same
    assert consistency._same_rendering(other, form, case_sensitive) is same


def test_a_term_rendered_with_different_multi_word_forms_in_one_document_is_a_warning():
    entries = [
        Entry("a.po", 1, "Nga có đất hiếm", "Russia has rare earths"),
        Entry("a.po", 2, "khai thác đất hiếm", "rare earth mining"),
        Entry("a.po", 3, "Mỹ cần đất hiếm", "the U.S. needs rare earth elements"),
        Entry("b.po", 1, "Mỹ cần đất hiếm", "the U.S. needs rare earth elements"),  # another document may choose otherwise
    ]
    findings = check_entries(entries, GLOSSARY, ["inconsistent"])
    assert [(f.file, f.line, f.term, f.found) for f in findings] == [("a.po", 3, "đất hiếm", "rare earth elements")]


def test_grammatical_variants_and_abbreviations_are_not_inconsistent():
    glossary = Glossary([Term("hợp tác", "cooperation", variants=("cooperate",)),
                         Term("Mỹ", "United States", variants=("U.S.",), case_sensitive=True)])
    entries = [Entry("a.po", 1, "hợp tác với Mỹ", "cooperation with the United States"),
               Entry("a.po", 2, "Mỹ muốn hợp tác", "the U.S. wants to cooperate")]
    assert check_entries(entries, glossary, ["inconsistent"]) == []


# --- the registry, configuration and the run ---------------------------------------------------------

def test_every_check_has_an_id_a_severity_and_a_summary():
    assert {"term", "forbidden-term", "names", "number", "date", "untranslated", "source-left", "inconsistent",
            "fuzzy", "doubled-word", "brackets", "quotes", "double-space", "whitespace", "urls"} <= set(CHECKS)
    for check in CHECKS.values():
        assert check.severity in ("error", "warning") and check.summary


def test_selected_checks():
    assert selected_checks() == tuple(CHECKS)
    assert selected_checks(enable=["number", "term"]) == ("term", "number")
    assert "fuzzy" not in selected_checks(disable=["fuzzy"])
    assert selected_checks(CheckConfig(enable=("number",))) == ("number",)
    assert "fuzzy" in selected_checks(CheckConfig(disable=("fuzzy",)), enable=["fuzzy"])
    with pytest.raises(InputError, match="unknown check 'nope'"):
        selected_checks(enable=["nope"])


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_config_from_pyproject(tmp_path):
    pyproject = write(tmp_path / "pyproject.toml", """
[tool.vi-en.check]
disable = ["double-space"]
severity = { fuzzy = "error", number = "warning" }
""")
    config = load_check_config(pyproject)
    assert config.disable == ("double-space",)
    findings = check_entries([Entry("a.po", 1, "95%", "59%", fuzzy=True)], None,
                             selected_checks(config), dict(config.severity))
    assert {(f.check, f.severity) for f in findings} == {("fuzzy", "error"), ("number", "warning")}


@pytest.mark.parametrize(
    "text",
    [
        '[tool.vi-en.check]\ndisable = ["fuzzy"]\n',
        '[tool."vi-en".check]\ndisable = ["fuzzy"]\n',
        "[ tool . 'vi-en' . check ]\ndisable = ['fuzzy']\n",
        'tool.vi-en.check.disable = ["fuzzy"]\n',
        '[tool]\nvi-en.check.disable = ["fuzzy"]\n',
        '[tool]\n  "vi-en" = { check = { disable = ["fuzzy"] } }\n',
        'tool = { vi-en = { check = { disable = ["fuzzy"] } } }\n',
        'tool = {ruff = {}, vi-en = {check = {disable = ["fuzzy"]}}}\n',
        '[tool."vi\\u002Den".check]\ndisable = ["fuzzy"]\n',  # a key spelled with an escape
        '[project]\nname = "vi-en"\n[tool.vi-en]\ncheck = { disable = ["fuzzy"] }\n',
    ],
)
def test_every_way_toml_writes_the_table_is_read(tmp_path, text):
    assert load_check_config(write(tmp_path / "pyproject.toml", text)).disable == ("fuzzy",)


@pytest.mark.parametrize(
    "text",
    [
        '[project]\nname = "vi-en"\ndescription = "uses tool.vi-en, vi-en = yes"\n[tool.ruff]\nline-length = 120\n',
        "",
        "[tool.vi-en-other]\nx = 1\n",
        '[project.scripts]\nvi-en = "vi_en:main"\n[tool.ruff]\nline-length = 120\n',
    ],
)
def test_a_pyproject_without_the_table_gives_the_defaults(tmp_path, text):
    pyproject = write(tmp_path / "pyproject.toml", text)
    assert load_check_config(pyproject) == CheckConfig(file=str(pyproject))


@pytest.mark.parametrize(
    "text, message",
    [
        ("[tool.vi-en.check]\nenable = [\"nope\"]\n", "unknown check 'nope'"),
        ("[tool.vi-en.check]\nseverity = { fuzzy = \"fatal\" }\n", "must be \"error\" or \"warning\""),
        ("[tool.vi-en.check]\nskip = []\n", "unknown key"),
        ("[tool.vi-en.check]\nenable = \"term\"\n", "must be a list"),
        ("[tool.vi-en.check\n", "invalid TOML"),
        ("[[tool]]\nx = 1\n", "must be a table"),
        ('tool = "x"\n', "must be a table"),
    ],
)
def test_bad_config_is_an_input_error_naming_the_file(tmp_path, text, message):
    pyproject = write(tmp_path / "pyproject.toml", text)
    with pytest.raises(InputError, match=message) as error:
        load_check_config(pyproject)
    assert error.value.file == str(pyproject)


def test_run_counts_files_entries_and_carries_the_stamp(tmp_path):
    run = run_checks([FIXTURES], GLOSSARY)
    assert run.files == len(list(FIXTURES.rglob("*.po")))
    assert run.entries >= 21
    assert run.glossary_digest == GLOSSARY.digest and run.version
    assert run.errors == sum(f.severity == "error" for f in run.findings)


def test_findings_carry_msgid_and_msgstr_exactly_and_the_msgid_line():
    run = run_checks([FIXTURES / "sample_broken.po"], GLOSSARY)
    catalog = {e.msgid_line: e for e in read_catalog(FIXTURES / "sample_broken.po")}
    for finding in run.findings:
        entry = catalog[finding.line]
        assert (finding.source, finding.target) == (entry.msgid, entry.msgstr)


def test_header_and_obsolete_entries_are_not_checked_and_plurals_are(tmp_path):
    po = write(tmp_path / "p.po", '''msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\\n"

msgid "%d mỏ"
msgid_plural "%d mỏ"
msgstr[0] ""
msgstr[1] "%d mines"

#~ msgid "cũ"
#~ msgstr ""
''')
    run = run_checks([po], None)
    assert run.entries == 1  # a plural entry is one entry; its first form is its translation, as for msgfmt
    assert [(f.check, f.line) for f in run.findings] == [("untranslated", 4)]


def test_bad_catalogs_raise_catalog_errors(tmp_path):
    with pytest.raises(CatalogError, match="no PO catalogs"):
        run_checks([tmp_path], None)
    with pytest.raises(CatalogError, match="no such file"):
        run_checks([tmp_path / "missing.po"], None)


def test_big_runs_split_between_processes_give_the_same_findings(monkeypatch):
    import vi_en_toolkit.checks as checks

    entries = [Entry(e.file, e.line + 1000 * copy, e.source, e.target, e.fuzzy)
               for copy in range(3) for e in checks.read_entries(FIXTURES / "sample_broken.po")]
    one = check_entries(entries, GLOSSARY, jobs=1)
    monkeypatch.setattr(checks.runner, "PARALLEL_FROM", 10)
    assert check_entries(entries, GLOSSARY, jobs=2) == one
    assert len(one) > 40 and any(f.check == "inconsistent" for f in check_entries(
        entries + [Entry("b.po", 1, entries[0].source, "Something else entirely")], GLOSSARY, jobs=2))


@pytest.mark.parametrize("jobs, entries, processes", [
    (None, 1_000_000, 1),  # by default one process: a pool costs CPU time and memory (README, "Processes")
    (1, 1_000_000, 1),
    (2, 19_999, 1),  # a small run never pays for starting processes
    (2, 20_000, 2),
    (4, 20_000, 4),
    (64, 1_000_000, 8),
])
def test_processes_used_for_a_run(jobs, entries, processes):
    from vi_en_toolkit.checks.runner import _usable_jobs

    assert _usable_jobs(jobs, entries) == processes


def test_a_big_run_uses_one_process_unless_more_are_asked_for(monkeypatch):
    import vi_en_toolkit.checks as checks

    def no_pool(*args):
        raise AssertionError("a pool was started")

    monkeypatch.setattr(checks.runner, "PARALLEL_FROM", 10)
    monkeypatch.setattr(checks.runner, "_entry_problems_in_processes", no_pool)
    entries = checks.read_entries(FIXTURES / "sample_broken.po")
    assert len(entries) > 10 and check_entries(entries, GLOSSARY)


# --- the fast English matcher answers exactly as the foundation's ------------------------------------

PROJECT_TERMS = list(load_glossary(ROOT / "glossary").terms) + list(GLOSSARY.terms)
WORDS = sorted({w for t in PROJECT_TERMS for f in t.accepted for w in f.replace("-", " ").split()})


@st.composite
def english_around_terms(draw):
    term = draw(st.sampled_from(PROJECT_TERMS))
    pieces = draw(st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(term.accepted),
                                     st.sampled_from(["s", "es", "ies", "-", "'s", ",", ".", "(", "x"])), max_size=8))
    separators = draw(st.lists(st.sampled_from([" ", "", "-", "  "]), min_size=len(pieces), max_size=len(pieces)))
    text = "".join(p + s for p, s in zip(pieces, separators))
    casing = draw(st.sampled_from([str, str.lower, str.upper, str.title]))
    return term, casing(text)


@settings(max_examples=400, deadline=None)
@given(english_around_terms())
def test_accepted_form_occurs_agrees_with_term_is_satisfied_by(case):
    term, text = case
    assert accepted_form_occurs(term, text) == term.is_satisfied_by(text)


@settings(max_examples=400, deadline=None)
@given(english_around_terms(), st.integers(1, 3))
def test_the_fast_count_of_renderings_is_the_regexes(case, times):
    term, text = case
    text = " and ".join([text] * times)  # repeated renderings, as in a source that repeats the term
    assert _matchers(term)[0].count_in(text, text.lower()) == len(term.find_accepted(text))


@pytest.mark.parametrize("text, count", [
    ("That ſanction and this sanction.", 2),  # re.IGNORECASE reads ſ as s; lower() does not
    ("sanctıon and sanction", 2),
    ("SANCTİON, sanctions", 2),
])
def test_renderings_are_counted_in_the_letters_the_regex_takes_for_one_another(text, count):
    term = Term("lệnh trừng phạt", "sanction")
    assert _matchers(term)[0].count_in(text, text.lower()) == len(term.find_accepted(text)) == count


def _balanced_by_every_character(text, pairs):
    """The bracket balance rule spelled out over every character: the reference for _balanced."""
    for opening, closing in pairs:
        depth = 0
        for char in text:
            depth += (char == opening) - (char == closing)
            if depth < 0:
                return False
        if depth:
            return False
    return True


@settings(max_examples=300)
@given(st.text(alphabet="ab ()[]{}“”«»", max_size=30))
def test_bracket_balance_reading_only_the_marks_agrees_with_reading_every_character(text):
    from vi_en_toolkit.checks.typography import _BRACKETS, _QUOTES, _balanced

    for pairs in (_BRACKETS, _QUOTES[:2]):
        assert _balanced(text, pairs) == _balanced_by_every_character(text, pairs)


# --- quick tests and tighter patterns answer exactly as the plain ones --------------------------------

@settings(max_examples=500)
@given(st.text(alphabet="a. \t\n\u00a0\u2003\u200b\x1c", max_size=6), st.text(alphabet="b. \t\n\u00a0\u2003\u200b\x1c", max_size=6))
def test_the_whitespace_check_skips_only_entries_without_white_space_at_an_end(source, target):
    from vi_en_toolkit.checks import EntryContext, RunContext
    from vi_en_toolkit.checks.typography import _whitespace_problems

    check = CHECKS["whitespace"].function(EntryContext(Entry("a.po", 1, source, target), RunContext(None, ())))
    assert list(check) == (list(_whitespace_problems(source, target)) if target else [])
