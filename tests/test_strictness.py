"""How strictly a glossary term is held: what `vi-en check` reports for a term at each strictness.

required (the default): a missing rendering is an error; advisory: at most a warning;
forbidden-only: a missing rendering is never reported. A forbidden rendering present is always
an error, whatever the strictness. Configuration can lower a check to a warning, never raise an
advisory term to an error.
"""

import pytest

from vi_en_toolkit.checks import Entry, Problem, check_entries, terminology_findings
from vi_en_toolkit.checks.registry import ERROR, WARNING, finding_severity
from vi_en_toolkit.glossary import Glossary, Term


def term(strictness, case_sensitive=False):
    if case_sensitive:
        return Term("Lai Châu", "Lai Chau", forbidden=("Lai Chow",), case_sensitive=True, strictness=strictness)
    return Term("chính phủ", "government", variants=("administration",), forbidden=("regime",), strictness=strictness)


CASES = [
    # strictness, English, expected (check, severity) findings
    ("required", "the government said", []),
    ("required", "officials said", [("term", ERROR)]),
    ("required", "the regime said", [("forbidden-term", ERROR)]),
    ("advisory", "the administration said", []),
    ("advisory", "officials said", [("term", WARNING)]),
    ("advisory", "the regime said", [("forbidden-term", ERROR)]),
    ("forbidden-only", "the government said", []),
    ("forbidden-only", "officials said", []),
    ("forbidden-only", "the regime said", [("forbidden-term", ERROR)]),
]


@pytest.mark.parametrize("strictness, english, expected", CASES)
def test_what_check_reports_for_a_term_at_each_strictness(strictness, english, expected):
    glossary = Glossary([term(strictness)])
    findings = check_entries([Entry("a.po", 3, "chính phủ cho biết", english)], glossary)
    assert [(f.check, f.severity) for f in findings] == expected


NAME_CASES = [
    ("required", "in Lai Chau province", []),
    ("required", "in Laichau province", [("names", ERROR)]),
    ("required", "in Lai Chow province", [("forbidden-term", ERROR)]),
    ("advisory", "in Laichau province", [("names", WARNING)]),
    ("advisory", "in Lai Chow province", [("forbidden-term", ERROR)]),
    ("forbidden-only", "in Laichau province", []),
    ("forbidden-only", "in Lai Chow province", [("forbidden-term", ERROR)]),
]


@pytest.mark.parametrize("strictness, english, expected", NAME_CASES)
def test_names_follow_the_same_strictness(strictness, english, expected):
    glossary = Glossary([term(strictness, case_sensitive=True)])
    findings = check_entries([Entry("a.po", 3, "ở tỉnh Lai Châu", english)], glossary)
    assert [(f.check, f.severity) for f in findings] == expected


def test_an_advisory_finding_says_usually_and_keeps_the_finding_fields():
    glossary = Glossary([term("advisory")])
    [finding] = check_entries([Entry("a.po", 3, "chính phủ cho biết", "officials said")], glossary)
    assert finding.message == "'chính phủ' is usually translated as 'government' / 'administration'"
    assert (finding.term, finding.expected, finding.found) == ("chính phủ", "government", None)


@pytest.mark.parametrize(
    "configured, own, reported",
    [
        (ERROR, None, ERROR),  # the check's default
        (WARNING, None, WARNING),  # config lowers a check
        (ERROR, WARNING, WARNING),  # an advisory term stays a warning...
        (WARNING, WARNING, WARNING),
        (ERROR, ERROR, ERROR),
        (WARNING, ERROR, WARNING),  # ...and config still lowers anything
    ],
)
def test_a_problem_severity_can_only_lower_the_configured_one(configured, own, reported):
    assert finding_severity(configured, Problem("m", severity=own)) == reported


def test_config_lowers_an_advisory_and_a_required_term_alike_but_never_raises():
    glossary = Glossary([term("required"), Term("quan hệ", "relations", strictness="advisory")])
    entry = Entry("a.po", 3, "chính phủ và quan hệ", "officials and ties")
    default = check_entries([entry], glossary, ["term"])
    lowered = check_entries([entry], glossary, ["term"], severity={"term": WARNING})
    raised = check_entries([entry], glossary, ["term"], severity={"term": ERROR})
    assert [f.severity for f in default] == [ERROR, WARNING]
    assert [f.severity for f in lowered] == [WARNING, WARNING]
    assert [f.severity for f in raised] == [ERROR, WARNING]


def test_terminology_findings_used_by_glossary_diff_report_the_same_severities():
    glossary = Glossary([term("advisory"), Term("thuế quan", "tariffs")])
    findings = terminology_findings("chính phủ áp thuế quan", "officials imposed duties", glossary)
    assert [(f.term, f.severity) for f in findings] == [("chính phủ", WARNING), ("thuế quan", ERROR)]


def test_a_big_run_in_several_processes_keeps_each_findings_severity(monkeypatch):
    from vi_en_toolkit.checks import runner

    monkeypatch.setattr(runner, "PARALLEL_FROM", 4)
    glossary = Glossary([term("advisory"), Term("thuế quan", "tariffs")])
    entries = [Entry("a.po", n, "chính phủ áp thuế quan", "officials imposed duties") for n in range(8)]
    findings = check_entries(entries, glossary, ["term"], jobs=2)
    assert [f.severity for f in findings] == [WARNING, ERROR] * 8
