"""Matching glossary terms against a translation: which terms a source holds, whether the
target renders each (accepted or forbidden English forms, found fast), and which form it used."""

from __future__ import annotations

import functools
import os
import re
import weakref

from ..glossary import (
    Glossary,
    Term,
    distinct_terms,
    english_form_regex,
    english_pattern,
    english_words,
    word_forms,
)
from ..lazy_pattern import lazy_compile
from .registry import CHECKS, ERROR, WARNING, Finding, Problem, finding_severity


class _EnglishForms:
    """Term.find_accepted's regex, run only where it can match.

    Scanning a sentence with a big case-insensitive alternation costs tens of microseconds; a
    match can only start where the first word of a form starts, so we look for that word (in
    lower case; for a one-word form each of its word forms) with str.find and try the
    regex there, unless a letter or digit comes just before (every form's regex starts with a
    "not after a word character" lookbehind).
    There a form written with single spaces, found as it is (in lower case unless a name), is a
    match without the regex; otherwise the regex tried holds only the forms that can start there
    (those whose word the find found) and is compiled when first tried. A one-entry check compiled
    a dozen big alternations, most of them for forms its text holds as written or not at all.
    Same answers as the whole regex, several times faster on a big glossary.
    """

    def __init__(self, forms: tuple[str, ...], case_sensitive: bool):
        self.forms, self.case_sensitive = forms, case_sensitive
        found_by: dict[str, set[str]] = {}  # anchor → the forms it finds
        written: dict[str, list[str]] = {}  # form → as written
        whole: set[str] = set()  # forms written in every form of their last word (all ASCII)
        for form in forms:
            words = english_words(form)
            written[form] = self._as_written(words)
            if not words:
                continue
            if len(written[form]) == len(word_forms(words[-1], case_sensitive)):
                whole.add(form)
            if len(words) == 1:  # the last word may be inflected (a name only by a suffix)
                inflected = [f.lower() for f in word_forms(words[0], case_sensitive)]
                shared = os.path.commonprefix(inflected)
                # one find for the stem they share (assault-ed, -ing), unless it is too short to be selective
                anchors = [shared] if len(shared) >= 4 or len(inflected) == 1 else inflected
            else:
                anchors = [words[0].lower()]
            for anchor in anchors:
                found_by.setdefault(anchor, set()).add(form)
        # a shorter anchor finds every place a longer one it starts does, and tries its forms there too
        anchors = []
        for anchor in found_by:
            if any(other != anchor and anchor.startswith(other) for other in found_by):
                continue
            here = set().union(*(fs for other, fs in found_by.items() if other.startswith(anchor)))
            found = tuple(f for f in forms if f in here)
            as_written = tuple(text for f in found for text in written[f])
            # Where the text next to an anchor is plain (see _plain), these forms match only as
            # written: the regex needs no compiling there. 0 when a form has a variant not written.
            plain_span = max(map(len, as_written)) if all(f in whole for f in found) else 0
            anchors.append((anchor, found, as_written, plain_span))
        self.anchors = tuple(anchors)
        # the one anchor where there is one (every text that holds a form holds it), else "" (all texts)
        self.anchor = anchors[0][0] if len(anchors) == 1 else ""
        self._patterns: dict[str, re.Pattern] = {}

    def _as_written(self, words: list[str]) -> list[str]:
        """A form (its words) as plain text its regex matches: words joined by one space, the last
        in each of its word forms; in lower case unless case-sensitive, and ASCII only (where
        lower() and the regex's case-insensitive comparison agree)."""
        written = []
        for last in word_forms(words[-1], self.case_sensitive) if words else ():
            text = " ".join([*words[:-1], last])
            text = text if self.case_sensitive else text.lower()
            if text.isascii():
                written.append(text)
        return written

    @functools.cached_property
    def pattern(self) -> re.Pattern:
        return english_pattern(self.forms, self.case_sensitive)

    def occur_in(self, text: str, lower: str) -> bool:
        if len(lower) != len(text):  # lower() changed the length (rare letters): scan it all
            return self.pattern.search(text) is not None
        # (_folds_beyond_lower inline: this runs for every term of every entry, most targets are ASCII)
        if not self.case_sensitive and not lower.isascii() and _BEYOND_LOWER.search(lower) is not None:
            return self.pattern.search(text) is not None
        cased = text if self.case_sensitive else lower
        for anchor, forms, as_written, plain_span in self.anchors:
            index = lower.find(anchor)
            while index >= 0:
                if index:
                    before = text[index - 1]
                    if before.isalnum() or before == "_":  # what \w is: inside a word, no match here
                        index = lower.find(anchor, index + 1)
                        continue
                for written in as_written:
                    if cased.startswith(written, index):
                        end = index + len(written)
                        if end == len(text) or not (text[end].isalnum() or text[end] == "_"):
                            return True
                if plain_span and _plain(text, index, plain_span):
                    index = lower.find(anchor, index + 1)
                    continue
                pattern = self._patterns.get(anchor)
                if pattern is None:
                    pattern = self._patterns[anchor] = english_pattern(forms, self.case_sensitive)
                if pattern.match(text, index):
                    return True
                index = lower.find(anchor, index + 1)
        return False

    def count_in(self, text: str, lower: str) -> int:
        """len(pattern.findall(text)), faster (see spans_in): a term the source repeats is counted
        in every entry that holds it twice."""
        return len(self.spans_in(text, lower))

    def spans_in(self, text: str, lower: str) -> list[tuple[int, int]]:
        """The spans of pattern.finditer(text), trying the regex only where an anchor starts: a
        big alternation scanned position by position costs about 0.2 ms a sentence."""
        if len(lower) != len(text) or (not self.case_sensitive and _folds_beyond_lower(lower)):
            return [m.span() for m in self.pattern.finditer(text)]
        starts = set()
        for anchor, *_ in self.anchors:
            index = lower.find(anchor)
            while index >= 0:
                starts.add(index)
                index = lower.find(anchor, index + 1)
        spans, taken_until = [], 0
        for index in sorted(starts):  # as finditer scans: each match from where the one before ended
            if index >= taken_until:
                found = self.pattern.match(text, index)
                if found is not None:
                    spans.append(found.span())
                    taken_until = found.end()
        return spans


def _plain(text: str, start: int, length: int) -> bool:
    """Whether text[start:start + length] is ASCII with no gap between words but single spaces (no
    hyphen, tab, line break or double space). A form's regex joins its words by any run of spaces
    and hyphens and ignores case as re does; over such text it matches only what its form
    written with single spaces, in lower case, matches."""
    region = text[start:start + length]
    return region.isascii() and region.isprintable() and "-" not in region and "  " not in region


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


def _near_miss(term: Term, target: str, occurrences: TermOccurrences | None = None) -> str | None:
    """For a name spelled wrong: the name in another case, or the closest run of words
    ("Zelensky" for "Zelenskiy"), so the editor sees what to fix; never inside the rendering of
    another of the source's terms ("Korea" in "North Korea" is no misspelt "Korean")."""
    import difflib

    taken = _renderings(target, occurrences, but=term) if occurrences is not None else []

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    # in any case, but a name's forms as a name takes them: inflected as a common word, they would
    # load lemminflect (0.75 s) to spell a hint in a run that needs only the compiled glossary's forms
    in_any_case = english_pattern(term.accepted, False, inflect=False)
    other_case = [m for m in in_any_case.finditer(target) if free(*m.span())]
    if other_case:
        return other_case[0].group(0)
    words = list(re.finditer(r"[\w'’.-]+", target))
    best, best_ratio = None, 0.8
    for form in term.accepted:
        size = len(form.split())
        for i in range(len(words) - size + 1):
            if not free(words[i].start(), words[i + size - 1].end()):
                continue
            candidate = target[words[i].start(): words[i + size - 1].end()].rstrip(".'’")
            ratio = difflib.SequenceMatcher(None, candidate.lower(), form.lower()).ratio()
            if ratio > best_ratio:
                best, best_ratio = candidate, ratio
    return best


class TermOccurrences:
    """Where the glossary terms stand in one source: how often each occurs, and what follows a
    title. Built from Glossary.term_spans; asked only on the rare paths (a forbidden word found,
    a term repeated or missing)."""

    def __init__(self, source: str, spans: list[tuple[int, int, Term]], glossary: Glossary | None = None,
                 terms: list[Term] | None = None):
        """`terms`: distinct_terms(spans), if you have it (counting them again costs, for every entry)."""
        self.source = source
        self.spans = spans
        self.glossary = glossary
        self.repeats = len(terms if terms is not None else distinct_terms(spans)) < len(spans)
        self._counts: dict[int, int] | None = None
        self._names: dict[int, list[str]] = {}  # names_after by term: enforcement asks once per candidate

    def count(self, term: Term) -> int:
        if self._counts is None:  # asked for every term of a source that repeats one: count once
            self._counts = {}
            for _, _, t in self.spans:
                self._counts[id(t)] = self._counts.get(id(t), 0) + 1
        return self._counts.get(id(term), 1)

    def names_after(self, term: Term) -> list[str]:
        """The name words that follow each occurrence of a title (tổng thống Donald Trump:
        Donald, Trump): capitalised words up to the end of the name."""
        known = self._names.get(id(term))
        if known is None:
            known = self._names[id(term)] = self._names_after(term)
        return known

    def _names_after(self, term: Term) -> list[str]:
        words = []
        for _, end, t in self.spans:
            if t is not term:
                continue
            # up to five capitalised words: a country may stand between (Tổng thống Hàn Quốc Moon Jae-in)
            for _ in range(5):
                word = _NEXT_WORD.match(self.source, end)
                if word is None or not word.group(1)[0].isupper():
                    break
                if len(word.group(1)) > 1:
                    words.append(word.group(1))
                end = word.end()
        return words


_NEXT_WORD = lazy_compile(r"\s+([\w'’-]+)")


@functools.lru_cache(maxsize=4096)  # enforcement asks for each title of a segment about the same candidates
def _without_diacritics(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _name_rendered(term: Term, target: str, occurrences: TermOccurrences) -> bool:
    """Whether one of the words of the name after the title stands in the target as a word
    (diacritics optional: Nguyễn or Nguyen), and not behind another title (Foreign Minister Kim
    for tổng thống Kim is a wrong title, not a dropped one)."""
    words = occurrences.names_after(term)
    if not words:
        return False
    plain = _without_diacritics(target)
    plain_words = [_without_diacritics(w) for w in words]
    for word in plain_words:
        for found in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", plain):
            before = plain[:found.start()].rstrip()
            while before.endswith(tuple(plain_words)):  # from the name's first word (Prime Minister Le Minh)
                before = before[: before.rfind(" ") + 1].rstrip() if " " in before else ""
            if not _behind_another_title(term, before, occurrences):
                return True
    return False


def _behind_another_title(term: Term, before: str, occurrences: TermOccurrences) -> bool:
    """Whether `before` ends with a capitalised English form of another term (or name) of the
    term's glossary file that renders none of the source's terms: a title written before a name."""
    glossary = occurrences.glossary
    pattern = _file_forms_pattern(glossary, term.file, names=True) if glossary is not None and term.file else None
    if pattern is None:
        return False
    before = before.rstrip()
    for found in pattern.finditer(before, max(0, len(before) - 60)):
        if found.end() == len(before) and found.group(0)[:1].isupper():
            source_terms = {id(t): t for _, _, t in occurrences.spans}.values()
            return not any(t.is_satisfied_by(found.group(0)) for t in source_terms)
    return False


# "import and export duties": modifiers sharing one head noun (one or two words after)
_COORDINATION = lazy_compile(r"(?<!\w)([\w-]+)((?:,\s*[\w-]+)*),?\s+(?:and|or|&)\s+([\w-]+)\s+([\w-]+)(\s+[\w-]+)?")


@functools.lru_cache(maxsize=1024)  # asked once for every term of an entry about the same target
def _coordinations_spelled_out(target: str) -> str:
    """Each "A and B head" of the target also written as "A head" and "B head" (and with a
    second head word), one per line, so an accepted form shared by coordinated modifiers is
    found: import and export duties renders import duties and export duties."""
    lines = []
    for m in _COORDINATION.finditer(target):
        modifiers = [m.group(1), *re.findall(r"[\w-]+", m.group(2) or ""), m.group(3)]
        heads = [m.group(4)] + ([m.group(4) + m.group(5)] if m.group(5) else [])
        lines.extend(f"{modifier} {head}" for modifier in modifiers for head in heads)
    return "\n".join(lines)


def _wrong_word_elsewhere(term: Term, target: str, occurrences: TermOccurrences) -> str | None:
    """For a term the source repeats and the target renders fewer times: the English of another
    term of the same glossary file, as the glossary writes it, standing in the target outside
    the renderings of the source's own terms (the word put where the repeated term should be),
    else None."""
    glossary = occurrences.glossary
    if glossary is None or term.file is None:
        return None
    pattern = _file_forms_pattern(glossary, term.file)
    if pattern is None:
        return None
    # a word inside a rendering of one of the source's terms renders what the source says
    rendered = _renderings(target, occurrences)
    for m in pattern.finditer(target):
        if not any(s < m.end() and m.start() < e for s, e in rendered):
            return m.group(0)
    return None


def _renderings(target: str, occurrences: TermOccurrences, but: Term | None = None) -> list[tuple[int, int]]:
    """The spans of the target where an accepted form of one of the source's terms (but `but`) stands."""
    terms = {id(t): t for _, _, t in occurrences.spans if t is not but}.values()
    return [m.span() for t in terms for m in t.find_accepted(target)]


_FILE_FORMS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # glossary → {(file, names): _FileForms}


def _file_forms_pattern(glossary: Glossary, file: str, names: bool = False) -> _FileForms | None:
    """The accepted forms of a glossary file's terms (names too if `names`), whole words, any case,
    in the plural too but in no other form, so a verb form of a noun (heading from head) is not
    taken for one."""
    patterns = _FILE_FORMS.setdefault(glossary, {})
    if (file, names) not in patterns:
        forms = {f for t in glossary if t.file == file and (names or not t.case_sensitive)
                 for f in t.accepted if f.strip()}
        patterns[file, names] = _FileForms(forms) if forms else None
    return patterns[file, names]


class _FileForms:
    """Many English forms matched as one case-insensitive whole-word alternation, longest regex
    first, would match; each form tried only where it can start.

    A glossary file of 20,000 terms makes an alternation that takes seconds to compile; a sentence
    holds a handful of its forms. Every word of a form but the last (which may be inflected) stands
    in a match as it is written, so each run of \\w in those words is a whole run of \\w in the
    text, in some case, and the match starts where its first run does (a one-word form: the first
    run of one of its word forms). Elsewhere the form cannot match, so it is not tried there.
    """

    def __init__(self, forms: set[str]):
        regexes = {form: english_form_regex(form, inflect=False) for form in forms}
        self._alternatives = sorted(set(regexes.values()), key=len, reverse=True)
        rank = {regex: i for i, regex in enumerate(self._alternatives)}
        # the first run of a form → (the form's rank, every run its fixed words need)
        self._by_run: dict[str, list[tuple[int, frozenset[str]]]] = {}
        self._anywhere: list[tuple[int, str]] = []  # (rank, first character) of forms that start with a non-word one
        for form, regex in regexes.items():
            words = english_words(form)
            if not words:  # only hyphens: its regex never matches
                continue
            fixed = frozenset(_WORD_RUN.findall(_fold_case(" ".join(words[:-1]))))
            starts = word_forms(words[0], True) if len(words) == 1 else (words[0],)
            for start in starts:
                run = _WORD_RUN.match(_fold_case(start))
                if run is None:
                    self._anywhere.append((rank[regex], _fold_case(start[0])))
                else:
                    self._by_run.setdefault(run.group(0), []).append((rank[regex], fixed))
        self._compiled: dict[int, re.Pattern] = {}

    def finditer(self, text: str, pos: int = 0):
        """The matches re.finditer of the whole alternation would give over text from pos."""
        folded = _fold_case(text)  # lined up with text
        runs: dict[str, list[int]] = {}
        for run in _WORD_RUN.finditer(folded):
            runs.setdefault(run.group(0), []).append(run.start())
        tries: dict[int, list[int]] = {}  # where a match may start → the ranks of the forms to try there
        for run, starts in runs.items():
            for rank, fixed in self._by_run.get(run, ()):
                if fixed <= runs.keys():
                    for start in starts:
                        tries.setdefault(start, []).append(rank)
        for rank, char in self._anywhere:
            start = folded.find(char)
            while start >= 0:
                tries.setdefault(start, []).append(rank)
                start = folded.find(char, start + 1)
        end = pos
        for start in sorted(tries):
            if start < end:
                continue
            for rank in sorted(tries[start]):  # the alternation tries its alternatives in order
                found = self._pattern(rank).match(text, start)
                if found:
                    yield found
                    end = found.end()
                    break

    def _pattern(self, rank: int) -> re.Pattern:
        pattern = self._compiled.get(rank)
        if pattern is None:
            pattern = self._compiled[rank] = _alternation((self._alternatives[rank],))
        return pattern


_WORD_RUN = lazy_compile(r"\w+")
try:  # the letters re.IGNORECASE takes for one another beyond lower(): ı and i, ſ and s, ...
    from re._casefix import _EXTRA_CASES
except ImportError:  # pragma: no cover - another Python's re
    _EXTRA_CASES = {}
_CASE_CLASSES = {code: min(code, *others) for code, others in _EXTRA_CASES.items()}
# A letter that re.IGNORECASE takes for another where lower() does not (ſ for s, ı for i, ς for σ):
# where a text holds one, anchors found in its lower() could miss a match, so the regex decides.
_BEYOND_LOWER = lazy_compile("[" + "".join(re.escape(chr(code)) for code in _CASE_CLASSES if code >= 128) + "]")


def _folds_beyond_lower(lower: str) -> bool:
    """Whether a text (its lower()) holds such a letter."""
    return not lower.isascii() and _BEYOND_LOWER.search(lower) is not None


def _lower_decides(text: str, lower: str) -> bool:
    """Whether text.lower() finds every place a form's case-insensitive regex can match (it kept
    the length and the text holds no letter re.IGNORECASE folds beyond it): then a form whose one
    anchor is not in lower is not in the text."""
    return len(lower) == len(text) and not _folds_beyond_lower(lower)


def _fold_case(text: str) -> str:
    """text as re.IGNORECASE compares it, character for character (İ lowers to two characters
    but matches i)."""
    return text.replace("İ", "i").lower().translate(_CASE_CLASSES)


def _alternation(alternatives: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def terminology_problems(terms: list[Term], target: str, enabled=("term", "forbidden-term", "names"),
                         lower: str | None = None, occurrences: TermOccurrences | None = None):
    """(check id, Problem) pairs for the glossary terms of one source against its target
    (`lower`: target.lower(), if you have it; `occurrences`: where the terms stand in the
    source, for repeated terms and titles).

    A forbidden rendering is reported once, as forbidden-term, not also as a missing term, and
    only where it can stand for the term: not when the target renders the term as often as the
    source holds it (co-chairman beside President), and always at the check's severity. A missing
    rendering is reported by the term's strictness: required at the check's severity, advisory as
    a warning, forbidden-only never.
    """
    if lower is None:
        lower = target.lower()
    check_forbidden = "forbidden-term" in enabled
    known_matchers = _MATCHERS
    lower_decides = _lower_decides(target, lower)
    for term in terms:
        known = known_matchers.get(id(term))
        if known is not None and known[0] is term:
            _, accepted, forbidden_forms = known
        else:
            accepted, forbidden_forms = _matchers(term)
        forbidden = []
        if check_forbidden and forbidden_forms is not None and (
                forbidden_forms.anchor in lower or not lower_decides) and forbidden_forms.occur_in(target, lower):
            forbidden = term.find_forbidden(target)  # the exact rule: not inside an accepted form
            if forbidden and _rendered_often_enough(term, target, lower, occurrences):
                forbidden = []  # the forbidden word renders something else
        if forbidden:
            found = forbidden[0].group(0)
            yield "forbidden-term", Problem(
                f"'{found}' is a forbidden rendering of '{term.vi}' (write '{term.en}')",
                term=term.vi,
                expected=term.en,
                found=found,
            )
            continue
        if term.strictness == "forbidden-only":
            continue  # only a forbidden rendering is reported
        check = "names" if term.case_sensitive else "term"
        if check not in enabled:
            continue
        severity = WARNING if term.strictness == "advisory" else None  # None: the check's own (error)
        if accepted.occur_in(target, lower):
            if occurrences is not None and occurrences.repeats:
                problem = _repeated_term_problem(term, target, lower, occurrences)
                if problem is not None:
                    yield check, problem._replace(severity=severity)
            continue
        if _rendered_otherwise(term, target, occurrences):
            continue
        forms = " / ".join(f"'{form}'" for form in term.accepted)
        if check == "names":
            near = _near_miss(term, target, occurrences)
            message = f"name '{term.vi}' must be spelled exactly {forms}"
            if near:
                message += f", not '{near}'"
            yield check, Problem(message, term=term.vi, expected=term.en, found=near, severity=severity)
        elif severity == WARNING:
            yield check, Problem(f"'{term.vi}' is usually translated as {forms}", term=term.vi, expected=term.en,
                                 severity=severity)
        else:
            yield check, Problem(f"'{term.vi}' must be translated as {forms}", term=term.vi, expected=term.en)


def renders_term(term: Term, english: str, occurrences: TermOccurrences | None = None,
                 lower: str | None = None) -> bool:
    """Whether the English renders the term as the checks judge it: an accepted form (or, for a
    title, the name after it; or a form shared by coordinated modifiers), and no forbidden word
    standing for it. What enforcement in `vi-en translate` asks, with the matchers the checks
    use, so both agree (`lower`: english.lower(), if you have it)."""
    if lower is None:
        lower = english.lower()
    if forbidden_form_occurs(term, english, lower) and not _rendered_often_enough(term, english, lower, occurrences):
        return False
    return _matchers(term)[0].occur_in(english, lower) or _rendered_otherwise(term, english, occurrences)


def forbidden_form_occurs(term: Term, target: str, lower: str | None = None) -> bool:
    """bool(Term.find_forbidden(target)), faster: the exact rule (not inside an accepted form)
    runs only where the forbidden matcher finds a form at all."""
    forbidden = _matchers(term)[1]
    if forbidden is None or not forbidden.occur_in(target, target.lower() if lower is None else lower):
        return False
    return bool(term.find_forbidden(target))


def _rendered_often_enough(term: Term, target: str, lower: str, occurrences: TermOccurrences | None) -> bool:
    """Whether the target (`lower`: target.lower()) holds an accepted form of the term once for
    each time the source holds the term (once, without occurrences)."""
    wanted = occurrences.count(term) if occurrences is not None else 1
    return _matchers(term)[0].count_in(target, lower) >= wanted


def _rendered_otherwise(term: Term, target: str, occurrences: TermOccurrences | None) -> bool:
    """A term with no accepted form as written that the target renders all the same: a title
    whose name is there (President dropped before Trump), or a form shared by coordinated
    modifiers (import and export duties)."""
    if term.title and occurrences is not None and _name_rendered(term, target, occurrences):
        return True
    spelled_out = _coordinations_spelled_out(target) if (" and " in target or " or " in target or "&" in target) else ""
    return bool(spelled_out) and accepted_form_occurs(term, spelled_out)


def _repeated_term_problem(term: Term, target: str, lower: str, occurrences: TermOccurrences) -> Problem | None:
    """A term the source holds more often than the target renders it, with the English of
    another glossary term standing where it may have gone."""
    wanted = occurrences.count(term)
    if wanted < 2:
        return None
    rendered = _matchers(term)[0].count_in(target, lower)
    if rendered >= wanted:
        return None
    wrong = _wrong_word_elsewhere(term, target, occurrences)
    if wrong is None:
        return None
    return Problem(
        f"'{term.vi}' occurs {wanted} times in the source but is rendered {rendered} time"
        f"{'s' if rendered != 1 else ''}; '{wrong}' stands in another place (write '{term.en}')",
        term=term.vi, expected=term.en, found=wrong,
    )


def _is_alternative_rendering(form: str) -> bool:
    """Forms worth keeping consistent: multi-word renderings (rare earths / rare earth elements).
    Single-word variants are mostly grammar (cooperate / cooperation, mined / mining) and
    abbreviations are style (U.S. as adjective, United States as noun): neither is inconsistency."""
    return len(form.split()) >= 2 and any(c.islower() for c in form)


def _forms_used(forms: list[tuple[str, _EnglishForms]], case_sensitive: bool, target: str, lower: str) -> list[str]:
    """The forms (given with their matchers) found in target, not counting one found only
    inside a longer one ("rare earth" inside "rare earth elements")."""
    # Where lower() decides (see _EnglishForms.occur_in), a form whose one anchor the target lacks
    # is not there: most of a term's alternatives are not, and a call each costs more than the test.
    lower_decides = _lower_decides(target, lower)
    present = [f for f, matcher in forms if (matcher.anchor in lower or not lower_decides) and matcher.occur_in(target, lower)]
    if len(present) < 2:
        return present
    spans = {f: matcher.spans_in(target, lower) for f, matcher in forms if f in present}
    every_span = [span for own in spans.values() for span in own]

    def inside_longer(span):
        return any(a <= span[0] and span[1] <= b and (a, b) != span for a, b in every_span)

    return [form for form, own in spans.items() if any(not inside_longer(span) for span in own)]


def source_terms(source: str, glossary: Glossary | None) -> tuple[list[Term], TermOccurrences]:
    """The glossary terms of a source, each once in order of first occurrence, and where they
    stand in it (what check and translate judge a translation's terms by)."""
    spans = glossary.term_spans(source) if glossary is not None else []
    terms = distinct_terms(spans)
    return terms, TermOccurrences(source, spans, glossary, terms)


def terminology_findings(source: str, target: str, glossary: Glossary | None, file: str = "", line: int = 0) -> list[Finding]:
    """The term, forbidden-term and names findings for one source/target pair."""
    terms, occurrences = source_terms(source, glossary)
    return [
        Finding(file, line, source, target, check, finding_severity(CHECKS[check].severity if check in CHECKS else ERROR, p),
                p.message, p.term, p.expected, p.found)
        for check, p in terminology_problems(terms, target, occurrences=occurrences)
    ]
