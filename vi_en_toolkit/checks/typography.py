"""Typography and mechanics: doubled-word, brackets, quotes, double-space, whitespace, urls."""

from __future__ import annotations

import re

from ..lazy_pattern import lazy_compile
from .context import EntryContext
from .registry import ERROR, WARNING, Problem, check


@check("doubled-word", WARNING, "the same word twice in a row (the the)")
def check_doubled_word(ctx: EntryContext):
    if _DOUBLED.search(ctx.target) is None:
        return ()
    # a word the source doubles too is a name (Khách sạn Roa Roa: the Roa Roa Hotel)
    in_source = {match.group(1).lower() for match in _DOUBLED.finditer(ctx.source)}
    return [
        Problem(f"doubled word '{match.group(0)}'", expected=match.group(1), found=match.group(0))
        for match in _DOUBLED.finditer(ctx.target)
        if match.group(1).lower() not in _DOUBLING_ALLOWED and not match.group(1).isdigit()
        and match.group(1).lower() not in in_source
    ]


# Not after a hyphen: the end of a hyphenated word is another word ("Moon Jae-in in Seoul").
# (Possessive \w++ and \s++ would spare the backtracking, which can never match here, but they
# need Python 3.11 and vi-en runs on 3.10.)
_DOUBLED = lazy_compile(r"(?<![\w-])(\w+)\s+\1(?!\w)", re.IGNORECASE)
_DOUBLING_ALLOWED = {"had", "that"}  # "had had", "that that" are good English


def _balanced(text: str, pairs: tuple[tuple[str, str], ...], symmetric: str = "") -> bool:
    for opening, closing in pairs:
        if opening not in text and closing not in text:
            continue
        # never more closed than opened, read from the left (each closing mark against the
        # opening marks before it), and as many opened as closed in all: a few C calls a mark
        closed = 0
        at = text.find(closing)
        while at >= 0:
            closed += 1
            if text.count(opening, 0, at) < closed:
                return False
            at = text.find(closing, at + 1)
        if text.count(opening) != closed:
            return False
    for char in symmetric:  # a loop, not all(): brackets have none, and a generator costs more than the test
        if text.count(char) % 2:
            return False
    return True


_BRACKETS = (("(", ")"), ("[", "]"), ("{", "}"))
_QUOTES = (("“", "”"), ("«", "»"), ("‘", "’"))
_BRACKET_CHARS = lazy_compile(r"[()\[\]{}]")
_QUOTE_CHARS = lazy_compile("[\"“”«»]")


@check("brackets", WARNING, "brackets balanced in the target when they are in the source")
def check_brackets(ctx: EntryContext):
    if _BRACKET_CHARS.search(ctx.target) and _balanced(ctx.source, _BRACKETS) and not _balanced(ctx.target, _BRACKETS):
        return [Problem("unbalanced brackets in the translation", found="".join(_BRACKET_CHARS.findall(ctx.target)))]
    return ()


@check("quotes", WARNING, "quotation marks balanced in the target when they are in the source")
def check_quotes(ctx: EntryContext):
    if not _QUOTE_CHARS.search(ctx.target):
        return ()
    # ’ doubles as the apostrophe, so only “ ” « » and straight double quotes are counted.
    pairs = _QUOTES[:2]
    if _balanced(ctx.source, pairs, '"') and not _balanced(ctx.target, pairs, '"'):
        return [Problem("unbalanced quotation marks in the translation", found="".join(_QUOTE_CHARS.findall(ctx.target)))]
    return ()


@check("double-space", WARNING, "two spaces in a row inside the target")
def check_double_space(ctx: EntryContext):
    if "  " not in ctx.target:
        return ()  # (the common case, decided without stripping)
    inner = ctx.target.strip()
    if "  " in inner and "  " not in ctx.source.strip():
        position = inner.index("  ")
        return [Problem("double space in the translation", found=inner[max(0, position - 15):position + 17])]
    return ()


@check("whitespace", WARNING, "leading and trailing whitespace the same as the source's")
def check_whitespace(ctx: EntryContext):
    source, target = ctx.source, ctx.target
    if not target:
        return ()
    if not (source[:1].isspace() or source[-1:].isspace() or target[:1].isspace() or target[-1:].isspace()):
        return ()  # no white space at either end of either: the usual case (isspace is what strip strips)
    return list(_whitespace_problems(source, target))


def _whitespace_problems(source: str, target: str):
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


_URL_OR_EMAIL = lazy_compile(r"(?:https?://|ftp://|www\.)[^\s<>\"“”]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)


@check("urls", ERROR, "URLs and e-mail addresses of the source kept in the target")
def check_urls(ctx: EntryContext):
    if "@" not in ctx.source and "://" not in ctx.source and "www." not in ctx.source:
        return ()
    problems = []
    for match in _URL_OR_EMAIL.finditer(ctx.source):
        address = match.group(0).rstrip(".,;:!?)]’'")
        if address not in ctx.target:
            problems.append(Problem(f"'{address}' is missing from the translation", expected=address))
    return problems
