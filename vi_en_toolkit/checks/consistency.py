"""Consistency across entries: the same source, or one term, rendered differently."""

from __future__ import annotations

from collections import Counter, defaultdict

from ..glossary import Term
from .context import EntryContext, _normalized_segment
from .registry import WARNING, Problem, check
from .term_matching import TermOccurrences


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
        keys = [_translation_key(c.target) for c in group]  # once each: groups may be big
        counts = Counter(keys)
        if len(counts) < 2:
            continue
        usual_key = counts.most_common(1)[0][0]
        where = group[keys.index(usual_key)]
        usual = _normalized_segment(where.target)
        for ctx, key in zip(group, keys):
            if key != usual_key:
                yield ctx, Problem(
                    f"translated differently at {where.entry.file}:{where.entry.line}: '{usual}'",
                    expected=usual, found=ctx.target,
                )


_QUOTE_MARKS = "\"'“”„‟«»‘’‚‛"


def _translation_key(target: str) -> str:
    """What two translations of one source share when they are the same translation: the words
    and punctuation, but not the case (a headline in title case beside the same words in a
    sentence) nor quote marks at either end (a quotation that runs on into the next entry)."""
    return _normalized_segment(target).strip(_QUOTE_MARKS).strip().casefold()


def _term_forms_differ_in_a_document(contexts):
    # keyed by id(term): hashing a frozen Term hashes all its fields, for every entry; a title by
    # the name after it too, since an office is rendered by whose it is (Secretary of State Mike
    # Pompeo, Foreign Minister Ri Yong Ho)
    by_file_term: dict[tuple, tuple[Term, list[tuple[EntryContext, str]]]] = {}
    for ctx in contexts:
        for index, form in ctx.term_forms:
            term = ctx.source_terms[index]
            key = (ctx.entry.file, id(term), _holder(ctx, term) if term.title else None)
            by_file_term.setdefault(key, (term, []))[1].append((ctx, form))
    for term, uses in by_file_term.values():
        counts = Counter(form for _, form in uses)
        if len(counts) < 2:
            continue
        # the usual form: the one most uses write the same way (the first of equals)
        usual = max(counts, key=lambda form: sum(n for other, n in counts.items() if _same_rendering(other, form)))
        for ctx, form in uses:
            if not _same_rendering(form, usual):
                yield ctx, Problem(
                    f"'{term.vi}' is '{form}' here but '{usual}' elsewhere in this document",
                    term=term.vi, expected=usual, found=form,
                )


def _holder(ctx: EntryContext, term: Term) -> tuple[str, ...]:
    """The name words after a title in the entry's source (none: an office named without its holder)."""
    return tuple(TermOccurrences(ctx.source, ctx.source_spans, ctx.run.glossary, ctx.source_terms).names_after(term))


def _same_rendering(form: str, other: str) -> bool:
    """Whether two forms of a term are one rendering written two ways: in another case; with the
    last word inflected or derived (North Korea, North Korean; Vice President, vice presidential);
    or as a short reference, "the" and words of the other (the North for North Korea). Other
    words (rare earths, rare earth elements) are another rendering."""
    a, b = form.casefold().split(), other.casefold().split()
    if a == b:
        return True
    if len(a) == len(b) and a[:-1] == b[:-1]:
        short, long = sorted((a[-1], b[-1]), key=len)
        if long.startswith(short) and len(long) - len(short) <= _SUFFIX_LONGEST:
            return True
    return any(len(x) >= 2 and x[0] == "the" and set(x[1:]) <= set(y) for x, y in ((a, b), (b, a)))


_SUFFIX_LONGEST = 4  # -s, -n, -ian, -ial, -ese: a derivation, not another word (port, portfolio)
