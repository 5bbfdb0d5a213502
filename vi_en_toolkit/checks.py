"""Editorial QA over PO catalogs: each check is a small function from one entry to problems.

A check has a stable id and a default severity and lives in CHECKS (the registry); adding a
check is adding one function and one test table. Checks yield `Problem`s; the runner turns them
into `Finding`s with the entry's file, line, source and target, and applies the configured
severity. `run_checks` reads catalogs and runs every enabled check; rendering is report.py's job.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import re
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable

from . import __version__
from .entries import Entry, read_entries
from .errors import InputError
from .glossary import Glossary, Term, english_pattern, inflection_stem
from .numbers import (
    ORDINAL,
    english_dates,
    english_digits,
    english_figures,
    english_rendering,
    parse_english_number,
    parse_vietnamese_number,
    vietnamese_dates,
    vietnamese_figures,
)
from .vietnamese import fold, has_vietnamese_letters

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)


@dataclass(frozen=True)
class Finding:
    """One problem in one entry. The fields are the JSON output contract: keep them stable."""

    file: str
    line: int
    source: str  # the entry's msgid, exactly as in the catalog
    target: str  # the entry's msgstr, exactly as in the catalog
    check: str  # the check id ("term", "number", ...)
    severity: str  # "error" or "warning"
    message: str
    term: str | None = None  # the Vietnamese glossary term involved, if any
    expected: str | None = None  # what the target should have had
    found: str | None = None  # the offending text of the target


@dataclass(frozen=True)
class Problem:
    """What a check reports about an entry, before the runner adds where and how severe."""

    message: str
    term: str | None = None
    expected: str | None = None
    found: str | None = None


# --- terminology: term, forbidden-term, names ------------------------------------------------------

def _source_terms(source: str, glossary: Glossary | None) -> list[Term]:
    """Distinct glossary terms found in the source, in order of first occurrence."""
    return glossary.distinct_terms_in(source) if glossary is not None else []


def _near_miss(term: Term, target: str) -> str | None:
    """For a name spelled wrong: the name in another case, or the closest run of words
    ("Zelensky" for "Zelenskiy"), so the editor sees what to fix."""
    import difflib

    from .glossary import english_matches

    other_case = english_matches(term.accepted, target, case_sensitive=False)
    if other_case:
        return other_case[0].group(0)
    words = list(re.finditer(r"[\w'’.-]+", target))
    best, best_ratio = None, 0.8
    for form in term.accepted:
        size = len(form.split())
        for i in range(len(words) - size + 1):
            candidate = target[words[i].start(): words[i + size - 1].end()].rstrip(".'’")
            ratio = difflib.SequenceMatcher(None, candidate.lower(), form.lower()).ratio()
            if ratio > best_ratio:
                best, best_ratio = candidate, ratio
    return best


class _EnglishForms:
    """Term.find_accepted's regex, run only where it can match.

    Scanning a sentence with a big case-insensitive alternation costs tens of microseconds; a
    match can only start where the first word of a form starts, so we look for that word (in
    lower case; for a one-word form only the stem inflection keeps) with str.find and try the
    regex there, unless a letter or digit comes just before (every form's regex starts with a
    "not after a word character" lookbehind).
    Same regex, same answers, several times faster on a big glossary.
    """

    def __init__(self, forms: tuple[str, ...], case_sensitive: bool):
        self.pattern = english_pattern(forms, case_sensitive)
        anchors = set()
        for form in forms:
            words = [w for w in re.split(r"[\s\-‐‑]+", form.strip()) if w]
            if not words:
                continue
            first = words[0]
            if len(words) == 1 and not case_sensitive:  # the last word may be inflected
                first = inflection_stem(first)[0]
            anchors.add(first.lower())
        # a shorter anchor finds every place a longer one it starts does
        self.anchors = tuple(a for a in anchors if not any(b != a and a.startswith(b) for b in anchors))

    def occur_in(self, text: str, lower: str) -> bool:
        if len(lower) != len(text):  # lower() changed the length (rare letters): scan it all
            return self.pattern.search(text) is not None
        for anchor in self.anchors:
            index = lower.find(anchor)
            while index >= 0:
                if index:
                    before = text[index - 1]
                    if before.isalnum() or before == "_":  # what \w is: inside a word, no match here
                        index = lower.find(anchor, index + 1)
                        continue
                if self.pattern.match(text, index):
                    return True
                index = lower.find(anchor, index + 1)
        return False


@functools.lru_cache(maxsize=65536)
def _english_forms(forms: tuple[str, ...], case_sensitive: bool) -> _EnglishForms:
    return _EnglishForms(forms, case_sensitive)


def accepted_form_occurs(term: Term, target: str, lower: str | None = None) -> bool:
    """Term.is_satisfied_by(target), faster (see _EnglishForms)."""
    return _matchers(term)[0].occur_in(target, target.lower() if lower is None else lower)


_MATCHERS: dict[int, tuple[Term, _EnglishForms, _EnglishForms | None]] = {}


def _matchers(term: Term) -> tuple[_EnglishForms, _EnglishForms | None]:
    """The accepted and forbidden matchers of a term, looked up by identity (term.accepted
    builds a tuple and hashing it costs, for every term of every entry)."""
    known = _MATCHERS.get(id(term))
    if known is None or known[0] is not term:  # the term object is kept, so its id is not reused
        forbidden = _english_forms(term.forbidden, term.case_sensitive) if term.forbidden else None
        known = _MATCHERS[id(term)] = (term, _english_forms(term.accepted, term.case_sensitive), forbidden)
        if len(_MATCHERS) > 200_000:  # a cache, safe to drop
            _MATCHERS.clear()
            _MATCHERS[id(term)] = known
    return known[1], known[2]


def terminology_problems(terms: list[Term], target: str, enabled=("term", "forbidden-term", "names"),
                         lower: str | None = None):
    """(check id, Problem) pairs for the glossary terms of one source against its target
    (`lower`: target.lower(), if you have it).

    A forbidden rendering is reported once, as forbidden-term, not also as a missing term.
    """
    if lower is None:
        lower = target.lower()
    check_forbidden = "forbidden-term" in enabled
    known_matchers = _MATCHERS
    for term in terms:
        known = known_matchers.get(id(term))
        accepted, forbidden_forms = known[1:] if known is not None and known[0] is term else _matchers(term)
        forbidden = []
        if check_forbidden and forbidden_forms is not None and forbidden_forms.occur_in(target, lower):
            forbidden = term.find_forbidden(target)  # the exact rule: not inside an accepted form
        if forbidden:
            found = forbidden[0].group(0)
            yield "forbidden-term", Problem(
                f"'{found}' is a forbidden rendering of '{term.vi}' (write '{term.en}')",
                term=term.vi,
                expected=term.en,
                found=found,
            )
            continue
        check = "names" if term.case_sensitive else "term"
        if check not in enabled or accepted.occur_in(target, lower):
            continue
        forms = " / ".join(f"'{form}'" for form in term.accepted)
        if check == "names":
            near = _near_miss(term, target)
            message = f"name '{term.vi}' must be spelled exactly {forms}"
            if near:
                message += f", not '{near}'"
            yield check, Problem(message, term=term.vi, expected=term.en, found=near)
        else:
            yield check, Problem(f"'{term.vi}' must be translated as {forms}", term=term.vi, expected=term.en)


def terminology_findings(source: str, target: str, glossary: Glossary | None, file: str = "", line: int = 0) -> list[Finding]:
    """The term, forbidden-term and names findings for one source/target pair."""
    return [
        Finding(file, line, source, target, check, CHECKS[check].severity if check in CHECKS else ERROR, p.message,
                p.term, p.expected, p.found)
        for check, p in terminology_problems(_source_terms(source, glossary), target)
    ]


# --- entries and what checks know about them -----------------------------------------------------

class RunContext:
    """What all entries of a run share: the glossary, the enabled checks, derived caches."""

    def __init__(self, glossary: Glossary | None, enabled: Iterable[str]):
        self.glossary = glossary
        self.enabled = frozenset(enabled)
        self._alternative_matchers: dict[int, list[tuple[str, _EnglishForms]]] = {}

    @cached_property
    def alternative_forms(self) -> dict[int, list[str]]:
        """id(term) → its alternative multi-word forms, for terms with at least two."""
        found = {}
        for term in self.glossary or ():
            forms = [f for f in term.accepted if _is_alternative_rendering(f)]
            if len(forms) >= 2:
                found[id(term)] = forms
        return found

    def alternative_matchers(self, term: Term) -> list[tuple[str, _EnglishForms]]:
        """The alternative forms of a term with their matchers, built when the term first
        occurs (compiling them for every term of a big glossary costs more than checking)."""
        known = self._alternative_matchers.get(id(term))
        if known is None:
            forms = self.alternative_forms.get(id(term), ())
            known = self._alternative_matchers[id(term)] = [(f, _english_forms((f,), term.case_sensitive)) for f in forms]
        return known

    @cached_property
    def glossary_english_words(self) -> frozenset[str]:
        """Words of accepted English forms ("Nguyễn" in a name the desk keeps with diacritics)."""
        words = set()
        for term in self.glossary or ():
            for form in term.accepted:
                if has_vietnamese_letters(form):
                    words.update(fold(w) for w in re.findall(r"\w+", form))
        return frozenset(words)


class _fact:
    """functools.cached_property without its lock: before Python 3.12 that takes a lock on
    every first access, a cost that shows over tens of thousands of entries. An entry's facts
    are computed in one thread."""

    def __init__(self, function):
        self.function = function
        self.name = function.__name__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.function(instance)
        return value


class EntryContext:
    """One entry and the facts several checks need, each computed at most once."""

    def __init__(self, entry: Entry, run: RunContext):
        self.entry = entry
        self.run = run
        self.source = entry.source
        self.target = entry.target

    @_fact
    def source_terms(self) -> list[Term]:
        return _source_terms(self.source, self.run.glossary)

    @_fact
    def target_lower(self) -> str:
        return self.target.lower()

    @_fact
    def terminology(self) -> list[tuple[str, Problem]]:
        return list(terminology_problems(self.source_terms, self.target, self.run.enabled, self.target_lower))

    @_fact
    def source_dates(self):
        return vietnamese_dates(self.source) if _may_hold_vietnamese_date(self.source) else []

    @_fact
    def target_dates(self):
        return english_dates(self.target) if _may_hold_english_date(self.target) else []

    @_fact
    def source_key(self) -> str:
        """The source as compared across catalogs: folded, spacing normalized."""
        return fold(_normalized_segment(self.source))

    @_fact
    def term_forms(self) -> list[tuple[int, str]]:
        """(index in source_terms, form) for terms rendered with exactly one of several
        alternative multi-word forms (rare earths / rare earth elements)."""
        found = []
        alternatives = self.run.alternative_forms
        for index, term in enumerate(self.source_terms):
            if id(term) in alternatives:
                used = _forms_used(self.run.alternative_matchers(term), term.case_sensitive, self.target, self.target_lower)
                if len(used) == 1:
                    found.append((index, used[0]))
        return found


_DIGIT = re.compile(r"\d")
# Cheap tests that skip date parsing for most sentences (the full date patterns cost more than
# the parse they save): what numbers.py's date patterns need to find anything. A plain
# alternation of words is one fast scan, faster than testing the words one by one.
_VIETNAMESE_DATE_WORDS = ("tháng", "Tháng", "THÁNG", "ngày", "Ngày", "NGÀY", "năm", "Năm", "NĂM", "/")
_ENGLISH_DATE_WORDS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "/")
_VIETNAMESE_DATE_WORD = re.compile("|".join(map(re.escape, _VIETNAMESE_DATE_WORDS)))
_ENGLISH_DATE_WORD = re.compile("|".join(map(re.escape, _ENGLISH_DATE_WORDS)))


def _may_hold_vietnamese_date(text: str) -> bool:
    return _VIETNAMESE_DATE_WORD.search(text) is not None


def _may_hold_english_date(text: str) -> bool:
    return _ENGLISH_DATE_WORD.search(text) is not None or (
        ("in " in text or "In " in text) and _DIGIT.search(text) is not None)


# --- the registry -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Check:
    id: str
    severity: str
    summary: str
    function: Callable
    scope: str = "entry"  # "entry": function(EntryContext) -> problems; "run": function(contexts) -> (context, problem)
    prepare: Callable | None = None  # run scope: what to compute per entry (with the entry checks, in parallel)


CHECKS: dict[str, Check] = {}


def check(check_id: str, severity: str, summary: str, scope: str = "entry", prepare: Callable | None = None):
    """Register a check function under a stable id with its default severity."""

    def register(function):
        CHECKS[check_id] = Check(check_id, severity, summary, function, scope, prepare)
        return function

    return register


@check("untranslated", ERROR, "empty translation, or the translation is the Vietnamese source")
def check_untranslated(ctx: EntryContext):
    if not ctx.target.strip():
        yield Problem("not translated (empty translation)")
    elif ctx.target.strip() == ctx.source.strip() and has_vietnamese_letters(ctx.source):
        yield Problem("not translated (the translation is the Vietnamese source)", found=ctx.target)


@check("fuzzy", WARNING, "entry still marked fuzzy (not reviewed)")
def check_fuzzy(ctx: EntryContext):
    if ctx.entry.fuzzy:
        yield Problem("marked fuzzy: not reviewed yet")


@check("term", ERROR, "a glossary term in the source, none of its accepted English forms in the target")
def check_term(ctx: EntryContext):
    return [p for c, p in ctx.terminology if c == "term"]


@check("forbidden-term", ERROR, "a forbidden rendering of a term in the source appears in the target")
def check_forbidden_term(ctx: EntryContext):
    return [p for c, p in ctx.terminology if c == "forbidden-term"]


@check("names", ERROR, "case-sensitive glossary entries (people, institutions) spelled exactly")
def check_names(ctx: EntryContext):
    return [p for c, p in ctx.terminology if c == "names"]


@check("number", ERROR, "figures in source and target correspond (3,8 triệu = 3.8 million)")
def check_number(ctx: EntryContext):
    has_source_digits = bool(_DIGIT.search(ctx.source))
    if not has_source_digits and "thứ" not in ctx.source and not _DIGIT.search(ctx.target):
        return
    source = vietnamese_figures(ctx.source, dates=ctx.source_dates) if has_source_digits or "thứ" in ctx.source else []
    target = english_figures(ctx.target, spelled=False, dates=ctx.target_dates)
    if source and not {f.key for f in source} <= {f.key for f in target}:
        # only now is it worth reading "five" or "fifth" in the English
        target = english_figures(ctx.target, dates=ctx.target_dates)
    for figure in target:
        if figure.vietnamese_format:
            digits = _number_token(figure.text)
            fixed = english_digits(digits) or digits
            yield Problem(
                f"Vietnamese number format '{digits}' in the translation (write {fixed})",
                expected=figure.text.replace(digits, fixed, 1),
                found=figure.text,
            )
    target_keys = {f.key for f in target}
    target_years = {d.year for d in ctx.target_dates if d.year}
    missing = [
        f for f in source
        if f.key not in target_keys and not (f.kind != ORDINAL and f.value in target_years)
    ]
    digit_extras = [f for f in target if not f.spelled and not f.vietnamese_format]
    extra = []
    if digit_extras:
        source_keys = {f.key for f in source}
        date_numbers = {n for d in ctx.source_dates for n in (d.day, d.month, d.year) if n}
        words = None
        for figure in digit_extras:
            if figure.key in source_keys or (figure.kind != ORDINAL and figure.value in date_numbers):
                continue
            if words is None:
                words = {f.key for f in vietnamese_figures(ctx.source, words=True)}
            if figure.key not in words:
                extra.append(figure)
    if missing and len(extra) < len(missing):
        # A changed figure written in words ("fourth" for thứ năm) is what the missing one became.
        extra += [f for f in target if f.spelled and f.kind == ORDINAL and f.key not in {m.key for m in source}]
    missing_keys = {f.key: f for f in missing}
    for figure in list(extra):
        # "1.000" is a valid English number, but copied from Vietnamese it meant 1,000.
        digits = _number_token(figure.text)
        as_vietnamese = parse_vietnamese_number(digits)
        scale = figure.value / (parse_english_number(digits) or 1)  # 1.000 million: the magnitude
        if as_vietnamese is not None and (figure.kind, as_vietnamese * scale) in missing_keys:
            meant = missing_keys.pop((figure.kind, as_vietnamese * scale))
            missing.remove(meant)
            extra.remove(figure)
            yield Problem(
                f"Vietnamese number format '{digits}' in the translation (the source means {english_rendering(meant)})",
                expected=english_rendering(meant),
                found=figure.text,
            )
    for want, have in zip(missing, extra):
        yield Problem(
            f"figure '{want.text}' ({english_rendering(want)}) does not match '{have.text}' in the translation",
            expected=english_rendering(want),
            found=have.text,
        )
    for want in missing[len(extra):]:
        yield Problem(
            f"figure '{want.text}' ({english_rendering(want)}) is missing from the translation",
            expected=english_rendering(want),
        )
    for have in extra[len(missing):]:
        yield Problem(f"figure '{have.text}' in the translation is not in the source", found=have.text)


def _number_token(text: str) -> str:
    found = re.search(r"\d+(?:[.,]\d+)*", text)
    return found.group(0) if found else text


@check("date", ERROR, "months, days and years correspond (giữa tháng 4 = mid-April)")
def check_date(ctx: EntryContext):
    source_dates, target_dates = ctx.source_dates, ctx.target_dates
    if not source_dates and not target_dates:
        return
    target_text_years = {int(y) for y in re.findall(r"(?<!\d)\d{4}(?!\d)", ctx.target)}
    used = set()
    missing = []
    for date in source_dates:
        if date.month is None and date.day is None:
            if date.year not in target_text_years:
                missing.append((date, None))
            continue
        same_day = [i for i, t in enumerate(target_dates) if t.month == date.month and t.day == date.day]
        exact = [i for i in same_day if target_dates[i].part == date.part]
        if exact:
            used.update(exact)
            if date.year and date.year not in target_text_years:
                missing.append((date, None))
        elif same_day:
            used.update(same_day)
            missing.append((date, target_dates[same_day[0]]))
        else:
            missing.append((date, None))
    source_numbers = {int(n) for n in re.findall(r"(?<!\d)\d{1,4}(?!\d)", ctx.source)}
    source_months = {d.month for d in source_dates if d.month}
    extra = [
        t for i, t in enumerate(target_dates)
        if i not in used
        and not (t.month is None and t.year in source_numbers)
        and not (t.month in source_months and t.day is None and not t.part)
    ]
    for date, have in missing:
        have = have or (extra.pop(0) if extra else None)
        if have is not None:
            yield Problem(
                f"date '{date.text}' ({date.describe()}) does not match '{have.text}' in the translation",
                expected=date.describe(), found=have.text,
            )
        else:
            yield Problem(f"date '{date.text}' ({date.describe()}) is missing from the translation",
                          expected=date.describe())
    for have in extra:
        yield Problem(f"date '{have.text}' in the translation is not in the source", found=have.text)


_VIETNAMESE_ONLY = re.compile("[đĐơƠưƯăĂĩĨũŨỹỸẽẼ\u0309\u0323\u031b\u0306]|[\u0302][\u0300\u0301\u0309\u0303\u0323]")
_WORD = re.compile(r"\w+")


def _is_vietnamese_word(word: str, source_folded: str) -> bool:
    """A word only Vietnamese writes (đ, ơ, ư, ă, ả, ạ, ề…), or a lower-case one with diacritics
    copied from the source (châu); "café" or "São" are not Vietnamese."""
    import unicodedata

    if word.isascii():
        return False
    decomposed = unicodedata.normalize("NFD", word)
    if _VIETNAMESE_ONLY.search(decomposed) or _VIETNAMESE_ONLY.search(word):
        return True
    if word[0].isupper():
        return False  # São, Curaçao: a name other languages write too
    return has_vietnamese_letters(word) and re.search(rf"(?<!\w){re.escape(fold(word))}(?!\w)", source_folded) is not None


@check("source-left", ERROR, "Vietnamese left in the English target")
def check_source_left(ctx: EntryContext):
    target = ctx.target
    if target.isascii():
        return
    source_folded = fold(ctx.source)
    allowed = ctx.run.glossary_english_words
    flagged = [
        m for m in _WORD.finditer(target)
        if fold(m.group(0)) not in allowed and _is_vietnamese_word(m.group(0), source_folded)
    ]
    runs: list[list[re.Match]] = []
    for word in flagged:
        if runs and len(_WORD.findall(target[runs[-1][-1].end():word.start()])) <= 1:
            runs[-1].append(word)
        else:
            runs.append([word])
    source_words = set(_WORD.findall(source_folded)) if runs else set()
    words = list(_WORD.finditer(target))
    position = {m.start(): i for i, m in enumerate(words)}
    for run in runs:
        # Widen to the plain-ASCII syllables beside it that come from the source ("khai khoáng").
        first, last = position[run[0].start()], position[run[-1].start()]
        while first > 0 and fold(words[first - 1].group(0)) in source_words and words[first - 1].group(0).islower():
            first -= 1
        while last + 1 < len(words) and fold(words[last + 1].group(0)) in source_words and words[last + 1].group(0).islower():
            last += 1
        text = target[words[first].start():words[last].end()]
        terms = ctx.run.glossary.find_terms(text) if ctx.run.glossary else []
        if terms:
            term = terms[0].term
            yield Problem(f"Vietnamese left in the translation: '{text}' (glossary: '{term.vi}' → '{term.en}')",
                          term=term.vi, expected=term.en, found=text)
        else:
            yield Problem(f"Vietnamese left in the translation: '{text}'", found=text)


@check("doubled-word", WARNING, "the same word twice in a row (the the)")
def check_doubled_word(ctx: EntryContext):
    for match in _DOUBLED.finditer(ctx.target):
        if match.group(1).lower() not in _DOUBLING_ALLOWED and not match.group(1).isdigit():
            yield Problem(f"doubled word '{match.group(0)}'", expected=match.group(1), found=match.group(0))


_DOUBLED = re.compile(r"(?<!\w)(\w+)\s+\1(?!\w)", re.IGNORECASE)
_DOUBLING_ALLOWED = {"had", "that"}  # "had had", "that that" are good English


def _balanced(text: str, pairs: tuple[tuple[str, str], ...], symmetric: str = "") -> bool:
    for opening, closing in pairs:
        if opening not in text and closing not in text:
            continue
        depth = 0
        for char in text:
            if char == opening:
                depth += 1
            elif char == closing:
                depth -= 1
                if depth < 0:
                    return False
        if depth:
            return False
    return all(text.count(char) % 2 == 0 for char in symmetric)


_BRACKETS = (("(", ")"), ("[", "]"), ("{", "}"))
_QUOTES = (("“", "”"), ("«", "»"), ("‘", "’"))
_BRACKET_CHARS = re.compile(r"[()\[\]{}]")
_QUOTE_CHARS = re.compile("[\"“”«»]")


@check("brackets", WARNING, "brackets balanced in the target when they are in the source")
def check_brackets(ctx: EntryContext):
    if _BRACKET_CHARS.search(ctx.target) and _balanced(ctx.source, _BRACKETS) and not _balanced(ctx.target, _BRACKETS):
        yield Problem("unbalanced brackets in the translation", found="".join(_BRACKET_CHARS.findall(ctx.target)))


@check("quotes", WARNING, "quotation marks balanced in the target when they are in the source")
def check_quotes(ctx: EntryContext):
    if not _QUOTE_CHARS.search(ctx.target):
        return
    # ’ doubles as the apostrophe, so only “ ” « » and straight double quotes are counted.
    pairs = _QUOTES[:2]
    if _balanced(ctx.source, pairs, '"') and not _balanced(ctx.target, pairs, '"'):
        yield Problem("unbalanced quotation marks in the translation", found="".join(_QUOTE_CHARS.findall(ctx.target)))


@check("double-space", WARNING, "two spaces in a row inside the target")
def check_double_space(ctx: EntryContext):
    inner = ctx.target.strip()
    if "  " in inner and "  " not in ctx.source.strip():
        position = inner.index("  ")
        yield Problem("double space in the translation", found=inner[max(0, position - 15):position + 17])


@check("whitespace", WARNING, "leading and trailing whitespace the same as the source's")
def check_whitespace(ctx: EntryContext):
    source, target = ctx.source, ctx.target
    if not target:
        return
    for where, src, tgt in (
        ("starts", source[: len(source) - len(source.lstrip())], target[: len(target) - len(target.lstrip())]),
        ("ends", source[len(source.rstrip()):], target[len(target.rstrip()):]),
    ):
        if src != tgt:
            if not src:
                message = f"the translation {where} with whitespace {tgt!r}, the source does not"
            elif not tgt:
                message = f"the source {where} with whitespace {src!r}, the translation does not"
            else:
                message = f"the source {where} with whitespace {src!r}, the translation with {tgt!r}"
            yield Problem(message, expected=src, found=tgt)


_URL_OR_EMAIL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>\"“”]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)


@check("urls", ERROR, "URLs and e-mail addresses of the source kept in the target")
def check_urls(ctx: EntryContext):
    if "@" not in ctx.source and "://" not in ctx.source and "www." not in ctx.source:
        return
    for match in _URL_OR_EMAIL.finditer(ctx.source):
        address = match.group(0).rstrip(".,;:!?)]’'")
        if address not in ctx.target:
            yield Problem(f"'{address}' is missing from the translation", expected=address)


def _normalized_segment(text: str) -> str:
    return " ".join(text.split())


def _prepare_consistency(ctx: EntryContext) -> None:
    ctx.source_key, ctx.term_forms  # noqa: B018 (computed now, cached on the entry)


@check("inconsistent", WARNING, "same source translated differently; a term rendered with different forms in one document",
       scope="run", prepare=_prepare_consistency)
def check_inconsistent(contexts: list[EntryContext]):
    yield from _same_source_different_targets(contexts)
    yield from _term_forms_differ_in_a_document(contexts)


def _same_source_different_targets(contexts):
    groups: dict[str, list[EntryContext]] = defaultdict(list)
    for ctx in contexts:
        if ctx.target.strip() and ctx.source.strip():
            groups[ctx.source_key].append(ctx)
    for group in groups.values():
        if len(group) < 2:
            continue
        counts = Counter(_normalized_segment(c.target) for c in group)
        if len(counts) < 2:
            continue
        usual = counts.most_common(1)[0][0]
        where = next(c for c in group if _normalized_segment(c.target) == usual)
        for ctx in group:
            if _normalized_segment(ctx.target) != usual:
                yield ctx, Problem(
                    f"translated differently at {where.entry.file}:{where.entry.line}: '{usual}'",
                    expected=usual, found=ctx.target,
                )


def _is_alternative_rendering(form: str) -> bool:
    """Forms worth keeping consistent: multi-word renderings (rare earths / rare earth elements).
    Single-word variants are mostly grammar (cooperate / cooperation, mined / mining) and
    abbreviations are style (U.S. as adjective, United States as noun): neither is inconsistency."""
    return len(form.split()) >= 2 and any(c.islower() for c in form)


def _forms_used(forms: list[tuple[str, _EnglishForms]], case_sensitive: bool, target: str, lower: str) -> list[str]:
    """The forms (given with their matchers) found in target, not counting one found only
    inside a longer one ("rare earth" inside "rare earth elements")."""
    present = [f for f, matcher in forms if matcher.occur_in(target, lower)]
    if len(present) < 2:
        return present
    spans = {f: [m.span() for m in english_pattern((f,), case_sensitive).finditer(target)] for f in present}
    every_span = [span for own in spans.values() for span in own]

    def inside_longer(span):
        return any(a <= span[0] and span[1] <= b and (a, b) != span for a, b in every_span)

    return [form for form, own in spans.items() if any(not inside_longer(span) for span in own)]


def _term_forms_differ_in_a_document(contexts):
    # keyed by id(term): hashing a frozen Term hashes all its fields, for every entry
    by_file_term: dict[tuple[str, int], tuple[Term, list[tuple[EntryContext, str]]]] = {}
    for ctx in contexts:
        for index, form in ctx.term_forms:
            term = ctx.source_terms[index]
            by_file_term.setdefault((ctx.entry.file, id(term)), (term, []))[1].append((ctx, form))
    for term, uses in by_file_term.values():
        counts = Counter(form for _, form in uses)
        if len(counts) < 2:
            continue
        usual = counts.most_common(1)[0][0]
        for ctx, form in uses:
            if form != usual:
                yield ctx, Problem(
                    f"'{term.vi}' is '{form}' here but '{usual}' elsewhere in this document",
                    term=term.vi, expected=usual, found=form,
                )


# --- configuration and running ---------------------------------------------------------------------

@dataclass(frozen=True)
class CheckConfig:
    """[tool.vi-en.check] of pyproject.toml: which checks run and at what severity."""

    enable: tuple[str, ...] | None = None
    disable: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    file: str | None = None


def find_pyproject(start: Path | None = None) -> Path | None:
    """The nearest pyproject.toml in the folder or its parents, as tools like ruff look for it."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / "pyproject.toml").is_file():
            return candidate / "pyproject.toml"
    return None


def load_check_config(pyproject: Path | None) -> CheckConfig:
    if pyproject is None:
        return CheckConfig()
    try:
        data = tomllib.loads(Path(pyproject).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        raise InputError(f"invalid TOML: {error}", file=pyproject, line=int(found.group(1)) if found else None) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read: {error}", file=pyproject) from None
    table = data.get("tool", {}).get("vi-en", {}).get("check", {})
    if not isinstance(table, dict):
        raise InputError("[tool.vi-en.check] must be a table", file=pyproject)
    unknown = set(table) - {"enable", "disable", "severity"}
    if unknown:
        raise InputError(f"unknown key(s) in [tool.vi-en.check]: {', '.join(sorted(unknown))} "
                         "(allowed: enable, disable, severity)", file=pyproject)
    for key in ("enable", "disable"):
        if key in table and not (isinstance(table[key], list) and all(isinstance(v, str) for v in table[key])):
            raise InputError(f"[tool.vi-en.check] {key} must be a list of check ids", file=pyproject)
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise InputError("[tool.vi-en.check] severity must be a table: check id = \"error\" or \"warning\"", file=pyproject)
    enable = table.get("enable")
    config = CheckConfig(
        enable=tuple(enable) if enable is not None else None,
        disable=tuple(table.get("disable", ())),
        severity=tuple(severity.items()),
        file=str(pyproject),
    )
    _validate_ids([*(config.enable or ()), *config.disable, *(k for k, _ in config.severity)], config.file)
    for check_id, level in config.severity:
        if level not in SEVERITIES:
            raise InputError(f"severity of '{check_id}' must be \"error\" or \"warning\", not {level!r}", file=pyproject)
    return config


def _validate_ids(ids: Iterable[str], file: str | None = None) -> None:
    for check_id in ids:
        if check_id not in CHECKS:
            raise InputError(f"unknown check '{check_id}' (known: {', '.join(CHECKS)})", file=file)


def selected_checks(config: CheckConfig = CheckConfig(), enable=None, disable=None) -> tuple[str, ...]:
    """Check ids to run: --enable (or the config's enable) if given, else all; minus disabled."""
    _validate_ids([*(enable or ()), *(disable or ())])
    chosen = enable or config.enable or tuple(CHECKS)
    off = set(disable or ()) | (set(config.disable) - set(enable or ()))
    return tuple(c for c in CHECKS if c in chosen and c not in off)


@dataclass(frozen=True)
class CheckRun:
    """The outcome of checking catalogs, with the stamp that makes a report reproducible."""

    findings: tuple[Finding, ...]
    files: int
    entries: int
    checks: tuple[str, ...] = ()
    glossary_digest: str | None = None
    glossary_terms: int = 0
    version: str = __version__
    file_names: tuple[str, ...] = ()
    entry_list: tuple[Entry, ...] = field(default=(), repr=False)

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == WARNING for f in self.findings)

    @property
    def stamp(self) -> str:
        glossary = f"glossary:{self.glossary_digest}({self.glossary_terms} terms)" if self.glossary_digest else "glossary:none"
        return f"vi-en {self.version} | {glossary} | checks:{','.join(self.checks)}"


# When an entry is empty or untranslated, other checks would only repeat that.
_STILL_RUN_WHEN_UNTRANSLATED = {"untranslated", "fuzzy"}


def check_entries(entries: Iterable[Entry], glossary: Glossary | None, checks: Iterable[str] | None = None,
                  severity: dict[str, str] | None = None, jobs: int | None = None) -> list[Finding]:
    """Run checks over entries (from any number of catalogs) and return findings in entry order.

    Big runs (PARALLEL_FROM entries or more) are split between `jobs` processes (default: the
    CPUs available) where the platform can fork; the findings are the same either way.
    """
    ids = tuple(checks) if checks is not None else tuple(CHECKS)
    _validate_ids(ids)
    with _no_cyclic_gc():
        return _check_entries(entries, glossary, ids, severity or {}, jobs)


@contextlib.contextmanager
def _no_cyclic_gc():
    """Reading and checking make many objects that live to the end of the run and no reference
    cycles worth collecting; the cyclic collector would walk all of them again and again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check_entries(entries, glossary, ids, severity, jobs) -> list[Finding]:
    run = RunContext(glossary, ids)
    contexts = [EntryContext(entry, run) for entry in entries]
    entry_checks = [CHECKS[i] for i in ids if CHECKS[i].scope == "entry"]
    entry_checks += [CHECKS[i] for i in ids if CHECKS[i].prepare is not None]
    jobs = _usable_jobs(jobs, len(contexts))
    if jobs > 1:
        found = _entry_problems_in_processes(contexts, entry_checks, glossary, jobs)
    else:
        found = _entry_problems(contexts, entry_checks, 0, len(contexts))
    for chk in (CHECKS[i] for i in ids if CHECKS[i].scope == "run"):
        index = {id(ctx): i for i, ctx in enumerate(contexts)}
        for ctx, problem in chk.function([c for c in contexts if c.target.strip()]):
            found.append((index[id(ctx)], chk.id, problem))
    check_order = {c: i for i, c in enumerate(CHECKS)}
    found.sort(key=lambda item: (item[0], check_order[item[1]]))
    findings = []
    for i, check_id, p in found:
        entry = contexts[i].entry
        findings.append(Finding(entry.file, entry.line, entry.source, entry.target, check_id,
                                severity.get(check_id, CHECKS[check_id].severity), p.message, p.term, p.expected, p.found))
    return findings


def _entry_problems(contexts: list[EntryContext], entry_checks: list[Check], start: int, end: int):
    """(entry index, check id, problem) for the entry-scope checks of contexts[start:end].

    Check by check, not entry by entry: one check's code and data (the glossary's automaton, the
    figure patterns) stay in the CPU's caches over all entries (about 10 % faster on big runs).
    The order found does not matter: check_entries sorts by entry, then check.
    """
    found = []
    untranslated = CHECKS["untranslated"].function
    every = range(start, end)
    translated = [i for i in every if not any(True for _ in untranslated(contexts[i]))]
    with_target = [i for i in every if contexts[i].target.strip()]
    for chk in entry_checks:
        function, check_id = chk.function, chk.id
        if chk.prepare is not None:
            for index in with_target:
                chk.prepare(contexts[index])
            continue
        for index in every if check_id in _STILL_RUN_WHEN_UNTRANSLATED else translated:
            for problem in function(contexts[index]) or ():
                found.append((index, check_id, problem))
    return found


PARALLEL_FROM = 20_000  # below this, starting processes costs more than it saves


def _usable_jobs(jobs: int | None, entries: int) -> int:
    import multiprocessing
    import os

    if entries < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if jobs is None:
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(jobs, 8))


# What forked workers inherit (set just before the fork, dropped after): nothing is pickled
# on the way in, and only problems and term positions come back.
_FORKED: tuple | None = None


def _work_on(bounds: tuple[int, int]):
    contexts, entry_checks, positions = _FORKED
    start, end = bounds
    problems = _entry_problems(contexts, entry_checks, start, end)
    facts = []  # what the run-scope checks need, so the parent does not compute it again
    for ctx in contexts[start:end]:
        known = ctx.__dict__
        terms = [positions[id(t)] for t in known["source_terms"]] if "source_terms" in known else None
        facts.append((terms, known.get("source_key"), known.get("term_forms")))
    return problems, facts


def _entry_problems_in_processes(contexts, entry_checks, glossary, jobs):
    import multiprocessing
    import signal
    import threading

    global _FORKED
    terms = glossary.terms if glossary is not None else ()
    _FORKED = (contexts, entry_checks, {id(t): i for i, t in enumerate(terms)})
    size = -(-len(contexts) // (jobs * 4))  # several chunks a process, so none waits long for another
    chunks = [(start, min(start + size, len(contexts))) for start in range(0, len(contexts), size)]
    try:
        # Ctrl-C stops the run in this process; workers ignore it rather than each print a traceback.
        # They are forked with SIGINT already ignored: a worker interrupted before it could ignore
        # it would die holding the task queue's lock, and the pool would then hang on shutdown.
        in_main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if in_main_thread else None
        try:
            pool = multiprocessing.get_context("fork").Pool(jobs, signal.signal, (signal.SIGINT, signal.SIG_IGN))
        finally:
            if in_main_thread:
                signal.signal(signal.SIGINT, previous)
        with pool:
            results = pool.map(_work_on, chunks)
    finally:
        _FORKED = None
    found = []
    for (start, _), (problems, facts) in zip(chunks, results):
        found.extend(problems)
        for offset, (positions, source_key, term_forms) in enumerate(facts):
            known = contexts[start + offset].__dict__  # cached_property values, as if computed here
            if positions is not None:
                known["source_terms"] = [terms[p] for p in positions]
            if source_key is not None:
                known["source_key"] = source_key
            if term_forms is not None:
                known["term_forms"] = term_forms
    return found


def run_checks(paths, glossary: Glossary | None, enable=None, disable=None, config: CheckConfig = CheckConfig(),
               jobs: int | None = None) -> CheckRun:
    """Read the PO catalogs at paths (files or folders) and run the selected checks on them
    (big runs in `jobs` processes, see check_entries)."""
    from .catalog import catalog_files

    ids = selected_checks(config, enable, disable)
    files = catalog_files(paths)
    entries: list[Entry] = []
    with _no_cyclic_gc():  # the entries live to the end of the run
        for path in files:
            entries.extend(read_entries(path))
    findings = check_entries(entries, glossary, ids, dict(config.severity), jobs=jobs)
    return CheckRun(
        findings=tuple(findings),
        files=len(files),
        entries=len(entries),
        checks=ids,
        glossary_digest=glossary.digest if glossary is not None else None,
        glossary_terms=len(glossary) if glossary is not None else 0,
        file_names=tuple(str(f) for f in files),
        entry_list=tuple(entries),
    )


DEFAULT_GLOSSARY = Path("glossary")


def split_check_ids(ids) -> list[str] | None:
    """Check ids given as repeated options, comma-separated, or both."""
    return [i.strip() for item in ids for i in item.split(",") if i.strip()] if ids else None


def check_catalogs(paths, glossary_path: Path | None = None, enable=None, disable=None, jobs: int | None = None,
                   outputs: dict[str, Path | None] | None = None, other_inputs=()) -> tuple[CheckRun, list[str]]:
    """run_checks as `vi-en check` runs it: settings from the nearest pyproject.toml, the glossary
    from glossary/ unless another is named, and no output (by option name) allowed over a file the
    run reads (catalogs, glossary, other_inputs such as a baseline). Returns the run and notes."""
    from .catalog import catalog_files
    from .files import refuse_output_over_input
    from .glossary import glossary_files, load_glossary

    config = load_check_config(find_pyproject())
    no_glossary = glossary_path is None and not DEFAULT_GLOSSARY.exists()
    glossary_path = glossary_path or DEFAULT_GLOSSARY
    files = catalog_files(paths)
    inputs = [*files, *([] if no_glossary else glossary_files([glossary_path])), *other_inputs]
    for option, output in (outputs or {}).items():
        refuse_output_over_input(output, inputs, option)
    glossary = None if no_glossary else load_glossary(glossary_path)
    run = run_checks(files, glossary, enable=split_check_ids(enable), disable=split_check_ids(disable), config=config, jobs=jobs)
    notes = ["no glossary/ here and no --glossary: term, forbidden-term and names checks find nothing"] if no_glossary else []
    return run, notes
