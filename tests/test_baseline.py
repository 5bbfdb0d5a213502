"""Baselines: recorded findings stay quiet after unrelated edits; new findings still fail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vi_en_toolkit.baseline import (
    BaselineError,
    compare_with_baseline,
    read_baseline,
    write_baseline,
)
from vi_en_toolkit.checks import run_checks
from vi_en_toolkit.errors import ViEnError
from vi_en_toolkit.gate import gate_run

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def po(*pairs: tuple[str, str]) -> str:
    return HEADER + "".join(f'msgid "{vi}"\nmsgstr "{en}"\n\n' for vi, en in pairs)


OLD = [
    ("Nga và Mỹ đàm phán.", "Russia and the US negotiate."),
    ("Trung Quốc chiếm 95% sản lượng.", ""),  # untranslated: today's known problem
    ("Trữ lượng lớn.", "Large  reserves."),  # double space: a known warning
]


@pytest.fixture
def catalog(tmp_path) -> Path:
    path = tmp_path / "translations" / "article.po"
    path.parent.mkdir()
    path.write_text(po(*OLD), encoding="utf-8")
    return path


def checked(path: Path):
    return run_checks([path], None)


def test_baseline_records_file_source_and_check_not_lines(catalog, tmp_path):
    baseline_path = tmp_path / "vi-en-baseline.json"
    recorded = write_baseline(checked(catalog).findings, baseline_path)

    document = json.loads(baseline_path.read_text(encoding="utf-8"))
    assert recorded == 2
    assert {(f["file"], f["source"], f["check"]) for f in document["findings"]} == {
        ("translations/article.po", "Trung Quốc chiếm 95% sản lượng.", "untranslated"),
        ("translations/article.po", "Trữ lượng lớn.", "double-space"),
    }
    assert all("line" not in f for f in document["findings"])


def test_baseline_still_matches_after_edits_that_move_line_numbers(catalog, tmp_path):
    baseline_path = tmp_path / "vi-en-baseline.json"
    before = checked(catalog)
    write_baseline(before.findings, baseline_path)
    catalog.write_text(po(("Tiêu đề mới.", "A new headline."), ("Một câu nữa.", "One more sentence."), *OLD), encoding="utf-8")

    after = checked(catalog)
    comparison = compare_with_baseline(after.findings, read_baseline(baseline_path))

    assert [f.line for f in after.findings] != [f.line for f in before.findings]
    assert comparison.new == ()
    assert len(comparison.known) == 2
    assert comparison.fixed == ()


def test_a_new_violation_is_reported_and_fails_despite_the_baseline(catalog, tmp_path):
    baseline_path = tmp_path / "vi-en-baseline.json"
    write_baseline(checked(catalog).findings, baseline_path)
    catalog.write_text(po(*OLD, ("Thuế quan thứ cấp.", "")), encoding="utf-8")

    run, gate = gate_run(checked(catalog), baseline=read_baseline(baseline_path))

    assert [(f.source, f.check) for f in run.findings] == [("Thuế quan thứ cấp.", "untranslated")]
    assert gate.fails(run)
    assert gate.baseline_known == 2
    assert "build fails: 1 new error" in gate.verdict(run)


def test_fixed_baseline_findings_are_counted_so_the_file_can_be_refreshed(catalog, tmp_path):
    baseline_path = tmp_path / "vi-en-baseline.json"
    write_baseline(checked(catalog).findings, baseline_path)
    fixed = [(vi, en or "China has 95% of output.") for vi, en in OLD]
    catalog.write_text(po(*fixed), encoding="utf-8")

    run, gate = gate_run(checked(catalog), baseline=read_baseline(baseline_path))

    assert gate.baseline_fixed == 1 and gate.baseline_known == 1
    assert not gate.fails(run)
    assert f"1 fixed (refresh it with --write-baseline {baseline_path})" in gate.verdict(run)


def test_an_edited_source_is_a_new_entry_for_the_baseline(catalog, tmp_path):
    baseline_path = tmp_path / "vi-en-baseline.json"
    write_baseline(checked(catalog).findings, baseline_path)
    catalog.write_text(po(OLD[0], ("Trung Quốc chiếm 90% sản lượng.", ""), OLD[2]), encoding="utf-8")

    comparison = compare_with_baseline(checked(catalog).findings, read_baseline(baseline_path))

    assert [f.source for f in comparison.new] == ["Trung Quốc chiếm 90% sản lượng."]
    assert [e.source for e in comparison.fixed] == ["Trung Quốc chiếm 95% sản lượng."]


def test_one_more_finding_of_the_same_check_in_the_same_entry_is_new(tmp_path):
    from vi_en_toolkit.checks import Finding

    def finding(message):
        return Finding(str(tmp_path / "a.po"), 3, "Đất hiếm và trữ lượng.", "x", "term", "error", message)

    baseline_path = tmp_path / "b.json"
    write_baseline([finding("'đất hiếm' must be translated as 'rare earths'")], baseline_path)
    now = [finding("'trữ lượng' must be translated as 'reserves'"), finding("'đất hiếm' must be translated as 'rare earths'")]

    comparison = compare_with_baseline(now, read_baseline(baseline_path))

    assert [f.message for f in comparison.new] == ["'trữ lượng' must be translated as 'reserves'"]


def test_the_baseline_works_from_another_working_folder(catalog, tmp_path, monkeypatch):
    baseline_path = tmp_path / "vi-en-baseline.json"
    monkeypatch.chdir(tmp_path)
    write_baseline(run_checks([Path("translations/article.po")], None).findings, Path("vi-en-baseline.json"))
    monkeypatch.chdir(catalog.parent)

    comparison = compare_with_baseline(run_checks([Path("article.po")], None).findings, read_baseline(baseline_path))

    assert comparison.new == () and len(comparison.known) == 2


def test_writing_is_atomic_and_leaves_no_temporary_file(catalog, tmp_path):
    baseline_path = tmp_path / "vi-en-baseline.json"
    write_baseline(checked(catalog).findings, baseline_path)
    write_baseline(checked(catalog).findings, baseline_path)
    left = sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock"))  # a lock file is no temporary file
    assert left == ["translations", "vi-en-baseline.json"]


@pytest.mark.parametrize(
    "content, expected",
    [
        ('{"vi-en-baseline": 1,\n "findings": [\n  {"file": "a.po",\n', "b.json:4: invalid JSON: Expecting property name"),
        ("", "b.json: empty file, not a vi-en baseline"),
        ('{"findings": []}\n', 'b.json:1: not a vi-en baseline (no "vi-en-baseline" key)'),
        ('[1, 2]\n', 'b.json:1: not a vi-en baseline'),
        ('{"vi-en-baseline": 7,\n "findings": []}\n', "b.json:1: unsupported baseline version 7"),
        ('{"vi-en-baseline": 1,\n "findings": {}}\n', 'b.json:2: "findings" must be a list'),
        ('{"vi-en-baseline": 1,\n "findings": [\n  {"file": "a.po", "source": "x", "check": "term"},\n  {"file": "a.po"}\n ]}\n',
         "b.json:4: finding 2: needs string fields file, source and check"),
    ],
)
def test_a_corrupt_baseline_is_one_error_with_file_and_line(tmp_path, content, expected):
    path = tmp_path / "b.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError) as raised:
        read_baseline(path)
    assert isinstance(raised.value, ViEnError)
    assert str(raised.value).replace(str(tmp_path) + "/", "").startswith(expected)


def test_a_baseline_that_is_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "b.json"
    path.write_bytes(b'{"vi-en-baseline": 1,\n "findings": ["\xff"]}\n')
    with pytest.raises(BaselineError, match=r"b.json:2: not UTF-8"):
        read_baseline(path)


def test_a_baseline_saved_by_an_editor_with_a_bom_still_reads(tmp_path):
    path = tmp_path / "b.json"
    path.write_bytes(b'\xef\xbb\xbf{"vi-en-baseline": 1, "findings": []}\r\n')
    assert read_baseline(path).entries == ()


def test_a_missing_baseline_says_how_to_make_one(tmp_path):
    with pytest.raises(BaselineError, match="record one with --write-baseline"):
        read_baseline(tmp_path / "nope.json")
