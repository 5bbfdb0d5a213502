"""Check findings rendered for people (text, html) and for CI (json, junit, sarif, github).

Every renderer takes a CheckRun and returns a string; the CLI only picks the format and where
the string goes. Every format carries the stamp (tool version, glossary hash, checks run).
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

from .checks import CHECKS, ERROR, CheckRun, Finding
from .gate import Gate
from .lazy_pattern import lazy_compile

FORMATS = ("text", "json", "junit", "sarif", "github", "html")


def render(run: CheckRun, fmt: str, color: bool = False, gate: Gate | None = None) -> str:
    """The run in one of FORMATS; color applies to text only (ANSI colors through rich).
    gate (--fail-on, --baseline, --changed-since) gives the build verdict every format carries."""
    if fmt == "text":
        return render_text(run, color, gate)
    renderers = {"json": render_json, "junit": render_junit, "sarif": render_sarif, "github": render_github,
                 "html": render_html}
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    return renderers[fmt](run, gate)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def summary_line(run: CheckRun, gate: Gate | None = None) -> str:
    verdict = f"{_plural(run.errors, 'error')}, {_plural(run.warnings, 'warning')}" if run.findings else "no problems"
    glossary = f"glossary {run.glossary_digest} ({run.glossary_terms} terms)" if run.glossary_digest else "no glossary"
    return f"{_plural(run.files, 'file')}, {_plural(run.entries, 'entry', 'entries')}: {verdict} " \
           f"(vi-en {run.version}, {glossary}) — {(gate or Gate()).verdict(run)}"


def _span(text: str, needle: str | None) -> tuple[int, int] | None:
    """Where needle occurs in text (case-insensitively), to highlight it."""
    if not needle or not text:
        return None
    index = text.find(needle)
    if index < 0:
        index = text.lower().find(needle.lower())
    return (index, index + len(needle)) if index >= 0 else None


def source_highlight(finding: Finding) -> tuple[int, int] | None:
    """The part of the source a finding is about: its glossary term, or the figure or date it quotes."""
    from .vietnamese import fold

    if finding.check in WHITESPACE_CHECKS:  # about the target's spacing: a source space is not the point
        return _edge_whitespace(finding.source, finding.message) if finding.check == "whitespace" else None
    if finding.term:
        folded, term = fold(finding.source), fold(finding.term)
        index = folded.find(term)
        if index >= 0 and len(folded) == len(finding.source):
            return (index, index + len(term))
    for quoted in re.findall(r"'([^']+)'", finding.message):
        span = _span(finding.source, quoted)
        if span:
            return span
    return None


# Findings about spacing: their highlight is the whitespace itself, shown visibly in the HTML page.
WHITESPACE_CHECKS = {"whitespace", "double-space"}


def _edge_whitespace(text: str, message: str) -> tuple[int, int] | None:
    """The leading or trailing whitespace of text, whichever the whitespace finding's message is about."""
    if " starts with " in message:
        end = len(text) - len(text.lstrip())
        return (0, end) if end else None
    start = len(text.rstrip())
    return (start, len(text)) if start < len(text) else None


def target_highlight(finding: Finding) -> tuple[int, int] | None:
    if finding.check == "whitespace":
        return _edge_whitespace(finding.target, finding.message)
    if finding.check == "double-space":
        inner = re.search(r"\S(\s{2,})\S", finding.target)
        return inner.span(1) if inner else None
    return _span(finding.target, finding.found)


# --- text -------------------------------------------------------------------------------------

def _marked(text: str, span: tuple[int, int] | None) -> str:
    if not span or not span[1] > span[0]:
        return text
    return f"{text[:span[0]]}**{text[span[0]:span[1]]}**{text[span[1]:]}"


def _by_file(findings):
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[finding.file].append(finding)
    return groups


def render_text(run: CheckRun, color: bool = False, gate: Gate | None = None) -> str:
    """Findings grouped by file; the offending text **marked** (or colored on a terminal)."""
    if color:
        return _render_text_rich(run, gate)
    lines = []
    for file, findings in _by_file(run.findings).items():
        lines.append(file)
        for f in findings:
            lines.append(f"  {f.line}: {f.severity} [{f.check}] {f.message}")
            lines.append(f"      vi: {_marked(f.source, source_highlight(f))}")
            lines.append(f"      en: {_marked(f.target, target_highlight(f))}")
        lines.append("")
    lines.append(summary_line(run, gate))
    return "\n".join(lines) + "\n"


def _render_text_rich(run: CheckRun, gate: Gate | None = None) -> str:
    import io

    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="standard", width=10_000, soft_wrap=True)

    def highlighted(label: str, text: str, span, style: str) -> Text:
        line = Text(f"      {label}: ", style="dim")
        body = Text(text)
        if span and span[1] > span[0]:
            body.stylize(style, *span)
        return line + body

    for file, findings in _by_file(run.findings).items():
        console.print(Text(file, style="bold underline"))
        for f in findings:
            level = "bold red" if f.severity == ERROR else "bold yellow"
            console.print(Text.assemble(f"  {f.line}: ", (f.severity, level), " ", (f"[{f.check}]", "cyan"), f" {f.message}"))
            console.print(highlighted("vi", f.source, source_highlight(f), "bold reverse"))
            console.print(highlighted("en", f.target, target_highlight(f), "bold reverse red" if f.severity == ERROR else "bold reverse yellow"))
        console.print()
    style = "bold red" if run.errors else ("bold yellow" if run.warnings else "bold green")
    console.print(Text(summary_line(run, gate), style=style))
    return buffer.getvalue()


# --- json -------------------------------------------------------------------------------------

FINDING_FIELDS = ("file", "line", "source", "target", "check", "severity", "message", "term", "expected", "found")


def as_data(run: CheckRun, gate: Gate | None = None) -> dict:
    """The documented JSON contract: findings, summary, and the stamp."""
    return {
        "findings": [{name: getattr(f, name) for name in FINDING_FIELDS} for f in run.findings],
        "summary": {"files": run.files, "entries": run.entries, "errors": run.errors, "warnings": run.warnings,
                    **(gate or Gate()).as_data(run)},
        "stamp": {"tool": f"vi-en {run.version}", "glossary": run.glossary_digest, "glossary_terms": run.glossary_terms,
                  "checks": list(run.checks)},
    }


def render_json(run: CheckRun, gate: Gate | None = None) -> str:
    return json.dumps(as_data(run, gate), ensure_ascii=False, indent=2) + "\n"


# --- junit ------------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry (C0 controls but tab and newlines, lone surrogates, U+FFFE/U+FFFF):
# a report with one is rejected whole by Jenkins and junitparser, so they are shown as their
# Control Pictures symbol (\f as ␌) or U+FFFD.
_XML_FORBIDDEN = lazy_compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _XML_FORBIDDEN.sub(lambda m: chr(0x2400 + ord(m.group())) if m.group() < " " else "\ufffd", text)


def _junit_case_names(entries) -> list[str]:
    """Test names from the msgid, without line numbers, so inserting an entry renames no other test
    (Jenkins keeps a test's history by its name); a repeated msgid is numbered in catalog order."""
    names, seen = [], defaultdict(int)
    for entry in entries:
        name = xml_safe(_short(entry.source)) or "(empty msgid)"
        seen[name] += 1
        names.append(name if seen[name] == 1 else f"{name} #{seen[name]}")
    return names


def render_junit(run: CheckRun, gate: Gate | None = None) -> str:
    """One testsuite per catalog, one testcase per entry, valid for Jenkins' junit-10.xsd. A testcase
    fails on the findings --fail-on fails the build on; the other findings go to its system-out."""
    gate = gate or Gate()
    failing = set(map(id, gate.failing(run.findings)))
    findings_by_entry: dict[tuple[str, int, str, str], list[Finding]] = defaultdict(list)
    for f in run.findings:
        findings_by_entry[(f.file, f.line, f.source, f.target)].append(f)
    entries_by_file = defaultdict(list)
    for entry in run.entry_list:
        entries_by_file[entry.file].append(entry)
    for name in run.file_names:
        entries_by_file.setdefault(name, [])
    if not entries_by_file:  # still one suite, to carry the stamp and the verdict
        entries_by_file["vi-en check"] = []
    stamp = (("tool", f"vi-en {run.version}"), ("glossary", run.glossary_digest or "none"),
             ("checks", ",".join(run.checks)), ("fail-on", gate.fail_on), ("verdict", gate.verdict(run)))
    from xml.etree import ElementTree  # only the junit report needs it: not imported on every run

    suites = ElementTree.Element("testsuites", name="vi-en check", tests=str(run.entries))
    for file, entries in entries_by_file.items():
        failures = 0
        suite = ElementTree.SubElement(suites, "testsuite", name=xml_safe(file), tests=str(len(entries)))
        properties = ElementTree.SubElement(suite, "properties")
        for key, value in stamp:
            ElementTree.SubElement(properties, "property", name=key, value=xml_safe(value))
        for entry, name in zip(entries, _junit_case_names(entries)):
            case = ElementTree.SubElement(suite, "testcase", classname=xml_safe(file), name=name)
            found = findings_by_entry.get((entry.file, entry.line, entry.source, entry.target), [])
            failed = [f for f in found if id(f) in failing]
            reported = [f for f in found if id(f) not in failing]
            if failed:
                failures += 1
                failure = ElementTree.SubElement(case, "failure", type=",".join(dict.fromkeys(f.check for f in failed)),
                                                 message=xml_safe("; ".join(f.message for f in failed)))
                failure.text = xml_safe(_details(entry, failed))
            if reported:
                ElementTree.SubElement(case, "system-out").text = xml_safe(_details(entry, reported))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
    suites.set("failures", str(sum(int(s.get("failures")) for s in suites.iter("testsuite"))))
    suites.set("errors", "0")
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _details(entry, findings: list[Finding]) -> str:
    lines = [f"{f.severity} [{f.check}] {f.message}" for f in findings]
    return "\n".join([*lines, f"at {entry.file}:{entry.line}", f"vi: {entry.source}", f"en: {entry.target}"])


# --- sarif ------------------------------------------------------------------------------------

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "SRCROOT"  # the uriBaseId of repository-relative URIs
FINGERPRINT = "viEnFinding/v1"


def repository_root(folder: str | Path = ".") -> Path:
    """The git work tree the folder is in (what code scanning resolves URIs against), else the folder."""
    import subprocess

    folder = Path(os.path.realpath(folder))
    try:
        done = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True, text=True,
                              timeout=30)
    except (OSError, subprocess.SubprocessError):
        return folder
    top = done.stdout.strip()
    return Path(os.path.realpath(top)) if done.returncode == 0 and top else folder


def _artifact_location(file: str, root: Path) -> dict:
    """A repository-relative URI under SRCROOT; a file outside the repository keeps an absolute file: URI."""
    uri, relative = _artifact_uri(file, root)
    return {"uri": uri, "uriBaseId": SRCROOT} if relative else {"uri": uri}


@functools.lru_cache(maxsize=4096)  # asked for every finding, twice: a realpath each time costs
def _artifact_uri(file: str, root: Path) -> tuple[str, bool]:
    path = Path(os.path.realpath(file))
    try:
        relative = path.relative_to(root)
    except ValueError:
        return path.as_uri(), False
    return quote(relative.as_posix()), True


def _offending_text(f: Finding) -> str:
    return f.found if f.found is not None else (f.expected if f.expected is not None else (f.term or ""))


def _fingerprints(findings, root: Path) -> list[str]:
    """One hash per finding from catalog, msgid, check and offending text (never the line), so an
    alert survives entries inserted above it; findings alike in all four are told apart by their order."""
    import hashlib  # here: only SARIF needs it, and it loads OpenSSL

    seen: dict[str, int] = defaultdict(int)
    prints = []
    for f in findings:
        key = "\0".join((_artifact_location(f.file, root)["uri"], f.source, f.check, _offending_text(f)))
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        seen[digest] += 1
        prints.append(f"{digest}:{seen[digest]}")
    return prints


_SAME_SOURCE_ELSEWHERE = lazy_compile(r"^translated differently at (.+?):(\d+): '")  # the translation may hold ':2: '


def _related_locations(run: CheckRun, root: Path) -> dict[int, list[dict]]:
    """For `inconsistent` findings, the entries that have the usual translation: the one the message
    names, or (a term's forms) those in the same catalog using the usual form, up to five."""
    from .vietnamese import fold

    related: dict[int, list[dict]] = {}
    term_findings = defaultdict(list)
    for index, f in enumerate(run.findings):
        if f.check != "inconsistent":
            continue
        named = _SAME_SOURCE_ELSEWHERE.match(f.message)
        if named:
            related[index] = [(named.group(1), int(named.group(2)))]
        elif f.term and f.expected:
            term_findings[(f.file, f.term, f.expected)].append(index)
    for (file, term, usual), indexes in term_findings.items():
        folded_term = fold(term)
        uses = [(e.file, e.line) for e in run.entry_list
                if e.file == file and usual in e.target and folded_term in fold(e.source)][:5]
        for index in indexes:
            related[index] = uses
    locations = {}
    for index, places in related.items():
        locations[index] = [
            {"id": number, "physicalLocation": {"artifactLocation": _artifact_location(file, root),
                                                **({"region": {"startLine": line}} if line > 0 else {})},
             "message": {"text": f"usual translation: '{run.findings[index].expected}'"}}
            for number, (file, line) in enumerate(places, start=1)
        ]
    return locations


def _sarif_rule(check_id: str, docs: str | None) -> dict:
    from .check_help import description, help_markdown, help_text

    check = CHECKS.get(check_id)
    summary = check.summary if check else check_id
    rule = {
        "id": check_id,
        "name": check_id,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": description(check_id, summary)},
        "help": {"text": help_text(check_id, summary), "markdown": help_markdown(check_id, summary)},
        "defaultConfiguration": {"level": check.severity if check else "warning"},
        "properties": {"tags": ["translation", "terminology" if check_id in _TERMINOLOGY else "editorial"],
                       "precision": "high"},
    }
    if docs:
        rule["helpUri"] = docs
    return rule


_TERMINOLOGY = {"term", "forbidden-term", "names", "inconsistent"}


def render_sarif(run: CheckRun, gate: Gate | None = None) -> str:
    """SARIF 2.1.0 as GitHub code scanning ingests it: rule ids = check ids with descriptions and
    help, repository-relative locations, stable fingerprints, related locations for consistency."""
    from .check_help import README_SECTION, documentation_url

    root = repository_root()
    docs = documentation_url()
    rule_ids = list(run.checks) or list(CHECKS)
    for f in run.findings:
        if f.check not in rule_ids:
            rule_ids.append(f.check)
    rules = [_sarif_rule(check_id, f"{docs}#{README_SECTION}" if docs else None) for check_id in rule_ids]
    related = _related_locations(run, root)
    results = []
    for index, (f, fingerprint) in enumerate(zip(run.findings, _fingerprints(run.findings, root))):
        location = {"artifactLocation": _artifact_location(f.file, root)}
        if f.line > 0:
            location["region"] = {"startLine": f.line}
        result = {
            "ruleId": f.check,
            "ruleIndex": rule_ids.index(f.check),
            "level": f.severity,
            "message": {"text": f.message},
            "locations": [{"physicalLocation": location}],
            # GitHub keys alerts on primaryLocationLineHash; ours does not move with the line.
            "partialFingerprints": {FINGERPRINT: fingerprint, "primaryLocationLineHash": fingerprint},
            "properties": {"source": f.source, "target": f.target, "term": f.term, "expected": f.expected,
                           "found": f.found},
        }
        if related.get(index):
            result["relatedLocations"] = related[index]
        results.append(result)
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "vi-en", "version": run.version, "semanticVersion": run.version,
                                    **({"informationUri": docs} if docs else {}), "rules": rules}},
                "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
                "results": results,
                "columnKind": "unicodeCodePoints",
                "properties": {"glossary": run.glossary_digest, "glossaryTerms": run.glossary_terms,
                               "files": run.files, "entries": run.entries, **(gate or Gate()).as_data(run)},
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- github -----------------------------------------------------------------------------------

def _github_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


# GitHub shows at most this many annotations of each level per step; the rest go to the summary.
GITHUB_ANNOTATIONS_SHOWN = 10
SUMMARY_FINDINGS = 50  # rows of the job summary's findings table


def render_github(run: CheckRun, gate: Gate | None = None) -> str:
    """GitHub Actions workflow commands: one ::error or ::warning annotation per finding. When
    there are more than GitHub shows, a notice says so (the job summary has them all counted)."""
    lines = []
    for f in run.findings:
        props = f"file={_github_escape(f.file, True)}"
        if f.line > 0:
            props += f",line={f.line}"
        props += f",title={_github_escape(f'vi-en {f.check}', True)}"
        lines.append(f"::{f.severity} {props}::{_github_escape(f.message)}")
    if max(run.errors, run.warnings) > GITHUB_ANNOTATIONS_SHOWN:
        lines.append(f"::notice title=vi-en::{_github_escape(_plural(run.errors, 'error'))}, "
                     f"{_github_escape(_plural(run.warnings, 'warning'))}: GitHub shows {GITHUB_ANNOTATIONS_SHOWN} "
                     f"annotations of each kind per step; the job summary counts them all by check")
    lines.append(summary_line(run, gate))
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text safe inside a markdown table cell: no HTML, no column breaks, one line."""
    import html  # the html and markdown reports only

    return html.escape(" ".join(text.split()), quote=False).replace("|", "\\|")


def render_github_summary(run: CheckRun, gate: Gate | None = None) -> str:
    """The markdown for $GITHUB_STEP_SUMMARY: the verdict, findings counted per check, and the
    first findings in a table, errors first (annotations stop at 10 of each kind)."""
    gate = gate or Gate()
    mark = "❌" if gate.fails(run) else "✅"
    parts = [f"### {mark} vi-en check: {_cell(gate.verdict(run))}", "", _cell(summary_line(run, gate)), ""]
    if not run.findings:
        return "\n".join(parts) + "\n"
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for f in run.findings:
        counts[f.check][f.severity != ERROR] += 1
    parts += ["| check | errors | warnings |", "| --- | ---: | ---: |"]
    parts += [f"| `{check}` | {errors} | {warnings} |" for check, (errors, warnings) in
              sorted(counts.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))]
    shown = sorted(run.findings, key=lambda f: f.severity != ERROR)[:SUMMARY_FINDINGS]
    heading = "Findings" if len(shown) == len(run.findings) else f"First {len(shown)} of {len(run.findings)} findings"
    parts += ["", f"#### {heading}", "", "| where | severity | check | message |", "| --- | --- | --- | --- |"]
    parts += [f"| {_cell(f.file)}:{f.line} | {f.severity} | `{f.check}` | {_cell(f.message)} |" for f in shown]
    return "\n".join(parts) + "\n"


def append_github_summary(run: CheckRun, gate: Gate | None, path: str) -> None:
    """Append the summary to the job summary file GitHub names in $GITHUB_STEP_SUMMARY."""
    from .errors import InputError

    try:
        with open(path, "a", encoding="utf-8") as summary:
            summary.write(render_github_summary(run, gate) + "\n")
    except OSError as error:
        raise InputError(f"cannot append the job summary: {error.strerror}", file=path) from None


# --- html -------------------------------------------------------------------------------------

_HTML_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em} .stamp{color:#666;font-size:.85em}
table{border-collapse:collapse;width:100%;table-layout:fixed} td,th{border:1px solid #ddd;padding:.4em .6em;vertical-align:top;text-align:left}
col.line{width:4.5em} col.text{width:34%} th{background:#f4f4f4} td.line{color:#666;text-align:right}
td.text{white-space:pre-wrap;overflow-wrap:anywhere} mark{background:#ffe08a;padding:0 .1em}
mark.ws{background:#ffb74d;color:#6d4c00}
tr.error td.findings{border-left:4px solid #c62828} tr.warning td.findings{border-left:4px solid #f9a825}
.finding{margin:.1em 0} .error .sev,.sev.error{color:#c62828;font-weight:600} .sev.warning{color:#b07800;font-weight:600}
.check{font-family:monospace;background:#eef;padding:0 .3em;border-radius:3px} .filters label{margin-right:1em;white-space:nowrap}
h2{font-size:1.1em;margin-top:1.5em} tr.clean{display:none} body.all tr.clean{display:table-row}
.no-findings{font-size:1.2em;color:#1b5e20;background:#e8f5e9;border:1px solid #a5d6a7;padding:.8em 1em;border-radius:4px}
"""

_HTML_SCRIPT = """
function applyFilters(){
  var on={};document.querySelectorAll('input.check-filter').forEach(function(b){on[b.value]=b.checked;});
  document.querySelectorAll('div.finding').forEach(function(d){d.style.display=on[d.dataset.check]?'':'none';});
  document.querySelectorAll('tr.entry:not(.clean)').forEach(function(r){
    var shown=r.dataset.checks.split(' ').some(function(c){return on[c];});r.style.display=shown?'':'none';});
}
document.querySelectorAll('input.check-filter').forEach(function(b){b.addEventListener('change',applyFilters);});
document.getElementById('show-all').addEventListener('change',function(e){document.body.classList.toggle('all',e.target.checked);});
"""


_VISIBLE_WHITESPACE = str.maketrans({" ": "·", "\t": "⇥", "\n": "↵\n", "\u00a0": "⍽"})


def _html_marked(text: str, spans) -> str:
    """text escaped, the spans in <mark>; a span of whitespace alone (what a spacing finding is
    about) shows its characters as · ⇥ ↵, since a browser would show nothing."""
    import html  # the html and markdown reports only

    spans = sorted({s for s in spans if s and s[1] > s[0]})
    out, position = [], 0
    for start, end in spans:
        if start < position:
            continue
        out.append(html.escape(text[position:start]))
        marked = text[start:end]
        if marked.isspace():
            out.append(f'<mark class="ws" title="whitespace">{html.escape(marked.translate(_VISIBLE_WHITESPACE))}</mark>')
        else:
            out.append(f"<mark>{html.escape(marked)}</mark>")
        position = end
    out.append(html.escape(text[position:]))
    return "".join(out)


def render_html(run: CheckRun, gate: Gate | None = None) -> str:
    """One self-contained page: per catalog, source | target | findings side by side, terms
    highlighted, a filter by check; entries without findings can be shown too."""
    import html  # the html and markdown reports only

    e = html.escape
    findings_by_entry: dict[tuple[str, int, str, str], list[Finding]] = defaultdict(list)
    for f in run.findings:
        findings_by_entry[(f.file, f.line, f.source, f.target)].append(f)
    counts: dict[str, int] = defaultdict(int)
    for f in run.findings:
        counts[f.check] += 1
    entries = list(run.entry_list) or [_EntryLike(f.file, f.line, f.source, f.target) for f in run.findings]
    by_file = defaultdict(list)
    seen = set()
    for entry in entries:
        key = (entry.file, entry.line, entry.source, entry.target)
        if key not in seen:
            seen.add(key)
            by_file[entry.file].append(entry)
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        "<title>vi-en check report</title>", f"<style>{_HTML_STYLE}</style></head><body>",
        "<h1>vi-en check</h1>",
        f'<p class="summary">{e(summary_line(run, gate))}</p>',
        f'<p class="stamp">checks: {e(", ".join(run.checks))}</p>',
        '<p class="filters">Show: ',
    ]
    for check_id in sorted(counts, key=lambda c: list(CHECKS).index(c) if c in CHECKS else 99):
        parts.append(f'<label><input type="checkbox" class="check-filter" value="{e(check_id)}" checked> '
                     f'<span class="check">{e(check_id)}</span> ({counts[check_id]})</label>')
    parts.append('<label><input type="checkbox" id="show-all"> entries without findings</label></p>')
    if not run.findings:
        parts.append(f'<p class="no-findings">✓ No findings: {e(_plural(run.entries, "entry", "entries"))} in '
                     f'{e(_plural(run.files, "file"))} pass every check run.</p>')
    for file, file_entries in by_file.items():
        parts.append(f"<h2>{e(file)}</h2>")
        parts.append('<table><colgroup><col class="line"><col class="text"><col class="text"><col class="findings">'
                     '</colgroup><thead><tr><th class="line">Line</th><th>Source (vi)</th><th>Target (en)</th>'
                     "<th>Findings</th></tr></thead><tbody>")
        for entry in file_entries:
            found = findings_by_entry.get((entry.file, entry.line, entry.source, entry.target), [])
            severity = "error" if any(f.severity == ERROR for f in found) else ("warning" if found else "")
            classes = " ".join(c for c in ("entry", severity, "" if found else "clean") if c)
            checks = " ".join(dict.fromkeys(f.check for f in found))
            source = _html_marked(entry.source, [source_highlight(f) for f in found])
            target = _html_marked(entry.target, [target_highlight(f) for f in found])
            notes = "".join(
                f'<div class="finding" data-check="{e(f.check)}"><span class="sev {e(f.severity)}">{e(f.severity)}</span> '
                f'<span class="check">{e(f.check)}</span> {e(f.message)}</div>'
                for f in found
            )
            parts.append(f'<tr class="{classes}" data-checks="{e(checks)}"><td class="line">{entry.line}</td>'
                         f'<td class="text">{source}</td><td class="text">{target}</td><td class="findings">{notes}</td></tr>')
        parts.append("</tbody></table>")
    parts.append(f"<script>{_HTML_SCRIPT}</script></body></html>")
    return "\n".join(parts) + "\n"


class _EntryLike:
    def __init__(self, file, line, source, target):
        self.file, self.line, self.source, self.target = file, line, source, target
