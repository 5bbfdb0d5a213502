import json
import os
import re
import subprocess
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
    number = next(c for c in failed if "at " + str(BROKEN) + ":69" in c.find("failure").text)
    assert number.find("failure").get("type") == "number"
    warned = next(c for c in cases if c.find("system-out") is not None and "doubled-word" in c.find("system-out").text)
    assert warned.find("failure") is None  # a warning, not a failure


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


# --- junit for Jenkins ---------------------------------------------------------------------------

DATA = Path(__file__).parent / "data"


def junit_schema():
    etree = pytest.importorskip("lxml.etree")
    return etree, etree.XMLSchema(etree.parse(str(DATA / "junit-10.xsd")))


def assert_valid_for_jenkins(report: str) -> None:
    etree, schema = junit_schema()
    document = etree.fromstring(report.encode("utf-8"))
    assert schema.validate(document), schema.error_log


def test_junit_is_valid_for_jenkins_xunit_junit_10_xsd(run):
    assert_valid_for_jenkins(render(run, "junit"))


@pytest.mark.parametrize("control, shown", [("\f", "␌"), ("\v", "␋"), ("\b", "␈"), ("\x00", "␀"), ("\x1b", "␛")])
def test_junit_shows_characters_xml_forbids_instead_of_breaking_the_report(control, shown):
    entries = (Entry("a.po", 3, f"Trung Quốc{control} kiểm soát 95%", f"China{control} controls 59%"),)
    findings = tuple(check_entries(entries, None, ["number"]))
    report = render(CheckRun(findings, 1, 1, ("number",), entry_list=entries), "junit")
    assert control not in report and f"China{shown} controls 59%" in report
    assert_valid_for_jenkins(report)


def junit_cases(catalog_text: str, tmp_path, fail_on: str = "error") -> dict[str, ElementTree.Element]:
    from vi_en_toolkit.gate import Gate

    catalog = tmp_path / "a.po"
    catalog.write_text(catalog_text, encoding="utf-8")
    root = ElementTree.fromstring(render(run_checks([catalog], GLOSSARY), "junit", gate=Gate(fail_on)))
    return {case.get("name"): case for case in root.iter("testcase")}


HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
ENTRIES = 'msgid "Trung Quốc kiểm soát 95%"\nmsgstr "China controls 59%"\n\nmsgid "Nga nói."\nmsgstr "Russia says."\n\n'


def test_junit_test_names_do_not_change_when_entries_are_inserted_above(tmp_path):
    before = junit_cases(HEADER + ENTRIES, tmp_path)
    after = junit_cases(HEADER + 'msgid "Tiêu đề."\nmsgstr "Headline."\n\n' + ENTRIES, tmp_path)
    assert set(before) < set(after)
    for name, case in before.items():
        assert (case.find("failure") is None) == (after[name].find("failure") is None)


def test_junit_numbers_repeated_msgids_instead_of_merging_them(tmp_path):
    twice = 'msgctxt "a"\nmsgid "Nga nói."\nmsgstr "Russia says."\n\nmsgctxt "b"\nmsgid "Nga nói."\nmsgstr "Russia said."\n\n'
    assert list(junit_cases(HEADER + twice, tmp_path)) == ["Nga nói.", "Nga nói. #2"]


@pytest.mark.parametrize(
    "fail_on, failing_checks",
    [("error", {"number"}), ("warning", {"number", "double-space"}), ("never", set())],
)
def test_junit_failures_are_what_fail_on_fails_the_build_on(tmp_path, fail_on, failing_checks):
    text = HEADER + ENTRIES + 'msgid "Trữ lượng lớn."\nmsgstr "Large  reserves."\n\n'
    cases = junit_cases(text, tmp_path, fail_on)
    failed = {case.find("failure").get("type") for case in cases.values() if case.find("failure") is not None}
    assert failed == failing_checks
    reported = {check for case in cases.values() if case.find("system-out") is not None
                for check in ("number", "double-space") if f"[{check}]" in case.find("system-out").text}
    assert reported == {"number", "double-space"} - failing_checks


# --- sarif for GitHub code scanning --------------------------------------------------------------

def sarif_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


def test_sarif_is_valid_against_the_sarif_2_1_0_schema(run):
    errors = [error.message for error in sarif_validator().iter_errors(json.loads(render(run, "sarif")))]
    assert errors == []


def test_sarif_rules_carry_what_github_shows_beside_an_alert(run):
    rules = json.loads(render(run, "sarif"))["runs"][0]["tool"]["driver"]["rules"]
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and "```po" in rule["help"]["markdown"] and "Fixed:" in rule["help"]["markdown"]
    term = next(rule for rule in rules if rule["id"] == "term")
    assert 'msgstr "The two sides signed a deal."' in term["help"]["markdown"]


def sarif_of(tmp_path, catalog_text: str, cwd: Path) -> dict:
    catalog = tmp_path / "translations" / "a.po"
    catalog.parent.mkdir(exist_ok=True)
    catalog.write_text(catalog_text, encoding="utf-8")
    os.chdir(cwd)
    return json.loads(render(run_checks([os.path.relpath(catalog, cwd)], GLOSSARY), "sarif"))["runs"][0]


@pytest.fixture
def repository(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "sub").mkdir()
    return tmp_path


@pytest.mark.parametrize("cwd", [".", "sub", "translations"])
def test_sarif_uris_are_relative_to_the_repository_root_from_any_folder(repository, cwd):
    (repository / "translations").mkdir(exist_ok=True)
    sarif = sarif_of(repository, HEADER + ENTRIES, repository / cwd)
    assert sarif["originalUriBaseIds"]["SRCROOT"]["uri"] == Path(os.path.realpath(repository)).as_uri() + "/"
    [result] = sarif["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "translations/a.po",
                                                                                "uriBaseId": "SRCROOT"}


def test_sarif_outside_git_is_relative_to_the_current_folder(tmp_path, monkeypatch):
    sarif = sarif_of(tmp_path, HEADER + ENTRIES, tmp_path)
    assert sarif["originalUriBaseIds"]["SRCROOT"]["uri"] == Path(os.path.realpath(tmp_path)).as_uri() + "/"
    assert sarif["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "translations/a.po"


def fingerprints(sarif: dict) -> list[str]:
    return [result["partialFingerprints"]["viEnFinding/v1"] for result in sarif["results"]]


def test_sarif_fingerprints_survive_inserted_entries_and_differ_between_findings(repository):
    (repository / "translations").mkdir()
    before = sarif_of(repository, HEADER + ENTRIES, repository)
    after = sarif_of(repository, HEADER + 'msgid "Tiêu đề."\nmsgstr "Headline."\n\n' + ENTRIES, repository)
    assert before["results"][0]["locations"] != after["results"][0]["locations"]  # the line moved …
    assert fingerprints(before) == fingerprints(after)  # … the alert is the same one
    for result in after["results"]:
        assert result["partialFingerprints"]["primaryLocationLineHash"] == result["partialFingerprints"]["viEnFinding/v1"]


def test_sarif_keeps_two_findings_of_one_rule_on_one_line_apart(repository):
    (repository / "translations").mkdir()
    sarif = sarif_of(repository, HEADER + 'msgid "Giá tăng 5% và 7%."\nmsgstr "Prices rose 6% and 8%."\n\n', repository)
    numbers = [r for r in sarif["results"] if r["ruleId"] == "number"]
    assert len(numbers) == 2
    assert numbers[0]["locations"] == numbers[1]["locations"]
    assert len(set(fingerprints(sarif))) == len(sarif["results"])


@pytest.mark.parametrize("usual, other", [("Russia says.", "Russia said."),
                                          ("Russia says 3:2: a win.", "Russia said 3:2: a win.")])  # ':2: ' in the text
def test_sarif_points_inconsistent_translations_at_the_usual_one(repository, usual, other):
    (repository / "translations").mkdir()
    same = 'msgctxt "{0}"\nmsgid "Nga nói."\nmsgstr "{1}"\n\n'
    text = HEADER + same.format("a", usual) + same.format("b", usual) + same.format("c", other)
    sarif = sarif_of(repository, text, repository)
    [result] = [r for r in sarif["results"] if r["ruleId"] == "inconsistent"]
    [related] = result["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "translations/a.po"
    first_line = text.splitlines().index('msgid "Nga nói."') + 1
    assert related["physicalLocation"]["region"]["startLine"] == first_line
    assert related["message"]["text"] == f"usual translation: '{usual}'"
    assert list(sarif_validator().iter_errors({"version": "2.1.0", "runs": [sarif]})) == []


# --- html: spacing made visible, a clear clean state ------------------------------------------------

@pytest.mark.parametrize(
    "source, target, marked_target, marked_source",
    [
        ("Trữ lượng lớn.", "Large  reserves.", 'Large<mark class="ws" title="whitespace">··</mark>reserves.', None),
        ("Nga nói.", " Russia says.", '<mark class="ws" title="whitespace">·</mark>Russia says.', None),
        ("Nga nói.", "Russia says \t", 'Russia says<mark class="ws" title="whitespace">·⇥</mark>', None),
        (" Nga nói.", "Russia says.", None, '<mark class="ws" title="whitespace">·</mark>Nga nói.'),
    ],
)
def test_html_shows_the_whitespace_a_finding_is_about(source, target, marked_target, marked_source):
    entries = (Entry("a.po", 3, source, target),)
    findings = tuple(check_entries(entries, None, ["double-space", "whitespace"]))
    page = render(CheckRun(findings, 1, 1, ("double-space", "whitespace"), entry_list=entries), "html")
    cells = re.findall(r'<td class="text">(.*?)</td>', page)
    assert cells[1] == (marked_target or html_escape(target))
    assert cells[0] == (marked_source or html_escape(source))  # never an ordinary source space marked


def html_escape(text):
    import html

    return html.escape(text)


def test_html_of_a_clean_run_says_no_findings():
    page = render(clean_run(), "html")
    assert '<p class="no-findings">✓ No findings: 1 entry in 1 file pass every check run.</p>' in page
    assert '<tr class="entry clean"' in page  # still there behind "entries without findings"


def test_html_of_a_run_with_findings_has_no_clean_banner(run):
    assert "no-findings" not in render(run, "html").split("</style>", 1)[1]


def test_sarif_rules_link_the_readme_section_when_the_package_names_its_documentation(run, monkeypatch):
    import vi_en_toolkit.check_help as check_help

    monkeypatch.setattr(check_help, "documentation_url", lambda: "https://example.org/vi-en")
    driver = json.loads(render(run, "sarif"))["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://example.org/vi-en"
    assert {rule["helpUri"] for rule in driver["rules"]} == {"https://example.org/vi-en#check-translations"}


def test_a_gate_made_in_python_with_an_unknown_fail_on_says_so():
    from vi_en_toolkit.errors import InputError
    from vi_en_toolkit.gate import Gate

    with pytest.raises(InputError, match="unknown --fail-on 'warnings'"):
        render(CheckRun((), 1, 1, ("number",)), "text", gate=Gate("warnings"))


def test_a_check_run_is_shown_without_its_entries():
    entries = tuple(Entry("a.po", n, f"nguồn {n}", f"source {n}") for n in range(1000))
    shown = repr(CheckRun((), 1, 1000, ("number",), entry_list=entries))
    assert shown.startswith("CheckRun(findings=(), files=1, entries=1000,") and shown.endswith("entry_list=<1000 entries>)")
