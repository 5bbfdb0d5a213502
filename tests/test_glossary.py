import re
import unicodedata
from pathlib import Path

import pytest

from vi_en_toolkit.errors import GlossaryError
from vi_en_toolkit import word_segmentation
from vi_en_toolkit.glossary import Glossary, Term, _longest_without_overlap, lint_glossary, load_glossary
from vi_en_toolkit.vietnamese import segment

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "glossary_lint"

GLOSSARY = Glossary(
    [
        Term("đất hiếm", "rare earths"),
        Term("kim loại đất hiếm", "rare earth metals"),
        Term("thuế quan", "tariffs"),
        Term("thuế quan thứ cấp", "secondary tariffs", forbidden=("secondary taxes",)),
        Term("mỏ", "mine", variants=("deposit",)),
        Term("thỏa thuận", "deal", variants=("agreement",)),
        Term("Nga", "Russia", case_sensitive=True),
        Term("Mỹ", "United States", variants=("U.S.", "US"), case_sensitive=True),
        Term("Volodymyr Zelenskiy", "Volodymyr Zelenskiy", forbidden=("Volodymyr Zelensky",), case_sensitive=True),
    ]
)


def found(text):
    return [(m.term.vi, m.text) for m in GLOSSARY.find_terms(text)]


# --- Vietnamese side ---------------------------------------------------------------------------

def test_longest_match_wins():
    assert found("kim loại đất hiếm tại Nga") == [("kim loại đất hiếm", "kim loại đất hiếm"), ("Nga", "Nga")]
    assert found("áp đặt thuế quan thứ cấp") == [("thuế quan thứ cấp", "thuế quan thứ cấp")]
    assert found("thuế quan mới") == [("thuế quan", "thuế quan")]


def test_title_case_headings_match_and_show_the_original():
    assert found("Nga – Mỹ Thảo Luận Về Hợp Tác Khai Thác Đất Hiếm") == [
        ("Nga", "Nga"),
        ("Mỹ", "Mỹ"),
        ("đất hiếm", "Đất Hiếm"),
    ]


@pytest.mark.parametrize("text", ["thoả thuận", "thỏa thuận", unicodedata.normalize("NFD", "thoả thuận")])
def test_either_tone_placement_and_nfd_input_match(text):
    matches = GLOSSARY.find_terms(text)
    assert [m.term.vi for m in matches] == ["thỏa thuận"]
    assert text[matches[0].start : matches[0].end] == text


@pytest.mark.parametrize("text", ["Ngan hàng", "mỏng manh", "Ngày mai", "tổ chức mỹ phẩm", "đất hiếmx"])
def test_terms_match_whole_words_only(text):
    assert found(text) == []


def test_case_sensitive_names_need_their_case():
    assert found("thẩm mỹ và Mỹ") == [("Mỹ", "Mỹ")]


def test_every_occurrence_is_found_in_order():
    matches = GLOSSARY.find_terms("mỏ, mỏ và mỏ.")
    assert [m.start for m in matches] == [0, 4, 10]


# A term matches whole Vietnamese words: syllables that belong to a neighbouring word are not it.
BOUNDARY_GLOSSARY = Glossary([
    Term("hàng hóa", "goods"),
    Term("tấn", "tonnes"),
    Term("chính trị", "political"),
    Term("quân sự", "military"),
    Term("Mỹ", "United States", case_sensitive=True),
])
needs_segmenter = pytest.mark.skipif(not word_segmentation.available(), reason="underthesea is not installed")


@needs_segmenter
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Khu chợ có nhiều gian hàng hóa phẩm mới mở.", []),  # gian_hàng hóa_phẩm
        ("Khu chợ có “gian hàng hóa phẩm”.", []),  # quotes around the words
        ("Khu chợ có “gian hàng hóa” mới.", []),  # a quote before the word outside the term: gian_hàng
        ("Giá (hàng hóa phẩm...) tăng.", []),  # punctuation after it: hóa_phẩm
        ("Giá hàng hóa tăng mạnh trong tháng này.", ["hàng hóa"]),
        ("Giá hàng hoá tăng mạnh.", ["hàng hoá"]),  # the other tone placement
        ("Thông tấn xã Việt Nam đưa tin sáng nay.", []),  # one word: news agency
        ("Nhà máy sản xuất hai triệu tấn thép.", ["tấn"]),
        ("Nhiều chính trị gia phản đối dự luật.", []),  # chính_trị_gia: politicians
        ("Tình hình chính trị vẫn ổn định.", ["chính trị"]),
        ("Hai bên lập một vùng phi quân sự dọc biên giới.", []),  # phi_quân_sự: demilitarised
        ("Cuộc tập trận quân sự kéo dài ba ngày.", ["quân sự"]),
        ("Các nước Trung Mỹ họp tại Panama.", []),  # Trung_Mỹ: Central America
        ("Mỹ và Canada ký hiệp định.", ["Mỹ"]),
        ("Quân sự, chính trị và hàng hóa.", ["Quân sự", "chính trị", "hàng hóa"]),  # punctuation ends a word
        ("Hàng hóa phẩm được bán ở chợ lớn hôm nay.", []),  # at the text's start: hàng hóa_phẩm
        ("Hàng hóa được bán ở chợ lớn hôm nay.", ["Hàng hóa"]),
    ],
)
def test_terms_match_whole_vietnamese_words_not_syllables_of_a_neighbouring_word(text, expected):
    assert [m.text for m in BOUNDARY_GLOSSARY.find_terms(text)] == expected


@needs_segmenter
@pytest.mark.parametrize("tail", ["", " (17)", " 3,8 triệu.", " – 2025", ", nay"])
def test_what_follows_the_words_around_a_term_does_not_change_whether_it_matches(tail):
    assert BOUNDARY_GLOSSARY.find_terms("Khu chợ có gian hàng hóa phẩm" + tail) == []
    assert [m.text for m in BOUNDARY_GLOSSARY.find_terms("Giá hàng hóa tăng mạnh" + tail)] == ["hàng hóa"]


def test_without_a_word_segmenter_every_syllable_boundary_counts(monkeypatch):
    monkeypatch.setattr(word_segmentation, "_model_folder", lambda: None)
    monkeypatch.setattr(word_segmentation, "_doubtful_pairs", lambda: None)
    assert [m.text for m in BOUNDARY_GLOSSARY.find_terms("Khu chợ có nhiều gian hàng hóa phẩm.")] == ["hàng hóa"]


NOT_IN_GLOSSARY = Glossary([
    Term("môi trường", "environment", not_in=("môi trường sống",)),
    Term("Triều Tiên", "North Korea", case_sensitive=True, not_in=("bán đảo Triều Tiên",)),
    Term("hòa bình", "peace", not_in=("Giải Nobel Hòa bình",)),
])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Loài chim này đang mất dần môi trường sống.", []),
        ("Luật bảo vệ môi trường có hiệu lực.", ["môi trường"]),
        ("Môi trường ở đây khác môi trường sống cũ của chúng.", ["Môi trường"]),
        ("Căng thẳng trên bán đảo Triều Tiên giảm.", []),
        ("Triều Tiên thử tên lửa.", ["Triều Tiên"]),
        ("Ông nhận giải Nobel Hoà Bình năm ngoái.", []),  # the exception in another case and tone placement
        ("Hai nước ký hiệp ước hòa bình.", ["hòa bình"]),
    ],
)
def test_a_term_does_not_match_inside_its_not_in_phrases(text, expected):
    assert [m.text for m in NOT_IN_GLOSSARY.find_terms(text)] == expected


def test_an_empty_glossary_finds_nothing():
    assert Glossary([]).find_terms("đất hiếm") == []


# --- English side ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "english, ok",
    [
        ("rare earths", True),
        ("rare earth mining", True),
        ("rare-earth projects", True),
        ("Rare Earths", True),
        ("RARE EARTH", True),
        ("rare soils", False),
        ("rareearth", False),
        ("a rare earthquake", False),
    ],
)
def test_english_forms_allow_number_case_and_hyphenation(english, ok):
    assert GLOSSARY.lookup("đất hiếm").is_satisfied_by(english) is ok


@pytest.mark.parametrize(
    "english, ok",
    [("a mine", True), ("mines", True), ("two deposits", True), ("undermined", False)],
)
def test_variants_are_accepted(english, ok):
    assert GLOSSARY.lookup("mỏ").is_satisfied_by(english) is ok


@pytest.mark.parametrize(
    "english, ok",
    [
        ("Volodymyr Zelenskiy said", True),
        ("Volodymyr Zelenskiy's deal", True),
        ("volodymyr zelenskiy", False),
        ("Volodymyr Zelensky", False),
    ],
)
def test_names_are_spelled_exactly(english, ok):
    assert GLOSSARY.lookup("Volodymyr Zelenskiy").is_satisfied_by(english) is ok


@pytest.mark.parametrize(
    "form, case_sensitive, english, ok",
    [
        ("assault", False, "He was accused of assaulting a guard.", True),  # a verb in every tense
        ("assault", False, "They assaulted the post at dawn.", True),
        ("assault", False, "Assaults rose last year.", True),
        ("attacked", False, "Rebels attack the town.", True),  # from a past form back to the others
        ("lead", False, "She led the talks.", True),  # irregular
        ("crisis", False, "Two crises at once.", True),
        ("tariffs", False, "a new tariff", True),
        ("company", False, "three companies", True),
        ("estimate", False, "an estimated 300 people", True),
        ("talks", False, "They were talking.", False),  # a plural noun does not turn into a verb
        ("ties", False, "The game was tied.", False),
        ("assault", False, "an assaultive tone", False),
        ("North Korean", True, "Two North Koreans defected.", True),  # a demonym's plural
        ("North Korean", True, "two north koreans", False),  # a name keeps its case
        ("Korea", True, "the two Koreas", True),
        ("US", True, "the USs", False),  # acronyms take no plural
    ],
)
def test_english_word_forms_come_from_an_inflection_lexicon(form, case_sensitive, english, ok):
    assert Term("x", form, case_sensitive=case_sensitive).is_satisfied_by(english) is ok


def test_forbidden_forms_are_found_outside_accepted_ones():
    term = GLOSSARY.lookup("thuế quan thứ cấp")
    assert [m.group(0) for m in term.find_forbidden("secondary taxes of 25%")] == ["secondary taxes"]
    assert term.find_forbidden("secondary tariffs") == []


def test_lookup_is_by_folded_source():
    assert GLOSSARY.lookup("Thoả Thuận").en == "deal"
    assert GLOSSARY.lookup("không có") is None


# --- loading and lint ----------------------------------------------------------------------------

def test_the_shipped_glossary_is_clean_large_and_covers_the_article():
    report = lint_glossary([ROOT / "glossary"])
    assert report.problems == ()
    assert report.terms >= 150
    glossary = load_glossary(ROOT / "glossary")
    article = (ROOT / "translations" / "rare-earths-russia-us.vi.txt").read_text(encoding="utf-8")
    found_terms = {m.term.vi for s in segment(article) for m in glossary.find_terms(s.text)}
    for expected in [
        "đất hiếm",
        "thuế quan thứ cấp",
        "trữ lượng",
        "Quỹ Đầu tư Trực tiếp Nga",
        "Cục Khảo sát Địa chất Hoa Kỳ",
        "Bộ Tài nguyên Thiên nhiên Nga",
        "Bắc Kinh",
        "Kirill Dmitriev",
        "Volodymyr Zelenskiy",
    ]:
        assert glossary.lookup(expected).vi in found_terms, expected
        assert glossary.lookup(expected).strictness == "required", expected  # the article's domain terms and names


@pytest.mark.parametrize(
    "vi, strictness",
    [
        # the domain and its names: a missing rendering fails the build
        ("đất hiếm", "required"), ("thuế quan thứ cấp", "required"), ("trữ lượng", "required"),
        ("lạm phát", "required"), ("Kirill Dmitriev", "required"), ("Quỹ Đầu tư Trực tiếp Nga", "required"),
        # general language a good translator paraphrases: at most a warning
        ("quan hệ", "advisory"), ("chính trị", "advisory"), ("kinh tế", "advisory"), ("hợp tác", "advisory"),
        ("môi trường", "advisory"), ("kiểm soát", "advisory"), ("khai thác", "advisory"), ("thăm dò", "advisory"),
        # only a wrong rendering is worth an alarm
        ("đô la Mỹ", "forbidden-only"),
    ],
)
def test_the_shipped_glossary_holds_the_domain_strictly_and_general_language_loosely(vi, strictness):
    assert load_glossary(ROOT / "glossary").lookup(vi).strictness == strictness


def test_the_shipped_glossary_marks_titles_and_the_exceptions_a_longer_entry_cannot_say():
    glossary = load_glossary(ROOT / "glossary")
    assert all(glossary.lookup(title).title for title in ("tổng thống", "thủ tướng", "bộ trưởng", "ngoại trưởng", "chủ tịch"))
    assert "thông tấn" in glossary.lookup("tấn").not_in
    assert glossary.lookup("bán đảo Triều Tiên").en == "Korean Peninsula"  # not the name North Korea
    assert glossary.lookup("quốc gia") is None  # country, nation, state, or the country's name: nothing to hold


def test_the_seventeen_rare_earth_elements_are_in_the_glossary():
    glossary = load_glossary(ROOT / "glossary")
    elements = "Lantan Xeri Praseodymi Neodymi Prometi Samari Europi Gadolini Terbi Dysprosi Holmi Erbi Thuli Ytterbi Luteti Scandi Yttri"
    missing = [name for name in elements.split() if glossary.lookup(name) is None]
    assert missing == []


LINT_CASES = [
    ("missing_en.yaml", 2, "schema", "missing 'en'"),
    ("wrong_type.yaml", 4, "schema", "'variants' must be a list of strings"),
    ("unknown_key.yaml", 4, "schema", "unknown key 'englsh'"),
    ("duplicate_terms.yaml", 6, "duplicate", "'Mỏ' is already at"),
    ("conflicting_terms.yaml", 6, "conflict", "'mỏ' is 'deposit' here but 'mine'"),
    ("forbidden_accepted.yaml", 3, "forbidden-accepted", "'rare earth' is both forbidden and accepted"),
    ("forbidden_inside_accepted.yaml", 3, "forbidden-accepted", "forbidden 'tariffs' occurs inside"),
    ("not_nfc.yaml", 3, "not-nfc", "'vi'"),
    ("empty_string.yaml", 3, "empty", "'en' is empty"),
    ("unknown_strictness.yaml", 5, "schema", "'strictness' must be one of required, advisory, forbidden-only"),
    ("forbidden_only_without_forms.yaml", 3, "strictness", "'forbidden-only' with no forbidden forms"),
    ("not_in_without_the_term.yaml", 3, "not-in", "not_in 'thông tin' does not contain 'tấn'"),
    ("not_in_inside_a_syllable.yaml", 3, "not-in", "not_in 'tấnx xã' does not contain 'tấn'"),
    ("not_in_the_term_itself.yaml", 3, "not-in", "not_in 'Tấn' is not longer than 'tấn'"),
    ("not_in_twice.yaml", 3, "not-in", "not_in 'Thông tấn xã' is listed twice"),
    ("not_in_empty.yaml", 3, "empty", "'not_in' has an empty entry"),
    ("title_as_a_name.yaml", 3, "title", "a title is not a case-sensitive name"),
    ("title_not_a_flag.yaml", 5, "schema", "'title' must be true or false"),
]


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


LINT_SOURCES = {
    "missing_en.yaml": "terms:\n  - vi: mỏ\n  - vi: quặng\n",
    "wrong_type.yaml": "terms:\n  - vi: mỏ\n    en: mine\n    variants: deposit\n",
    "unknown_key.yaml": "terms:\n  - vi: mỏ\n    en: mine\n    englsh: mine\n",
    "duplicate_terms.yaml": "terms:\n  - vi: mỏ\n    en: mine\n\n\n  - vi: Mỏ\n    en: mine\n",
    "conflicting_terms.yaml": "terms:\n  - vi: mỏ\n    en: mine\n\n\n  - vi: mỏ\n    en: deposit\n",
    "forbidden_accepted.yaml": "terms:\n  - vi: x\n  - vi: đất hiếm\n    en: rare earths\n    forbidden: [rare earth]\n",
    "forbidden_inside_accepted.yaml": "terms:\n  - vi: x\n  - vi: thuế quan thứ cấp\n    en: secondary tariffs\n    forbidden: [tariffs]\n",
    "not_nfc.yaml": "terms:\n  - vi: x\n  - vi: " + unicodedata.normalize("NFD", "trữ lượng") + "\n    en: reserves\n",
    "empty_string.yaml": "terms:\n  - vi: x\n  - vi: mỏ\n    en: ''\n",
    "unknown_strictness.yaml": "terms:\n  - vi: mỏ\n    en: mine\n    # a typo must not silently make the term required\n    strictness: optional\n",
    "forbidden_only_without_forms.yaml": "terms:\n  - vi: x\n  - vi: thế giới\n    en: world\n    strictness: forbidden-only\n",
    "not_in_without_the_term.yaml": "terms:\n  - vi: x\n  - vi: tấn\n    en: tonnes\n    not_in: [thông tin]\n",
    "not_in_inside_a_syllable.yaml": "terms:\n  - vi: x\n  - vi: tấn\n    en: tonnes\n    not_in: [tấnx xã]\n",
    "not_in_the_term_itself.yaml": "terms:\n  - vi: x\n  - vi: tấn\n    en: tonnes\n    not_in: [Tấn]\n",
    "not_in_twice.yaml": "terms:\n  - vi: x\n  - vi: tấn\n    en: tonnes\n    not_in: [thông tấn xã, Thông tấn xã]\n",
    "not_in_empty.yaml": "terms:\n  - vi: x\n  - vi: tấn\n    en: tonnes\n    not_in: [' ']\n",
    "title_as_a_name.yaml": "terms:\n  - vi: x\n  - vi: Tổng thống\n    en: President\n    case_sensitive: true\n    title: true\n",
    "title_not_a_flag.yaml": "terms:\n  - vi: ông\n    en: Mr\n    strictness: forbidden-only\n    title: yes please\n",
}


@pytest.mark.parametrize("name, line, code, message", LINT_CASES)
def test_each_lint_problem_names_its_file_and_line(tmp_path, name, line, code, message):
    path = _write(tmp_path, name, LINT_SOURCES[name])
    problems = [p for p in lint_glossary([path]).problems if p.code == code]
    assert problems, f"no {code} problem reported"
    assert problems[0].file == str(path)
    assert problems[0].line == line
    assert message in problems[0].message


def test_a_term_with_every_field_in_use_is_clean(tmp_path):
    path = _write(tmp_path, "full.yaml", (
        "terms:\n"
        "  - vi: tấn\n    en: tonnes\n    variants: [tons]\n    strictness: required\n"
        "    not_in: [thông tấn xã, Thông tấn xã Việt Nam]\n"
        "  - vi: tổng thống\n    en: President\n    forbidden: [chairman]\n    title: true\n"
        "  - vi: thế giới\n    en: world\n    forbidden: [earth world]\n    strictness: forbidden-only\n"
        "  - vi: chính phủ\n    en: government\n    strictness: advisory\n"))
    assert lint_glossary([path]).problems == ()
    terms = load_glossary(path).terms
    assert [(t.strictness, t.not_in, t.title) for t in terms] == [
        ("required", ("thông tấn xã", "Thông tấn xã Việt Nam"), False),
        ("required", (), True),
        ("forbidden-only", (), False),
        ("advisory", (), False),
    ]


def test_overlapping_sources_are_allowed(tmp_path):
    path = _write(
        tmp_path, "overlap.yaml", "terms:\n  - vi: đất hiếm\n    en: rare earths\n  - vi: kim loại đất hiếm\n    en: rare earth metals\n"
    )
    assert lint_glossary([path]).problems == ()


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("terms: [\n", 2, "invalid YAML"),
        ("terms:\n  - !!python/object/apply:os.system ['touch /tmp/pwned']\n", 2, "tag not allowed"),
        ("", 1, "empty glossary file"),
        ("- vi: mỏ\n  en: mine\n", 1, "a mapping with a 'terms:' list"),
        # YAML would silently keep only the last of two equal keys: half a glossary lost
        ("terms:\n  - vi: mỏ\n    en: mine\nterms:\n  - vi: quặng\n    en: ore\n", 4, "duplicate key 'terms'"),
        ("terms:\n  - vi: mỏ\n    vi: quặng\n    en: mine\n", 3, "duplicate key 'vi'"),
    ],
)
def test_unreadable_glossaries_raise_one_error_with_file_and_line(tmp_path, text, line, message):
    path = _write(tmp_path, "bad.yaml", text)
    with pytest.raises(GlossaryError) as raised:
        load_glossary(path)
    assert raised.value.file == str(path)
    assert raised.value.line == line
    assert message in raised.value.message


def test_a_python_tag_is_never_executed(tmp_path):
    marker = tmp_path / "executed"
    path = _write(tmp_path, "evil.yaml", f"terms:\n  - !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(GlossaryError):
        load_glossary(path)
    assert not marker.exists()


def test_a_non_utf8_glossary_is_refused_with_its_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("terms:\n  - vi: mỏ\n    en: mine\n  - vi: é\n".encode("utf-8")[:-3] + b"\xe9\n")
    with pytest.raises(GlossaryError) as raised:
        load_glossary(path)
    assert raised.value.line == 4


def test_a_missing_path_or_an_empty_folder_is_an_error(tmp_path):
    with pytest.raises(GlossaryError, match="no such file"):
        load_glossary(tmp_path / "nothing.yaml")
    with pytest.raises(GlossaryError, match="no glossary files"):
        load_glossary(tmp_path)


def test_a_glossary_with_schema_problems_does_not_load(tmp_path):
    path = _write(tmp_path, "missing_en.yaml", LINT_SOURCES["missing_en.yaml"])
    with pytest.raises(GlossaryError) as raised:
        load_glossary(path)
    assert raised.value.line == 2


def test_the_digest_changes_with_content_only():
    same = Glossary([Term("mỏ", "mine", file="a.yaml", line=1)])
    moved = Glossary([Term("mỏ", "mine", file="b.yaml", line=9)])
    changed = Glossary([Term("mỏ", "mines")])
    assert same.digest == moved.digest != changed.digest


# --- small texts are matched by key lookups, big ones by the automaton: the same matches ------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_SYLLABLES = ["hàng", "hóa", "hoá", "gian", "phẩm", "Nga", "nga", "Mỹ", "đất", "hiếm", "thông", "tấn", "xã", "kinh", "tế"]
_KEYS = st.lists(st.sampled_from(_SYLLABLES), min_size=1, max_size=3).map(" ".join)
_TEXT_PIECES = st.sampled_from(_SYLLABLES + [" ", " ", ", ", ".", "(", ")", "-", "7", "x", "\\n"])


def _spans_both_ways(glossary_terms, text):
    by_lookup = Glossary(glossary_terms)
    by_automaton = Glossary(glossary_terms)
    by_automaton._automaton = by_automaton._build_automaton()
    return (
        [(s, e, t.vi) for s, e, t in by_lookup.term_spans(text)],
        [(s, e, t.vi) for s, e, t in by_automaton.term_spans(text)],
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_KEYS, st.booleans(), st.lists(_KEYS, max_size=1)), min_size=1, max_size=12),
    st.lists(_TEXT_PIECES, max_size=40).map("".join),
)
def test_key_lookups_find_what_the_automaton_finds(entries, text):
    terms = [Term(vi, "x", case_sensitive=cased, not_in=tuple(f"{vi} {n}" for n in not_in))
             for vi, cased, not_in in entries]
    by_lookup, by_automaton = _spans_both_ways(terms, text)
    assert by_lookup == by_automaton


@pytest.mark.parametrize("text", [
    "Khu chợ có nhiều gian hàng hóa phẩm.",
    "Nga và Mỹ thảo luận về đất hiếm, hàng hoá và kinh tế.",
    "Thông tấn xã Việt Nam đưa tin (Nga).",
])
def test_the_matcher_builds_its_automaton_only_after_enough_text(text):
    glossary = Glossary([Term("hàng hóa", "goods"), Term("Nga", "Russia", case_sensitive=True), Term("tấn", "tonnes"),
                         Term("đất hiếm", "rare earths"), Term("kinh tế", "economy")])
    first = glossary.find_terms(text)
    assert glossary._automaton is None
    while glossary._automaton is None:
        glossary.find_terms(text)
    assert glossary.find_terms(text) == first


@pytest.mark.parametrize("coming, built", [
    (10, False),  # a one-entry check: key lookups, no automaton
    (Glossary.AUTOMATON_AFTER + 1, True),  # more than the lookups would read before building it
])
def test_a_matcher_told_how_much_text_is_coming_builds_its_automaton_first_only_when_it_would_anyway(coming, built):
    glossary = Glossary([Term("hàng hóa", "goods"), Term("đất hiếm", "rare earths")])
    glossary.expect_text(coming)
    assert (glossary._automaton is not None) is built
    assert [m.text for m in glossary.find_terms("Nga bán đất hiếm và hàng hoá.")] == ["đất hiếm", "hàng hoá"]


def test_a_repeated_key_keeps_every_term_and_looks_up_the_first():
    glossary = Glossary([Term("hàng hóa", "goods"), Term("Nga", "Russia", case_sensitive=True),
                         Term("hàng hoá", "merchandise"), Term("nga", "Russian")])
    assert glossary.lookup("Hàng hóa").en == "goods" and glossary.lookup("NGA").en == "Russia"
    assert [(m.text, m.term.en) for m in glossary.find_terms("Nga bán hàng hóa cho nga.")] == [
        ("Nga", "Russia"), ("hàng hóa", "goods"), ("nga", "Russian")]


def test_a_matcher_prepared_before_any_text_finds_the_same():
    terms = [Term("hàng hóa", "goods"), Term("Nga", "Russia", case_sensitive=True), Term("tấn", "tonnes", not_in=("thông tấn",))]
    text = "Thông tấn xã: Nga mua hàng hoá, 3 tấn."
    prepared = Glossary(terms)
    prepared.prepare_matcher()
    assert prepared._automaton is not None
    assert prepared.find_terms(text) == Glossary(terms).find_terms(text)
    assert [m.text for m in prepared.find_terms(text)] == ["Nga", "hàng hoá", "tấn"]


# --- fast paths of the matcher give what the plain rules give ---------------------------------------

class _SyllableBySyllable(Glossary):
    """The matcher with every key's in-doubt test taken syllable by syllable (the path keys with
    space around them take) instead of read off one slice of the text."""

    def _value(self, key):
        length, terms, cased, _, _ = super()._value(key)
        return length, terms, cased, None, None


# syllables of dictionary words (gian_hàng, hóa_phẩm, thông_tấn_xã, chính_trị_gia), so that
# boundaries are often in doubt, each with punctuation around it or not
_WORD_SYLLABLES = ["gian", "hàng", "hóa", "hoá", "phẩm", "thông", "tấn", "xã", "chính", "trị", "gia", "Nga", "7"]
_PUNCTUATED = st.tuples(st.sampled_from(["", "", "", "(", "“", "(“", "-"]), st.sampled_from(_WORD_SYLLABLES),
                        st.sampled_from(["", "", "", ",", ".", ")", "”", "...", "-", "-x"])).map("".join)
_GAPS = st.sampled_from([" ", " ", " ", "  ", "\n", ""])


@needs_segmenter
@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WORD_SYLLABLES), min_size=1, max_size=3).map(" ".join), min_size=1, max_size=6),
       st.lists(st.tuples(_GAPS, _PUNCTUATED).map("".join), max_size=16).map("".join))
def test_the_in_doubt_test_read_off_the_text_is_the_syllable_by_syllable_one(keys, text):
    terms = [Term(vi, "x") for vi in keys]
    assert Glossary(terms).term_spans(text) == _SyllableBySyllable(terms).term_spans(text)


_CASED_PIECES = st.sampled_from(["Hòa Bình", "Hoà Bình", "hòa bình", "HÒA BÌNH", "Ho\u0300a Bi\u0300nh", "Nga", "nga",
                                 "NGA", " ", " ", ", ", "(", ")", "Quý", "quý", "Qúy"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_CASED_PIECES, max_size=20).map("".join))
def test_a_case_sensitive_term_matches_exactly_the_places_spelled_in_its_case(text):
    from vi_en_toolkit.vietnamese import fold

    terms = [Term("Hòa Bình", "Hoa Binh", case_sensitive=True), Term("Nga", "Russia", case_sensitive=True),
             Term("Quý", "Quy", case_sensitive=True)]
    with pytest.MonkeyPatch.context() as patch:  # every syllable boundary a word boundary: the plain rule
        patch.setattr(word_segmentation, "_model_folder", lambda: None)
        patch.setattr(word_segmentation, "_doubtful_pairs", lambda: None)
        spans = Glossary(terms).term_spans(text)
    assert all(fold(text[s:e], casefold=False) == fold(t.vi, casefold=False) for s, e, t in spans)
    # and none is missed: every place the whole text, folded in its own case, spells one
    cased = fold(text, casefold=False)
    if len(cased) == len(text):
        expected = sorted((m.start(), m.end()) for t in terms
                          for m in re.finditer(rf"(?<!\w){re.escape(fold(t.vi, casefold=False))}(?!\w)", cased))
        assert [(s, e) for s, e, _ in spans] == expected


def _longest_first_by_comparing_spans(candidates):
    """The overlap rule spelled out: longest first (of equal ones the earliest), then each span
    that overlaps none taken, in text order; the reference for the matcher's own."""
    chosen = []
    for span in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if all(span[1] <= other[0] or other[1] <= span[0] for other in chosen):
            chosen.append(span)
    return sorted(chosen)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8)), max_size=12, unique_by=lambda c: c))
def test_overlapping_matches_resolve_as_the_spelled_out_rule(starts_and_lengths):
    spans = {(start, start + length) for start, length in starts_and_lengths}
    candidates = [(start, end, f"term {start}-{end}") for start, end in sorted(spans, key=lambda s: (s[1], s[0]))]
    assert _longest_without_overlap(candidates, 40) == _longest_first_by_comparing_spans(candidates)
