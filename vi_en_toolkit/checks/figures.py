"""Figures and dates: number, date."""

from __future__ import annotations

import re
from decimal import Decimal

from ..lazy_pattern import lazy_compile
from ..numbers import (
    DAY_MONTH,
    NUMBER,
    ORDINAL,
    PERCENT,
    bare_day_months,
    decade_years,
    english_digits,
    english_figures,
    english_rendering,
    parse_english_number,
    parse_vietnamese_number,
    vietnamese_figures,
)
from .context import _DIGIT, EntryContext
from .registry import ERROR, Problem, check


@check("number", ERROR, "figures in source and target correspond (3,8 triệu = 3.8 million)")
def check_number(ctx: EntryContext):
    reads_source = _DIGIT.search(ctx.source) is not None or "thứ" in ctx.source
    if not reads_source and _DIGIT.search(ctx.target) is None:
        return ()  # no figure on either side: most entries of most catalogs end here, before any parsing
    return list(_number_problems(ctx, reads_source))


def _number_problems(ctx: EntryContext, reads_source: bool):
    source = vietnamese_figures(ctx.source, dates=ctx.source_dates) if reads_source else []
    target = english_figures(ctx.target, spelled=False, dates=ctx.target_dates)
    # A date in the English may be what a bare a/b in the Vietnamese meant (từ 1/3 = from 1 March).
    date_keys = {(DAY_MONTH, (d.day, d.month)) for d in ctx.target_dates if d.day and d.month}
    target_keys = _all_keys(target) | date_keys
    unmatched = [f for f in source if target_keys.isdisjoint(f.keys)]
    if unmatched:
        # only now is it worth reading "five", "fifth" or "a third" in the English
        target = english_figures(ctx.target, dates=ctx.target_dates)
        target_keys = _all_keys(target) | date_keys
        # (all of them again: with the words read, a range may lend its magnitude to a figure matched before)
        unmatched = [f for f in source if target_keys.isdisjoint(f.keys)]
    for figure in target:
        if figure.vietnamese_format:
            digits = _number_token(figure.text)
            fixed = english_digits(digits) or digits
            yield Problem(
                f"Vietnamese number format '{digits}' in the translation (write {fixed})",
                expected=figure.text.replace(digits, fixed, 1),
                found=figure.text,
            )
    target_years = {d.year for d in ctx.target_dates if d.year}
    missing = [
        f for f in unmatched
        if not (f.kind == NUMBER and f.value in target_years)
        and not (f.key == _ONE and _A_OR_AN.search(ctx.target))  # 1 năm = a year
    ]
    digit_extras = [f for f in target if not f.spelled and not f.vietnamese_format]
    extra = []
    if digit_extras:
        source_keys = _all_keys(source)
        date_numbers = {n for d in ctx.source_dates for n in (d.day, d.month, d.year) if n}
        words = None
        for figure in digit_extras:
            if not source_keys.isdisjoint(figure.keys) or any(
                    kind == NUMBER and value in date_numbers for kind, value in figure.keys):
                continue
            if words is None:
                words = _all_keys(vietnamese_figures(ctx.source, words=True))
            if words.isdisjoint(figure.keys):
                extra.append(figure)
    if missing and len(extra) < len(missing):
        # A changed figure written in words ("fourth" for thứ năm) is what the missing one became.
        source_keys = _all_keys(source)
        extra += [f for f in target if f.spelled and f.kind == ORDINAL and f.key not in source_keys]
    missing_keys = {f.key: f for f in missing}
    for figure in list(extra):
        if figure.kind not in (NUMBER, PERCENT):
            continue
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


_ONE = (NUMBER, Decimal(1))
_A_OR_AN = lazy_compile(r"(?<![\w'’])(?:an?|single)(?!\w)", re.IGNORECASE)


def _all_keys(figures) -> set:
    return {key for figure in figures for key in figure.keys}


_NUMBER_TOKEN = lazy_compile(r"\d+(?:[.,]\d+)*")
_FOUR_DIGITS = lazy_compile(r"(?<!\d)\d{4}(?!\d)")
_UP_TO_FOUR_DIGITS = lazy_compile(r"(?<!\d)\d{1,4}(?!\d)")


def _number_token(text: str) -> str:
    found = _NUMBER_TOKEN.search(text)
    return found.group(0) if found else text


@check("date", ERROR, "months, days and years correspond (giữa tháng 4 = mid-April)")
def check_date(ctx: EntryContext):
    if not ctx.source_dates and not ctx.target_dates:
        return ()
    return list(_date_problems(ctx))


def _date_problems(ctx: EntryContext):
    source_dates, target_dates = ctx.source_dates, ctx.target_dates
    target_text_years = {int(y) for y in _FOUR_DIGITS.findall(ctx.target)} | decade_years(ctx.target)
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
    source_numbers = {int(n) for n in _UP_TO_FOUR_DIGITS.findall(ctx.source)}
    source_months = {d.month for d in source_dates if d.month}
    source_day_months = bare_day_months(ctx.source)  # "từ 1/3" may be "from 1 March"
    extra = [
        t for i, t in enumerate(target_dates)
        if i not in used
        and not (t.month is None and t.year in source_numbers)
        and not (t.month in source_months and t.day is None and not t.part)
        and (t.day, t.month) not in source_day_months
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
