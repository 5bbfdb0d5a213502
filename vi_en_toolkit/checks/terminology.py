"""Terminology checks: term, forbidden-term, names."""

from __future__ import annotations

from .context import EntryContext
from .registry import ERROR, check


@check("term", ERROR, "a glossary term in the source, none of its accepted English forms in the target")
def check_term(ctx: EntryContext):
    return [p for c, p in ctx.terminology if c == "term"]


@check("forbidden-term", ERROR, "a forbidden rendering of a term in the source appears in the target")
def check_forbidden_term(ctx: EntryContext):
    return [p for c, p in ctx.terminology if c == "forbidden-term"]


@check("names", ERROR, "case-sensitive glossary entries (people, institutions) spelled exactly")
def check_names(ctx: EntryContext):
    return [p for c, p in ctx.terminology if c == "names"]
