"""Term enforcement against a deterministic engine double: rerank, protect with placeholders,
flag what is still missing; and the guarantee that no term is ever silently wrong."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine_double import PLACEHOLDER, ScriptedEngine, codes_in

from vi_en_toolkit.enforce import (
    TermEnforcer,
    mask_terms,
    placeholder_codes,
    rank_placeholders,
    restore_placeholders,
    term_is_enforced,
    unenforced_line,
)
from vi_en_toolkit import word_segmentation
from vi_en_toolkit.checks.term_matching import TermOccurrences, accepted_form_occurs, forbidden_form_occurs
from vi_en_toolkit.glossary import Glossary, Term

RARE_EARTHS = Term("đất hiếm", "rare earths", forbidden=("rare soil",))
TARIFFS = Term("thuế quan thứ cấp", "secondary tariffs")
RESERVES = Term("trữ lượng", "reserves")
PUTIN = Term("Putin", "Putin", case_sensitive=True)
RUSSIA = Term("Nga", "Russia", variants=("Russian",), case_sensitive=True)
GLOSSARY = Glossary([RARE_EARTHS, TARIFFS, RESERVES, PUTIN, RUSSIA])

CODE = PLACEHOLDER


def enforce(respond, *sources, glossary=GLOSSARY):
    engine = ScriptedEngine(respond)
    return TermEnforcer(engine, glossary).translate(list(sources)), engine


# --- (a) rerank --------------------------------------------------------------------------------

def test_rerank_picks_the_hypothesis_that_renders_the_terms():
    (result,), engine = enforce(
        lambda s: ["The reserves of rare soil are big.", "The reserves of rare earths are big.", "Big."],
        "Trữ lượng đất hiếm rất lớn.",
    )
    assert result.text == "The reserves of rare earths are big."
    assert result.unenforced == ()
    assert len(engine.calls) == 1  # nothing left to protect


def test_rerank_prefers_the_model_score_when_coverage_ties():
    (result,), _ = enforce(lambda s: ["Reserves are big.", "The reserves are big."], "Trữ lượng rất lớn.")
    assert result.text == "Reserves are big."


def test_a_forbidden_rendering_does_not_count_as_covered():
    (result,), _ = enforce(
        lambda s: ["Rare soil is mined.", "Rare earths are mined."] if not codes_in(s) else ["Nothing."],
        "Đất hiếm được khai thác.",
    )
    assert result.text == "Rare earths are mined."


@pytest.mark.parametrize(
    "source, hypotheses, chosen",
    [
        # the term rendered once as the source holds it once: the forbidden word stands for something else
        ("Đất hiếm.", ["Rare soil, rare earths.", "Rare earths."], "Rare soil, rare earths."),
        # held twice, rendered once: the forbidden word stands for the second one
        ("Đất hiếm và đất hiếm.", ["Rare soil and rare earths.", "Rare earths and rare earths."],
         "Rare earths and rare earths."),
    ],
)
def test_a_forbidden_word_counts_only_where_it_stands_for_the_term(source, hypotheses, chosen):
    (result,), _ = enforce(lambda s: hypotheses if not codes_in(s) else ["Nothing."], source)
    assert result.text == chosen


PRESIDENT = Term("tổng thống", "President", title=True)
IMPORT_DUTIES = Term("thuế nhập khẩu", "import duties")
EXPORT_DUTIES = Term("thuế xuất khẩu", "export duties")
GOODS = Term("hàng hóa", "goods")
MATCHING_GLOSSARY = Glossary([PRESIDENT, IMPORT_DUTIES, EXPORT_DUTIES, GOODS])


@pytest.mark.parametrize(
    "source, english",
    [
        ("Tổng thống Lê Minh đã đến.", "Le Minh has arrived."),  # a title dropped before its name
        ("Thuế nhập khẩu và thuế xuất khẩu tăng.", "Import and export duties rose."),  # one shared head noun
        pytest.param("Các gian hàng hóa phẩm đóng cửa.", "The chemist's stores closed.",  # gian_hàng hóa_phẩm
                     marks=pytest.mark.skipif(not word_segmentation.available(), reason="underthesea is not installed")),
    ],
)
def test_a_translation_the_checks_accept_is_left_as_the_model_wrote_it(source, english):
    (result,), engine = enforce(lambda s: [english], source, glossary=MATCHING_GLOSSARY)
    assert result.text == english
    assert result.unenforced == ()
    assert len(engine.calls) == 1


# --- (b) protect -------------------------------------------------------------------------------

def test_placeholder_is_restored_as_the_glossary_english():
    def respond(sentence):
        codes = codes_in(sentence)
        return [f"{codes[0]} will rise."] if codes else ["Tariffs will rise."]

    (result,), engine = enforce(respond, "Thuế quan thứ cấp sẽ tăng.")
    assert result.text == "Secondary tariffs will rise."  # capitalized: it starts the sentence
    assert result.unenforced == ()
    assert result.protected == (TARIFFS,)
    assert engine.calls[0] == ["Thuế quan thứ cấp sẽ tăng."]
    assert len(engine.calls) == 2 and not engine.calls[1][0].startswith("Thuế")


def test_lost_placeholder_is_detected_and_the_term_flagged():
    (result,), _ = enforce(lambda s: ["will rise."] if codes_in(s) else ["Tariffs will rise."], "Thuế quan thứ cấp sẽ tăng.")
    assert result.unenforced == (TARIFFS,)
    assert result.text == "Tariffs will rise."  # the unmasked translation: as good and more fluent


@pytest.mark.parametrize("broken", ["{0} and {0} will rise.", "{0}s will rise.", "{0}{0} will rise."])
def test_duplicated_or_mangled_placeholder_is_never_restored(broken):
    def respond(sentence):
        codes = codes_in(sentence)
        return [broken.format(codes[0])] if codes else ["Tariffs will rise."]

    (result,), _ = enforce(respond, "Thuế quan thứ cấp sẽ tăng.")
    assert result.unenforced == (TARIFFS,)
    assert result.text == "Tariffs will rise."
    assert not CODE.search(result.text)


def test_the_protect_retranslation_keeps_a_runner_up_for_a_lost_placeholder():
    def respond(sentence):
        codes = codes_in(sentence)
        return ["will rise.", f"{codes[0]} rise.", f"{codes[0]} will rise."] if codes else ["Tariffs will rise."]

    beams = []

    class RecordingEngine(ScriptedEngine):
        def translate_batch(self, sentences, beam_size=4, num_hypotheses=4, return_attention=False, **options):
            beams.append(beam_size)
            return super().translate_batch(sentences, beam_size, num_hypotheses)

    (result,) = TermEnforcer(RecordingEngine(respond), GLOSSARY, beam_size=4).translate(["Thuế quan thứ cấp sẽ tăng."])
    # the placeholders carry the terms: greedy first, and beam 2 only where the greedy output lost one
    assert beams == [4, 1, 2]
    assert result.text == "Secondary tariffs rise."  # the runner-up
    assert result.unenforced == ()
    assert result.decodings == 3


@pytest.mark.parametrize(
    "greedy, retried",
    [
        ("{0} and {1} will rise.", False),  # every placeholder back once: nothing to retry
        ("{0} will rise.", True),  # one lost
        ("will rise.", True),  # all lost
        ("{0}, {0} and {1} will rise.", True),  # one repeated
        ("{0}s and {1} will rise.", True),  # one glued into a word
    ],
)
def test_only_segments_whose_greedy_output_fails_a_placeholder_are_retried_at_beam_2(greedy, retried):
    def respond(sentence):
        codes = codes_in(sentence)
        return [greedy.format(*codes), "{} and {} rise.".format(*codes)] if codes else ["It will rise."]

    source = "Thuế quan thứ cấp và trữ lượng sẽ tăng."
    sources = [source, "Xin chào."]
    results, engine = enforce(respond, *sources)
    assert [len(call) for call in engine.calls] == ([2, 1, 1] if retried else [2, 1])
    assert results[0].unenforced == ()
    assert results[0].decodings == (3 if retried else 2)


def test_with_beam_1_the_protect_step_is_one_greedy_batch():
    engine = ScriptedEngine(lambda s: ["will rise.", f"{codes_in(s)[0]} rise."] if codes_in(s) else ["It will rise."])
    (result,) = TermEnforcer(engine, GLOSSARY, beam_size=1).translate(["Thuế quan thứ cấp sẽ tăng."])
    assert len(engine.calls) == 2  # no runner-up to ask for at beam 1
    assert result.unenforced == (TARIFFS,)


def test_a_name_the_model_renders_is_left_as_it_wrote_it():
    # masking it up front would restore the preferred English: "Russia officials"
    (result,), engine = enforce(lambda s: ["Putin met Russian officials."], "Putin gặp quan chức Nga.")
    assert result.text == "Putin met Russian officials."
    assert result.protected == () and result.unenforced == ()
    assert len(engine.calls) == 1


def test_a_name_the_model_respells_is_protected_alone():
    def respond(sentence):
        codes = codes_in(sentence)
        return [f"{codes[0]} met Russian officials."] if codes else ["Poutine met Russian officials."]

    (result,), engine = enforce(respond, "Putin gặp quan chức Nga.")
    assert engine.calls[1][0].endswith(" gặp quan chức Nga.")  # only the re-spelled name is masked
    assert result.text == "Putin met Russian officials."
    assert result.protected == (PUTIN,) and result.unenforced == ()


def test_a_name_the_model_misspells_is_flagged():
    (result,), _ = enforce(lambda s: ["The president spoke.", "Poutine spoke."], "Putin phát biểu.")
    assert result.unenforced == (PUTIN,)


def test_segments_to_protect_are_retranslated_in_one_batch():
    def respond(sentence):
        codes = codes_in(sentence)
        if codes:
            return [" ".join(codes) + " matter."]
        return ["Reserves matter."] if "Trữ" in sentence else ["Something."]

    sources = ["Trữ lượng quan trọng.", "Đất hiếm quan trọng.", "Thuế quan thứ cấp quan trọng.", "Xin chào."]
    results, engine = enforce(respond, *sources)
    assert len(engine.calls) == 2
    assert engine.calls[0] == sources
    assert len(engine.calls[1]) == 2  # only the two segments whose terms were missing
    assert [r.unenforced for r in results] == [(), (), (), ()]
    assert results[1].text == "Rare earths matter."
    assert results[3].text == "Something."


def test_placeholders_avoid_codes_already_in_the_source():
    masked = mask_terms("ZZ mua đất hiếm.", GLOSSARY.find_terms("ZZ mua đất hiếm."), placeholder_codes())
    assert masked.text.startswith("ZZ mua ") and masked.text != "ZZ mua ZZ."
    assert [term for _, term in masked.slots] == [RARE_EARTHS]


@pytest.mark.parametrize(
    "text, restored",
    [
        ("ZJ and ZJQ rose.", "Rare earths and reserves rose."),  # a code inside a longer one of the sentence
        ("ZJQ and ZJ rose.", "Reserves and rare earths rose."),
        ("ZJs and ZJQ rose.", None),  # glued into a word
        ("ZJ and ZJQs rose.", None),
        ("ZJ and ZJW rose.", None),  # inside a code the sentence does not hold: glued all the same
    ],
)
def test_a_code_that_starts_a_longer_code_is_restored_only_where_it_stands_alone(text, restored):
    result = restore_placeholders(text, [("ZJ", RARE_EARTHS), ("ZJQ", RESERVES)])
    assert (result[0] if result is not None else None) == restored


def test_restore_puts_names_in_as_written():
    assert restore_placeholders("ZJ said.", [("ZJ", PUTIN)]) == ("Putin said.", (PUTIN,))
    assert restore_placeholders("“ZJ”, they said.", [("ZJ", RARE_EARTHS)]) == ("“Rare earths”, they said.", (RARE_EARTHS,))
    assert restore_placeholders("They said ZJ.", [("ZJ", RARE_EARTHS)]) == ("They said rare earths.", (RARE_EARTHS,))


# --- strictness: only required terms are forced -------------------------------------------------

GOVERNMENT = Term("chính phủ", "government", forbidden=("regime",), strictness="advisory")
WORLD = Term("thế giới", "world", forbidden=("universe",), strictness="forbidden-only")
LAI_CHAU = Term("Lai Châu", "Lai Chau", case_sensitive=True, strictness="advisory")
MIXED = Glossary([RESERVES, GOVERNMENT, WORLD, LAI_CHAU])


def copy_codes(plain):
    """A model that translates plainly, and copies any placeholder to the end of the sentence."""
    return lambda s: [" ".join([plain.rstrip("."), *codes_in(s)]) + "."]


@pytest.mark.parametrize(
    "source, plain, text, decodings, unenforced",
    [
        # a paraphrase of an advisory or forbidden-only term is kept as the model wrote it
        ("Chính phủ cho biết.", "Officials said.", "Officials said.", 1, ()),
        ("Thế giới thay đổi.", "Everything changes.", "Everything changes.", 1, ()),
        # a name held only as advisory is not masked: the model's own spelling stays
        ("Lai Châu giàu khoáng sản.", "Laichau is rich in minerals.", "Laichau is rich in minerals.", 1, ()),
        # a required term in the same sentence is still forced, and only it is masked
        ("Chính phủ công bố trữ lượng.", "Officials published.", "Officials published reserves.", 2, ()),
        # a forbidden rendering is flagged, but an advisory term is not forced to replace it
        ("Chính phủ cho biết.", "The regime said.", "The regime said.", 1, (GOVERNMENT,)),
        ("Thế giới thay đổi.", "The universe changes.", "The universe changes.", 1, (WORLD,)),
    ],
)
def test_only_required_terms_are_forced_into_the_output(source, plain, text, decodings, unenforced):
    (result,), engine = enforce(copy_codes(plain), source, glossary=MIXED)
    assert result.text == text
    assert result.decodings == decodings
    assert result.unenforced == unenforced
    assert all(not codes_in(s) or "trữ lượng" not in s for s in engine.sentences)


def test_an_engine_that_returns_nothing_leaves_only_the_required_terms_flagged():
    (result,), _ = enforce(lambda s: [], "Chính phủ công bố trữ lượng.", glossary=MIXED)
    assert result.text == "" and result.unenforced == (RESERVES,)


def test_an_advisory_term_breaks_a_tie_between_equally_covered_hypotheses():
    (result,), _ = enforce(
        lambda s: ["Officials published the reserves.", "The government published the reserves."],
        "Chính phủ công bố trữ lượng.", glossary=MIXED,
    )
    assert result.text == "The government published the reserves."


def test_an_advisory_term_never_outweighs_a_required_one():
    (result,), _ = enforce(
        lambda s: ["The government published it.", "Officials published the reserves."] if not codes_in(s) else ["x"],
        "Chính phủ công bố trữ lượng.", glossary=MIXED,
    )
    assert result.text == "Officials published the reserves."


def test_a_forbidden_rendering_of_an_advisory_term_loses_the_reranking():
    (result,), _ = enforce(lambda s: ["The regime said.", "Officials said."], "Chính phủ cho biết.", glossary=MIXED)
    assert result.text == "Officials said." and result.unenforced == ()


# --- placeholders and the tokenizer ------------------------------------------------------------

def test_placeholders_are_ranked_by_how_the_tokenizer_keeps_them():
    vocabulary = {"▁ZQ", "▁Z", "Q", "F", "▁F"}

    def tokenize(text):
        pieces, rest = [], "▁" + text
        while rest:
            for size in range(len(rest), 0, -1):
                if rest[:size] in vocabulary:
                    pieces.append(rest[:size])
                    rest = rest[size:]
                    break
            else:
                pieces.append(f"<0x{ord(rest[0]):02X}>")
                rest = rest[1:]
        return pieces

    ranked = rank_placeholders(tokenize)
    assert ranked[0] == "ZQ"  # one piece
    assert set(ranked) <= {c for c in placeholder_codes() if set(c) <= {"Z", "Q", "F"}}  # no byte pieces
    assert "ZJ" not in ranked


def test_without_a_tokenizer_every_code_is_a_candidate():
    assert rank_placeholders(None) == placeholder_codes()
    assert len(set(placeholder_codes())) == len(placeholder_codes()) > 200


# --- the guarantee -------------------------------------------------------------------------------

WORDS = ["rare earths", "rare soil", "reserves", "secondary tariffs", "Putin", "Poutine", "Russia", "tariffs", "the"]
SOURCES = [
    "Nga có trữ lượng đất hiếm lớn.",
    "Putin áp thuế quan thứ cấp.",
    "Đất hiếm, đất hiếm và trữ lượng.",
    "Xin chào.",
    "Nga – Mỹ Thảo Luận Về Đất Hiếm",
]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_every_term_is_rendered_or_flagged_whatever_the_engine_does(data):
    """The engine copies, drops, duplicates or glues placeholders and says anything at all."""

    def respond(sentence):
        n = data.draw(st.integers(1, 4), label="n-best")
        out = []
        for _ in range(n):
            words = data.draw(st.lists(st.sampled_from(WORDS), max_size=5), label="words")
            for code in codes_in(sentence):
                action = data.draw(st.sampled_from(["copy", "drop", "twice", "glue"]), label=code)
                words += {"copy": [code], "drop": [], "twice": [code, code], "glue": [code + "s"]}[action]
            out.append(" ".join(data.draw(st.permutations(words), label="order")) + ".")
        return out

    sources = data.draw(st.lists(st.sampled_from(SOURCES), min_size=1, max_size=4, unique=True))
    results, engine = enforce(respond, *sources)
    assert len(engine.calls) <= 3  # first decoding, greedy protect, beam-2 retry of the failed ones
    for source, result in zip(sources, results):
        assert not CODE.search(result.text)  # no placeholder ever leaks into the English
        # judged as `vi-en check` judges it: a term the source repeats must be rendered as often
        occurrences = TermOccurrences(source, GLOSSARY.term_spans(source), GLOSSARY)
        for match in GLOSSARY.find_terms(source):
            assert term_is_enforced(match.term, result.text, occurrences) or match.term in result.unenforced
        for term in result.unenforced:
            assert not term_is_enforced(term, result.text, occurrences)


def test_unenforced_line_names_both_sides():
    assert unenforced_line(RARE_EARTHS) == "unenforced term: đất hiếm -> rare earths"


# --- one matcher for check and translate ---------------------------------------------------------
# Enforcement judges a rendering with the fast matchers `vi-en check` uses (they try the term's
# regex only where a form's first word starts); they must answer exactly as the regex does.

FORM_WORDS = ["tariff", "rare", "earth", "mine", "duty", "reserve", "U.S.", "Putin", "co-chair", "head", "try", "ban"]
TEXT_PIECES = [*FORM_WORDS, "tariffs", "earths", "mined", "mining", "duties", "tried", "tries", "banned", "heading",
               "heads", "rarely", "Putins", "U.S", "chair", "co", "the", ",", ".", "İ", "ß", "9", "_", "x", "é"]


@st.composite
def english_forms(draw):
    words = draw(st.lists(st.sampled_from(FORM_WORDS), min_size=1, max_size=3))
    return draw(st.sampled_from([" ", "-"])).join(words)


@st.composite
def matcher_terms(draw):
    return Term("từ", draw(english_forms()), variants=tuple(draw(st.lists(english_forms(), max_size=2))),
                forbidden=tuple(draw(st.lists(english_forms(), max_size=2))), case_sensitive=draw(st.booleans()))


@st.composite
def english_texts(draw):
    pieces = draw(st.lists(st.sampled_from(TEXT_PIECES), max_size=12))
    pieces = [draw(st.sampled_from([p, p.upper(), p.title()])) for p in pieces]
    return "".join(piece + draw(st.sampled_from([" ", " ", "-", "", ", "])) for piece in pieces)


@settings(max_examples=400, deadline=None)
@given(matcher_terms(), english_texts())
def test_the_fast_matchers_answer_as_the_terms_regexes_do(term, text):
    assert accepted_form_occurs(term, text) == term.is_satisfied_by(text)
    assert forbidden_form_occurs(term, text) == bool(term.find_forbidden(text))
