"""Start-up: a check run whose glossary is in the compiled cache imports only what checking needs."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from vi_en_toolkit import numbers
from vi_en_toolkit.lazy_pattern import LazyPattern, lazy_compile

ROOT = Path(__file__).parent.parent

CATALOG = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Nga và Mỹ thảo luận về đất hiếm."
msgstr "Russia and the United States discuss rare earths."

msgid "Khu chợ có nhiều gian hàng hóa phẩm."
msgstr "The market has many chemist's stores."
"""

# What a one-entry check on a cached glossary must not load, and why it once did.
NOT_IMPORTED = [
    "yaml",  # the glossary comes from the compiled cache
    "lemminflect",  # its word forms too
    "numpy",  # lemminflect's
    "rich",  # the spinner, only on a terminal
    "multiprocessing",  # the process pool, only for 20,000+ entries
    "xml.etree.ElementTree",  # the junit report
    "vi_en_toolkit.baseline",  # --baseline
    "vi_en_toolkit.changes",  # --changed-since
    "underthesea_core",  # the word segmenter: its answer for "gian hàng hóa phẩm" is kept from the first run
    "pickle",  # the segmenter's model files; its pairs and answers are kept as JSON
    "secrets",  # a temporary file's name, only for a run that writes
    "tomllib",  # pyproject.toml without [tool.vi-en]: not parsed
    "hashlib",  # it loads OpenSSL: cache files are named by zlib's checksums, a cached glossary keeps its digest
    "polib",  # the strict reader and the writer: the fast scan reads an ordinary catalog
    "vi_en_toolkit.po_format",
]

RUN_CHECK = """\
import json, runpy, sys
sys.argv = ["vi-en", "check", sys.argv[1], "--glossary", sys.argv[2]]
try:
    runpy.run_path({vi_en!r}, run_name="__main__")
except SystemExit as done:
    code = done.code
print(json.dumps({{"code": code, "modules": sorted(sys.modules)}}), file=sys.stderr)
"""


def check_in_a_fresh_process(catalog: Path, cache: Path) -> dict:
    env = {**os.environ, "VI_EN_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    env.pop("VI_EN_CACHE", None)
    script = RUN_CHECK.format(vi_en=str(ROOT / "vi_en.py"))
    result = subprocess.run([sys.executable, "-c", script, str(catalog), str(ROOT / "glossary")], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=True)
    return {**json.loads(result.stderr.splitlines()[-1]), "output": result.stdout}


@pytest.fixture(scope="module")
def second_run(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("startup")
    catalog = folder / "one.po"
    catalog.write_text(CATALOG, encoding="utf-8")
    first = check_in_a_fresh_process(catalog, folder / "cache")
    assert "yaml" in first["modules"] and "underthesea_core" in first["modules"]  # parsed, segmented
    second = check_in_a_fresh_process(catalog, folder / "cache")
    second["first"] = first
    return second


def test_the_second_run_finds_the_same(second_run):
    assert second_run["code"] == second_run["first"]["code"] == 0
    assert second_run["output"] == second_run["first"]["output"]
    assert "2 entries: no problems" in second_run["output"]  # hàng hóa is not in "gian hàng hóa phẩm"


@pytest.mark.parametrize("module", NOT_IMPORTED)
def test_a_one_entry_check_on_a_cached_glossary_does_not_import(second_run, module):
    assert module not in second_run["modules"]


def test_a_misspelt_name_is_pointed_at_without_lemminflect(tmp_path):
    """The hint for a misspelt name (the name in another case, or the closest words) matches the
    name as a name: inflecting it as a common word loaded lemminflect, 0.75 s of a 0.2 s run."""
    catalog = tmp_path / "one.po"
    catalog.write_text(CATALOG.split("msgid \"Nga")[0] + 'msgid "Ông Zelenskiy phát biểu."\nmsgstr "Mr Zelenskyi spoke."\n',
                       encoding="utf-8")
    check_in_a_fresh_process(catalog, tmp_path / "cache")  # fills the cache
    second = check_in_a_fresh_process(catalog, tmp_path / "cache")
    assert "not 'Zelenskyi'" in second["output"]
    assert "lemminflect" not in second["modules"]


# --- patterns compiled on first use ----------------------------------------------------------------

@pytest.mark.parametrize("pattern, flags, method, args", [
    (r"\d+(?:,\d+)?", 0, "findall", ("3,8 triệu và 25%",)),
    (r"(?P<n>\d+)%", 0, "search", ("tăng 25% so với",)),
    (r"tháng", re.IGNORECASE, "sub", ("month", "THÁNG 4")),
    (r"\s+", 0, "split", ("a  b\tc",)),
    (r"ab", 0, "fullmatch", ("ab",)),
    (r"x", 0, "match", ("yx",)),
])
def test_a_lazy_pattern_answers_as_the_compiled_pattern(pattern, flags, method, args):
    def plain(result):
        return result.group(0) if isinstance(result, re.Match) else result

    compiled = re.compile(pattern, flags)
    assert plain(getattr(lazy_compile(pattern, flags), method)(*args)) == plain(getattr(compiled, method)(*args))


def test_a_lazy_pattern_compiles_once_on_first_use():
    lazy = lazy_compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})")
    assert "_compiled" not in lazy.__dict__
    assert [m.group("month") for m in lazy.finditer("30/9 và 1/10")] == ["9", "10"]
    assert lazy.compiled is lazy.compiled and lazy.groupindex == {"day": 1, "month": 2}


def test_importing_numbers_compiles_none_of_its_patterns():
    script = ("import vi_en_toolkit.numbers as n; from vi_en_toolkit.lazy_pattern import LazyPattern; "
              "print(sum('_compiled' in p.__dict__ for p in vars(n).values() if isinstance(p, LazyPattern)), "
              "sum(isinstance(p, LazyPattern) for p in vars(n).values()))")
    compiled, lazy = subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": str(ROOT)},
                                    capture_output=True, text=True, check=True).stdout.split()
    assert compiled == "0" and int(lazy) >= 14
    assert any(isinstance(p, LazyPattern) for p in vars(numbers).values())
