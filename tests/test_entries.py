"""The fast PO scan gives exactly the strict reader's entries and errors."""

import os
import re
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vi_en_toolkit.catalog import read_catalog
from vi_en_toolkit.entries import Entry, catalog_entries, read_entries
from vi_en_toolkit.errors import CatalogError

ROOT = Path(__file__).parent.parent
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def both(tmp_path, text: str | bytes):
    path = tmp_path / "c.po"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return read_entries(path), catalog_entries(read_catalog(path), str(path))


@pytest.mark.parametrize(
    "body",
    [
        'msgid "Nga"\nmsgstr "Russia"\n',
        '#: a.txt:1\n#, fuzzy\nmsgid "Nga"\nmsgstr "Russia"\n',
        '#, fuzzy, python-format\nmsgid "Nga"\nmsgstr "Russia"\n',
        'msgctxt "bài 2"\nmsgid "Nga"\nmsgstr "Russia"\n',
        'msgid ""\n"Nga và "\n"Mỹ"\nmsgstr ""\n"Russia and "\n"the U.S."\n',
        'msgid "a \\"b\\" \\\\ c\\n"\nmsgstr "a \\"b\\" \\\\ c\\n\\t"\n',
        'msgid "%d mỏ"\nmsgid_plural "%d mỏ"\nmsgstr[0] "%d mine"\nmsgstr[1] "%d mines"\n',
        'msgid "Nga"\nmsgstr "Russia"\n\n#~ msgid "cũ"\n#~ msgstr "old"\n',
        '#| msgid "cũ"\nmsgid "Nga"\nmsgstr "Russia"\n#. note\nmsgid "Mỹ"\nmsgstr "U.S."',
        'msgid "Nga"\r\nmsgstr "Russia"\r\n',
        '#, fuzzy\n#~ msgid "cũ"\n#~ msgstr ""\nmsgid "Nga"\nmsgstr "Russia"\n',  # the flag is the obsolete one's
    ],
)
def test_same_entries_as_the_strict_reader(tmp_path, body):
    fast, strict = both(tmp_path, HEADER + body)
    assert fast == strict and fast


@pytest.mark.parametrize(
    "content",
    [
        HEADER + 'msgid "a\nmsgstr "b"\n',  # unterminated string
        HEADER + 'msgstr "b"\n',  # msgstr without msgid
        HEADER + 'msgid "a"\nmsgid "b"\nmsgstr "c"\n',
        HEADER + 'msgid "a"\n#, fuzzy\nmsgstr "b"\n',
        HEADER + 'msgid "Nga"\nmsgstr "Russia"\nbogus line\n',
        HEADER + 'msgid "a\\q"\nmsgstr "b"\n',  # an escape msgfmt does not know
        HEADER + 'msgid "Nga"\n',  # a msgid at the end without msgstr (polib accepts it, msgfmt does not)
        HEADER + 'msgid "Nga"\nmsgstr[0] "Russia"\n',  # a plural form without msgid_plural
        HEADER + 'msgid "%d mỏ"\nmsgid_plural "%d mỏ"\nmsgstr "%d mines"\n',  # msgid_plural with a plain msgstr
        HEADER + 'msgid "Nga"\nmsgstr "Russia"\n\nmsgid "Nga"\nmsgstr "Russland"\n',  # defined twice
        HEADER + 'msgctxt "t"\nmsgid "Nga"\nmsgstr "A"\n\nmsgctxt "t"\nmsgid "Nga"\nmsgstr "B"\n',
        b'msgid "\xe1"\nmsgstr ""\n',  # not UTF-8
        b"\x00\x01binary",
        b"   \n",
    ],
)
def test_same_errors_as_the_strict_reader(tmp_path, content):
    path = tmp_path / "c.po"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    with pytest.raises(CatalogError) as strict:
        read_catalog(path)
    with pytest.raises(CatalogError) as fast:
        read_entries(path)
    assert str(fast.value) == str(strict.value)


def test_what_polib_tolerates_is_read_the_same(tmp_path):
    fast, strict = both(tmp_path, HEADER + 'msgid "a"\nmsgstr "b"\n\n"more"\n')  # a string after a blank line
    assert fast == strict == [Entry(str(tmp_path / "c.po"), 5, "a", "bmore")]


def test_another_charset_is_read_by_the_strict_reader(tmp_path):
    text = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n\nmsgid "caf\xe9"\nmsgstr "caf\xe9"\n'
    path = tmp_path / "latin1.po"
    path.write_bytes(text.encode("latin-1"))
    assert read_entries(path) == [Entry(str(path), 4, "café", "café")]


def test_the_projects_catalogs_read_the_same():
    for path in [*ROOT.glob("translations/*.po"), *ROOT.glob("tests/fixtures/**/*.po")]:
        try:
            strict = catalog_entries(read_catalog(path), str(path))
        except CatalogError:
            continue  # fixtures of broken catalogs
        assert read_entries(path) == strict, path


text = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00") | st.sampled_from("\n\t\"\\"),
               max_size=40)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(text.filter(bool), text, st.booleans(), st.one_of(st.none(), text)), min_size=1, max_size=6,
                unique_by=lambda t: (t[3], t[0])))
def test_any_catalog_polib_writes_reads_the_same(tmp_path_factory, items):
    catalog = polib.POFile(wrapwidth=78)
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr, fuzzy, msgctxt in items:
        catalog.append(polib.POEntry(msgid=msgid, msgstr=msgstr, msgctxt=msgctxt, flags=["fuzzy"] if fuzzy else []))
    path = tmp_path_factory.mktemp("po") / "gen.po"
    catalog.save(str(path))
    assert read_entries(path) == catalog_entries(read_catalog(path), str(path))


# The reader takes the file a block at a time: with tiny blocks, every line, every UTF-8 character
# and every escape is cut somewhere, and the entries and errors must not change.
BLOCK_CUTS = [
    HEADER + 'msgid "Nga và Mỹ"\nmsgstr "Russia and the U.S."\n\nmsgid "đất hiếm"\nmsgstr "rare earths"\n',
    HEADER + '#, fuzzy\nmsgctxt "bài 2"\nmsgid ""\n"Nga "\n"và Mỹ"\nmsgstr "a \\"b\\" \\\\ c\\n"',  # no final newline
    HEADER + 'msgid "Nga"\r\nmsgstr "Russia"\r\n',
    HEADER + 'msgid "Nga \\\nvà Mỹ"\nmsgstr "Russia"\n',  # a backslash ending a line: msgfmt joins the next
    HEADER + 'msgid "Nga"\nmsgstr "Russia"\n\nmsgid "Nga"\nmsgstr "Russland"\n',  # an error: defined twice
    HEADER + 'msgid "Nga"\nmsgstr "Rus\x00sia"\n',  # a NUL after the first block
    (HEADER + 'msgid "Nga"\nmsgstr "Russia"\n').encode("utf-8") + b'msgid "\xe1"\nmsgstr ""\n',  # not UTF-8 later on
]


@pytest.mark.parametrize("block", [1, 2, 3, 7, 64, 1 << 20])
@pytest.mark.parametrize("content", BLOCK_CUTS)
def test_reading_in_blocks_of_any_size_gives_what_the_strict_reader_gives(tmp_path, monkeypatch, block, content):
    monkeypatch.setattr("vi_en_toolkit.entries.BLOCK", block)
    path = tmp_path / "c.po"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    try:
        strict = catalog_entries(read_catalog(path), str(path))
    except CatalogError as error:
        with pytest.raises(CatalogError) as fast:
            read_entries(path)
        assert str(fast.value) == str(error)
    else:
        assert read_entries(path) == strict


@pytest.mark.parametrize("setup, message", [
    (lambda path: None, "no such file"),
    (lambda path: path.mkdir(), "is a folder, not a file"),
    (lambda path: os.mkfifo(path), "not a regular file (a FIFO"),
])
def test_a_path_that_is_not_a_readable_file_is_refused_as_the_strict_reader_refuses_it(tmp_path, setup, message):
    path = tmp_path / "c.po"
    setup(path)
    with pytest.raises(CatalogError, match=re.escape(message)) as fast:
        read_entries(path)
    with pytest.raises(CatalogError) as strict:
        read_catalog(path)
    assert str(fast.value) == str(strict.value)
