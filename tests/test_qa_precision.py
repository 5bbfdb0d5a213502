"""benchmarks/qa_precision.py: the precision/recall harness, run on a tiny corpus written here."""

from __future__ import annotations

import importlib.util
import json
import random
import re
import sys
from pathlib import Path

import pytest

from vi_en_toolkit.checks import Entry
from vi_en_toolkit.glossary import Glossary, Term

HARNESS_FILE = Path(__file__).resolve().parent.parent / "benchmarks" / "qa_precision.py"
_spec = importlib.util.spec_from_file_location("qa_precision", HARNESS_FILE)
harness = sys.modules["qa_precision"] = importlib.util.module_from_spec(_spec)  # dataclasses look it up
_spec.loader.exec_module(harness)

RARE_EARTHS = Term("đất hiếm", "rare earths", forbidden=("rare soil",))
AGREEMENT = Term("thỏa thuận", "agreement", variants=("deal",))
STEEL = Term("thép", "steel")
RUSSIA = Term("Nga", "Russia", variants=("Russian",), case_sensitive=True)
GLOSSARY = Glossary([RARE_EARTHS, AGREEMENT, STEEL, RUSSIA])

GLOSSARY_YAML = """\
terms:
  - vi: đất hiếm
    en: rare earths
    forbidden: [rare soil]
  - vi: thỏa thuận
    en: agreement
    variants: [deal]
  - vi: thép
    en: steel
  - vi: Nga
    en: Russia
    variants: [Russian]
    case_sensitive: true
"""

# Written for these tests: correct translations, each long enough to lose its second half.
PAIRS = [
    ("Nga đã xuất khẩu 3,8 triệu tấn đất hiếm vào tháng 4 năm 2024, theo số liệu mới nhất của bộ công thương.",
     "Russia exported 3.8 million tonnes of rare earths in April 2024, according to the latest figures from the trade ministry."),
    ("Các công ty khai thác đang tìm nguồn cung mới vì giá đất hiếm đã tăng 25% trong tháng 9 và còn có thể tăng nữa.",
     "Mining companies are looking for new supplies because rare earth prices rose 25% in September and could rise further."),
    ("Hai bên đã ký một thỏa thuận kéo dài 10 năm, và dự án sẽ bắt đầu vào tháng 1 năm sau tại một mỏ ở Siberia.",
     "The two sides signed a 10-year agreement, and the project will start in January next year at a mine in Siberia."),
    ("Giá đất hiếm tăng mạnh",
     "Rare earth prices soar"),
    ("Nhà máy mới ở Quảng Ninh sẽ tuyển 1.200 công nhân và sản xuất khoảng 40.000 tấn thép mỗi năm cho thị trường trong nước.",
     "The new plant in Quang Ninh will hire 1,200 workers and produce about 40,000 tonnes of steel a year for the domestic market."),
]


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "vi.txt").write_text("".join(vi + "\n" for vi, _ in PAIRS), encoding="utf-8")
    (folder / "en.txt").write_text("".join(en + "\n" for _, en in PAIRS), encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text(GLOSSARY_YAML, encoding="utf-8")
    return folder


def run(capsys, *args) -> tuple[int, str, str]:
    code = harness.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


# --- the command -----------------------------------------------------------------------------------

def test_an_absent_corpus_is_one_line_and_exit_0(tmp_path, capsys):
    code, out, err = run(capsys, "--corpus", tmp_path / "nowhere")
    assert code == 0
    assert out.strip().splitlines() == [f"no corpus at {tmp_path / 'nowhere'}: nothing to measure (see --corpus)"]
    assert err == ""


@pytest.mark.parametrize("vi, en, message", [
    ("một\nhai\n", "one\n", "2 lines but en.txt has 1: not aligned"),
    (None, "one\n", "vi.txt: missing"),
    ("một\n", b"\xff\xfe one\n", "not UTF-8 text"),
])
def test_a_broken_corpus_is_one_line_on_stderr_and_exit_2(tmp_path, capsys, vi, en, message):
    if vi is not None:
        (tmp_path / "vi.txt").write_text(vi, encoding="utf-8")
    (tmp_path / "en.txt").write_bytes(en if isinstance(en, bytes) else en.encode())
    code, out, err = run(capsys, "--corpus", tmp_path)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and message in err and err.startswith("error: ")
    assert out == ""


def test_the_report_prints_the_table_the_recall_lines_and_enforcement(corpus, capsys):
    code, out, _ = run(capsys, "--corpus", corpus, "--glossary", corpus.parent / "glossary.yaml")
    assert code == 0
    assert re.search(r"^total +\d+\.\d +\d+\.\d", out, re.M)
    assert re.search(r"^entries with an error: \d+ of 5 ", out, re.M)
    for kind in ("figure changed", "month moved", "term replaced (all terms)", "term replaced (required terms)",
                 "second half dropped"):
        assert re.search(rf"^{re.escape(kind)} +\d+ +(\d\.\d\d|-) +(\d\.\d\d|-)$", out, re.M), kind
    assert re.search(r"^enforcement: \d+ of 5 correct translations altered", out, re.M)
    assert "time: check" in out


def test_json_gives_the_same_figures_for_machines(corpus, capsys):
    code, out, _ = run(capsys, "--corpus", corpus, "--glossary", corpus.parent / "glossary.yaml", "--json")
    report = json.loads(out)
    assert code == 0
    assert report["precision"]["entries"] == 5
    kinds = {row["kind"]: row for row in report["recall"]}
    assert kinds["figure changed"]["planted"] == 4  # pairs 1, 2, 3, 5 share a figure; the heading has none
    assert kinds["figure changed"]["error"] == 1.0
    assert kinds["month moved"]["planted"] == 3
    assert kinds["month moved"]["error"] == 1.0
    assert kinds["term replaced (all terms)"]["any"] == 1.0
    assert report["enforcement"] == {"segments": 5, "altered": 0, "respelled": 0, "forced": 0}


def test_show_prints_findings_of_one_check_with_file_line_and_both_sides(corpus, capsys, tmp_path):
    (corpus / "en.txt").write_text("".join(en.replace("3.8", "4.8") + "\n" for _, en in PAIRS), encoding="utf-8")
    code, out, _ = run(capsys, "--corpus", corpus, "--glossary", corpus.parent / "glossary.yaml", "--show", "number")
    assert code == 0
    assert out.splitlines()[0].startswith(f"{corpus / 'vi.txt'}:1: error [number] figure '3,8 triệu'")
    assert out.splitlines()[1] == f"    vi: {PAIRS[0][0]}"
    assert out.splitlines()[2] == f"    en: {PAIRS[0][1].replace('3.8', '4.8')}"


def test_show_of_an_unknown_name_is_a_usage_error(corpus, capsys):
    code, _, err = run(capsys, "--corpus", corpus, "--show", "nonsense")
    assert code == 2 and "--show nonsense" in err


# --- planting --------------------------------------------------------------------------------------

def entry(vi, en):
    return Entry("t.txt", 1, vi, en)


@pytest.mark.parametrize("vi, en, changed", [
    ("Giá tăng 25% trong năm nay.", "Prices rose 25% this year.", "25"),
    ("Họ có 3,8 triệu tấn.", "They hold 3.8 million tonnes.", "3.8"),  # same digits, each language's separator
    ("Có 1.200 công nhân và 7 nhà máy.", "There are 1,200 workers and seven plants.", "1,200"),
])
def test_a_planted_figure_changes_a_number_both_sides_have(vi, en, changed):
    target, what = harness.plant_figure(entry(vi, en), random.Random(1))
    assert what.startswith(f"{changed} → ")
    new = what.split(" → ")[1]
    assert target == en.replace(changed, new, 1)
    assert re.sub(r"\D", "", new) != re.sub(r"\D", "", changed)


@pytest.mark.parametrize("vi, en", [
    ("Giá tăng mạnh trong năm nay.", "Prices rose 25% this year."),  # no figure in the source
    ("Giá tăng 30% trong năm nay.", "Prices rose sharply this year."),  # none in the English
])
def test_no_figure_is_planted_where_the_two_sides_share_none(vi, en):
    assert harness.plant_figure(entry(vi, en), random.Random(1)) is None


@pytest.mark.parametrize("vi, en, month", [
    ("Hội nghị diễn ra vào tháng 4.", "The meeting took place in April.", "April"),
    ("Hội nghị diễn ra vào tháng Tư.", "The meeting took place in April.", "April"),
    ("Hội nghị diễn ra ngày 5/9/2024.", "The meeting took place on 5 September 2024.", "September"),
])
def test_a_planted_month_replaces_a_month_both_sides_have_by_one_the_source_lacks(vi, en, month):
    target, what = harness.plant_month(entry(vi, en), random.Random(3))
    new = what.split(" → ")[1]
    assert what.startswith(month) and new != month and new in harness.MONTHS
    assert target == en.replace(month, new)


def test_may_as_a_word_is_not_a_month_to_move():
    assert harness.plant_month(entry("Họ có thể đến.", "They may come in May."), random.Random(3)) is None


@pytest.mark.parametrize("vi, en, expected", [
    # a forbidden form when the term has one
    ("Giá đất hiếm tăng.", "Rare earths prices rose.", "Rare soil prices rose."),
    # else the English of another term of the same file; every rendering of the term goes
    ("Họ ký thỏa thuận.", "They signed the deal.", None),
])
def test_a_planted_term_replaces_every_accepted_rendering_with_a_wrong_word(vi, en, expected):
    term_file = Glossary([Term(t.vi, t.en, t.variants, t.forbidden, t.case_sensitive, file="g.yaml")
                          for t in GLOSSARY])
    target, what, term = harness.plant_term(entry(vi, en), term_file, random.Random(5))
    if expected is not None:
        assert target == expected
    assert not term.find_accepted(target)
    assert target != en


@pytest.mark.parametrize("en, kept", [
    ("The ministry said on Monday that exports had risen, and it expects them to grow again next year.",
     "The ministry said on Monday that exports had risen."),
    ("Officials from both countries met in the capital yesterday to discuss plans for new mines in the north.",
     None),  # no clause break near the middle: cut at the word break nearest it
])
def test_a_dropped_half_keeps_the_english_up_to_the_break_nearest_the_middle(en, kept):
    target, _ = harness.plant_dropped(entry("Câu nguồn không quan trọng ở đây.", en), random.Random(0))
    if kept is not None:
        assert target == kept
    assert en.startswith(target[:-1]) and target.endswith(".")
    assert 0.3 < len(target) / len(en) < 0.7


def test_no_half_is_dropped_from_a_short_heading():
    assert harness.plant_dropped(entry("Giá đất hiếm tăng mạnh", "Rare earth prices soar"), random.Random(0)) is None


def test_planting_is_deterministic_for_a_seed():
    entries = [entry(vi, en) for vi, en in PAIRS]
    first = harness.plant_errors(entries, GLOSSARY, 10, seed=4)
    again = harness.plant_errors(entries, GLOSSARY, 10, seed=4)
    assert first == again


# --- the engine double for enforcement damage ------------------------------------------------------

def respond(source, reference, masked):
    engine = harness.ReferenceEngine(GLOSSARY)
    engine.source, engine.reference = source, reference
    return engine._respond(masked)


@pytest.mark.parametrize("source, reference, masked, expected", [
    # a plain sentence: the reference
    ("Giá thép tăng.", "Steel prices rose.", "Giá thép tăng.", "Steel prices rose."),
    # the reference renders the term: the code goes where the rendering was
    ("Nga bán thép.", "Russia sells steel.", "ZZ bán thép.", "ZZ sells steel."),
    # the reference leaves it implicit: the code goes in at the term's relative place
    ("Nga và Trung Quốc bán thép.", "Moscow and Beijing sell steel.", "ZZ và Trung Quốc bán thép.",
     "ZZ Moscow and Beijing sell steel."),
    # two codes, the source's own capitals left alone
    ("Quỹ WWF nói đất hiếm của Nga.", "WWF spoke of Russia's rare earths.", "Quỹ WWF nói JJ của ZZ.",
     "WWF spoke of ZZ's JJ."),
])
def test_the_reference_engine_puts_each_code_where_a_model_would(source, reference, masked, expected):
    assert respond(source, reference, masked) == expected


def test_enforcement_that_only_restores_the_references_own_renderings_does_no_damage():
    entries = [entry(vi, en) for vi, en in PAIRS]
    assert harness.measure_enforcement(entries, GLOSSARY) == []


def test_enforcement_that_forces_a_term_the_reference_left_implicit_is_damage():
    paraphrase = entry("Giá thép đã tăng gấp đôi.", "Prices of the metal have doubled.")
    [(damaged, output, protected)] = harness.measure_enforcement([paraphrase], GLOSSARY)
    assert damaged == paraphrase and protected == (STEEL,) and "steel" in output.lower()


@pytest.mark.parametrize("size, limit, expected", [
    (3, 5, [0, 1, 2]),
    (10, 5, [0, 2, 4, 6, 8]),
    (7, 3, [0, 2, 4]),
])
def test_show_samples_findings_spread_over_the_whole_run(size, limit, expected):
    assert harness.spread_sample(list(range(size)), limit) == expected


def test_a_name_the_reference_writes_in_another_accepted_form_is_left_alone():
    # the reference writes Nga as "Russian": enforcement masks only terms the model got wrong, so
    # the name is not put back as "Russia"; the paraphrase that leaves "steel" implicit is still forced
    respelled = entry("Doanh nghiệp Nga bán thép cho khách hàng.", "Russian firms sell steel to customers.")
    forced = entry("Giá thép đã tăng gấp đôi.", "Prices of the metal have doubled.")
    damaged = harness.measure_enforcement([respelled, forced], GLOSSARY)
    assert [entry_ for entry_, _, _ in damaged] == [forced]
    assert harness.damage_causes(damaged) == {"respelled": 0, "forced": 1}
