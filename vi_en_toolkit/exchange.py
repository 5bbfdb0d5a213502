"""Glossary exchange with other tools: TBX, CSV/TSV with a header, and DeepL/Google two-column files.

TBX is written as TBX-Basic in TBX v3 (ISO 30042:2019, DCA style; `tbx`): one conceptEntry per
term, a langSec per language, a termSec per term. The English termSecs carry administrativeStatus:
preferredTerm (en), admittedTerm (variants), deprecatedTerm (forbidden). A case-sensitive term (a
name) is a partOfSpeech=noun (TBX-Basic allows noun, verb, adjective, adverb, other: no
properNoun) with the termSec note CASE_SENSITIVE_NOTE; the note is the concept's note; the glossary
file's name is the subjectField. `tbx2` writes the same as TBX v2 (ISO 30042:2008, `<martif>`,
termEntry/langSet/tig), the TBX that translate-toolkit, hence Weblate and Pootle, read. Reading
accepts both, and partOfSpeech properNoun from other tools.
How a term is held (strictness, not_in, title) has no TBX-Basic data category either: it travels
as notes on the Vietnamese term, "vi-en strictness: advisory", one per value.

TBX comes from outside and is untrusted: it is parsed with defusedxml, which refuses entity
declarations whatever the document's encoding (no expansion, no external entities; a DTD is never
fetched).

CSV and TSV are opened in spreadsheets, which run a cell starting with = + - @ (or tab, CR) as a
formula. As OWASP recommends, such a cell is exported with a leading single quote ('=…), and on
import a row with a cell starting so is skipped with a reason, unless the cell carries that quote,
which marks it as text: the quote is removed and the text kept (so exports round-trip). DeepL's
TSV has no quoting at all: a term with a tab or a line break cannot be written and is refused.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import __version__
from .errors import GlossaryError, InputError
from .files import UTF16_BOMS, locked_update, read_regular_bytes, read_utf8
from .glossary import STRICTNESS, Term, lint_terms, parse_glossary_text
from .vietnamese import fold

EXPORT_FORMATS = ("tbx", "tbx2", "csv", "tsv", "deepl", "google")
IMPORT_FORMATS = ("tbx", "csv", "tsv")
TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TABLE_COLUMNS = ("vi", "en", "variants", "forbidden", "case_sensitive", "note", "strictness", "not_in", "title")
# Term fields written as "vi-en <field>: <value>" notes on the Vietnamese term in TBX, and as
# columns in CSV/TSV: field → (to text values, from text values, the default when absent).
HOLDING_FIELDS = {
    "strictness": (lambda v: [] if v == "required" else [v], lambda vs: vs[-1] if vs else "required"),
    "not_in": (list, tuple),
    "title": (lambda v: ["true"] if v else [], lambda vs: bool(vs) and vs[-1].lower() in ("true", "yes", "1")),
}
FIELD_NOTE = re.compile(r"vi-en (strictness|not_in|title): (.*)", re.DOTALL)
LIST_SEPARATOR = " | "  # between variants (or forbidden forms) inside one CSV/TSV cell

PREFERRED, ADMITTED, DEPRECATED = "preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts"
# TBX-Basic has no data category for case; a name's termSecs carry this note (read back on import).
CASE_SENSITIVE_NOTE = "vi-en: case-sensitive"
# Cell starts a spreadsheet runs as a formula (OWASP "CSV injection"); the quote marks a cell as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"

# Header names other tools use for our columns (compared lower case).
COLUMN_ALIASES = {
    "vi": {"vi", "vi-vn", "vi_vn", "vie", "vietnamese", "source", "source term", "term_vi", "tiếng việt"},
    "en": {"en", "en-us", "en-gb", "en_us", "en_gb", "eng", "english", "target", "target term", "term_en"},
    "variants": {"variants", "variant", "synonyms", "alternatives"},
    "forbidden": {"forbidden", "deprecated", "do not use", "donotuse"},
    "case_sensitive": {"case_sensitive", "case-sensitive", "case sensitive", "match case"},
    "note": {"note", "notes", "description", "comment", "comments", "definition"},
    "strictness": {"strictness"},
    "not_in": {"not_in", "not in", "not-in", "exceptions"},
    "title": {"title"},
}
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?", re.IGNORECASE)


# --- export ----------------------------------------------------------------------------------------

def export_glossary(terms, fmt: str, source_label: str = "") -> str:
    """The terms in one exchange format (see EXPORT_FORMATS)."""
    terms = list(terms)
    if fmt == "tbx":
        return terms_to_tbx(terms, source_label)
    if fmt == "tbx2":
        return terms_to_martif(terms, source_label)
    if fmt in ("csv", "tsv"):
        return terms_to_table(terms, "," if fmt == "csv" else "\t")
    if fmt == "deepl":  # DeepL glossary entries: source<TAB>target, no header, no quoting
        return terms_to_deepl(terms)
    if fmt == "google":  # Google Cloud unidirectional glossary: source,target, no header
        return terms_to_two_columns(terms, ",")
    raise InputError(f"unknown export format '{fmt}' (choose {', '.join(EXPORT_FORMATS)})")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, {XML_LANG if k == "lang" else k: v for k, v in attributes.items()})
    if text is not None:
        element.text = text
    return element


def terms_to_tbx(terms: list[Term], source_label: str = "") -> str:
    """TBX v3 (TBX-Basic, DCA style)."""
    root = ET.Element("tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: "vi", "xmlns": TBX_NAMESPACE})
    return _tbx_document(root, terms, source_label, "tbxHeader", "conceptEntry", "langSec", "termSec")


def terms_to_martif(terms: list[Term], source_label: str = "") -> str:
    """TBX v2 (TBX-Basic, <martif>): what translate-toolkit, Weblate and Pootle import."""
    root = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: "vi"})
    return _tbx_document(root, terms, source_label, "martifHeader", "termEntry", "langSet", "tig")


def _tbx_document(root: ET.Element, terms: list[Term], source_label: str, header_tag: str, entry_tag: str,
                  language_tag: str, term_tag: str) -> str:
    """The header and one entry per term, in either TBX version's element names."""
    description = _sub(_sub(root, header_tag), "fileDesc")
    _sub(_sub(description, "sourceDesc"), "p", f"vi-en {__version__} glossary export" + (f" of {source_label}" if source_label else ""))
    body = _sub(_sub(root, "text"), "body")
    for number, term in enumerate(terms, start=1):
        entry = _sub(body, entry_tag, id=f"c{number}")
        if term.file:
            _sub(entry, "descrip", Path(term.file).stem, type="subjectField")
        if term.note:
            _sub(entry, "note", term.note)
        _sub_terms(entry, term, language_tag, term_tag)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _english_forms(term: Term) -> list[tuple[str, str]]:
    return [(term.en, PREFERRED), *[(v, ADMITTED) for v in term.variants], *[(f, DEPRECATED) for f in term.forbidden]]


def _sub_terms(entry: ET.Element, term: Term, language_tag: str, term_tag: str) -> None:
    """The Vietnamese and English term sections of one entry (TBX v3 langSec/termSec, v2 langSet/tig)."""
    for language, forms in (("vi", [(term.vi, None)]), ("en", _english_forms(term))):
        language_section = _sub(entry, language_tag, lang=language)
        for text, status in forms:
            section = _sub(language_section, term_tag)
            _sub(section, "term", text)
            if term.case_sensitive:
                _sub(section, "termNote", "noun", type="partOfSpeech")
            if status:
                _sub(section, "termNote", status, type="administrativeStatus")
            if term.case_sensitive:
                _sub(section, "note", CASE_SENSITIVE_NOTE)
            if language == "vi":
                for name, (to_text, _) in HOLDING_FIELDS.items():
                    for value in to_text(getattr(term, name)):
                        _sub(section, "note", f"vi-en {name}: {value}")


def _joined(values) -> str:
    for value in values:
        if LIST_SEPARATOR.strip() in value:
            raise InputError(f"'{value}' contains '{LIST_SEPARATOR.strip()}', which separates forms in CSV/TSV; export as TBX")
    return LIST_SEPARATOR.join(values)


def as_text_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula, or with the text mark
    itself, gets the text mark (so importing it back gives the value unchanged)."""
    return TEXT_MARK + value if value.startswith((*FORMULA_STARTS, TEXT_MARK)) else value


def _write_rows(rows, delimiter: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    # QUOTE_MINIMAL quotes only the line terminator's characters: a lone CR would end the row.
    quote_all = csv.writer(out, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        cells = [as_text_cell(cell) for cell in row]
        (quote_all if any("\r" in cell for cell in cells) else writer).writerow(cells)
    return out.getvalue()


def terms_to_table(terms: list[Term], delimiter: str) -> str:
    rows = [TABLE_COLUMNS]
    for term in terms:
        rows.append((term.vi, term.en, _joined(term.variants), _joined(term.forbidden),
                     "true" if term.case_sensitive else "false", term.note or "",
                     *(_joined(HOLDING_FIELDS[name][0](getattr(term, name))) for name in TABLE_COLUMNS[6:])))
    return _write_rows(rows, delimiter)


def terms_to_two_columns(terms: list[Term], delimiter: str) -> str:
    """Source and preferred target only: the other fields have no place in these files."""
    return _write_rows([(term.vi, term.en) for term in terms], delimiter)


def terms_to_deepl(terms: list[Term]) -> str:
    """DeepL glossary entries: source<TAB>target a line, no header and no quoting (DeepL would keep
    the quotes as part of the term), so a tab or line break inside a term cannot be written."""
    lines = []
    for term in terms:
        for text in (term.vi, term.en):
            if re.search(r"[\t\n\r\v\f\x85\u2028\u2029]", text):
                where = f" ({term.file}:{term.line})" if term.file and term.line else (f" ({term.file})" if term.file else "")
                raise InputError(f"'{text}'{where} contains a tab or a line break, which a DeepL glossary cannot "
                                 "hold; edit the term, or export as tsv or tbx")
        lines.append(f"{as_text_cell(term.vi)}\t{as_text_cell(term.en)}\n")
    return "".join(lines)


# --- import ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Skipped:
    """An entry of the imported file that did not become a term, and why."""

    where: str  # "line 12" or "entry c12"
    reason: str


@dataclass(frozen=True)
class ImportedTerms:
    terms: tuple[Term, ...]
    skipped: tuple[Skipped, ...] = ()
    ignored_columns: tuple[str, ...] = ()


def detect_format(path: Path, raw: bytes) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in (".tbx", ".xml"):
        return "tbx"
    if suffix == ".csv":
        return "csv"
    if suffix in (".tsv", ".tab", ".txt"):
        return "tsv"
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        return "tbx"
    first_line = raw.split(b"\n", 1)[0]
    return "tsv" if b"\t" in first_line else "csv"


def read_exchange_file(path: Path | str, fmt: str | None = None) -> ImportedTerms:
    """Terms from a TBX, CSV or TSV file; anything malformed raises GlossaryError with file and line."""
    path = Path(path)
    raw = read_regular_bytes(path, InputError)  # a FIFO or device is refused, never waited on
    if not raw.strip():
        raise GlossaryError("empty file, nothing to import", file=path)
    fmt = fmt or detect_format(path, raw)
    if fmt == "tbx":
        return parse_tbx(raw, str(path))
    if fmt in ("csv", "tsv"):
        return parse_table(_decode(raw, str(path)), str(path), "," if fmt == "csv" else "\t")
    raise InputError(f"unknown import format '{fmt}' (choose {', '.join(IMPORT_FORMATS)})")


def _decode(raw: bytes, file: str) -> str:
    if raw.startswith(UTF16_BOMS):  # Excel's "Unicode text" export
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise GlossaryError("not valid UTF-16 text", file=file) from None
    if b"\0" in raw:
        raise GlossaryError("binary file, not a CSV/TSV glossary", file=file)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise GlossaryError("not UTF-8 text (save the file as UTF-8)", file=file, line=line) from None


# --- TBX ---

def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parse_xml(raw: bytes, file: str) -> ET.Element:
    """The document's root, parsed by defusedxml: entity declarations (in any encoding expat reads,
    BOM or not) are refused with their line; a DTD named by DOCTYPE is never fetched."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    class LineOfRefusal(DefusedXMLParser):
        line = None

        def defused_entity_decl(self, *args):
            self.line = self.parser.CurrentLineNumber
            super().defused_entity_decl(*args)

        def defused_unparsed_entity_decl(self, *args):
            self.line = self.parser.CurrentLineNumber
            super().defused_unparsed_entity_decl(*args)

    parser = LineOfRefusal(forbid_dtd=False, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(raw)
        return parser.close()
    except DefusedXmlException:
        raise GlossaryError("refused: the document declares entities (not allowed in TBX from outside)",
                            file=file, line=parser.line) from None
    except ET.ParseError as error:
        line = error.position[0] if error.position else None
        message = str(error).split(":", 1)[0]
        raise GlossaryError(f"not well-formed XML: {message}", file=file, line=line) from None


def parse_tbx(raw: bytes, file: str) -> ImportedTerms:
    root = _parse_xml(raw, file)
    if _local(root.tag) not in ("tbx", "martif"):
        raise GlossaryError(f"not a TBX file (the root element is <{_local(root.tag)}>, not <tbx> or <martif>)", file=file, line=1)
    terms: list[Term] = []
    skipped: list[Skipped] = []
    entries = [e for e in root.iter() if _local(e.tag) in ("conceptEntry", "termEntry")]
    for number, entry in enumerate(entries, start=1):
        where = f"entry {entry.get('id') or number}"
        made, reason = _terms_of_entry(entry, file)
        if reason:
            skipped.append(Skipped(where, reason))
        terms.extend(made)
    return ImportedTerms(tuple(terms), tuple(skipped))


def _terms_of_entry(entry: ET.Element, file: str) -> tuple[list[Term], str | None]:
    vietnamese: list[tuple[str, bool, dict]] = []  # (text, proper noun, holding fields)
    english: list[tuple[str, str, bool]] = []  # (text, status, proper noun)
    notes = [n.text.strip() for n in entry.iter()
             if _local(n.tag) == "note" and n.text and n.text.strip() and n.text.strip() != CASE_SENSITIVE_NOTE
             and not FIELD_NOTE.fullmatch(n.text.strip())]
    for language in entry:
        if _local(language.tag) not in ("langSec", "langSet"):
            continue
        code = (language.get(XML_LANG) or language.get("lang") or "").lower()
        for section in language.iter():
            if _local(section.tag) not in ("termSec", "tig", "ntig"):
                continue
            text = next(("".join(t.itertext()).strip() for t in section.iter() if _local(t.tag) == "term"), "")
            if not text:
                continue
            status, proper = "", False
            held: dict[str, list[str]] = {}
            for note in section.iter():
                if _local(note.tag) == "note" and (note.text or "").strip() == CASE_SENSITIVE_NOTE:
                    proper = True
                found = FIELD_NOTE.fullmatch((note.text or "").strip()) if _local(note.tag) == "note" else None
                if found:
                    held.setdefault(found.group(1), []).append(found.group(2).strip())
                if _local(note.tag) != "termNote":
                    continue
                kind, value = note.get("type", ""), (note.text or "").strip()
                if kind in ("administrativeStatus", "normativeAuthorization"):
                    status = value
                elif kind == "partOfSpeech" and value.lower() in ("propernoun", "proper noun"):
                    proper = True
            if code.startswith("vi"):
                vietnamese.append((text, proper, held))
            elif code.startswith("en"):
                english.append((text, status, proper))
    if not vietnamese:
        return [], "no Vietnamese term"
    forbidden = [t for t, s, _ in english if re.search(r"deprecated|superseded|forbidden|notrecommended", s, re.I)]
    accepted = [(t, s, p) for t, s, p in english if t not in forbidden]
    if not accepted:
        return [], "no accepted English term" if english else "no English term"
    preferred = next((item for item in accepted if "preferred" in item[1].lower()), accepted[0])
    variants = [t for t, _, _ in accepted if t != preferred[0]]
    made = []
    for text, proper, held in vietnamese:
        holding = {name: from_text(held.get(name, [])) for name, (_, from_text) in HOLDING_FIELDS.items()}
        if holding["strictness"] not in STRICTNESS:
            return [], f"strictness '{holding['strictness']}' (write one of {', '.join(STRICTNESS)})"
        made.append(Term(vi=text, en=preferred[0], variants=tuple(variants), forbidden=tuple(forbidden),
                         case_sensitive=proper or preferred[2], note="\n".join(notes) or None, file=file, **holding))
    return made, None


# --- CSV / TSV ---

def _column_of(name: str) -> str | None:
    key = name.strip().lower()
    for column, aliases in COLUMN_ALIASES.items():
        if key in aliases:
            return column
    return None


def _is_header(row: list[str]) -> bool:
    """A first row is a header when it names the vi and en columns ("vi,en" heads Google's term sets)
    and most of its cells are column names (a DeepL row "đất hiếm,rare earths,vi,en" is data)."""
    cells = [cell for cell in row if cell.strip()]
    columns = [_column_of(cell) for cell in cells]
    named = sum(column is not None for column in columns)
    return "vi" in columns and "en" in columns and named * 2 > len(cells)


_TRUE, _FALSE = {"true", "yes", "y", "1", "x"}, {"false", "no", "n", "0", ""}


def parse_table(text: str, file: str, delimiter: str) -> ImportedTerms:
    """A CSV/TSV glossary: with a header naming the columns, or two columns vi, en without one.

    DeepL's four-column CSV (source, target, source language, target language) is read too.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for row in reader:
            rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as error:
        raise GlossaryError(f"malformed {'CSV' if delimiter == ',' else 'TSV'}: {error}", file=file, line=reader.line_num or line) from None
    rows = [(n, r) for n, r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise GlossaryError("no rows, nothing to import", file=file)
    header_line, first = rows[0]
    ignored: tuple[str, ...] = ()
    if _is_header(first):
        columns = [_column_of(cell) for cell in first]
        duplicated = {c for c in columns if c and columns.count(c) > 1}
        if duplicated:
            raise GlossaryError(f"column '{sorted(duplicated)[0]}' appears twice in the header", file=file, line=header_line)
        ignored = tuple(cell for cell, column in zip(first, columns) if column is None and cell.strip())
        body = rows[1:]
    else:
        columns = None
        body = rows
    terms: list[Term] = []
    skipped: list[Skipped] = []
    for number, row in body:
        if columns is None:
            values = _two_column_values(row, file, number)
        else:
            if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns):]):
                raise GlossaryError(f"{len(row)} cells but the header has {len(columns)}", file=file, line=number)
            values = {column: cell for column, cell in zip(columns, row) if column}
        formula = next((cell for cell in values.values() if cell.startswith(FORMULA_STARTS)), None)
        if formula is not None:
            skipped.append(Skipped(f"line {number}", f"a cell starts like a spreadsheet formula ({_shown(formula)}), "
                                                     f"not imported (start it with {TEXT_MARK} to import it as text)"))
            continue
        term, reason = _term_from_values({column: _unmarked(cell) for column, cell in values.items()}, file, number)
        if term is None:
            skipped.append(Skipped(f"line {number}", reason))
        else:
            terms.append(term)
    return ImportedTerms(tuple(terms), tuple(skipped), ignored)


def _unmarked(cell: str) -> str:
    """A cell's text without the text mark that a spreadsheet (or our export) puts before a formula start."""
    return cell[1:] if cell.startswith(TEXT_MARK) and cell[1:].startswith((*FORMULA_STARTS, TEXT_MARK)) else cell


def _shown(cell: str, width: int = 40) -> str:
    text = repr(cell)
    return text if len(text) <= width else text[: width - 2] + "…" + text[-1]


def _two_column_values(row: list[str], file: str, line: int) -> dict:
    cells = [cell.strip() for cell in row]
    if len(cells) == 4 and all(LANGUAGE_CODE.fullmatch(c) for c in cells[2:]):
        source, target = cells[2].lower(), cells[3].lower()
        if source.startswith("en") and target.startswith("vi"):
            return {"vi": cells[1], "en": cells[0]}
        if not (source.startswith("vi") and target.startswith("en")):
            raise GlossaryError(f"a {source}→{target} entry in a vi→en glossary", file=file, line=line)
        return {"vi": cells[0], "en": cells[1]}
    if len(cells) != 2:
        raise GlossaryError(
            f"{len(cells)} cells; without a header a glossary row is 'Vietnamese, English' "
            f"(or add a header: {','.join(TABLE_COLUMNS)})", file=file, line=line)
    return {"vi": cells[0], "en": cells[1]}


def _split_forms(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(LIST_SEPARATOR.strip()) if part.strip())


def _term_from_values(values: dict, file: str, line: int) -> tuple[Term | None, str]:
    vi, en = values.get("vi", "").strip(), values.get("en", "").strip()
    if not vi:
        return None, "no Vietnamese term"
    if not en:
        return None, f"no English for '{vi}'"
    flag = values.get("case_sensitive", "").strip().lower()
    if flag not in _TRUE | _FALSE:
        raise GlossaryError(f"case_sensitive is '{values['case_sensitive']}' (write true or false)", file=file, line=line)
    strictness = values.get("strictness", "").strip() or "required"
    if strictness not in STRICTNESS:
        raise GlossaryError(f"strictness is '{strictness}' (write {', '.join(STRICTNESS)} or leave it empty)", file=file, line=line)
    title = values.get("title", "").strip().lower()
    if title not in _TRUE | _FALSE:
        raise GlossaryError(f"title is '{values['title']}' (write true or false)", file=file, line=line)
    term = Term(vi=vi, en=en, variants=_split_forms(values.get("variants", "")),
                forbidden=_split_forms(values.get("forbidden", "")), case_sensitive=flag in _TRUE,
                note=values.get("note", "").strip() or None, file=file, line=line, strictness=strictness,
                not_in=_split_forms(values.get("not_in", "")), title=title in _TRUE)
    return term, ""


# --- merging into the glossary -----------------------------------------------------------------------

def merge_duplicates(terms) -> tuple[list[Term], int]:
    """One term per Vietnamese source: later rows with other English become variants of the first.

    Two-column glossaries list synonyms as repeated rows (Google's equivalent term sets do).
    """
    merged: dict[str, Term] = {}
    folded_rows = 0
    for term in terms:
        key = fold(term.vi)
        first = merged.get(key)
        if first is None:
            merged[key] = term
            continue
        folded_rows += 1
        variants = list(first.variants)
        for form in (term.en, *term.variants):
            if form != first.en and form not in variants:
                variants.append(form)
        forbidden = list(first.forbidden) + [f for f in term.forbidden if f not in first.forbidden]
        not_in = list(first.not_in) + [p for p in term.not_in if p not in first.not_in]
        merged[key] = first.replace(variants=tuple(variants), forbidden=tuple(forbidden), not_in=tuple(not_in),
                              case_sensitive=first.case_sensitive or term.case_sensitive, note=first.note or term.note,
                              title=first.title or term.title)
    return list(merged.values()), folded_rows


@dataclass(frozen=True)
class Conflict:
    imported: Term
    existing: Term

    def __str__(self) -> str:
        where = f"{self.existing.file}:{self.existing.line}" if self.existing.line else self.existing.file
        differences = [
            name for name in ("vi", "en", *COMPARED_FIELDS)
            if _comparable(getattr(self.imported, name)) != _comparable(getattr(self.existing, name))
        ]
        return (f"conflict: '{self.imported.vi}' differs in {', '.join(differences)}: imported en '{self.imported.en}', "
                f"{where} has '{self.existing.en}' (kept)")


def _comparable(value):
    return frozenset(value) if isinstance(value, tuple) else value


COMPARED_FIELDS = ("variants", "forbidden", "case_sensitive", "note", "strictness", "not_in", "title")


def _same_term(a: Term, b: Term) -> bool:
    return all(_comparable(getattr(a, n)) == _comparable(getattr(b, n)) for n in ("en", *COMPARED_FIELDS))


@dataclass(frozen=True)
class ImportReport:
    output: str
    created: bool  # a new file was written (else the terms were merged into an existing one)
    added: tuple[Term, ...]
    already_present: tuple[Term, ...]
    conflicts: tuple[Conflict, ...]
    skipped: tuple[Skipped, ...]
    merged_rows: int
    ignored_columns: tuple[str, ...] = field(default=())


class _GlossaryDumper(yaml.SafeDumper):
    """Block mappings with flow lists, the layout of the hand-written glossary files."""


_GlossaryDumper.add_representer(
    list, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)
)


def terms_to_yaml(terms, indent: str = "  ") -> str:
    """Term items as YAML list entries (each `- vi: ...` indented by `indent`)."""
    chunks = []
    for term in terms:
        text = yaml.dump(term.as_dict(), Dumper=_GlossaryDumper, allow_unicode=True, sort_keys=False,
                         default_flow_style=False, width=1000)
        lines = text.splitlines(True)
        chunks.append(indent + "- " + lines[0] + "".join(indent + "  " + line for line in lines[1:]))
    return "".join(chunks)


def glossary_yaml(terms, heading: str = "") -> str:
    comment = "".join(f"# {line}\n" for line in heading.splitlines()) if heading else ""
    return comment + "terms:\n" + terms_to_yaml(terms)


# each repetition starts at a newline, so a long run of blanks cannot make the search backtrack
_DOCUMENT_END = re.compile(r"^\.\.\.[ \t]*(?:#[^\n]*)?(?:\n[ \t]*(?:#[^\n]*)?)*\n?\Z", re.MULTILINE)
_FLOW_TERMS = re.compile(r"^terms:[ \t]*[\[{]", re.MULTILINE)


def _appended(existing_text: str, new_terms: list[Term], output: Path) -> str:
    """The existing file's text with the new terms added after its last term, as text: comments,
    layout and every byte before stay; a document end marker (`...`) stays last. A layout that
    cannot take them so (a flow-style list) raises GlossaryError, and nothing is written."""
    if "\r\n" in existing_text and existing_text.count("\r\n") == existing_text.count("\n"):
        # saved with Windows line ends throughout: appended in LF, and every line end given back as it was
        return _appended(existing_text.replace("\r\n", "\n"), new_terms, output).replace("\n", "\r\n")
    cannot = "cannot add the imported terms without rewriting this file"
    if _FLOW_TERMS.search(existing_text):
        raise GlossaryError(f"{cannot}: its terms are a flow-style list (terms: [...]); import into a new file "
                            "with -o NEW.yaml, or write the list in block style (one '- vi: ...' per term)", file=output)
    indent = re.search(r"^terms:[ \t]*(?:#.*)?\n(?:[ \t]*(?:#.*)?\n)*([ \t]*)- ", existing_text, re.MULTILINE)
    if indent is None:
        raise GlossaryError(f"{cannot}: it has no block list of terms ('terms:' then '- vi: ...'); import into a "
                            "new file with -o NEW.yaml", file=output)
    end = _DOCUMENT_END.search(existing_text)
    head, tail = (existing_text[: end.start()], existing_text[end.start():]) if end else (existing_text, "")
    if head and not head.endswith("\n"):
        head += "\n"
    return head + terms_to_yaml(new_terms, indent.group(1)) + tail


def import_glossary(
    source: Path | str,
    output: Path | str,
    existing: list[Term] = (),
    fmt: str | None = None,
) -> ImportReport:
    """Read an exchange file and write its terms to `output` (YAML) without clobbering anything.

    A new output file gets every term. An existing one keeps its text: terms it lacks are appended,
    terms it (or `existing`, the rest of the glossary) has with other values are conflicts, kept as
    they are and reported. Terms the glossary already has identically are left out.
    """
    output = Path(output)
    imported = read_exchange_file(source, fmt)
    terms, merged_rows = merge_duplicates(imported.terms)
    problems = [p for p in lint_terms(terms) if p.code in ("empty", "forbidden-accepted", "strictness", "not-in", "title")]
    if problems:
        first = problems[0]
        raise GlossaryError(f"{first.code}: {first.message}", file=str(source), line=first.line or None)
    # Read, merge and write under the file's lock; an editor's save meanwhile makes the write refuse.
    with locked_update(output, GlossaryError) as update:
        created = not output.exists() or (output.is_file() and output.stat().st_size == 0)  # empty: nothing to keep
        output_terms: list[Term] = []
        existing_text = ""
        if not created:
            existing_text = read_utf8(output, GlossaryError, "not UTF-8 text (save the glossary as UTF-8 before merging into it)")
            output_terms, schema_problems = parse_glossary_text(existing_text, str(output))
            if schema_problems:
                first = schema_problems[0]
                raise GlossaryError(f"{first.message} (fix it before merging into it)", first.file, first.line)
        known: dict[str, Term] = {}
        for term in [*output_terms, *existing]:
            known.setdefault(fold(term.vi), term)
        added, present, conflicts = [], [], []
        for term in terms:
            old = known.get(fold(term.vi))
            if old is None:
                added.append(term)
            elif _same_term(term, old):
                present.append(term)
            else:
                conflicts.append(Conflict(term, old))
        if added:
            if created:
                text = glossary_yaml(added, f"Imported from {Path(source).name} by vi-en glossary import.")
            else:
                text = _appended(existing_text, added, output)
                if _parsed_vi(text, output) != [t.vi for t in [*output_terms, *added]]:  # another key after the list
                    raise GlossaryError("cannot add the imported terms without rewriting this file: its terms list is "
                                        "not at the end of the file; import into a new file with -o NEW.yaml", file=output)
            update.write(text)
    return ImportReport(str(output), created and bool(added), tuple(added), tuple(present), tuple(conflicts),
                        imported.skipped, merged_rows, imported.ignored_columns)


def _parsed_vi(text: str, output: Path) -> list[str] | None:
    try:
        terms, problems = parse_glossary_text(text, str(output))
    except GlossaryError:
        return None
    return None if problems else [t.vi for t in terms]
