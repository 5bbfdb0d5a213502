"""Untranslated and half-translated entries: untranslated, fuzzy, source-left."""

from __future__ import annotations

import re

from ..lazy_pattern import lazy_compile
from ..vietnamese import fold, has_vietnamese_letters
from .context import EntryContext
from .registry import ERROR, WARNING, Problem, check


@check("untranslated", ERROR, "empty translation, or the translation is the Vietnamese source")
def check_untranslated(ctx: EntryContext):
    if not ctx.target.strip():
        return [Problem("not translated (empty translation)")]
    if _is_copy_of(ctx.source, ctx.target) and has_vietnamese_letters(ctx.source):
        return [Problem("not translated (the translation is the Vietnamese source)", found=ctx.target)]
    return ()


def _is_copy_of(source: str, target: str) -> bool:
    """The target is the source, maybe in another Unicode form (NFD), with the other tone-mark
    placement (Hòa bình / Hoà bình), or in other case or spacing."""
    if target.strip() == source.strip():
        return True
    if target.isascii():
        return False  # a copy of Vietnamese text keeps letters outside ASCII: the common case ends here
    target_words, source_words = target.split(), source.split()
    if len(target_words) != len(source_words) or fold(target_words[0]) != fold(source_words[0]):
        return False  # decided without folding whole sentences
    return fold(" ".join(target_words)) == fold(" ".join(source_words))


@check("fuzzy", WARNING, "entry still marked fuzzy (not reviewed)")
def check_fuzzy(ctx: EntryContext):
    return [Problem("marked fuzzy: not reviewed yet")] if ctx.entry.fuzzy else ()


# compiled on first use: a run whose targets are all ASCII never needs them
_VIETNAMESE_ONLY = lazy_compile("[đĐơƠưƯăĂĩĨũŨỹỸẽẼ\u0309\u0323\u031b\u0306]|[\u0302][\u0300\u0301\u0309\u0303\u0323]")
_WORD = lazy_compile(r"\w+")


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
    if ctx.target.isascii():
        return ()  # no letter outside ASCII, so none only Vietnamese writes: most English ends here
    return list(_vietnamese_left(ctx))


def _vietnamese_left(ctx: EntryContext):
    target = ctx.target
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
