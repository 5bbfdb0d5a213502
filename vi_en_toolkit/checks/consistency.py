"""Consistency across entries: the same source, or one term, rendered differently."""

from __future__ import annotations

from collections import Counter, defaultdict

from ..glossary import Term
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
            if target != usual:
                yield ctx, Problem(
                    f"translated differently at {where.entry.file}:{where.entry.line}: '{usual}'",
                    expected=usual, found=ctx.target,
                )


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
