"""What checks know about an entry and a run, each fact computed at most once."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Iterable

from ..entries import Entry
from ..glossary import Glossary, Term, distinct_terms
from ..lazy_pattern import lazy_compile
from ..numbers import english_dates, vietnamese_dates
from ..vietnamese import fold, fold_with_offsets, has_vietnamese_letters
from .registry import Problem
from .term_matching import (
    TermOccurrences,
    _english_forms,
    _EnglishForms,
    _forms_used,
    _is_alternative_rendering,
    terminology_problems,
)


class RunContext:
    """What all entries of a run share: the glossary, the enabled checks, derived caches."""

    def __init__(self, glossary: Glossary | None, enabled: Iterable[str]):
        self.glossary = glossary
        self.enabled = frozenset(enabled)
        self._alternative_matchers: dict[int, list[tuple[str, _EnglishForms]]] = {}

    def alternative_matchers(self, term: Term) -> list[tuple[str, _EnglishForms]]:
        """A term's alternative multi-word forms with their matchers, if it has at least two;
        found when the term first occurs (for every term of a big glossary it costs more than checking)."""
        known = self._alternative_matchers.get(id(term))
        if known is None:
            forms = [f for f in term.accepted if _is_alternative_rendering(f)]
            known = [(f, _english_forms((f,), term.case_sensitive)) for f in forms] if len(forms) >= 2 else []
            self._alternative_matchers[id(term)] = known
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
    def source_folded(self) -> tuple[str, list[int] | None]:
        """fold_with_offsets(source): the glossary's terms are found in it, and it is most
        sources' source_key."""
        return fold_with_offsets(self.source)

    @_fact
    def source_spans(self) -> list[tuple[int, int, Term]]:
        """(start, end, term) of every glossary term in the source."""
        return self.run.glossary.term_spans(self.source, self.source_folded) if self.run.glossary is not None else []

    @_fact
    def source_terms(self) -> list[Term]:
        return distinct_terms(self.source_spans)

    @_fact
    def target_lower(self) -> str:
        return self.target.lower()

    @_fact
    def terminology(self) -> list[tuple[str, Problem]]:
        occurrences = TermOccurrences(self.source, self.source_spans, self.run.glossary, self.source_terms)
        return list(terminology_problems(self.source_terms, self.target, self.run.enabled, self.target_lower, occurrences))

    @_fact
    def source_dates(self):
        return vietnamese_dates(self.source) if _may_hold_vietnamese_date(self.source) else []

    @_fact
    def target_dates(self):
        return english_dates(self.target) if _may_hold_english_date(self.target) else []

    @_fact
    def source_key(self) -> str:
        """The source as compared across catalogs: folded, spacing normalized."""
        normalized = _normalized_segment(self.source)
        return self.source_folded[0] if normalized == self.source else fold(normalized)

    @_fact
    def term_forms(self) -> list[tuple[int, str]]:
        """(index in source_terms, form) for terms rendered with exactly one of several
        alternative multi-word forms (rare earths / rare earth elements)."""
        found = []
        known = self.run._alternative_matchers  # looked up here: a method call per term costs as much as the lookup
        for index, term in enumerate(self.source_terms):
            matchers = known.get(id(term))
            if matchers is None:
                matchers = self.run.alternative_matchers(term)
            if matchers:
                used = _forms_used(matchers, term.case_sensitive, self.target, self.target_lower)
                if len(used) == 1:
                    found.append((index, used[0]))
        return found


_DIGIT = lazy_compile(r"\d")
# Cheap tests that skip date parsing for most sentences (the full date patterns cost more than
# the parse they save): what numbers.py's date patterns need to find anything.
_ENGLISH_DATE_WORDS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "/")
_ENGLISH_DATE_WORD = lazy_compile("|".join(map(re.escape, _ENGLISH_DATE_WORDS)))  # one scan: faster than 13 finds
_YEAR_AFTER_IN = lazy_compile(r"[Ii]n\s\d{4}")
_YEAR_AFTER_NAM = lazy_compile(r"năm\s+\d{4}")


def _may_hold_vietnamese_date(text: str) -> bool:
    # Each form vietnamese_dates reads holds a slash, "tháng", "ngày" and a digit, or "năm" and a
    # year: "năm" (five, year) and "ngày" (day) alone are common words.
    if "/" in text:
        return True
    lower = text.lower()  # these letters compare as the date pattern's IGNORECASE compares them
    return "tháng" in lower or ("ngày" in lower and _DIGIT.search(text) is not None) or (
        "năm" in lower and _YEAR_AFTER_NAM.search(lower) is not None)


def _may_hold_english_date(text: str) -> bool:
    # a month's name, a slash, or else the only other form english_dates reads: a year after "in"
    return _ENGLISH_DATE_WORD.search(text) is not None or _YEAR_AFTER_IN.search(text) is not None


def _normalized_segment(text: str) -> str:
    return " ".join(text.split())
