"""The HTML report as a browser lays it out: headless Chromium (Debian's `chromium`) loads the page
with a probe script that measures it, and prints the DOM. Skipped where no browser is installed."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from vi_en_toolkit.checks import CheckRun, run_checks
from vi_en_toolkit.entries import Entry
from vi_en_toolkit.report import render

CHROMIUM = next((path for name in ("chromium", "chromium-browser", "google-chrome")
                 if (path := shutil.which(name))), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no headless Chromium (apt-get install chromium)")

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
LONG = "Nga đang sở hữu một nguồn tài nguyên quan trọng đối với ngành công nghiệp quốc phòng và năng lượng toàn cầu."

PROBE = """<script>
function box(el){ return el ? el.getBoundingClientRect() : null; }
var table = document.querySelector('table');
var probe = {
  table: table ? box(table).width : 0,
  columns: table ? Array.from(table.querySelectorAll('th')).map(function(th){ return box(th).width; }) : [],
  whitespace: Array.from(document.querySelectorAll('mark.ws')).map(function(m){
    return {text: m.textContent, width: box(m).width}; }),
  noFindings: (function(p){ return p && box(p).height > 0 ? p.textContent : null; })(document.querySelector('.no-findings')),
  rowsShown: Array.from(document.querySelectorAll('tr.entry')).filter(function(r){ return box(r).height > 0; }).length
};
var filter = document.querySelector('input.check-filter[value="double-space"]');
if (filter) { filter.checked = false; filter.dispatchEvent(new Event('change')); }
probe.rowsShownWithoutDoubleSpace = Array.from(document.querySelectorAll('tr.entry'))
  .filter(function(r){ return box(r).height > 0; }).length;
document.body.setAttribute('data-probe', JSON.stringify(probe));
</script>"""


def laid_out(page: str, tmp_path: Path) -> dict:
    """What Chromium measured on the page."""
    file = tmp_path / "report.html"
    file.write_text(page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", file.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    found = re.search(r'data-probe="([^"]*)"', done.stdout)
    assert found, done.stderr[-2000:]
    return json.loads(html.unescape(found.group(1)))


def run_of(tmp_path: Path, *pairs: tuple[str, str]) -> CheckRun:
    catalog = tmp_path / "a.po"
    catalog.write_text(HEADER + "".join(f'msgid "{vi}"\nmsgstr "{en}"\n\n' for vi, en in pairs), encoding="utf-8")
    return run_checks([catalog], None)


def test_columns_give_the_text_the_room_and_the_line_number_little(tmp_path):
    run = run_of(tmp_path, (LONG, "Russia holds  a resource important to the defence and energy industries worldwide."))
    probe = laid_out(render(run, "html"), tmp_path)
    line, source, target, findings = probe["columns"]
    assert line < 0.08 * probe["table"]
    assert source > 0.3 * probe["table"] and target > 0.3 * probe["table"]
    assert findings > 0.15 * probe["table"]


@pytest.mark.parametrize(
    "target, shown",
    [
        ("Large  reserves.", "··"),  # double space
        (" Russia says.", "·"),  # leading space
        ("Russia says.\t", "⇥"),  # trailing tab
    ],
)
def test_whitespace_a_finding_is_about_is_visible(tmp_path, target, shown):
    source = "Trữ lượng lớn." if "reserves" in target else "Nga nói."
    probe = laid_out(render(run_of(tmp_path, (source, target)), "html"), tmp_path)
    assert [mark["text"] for mark in probe["whitespace"]] == [shown]
    assert all(mark["width"] > 3 for mark in probe["whitespace"])


def test_a_clean_run_says_so_instead_of_an_empty_table(tmp_path):
    entries = (Entry("a.po", 5, "Nga nói.", "Russia says."),)
    run = CheckRun(findings=(), files=1, entries=1, checks=("whitespace",), entry_list=entries)
    probe = laid_out(render(run, "html"), tmp_path)
    assert probe["noFindings"] == "✓ No findings: 1 entry in 1 file pass every check run."
    assert probe["rowsShown"] == 0


def test_the_check_filter_hides_the_entries_of_an_unticked_check(tmp_path):
    run = run_of(tmp_path, ("Trữ lượng lớn.", "Large  reserves."), ("Nga nói.", " Russia says."))
    probe = laid_out(render(run, "html"), tmp_path)
    assert (probe["rowsShown"], probe["rowsShownWithoutDoubleSpace"]) == (2, 1)
