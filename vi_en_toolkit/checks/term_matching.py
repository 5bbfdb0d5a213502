"""Matching glossary terms against a translation: which terms a source holds, whether the
target renders each (accepted or forbidden English forms, found fast), and which form it used."""

from __future__ import annotations

import functools
import re

from ..glossary import Glossary, Term, english_pattern, word_forms
from .registry import CHECKS, ERROR, Finding, Problem


class _EnglishForms:
    """Term.find_accepted's regex, run only where it can match.

    Scanning a sentence with a big case-insensitive alternation costs tens of microseconds; a
    match can only start where the first word of a form starts, so we look for that word (in
    lower case; for a one-word form each of its word forms) with str.find and try the
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
            if len(words) == 1:  # the last word may be inflected (a name only by a suffix)
                anchors.update(f.lower() for f in word_forms(words[0], case_sensitive))
            else:
                anchors.add(words[0].lower())
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


def _source_terms(source: str, glossary: Glossary | None) -> list[Term]:
    """Distinct glossary terms found in the source, in order of first occurrence."""
    return glossary.distinct_terms_in(source) if glossary is not None else []


def _near_miss(term: Term, target: str) -> str | None:
    """For a name spelled wrong: the name in another case, or the closest run of words
    ("Zelensky" for "Zelenskiy"), so the editor sees what to fix."""
    import difflib

    from ..glossary import english_matches

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


def terminology_findings(source: str, target: str, glossary: Glossary | None, file: str = "", line: int = 0) -> list[Finding]:
    """The term, forbidden-term and names findings for one source/target pair."""
    return [
        Finding(file, line, source, target, check, CHECKS[check].severity if check in CHECKS else ERROR, p.message,
                p.term, p.expected, p.found)
        for check, p in terminology_problems(_source_terms(source, glossary), target)
    ]
