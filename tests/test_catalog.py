"""Reading PO catalogs as editors save them, and writing files without ever damaging one."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from vi_en_toolkit.catalog import read_catalog, write_atomic
from vi_en_toolkit.errors import CatalogError, InputError
from vi_en_toolkit.files import read_utf8, refuse_output_over_input

PO = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "đất hiếm"\nmsgstr "rare earths"\n'


# --- reading ---------------------------------------------------------------------------------------

def test_a_catalog_saved_with_a_utf8_bom_reads_like_one_without(tmp_path):
    plain, bom = tmp_path / "plain.po", tmp_path / "bom.po"
    plain.write_text(PO, encoding="utf-8")
    bom.write_bytes(b"\xef\xbb\xbf" + PO.encode("utf-8"))
    read = lambda path: [(e.msgid, e.msgstr, e.msgid_line) for e in read_catalog(path)]  # noqa: E731
    assert read(bom) == read(plain) == [("đất hiếm", "rare earths", 5)]


def test_a_catalog_with_crlf_line_endings_reads_like_one_without(tmp_path):
    crlf = tmp_path / "crlf.po"
    crlf.write_bytes(PO.replace("\n", "\r\n").encode("utf-8"))
    assert [(e.msgid, e.msgstr) for e in read_catalog(crlf)] == [("đất hiếm", "rare earths")]


@pytest.mark.parametrize("content, message", [
    (PO.encode("utf-16"), "UTF-16 text, not UTF-8 (save it as UTF-8)"),
    (b"\x00\x01\x02binary", "binary file, not a PO catalog"),
])
def test_a_catalog_with_nul_bytes_is_named_for_what_it_is(tmp_path, content, message):
    path = tmp_path / "c.po"
    path.write_bytes(content)
    with pytest.raises(CatalogError) as raised:
        read_catalog(path)
    assert raised.value.message == message


def test_a_text_file_read_as_utf8_loses_its_bom(tmp_path):
    path = tmp_path / "b.json"
    path.write_bytes(b"\xef\xbb\xbf{}")
    assert read_utf8(path, CatalogError, "not UTF-8") == "{}"


@pytest.mark.parametrize("body, line, message", [
    ('msgid "a\\q"\nmsgstr "b"\n', 5, "PO syntax error: invalid escape '\\q' (write \\\\ for a backslash)"),
    ('msgid "Nga"\nmsgstr "Russia"\n\nmsgid "Nga"\nmsgstr "Russland"\n', 8, "duplicate message definition (first at line 5)"),
])
def test_what_msgfmt_refuses_is_an_error_with_its_line(tmp_path, body, line, message):
    path = tmp_path / "c.po"
    path.write_text(PO.split("\n\n")[0] + "\n\n" + body, encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        read_catalog(path)
    assert (raised.value.line, raised.value.message) == (line, message)


def test_the_same_msgid_in_two_contexts_and_the_escapes_msgfmt_knows_are_fine(tmp_path):
    path = tmp_path / "c.po"
    path.write_text(PO.split("\n\n")[0] + "\n\n"
                    'msgctxt "title"\nmsgid "Nga"\nmsgstr "Russia"\n\nmsgid "Nga"\nmsgstr "Russia"\n\n'
                    'msgid "a\\tb \\"c\\" \\\\q \\a"\nmsgstr "x"\n\n#~ msgid "Nga"\n#~ msgstr "old"\n', encoding="utf-8")
    assert [e.msgid for e in read_catalog(path) if not e.obsolete] == ["Nga", "Nga", 'a\tb "c" \\q \a']  # \a is BEL, as msgfmt reads it


# --- writing -------------------------------------------------------------------------------------

def test_writing_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "real.po"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.po"
    link.symlink_to(target.name)
    write_atomic(link, "new")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new"


def test_writing_to_a_symlink_loop_is_an_error_naming_the_file(tmp_path):
    (tmp_path / "a.po").symlink_to("b.po")
    (tmp_path / "b.po").symlink_to("a.po")
    with pytest.raises(CatalogError, match="cannot write"):
        write_atomic(tmp_path / "a.po", "text")
    assert (tmp_path / "a.po").is_symlink()


def test_writing_to_a_device_writes_into_it_instead_of_replacing_it():
    write_atomic(Path(os.devnull), "report")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_device_is_one_error_and_stays_a_device():
    with pytest.raises(CatalogError, match="/dev/full: cannot write: No space left on device"):
        write_atomic(Path("/dev/full"), "report")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_writing_into_a_missing_folder_is_an_error_and_leaves_nothing(tmp_path):
    with pytest.raises(CatalogError, match="cannot write: No such file or directory"):
        write_atomic(tmp_path / "no" / "such" / "out.po", "text")
    assert list(tmp_path.iterdir()) == []


# --- outputs that are inputs -----------------------------------------------------------------------

def test_an_output_that_is_one_of_the_inputs_is_refused(tmp_path):
    read = tmp_path / "read.po"
    read.write_text(PO, encoding="utf-8")
    with pytest.raises(InputError, match="--output would overwrite this input"):
        refuse_output_over_input(tmp_path / "." / "read.po", [read])


def test_an_output_linked_to_an_input_is_refused(tmp_path):
    read = tmp_path / "read.po"
    read.write_text(PO, encoding="utf-8")
    (tmp_path / "link.po").symlink_to(read)
    with pytest.raises(InputError):
        refuse_output_over_input(tmp_path / "link.po", [read], "--write-baseline")


def test_a_new_or_other_output_is_fine(tmp_path):
    read = tmp_path / "read.po"
    read.write_text(PO, encoding="utf-8")
    (tmp_path / "other.json").write_text("{}", encoding="utf-8")
    refuse_output_over_input(tmp_path / "new.json", [read])
    refuse_output_over_input(tmp_path / "other.json", [read])
    refuse_output_over_input(None, [read])
