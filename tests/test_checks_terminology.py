"""Terminology findings where the English renders a term in a way a plain match misses: titles
dropped before a name, forbidden words that stand for something else, coordinated modifiers
sharing one head noun, and terms the source repeats."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vi_en_toolkit.checks import Entry, check_entries
from vi_en_toolkit.checks.term_matching import _alternation, _EnglishForms, _FileForms, _folds_beyond_lower
from vi_en_toolkit.glossary import Glossary, Term, english_pattern

FILE = "people.yaml"
GLOSSARY = Glossary([
    Term("tổng thống", "President", forbidden=("chairman",), title=True, file=FILE),
    Term("ông", "Mr", title=True, file=FILE),
    Term("chủ tịch", "chairman", variants=("chair",), file=FILE),
    Term("thủ tướng", "Prime Minister", file=FILE),  # not marked as a title
    Term("thuế nhập khẩu", "import duties", file="trade.yaml"),
    Term("thuế xuất khẩu", "export duties", file="trade.yaml"),
    Term("thuế quan", "tariffs", file="trade.yaml"),
    Term("hạn ngạch", "quota", file="trade.yaml"),
    Term("trợ cấp", "subsidies", file="trade.yaml"),
])


def findings(source, target, glossary=GLOSSARY):
    return [(f.check, f.found) for f in check_entries([Entry("a.po", 1, source, target)], glossary,
                                                      ["term", "forbidden-term", "names"])]


@pytest.mark.parametrize(
    "source, target, expected",
    [
        # a title followed by a name is rendered when the name is
        ("Tổng thống Lê Minh đến Hà Nội.", "Le Minh arrived in Hanoi.", []),
        ("Tổng thống Lê Minh đến Hà Nội.", "Lê Minh arrived in Hanoi.", []),
        ("Ông Petrov phát biểu hôm qua.", "Petrov spoke yesterday.", []),
        ("Cuộc gặp giữa Tổng thống Hàn Quốc Moon và Nhật Bản.", "The meeting between Moon and Japan.", []),
        # ... but not behind another title of the glossary
        ("Tổng thống Lê Minh đến Hà Nội.", "Prime Minister Le Minh arrived in Hanoi.", [("term", None)]),
        ("Tổng thống Lê Minh đến Hà Nội.", "Vietnam's leader Le Minh arrived in Hanoi.", []),
        # ... and not when the name is missing too
        ("Tổng thống Lê Minh đến Hà Nội.", "The leader arrived in Hanoi.", [("term", None)]),
        # a title without a name after it still needs its English (ấy is no name, though not in a-z)
        ("Anh ấy là tổng thống thứ ba.", "He is the third head of state.", [("term", None)]),
        ("Ông ấy đến Hà Nội.", "He arrived in Hanoi.", [("term", None)]),
        # a term not marked as a title is not satisfied by the name
        ("Thủ tướng Lê Minh đến Hà Nội.", "Le Minh arrived in Hanoi.", [("term", None)]),
    ],
)
def test_a_title_before_a_name_is_satisfied_by_the_name(source, target, expected):
    assert findings(source, target) == expected


@pytest.mark.parametrize(
    "source, target, expected",
    [
        # the forbidden word stands for another word of the sentence: the term is rendered
        ("Tổng thống Lê Minh gặp đồng chủ tịch của quỹ.", "President Le Minh met the fund's co-chairman.", []),
        # the term is not rendered: the forbidden word stands for it
        ("Tổng thống phát biểu.", "The chairman spoke.", [("forbidden-term", "chairman")]),
        # the source holds the term twice, the English renders it once: the forbidden word is the other one
        ("Tổng thống Mỹ gặp tổng thống Pháp.", "The U.S. President met the French chairman.",
         [("forbidden-term", "chairman")]),
        ("Tổng thống Mỹ gặp tổng thống Pháp.", "The U.S. President met the French President.", []),
    ],
)
def test_a_forbidden_word_is_reported_only_where_it_stands_for_the_term(source, target, expected):
    assert findings(source, target) == expected


@pytest.mark.parametrize(
    "source, target, expected",
    [
        ("Thuế nhập khẩu và thuế xuất khẩu đều tăng.", "Import and export duties both rose.", []),
        ("Thuế nhập khẩu và thuế xuất khẩu đều tăng.", "Import, transit and export duties rose.", []),
        ("Thuế nhập khẩu và thuế xuất khẩu đều tăng.", "Import or export duties rose.", []),
        ("Thuế nhập khẩu và thuế xuất khẩu đều tăng.", "Import and export fees rose.",
         [("term", None), ("term", None)]),
        ("Thuế nhập khẩu tăng.", "Import and sales rose.", [("term", None)]),
    ],
)
def test_coordinated_modifiers_share_their_head_noun(source, target, expected):
    assert findings(source, target) == expected


@pytest.mark.parametrize(
    "source, target, expected",
    [
        # the term twice, rendered once, another term's English where the second one should be
        ("Thuế quan với thép và thuế quan với nhôm đều tăng.", "Tariffs on steel and quotas on aluminium rose.",
         [("term", "quotas")]),
        # rendered twice: fine
        ("Thuế quan với thép và thuế quan với nhôm đều tăng.", "Tariffs on steel and tariffs on aluminium rose.", []),
        # rendered once with nothing wrong in its place (the English says it once): fine
        ("Thuế quan với thép và thuế quan với nhôm đều tăng.", "Tariffs on steel and aluminium rose.", []),
        # the other term's English renders its own source term: fine
        ("Thuế quan với thép và thuế quan với nhôm, và hạn ngạch.", "Tariffs on steel and aluminium, and quotas.", []),
    ],
)
def test_a_repeated_term_rendered_fewer_times_with_a_wrong_word_elsewhere_is_reported(source, target, expected):
    assert findings(source, target) == expected


# A glossary file's forms are matched by an alternation compiled per text over only the forms
# that can match in it; it must find what the alternation of all of them finds.
_FORMS = ["rare earths", "U.S.", "tariff", "secondary tariffs", "Kremlin", "e-mail", "istanbul", "class",
          "-ism", "C++", "export duty", "state"]
_PIECES = [*_FORMS, "Rare Earth", "TARIFFS", "tariffed", "U.S", "us", "İstanbul", "ſtate", "claſſes", "e mail",
           "export-duties", "emails", "(", ")", ".", ",", "-", "rare", "earths", "x", "7"]
_TEXTS = st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(["", " ", "  ", "-", ", "])),
                  max_size=10).map(lambda parts: "".join(piece + gap for piece, gap in parts))


@settings(max_examples=500, deadline=None)
@given(forms=st.sets(st.sampled_from(_FORMS), min_size=1),
       text=_TEXTS, pos=st.integers(min_value=0, max_value=20))
def test_a_file_s_forms_match_as_the_alternation_of_all_of_them(forms, text, pos):
    matcher = _FileForms(forms)
    everything = _alternation(tuple(matcher._alternatives))
    assert [m.span() for m in matcher.finditer(text, pos)] == [m.span() for m in everything.finditer(text, pos)]


# A term's forms are first looked for as written and by regex only where that cannot decide; the
# answer must be the regex's on any text (odd spacing, hyphens, letters re.IGNORECASE folds).
_TERM_FORMS = ["rare earths", "rare earth elements", "rare soil metals", "tariff", "secondary tariffs", "U.S.",
               "Kremlin", "North Korean", "e-mail", "state"]
_TERM_TEXTS = st.lists(st.tuples(st.sampled_from([*_PIECES, "rare earth", "metals", "soil", "North", "Korean",
                                                  "Koreans", "elements", "\u00e9", "Kremlins", "RARE"]),
                                 st.sampled_from(["", " ", "  ", "-", ", ", "\t", "\n", "\u00a0", "\u2011", " - "])),
                       max_size=8).map(lambda parts: "".join(piece + gap for piece, gap in parts))


@settings(max_examples=800, deadline=None)
@given(forms=st.lists(st.sampled_from(_TERM_FORMS), min_size=1, max_size=4, unique=True),
       case_sensitive=st.booleans(), text=_TERM_TEXTS)
def test_a_term_s_forms_occur_where_their_regex_finds_them(forms, case_sensitive, text):
    matcher = _EnglishForms(tuple(forms), case_sensitive)
    expected = english_pattern(tuple(forms), case_sensitive).search(text) is not None
    assert matcher.occur_in(text, text.lower()) is expected


@settings(max_examples=800, deadline=None)
@given(forms=st.lists(st.sampled_from(_TERM_FORMS), min_size=1, max_size=4, unique=True),
       case_sensitive=st.booleans(), text=_TERM_TEXTS, times=st.integers(1, 3))
def test_a_term_s_forms_stand_where_their_regex_finds_them(forms, case_sensitive, text, times):
    text = " and ".join([text] * times)  # a form found more than once
    matcher = _EnglishForms(tuple(forms), case_sensitive)
    expected = [m.span() for m in english_pattern(tuple(forms), case_sensitive).finditer(text)]
    assert matcher.spans_in(text, text.lower()) == expected


@settings(max_examples=800, deadline=None)
@given(form=st.sampled_from([*_TERM_FORMS, "-", "Rare earth"]), case_sensitive=st.booleans(), text=_TERM_TEXTS)
def test_a_text_that_holds_a_form_holds_its_one_anchor_where_lower_decides(form, case_sensitive, text):
    # what lets _forms_used pass over a form without asking its matcher
    matcher, lower = _EnglishForms((form,), case_sensitive), text.lower()
    lower_decides = len(lower) == len(text) and not _folds_beyond_lower(lower)
    if matcher.occur_in(text, lower) and lower_decides:
        assert matcher.anchor in lower


def test_a_form_of_hyphens_alone_never_matches_and_breaks_nothing():
    matcher = _FileForms({"-", "sanction"})
    assert [m.group(0) for m in matcher.finditer("A sanction - and another - one.")] == ["sanction"]
