"""Consistency across entries: the same source, or one term, rendered differently."""

from __future__ import annotations

from collections import Counter, defaultdict

from ..glossary import Term
from ..lazy_pattern import lazy_compile
from .context import EntryContext, _normalized_segment
from .registry import WARNING, Problem, check


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
        targets = [_normalized_segment(c.target) for c in group]  # once each: groups may be big
        counts = Counter(targets)
        if len(counts) < 2:
            continue
        usual = counts.most_common(1)[0][0]
        where = group[targets.index(usual)]
        for ctx, target in zip(group, targets):
            if target != usual and not _same_words_as_headline(target, usual):
                yield ctx, Problem(
                    f"translated differently at {where.entry.file}:{where.entry.line}: '{usual}'",
                    expected=usual, found=ctx.target,
                )


def _same_words_as_headline(target: str, other: str) -> bool:
    """Whether two translations differ only in case, one of them a headline and the other a
    sentence that starts with a capital (It Is Very Bad. / It is very bad.): elsewhere a difference
    in case is a difference (Polish Workers Strike / polish workers strike)."""
    return (target.casefold() == other.casefold() and target[:1].isupper() and other[:1].isupper()
            and (_headline_case(target) or _headline_case(other)))


def _headline_case(text: str) -> bool:
    """Title Case or capitals: two words or more, every one capitalised but the short words
    headlines keep in lower case (Talks Between the US and China in Doubt)."""
    words = _WORD.findall(text)
    return len(words) >= 2 and all(word[0].isupper() or word in _LOWER_IN_HEADLINES for word in words)


_WORD = lazy_compile(r"[^\W\d_]+")
_LOWER_IN_HEADLINES = frozenset("a an the and but or nor for of in on at to by with from as vs".split())


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
        usual = _usual_form(counts, term.case_sensitive)
        for ctx, form in uses:
            if not _same_rendering(form, usual, term.case_sensitive):
                yield ctx, Problem(
                    f"'{term.vi}' is '{form}' here but '{usual}' elsewhere in this document",
                    term=term.vi, expected=usual, found=form,
                )


def _usual_form(counts: Counter, case_sensitive: bool) -> str:
    """The form most uses write the same way (the first of equals)."""
    return max(counts, key=lambda form: sum(n for other, n in counts.items() if _same_rendering(other, form, case_sensitive)))


def _same_rendering(form: str, other: str, case_sensitive: bool = False) -> bool:
    """Whether two forms of a term are one rendering written two ways: in another case (unless
    the term's case matters: Eastern Europe, eastern Europe); with the last word inflected or
    derived (North Korea, North Korean; Vice President, vice presidential); or as a short
    reference, "the" and words of the other (the North for North Korea). Other words (rare earths,
    rare earth elements) are another rendering."""
    a, b = (form.split(), other.split()) if case_sensitive else (form.casefold().split(), other.casefold().split())
    if a == b:
        return True
    if len(a) == len(b) and a[:-1] == b[:-1]:
        short, long = sorted((a[-1], b[-1]), key=len)
        if long.startswith(short) and len(long) - len(short) <= _SUFFIX_LONGEST:
            return True
    return any(len(x) >= 2 and x[0] == "the" and set(x[1:]) <= set(y) for x, y in ((a, b), (b, a)))


_SUFFIX_LONGEST = 4  # -s, -n, -ian, -ial, -ese: a derivation, not another word (port, portfolio)
