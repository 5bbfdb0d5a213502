"""The domain glossary: YAML files of terms, their validation (lint), and term matching.

Source side: every term is found in one pass over folded Vietnamese text (Aho-Corasick), whole
words only (Vietnamese words where a boundary is in doubt: word_segmentation.py), not inside its
not_in phrases, longest match wins. Target side: a term is satisfied when one of its accepted
English forms occurs, its last word in any of its word forms (lemminflect), with space/hyphen
alternation.
"""

# Annotations evaluated, not `from __future__ import annotations`: typing.NamedTuple compiles a
# string annotation per field, ~0.2 ms a class, paid by every run at start-up.
import functools
import json
import operator
import re
import unicodedata
from pathlib import Path
from typing import NamedTuple

from .errors import GlossaryError
from .files import find_files, read_utf8
from .lazy_pattern import lazy_compile
from .vietnamese import at_word_boundaries, fold, fold_with_offsets, is_word_char
from .word_segmentation import CLOSING, OPENING, doubtful_pairs, splits_a_word

TERM_KEYS = {"vi": str, "en": str, "variants": list, "forbidden": list, "case_sensitive": bool, "note": str,
             "strictness": str, "not_in": list, "title": bool}
REQUIRED_KEYS = ("vi", "en")
# How strictly a term is held when its English is missing (a forbidden rendering is always an error):
# required: error; advisory: at most a warning; forbidden-only: only forbidden renderings are reported.
STRICTNESS = ("required", "advisory", "forbidden-only")


class Term:
    """One glossary entry, immutable. Two terms are equal when all but where they were read (file,
    line) is. A plain class, not a frozen dataclass: that one writes and compiles its methods at
    every start-up (~2 ms of a one-entry `vi-en check`)."""

    # slots: a 100,000-term glossary in half the memory
    __slots__ = ("vi", "en", "variants", "forbidden", "case_sensitive", "note", "file", "line", "strictness",  # noqa: RUF023 - the constructor's order
                 "not_in", "title")
    vi: str
    en: str
    variants: tuple[str, ...]
    forbidden: tuple[str, ...]
    case_sensitive: bool
    note: str | None
    file: str | None
    line: int | None
    strictness: str  # one of STRICTNESS
    not_in: tuple[str, ...]  # longer Vietnamese phrases in which this term does not apply
    title: bool  # a title (tổng thống, ông): followed by a name, rendering the name is enough

    def __init__(self, vi: str, en: str, variants: tuple[str, ...] = (), forbidden: tuple[str, ...] = (),
                 case_sensitive: bool = False, note: str | None = None, file: str | None = None,
                 line: int | None = None, strictness: str = "required", not_in: tuple[str, ...] = (),
                 title: bool = False):
        set_field = object.__setattr__
        set_field(self, "vi", vi)
        set_field(self, "en", en)
        set_field(self, "variants", variants)
        set_field(self, "forbidden", forbidden)
        set_field(self, "case_sensitive", case_sensitive)
        set_field(self, "note", note)
        set_field(self, "file", file)
        set_field(self, "line", line)
        set_field(self, "strictness", strictness)
        set_field(self, "not_in", not_in)
        set_field(self, "title", title)

    def _compared(self) -> tuple:
        return (self.vi, self.en, self.variants, self.forbidden, self.case_sensitive, self.note, self.strictness,
                self.not_in, self.title)

    def __eq__(self, other):
        return self._compared() == other._compared() if type(other) is Term else NotImplemented

    def __hash__(self):
        return hash(self._compared())

    def __repr__(self):
        return "Term(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in Term.__slots__) + ")"

    def __setattr__(self, name, value):
        raise AttributeError(f"cannot assign to field {name!r}: a Term is immutable")

    def __delattr__(self, name):
        raise AttributeError(f"cannot delete field {name!r}: a Term is immutable")

    def __reduce__(self):  # pickle and copy: the constructor, as __setattr__ refuses
        return Term, tuple(getattr(self, name) for name in Term.__slots__)

    def replace(self, **changes) -> "Term":
        """A copy with these fields changed."""
        return Term(**{name: changes.pop(name, getattr(self, name)) for name in Term.__slots__}, **changes)

    @property
    def accepted(self) -> tuple[str, ...]:
        """Every English form that renders this term correctly, preferred first."""
        return (self.en, *self.variants)

    def find_accepted(self, english: str) -> list[re.Match]:
        """Where an accepted English form of the term occurs in `english`."""
        return english_matches(self.accepted, english, self.case_sensitive)

    def find_forbidden(self, english: str) -> list[re.Match]:
        """Where a forbidden rendering occurs in `english`, outside any accepted form."""
        if not self.forbidden:
            return []
        accepted = [(m.start(), m.end()) for m in self.find_accepted(english)]
        return [
            m
            for m in english_matches(self.forbidden, english, self.case_sensitive)
            if not any(s <= m.start() and m.end() <= e for s, e in accepted)
        ]

    def is_satisfied_by(self, english: str) -> bool:
        return bool(self.find_accepted(english))

    def as_dict(self) -> dict:
        """The term as it is written in YAML (only the keys that are set)."""
        data: dict = {"vi": self.vi, "en": self.en}
        if self.variants:
            data["variants"] = list(self.variants)
        if self.forbidden:
            data["forbidden"] = list(self.forbidden)
        if self.case_sensitive:
            data["case_sensitive"] = True
        if self.note:
            data["note"] = self.note
        if self.strictness != "required":
            data["strictness"] = self.strictness
        if self.not_in:
            data["not_in"] = list(self.not_in)
        if self.title:
            data["title"] = True
        return data


class TermMatch(NamedTuple):
    """A glossary term found in Vietnamese text; start/end index the original text."""

    term: Term
    start: int
    end: int
    text: str


class LintProblem(NamedTuple):
    file: str
    line: int
    code: str  # schema, empty, not-nfc, duplicate, conflict, forbidden-accepted, not-in, strictness, title
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.code}: {self.message}"


# --- English-side matching -------------------------------------------------------------------

def _inflected_word(word: str, name: bool = False) -> str:
    """A regex for an English word in any of its forms (word_forms), longest first."""
    forms = word_forms(word, name)
    if len(forms) == 1:
        return re.escape(forms[0])  # U.S.: a period, not any character
    return "(?:" + "|".join(sorted(map(re.escape, forms), key=len, reverse=True)) + ")"


# word_forms answers computed before and kept in the compiled glossary (glossary_cache.py), so a
# run whose glossary is cached never loads lemminflect (about 1 s with its tables) for them. Per
# kind of word (False: a word, True: a name), word → its other forms, space-separated: a string
# per word reads from JSON in a fraction of the time a list does, and is split when asked for.
_STORED_WORD_FORMS: dict[bool, dict[str, str]] = {False: {}, True: {}}


def remember_word_forms(words: dict[str, str], names: dict[str, str]) -> None:
    """Keep word_forms answers: word → its forms after the word itself, space-separated."""
    _STORED_WORD_FORMS[False].update(words)
    _STORED_WORD_FORMS[True].update(names)


def words_to_inflect(terms) -> set[tuple[str, bool]]:
    """The (word, name) questions that matching these terms' English asks word_forms: the last
    word of each accepted and forbidden form, inflected as the term's case says, and each
    accepted form's last word as a name (a glossary file's forms, checks/term_matching.py)."""
    wanted = set()
    for term in terms:
        for forms, as_names in ((term.accepted, (term.case_sensitive, True)), (term.forbidden, (term.case_sensitive,))):
            for form in forms:
                words = english_words(form)
                if words and words[-1].isalpha():
                    wanted.update((words[-1], name) for name in as_names)
    return wanted


# what separates the words of an English form: spaces and hyphens
_ENGLISH_WORD_GAP = lazy_compile(r"[\s\-‐‑]+")


def english_words(form: str) -> list[str]:
    """The words of an English form, as its regex joins them (english_form_regex)."""
    return [w for w in _ENGLISH_WORD_GAP.split(form.strip()) if w]


@functools.lru_cache(maxsize=None)
def word_forms(word: str, name: bool = False) -> tuple[str, ...]:
    """The forms of an English word that render it, the word first, from lemminflect's lexicon.

    A noun in singular and plural (tariff/tariffs, crisis/crises); a verb in every tense when it is
    written as its base form or a past form (assault: assaults, assaulted, assaulting), but not
    from a form that is also a plural noun (talks does not give talking); an adjective compared. A word
    lemminflect does not know takes the plural its rules give. A name (case-sensitive) keeps its
    case and takes only a plural (North Korean/North Koreans); acronyms and names ending in s
    take none.
    """
    if not word.isalpha():
        return (word,)
    stored = _STORED_WORD_FORMS[name].get(word)
    if stored is not None:
        return (word, *stored.split())
    lemminflect = _lemminflect()
    if name:
        if word.isupper() or word[-1] in "sS":
            return (word,)
        return _unique([word, *lemminflect.getAllInflectionsOOV(word, "NOUN").get("NNS", ())], keep_case=True)
    lower = word.lower()
    forms = [word]
    as_base = lemminflect.getAllInflections(lower)  # empty unless the word is a base form
    for inflected in as_base.values():
        forms.extend(inflected)
    if not as_base:
        # An inflected word: back to its base form and on to the others. The lexicon's own lookup
        # of base forms costs a second table (0.4 s to load), so the base form is guessed by
        # lemminflect's rules and kept only when the lexicon inflects it back into the word.
        for upos, tags in (("NOUN", ("NNS",)), ("VERB", ("VBD", "VBN", "VBG"))):  # not VBZ: ties, talks
            for lemma in lemminflect.getAllLemmasOOV(lower, upos).get(upos, ()):
                inflections = lemminflect.getAllInflections(lemma, upos)
                if any(lower in inflections.get(tag, ()) for tag in tags):
                    forms.append(lemma)
                    for inflected in inflections.values():
                        forms.extend(inflected)
    if len(forms) == 1:  # a word the lexicon does not know
        forms.extend(lemminflect.getAllInflectionsOOV(lower, "NOUN").get("NNS", ()))
    return _unique(forms)


def _unique(forms, keep_case: bool = False) -> tuple[str, ...]:
    """The forms once each, the first as written (compared in lower case unless keep_case)."""
    seen = {}
    for form in forms:
        seen.setdefault(form if keep_case else form.lower(), form)
    return tuple(seen.values())


@functools.cache
def _lemminflect():
    """lemminflect, imported without its spaCy hook: when spaCy is installed (the MT extras bring
    it), lemminflect imports it to register token extensions vi-en does not use, which takes
    seconds. A finder that refuses spacy stands first on the import path while it loads."""
    import importlib.abc
    import sys

    class _NoSpacy(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "spacy" or name.startswith("spacy."):
                raise ModuleNotFoundError(name)
            return None

    if "spacy" in sys.modules:
        import lemminflect
        return lemminflect
    finder = _NoSpacy()
    sys.meta_path.insert(0, finder)
    try:
        import lemminflect
    finally:
        sys.meta_path.remove(finder)
    return lemminflect


def english_form_regex(form: str, inflect: bool = True) -> str:
    """A regex for one English form, without word boundaries: words joined by spaces or hyphens,
    last word in any of its forms (word_forms; a name, inflect=False, only in the plural)."""
    words = english_words(form)
    if not words:
        return r"(?!)"
    parts = [re.escape(w) for w in words[:-1]]
    parts.append(_inflected_word(words[-1], name=not inflect))
    return r"[\s\-‐‑]+".join(parts)


@functools.lru_cache(maxsize=65536)
def english_pattern(forms: tuple[str, ...], case_sensitive: bool, inflect: bool | None = None) -> re.Pattern:
    """One compiled regex for a set of whole-word English forms; names (case-sensitive) only take a
    plural, unless `inflect` says otherwise (a name sought in any case: inflect=False)."""
    inflect = not case_sensitive if inflect is None else inflect
    alternatives = sorted({english_form_regex(f, inflect=inflect) for f in forms}, key=len, reverse=True)
    # The boundaries stand once around the group, not in each alternative: same matches, and the
    # regex engine rejects a position inside a word once instead of once per form.
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", 0 if case_sensitive else re.IGNORECASE)


def english_matches(forms: tuple[str, ...], english: str, case_sensitive: bool = False) -> list[re.Match]:
    return list(english_pattern(tuple(forms), case_sensitive).finditer(english))


def canonical_json(term: Term) -> str:
    """A term's content as the glossary digest hashes it."""
    return json.dumps(term.as_dict(), ensure_ascii=False)


# --- the glossary ------------------------------------------------------------------------------

class Glossary:
    """A set of terms with a one-pass, longest-match-wins matcher over Vietnamese text."""

    def __init__(self, terms: list[Term] | tuple[Term, ...] = (), keys: list[str] | None = None,
                 canonical: list[str] | None = None, make_term=None, digest: str | None = None):
        """`keys` (each term's folded vi), `canonical` (each term's as_dict in JSON) and `digest`
        may come precomputed from the compiled glossary; they are what a big glossary costs to
        derive. With `make_term`, `terms` holds what it turns into a Term (the compiled
        glossary's rows), turned on first use: a one-entry check meets a handful of a
        100,000-term glossary's terms, and building them all costs more than the check."""
        self._items = terms if make_term is not None else list(terms)  # load_glossary's own list: not copied
        self._make_term = make_term
        self._all: tuple[Term, ...] | None = None if make_term else tuple(self._items)
        self._canonical = canonical
        self._digest = digest
        keys = keys if keys is not None else [fold(t.vi) for t in self._items]
        count = len(keys)
        # key → index of its first term (reversed, so that a repeated key keeps its first)
        self._by_key: dict[str, int] = dict(zip(reversed(keys), range(count - 1, -1, -1)))
        self._groups: dict[str, list[int]] = {}  # a key that repeats → all its terms' indices
        if len(self._by_key) < count:
            by_key = self._by_key
            for index, key in enumerate(keys):
                first = by_key[key]
                if first != index:
                    self._groups.setdefault(key, [first]).append(index)
        self._longest_key = max(map(len, self._by_key), default=0)
        self._values: dict[str, tuple] = {}  # key → what the matcher needs of it (see _value)
        self._not_in: dict[int, tuple[str, ...]] = {}  # id(term) → its not_in phrases, folded; filled by _value
        self._automaton = None
        self._text_read = 0  # characters matched by key lookups, before the automaton is built

    @property
    def terms(self) -> tuple[Term, ...]:
        if self._all is None:
            self._all = tuple(self._term(i) for i in range(len(self._items)))
        return self._all

    def _term(self, index: int) -> Term:
        item = self._items[index]
        if not isinstance(item, Term):
            item = self._items[index] = self._make_term(item)
        return item

    def _indices(self, key: str):
        if self._groups and key in self._groups:
            return self._groups[key]
        index = self._by_key.get(key)
        return () if index is None else (index,)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self):
        return iter(self.terms)

    def lookup(self, vi: str) -> Term | None:
        """The term whose source is `vi` (compared folded), if any."""
        found = self._indices(fold(vi))
        return self._term(found[0]) if found else None

    @property
    def digest(self) -> str:
        """A short hash of the glossary's content, for stamping reports."""
        if self._digest is None:
            terms = self.terms
            rendered = self._canonical or [canonical_json(t) for t in terms]
            order = sorted(range(len(terms)), key=lambda i: terms[i].vi)
            canonical = "[" + ", ".join(rendered[i] for i in order) + "]"  # json.dumps of the sorted list, as before
            import hashlib  # here: a glossary whose digest is cached does not load OpenSSL

            self._digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]
        return self._digest

    def _value(self, key: str) -> tuple:
        """(length, terms, their case-sensitive forms or None, length of the first syllable, of the
        last one) of a key: what the matcher reads for each match, made once per key. The lengths
        are None for a key with space around it (see _syllable_pairs_around)."""
        value = self._values.get(key)
        if value is None:
            terms = tuple(self._term(i) for i in self._indices(key))
            for term in terms:
                if term.not_in:
                    self._not_in[id(term)] = tuple(fold(phrase) for phrase in term.not_in if phrase.strip())
            # Case-sensitive terms are compared in their own case (folded once, here); a group
            # without any needs no comparison: its first term is the match.
            cased = tuple(fold(t.vi, casefold=False) if t.case_sensitive else None for t in terms)
            syllables = key.split()
            trimmed = bool(syllables) and key == key.strip()
            value = self._values[key] = (len(key), terms, cased if any(t.case_sensitive for t in terms) else None,
                                         len(syllables[0]) if trimmed else None, len(syllables[-1]) if trimmed else None)
        return value

    def _build_automaton(self):
        import ahocorasick  # pyahocorasick: C Aho-Corasick, one pass over the text for any number of terms

        automaton = ahocorasick.Automaton()
        for key in self._by_key:  # the key itself: its terms are made only when a text holds it
            automaton.add_word(key, key)
        automaton.make_automaton()
        return automaton

    # Text a glossary reads by key lookups before it builds its automaton. Building costs 5-20 µs
    # a key (0.55 s for 100,000), lookups 1-2 µs a character of text, the automaton 0.05: it
    # pays for itself after a few characters a key (measured with 10,000 and 100,000 terms).
    AUTOMATON_AFTER = 20_000  # characters, at least
    AUTOMATON_AFTER_PER_KEY = 4

    def prepare_matcher(self) -> None:
        """Build the automaton now, whatever was read: before forking workers, so that they
        share one instead of each building its own."""
        if self._automaton is None:
            self._automaton = self._build_automaton()

    def expect_text(self, size: int) -> None:
        """Told that about `size` characters of text are coming (a check's sources): build the
        automaton now if reading that much by key lookups would build it anyway. The lookups
        before it would be time lost: 0.4 s of a 10,000-entry check with 100,000 terms."""
        if self._automaton is None and self._text_read + size > self._lookup_budget():
            self._automaton = self._build_automaton()

    def _lookup_budget(self) -> int:
        return max(self.AUTOMATON_AFTER, self.AUTOMATON_AFTER_PER_KEY * len(self._by_key))

    def _occurrences(self, folded: str):
        """(end index, _value) of the keys that occur in folded text as whole words (more may
        come: the matcher checks the boundaries), in order of their ends, as the automaton's
        iter gives them."""
        if self._automaton is None:
            self._text_read += len(folded)
            if self._text_read <= self._lookup_budget():
                return self._occurrences_by_lookup(folded)
            self._automaton = self._build_automaton()
        values, value = self._values, self._value
        return [(end, values.get(key) or value(key)) for end, key in self._automaton.iter(folded)]

    def _occurrences_by_lookup(self, folded: str) -> list[tuple[int, tuple]]:
        """What the automaton finds at word boundaries, by looking up every stretch of the text
        between a word start and a word end (no longer than the longest key) in the key dict."""
        word_char = _WORD_CHAR
        size = len(folded)
        starts = [p for p in range(size) if p == 0 or not word_char[folded[p - 1]]]
        found = []
        by_key, longest = self._by_key, self._longest_key
        first = 0
        for end in range(1, size + 1):
            if end < size and word_char[folded[end]]:
                continue
            while first < len(starts) and starts[first] < end - longest:
                first += 1
            for start in starts[first:]:
                if start >= end:
                    break
                key = folded[start:end]
                if key in by_key:
                    found.append((end - 1, self._value(key)))
        return found

    def find_terms(self, text: str) -> list[TermMatch]:
        """Glossary terms in Vietnamese text: whole words, longest first, not overlapping, in text order."""
        return [TermMatch(term, start, end, text[start:end]) for start, end, term in self._term_spans(text)]

    def term_spans(self, text: str, folded: tuple[str, list[int] | None] | None = None) -> list[tuple[int, int, Term]]:
        """(start, end, term) of find_terms, without building TermMatch objects (`folded`:
        fold_with_offsets(text), if you have it)."""
        return self._term_spans(text, folded)

    def _term_spans(self, text: str, folded_text: tuple[str, list[int] | None] | None = None) -> list[tuple[int, int, Term]]:
        """(start, end, term) of find_terms, without building TermMatch objects.

        This runs for every entry of every catalog checked, so the loop is kept lean: word
        boundaries through a per-character cache, case folded only for case-sensitive terms.
        """
        if not self._by_key or not text:
            return []
        folded, offsets = folded_text or fold_with_offsets(text)
        size = len(folded)
        word_char = _WORD_CHAR
        not_in = self._not_in
        pairs = doubtful_pairs(self._by_key, self._digest)
        opening, closing = OPENING, CLOSING
        candidates = []
        previous_end, overlapping = 0, False
        for end_index, (length, terms, cased, head, tail) in self._occurrences(folded):
            end = end_index + 1
            start = end - length
            if (start and word_char[folded[start - 1]]) or (end < size and word_char[folded[end]]):
                continue  # part of a longer word
            if pairs is not None:
                # In doubt (see doubtful_pairs): the syllable just outside an end and the one inside
                # it stand side by side in a dictionary word. Each pair is one slice of the text (the
                # match is the key, so its first `head` and last `tail` characters are its end
                # syllables); stripping the slice strips the outer syllable, as it stops at the space.
                if head is None:
                    doubt = _syllable_pairs_around(folded, start, end, pairs)
                else:
                    doubt = start > 1 and folded[start - 1] == " " and (
                        folded[folded.rfind(" ", 0, start - 1) + 1: start + head].lstrip(opening) in pairs)
                    if not doubt and end < size and folded[end] == " ":
                        after_end = folded.find(" ", end + 1)
                        doubt = (folded[end - tail: after_end] if after_end >= 0 else folded[end - tail:]).rstrip(closing) in pairs
                if doubt and splits_a_word(text if offsets is None else folded, start, end):
                    continue
            folded_start, folded_end = start, end
            if offsets is not None:
                start, end = offsets[start], offsets[end]
            if cased is None:
                term = terms[0]
            else:
                # the match folded on its own: it stands between word boundaries, so this is the
                # same as a slice of the whole text folded, and most entries with a name hold one or two
                original = text[start:end]
                if not original.isascii():
                    original = fold(original, casefold=False)
                term = _term_matching_case(terms, cased, original)
                if term is None:
                    continue
            if not_in and id(term) in not_in and _inside_phrase(folded, folded_start, folded_end, not_in[id(term)]):
                continue  # an exception the glossary names: the term does not apply here
            candidates.append((start, end, term))
            # found in order of their ends: when none overlaps the one before, they are the answer
            overlapping = overlapping or start < previous_end
            previous_end = end
        if not overlapping:
            return candidates
        # Longest match wins, even against an earlier overlapping one: in "ngành công nghiệp khai
        # khoáng" the longer "công nghiệp khai khoáng" beats "ngành công nghiệp".
        return _longest_without_overlap(candidates, len(text))


def _longest_without_overlap(candidates: list[tuple[int, int, Term]], size: int) -> list[tuple[int, int, Term]]:
    """The (start, end, term) spans that stand when the longest is taken first (of equal ones the
    earliest), then each that overlaps none taken; in text order. Spans lie within [0, size)."""
    # (minus length, start, index) tuples sort in C, in the order a stable sort by length and start gives
    order = sorted([(start - end, start, index) for index, (start, end, _) in enumerate(candidates)])
    chosen = []
    taken = bytearray(size)
    for minus_length, start, index in order:
        end = start - minus_length
        if taken.find(1, start, end) < 0:
            chosen.append(candidates[index])
            taken[start:end] = b"\x01" * (end - start)
    chosen.sort(key=_start)  # starts differ: the spans do not overlap
    return chosen


_start = operator.itemgetter(0)


def distinct_terms(spans: list[tuple[int, int, Term]]) -> list[Term]:
    """The terms of Glossary.term_spans, each once, in order of first occurrence."""
    # keyed by identity (hashing a frozen Term hashes all its fields); a key keeps its first place
    return list({id(term): term for _, _, term in spans}.values())


def _syllable_pairs_around(folded: str, start: int, end: int, pairs: frozenset[str]) -> bool:
    """The matcher's in-doubt test, syllable by syllable: for a key with space around it, whose
    end syllables are not its first and last characters."""
    syllables = folded[start:end].split()
    first = " " + syllables[0] if syllables else " "
    last = syllables[-1] + " " if syllables else " "
    if start > 1 and folded[start - 1] == " ":
        if folded[folded.rfind(" ", 0, start - 1) + 1: start - 1].lstrip(OPENING) + first in pairs:
            return True
    if folded[end: end + 1] == " ":
        after_end = folded.find(" ", end + 1)
        return last + folded[end + 1: after_end if after_end >= 0 else len(folded)].rstrip(CLOSING) in pairs
    return False


def _inside_phrase(folded: str, start: int, end: int, phrases: tuple[str, ...]) -> bool:
    """Whether folded[start:end] lies inside a whole-word occurrence of one of the phrases."""
    for phrase in phrases:
        index = folded.find(phrase, max(0, end - len(phrase)))
        while 0 <= index <= start:
            if at_word_boundaries(folded, index, index + len(phrase)):
                return True
            index = folded.find(phrase, index + 1)
    return False


class _WordChars(dict):
    """character → is_word_char(character), filled as characters are first seen."""

    def __missing__(self, char: str) -> bool:
        self[char] = is_word = is_word_char(char)
        return is_word


_WORD_CHAR = _WordChars()


def _term_matching_case(terms: tuple[Term, ...], cased: tuple[str | None, ...], original: str) -> Term | None:
    """The first term whose case rules accept the original spelling (folded without lower-casing)."""
    for term, form in zip(terms, cased):
        if form is None or original == form:
            return term
    return None


# --- reading YAML with line numbers -------------------------------------------------------------

@functools.cache
def _line_loader():
    """The YAML loader glossary files are read with, made on first use: importing PyYAML costs
    tens of milliseconds that a run reading its glossary from the compiled cache does not pay."""
    import yaml

    try:  # the C loader is several times faster on big glossaries
        base = yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - PyYAML built without libyaml
        base = yaml.SafeLoader

    class _LineLoader(base):
        """A safe loader that remembers the line of every mapping and of each of its keys."""

        def construct_mapping(self, node, deep=False):
            seen = set()
            for key_node, _ in node.value:  # YAML would keep only the last: a second `terms:` lost the first
                if not isinstance(key_node, yaml.ScalarNode):  # `? [x, y]` or `? {a: b}`: a YAML complex key
                    kind = "list" if isinstance(key_node, yaml.SequenceNode) else "mapping"
                    raise yaml.constructor.ConstructorError(
                        None, None, f"a key must be plain text, not a {kind} (a YAML complex key)", key_node.start_mark)
                key = key_node.value
                if key in seen:
                    raise yaml.constructor.ConstructorError(None, None, f"duplicate key '{key}'", key_node.start_mark)
                seen.add(key)
            mapping = super().construct_mapping(node, deep=True)
            mapping["__line__"] = node.start_mark.line + 1
            mapping["__key_lines__"] = {
                key_node.value: key_node.start_mark.line + 1 for key_node, _ in node.value if hasattr(key_node, "value")
            }
            return mapping

        def construct_yaml_int(self, node):
            # Python refuses to convert ints of over 4,300 digits with a ValueError that has no line
            if len(self.construct_scalar(node)) > 100:
                raise yaml.constructor.ConstructorError(None, None, "number too long for a glossary", node.start_mark)
            return super().construct_yaml_int(node)

    _LineLoader.add_constructor("tag:yaml.org,2002:int", _LineLoader.construct_yaml_int)
    return _LineLoader


def glossary_files(paths: list[Path] | tuple[Path, ...]) -> list[Path]:
    """The YAML files named, folders searched for *.yaml / *.yml, in a stable order."""
    return find_files(paths, ("*.yaml", "*.yml"), "glossary files", GlossaryError)


def parse_glossary_text(text: str, file: str) -> tuple[list[Term], list[LintProblem]]:
    """Terms of one YAML document, and the schema problems found; bad YAML raises GlossaryError."""
    import yaml

    try:
        data = yaml.load(text, Loader=_line_loader())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        what = error.problem or error.context or "invalid YAML"
        if "could not determine a constructor" in str(error):
            what = "tag not allowed in a glossary (files are loaded safely, tags are never executed)"
        elif "nesting depth" in what:  # PyYAML ≥ 6.0.4 limits nesting itself; older ones recurse
            what = "nested too deeply for a glossary"
        raise GlossaryError(f"invalid YAML: {what}", file=file, line=line) from None
    except yaml.reader.ReaderError as error:  # NUL or another control character: not a text file
        found = text.find(chr(error.character))  # libyaml's error.position counts bytes, not characters
        line = text[:found].count("\n") + 1 if found >= 0 else None
        raise GlossaryError(f"invalid YAML: {error.reason} (U+{error.character:04X})", file=file, line=line) from None
    except yaml.YAMLError as error:
        raise GlossaryError(f"invalid YAML: {' '.join(str(error).split())}", file=file) from None
    except RecursionError:
        raise GlossaryError("invalid YAML: nested too deeply for a glossary", file=file) from None
    if data is None:
        raise GlossaryError("empty glossary file (expected a 'terms:' list)", file=file, line=1)
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise GlossaryError("a glossary file is a mapping with a 'terms:' list", file=file, line=1)
    problems = []
    for key, line in data["__key_lines__"].items():
        if key != "terms":
            problems.append(LintProblem(file, line, "schema", f"unknown top-level key '{key}' (only 'terms')"))
    terms = []
    for item in data["terms"]:
        term, item_problems = _term_from_item(item, file, data["__line__"])
        problems.extend(item_problems)
        if term is not None:
            terms.append(term)
    return terms, problems


def _term_from_item(item, file: str, fallback_line: int) -> tuple[Term | None, list[LintProblem]]:
    if not isinstance(item, dict):
        return None, [LintProblem(file, fallback_line, "schema", "each term is a mapping with 'vi' and 'en'")]
    line = item["__line__"]
    key_lines = item["__key_lines__"]
    problems = []
    for key in key_lines:
        if key not in TERM_KEYS:
            problems.append(
                LintProblem(file, key_lines[key], "schema", f"unknown key '{key}' (allowed: {', '.join(TERM_KEYS)})")
            )
    for key in REQUIRED_KEYS:
        if key not in item:
            problems.append(LintProblem(file, line, "schema", f"missing '{key}'"))
    for key, kind in TERM_KEYS.items():
        if key in item and not isinstance(item[key], kind):
            problems.append(
                LintProblem(file, key_lines.get(key, line), "schema", f"'{key}' must be {_kind_name(kind)}")
            )
        elif kind is list and key in item and not all(isinstance(v, str) for v in item[key]):
            problems.append(LintProblem(file, key_lines.get(key, line), "schema", f"'{key}' must be a list of strings"))
    if isinstance(item.get("strictness"), str) and item["strictness"] not in STRICTNESS:
        problems.append(LintProblem(file, key_lines.get("strictness", line), "schema",
                                    f"'strictness' must be one of {', '.join(STRICTNESS)}, not {item['strictness']!r}"))
    if problems:
        return None, problems
    term = Term(
        vi=item["vi"],
        en=item["en"],
        variants=tuple(item.get("variants", ())),
        forbidden=tuple(item.get("forbidden", ())),
        case_sensitive=item.get("case_sensitive", False),
        note=item.get("note"),
        strictness=item.get("strictness", "required"),
        not_in=tuple(item.get("not_in", ())),
        title=item.get("title", False),
        file=file,
        line=line,
    )
    return term, []


def _kind_name(kind: type) -> str:
    return {str: "a string", list: "a list of strings", bool: "true or false"}[kind]


def read_glossary_text(path: Path) -> str:
    return read_utf8(path, GlossaryError, "not UTF-8 text (save the glossary as UTF-8)")


def read_glossary_file(path: Path) -> tuple[list[Term], list[LintProblem]]:
    """A glossary file's terms and the problems found in it, parsed from its YAML (no cache)."""
    return parse_glossary_text(read_glossary_text(path), str(path))


def load_glossary(paths: list[Path] | tuple[Path, ...] | Path) -> Glossary:
    """Load and validate glossary files or folders; any schema problem raises GlossaryError."""
    if isinstance(paths, (str, Path)):
        paths = [Path(paths)]
    import gc

    # A big glossary is hundreds of thousands of new objects that live as long as it and hold no
    # cycles; the cyclic collector would walk them again and again while they are made (a third
    # of a 100,000-term load).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_glossary(paths)
    finally:
        if collecting:
            gc.enable()


def _compile_text(text: str, file: str) -> tuple[object, list[Term], list[LintProblem]]:
    """One glossary file's text compiled: from the cache when stored, else parsed and, without
    problems of its own, stored (compiled, [], []); with problems (None, its terms, the problems).
    Invalid YAML raises GlossaryError. Terms name `file` as theirs."""
    from . import glossary_cache

    compiled = glossary_cache.load(text, file)
    if compiled is not None:
        return compiled, [], []
    file_terms, problems = parse_glossary_text(text, file)
    if problems:
        return None, file_terms, problems
    return glossary_cache.store(text, file_terms, [fold(t.vi) for t in file_terms],
                                [canonical_json(t) for t in file_terms]), [], []


def _compiled_text(text: str, file: str):
    """_compile_text, where a schema problem raises GlossaryError (the first one)."""
    compiled, _, problems = _compile_text(text, file)
    if compiled is None:
        first = problems[0]
        raise GlossaryError(f"{first.message} (run `vi-en glossary lint` for all problems)", first.file, first.line)
    return compiled


def _terms_of(compiled) -> list[Term]:
    from .glossary_cache import term_from_row

    return [term if isinstance(term, Term) else term_from_row(term) for term in compiled.terms]


def glossary_text_terms(text: str, file: str) -> tuple[list[Term], list[str]]:
    """The terms of one glossary file's text and their folded vi, through the compiled cache (a
    diff of a 100,000-term glossary reads two); a schema problem raises GlossaryError, as
    load_glossary does."""
    compiled = _compiled_text(text, file)
    return _terms_of(compiled), compiled.keys


def _load_glossary(paths: list[Path]) -> Glossary:
    from . import glossary_cache

    terms: list = []  # Term objects, or the compiled glossary's rows (made into Terms on first use)
    keys: list[str] = []
    canonical: list[str] | None = []
    names = []
    for file in glossary_files(paths):
        compiled = _compiled_text(read_glossary_text(file), str(file))
        terms.extend(compiled.terms)
        keys.extend(compiled.keys)
        if canonical is not None and compiled.canonical is not None:
            canonical.extend(compiled.canonical)
        else:
            canonical = None
        names.append(compiled.name)
    digest = glossary_cache.load_digest(names)
    glossary = Glossary(terms, keys, canonical, make_term=glossary_cache.term_from_row, digest=digest)
    if digest is None and all(names):
        glossary_cache.store_digest(names, glossary.digest)  # once per set of files: it needs every term
    return glossary


# --- lint ------------------------------------------------------------------------------------

class LintReport(NamedTuple):
    files: int
    terms: int
    problems: tuple[LintProblem, ...]


def lint_glossary(paths: list[Path] | tuple[Path, ...]) -> LintReport:
    """Every problem in the glossary files; unreadable or invalid YAML raises GlossaryError."""
    files = glossary_files(paths)
    terms: list[Term] = []
    problems: list[LintProblem] = []
    for file in files:
        # a file stored in the compiled cache had no problem of its own (only such files are)
        compiled, file_terms, file_problems = _compile_text(read_glossary_text(file), str(file))
        if compiled is not None:
            file_terms = _terms_of(compiled)
        terms.extend(file_terms)
        problems.extend(file_problems)
    problems.extend(lint_terms(terms))
    problems.sort(key=lambda p: (p.file, p.line))
    return LintReport(files=len(files), terms=len(terms), problems=tuple(problems))


def lint_terms(terms: list[Term]) -> list[LintProblem]:
    """Problems between and within well-formed terms."""
    problems = []
    first_by_key: dict[str, Term] = {}
    for term in terms:
        file, line = term.file or "<glossary>", term.line or 0
        for key in ("vi", "en"):
            if not getattr(term, key).strip():
                problems.append(LintProblem(file, line, "empty", f"'{key}' is empty"))
        for key in ("variants", "forbidden", "not_in"):
            if any(not v.strip() for v in getattr(term, key)):
                problems.append(LintProblem(file, line, "empty", f"'{key}' has an empty entry"))
        for key in ("vi", "en"):
            value = getattr(term, key)
            if not unicodedata.is_normalized("NFC", value):
                problems.append(LintProblem(file, line, "not-nfc", f"'{key}' {value!r} is not NFC (compose it)"))
        for bad in term.forbidden:
            if not bad.strip():
                continue
            pattern = english_pattern((bad,), term.case_sensitive)
            if any(fold(bad) == fold(form) or pattern.fullmatch(form) for form in term.accepted):
                problems.append(
                    LintProblem(file, line, "forbidden-accepted", f"'{bad}' is both forbidden and accepted")
                )
            elif any(pattern.search(form) for form in term.accepted):
                problems.append(
                    LintProblem(file, line, "forbidden-accepted", f"forbidden '{bad}' occurs inside an accepted form")
                )
        problems.extend(_strictness_problems(term, file, line))
        if not term.vi.strip():
            continue
        key = fold(term.vi)
        first = first_by_key.get(key)
        if first is None:
            first_by_key[key] = term
        elif first.en != term.en:
            problems.append(
                LintProblem(
                    file,
                    line,
                    "conflict",
                    f"'{term.vi}' is '{term.en}' here but '{first.en}' at {first.file}:{first.line}",
                )
            )
        else:
            problems.append(
                LintProblem(file, line, "duplicate", f"'{term.vi}' is already at {first.file}:{first.line}")
            )
    return problems


def _strictness_problems(term: Term, file: str, line: int) -> list[LintProblem]:
    """Problems of the fields that say how and where a term applies: strictness, not_in, title."""
    problems = []
    if term.strictness == "forbidden-only" and not term.forbidden:
        problems.append(LintProblem(file, line, "strictness",
                                    "'forbidden-only' with no forbidden forms checks nothing (add 'forbidden' or remove the term)"))
    if term.title and term.case_sensitive:
        problems.append(LintProblem(file, line, "title",
                                    "a title is not a case-sensitive name (the name it precedes is its own term)"))
    key = fold(term.vi)
    seen = set()
    for phrase in term.not_in:
        folded = fold(phrase)
        if not folded.strip() or not key.strip():
            continue
        if folded in seen:
            problems.append(LintProblem(file, line, "not-in", f"not_in '{phrase}' is listed twice"))
        seen.add(folded)
        if not _holds_words(folded, key):
            problems.append(LintProblem(file, line, "not-in",
                                        f"not_in '{phrase}' does not contain '{term.vi}' (an exception is a longer phrase holding the term)"))
        elif len(folded.split()) <= len(key.split()):
            problems.append(LintProblem(file, line, "not-in",
                                        f"not_in '{phrase}' is not longer than '{term.vi}' (it would switch the term off everywhere)"))
    return problems


def _holds_words(text: str, words: str) -> bool:
    """True when `words` occurs in `text` as whole words (both folded)."""
    start = text.find(words)
    while start >= 0:
        if at_word_boundaries(text, start, start + len(words)):
            return True
        start = text.find(words, start + 1)
    return False
