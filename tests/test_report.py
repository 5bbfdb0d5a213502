import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from vi_en_toolkit.checks import CheckRun, Entry, Finding, check_entries, run_checks
from vi_en_toolkit.glossary import load_glossary
from vi_en_toolkit.report import FORMATS, render

FIXTURES = Path(__file__).parent / "fixtures" / "check"
GLOSSARY = load_glossary(FIXTURES / "glossary.yaml")
BROKEN = FIXTURES / "sample_broken.po"


@pytest.fixture(scope="module")
def run() -> CheckRun:
    return run_checks([BROKEN], GLOSSARY)


def clean_run() -> CheckRun:
    entries = (Entry("a.po", 5, "Trung Quốc kiểm soát 95%", "China controls 95%"),)
    return CheckRun(findings=(), files=1, entries=1, checks=("number",), entry_list=entries)


# --- text --------------------------------------------------------------------------------------

def test_text_groups_by_file_marks_the_offending_text_and_ends_with_a_summary(run):
    text = render(run, "text")
    lines = text.splitlines()
    assert lines[0] == str(BROKEN)
    assert "  69: error [number] Vietnamese number format '3,8' in the translation (write 3.8)" in lines
    assert "      en: According to estimates by the U.S. Geological Survey, Russia has about **3,8 million** tonnes" \
           " of rare earths in reserves that can be mined." in lines
    assert any(line.startswith("      vi: ") and "**Zelenskiy**" in line for line in lines)
    assert lines[-1].startswith(f"1 file, 21 entries: {run.errors} errors, {run.warnings} warnings (vi-en ")
    assert GLOSSARY.digest in lines[-1]
    assert "\x1b[" not in text


def test_text_on_a_terminal_is_colored(run):
    assert "\x1b[" in render(run, "text", color=True)


def test_a_clean_run_says_so():
    assert render(clean_run(), "text").splitlines()[-1].startswith("1 file, 1 entry: no problems (vi-en ")


# --- json --------------------------------------------------------------------------------------

def test_json_follows_the_documented_contract(run):
    data = json.loads(render(run, "json"))
    assert set(data) == {"findings", "summary", "stamp"}
    contract = {"files": 1, "entries": 21, "errors": run.errors, "warnings": run.warnings}
    assert {key: data["summary"][key] for key in contract} == contract
    keys = ["file", "line", "source", "target", "check", "severity", "message", "term", "expected", "found"]
    for item, finding in zip(data["findings"], run.findings):
        assert list(item) == keys
        assert item == {key: getattr(finding, key) for key in keys}
        assert item["severity"] in ("error", "warning") and isinstance(item["line"], int)
    forbidden = next(f for f in data["findings"] if f["check"] == "forbidden-term")
    assert forbidden["term"] == "đất hiếm" and forbidden["found"] == "Rare Soil"
    empty = next(f for f in data["findings"] if f["check"] == "untranslated")
    assert empty["term"] is None and empty["target"] == ""
    assert data["stamp"]["glossary"] == GLOSSARY.digest and data["stamp"]["tool"].startswith("vi-en ")


def test_json_keeps_vietnamese_readable(run):
    assert "đất hiếm" in render(run, "json")


# --- junit -------------------------------------------------------------------------------------

def test_junit_has_one_testcase_per_entry_and_fails_those_with_errors(run):
    root = ElementTree.fromstring(render(run, "junit"))
    cases = root.findall(".//testcase")
    assert len(cases) == 21
    failed = [c for c in cases if c.find("failure") is not None]
    assert len(failed) == len({(f.line) for f in run.findings if f.severity == "error"})
    assert int(root.get("failures")) == len(failed)
    number = next(c for c in failed if c.get("line") == "69")
    assert number.find("failure").get("type") == "number"
    warned = next(c for c in cases if c.get("line") == "61")  # doubled word: a warning, not a failure
    assert warned.find("failure") is None and "doubled-word" in warned.find("system-out").text


def test_junit_of_a_clean_run_has_no_failures():
    root = ElementTree.fromstring(render(clean_run(), "junit"))
    assert root.get("failures") == "0" and len(root.findall(".//testcase")) == 1


# --- sarif -------------------------------------------------------------------------------------

def test_sarif_2_1_0_with_check_ids_as_rules_and_file_line_locations(run):
    data = json.loads(render(run, "sarif"))
    assert data["version"] == "2.1.0" and "sarif-2.1.0" in data["$schema"]
    [sarif_run] = data["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "vi-en"
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert rule_ids == list(run.checks)
    assert len(sarif_run["results"]) == len(run.findings)
    for result, finding in zip(sarif_run["results"], run.findings):
        assert result["ruleId"] == finding.check == rule_ids[result["ruleIndex"]]
        assert result["level"] == finding.severity
        location = result["locations"][0]["physicalLocation"]
        assert location["region"]["startLine"] == finding.line
        assert location["artifactLocation"]["uri"].endswith("sample_broken.po")


# --- github ------------------------------------------------------------------------------------

def test_github_annotations(run):
    lines = render(run, "github").splitlines()
    assert f"::error file={BROKEN},line=17,title=vi-en forbidden-term::'Rare Soil' is a forbidden rendering of " \
           "'đất hiếm' (write 'rare earths')" in lines
    assert any(line.startswith("::warning ") and "title=vi-en doubled-word" in line for line in lines)
    assert all(line.startswith("::") for line in lines[:-1])


def test_github_escapes_what_would_break_an_annotation():
    finding = Finding("a,b:c%.po", 3, "x", "y", "number", "error", "50% off\nnext line")
    text = render(CheckRun((finding,), 1, 1, ("number",)), "github")
    assert text.splitlines()[0] == "::error file=a%2Cb%3Ac%25.po,line=3,title=vi-en number::50%25 off%0Anext line"


# --- html --------------------------------------------------------------------------------------

def test_html_is_one_self_contained_page_side_by_side_with_highlights_and_filters(run):
    page = render(run, "html")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert not re.search(r"""(?:src|href)=["']?https?:""", page)  # nothing to fetch
    assert "<th>Source (vi)</th><th>Target (en)</th><th>Findings</th>" in page
    assert "<mark>Rare Soil</mark>" in page and "<mark>Đất Hiếm</mark>" in page
    for check in {f.check for f in run.findings}:
        assert f'class="check-filter" value="{check}"' in page


def test_html_escapes_entry_text():
    entries = [Entry("a.po", 1, "<script>alert(1)</script> 95%", "<script>alert(1)</script> 59%")]
    findings = tuple(check_entries(entries, None, ["number"]))
    page = render(CheckRun(findings, 1, 1, ("number",), entry_list=tuple(entries)), "html")
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_a_run_without_entries(fmt):
    assert render(CheckRun((), 0, 0, ()), fmt)
