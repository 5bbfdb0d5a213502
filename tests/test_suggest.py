"""Term suggestions: recurring Vietnamese phrases outside the glossary, with their observed English."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from vi_en_toolkit.glossary import Glossary, Term, load_glossary
from vi_en_toolkit.suggest import (
    Pair,
    read_pairs,
    render_candidates_text,
    render_candidates_yaml,
    suggest_terms,
)

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "translations"

# Four entries translate "thuế quan thứ cấp" two ways; "trữ lượng" is always "reserves".
PAIRS = [
    Pair("Mỹ áp thuế quan thứ cấp với dầu Nga.", "The US imposes secondary tariffs on Russian oil."),
    Pair("Thuế quan thứ cấp làm giá dầu tăng.", "Secondary tariffs push oil prices up."),
    Pair("Ấn Độ lo ngại thuế quan thứ cấp.", "India worries about secondary sanctions."),
    Pair("Trung Quốc phản đối thuế quan thứ cấp.", "China opposes the secondary sanctions."),
    Pair("Nga có trữ lượng lớn.", "Russia has large reserves."),
    Pair("Trữ lượng đã được xác minh.", "The reserves have been verified."),
    Pair("Trữ lượng của Úc đứng thứ năm.", "Australia's reserves rank fifth."),
]


def by_vi(candidates):
    return {c.vi: c for c in candidates}


def test_recurring_phrases_come_with_their_observed_renderings():
    found = by_vi(suggest_terms(PAIRS))

    assert found["thuế quan thứ cấp"].count == 4
    assert dict(found["thuế quan thứ cấp"].renderings) == {"secondary tariffs": 2, "secondary sanctions": 2}
    assert found["trữ lượng"].renderings == (("reserves", 3),)


def test_an_inconsistently_translated_phrase_ranks_above_a_consistent_one():
    ranked = [c.vi for c in suggest_terms(PAIRS)]

    assert ranked.index("thuế quan thứ cấp") < ranked.index("trữ lượng")
    assert by_vi(suggest_terms(PAIRS))["thuế quan thứ cấp"].disagreement == pytest.approx(0.5)


def test_a_shorter_phrase_seen_only_inside_a_longer_one_is_not_repeated():
    found = by_vi(suggest_terms(PAIRS))

    assert "thuế quan" not in found and "quan thứ cấp" not in found


def test_phrases_in_the_glossary_are_not_suggested():
    glossary = Glossary([Term("thuế quan thứ cấp", "secondary tariffs")])

    found = by_vi(suggest_terms(PAIRS, glossary))

    assert not any("thuế" in vi or "cấp" in vi for vi in found)
    assert "trữ lượng" in found


def test_phrases_do_not_start_or_end_with_a_function_word_nor_cross_punctuation():
    pairs = [Pair("Giá của dầu, khí tăng.", ""), Pair("Giá của dầu, khí giảm.", "")]

    found = {c.vi.lower() for c in suggest_terms(pairs)}

    assert "giá của" not in found and "dầu khí" not in found
    assert "giá của dầu" in found


def test_a_phrase_must_recur():
    assert "trữ lượng" not in by_vi(suggest_terms(PAIRS, min_count=4))


def test_untranslated_sources_still_give_candidates_without_renderings(tmp_path: Path):
    article = tmp_path / "article.vi.txt"
    article.write_text("Nga có trữ lượng lớn. Trữ lượng đã được xác minh.\n", encoding="utf-8")

    found = by_vi(suggest_terms(read_pairs([article])))

    assert found["trữ lượng"].renderings == () and found["trữ lượng"].count == 2


def test_yaml_output_is_a_glossary_to_paste():
    text = render_candidates_yaml(suggest_terms(PAIRS))

    data = yaml.safe_load(text)
    assert {"vi": "thuế quan thứ cấp", "en": "secondary sanctions"} in data["terms"] or \
           {"vi": "thuế quan thứ cấp", "en": "secondary tariffs"} in data["terms"]
    assert "# seen in 4 entries; observed: secondary" in text


def test_text_output_shows_counts_and_disagreement():
    text = render_candidates_text(suggest_terms(PAIRS))

    line = next(line for line in text.splitlines() if line.startswith("thuế quan thứ cấp"))
    assert "4" in line and "50%" in line and "secondary tariffs ×2" in line


# --- the sample catalogs ------------------------------------------------------------------------------

needs_sample = pytest.mark.skipif(not any(SAMPLE.glob("*.po")), reason="the sample catalog is not there yet")


@needs_sample
def test_the_sample_catalog_without_a_glossary_suggests_its_key_terms():
    found = by_vi(suggest_terms(read_pairs([SAMPLE])))

    assert found["đất hiếm"].count >= 5
    assert found["đất hiếm"].en.lower().startswith("rare earth")
    assert found["toàn cầu"].en.lower() == "global"


@needs_sample
def test_the_sample_catalog_with_its_glossary_suggests_nothing_the_glossary_has():
    glossary = load_glossary(ROOT / "glossary")

    candidates = suggest_terms(read_pairs([SAMPLE]), glossary)

    for candidate in candidates:
        assert not glossary.find_terms(candidate.vi), candidate.vi
