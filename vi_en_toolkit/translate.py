"""The translation pipeline: read, segment, reuse memory, machine-translate the rest, enforce terms.

    articles ──segment──▶ sources ─┬─ reviewed entry of the output catalog ──▶ kept as it is
                                   ├─ exact memory match (reviewed) ─────────▶ reused, not fuzzy
                                   ├─ unreviewed entry of the output catalog ▶ kept, fuzzy
                                   ├─ fuzzy memory match (≥ 75%) ────────────▶ fuzzy, #| msgid
                                   └─ the rest ─▶ engine (one batch) ─▶ enforce ─▶ numbers ─▶ fuzzy

The engine module (and with it ctranslate2 and sentencepiece) is imported only when some
segment needs machine translation; argostranslate.translate (stanza, torch) never is.
Every fuzzy entry carries one `unenforced term: <vi> -> <en>` translator-comment line for each
glossary term of its source that its translation does not render.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Sequence

import polib

from . import __version__
from .catalog import parse_catalog
from .enforce import TermEnforcer, rank_placeholders, unenforced_line, unenforced_terms
from .errors import CatalogError, InputError, ModelError, SentenceTooLong
from .files import MAX_INPUT_BYTES, binary_problem, locked_update, read_regular_bytes
from .checks.term_matching import source_terms
from .glossary import Glossary, Term, load_glossary
from .markdown_source import english_of, texts_to_translate
from .memory import TranslationMemory, default_memory_paths, entries_by_source, merge_catalog, source_key
from .po_format import catalog_bytes
from .vietnamese import Segment, segment

DEFAULT_GLOSSARY = Path("glossary")
STDIN = "-"
MARKDOWN_SUFFIXES = {".md", ".markdown"}
TEXT_SUFFIXES = {".txt", ".text", *MARKDOWN_SUFFIXES}
CATALOG_SUFFIXES = {".po"}
# Argos decodes with beam 4; past a few dozen, a wider beam only costs memory and time (it grows
# without bound: --beam 100000 filled the machine).
MAX_BEAM_SIZE = 64

# Where each translation came from.
KEPT = "kept"  # reviewed entry of the output catalog, left as it is
MEMORY = "memory"  # reviewed translation of the same sentence in the memory
PENDING = "pending"  # unreviewed entry of the output catalog, kept for its editor
FUZZY_MEMORY = "fuzzy-memory"  # reviewed translation of a similar sentence
MACHINE = "machine"

# The translator comment on a Markdown sentence whose placeholder the model dropped.
MARKUP_MOVED = "markup moved: the model lost where a link, code or emphasis stood; it is at the end"


@dataclass(frozen=True)
class SourceText:
    """One input article."""

    name: str  # as the user gave it ("-" is shown as "<stdin>")
    path: Path | None  # None for stdin
    text: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class SegmentTranslation:
    source: str
    english: str
    origin: str  # KEPT, MEMORY, PENDING, FUZZY_MEMORY or MACHINE
    fuzzy: bool
    previous_source: str | None = None  # the memory sentence a fuzzy match was made from
    similarity: float | None = None
    unenforced: tuple[Term, ...] = ()
    notes: tuple[str, ...] = ()  # translator-comment lines for the editor


@dataclass(frozen=True)
class TranslateResult:
    documents: tuple[SourceText, ...]
    translations: dict[str, SegmentTranslation]  # by source segment text
    english: str  # the English of all documents, as printed or written
    output: Path | None
    written: bool  # False when the output file already held exactly this
    notes: tuple[str, ...] = field(default=())

    def count(self, origin: str) -> int:
        return sum(1 for t in self.translations.values() if t.origin == origin)


# --- reading input -------------------------------------------------------------------------------

def read_source(name: str | Path, stdin=None) -> SourceText:
    """Read one article (a path, or "-" for standard input) as UTF-8 text and segment it."""
    name = str(name)
    if name == STDIN:
        stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)  # None: stdin closed
        raw = stream.read(MAX_INPUT_BYTES + 1) if stream is not None else b""  # `- < /dev/zero` ends too
        shown, path = "<stdin>", None
        if len(raw) > MAX_INPUT_BYTES:
            raise InputError(f"too big to read (more than {MAX_INPUT_BYTES // 2**20} MiB)", file=shown)
    else:
        path = Path(name)
        shown = name
        if path.is_dir():
            raise InputError("is a folder, not a text file", file=shown)
        if path.suffix.lower() in (".po", ".pot"):
            raise InputError("is a PO catalog, not an article (reuse it with --memory, or update it with -o)", file=shown)
        raw = read_regular_bytes(shown, InputError)
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    if b"\0" in raw:
        raise InputError(binary_problem(raw, "text"), file=shown)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError("not UTF-8 text (save the article as UTF-8)", file=shown, line=line) from None
    text = text.removeprefix("\ufeff")
    markdown = path is not None and path.suffix.lower() in MARKDOWN_SUFFIXES
    if not text.strip():
        raise InputError("empty file, nothing to translate", file=shown)
    # A Markdown file may hold no prose at all (only code): it then comes back as it is.
    segments = tuple(segment(text, markdown=markdown))
    return SourceText(shown, path, text, segments)


# --- deciding where each translation comes from --------------------------------------------------

def plan_translations(
    sources: Sequence[str],
    glossary: Glossary,
    memory: TranslationMemory,
    old_catalog: polib.POFile | None = None,
) -> tuple[dict[str, SegmentTranslation], list[str]]:
    """Translations found without a model, and the sources that need machine translation."""
    old = entries_by_source(old_catalog)
    found: dict[str, SegmentTranslation] = {}
    misses: list[str] = []
    for source in dict.fromkeys(sources):
        entry = old.get(source_key(source))
        if entry is not None and entry.msgstr and "fuzzy" not in entry.flags:
            found[source] = SegmentTranslation(source, entry.msgstr, KEPT, fuzzy=False)
            continue
        exact = memory.exact(source)
        if exact is not None:
            found[source] = SegmentTranslation(source, exact.target, MEMORY, fuzzy=False)
            continue
        if entry is not None and entry.msgstr:
            found[source] = _fuzzy(source, entry.msgstr, PENDING, glossary, entry.previous_msgid)
            continue
        match = memory.fuzzy(source)
        if match is not None:
            found[source] = _fuzzy(
                source, match.entry.target, FUZZY_MEMORY, glossary, match.entry.source, match.similarity
            )
            continue
        misses.append(source)
    return found, misses


def _fuzzy(source, english, origin, glossary, previous=None, similarity=None) -> SegmentTranslation:
    terms, occurrences = source_terms(source, glossary)
    flagged = unenforced_terms(terms, english, occurrences)
    return SegmentTranslation(source, english, origin, True, previous, similarity, flagged)


def machine_translate(
    sources: Sequence[str],
    engine,
    glossary: Glossary,
    beam_size: int = 4,
    progress: Callable[[str], None] | None = None,
) -> dict[str, SegmentTranslation]:
    """Machine translations of sources with the glossary enforced and figures written the English way."""
    from .numbers import localize_figures

    results = {}
    for enforced in TermEnforcer(engine, glossary, beam_size).translate(sources, progress):
        english = localize_figures(enforced.text, enforced.source)
        unenforced = enforced.unenforced if english == enforced.text else unenforced_terms(enforced.terms, english, enforced.occurrences)
        results[enforced.source] = SegmentTranslation(enforced.source, english, MACHINE, fuzzy=True, unenforced=unenforced)
    return results


# --- building the outputs ------------------------------------------------------------------------

def render_english(document: SourceText, translations: dict[str, SegmentTranslation]) -> str:
    """The article with each segment replaced by its English: line breaks, blank lines, markdown
    markers and the spaces between sentences stay where they were."""
    pieces = []
    position = 0
    for seg in document.segments:
        pieces.append(document.text[position : seg.start])
        pieces.append(translations[seg.text].english)
        position = seg.end
    pieces.append(document.text[position:])
    return "".join(pieces)


def join_documents(texts: Sequence[str]) -> str:
    """Several articles' English, one blank line apart."""
    if len(texts) == 1:
        return texts[0]
    return "\n\n".join(text.rstrip("\n") for text in texts) + "\n"


def printed_english(english: str) -> str:
    """The English as printed on standard output: ending with a line break (the article's own
    kind), so that what comes next on a terminal starts on its own line. A file written with -o
    keeps the article's ending as it is."""
    if not english or english.endswith("\n"):
        return english
    return english + ("\r\n" if "\r\n" in english else "\n")


def catalog_entries(
    documents: Sequence[SourceText], translations: dict[str, SegmentTranslation], catalog_folder: Path
) -> list[polib.POEntry]:
    """One entry per distinct segment (msgid in NFC), in order of first occurrence, with every occurrence."""
    entries: dict[str, polib.POEntry] = {}
    for document in documents:
        where = _occurrence_name(document, catalog_folder)
        for seg in document.segments:
            key = source_key(seg.text)
            entry = entries.get(key)
            if entry is None:
                t = translations[seg.text]
                entry = polib.POEntry(
                    msgid=key,
                    msgstr=t.english,
                    flags=["fuzzy"] if t.fuzzy else [],
                    previous_msgid=t.previous_source if t.fuzzy else None,
                    tcomment="\n".join([*t.notes, *(unenforced_line(term) for term in t.unenforced)]) if t.fuzzy else "",
                )
                entries[key] = entry
            occurrence = (where, str(seg.line))
            if occurrence not in entry.occurrences:
                entry.occurrences.append(occurrence)
    return list(entries.values())


def _occurrence_name(document: SourceText, catalog_folder: Path) -> str:
    """The article's path relative to the catalog when it sits beside it (or below), else as given."""
    if document.path is None:
        return document.name
    try:
        return document.path.resolve().relative_to(catalog_folder.resolve()).as_posix()
    except ValueError:
        return document.path.as_posix()


def catalog_metadata(documents: Sequence[SourceText], glossary: Glossary) -> dict[str, str]:
    first = documents[0]
    project = first.path.name.split(".")[0] if first.path is not None else "stdin"
    # The fields msgfmt -c expects of a translation's header, in gettext's order.
    return {
        "Project-Id-Version": project,
        "PO-Revision-Date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M%z"),
        "Last-Translator": f"vi-en {__version__} (machine translation)",
        "Language-Team": "English",
        "Language": "en",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
        "X-Source-Language": "vi",
        "X-Generator": f"vi-en {__version__}",
        "X-Glossary": f"{glossary.digest} ({len(glossary)} terms)",
    }


# --- the command -----------------------------------------------------------------------------------

def output_kind(output: Path | None) -> str:
    """"po", "text" or "stdout"."""
    if output is None:
        return "stdout"
    suffix = output.suffix.lower()
    if suffix in CATALOG_SUFFIXES:
        return "po"
    if suffix in TEXT_SUFFIXES:
        return "text"
    raise InputError(f"unknown output type '{suffix or output.name}': use .po for a catalog, .txt or .md for text")


def load_engine(model: Path | None):
    from .engine import load_model

    return load_model(model)


def translate_files(
    inputs: Sequence[str | Path],
    output: str | Path | None = None,
    glossary: Path | Sequence[Path] | Glossary | None = None,
    memory: Sequence[Path] | None = None,
    use_memory: bool = True,
    model: Path | None = None,
    beam_size: int = 4,
    engine=None,
    progress: Callable[[str, int, int], None] | None = None,
    stdin=None,
) -> TranslateResult:
    """Translate articles into English text or a PO catalog (see the module docstring).

    glossary: files/folders (default glossary/ if it exists), or a loaded Glossary. memory: PO
    files/folders (default translations/*.po). engine: an already loaded translator (else one
    is loaded from `model`, or the installed vi→en package, when a segment needs it).
    Everything is read and translated before anything is written; writes are atomic.
    """
    if not inputs:
        raise InputError("no input: give article files, or - for standard input")
    if not 1 <= beam_size <= MAX_BEAM_SIZE:
        raise InputError(f"--beam must be between 1 and {MAX_BEAM_SIZE} (got {beam_size})")
    output = Path(output) if output is not None else None
    kind = output_kind(output)
    notes: list[str] = []
    no_memory = None
    documents = tuple(read_source(name, stdin) for name in inputs)
    if output is not None:
        for document in documents:
            if document.path is not None and os.path.realpath(output) == os.path.realpath(document.path):
                raise InputError("the output would overwrite this input; choose another -o", file=document.name)
    glossary = _load_glossary(glossary, notes)
    # The output catalog is read, merged and written under its lock: a second run on the same
    # catalog waits, then merges into what this one wrote; anything else writing it meanwhile
    # makes the write refuse.
    # The catalog's bytes are read once, with the lock: the same bytes are hashed (to refuse the
    # write if the file changes meanwhile), parsed, and compared with the new catalog by that hash.
    # A text output is only hashed: nothing in it is kept.
    locked = locked_update(output, CatalogError, read=kind == "po") if output is not None else contextlib.nullcontext()
    with locked as update:
        old_catalog = None
        current = update.read() if update is not None else None
        if current:  # an empty file holds nothing to keep
            old_catalog = parse_catalog(current, output)
        del current  # the parsed catalog is what is kept
        if model is not None and engine is None:  # a --model that cannot be used is an error even if no segment needs it
            engine = load_engine(model)
        translation_memory = TranslationMemory()
        if use_memory:
            if not memory and not default_memory_paths():
                no_memory = f"no translation memory: no translations/*.po in {Path.cwd()} (use --memory)"
                notes.append(no_memory)
            translation_memory = TranslationMemory.from_paths(memory) if memory else TranslationMemory.from_paths(
                default_memory_paths()
            )
            if old_catalog is not None:
                translation_memory.add_catalog(old_catalog, str(output))

        sources = [seg.text for document in documents for seg in document.segments]
        translations, misses = plan_translations(sources, glossary, translation_memory, old_catalog)
        if misses:
            translations.update(_translate_misses(misses, len(dict.fromkeys(sources)), documents, engine, model,
                                                  glossary, beam_size, progress, no_memory))

        english = join_documents([render_english(document, translations) for document in documents])
        written = False
        if kind == "po":
            fresh = catalog_entries(documents, translations, output.parent)
            catalog = merge_catalog(old_catalog, fresh, catalog_metadata(documents, glossary))
            data = catalog_bytes(catalog, output)  # in the charset the header declares; refused if it cannot be
            if old_catalog is None or not update.holds(data):
                update.write(data)
                written = True
            else:
                update.ensure_unchanged()  # nothing to write, but another program's change is still said
        elif kind == "text":
            data = english.encode("utf-8")
            if not update.holds(data):
                update.write(data)
                written = True
            else:
                update.ensure_unchanged()
    return TranslateResult(documents, translations, english, output, written, tuple(notes))


def _load_glossary(glossary, notes: list[str]) -> Glossary:
    if isinstance(glossary, Glossary):
        return glossary
    if glossary is None:
        if not DEFAULT_GLOSSARY.is_dir():
            notes.append("no glossary/ folder here: translating without a glossary (use --glossary)")
            return Glossary()
        glossary = DEFAULT_GLOSSARY
    return load_glossary([glossary] if isinstance(glossary, (str, Path)) else list(glossary))


def _translate_misses(misses, total, documents, engine, model, glossary, beam_size, progress, no_memory=None):
    where = _first_occurrences(documents)
    markup = {seg.text: seg.parts for document in documents for seg in document.segments if seg.parts}
    if engine is None:
        try:
            engine = load_engine(model)
        except ModelError as error:
            if model is not None:
                raise
            need = f"{len(misses)} of {total} segment{'s' if total != 1 else ''} " + ("needs" if len(misses) == 1 else "need")
            memory = f"{no_memory}; " if no_memory else ""
            raise ModelError(f"{need} machine translation ({memory}not in the translation memory): {error}") from None
    # Markdown sentences go to the model as prose only (markdown_source): the texts asked for
    # are the sentences with their markup masked and the text inside links and emphasis.
    codes = rank_placeholders(getattr(engine, "tokenize", None)) if markup else []
    asked: dict[str, str] = {}  # text for the model -> the segment it belongs to
    for source in misses:
        for text in texts_to_translate(markup[source], codes) if source in markup else [source]:
            asked.setdefault(text, source)
    report = None
    if progress:
        progress(f"translating {len(misses)} segments", 0, len(misses))
        report = lambda stage: progress(stage, 0, len(misses))  # noqa: E731
    texts = list(asked)
    try:
        translated = machine_translate(texts, engine, glossary, beam_size, report)
    except SentenceTooLong as error:  # refused before any decoding: named by file and line
        name, line = where[asked[texts[error.index]]]
        raise InputError(f"segment too long to translate ({error.pieces} pieces, limit {error.limit}): "
                         "split it into sentences", file=name, line=line) from None
    results = {
        source: _with_markup(source, markup[source], translated, codes) if source in markup else translated[source]
        for source in misses
    }
    if progress:
        progress("done", len(misses), len(misses))
    return results


def _with_markup(source, parts, results, codes) -> SegmentTranslation:
    """A Markdown sentence's English from the translations of its prose, markup put back as written."""
    english, moved = english_of(parts, lambda text: results[text].english, codes)
    unenforced: dict[Term, None] = {}
    for text in texts_to_translate(parts, codes):
        unenforced.update(dict.fromkeys(results[text].unenforced))
    notes = (MARKUP_MOVED,) if moved else ()
    return SegmentTranslation(source, english, MACHINE, fuzzy=True, unenforced=tuple(unenforced), notes=notes)


def _first_occurrences(documents) -> dict[str, tuple[str, int]]:
    where: dict[str, tuple[str, int]] = {}
    for document in documents:
        for seg in document.segments:
            where.setdefault(seg.text, (document.name, seg.line))
    return where


def review_notes(result: TranslateResult) -> list[str]:
    """One line per thing an editor must look at: fuzzy memory matches, moved markup and
    unenforced terms."""
    where = _first_occurrences(result.documents)
    lines = []
    for source, t in result.translations.items():
        name, line = where[source]
        if t.origin == FUZZY_MEMORY:
            lines.append(f"{name}:{line}: fuzzy memory match ({t.similarity:.0%}): review the translation")
        for note in t.notes:
            lines.append(f"{name}:{line}: {note}")
        for term in t.unenforced:
            lines.append(f"{name}:{line}: {unenforced_line(term)}")
    return lines


def summary(result: TranslateResult) -> str:
    """One line: how many segments came from where, and where the result went."""
    parts = []
    reused = result.count(KEPT) + result.count(MEMORY)
    if reused:
        parts.append(f"{reused} reviewed")
    if result.count(FUZZY_MEMORY):
        parts.append(f"{result.count(FUZZY_MEMORY)} fuzzy memory")
    if result.count(PENDING):
        parts.append(f"{result.count(PENDING)} kept unreviewed")
    if result.count(MACHINE):
        parts.append(f"{result.count(MACHINE)} machine-translated")
    unenforced = sum(len(t.unenforced) for t in result.translations.values())
    if unenforced:
        parts.append(f"{unenforced} unenforced term{'s' if unenforced != 1 else ''} flagged")
    total = len(result.translations)
    line = f"{total} segment{'s' if total != 1 else ''}: " + (", ".join(parts) or "no prose to translate")
    if result.output is not None:
        line += f"; {'wrote' if result.written else 'unchanged'} {result.output}"
    return line
