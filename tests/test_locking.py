"""Safe concurrent writes: a read-modify-write of a catalog, glossary or baseline holds a lock beside
the file, and refuses to write over a file that changed since it was read.

Two vi-en runs on one file: the second waits, then merges into what the first wrote. Anything else
(an editor's save) changing the file during a run: the run writes nothing and says so.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

from engine_double import ScriptedEngine
from unreadable_files import deny_opening
from vi_en_toolkit import files
from vi_en_toolkit.baseline import BaselineError, write_baseline
from vi_en_toolkit.errors import CatalogError, OutputError
from vi_en_toolkit.files import CHANGED_MEANWHILE, LockedUpdate, file_fingerprint, lock_path, locked_update
from vi_en_toolkit.glossary import Glossary
from vi_en_toolkit.translate import translate_files

REPO = Path(__file__).resolve().parent.parent


# --- the helper ----------------------------------------------------------------------------------

def _same_size_same_mtime(path: Path) -> None:
    """The edit a timestamp alone misses: same size, mtime set back."""
    info = path.stat()
    path.write_text("OLD", encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


@pytest.mark.parametrize(
    "change",
    [
        lambda p: p.write_text("new text", encoding="utf-8"),
        lambda p: p.open("a", encoding="utf-8").write("appended"),
        _same_size_same_mtime,
        lambda p: p.unlink(),
        lambda p: os.utime(p, ns=(0, 0)),  # touched: the content may differ, vi-en cannot know without it
    ],
    ids=["rewritten", "appended", "same size and mtime", "deleted", "touched"],
)
def test_a_file_changed_after_the_lock_was_taken_is_not_written(tmp_path, change):
    target = tmp_path / "x.po"
    target.write_text("old", encoding="utf-8")
    with locked_update(target, CatalogError) as update:
        change(target)
        before = target.read_bytes() if target.exists() else None
        with pytest.raises(CatalogError) as error:
            update.write("mine")
    assert str(error.value) == f"{target}: {CHANGED_MEANWHILE}"
    assert (target.read_bytes() if target.exists() else None) == before


@pytest.mark.parametrize("saved", ["longer text, saved by an editor", "new"], ids=["another size", "the same size"])
def test_a_file_saved_while_its_bytes_are_read_is_not_written_over(tmp_path, monkeypatch, saved):
    target = tmp_path / "x.po"
    target.write_text("old", encoding="utf-8")
    read = files.read_regular_bytes

    def read_then_an_editor_saves(*args):
        data = read(*args)
        (tmp_path / "saved").write_text(saved, encoding="utf-8")
        os.replace(tmp_path / "saved", target)  # a new file: a new time, whatever its size
        return data

    monkeypatch.setattr(files, "read_regular_bytes", read_then_an_editor_saves)
    with locked_update(target, CatalogError, read=True) as update:
        assert update.read() == b"old"
        with pytest.raises(CatalogError):
            update.write("mine, made from the bytes read")
    assert target.read_text(encoding="utf-8") == saved


def test_a_file_created_meanwhile_is_not_written_over(tmp_path):
    target = tmp_path / "new.po"
    with locked_update(target) as update:
        target.write_text("someone else's", encoding="utf-8")
        with pytest.raises(OutputError, match="changed while vi-en was running"):
            update.write("mine")
    assert target.read_text(encoding="utf-8") == "someone else's"


def test_an_unchanged_file_is_written_and_can_be_written_again(tmp_path):
    target = tmp_path / "x.po"
    target.write_text("old", encoding="utf-8")
    with locked_update(target) as update:
        update.write("first")
        update.write("second")
    assert target.read_text(encoding="utf-8") == "second"


def test_the_lock_file_sits_beside_the_real_file_and_is_shared_by_its_links(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "x.po"
    target.write_text("old", encoding="utf-8")
    (tmp_path / "link.po").symlink_to(target)
    assert lock_path(tmp_path / "link.po") == lock_path(target) == tmp_path / "real" / ".x.po.lock"


def test_nested_updates_of_one_file_share_the_lock(tmp_path):
    target = tmp_path / "x.yaml"
    with locked_update(target, wait=1) as outer:
        with locked_update(target, wait=1) as inner:
            inner.write("inner")
        assert isinstance(outer, LockedUpdate)
    assert target.read_text(encoding="utf-8") == "inner"


@pytest.mark.parametrize("path", ["/dev/null", "{tmp}/no/such/folder/x.po"])
def test_a_device_or_a_missing_folder_takes_no_lock(tmp_path, path):
    path = Path(path.format(tmp=tmp_path))
    with locked_update(path) as update:
        assert update.path == path
    assert not lock_path(path).exists()


@pytest.mark.parametrize(
    "content, read",
    [(b"msgid \"a\"\n", b"msgid \"a\"\n"), (b"", b""), (None, None)],
    ids=["a file", "an empty file", "no file"],
)
def test_the_bytes_read_with_the_lock_are_the_ones_it_guards_and_are_given_once(tmp_path, content, read):
    target = tmp_path / "x.po"
    if content is not None:
        target.write_bytes(content)
    with locked_update(target, read=True) as update:
        assert update.read() == read
        assert update.read() is None  # not kept for the rest of the run
        assert update.holds(content) == (content is not None)


@pytest.mark.parametrize(
    "other, held",
    [(b"old text", True), (b"new text", False), (b"old tex", False), (b"", False)],
)
def test_holds_compares_new_content_with_what_the_file_held_under_the_lock(tmp_path, other, held):
    target = tmp_path / "x.po"
    target.write_bytes(b"old text")
    with locked_update(target) as update:
        assert update.holds(other) == held
        update.write("written")
        assert update.holds(b"written") and not update.holds(b"old text")


def _unreadable(path: Path, monkeypatch) -> None:
    path.write_bytes(b"msgid \"a\"\n")
    deny_opening(path, monkeypatch)


@pytest.mark.parametrize(
    "make, message",
    [(lambda path, monkeypatch: path.mkdir(), "is a folder, not a file"),
     (_unreadable, "cannot read: Permission denied")],
    ids=["a folder", "an unreadable file"],
)
def test_what_cannot_be_read_with_the_lock_is_refused_naming_it(tmp_path, monkeypatch, make, message):
    target = tmp_path / "x.po"
    make(target, monkeypatch)
    with pytest.raises(CatalogError) as error:
        with locked_update(target, CatalogError, read=True):
            pass
    assert (error.value.message, error.value.file) == (message, str(target))


def test_a_catalog_output_that_cannot_be_read_is_refused_before_any_decoding(tmp_path):
    (tmp_path / "x.po").mkdir()
    article = tmp_path / "a.vi.txt"
    article.write_text("Nga mua đất hiếm.\n", encoding="utf-8")
    engine = ScriptedEngine(lambda s: ["Russia buys rare earths."])
    with pytest.raises(CatalogError, match="is a folder, not a file"):
        translate_files([article], tmp_path / "x.po", glossary=Glossary(), use_memory=False, engine=engine)
    assert engine.calls == []


def test_a_device_is_never_read_for_its_bytes():
    with locked_update(Path("/dev/zero"), read=True) as update:
        assert update.read() is None and not update.holds(b"")


def test_fingerprint_tells_states_apart(tmp_path):
    target = tmp_path / "x"
    assert file_fingerprint(target) is None
    target.write_bytes(b"a")
    first = file_fingerprint(target)
    assert first == file_fingerprint(target)
    _same_size_same_mtime(target)
    assert file_fingerprint(target) != first


# --- another process holding the lock ----------------------------------------------------------

@pytest.fixture()
def held_lock():
    """A separate process holding the lock of a path until the test ends."""
    holders = []

    def hold(path: Path) -> None:
        code = ("import sys, time, filelock\n"
                f"lock = filelock.FileLock({str(lock_path(path))!r}); lock.acquire()\n"
                "print('held', flush=True); time.sleep(120)\n")
        holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        holders.append(holder)
        assert holder.stdout.readline().strip() == "held"

    yield hold
    for holder in holders:
        holder.kill()
        holder.wait()


def test_a_baseline_whose_lock_another_run_holds_is_refused_after_the_wait(tmp_path, held_lock, monkeypatch):
    baseline = tmp_path / "vi-en-baseline.json"
    held_lock(baseline)
    monkeypatch.setattr(files, "LOCK_WAIT_SECONDS", 0.3)
    started = time.monotonic()
    with pytest.raises(BaselineError, match=r"another vi-en run has been updating this file for 0 s \(.vi-en-baseline.json.lock is held\)"):
        write_baseline([], baseline)
    assert time.monotonic() - started < 10
    assert not baseline.exists()


def test_a_lock_is_released_when_its_holder_dies(tmp_path, held_lock):
    target = tmp_path / "x.po"
    code = ("import os, filelock\n"
            f"filelock.FileLock({str(lock_path(target))!r}).acquire()\n"
            "os._exit(9)  # killed while holding it\n")
    subprocess.run([sys.executable, "-c", code], check=False, timeout=60)
    with locked_update(target, wait=5) as update:
        update.write("after a crash")
    assert target.read_text(encoding="utf-8") == "after a crash"


# --- translate -o x.po ---------------------------------------------------------------------------

def _echo(sentence: str) -> list[str]:
    return [f"EN {sentence}"]


def test_a_catalog_saved_by_an_editor_during_a_translation_is_kept_and_the_run_refuses(tmp_path):
    article = tmp_path / "a.vi.txt"
    article.write_text("Nga có đất hiếm.\nMỹ mua dầu.\n", encoding="utf-8")
    catalog = tmp_path / "a.en.po"
    translate_files([article], catalog, glossary=Glossary(), use_memory=False, engine=ScriptedEngine(_echo))
    article.write_text("Nga có đất hiếm.\nMỹ mua dầu.\nMột câu mới.\n", encoding="utf-8")
    reviewed = polib.pofile(str(catalog))
    reviewed[0].msgstr, reviewed[0].flags = "Russia has rare earths.", []

    def editor_saves_while_decoding(sentence):
        if not catalog.read_text(encoding="utf-8").count("Russia has rare earths."):
            reviewed.save(str(catalog))  # the editor's save, during the run
        return _echo(sentence)

    with pytest.raises(CatalogError, match="a.en.po: changed while vi-en was running"):
        translate_files([article], catalog, glossary=Glossary(), use_memory=False,
                        engine=ScriptedEngine(editor_saves_while_decoding))
    assert polib.pofile(str(catalog)).find("Nga có đất hiếm.").msgstr == "Russia has rare earths."



def test_a_catalog_changed_during_a_run_that_has_nothing_new_to_write_is_still_said(tmp_path, monkeypatch):
    """The run's result equals the catalog as it was read, but another program saved it meanwhile:
    nothing is written, and the run does not pretend all is well."""
    import vi_en_toolkit.translate as translate

    article = tmp_path / "a.vi.txt"
    article.write_text("Nga có đất hiếm.\n", encoding="utf-8")
    catalog = tmp_path / "a.en.po"
    translate_files([article], catalog, glossary=Glossary(), use_memory=False, engine=ScriptedEngine(_echo))
    edited = catalog.read_text(encoding="utf-8").replace("EN Nga có đất hiếm.", "Russia has rare earths.")
    real_merge = translate.merge_catalog

    def editor_saves_while_merging(*args, **kwargs):
        catalog.write_text(edited, encoding="utf-8")
        return real_merge(*args, **kwargs)

    monkeypatch.setattr(translate, "merge_catalog", editor_saves_while_merging)
    with pytest.raises(CatalogError, match="a.en.po: changed while vi-en was running"):
        translate_files([article], catalog, glossary=Glossary(), use_memory=False, engine=ScriptedEngine(_echo))
    assert catalog.read_text(encoding="utf-8") == edited

SLOW_MERGE = """
import time, vi_en_toolkit.memory as memory, vi_en_toolkit.translate as translate
real = memory.merge_catalog
def slow_merge(*args, **kwargs):
    time.sleep(1.0)  # widens the read→write window: without a lock both runs read the same old catalog
    return real(*args, **kwargs)
translate.merge_catalog = slow_merge
"""


def test_two_concurrent_translate_runs_into_one_catalog_lose_nothing(tmp_path):
    memory = tmp_path / "memory.po"
    first = ["Nga có trữ lượng đất hiếm lớn.", "Trung Quốc kiểm soát nguồn cung."]
    second = ["Mỹ áp thuế quan.", "Nhật Bản mua đất hiếm."]
    reviewed = polib.POFile()
    for number, sentence in enumerate(first + second):
        reviewed.append(polib.POEntry(msgid=sentence, msgstr=f"Reviewed English {number}."))
    reviewed.save(str(memory))
    (tmp_path / "first.vi.txt").write_text("\n".join(first) + "\n", encoding="utf-8")
    (tmp_path / "second.vi.txt").write_text("\n".join(second) + "\n", encoding="utf-8")
    (tmp_path / "plant").mkdir()
    (tmp_path / "plant" / "sitecustomize.py").write_text(SLOW_MERGE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{tmp_path / 'plant'}{os.pathsep}{REPO}"}

    runs = [subprocess.Popen([sys.executable, str(REPO / "vi_en.py"), "translate", f"{name}.vi.txt", "-o", "same.po",
                              "--memory", "memory.po"], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
            for name in ("first", "second")]
    outcomes = [(run.wait(timeout=120), run.stderr.read()) for run in runs]

    # The second run waits for the first's lock, then merges into what it wrote: both say "wrote".
    # (Without the lock, the second would find the catalog changed since it read it and refuse.)
    for code, stderr in outcomes:
        assert (code, "Traceback" in stderr, "wrote same.po" in stderr) == (0, False, True), stderr
    catalog = {entry.msgid: entry.msgstr for entry in polib.pofile(str(tmp_path / "same.po"))}
    assert catalog == {sentence: f"Reviewed English {number}." for number, sentence in enumerate(first + second)}


# --- glossary import ---------------------------------------------------------------------------

SLOW_APPEND = """
import time, vi_en_toolkit.exchange as exchange
real = exchange._appended
def slow_append(*args, **kwargs):
    time.sleep(1.0)  # between reading the glossary file and writing it
    return real(*args, **kwargs)
exchange._appended = slow_append
"""


def test_two_concurrent_imports_into_one_glossary_file_keep_both(tmp_path):
    (tmp_path / "glossary").mkdir()
    mine = tmp_path / "glossary" / "mine.yaml"
    mine.write_text("# the desk's terms\nterms:\n  - vi: dầu\n    en: oil\n", encoding="utf-8")
    (tmp_path / "a.csv").write_text("vi,en\nđất hiếm,rare earths\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("vi,en\nthuế quan,tariff\n", encoding="utf-8")
    (tmp_path / "plant").mkdir()
    (tmp_path / "plant" / "sitecustomize.py").write_text(SLOW_APPEND, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{tmp_path / 'plant'}{os.pathsep}{REPO}"}

    runs = [subprocess.Popen([sys.executable, str(REPO / "vi_en.py"), "glossary", "import", name, "-o", str(mine)],
                             cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for name in ("a.csv", "b.csv")]
    outcomes = [(run.wait(timeout=120), run.stdout.read() + run.stderr.read()) for run in runs]

    assert [code for code, _ in outcomes] == [0, 0], outcomes
    text = mine.read_text(encoding="utf-8")
    assert text.startswith("# the desk's terms\n")
    assert all(term in text for term in ("vi: dầu", "vi: đất hiếm", "vi: thuế quan")), text


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc, where files cannot be made")
def test_a_lock_file_that_cannot_be_made_is_said_at_once_not_waited_for():
    with pytest.raises(OutputError, match=r"cannot create its lock file \.x\.po\.lock: No such file or directory"):
        with locked_update(Path("/proc/x.po"), OutputError, wait=3):
            pass
