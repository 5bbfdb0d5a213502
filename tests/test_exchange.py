"""Glossary exchange: TBX, CSV/TSV and two-column DeepL/Google files, out and back in without loss."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vi_en_toolkit.errors import GlossaryError, InputError
from vi_en_toolkit.exchange import (
    export_glossary,
    import_glossary,
    parse_table,
    parse_tbx,
    read_exchange_file,
)
from vi_en_toolkit.glossary import Term, load_glossary, parse_glossary_text

FIXTURES = Path(__file__).parent / "fixtures" / "glossary"
TBX = "{urn:iso:std:iso:30042:ed-2}"

TERMS = [
    Term("đất hiếm", "rare earths", ("rare earth elements", "rare earth metals"), ("rare soil",), False,
         "attributive: rare earth mining", "glossary/mining.yaml"),
    Term("Nga", "Russia", (), (), True, None, "glossary/names.yaml"),
    Term("thuế quan thứ cấp", "secondary tariffs", file="glossary/trade.yaml"),
    Term("tấn", "tonnes", ("tons",), file="glossary/mining.yaml", not_in=("thông tấn", "tấn bi kịch")),
    Term("tổng thống", "President", forbidden=("chairman",), title=True),
    Term("chính phủ", "government", strictness="advisory"),
    Term("đô la Mỹ", "U.S. dollar", forbidden=("Australian dollar",), strictness="forbidden-only"),
    Term("Bộ Tài nguyên và Môi trường", "Ministry of Natural Resources and Environment", (), (), True,
         'has "quotes", commas, a | bar\nand a second line'),
]


def fields(term: Term) -> tuple:
    return (term.vi, term.en, term.variants, term.forbidden, term.case_sensitive, term.note, term.strictness,
            term.not_in, term.title)


# --- TBX out -------------------------------------------------------------------------------------

def test_tbx_export_is_xml_with_the_tbx_structure():
    root = ET.fromstring(export_glossary(TERMS, "tbx").encode("utf-8"))

    assert root.tag == f"{TBX}tbx" and root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    entries = root.findall(f"{TBX}text/{TBX}body/{TBX}conceptEntry")
    assert len(entries) == len(TERMS)
    first = entries[0]
    assert first.find(f"{TBX}descrip[@type='subjectField']").text == "mining"
    assert first.find(f"{TBX}note").text == "attributive: rare earth mining"
    vi, en = first.findall(f"{TBX}langSec")
    assert vi.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    assert [t.text for t in vi.iter(f"{TBX}term")] == ["đất hiếm"]
    statuses = [
        (s.find(f"{TBX}term").text, s.find(f"{TBX}termNote[@type='administrativeStatus']").text)
        for s in en.findall(f"{TBX}termSec")
    ]
    assert statuses == [
        ("rare earths", "preferredTerm-admn-sts"),
        ("rare earth elements", "admittedTerm-admn-sts"),
        ("rare earth metals", "admittedTerm-admn-sts"),
        ("rare soil", "deprecatedTerm-admn-sts"),
    ]


def test_how_a_term_is_held_travels_as_notes_on_the_vietnamese_term():
    root = ET.fromstring(export_glossary(TERMS, "tbx").encode("utf-8"))

    held = {
        entry.find(f"{TBX}langSec/{TBX}termSec/{TBX}term").text: [n.text for n in entry.iter(f"{TBX}note")]
        for entry in root.iter(f"{TBX}conceptEntry")
    }
    assert held["tấn"] == ["vi-en not_in: thông tấn", "vi-en not_in: tấn bi kịch"]
    assert held["tổng thống"] == ["vi-en title: true"]
    assert held["chính phủ"] == ["vi-en strictness: advisory"]
    assert held["thuế quan thứ cấp"] == []  # required, applies everywhere, not a title: the defaults


@pytest.mark.parametrize(
    "row, message",
    [
        ("mỏ,mine,optional,,", "strictness is 'optional'"),
        ("mỏ,mine,,,perhaps", "title is 'perhaps'"),
    ],
)
def test_a_table_with_a_bad_strictness_or_title_is_refused_with_its_line(row: str, message: str):
    with pytest.raises(GlossaryError, match=message) as raised:
        parse_table("vi,en,strictness,not_in,title\n" + row + "\n", "terms.csv", ",")
    assert raised.value.line == 2


def test_a_tbx_entry_with_an_unknown_strictness_is_skipped_and_reported():
    tbx = export_glossary([Term("mỏ", "mine", strictness="advisory")], "tbx").replace("advisory", "optional")
    imported = parse_tbx(tbx.encode("utf-8"), "x.tbx")
    assert imported.terms == () and "strictness 'optional'" in imported.skipped[0].reason


def test_a_name_is_a_noun_marked_case_sensitive():
    root = ET.fromstring(export_glossary(TERMS[1:2], "tbx").encode("utf-8"))

    notes = [n.text for n in root.iter(f"{TBX}termNote") if n.get("type") == "partOfSpeech"]
    assert notes == ["noun", "noun"]  # the Vietnamese and the English term
    assert [n.text for n in root.iter(f"{TBX}note")] == ["vi-en: case-sensitive"] * 2


# The TBX-Basic dialect's Schematron rules (LTAC-Global/TBX-Basic_dialect, DCA, for TBX v3 ed-2) that
# an export can break, as (what, XPath of offending nodes): none may match.
TBX_BASIC_RULES = [
    ("partOfSpeech is noun, verb, adjective, adverb or other",
     ".//tbx:termNote[@type='partOfSpeech'][not(.='noun' or .='verb' or .='adjective' or .='adverb' or .='other')]"),
    ("administrativeStatus is one of the four -admn-sts values",
     ".//tbx:termNote[@type='administrativeStatus'][not(.='preferredTerm-admn-sts' or .='admittedTerm-admn-sts'"
     " or .='deprecatedTerm-admn-sts' or .='supersededTerm-admn-sts')]"),
    ("termNote only at termSec level", ".//tbx:termNote[not(parent::tbx:termSec)]"),
    ("subjectField only at conceptEntry level", ".//tbx:descrip[@type='subjectField'][not(parent::tbx:conceptEntry)]"),
    ("no blank data category", ".//tbx:*[@type='']"),
    ("no element outside the TBX namespace (DCA style)", ".//*[namespace-uri() != 'urn:iso:std:iso:30042:ed-2']"),
    ("the dialect is TBX-Basic in DCA style", "/tbx:tbx[not(@type='TBX-Basic' and @style='dca')]"),
]


@pytest.mark.parametrize("rule, offending", TBX_BASIC_RULES, ids=[r[0] for r in TBX_BASIC_RULES])
def test_tbx_export_follows_the_tbx_basic_schematron(rule: str, offending: str):
    etree = pytest.importorskip("lxml.etree")
    document = etree.fromstring(export_glossary(TERMS, "tbx").encode("utf-8"))
    assert document.xpath(offending, namespaces={"tbx": TBX.strip("{}")}) == []


def test_tbx2_is_martif_that_translate_toolkit_reads_term_by_term():
    tbx = pytest.importorskip("translate.storage.tbx")
    store = tbx.tbxfile.parsestring(export_glossary(TERMS, "tbx2").encode("utf-8"), "vi", "en")

    assert len(store.units) == len(TERMS)
    for unit, term in zip(store.units, TERMS):
        assert [t.text for t in unit.get_source_terms()] == [term.vi]
        english = [(t.text, t.deprecated) for t in unit.get_target_terms()]
        assert english == [(term.en, False), *[(v, False) for v in term.variants], *[(f, True) for f in term.forbidden]]
    assert store.units[0].source == "đất hiếm" and store.units[0].target == "rare earths"


# --- round trips ------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["tbx", "tbx2", "csv", "tsv"])
def test_round_trip_keeps_every_field(tmp_path: Path, fmt: str):
    exported = tmp_path / f"glossary.{fmt.rstrip('2')}"
    exported.write_text(export_glossary(TERMS, fmt), encoding="utf-8")

    imported = read_exchange_file(exported)

    assert [fields(t) for t in imported.terms] == [fields(t) for t in TERMS]
    assert imported.skipped == ()


def test_yaml_to_tbx_to_yaml_keeps_every_field(tmp_path: Path):
    (tmp_path / "glossary").mkdir()
    source = tmp_path / "glossary" / "mining.yaml"
    source.write_text(
        "terms:\n"
        "  - vi: đất hiếm\n    en: rare earths\n    variants: [rare earth elements]\n"
        "    forbidden: [rare soil, rare land]\n    note: 'attributive: rare earth mining'\n"
        "  - vi: Điện Kremlin\n    en: Kremlin\n    case_sensitive: true\n"
        "  - vi: tấn\n    en: tonnes\n    not_in: [thông tấn, tấn bi kịch]\n"
        "  - vi: tổng thống\n    en: President\n    forbidden: [chairman]\n    title: true\n"
        "  - vi: khai thác\n    en: mining\n    strictness: advisory\n",
        encoding="utf-8",
    )
    tbx = tmp_path / "mining.tbx"
    tbx.write_text(export_glossary(load_glossary(source), "tbx"), encoding="utf-8")

    import_glossary(tbx, tmp_path / "back.yaml")

    assert [fields(t) for t in load_glossary(tmp_path / "back.yaml")] == [fields(t) for t in load_glossary(source)]


_text = st.text(
    alphabet=st.characters(categories=("L", "N", "Zs", "P"), exclude_characters="|\x85\u2028\u2029"), min_size=1, max_size=20
).map(str.strip).filter(bool)
_terms = st.builds(
    Term,
    vi=_text,
    en=_text,
    variants=st.lists(_text, max_size=3, unique=True).map(tuple),
    forbidden=st.lists(_text, max_size=2, unique=True).map(tuple),
    case_sensitive=st.booleans(),
    note=st.one_of(st.none(), _text),
    strictness=st.sampled_from(["required", "advisory", "forbidden-only"]),
    not_in=st.lists(_text, max_size=2, unique=True).map(tuple),
    title=st.booleans(),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_terms, min_size=1, max_size=5))
@pytest.mark.parametrize("fmt", ["tbx", "tbx2", "csv", "tsv"])
def test_any_terms_survive_a_round_trip(fmt: str, terms: list[Term]):
    terms = [t for t in terms if t.en not in t.variants and not set(t.forbidden) & {t.en, *t.variants}]
    if not terms:
        return
    text = export_glossary(terms, fmt)
    raw = text.encode("utf-8")

    back = parse_tbx(raw, "x.tbx") if fmt.startswith("tbx") else parse_table(text, "x", "," if fmt == "csv" else "\t")

    assert [fields(t) for t in back.terms] == [fields(t) for t in terms]


# --- two-column files and other tools' tables ------------------------------------------------------------

def test_deepl_entries_are_two_tab_separated_columns_without_header():
    assert export_glossary(TERMS[:2], "deepl") == "đất hiếm\trare earths\nNga\tRussia\n"


def test_deepl_entries_are_never_csv_quoted():
    term = Term('Quỹ "Đầu tư"', 'the "Investment" Fund')
    assert export_glossary([term], "deepl") == 'Quỹ "Đầu tư"\tthe "Investment" Fund\n'


@pytest.mark.parametrize("vi, en", [("đất\thiếm", "rare earths"), ("đất hiếm", "rare\nearths"), ("Nga", "Rus\u2028sia")])
def test_a_tab_or_line_break_in_a_term_cannot_go_into_a_deepl_file(vi: str, en: str):
    with pytest.raises(InputError, match="contains a tab or a line break, which a DeepL glossary cannot hold"):
        export_glossary([Term(vi, en, file="glossary/mining.yaml", line=7)], "deepl")

    imported = read_exchange_file(FIXTURES / "deepl_entries.tsv")

    assert [(t.vi, t.en) for t in imported.terms] == [
        ("đất hiếm", "rare earths"), ("thuế quan thứ cấp", "secondary tariffs"), ("trữ lượng", "reserves")
    ]


def test_google_csv_has_two_columns_and_its_term_sets_a_language_header():
    assert export_glossary(TERMS[2:3], "google") == "thuế quan thứ cấp,secondary tariffs\n"

    imported = read_exchange_file(FIXTURES / "google_equivalent_terms.csv")

    assert [(t.vi, t.en, t.note) for t in imported.terms][0] == ("đất hiếm", "rare earths", "the 17 elements")
    assert imported.ignored_columns == ("pos",)


def test_repeated_rows_become_variants_on_import(tmp_path: Path):
    report = import_glossary(FIXTURES / "google_equivalent_terms.csv", tmp_path / "google.yaml")

    terms = load_glossary(tmp_path / "google.yaml")
    assert fields(terms.lookup("đất hiếm"))[:6] == ("đất hiếm", "rare earths", ("rare earth elements",), (), False, "the 17 elements")
    assert report.merged_rows == 1


def test_deepl_four_column_csv_reads_the_language_pair():
    imported = read_exchange_file(FIXTURES / "deepl_four_columns.csv")

    assert [(t.vi, t.en) for t in imported.terms] == [("đất hiếm", "rare earths"), ("trữ lượng", "reserves")]


def test_tbx_v2_from_other_tools_is_read():
    imported = read_exchange_file(FIXTURES / "tbx_v2_basic.tbx")

    assert [fields(t) for t in imported.terms] == [
        ("đất hiếm", "rare earths", ("rare earth elements",), ("rare soil",), False, "the 17 elements", "required", (), False),
        ("Điện Kremlin", "Kremlin", (), (), True, None, "required", (), False),
    ]  # another tool's file says nothing of how a term is held: the defaults
    assert [(s.where, s.reason) for s in imported.skipped] == [("entry t3", "no Vietnamese term")]


# --- bad input ----------------------------------------------------------------------------------------------

BAD_FILES = [
    ("tbx_entity_expansion.tbx", "tbx_entity_expansion.tbx:3: refused: the document declares entities"),
    ("tbx_external_entity.tbx", "tbx_external_entity.tbx:2: refused: the document declares entities"),
    ("tbx_malformed.tbx", "tbx_malformed.tbx:7: not well-formed XML: mismatched tag"),
    ("not_tbx.xml", "not_tbx.xml:1: not a TBX file (the root element is <rss>"),
    ("csv_unclosed_quote.csv", "csv_unclosed_quote.csv:3: malformed CSV: unexpected end of data"),
    ("csv_too_many_cells.csv", "csv_too_many_cells.csv:3: 4 cells but the header has 3"),
    ("two_columns_three_cells.tsv", "two_columns_three_cells.tsv:2: 3 cells; without a header a glossary row is"),
    ("csv_bad_case_flag.csv", "csv_bad_case_flag.csv:2: case_sensitive is 'maybe' (write true or false)"),
    ("csv_latin1_bytes.csv", "csv_latin1_bytes.csv:3: not UTF-8 text"),
]


@pytest.mark.parametrize("name, message", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_malformed_files_are_refused_with_file_and_line(name: str, message: str):
    with pytest.raises(GlossaryError) as raised:
        read_exchange_file(FIXTURES / name)

    assert str(raised.value).replace(str(FIXTURES) + "/", "").startswith(message)


def test_entities_are_never_expanded_or_resolved():
    for name in ("tbx_entity_expansion.tbx", "tbx_external_entity.tbx"):
        with pytest.raises(GlossaryError, match="refused"):
            parse_tbx((FIXTURES / name).read_bytes(), name)


def test_an_empty_file_is_refused(tmp_path: Path):
    (tmp_path / "empty.csv").write_text("\n\n", encoding="utf-8")

    with pytest.raises(GlossaryError, match="empty file"):
        read_exchange_file(tmp_path / "empty.csv")


def test_rows_without_english_are_skipped_and_reported():
    imported = parse_table("vi,en\nđất hiếm,rare earths\ntrữ lượng,\n", "t.csv", ",")

    assert [t.vi for t in imported.terms] == ["đất hiếm"]
    assert [(s.where, s.reason) for s in imported.skipped] == [("line 3", "no English for 'trữ lượng'")]


# --- writing: never clobber ------------------------------------------------------------------------------------

def test_import_writes_a_new_yaml_glossary(tmp_path: Path):
    report = import_glossary(FIXTURES / "deepl_entries.tsv", tmp_path / "deepl.yaml")

    assert report.created and len(report.added) == 3
    terms, problems = parse_glossary_text((tmp_path / "deepl.yaml").read_text(encoding="utf-8"), "deepl.yaml")
    assert problems == [] and [t.en for t in terms] == ["rare earths", "secondary tariffs", "reserves"]


def test_import_merges_into_an_existing_file_keeping_its_text_and_reporting_conflicts(tmp_path: Path):
    existing = tmp_path / "mining.yaml"
    original = "# Mining terms, reviewed.\nterms:\n  # the one everybody gets wrong\n  - vi: đất hiếm\n    en: rare earths\n  - vi: trữ lượng\n    en: deposits\n"
    existing.write_text(original, encoding="utf-8")

    report = import_glossary(FIXTURES / "deepl_entries.tsv", existing)

    text = existing.read_text(encoding="utf-8")
    assert text.startswith(original)  # comments and layout kept, new terms appended
    assert [t.vi for t in report.added] == ["thuế quan thứ cấp"]
    assert [t.vi for t in report.already_present] == ["đất hiếm"]
    assert [str(c) for c in report.conflicts] == [
        f"conflict: 'trữ lượng' differs in en: imported en 'reserves', {existing}:6 has 'deposits' (kept)"
    ]
    assert load_glossary(existing).lookup("trữ lượng").en == "deposits"
    assert not report.created


def test_terms_elsewhere_in_the_glossary_are_not_imported_again(tmp_path: Path):
    elsewhere = [Term("đất hiếm", "rare earths", file="glossary/mining.yaml", line=3)]

    report = import_glossary(FIXTURES / "deepl_entries.tsv", tmp_path / "deepl.yaml", existing=elsewhere)

    assert [t.vi for t in report.already_present] == ["đất hiếm"]
    assert "đất hiếm" not in (tmp_path / "deepl.yaml").read_text(encoding="utf-8")


def test_importing_nothing_new_leaves_the_file_untouched(tmp_path: Path):
    target = tmp_path / "deepl.yaml"
    import_glossary(FIXTURES / "deepl_entries.tsv", target)
    before = target.stat().st_mtime_ns, target.read_bytes()

    report = import_glossary(FIXTURES / "deepl_entries.tsv", target)

    assert report.added == () and len(report.already_present) == 3
    assert (target.stat().st_mtime_ns, target.read_bytes()) == before


def test_a_failed_import_leaves_the_existing_file_as_it_was(tmp_path: Path):
    target = tmp_path / "mining.yaml"
    target.write_text("terms:\n  - vi: đất hiếm\n    en: rare earths\n", encoding="utf-8")

    with pytest.raises(GlossaryError):
        import_glossary(FIXTURES / "csv_unclosed_quote.csv", target)

    assert target.read_text(encoding="utf-8") == "terms:\n  - vi: đất hiếm\n    en: rare earths\n"
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == ["mining.yaml"]  # no temporary file left behind


def test_a_term_held_differently_is_a_conflict_and_the_glossary_keeps_its_own(tmp_path: Path):
    existing = tmp_path / "geo.yaml"
    existing.write_text("terms:\n  - vi: chính phủ\n    en: government\n    strictness: advisory\n", encoding="utf-8")
    before = existing.read_bytes()
    table = tmp_path / "in.csv"
    table.write_text("vi,en,strictness,not_in\nchính phủ,government,,chính phủ bang\n", encoding="utf-8")

    report = import_glossary(table, existing)

    assert [str(c).split(":")[0:2] for c in report.conflicts] == [["conflict", " 'chính phủ' differs in strictness, not_in"]]
    assert existing.read_bytes() == before


# --- spreadsheet formulas (OWASP CSV injection) -------------------------------------------------------

FORMULAS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "google", "deepl"])
@pytest.mark.parametrize("formula", FORMULAS)
def test_exports_start_a_formula_like_cell_with_a_quote_so_spreadsheets_show_text(fmt: str, formula: str):
    if fmt == "deepl" and formula[0] in "\t\r":
        return  # a tab or CR cannot be in a DeepL file at all (refused above)
    text = export_glossary([Term("đất hiếm", formula)], fmt)
    cells = [cell for line in csv_rows(text, fmt) for cell in line]
    assert "'" + formula in cells and formula not in cells


def csv_rows(text: str, fmt: str):
    import csv
    import io

    return list(csv.reader(io.StringIO(text, newline=""), delimiter="," if fmt in ("csv", "google") else "\t"))


@pytest.mark.parametrize("formula", ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)"])
def test_an_imported_formula_like_cell_is_skipped_with_a_reason(formula: str):
    text = f"vi,en\nđất hiếm,rare earths\nNga,\"{formula.replace(chr(34), chr(34) * 2)}\"\n"
    imported = parse_table(text, "t.csv", ",")
    assert [t.vi for t in imported.terms] == ["đất hiếm"]
    [(where, reason)] = [(s.where, s.reason) for s in imported.skipped]
    assert where == "line 3" and reason.startswith("a cell starts like a spreadsheet formula (")
    assert reason.endswith("not imported (start it with ' to import it as text)")


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_quoted_formula_like_text_round_trips(tmp_path: Path, fmt: str):
    terms = [Term("cộng", "+ (plus)"), Term("gạch", "-ish"), Term("nháy", "'quoted'"), Term("bằng", "=")]
    back = parse_table(export_glossary(terms, fmt), "t", "," if fmt == "csv" else "\t")
    assert [(t.vi, t.en) for t in back.terms] == [(t.vi, t.en) for t in terms] and back.skipped == ()


# --- TBX entity declarations, whatever the encoding ----------------------------------------------------

BOMB = '<?xml version="1.0" encoding="{0}"?>\n<!DOCTYPE tbx [\n<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;">\n]>\n<tbx>&b;</tbx>\n'


@pytest.mark.parametrize("encoding, bom", [
    ("UTF-8", b""), ("UTF-16LE", b""), ("UTF-16BE", b""), ("UTF-16", b"\xff\xfe"), ("UTF-16", b"\xfe\xff"),
    ("ISO-8859-1", b""),
])
def test_entity_declarations_are_refused_in_every_encoding_with_their_line(encoding: str, bom: bytes):
    python_codec = {"UTF-16": "utf-16-le" if bom == b"\xff\xfe" else "utf-16-be"}.get(encoding, encoding)
    raw = bom + BOMB.format(encoding).encode(python_codec)
    with pytest.raises(GlossaryError) as raised:
        parse_tbx(raw, "bomb.tbx")
    assert str(raised.value) == "bomb.tbx:3: refused: the document declares entities (not allowed in TBX from outside)"


def test_a_doctype_naming_an_external_dtd_is_read_without_fetching_it():
    tbx2 = export_glossary(TERMS[:1], "tbx2").replace(
        "<martif", '<!DOCTYPE martif SYSTEM "http://127.0.0.1:9/TBXcoreStructV02.dtd">\n<martif', 1)
    assert [t.vi for t in parse_tbx(tbx2.encode("utf-8"), "x.tbx").terms] == ["đất hiếm"]


# --- import appends as text, never rewrites -----------------------------------------------------------

HEAD = "# Mining terms. Licence: CC BY 4.0, keep this note.\nterms:\n  - vi: đất hiếm  # the one everybody gets wrong\n    en: rare earths\n"
APPENDED = "  - vi: thuế quan thứ cấp\n    en: secondary tariffs\n  - vi: trữ lượng\n    en: reserves\n"


@pytest.mark.parametrize(
    "existing, expected",
    [
        (HEAD, HEAD + APPENDED),
        (HEAD.rstrip("\n"), HEAD + APPENDED),  # no final newline
        (HEAD + "# more to come\n", HEAD + "# more to come\n" + APPENDED),
        (HEAD + "...\n", HEAD + APPENDED + "...\n"),  # the document end marker stays last
        (HEAD + "... # end\n\n", HEAD + APPENDED + "... # end\n\n"),
        ("---\n" + HEAD + "...\n", "---\n" + HEAD + APPENDED + "...\n"),
    ],
    ids=["block", "no final newline", "trailing comment", "document end", "document end with comment", "start and end"],
)
def test_import_appends_new_terms_as_text_after_what_is_there(tmp_path: Path, existing: str, expected: str):
    target = tmp_path / "mining.yaml"
    target.write_text(existing, encoding="utf-8")

    report = import_glossary(FIXTURES / "deepl_entries.tsv", target)

    assert target.read_text(encoding="utf-8") == expected
    assert [t.vi for t in report.added] == ["thuế quan thứ cấp", "trữ lượng"] and not report.created



@pytest.mark.parametrize("existing", [HEAD, HEAD + "...\n"], ids=["block", "document end"])
def test_import_appends_to_a_file_with_windows_line_ends_in_them(tmp_path: Path, existing: str):
    target = tmp_path / "mining.yaml"
    target.write_bytes(existing.replace("\n", "\r\n").encode("utf-8"))

    import_glossary(FIXTURES / "deepl_entries.tsv", target)

    expected = existing.replace("...\n", "") + APPENDED + ("...\n" if "..." in existing else "")
    assert target.read_bytes() == expected.replace("\n", "\r\n").encode("utf-8")


def test_a_long_run_of_blanks_after_the_document_end_is_read_at_once():
    from vi_en_toolkit.exchange import _DOCUMENT_END

    assert _DOCUMENT_END.search("terms: []\n...\n" + " " * 60 + "\r\n") is None  # a \r is not blank: no end marker

@pytest.mark.parametrize(
    "existing, reason",
    [
        ("# licence note\nterms: [{vi: đất hiếm, en: rare earths}]  # flow\n", "its terms are a flow-style list"),
        ("terms: []\n", "its terms are a flow-style list"),
    ],
    ids=["flow", "empty flow"],
)
def test_import_refuses_what_it_cannot_append_to_and_changes_nothing(tmp_path: Path, existing: str, reason: str):
    target = tmp_path / "mining.yaml"
    target.write_text(existing, encoding="utf-8")

    with pytest.raises(GlossaryError) as raised:
        import_glossary(FIXTURES / "deepl_entries.tsv", target)

    assert str(raised.value).startswith(f"{target}: cannot add the imported terms without rewriting this file: {reason}")
    assert "-o NEW.yaml" in str(raised.value)
    assert target.read_text(encoding="utf-8") == existing
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == ["mining.yaml"]
