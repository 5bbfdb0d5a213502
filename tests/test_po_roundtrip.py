"""PO fidelity: what gettext's tools read in a catalog is what vi-en reads, and what vi-en does not
change keeps its bytes, through any number of translate runs."""

from __future__ import annotations

import re
import struct
import subprocess
import unicodedata
from pathlib import Path

import pytest

from engine_double import ScriptedEngine

from vi_en_toolkit.catalog import read_catalog, write_catalog
from vi_en_toolkit.checks import run_checks
from vi_en_toolkit.entries import catalog_entries, read_entries
from vi_en_toolkit.errors import CatalogError
from vi_en_toolkit.glossary import Glossary, Term
from vi_en_toolkit.po_format import catalog_bytes
from vi_en_toolkit.translate import translate_files

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'


def machine(sentence: str) -> list[str]:
    return [f"MT {len(sentence.split())} words"]


def translate(article: Path, catalog: Path):
    return translate_files([article], catalog, glossary=Glossary(), use_memory=False,
                           engine=ScriptedEngine(machine))


def mo_messages(path: Path) -> dict:
    """(msgctxt, msgid) -> msgstr (or tuple of plural forms) as msgfmt compiles them (fuzzy ones too)."""
    mo = path.with_suffix(".mo")
    compiled = subprocess.run(["msgfmt", "--use-fuzzy", "-o", str(mo), str(path)], capture_output=True, text=True)
    assert compiled.returncode == 0, compiled.stderr + path.read_text(encoding="latin-1")
    data = mo.read_bytes()
    count, originals, translations = struct.unpack("<3I", data[8:20])
    strings = lambda table, i: data[slice(*((o := struct.unpack("<2I", data[table + 8 * i: table + 8 * i + 8]))[1],
                                            o[1] + o[0]))]  # noqa: E731
    pairs = [(strings(originals, i), strings(translations, i)) for i in range(count)]
    charset = re.search(rb"charset=([^\s;]+)", dict(pairs).get(b"", b"")) if pairs else None
    codec = charset.group(1).decode() if charset else "utf-8"
    messages = {}
    for original, translation in pairs:
        if not original:
            continue
        context, separator, msgid = original.decode(codec).rpartition("\x04")
        forms = translation.decode(codec).split("\0")
        messages[(context if separator else None, msgid.split("\0")[0])] = forms[0] if len(forms) == 1 else tuple(forms)
    return messages


def msgfmt_accepts(path: Path) -> bool:
    return subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True).returncode == 0


# --- 1. the charset comes from the header alone, and what is written matches it ---------------------

LATIN1 = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n'
          '#: a.txt:1\nmsgid "Café à Paris."\nmsgstr "Café in Paris."\n')


def test_a_comment_mentioning_a_charset_does_not_decide_the_encoding(tmp_path):
    path = tmp_path / "c.po"
    path.write_bytes(("# converted from charset=latin1 long ago\n" + HEADER + '\nmsgid "Đất hiếm"\nmsgstr "Rare earths"\n')
                     .encode("utf-8"))
    assert [e.msgid for e in read_catalog(path)] == ["Đất hiếm"]
    assert [e.source for e in read_entries(path)] == ["Đất hiếm"]


def test_a_latin1_catalog_is_read_and_written_back_in_latin1(tmp_path):
    path = tmp_path / "c.po"
    path.write_bytes(LATIN1.encode("latin-1"))
    catalog = read_catalog(path)
    assert [(e.msgid, e.msgstr) for e in catalog] == [("Café à Paris.", "Café in Paris.")]
    catalog[0].msgstr = "Café in Paris, reviewed."
    write_catalog(catalog, path)
    assert path.read_bytes() == LATIN1.replace("Café in Paris.", "Café in Paris, reviewed.").encode("latin-1")
    assert mo_messages(path) == {(None, "Café à Paris."): "Café in Paris, reviewed."}


def test_a_character_the_declared_charset_lacks_is_an_error_and_nothing_is_written(tmp_path):
    path = tmp_path / "c.po"
    path.write_bytes(LATIN1.encode("latin-1"))
    catalog = read_catalog(path)
    catalog[0].msgstr = "Café ở Paris."
    with pytest.raises(CatalogError, match=r"'ở' \(U\+1EDF\) cannot be written in this catalog's charset ISO-8859-1"):
        write_catalog(catalog, path)
    assert path.read_bytes() == LATIN1.encode("latin-1")


def test_translate_keeps_a_reviewed_entry_of_a_latin1_catalog(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Café à Paris.\n", encoding="utf-8")
    catalog = tmp_path / "a.po"
    catalog.write_bytes(LATIN1.encode("latin-1"))
    for _ in range(2):
        result = translate(article, catalog)
        assert result.translations["Café à Paris."].origin == "kept"
    assert catalog.read_bytes() == LATIN1.encode("latin-1")


# --- 2. escapes survive ----------------------------------------------------------------------------

ESCAPES = r'"\x41\101 \a\b\f\v \t\r \"q\" \\ \xc3\xa9\351"'


def test_every_escape_reads_as_msgfmt_reads_it(tmp_path):
    path = tmp_path / "c.po"
    path.write_text(HEADER.replace("UTF-8", "ISO-8859-1") + f'\nmsgid "a"\nmsgstr {ESCAPES}\n', encoding="latin-1")
    (entry,) = read_catalog(path)
    assert entry.msgstr == 'AA \a\b\f\v \t\r "q" \\ Ã©é'  # \x and octal escapes are bytes in the charset
    assert mo_messages(path) == {(None, "a"): entry.msgstr}


def test_escapes_that_make_invalid_text_in_the_charset_are_an_error_with_the_line(tmp_path):
    path = tmp_path / "c.po"
    path.write_text(HEADER + f'\nmsgid "a"\nmsgstr {ESCAPES}\n', encoding="utf-8")
    with pytest.raises(CatalogError, match="(?i):7: PO syntax error: escapes that are not valid UTF-8 text"):
        read_catalog(path)


def test_escapes_in_a_reviewed_msgstr_come_back_byte_identical_after_a_run(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Nga có đất hiếm.\n", encoding="utf-8")
    catalog = tmp_path / "a.po"
    body = f'#: elsewhere.txt:9\nmsgid "Nga có đất hiếm."\nmsgstr {ESCAPES.replace(chr(92) + "351", "")}\n'
    catalog.write_text(HEADER + "\n" + body, encoding="utf-8")
    translate(article, catalog)
    assert f"msgstr {ESCAPES.replace(chr(92) + '351', '')}\n" in catalog.read_text(encoding="utf-8")
    assert "#: a.txt:1\n" in catalog.read_text(encoding="utf-8")


# --- 3. an obsolete entry never replaces the active one ---------------------------------------------

def test_an_obsolete_entry_with_the_msgid_of_an_active_one_stays_obsolete(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Nga có đất hiếm.\n", encoding="utf-8")
    catalog = tmp_path / "a.po"
    catalog.write_text(HEADER + '\n#: a.txt:1\nmsgid "Nga có đất hiếm."\nmsgstr "Reviewed."\n\n'
                       '#~ msgid "Nga có đất hiếm."\n#~ msgstr "Old text."\n', encoding="utf-8")
    before = catalog.read_bytes()
    result = translate(article, catalog)
    assert result.translations["Nga có đất hiếm."].english == "Reviewed."
    assert not result.written and catalog.read_bytes() == before


# --- 4. odd line separators inside strings ----------------------------------------------------------

SEPARATORS = ["\u2028", "\u2029", "\x85", "\x0b", "\x1c", "\x1d", "\x1e"]


def _escaped(separator: str) -> str:
    return separator if separator != "\x0b" else "\\v"


@pytest.mark.parametrize("separator", SEPARATORS)
def test_a_line_separator_in_a_reviewed_translation_survives_every_run(tmp_path, separator):
    article = tmp_path / "a.txt"
    article.write_text("Nga có đất hiếm.\n", encoding="utf-8")
    catalog = tmp_path / "a.po"
    reviewed = f'#: a.txt:1\nmsgid "Nga có đất hiếm."\nmsgstr "Russia has{_escaped(separator)}rare earths."\n'
    catalog.write_text(HEADER + "\n" + reviewed, encoding="utf-8")
    assert msgfmt_accepts(catalog)
    before = catalog.read_bytes()
    for _ in range(3):
        result = translate(article, catalog)
        assert result.translations["Nga có đất hiếm."].origin == "kept"
    assert catalog.read_bytes() == before  # not re-translated, not demoted, no obsolete copies


@pytest.mark.parametrize("separator", SEPARATORS)
def test_a_catalog_with_a_line_separator_inside_a_msgid_is_read_as_msgfmt_reads_it(tmp_path, separator):
    # (the segmenter ends a sentence at U+2028, U+2029, NEL and VT, as at a newline, so vi-en itself
    # never writes such a msgid; a catalog from elsewhere may hold one)
    catalog = tmp_path / "a.po"
    reviewed = f'msgid "Nga có{_escaped(separator)}đất hiếm."\nmsgstr "Russia has{_escaped(separator)}rare earths."\n'
    catalog.write_text(HEADER + "\n" + reviewed, encoding="utf-8")
    assert msgfmt_accepts(catalog)
    (entry,) = read_catalog(catalog)
    assert (entry.msgid, entry.msgstr) == (f"Nga có{separator}đất hiếm.", f"Russia has{separator}rare earths.")
    assert catalog_bytes(read_catalog(catalog), catalog) == catalog.read_bytes()



def test_a_syntax_error_in_a_catalog_without_a_readable_header_is_reported_in_its_own_text(tmp_path):
    path = tmp_path / "c.po"
    path.write_text('msgid "đất hiếm"\nmsgstr "rare earths"\nnot a keyword "Tiếng Việt"\n', encoding="utf-8")
    for read in (read_catalog, read_entries):
        with pytest.raises(CatalogError) as raised:
            read(path)
        assert str(raised.value) == (f"{path}:3: PO syntax error: 'not a keyword \"Tiếng Việt\"' "
                                     "is not a keyword and a quoted string")  # not read as Latin-1

# --- 5. plural entries, contexts, previous msgids and obsolete entries are first-class ----------------

def test_msgid_plural_with_a_plain_msgstr_is_a_syntax_error_with_its_line(tmp_path):
    path = tmp_path / "c.po"
    path.write_text(HEADER + '\nmsgid "%d mỏ"\nmsgid_plural "%d mỏ"\nmsgstr "%d mines"\n', encoding="utf-8")
    for read in (read_catalog, read_entries):
        with pytest.raises(CatalogError) as raised:
            read(path)
        assert str(raised.value) == (f"{path}:8: PO syntax error: an entry with msgid_plural needs msgstr[0], "
                                     "msgstr[1]…, not msgstr")


def test_check_counts_a_plural_entry_once_and_does_not_call_its_forms_inconsistent(tmp_path):
    path = tmp_path / "c.po"
    path.write_text(HEADER + '\nmsgid "%d mỏ đất hiếm"\nmsgid_plural "%d mỏ đất hiếm"\n'
                    'msgstr[0] "%d rare earth mine"\nmsgstr[1] "%d rare earth mines"\n', encoding="utf-8")
    run = run_checks([path], None)
    assert run.entries == 1
    assert [f.check for f in run.findings if f.check == "inconsistent"] == []
    (entry,) = read_entries(path)
    assert (entry.target, entry.plural_targets) == ("%d rare earth mine", ("%d rare earth mine", "%d rare earth mines"))



def test_every_plural_form_is_checked_against_its_source(tmp_path):
    path = tmp_path / "c.po"
    path.write_text(HEADER + '\nmsgid "%d mỏ đất hiếm"\nmsgid_plural "%d mỏ đất hiếm"\n'
                    'msgstr[0] "%d rare earth mine"\nmsgstr[1] "%d rare soil mines"\n', encoding="utf-8")
    glossary = Glossary([Term("đất hiếm", "rare earth", forbidden=("rare soil",))])
    run = run_checks([path], glossary)
    assert run.entries == 1
    assert [(f.check, f.line, f.target) for f in run.findings] == [("forbidden-term", 6, "%d rare soil mines")]  # the entry's line

FIRST_CLASS = HEADER + '''
# translator's note
#. extracted note
#: a.txt:1 b.txt:2
#, fuzzy
#| msgctxt "old context"
#| msgid "Nga cũ"
msgctxt "tiêu đề"
msgid "Nga"
msgstr "Russia"

msgid "%d mỏ"
msgid_plural "%d mỏ"
msgstr[0] "%d mine"
msgstr[1] "%d mines"

#~| msgid "cũ hơn"
#~ msgctxt "tiêu đề"
#~ msgid "cũ"
#~ msgid_plural "cũ"
#~ msgstr[0] "old"
#~ msgstr[1] "olds"
'''


def test_contexts_previous_msgids_plurals_and_obsolete_entries_are_read(tmp_path):
    path = tmp_path / "c.po"
    path.write_text(FIRST_CLASS, encoding="utf-8")
    assert msgfmt_accepts(path)
    first, plural, obsolete = read_catalog(path)
    assert (first.msgctxt, first.previous_msgctxt, first.previous_msgid, first.flags, first.occurrences) == (
        "tiêu đề", "old context", "Nga cũ", ["fuzzy"], [("a.txt", "1"), ("b.txt", "2")])
    assert (first.tcomment, first.comment) == ("translator's note", "extracted note")
    assert plural.msgstr_plural == {0: "%d mine", 1: "%d mines"}
    assert (obsolete.obsolete, obsolete.previous_msgid, obsolete.msgctxt, obsolete.msgstr_plural) == (
        True, "cũ hơn", "tiêu đề", {0: "old", 1: "olds"})


def test_contexts_previous_msgids_plurals_and_obsolete_entries_survive_a_run(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Một câu mới.\n", encoding="utf-8")
    catalog = tmp_path / "a.po"
    catalog.write_text(FIRST_CLASS, encoding="utf-8")
    translate(article, catalog)
    entries = {(e.msgctxt, e.msgid): e for e in read_catalog(catalog)}
    assert entries[("tiêu đề", "Nga")].obsolete and entries[("tiêu đề", "Nga")].previous_msgid == "Nga cũ"
    assert entries[(None, "%d mỏ")].obsolete and entries[(None, "%d mỏ")].msgstr_plural == {0: "%d mine", 1: "%d mines"}
    assert entries[("tiêu đề", "cũ")].previous_msgid == "cũ hơn"
    assert FIRST_CLASS.split("\n\n")[-1] in catalog.read_text(encoding="utf-8")  # the obsolete entry, byte for byte
    assert msgfmt_accepts(catalog)


# --- 6. fidelity: read and written back without changes gives the same bytes -------------------------

def test_a_backslash_ending_a_line_joins_the_next_line_to_it_as_for_msgfmt(tmp_path):
    path = tmp_path / "c.po"
    text = (HEADER + '\nmsgid "Nga \\\ncó"\nmsgstr "Russia \\\nhas"\n\n'
            '# a note ending in a backslash \\\n#, fuzzy\nmsgid "Mỹ"\nmsgstr "U.S."\n')
    path.write_text(text, encoding="utf-8")
    assert mo_messages(path) == {(None, "Nga có"): "Russia has", (None, "Mỹ"): "U.S."}
    assert [(e.msgid, e.msgstr, e.tcomment, e.flags) for e in read_catalog(path)] == [
        ("Nga có", "Russia has", "", []), ("Mỹ", "U.S.", "a note ending in a backslash #, fuzzy", [])]
    assert read_entries(path) == catalog_entries(read_catalog(path), str(path))
    write_catalog(read_catalog(path), path)
    assert path.read_text(encoding="utf-8") == text


LAYOUTS = {
    "crlf": (HEADER + '\nmsgid "Nga"\nmsgstr "Russia"\n').replace("\n", "\r\n"),
    "bom": "\ufeff" + HEADER + '\nmsgid "Nga"\nmsgstr "Russia"\n',
    "no final newline": HEADER + '\nmsgid "Nga"\nmsgstr "Russia"',
    "no blank lines": HEADER + 'msgid "Nga"\nmsgstr "Russia"\nmsgid "Mỹ"\nmsgstr "U.S."\n',
    "several blank lines and trailing ones": HEADER + '\n\n\nmsgid "Nga"\nmsgstr "Russia"\n\n\n',
    "odd wrapping": HEADER + '\nmsgid ""\n"Nga"\n"" "có"\nmsgstr "Rus" "sia"\n  "has"\n',
    "comments in an odd order": HEADER + '\n#, fuzzy\n#: a.txt:1\n# note\nmsgid "Nga"\nmsgstr "Russia"\n',
    "comments after the last entry": HEADER + '\nmsgid "Nga"\nmsgstr "Russia"\n\n# the end\n',
    "header not first": 'msgid "Nga"\nmsgstr "Russia"\n\n' + HEADER,
    "blank line inside an entry": HEADER + '\nmsgid "Nga"\n\nmsgstr "Russia"\n',
    "long lines unwrapped": HEADER + '\nmsgid "' + "đất hiếm " * 30 + '"\nmsgstr "' + "rare earths " * 30 + '"\n',
}


@pytest.mark.parametrize("text", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_reading_and_writing_back_gives_the_same_bytes(tmp_path, text):
    path = tmp_path / "c.po"
    path.write_bytes(text.encode("utf-8"))
    write_catalog(read_catalog(path), path)
    assert path.read_bytes() == text.encode("utf-8")


def _encoded(text: str, charset: str) -> bytes:
    return text.replace("charset=UTF-8", f"charset={charset}").encode(charset)


# The strict reader decodes a block at a time: with tiny blocks, lines and multi-byte characters
# (of UTF-8 and of a two-byte charset) are cut everywhere, and nothing read or written may change.
BLOCK_CUT_FILES = {
    **{name: text.encode("utf-8") for name, text in LAYOUTS.items()},
    "gbk": _encoded(HEADER + '\nmsgid "稀土"\nmsgstr "rare earths"\n', "GBK"),
    "euc-jp, no final newline": _encoded(HEADER + '\nmsgid "レアアース"\nmsgstr "rare earths"', "EUC-JP"),
}


@pytest.mark.parametrize("block", [1, 2, 5, 1 << 20])
@pytest.mark.parametrize("raw", BLOCK_CUT_FILES.values(), ids=BLOCK_CUT_FILES.keys())
def test_reading_in_blocks_of_any_size_reads_and_writes_back_the_same(tmp_path, monkeypatch, block, raw):
    path = tmp_path / "c.po"
    path.write_bytes(raw)
    whole = [(e.msgctxt, e.msgid, e.msgstr, e.linenum) for e in read_catalog(path)]
    monkeypatch.setattr("vi_en_toolkit.po_format.BLOCK", block)
    catalog = read_catalog(path)
    assert [(e.msgctxt, e.msgid, e.msgstr, e.linenum) for e in catalog] == whole
    write_catalog(catalog, path)
    assert path.read_bytes() == raw


@pytest.mark.parametrize("block", [1, 3, 1 << 20])
def test_text_invalid_in_the_charset_is_an_error_at_its_line_whatever_the_block(tmp_path, monkeypatch, block):
    monkeypatch.setattr("vi_en_toolkit.po_format.BLOCK", block)
    path = tmp_path / "c.po"
    path.write_bytes((HEADER + '\nmsgid "Nga"\nmsgstr "Russia"\n').encode("utf-8") + b'\nmsgid "\xe1x"\nmsgstr ""\n')
    with pytest.raises(CatalogError, match=r":9: not valid UTF-8 text"):
        read_catalog(path)


def test_a_changed_entry_keeps_the_file_layout_and_its_neighbours_bytes(tmp_path):
    path = tmp_path / "c.po"
    text = LAYOUTS["crlf"].replace('msgstr "Russia"\r\n', 'msgstr "Russia"\r\n\r\n# kept as it is\r\nmsgid "Mỹ"\r\nmsgstr ""\r\n"U." "S."\r\n')
    path.write_bytes(text.encode("utf-8"))
    catalog = read_catalog(path)
    catalog[0].msgstr = "Russia (reviewed)"
    write_catalog(catalog, path)
    assert path.read_bytes() == text.replace('"Russia"', '"Russia (reviewed)"').encode("utf-8")


@pytest.mark.parametrize("text, expected", [
    ("short", 'msgstr "short"\n'),
    ("a" * 90, f'msgstr "{"a" * 90}"\n'),  # nowhere to break: gettext keeps it on one line
    ("line one\nline two", 'msgstr ""\n"line one\\n"\n"line two"\n'),
    ("ends with a newline\n", 'msgstr "ends with a newline\\n"\n'),
    ("word " * 20, 'msgstr ""\n"' + "word " * 15 + '"\n"' + "word " * 5 + '"\n'),
    ('say "hi"\tnow\\', 'msgstr "say \\"hi\\"\\tnow\\\\"\n'),
])
def test_new_entries_are_written_as_msgcat_writes_them(tmp_path, text, expected):
    from vi_en_toolkit.po_format import render_string

    assert render_string("msgstr", text) == expected
    path = tmp_path / "c.po"
    path.write_text(HEADER + "\nmsgid \"x\"\n" + expected, encoding="utf-8")
    assert subprocess.run(["msgcat", str(path)], capture_output=True, text=True).stdout.endswith(expected)


def test_a_new_catalog_has_the_header_msgfmt_expects(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Nga có đất hiếm. " * 8 + "\n", encoding="utf-8")
    catalog = tmp_path / "a.po"
    translate(article, catalog)
    checked = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(catalog)], capture_output=True, text=True)
    assert checked.returncode == 0 and "warning" not in checked.stderr, checked.stderr


# --- 7. msgid in NFC -----------------------------------------------------------------------------------

def test_a_decomposed_source_is_written_composed_and_matches_a_composed_entry(tmp_path):
    sentence = "Mỹ cần đất hiếm."
    article = tmp_path / "a.txt"
    article.write_text(unicodedata.normalize("NFD", sentence) + "\n", encoding="utf-8")
    catalog = tmp_path / "a.po"
    translate(article, catalog)
    assert [e.msgid for e in read_catalog(catalog)] == [sentence]

    catalog.write_text(HEADER + f'\n#: a.txt:1\nmsgid "{unicodedata.normalize("NFD", sentence)}"\nmsgstr "Reviewed."\n',
                       encoding="utf-8")
    article.write_text(sentence + "\n", encoding="utf-8")
    result = translate(article, catalog)
    assert result.translations[sentence].english == "Reviewed."
    assert [e.obsolete for e in read_catalog(catalog)] == [False]  # no obsolete duplicate


# --- 9. reviewed msgstr byte-identical after any number of runs -------------------------------------

REVIEWED_BLOCKS = [
    'msgid "Nga có đất hiếm."\nmsgstr "Russia has rare earths \\x41\\101 \\a\\b\\f\\v."\n',
    # a line separator in a reviewed msgstr (an editor's manual line break); in an article the
    # segmenter ends a sentence there, as at a newline, so vi-en writes none in a msgid
    'msgid "Mỹ cần đất hiếm."\nmsgstr "The U.S.\u2028needs rare earths."\n',
    'msgid "Trung Quốc có nhiều mỏ."\nmsgstr ""\n"China\x85has "\n"many mines."\n',
    'msgid "Ấn Độ cũng muốn đất hiếm."\nmsgstr "India wants rare earths too."\n',
]
HAZARDS = ("# a note about charset=latin1, which must not matter\n" + HEADER + "\n"
           + "#: old.txt:1\n" + REVIEWED_BLOCKS[0]
           + "\n#~ msgid \"Nga có đất hiếm.\"\n#~ msgstr \"Obsolete text.\"\n"
           + "\n#: old.txt:2\n" + REVIEWED_BLOCKS[1]
           + "\n#| msgid \"Trung Quốc có mỏ.\"\n" + REVIEWED_BLOCKS[2]
           + "\n# reviewed by Lan\n" + unicodedata.normalize("NFD", REVIEWED_BLOCKS[3])
           + '\nmsgctxt "tiêu đề"\nmsgid "Nga có đất hiếm."\nmsgstr "Russia\'s rare earths"\n'
           + '\nmsgid "%d mỏ"\nmsgid_plural "%d mỏ"\nmsgstr[0] "%d mine"\nmsgstr[1] "%d mines"\n'
           + '\n#~| msgid "cũ"\n#~ msgid "cũ hơn"\n#~ msgstr "older"\n')


def test_reviewed_translations_are_byte_identical_after_three_runs(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Nga có đất hiếm. Mỹ cần đất hiếm.\nTrung Quốc có nhiều mỏ. "
                       "Ấn Độ cũng muốn đất hiếm. Một câu mới.\n", encoding="utf-8")
    catalog = tmp_path / "a.po"
    catalog.write_text(HAZARDS, encoding="utf-8")
    outputs = []
    for _ in range(3):
        result = translate(article, catalog)
        outputs.append(catalog.read_bytes())
        assert result.count("kept") == 4 and result.count("machine") <= 1
    text = outputs[-1].decode("utf-8")
    for block in REVIEWED_BLOCKS[:3] + [unicodedata.normalize("NFD", REVIEWED_BLOCKS[3])]:
        assert block in text
    assert outputs[1] == outputs[2] == outputs[0]  # nothing piles up
    assert text.count("#~ msgid \"") == 4  # the two obsolete entries, and the context and plural entries now gone
    # msgfmt refuses an obsolete entry with an active one's msgid (as it did before the runs); the rest is valid
    catalog.write_text(text.replace('#~ msgid "Nga có đất hiếm."\n#~ msgstr "Obsolete text."\n', ""), encoding="utf-8")
    assert msgfmt_accepts(catalog)
    by_source = {e.source: e for e in read_entries(catalog)}
    assert by_source["Nga có đất hiếm."].target == "Russia has rare earths AA \a\b\f\v."
    assert not by_source[unicodedata.normalize("NFD", "Ấn Độ cũng muốn đất hiếm.")].fuzzy  # kept as it was spelt


# --- 8. property: generated catalogs, with gettext's tools as the oracle ------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# Letters (Vietnamese, wide, combining), what must be escaped, odd line separators, break points.
ALPHABET = "aZ9 đấệỹ漢\u0301\"\\\n\t\r\a\b\f\v\u2028\u2029\x85-/?!.,é"
LATIN1_ALPHABET = "".join(c for c in ALPHABET if ord(c) < 256)
HEX = set("0123456789abcdefABCDEF")


@st.composite
def po_literals(draw, value: str, charset: str) -> list[str]:
    """value as one or more quoted-string bodies, each character written raw or escaped at random."""
    pieces: list[str] = []
    after_hex = False
    picks = draw(st.lists(st.integers(0, 3), min_size=len(value), max_size=len(value)))  # one draw: fast
    for char, pick in zip(value, picks):
        options = []
        if char in '"\\\n':
            options = [{"\"": '\\"', "\\": "\\\\", "\n": "\\n"}[char]]
        elif char in "\a\b\f\v\r\t":
            options = ["\\" + "abfvrt"["\a\b\f\v\r\t".index(char)]] + (["\t"] if char == "\t" else [])
        elif not (after_hex and char in HEX):
            options = [char]
        encoded = char.encode(charset)
        options.append("".join(f"\\{b:03o}" for b in encoded))
        options.append("".join(f"\\x{b:02x}" for b in encoded))
        piece = options[pick % len(options)]
        pieces.append(piece)
        after_hex = piece.startswith("\\x")
    cuts = sorted(draw(st.sets(st.integers(0, len(pieces)), max_size=3)))
    literals, start = [], 0
    for cut in [*cuts, len(pieces)]:
        literals.append("".join(pieces[start:cut]))
        start = cut
    return literals


@st.composite
def po_field(draw, keyword: str, value: str, charset: str, prefix: str, newline: str) -> str:
    literals = draw(po_literals(value, charset))
    if len(literals) > 1 and draw(st.booleans()):
        return f'{prefix}{keyword} "{literals[0]}" "{literals[1]}"' + "".join(
            f'{newline}{prefix}"{lit}"' for lit in literals[2:]) + newline
    return f'{prefix}{keyword} "{literals[0]}"' + "".join(f'{newline}{prefix}"{lit}"' for lit in literals[1:]) + newline


def _make_texts(alphabet, min_size=0):
    """Short texts of any characters, and long ones of words, to be wrapped."""
    letters = [c for c in "aZđấé漢" if c in alphabet]
    return st.text(st.sampled_from(alphabet), min_size=min_size, max_size=12) | st.builds(
        lambda word, n: (word + " ") * n, st.text(st.sampled_from(letters), min_size=1, max_size=6), st.integers(10, 20))


_TEXTS = {(alphabet, size): _make_texts(alphabet, size) for alphabet in (ALPHABET, LATIN1_ALPHABET) for size in (0, 1)}
# A comment ending in a backslash would take the next line in (test_a_backslash_ending_a_line…)
_COMMENTS = {alphabet: st.text(st.sampled_from(alphabet.replace("\n", "").replace("\r", "")), max_size=10).filter(
    lambda text: not text.endswith("\\")) for alphabet in (ALPHABET, LATIN1_ALPHABET)}


def _texts(alphabet, min_size=0):
    return _TEXTS[(alphabet, min_size)]


@st.composite
def po_catalogs(draw) -> tuple[bytes, str]:
    """A catalog msgfmt accepts, as bytes, in a random but valid layout."""
    charset = draw(st.sampled_from(["UTF-8", "UTF-8", "ISO-8859-1"]))
    alphabet = ALPHABET if charset == "UTF-8" else LATIN1_ALPHABET
    newline = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    comment_text = _COMMENTS[alphabet]
    out = []
    if draw(st.booleans()):
        out.append(f"# converted long ago from charset=latin1{newline}")
    out.append(f'msgid ""{newline}msgstr ""{newline}"Content-Type: text/plain; charset={charset}\\n"{newline}'
               f'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"{newline}')
    keys = {False: set(), True: set()}
    for _ in range(draw(st.integers(0, 6))):
        obsolete = draw(st.booleans())
        msgctxt = draw(st.none() | _texts(alphabet))
        msgid = draw(_texts(alphabet, min_size=1))
        if (msgctxt, msgid) in keys[False] | keys[True]:
            continue
        keys[obsolete].add((msgctxt, msgid))
        prefix = "#~ " if obsolete else ""
        entry = [draw(st.sampled_from(["", newline, newline * 2]))]
        if draw(st.booleans()):
            entry.append(f"# {draw(comment_text)}{newline}")
        if draw(st.booleans()):
            entry.append(f"#. {draw(comment_text)}{newline}")
        if not obsolete and draw(st.booleans()):
            entry.append(f"#: a.txt:{draw(st.integers(1, 99))} b.txt:3{newline}")
        if draw(st.booleans()):
            entry.append(f"#, fuzzy{newline}")
        if draw(st.booleans()):
            entry.append(draw(po_field("msgid", draw(_texts(alphabet, 1)), charset, "#~| " if obsolete else "#| ", newline)))
        if msgctxt is not None:
            entry.append(draw(po_field("msgctxt", msgctxt, charset, prefix, newline)))
        entry.append(draw(po_field("msgid", msgid, charset, prefix, newline)))
        like_msgid = lambda text: _newlines_like(msgid, text)  # noqa: E731
        if draw(st.booleans()):
            # (a text of newlines alone would leave msgid_plural empty, not ending as msgid does)
            plural = like_msgid(draw(_texts(alphabet, 1))) or like_msgid("9")
            entry.append(draw(po_field("msgid_plural", plural, charset, prefix, newline)))
            forms = [like_msgid(draw(_texts(alphabet))) for _ in range(2)]
            if any(forms):  # msgfmt checks every form of a translated entry against msgid
                forms = [form or like_msgid("9") for form in forms]
            for index, form in enumerate(forms):
                entry.append(draw(po_field(f"msgstr[{index}]", form, charset, prefix, newline)))
        else:
            entry.append(draw(po_field("msgstr", like_msgid(draw(_texts(alphabet))), charset, prefix, newline)))
        out.append("".join(entry))
    if draw(st.booleans()):
        out.append(f"{newline}# a comment after the last entry{newline}")
    text = "".join(out)
    if draw(st.booleans()):
        text = text.removesuffix(newline)
    codec = "utf-8" if charset == "UTF-8" else "latin-1"
    return text.encode(codec), charset


def _newlines_like(msgid: str, text: str) -> str:
    """text starting and ending with a newline where msgid does, as msgfmt requires of a translation."""
    core = text.strip("\n")
    if not core:
        return ""
    return ("\n" if msgid.startswith("\n") else "") + core + ("\n" if msgid.endswith("\n") else "")


def _oracle_view(catalog) -> dict:
    """vi-en's reading in the shape of mo_messages: translated entries (fuzzy ones too)."""
    view = {}
    for entry in catalog:
        if entry.msgstr_plural:
            forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
            if forms[0]:
                view[(entry.msgctxt, entry.msgid)] = forms
        elif entry.msgstr:
            view[(entry.msgctxt, entry.msgid)] = entry.msgstr
    return view


def _obsolete_as_active(path: Path) -> Path:
    """The catalog's obsolete entries made active by msgattrib (gettext's own reading of #~)."""
    out = path.with_name("obsolete.po")
    subprocess.run(["msgattrib", "--only-obsolete", "--clear-obsolete", "-o", str(out), str(path)],
                   check=True, capture_output=True)
    return out


@settings(max_examples=700, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                     HealthCheck.function_scoped_fixture])
@given(po_catalogs())
def test_generated_catalogs_read_as_gettext_reads_them_and_write_back_byte_identical(tmp_path, generated):
    raw, charset = generated
    path = tmp_path / "gen.po"
    path.write_bytes(raw)
    gettext_reading = mo_messages(path)  # and msgfmt accepts the catalog

    catalog = read_catalog(path)
    assert catalog_bytes(catalog, path) == raw  # (a) read + write changes nothing
    assert read_entries(path) == catalog_entries(catalog, str(path))  # (b) the fast reader agrees
    active = [e for e in catalog if not e.obsolete]
    assert _oracle_view(active) == gettext_reading  # (b) msgfmt reads the same translations
    obsolete = [e for e in catalog if e.obsolete]
    if any(e.msgstr or e.msgstr_plural.get(0) for e in obsolete):
        assert _oracle_view(obsolete) == mo_messages(_obsolete_as_active(path))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_texts(ALPHABET, 1), _texts(ALPHABET), st.booleans(), st.none() | _texts(ALPHABET)),
                min_size=1, max_size=5, unique_by=lambda t: (t[3], t[0])))
def test_new_entries_are_rendered_as_msgcat_renders_them(tmp_path, items):
    import polib

    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr, fuzzy, msgctxt in items:
        msgstr = _newlines_like(msgid, msgstr)
        catalog.append(polib.POEntry(msgid=msgid, msgstr=msgstr, msgctxt=msgctxt,
                                     flags=["fuzzy"] if fuzzy and msgstr else [],  # msgcat drops it from an empty one
                                     occurrences=[("a.txt", "1")]))
    path = tmp_path / "new.po"
    write_catalog(catalog, path)
    rendered = path.read_bytes()
    msgcat = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
    assert [e.msgid for e in read_catalog(path)] == [msgid for msgid, *_ in items]
    assert rendered == msgcat


def test_a_catalog_with_line_separators_is_a_translation_memory(tmp_path):
    from vi_en_toolkit.memory import TranslationMemory
    from vi_en_toolkit.suggest import read_pairs

    path = tmp_path / "memory.po"
    path.write_text(HEADER + '\nmsgid "Nga có\u2028đất hiếm."\nmsgstr "Russia has\u2028rare earths."\n\n'
                    'msgid "Mỹ\x85cần."\nmsgstr "The U.S.\x85needs."\n', encoding="utf-8")
    assert msgfmt_accepts(path)
    memory = TranslationMemory.from_paths([path])
    assert memory.exact("Nga có\u2028đất hiếm.").target == "Russia has\u2028rare earths."
    assert [p.target for p in read_pairs([path])] == ["Russia has\u2028rare earths.", "The U.S.\x85needs."]
