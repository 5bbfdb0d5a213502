"""Figures and dates in Vietnamese and English text, as values that can be compared.

Vietnamese writes 3,8 (decimal comma) and 1.000.000 (thousands dot); English writes 3.8 and
1,000,000. Both sides are read into exact Decimal values with their kind (number, percent,
ordinal), so "3,8 triệu" and "3.8 million" and "3,800,000" compare equal. Dates are read into
(day, month, year, part-of-month) so "giữa tháng 4" and "mid-April" compare equal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

NUMBER = "number"
PERCENT = "percent"
ORDINAL = "ordinal"


@dataclass(frozen=True)
class Figure:
    """A figure in a text: `value` is exact (3,8 triệu → 3800000); `text` is as written."""

    value: Decimal
    kind: str  # "number", "percent" or "ordinal"
    text: str
    start: int
    end: int
    spelled: bool = False  # written in words ("five", "hai"), not digits
    vietnamese_format: bool = False  # English text holding a Vietnamese-format number ("28,7")

    @property
    def key(self) -> tuple[str, Decimal]:
        return (self.kind, self.value)


@dataclass(frozen=True)
class DateMention:
    """A date or part of one: "giữa tháng 4" is DateMention(month=4, part="mid")."""

    text: str
    start: int
    end: int
    day: int | None = None
    month: int | None = None
    year: int | None = None
    part: str | None = None  # "early", "mid" or "late" (part of the month)

    def describe(self) -> str:
        """The date in English, as an editor would expect it ("mid-April 2025", "5 April")."""
        pieces = []
        if self.month:
            month = MONTH_NAMES[self.month - 1]
            if self.part:
                month = f"{self.part}-{month}" if self.part == "mid" else f"{self.part} {month}"
            pieces.append(f"{self.day} {month}" if self.day else month)
        elif self.day:
            pieces.append(f"day {self.day}")
        if self.year:
            pieces.append(str(self.year))
        return " ".join(pieces)


MONTH_NAMES = (
    "January February March April May June July August September October November December".split()
)

# --- number tokens ---------------------------------------------------------------------------------

# A run of digits with . or , inside; what the separators mean depends on the language.
# Digits glued to a word (G7, Covid-19, Su-57) are names, not figures; clock times (10:30,
# 10h30) are left out on both sides. The patterns start with \d and look behind it afterwards
# (same matches as looking behind first): a leading digit lets the regex engine skip to digits.
_DIGITS = r"\d(?<![\w.,]\d)(?<![^\W\d]-\d)(?<!\d:\d)\d*(?:[.,]\d+)*(?![\w]|[.,]\d|:\d)"
_ENGLISH_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_ENGLISH_PLAIN = re.compile(r"\d+(?:\.\d+)?")
_VIETNAMESE_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_VIETNAMESE_DECIMAL = re.compile(r"\d+,\d+")


def parse_vietnamese_number(token: str) -> Decimal | None:
    """3,8 → 3.8; 1.000.000 → 1000000; 1.234,5 → 1234.5. English-style 3.8 is tolerated."""
    if _VIETNAMESE_GROUPED.fullmatch(token):
        return Decimal(token.replace(".", "").replace(",", "."))
    if _VIETNAMESE_DECIMAL.fullmatch(token):
        return Decimal(token.replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?", token):  # 1,000,000: only English can mean this
        return Decimal(token.replace(",", ""))
    if _ENGLISH_PLAIN.fullmatch(token):
        return Decimal(token)
    return None


def parse_english_number(token: str) -> Decimal | None:
    """3.8 → 3.8; 1,000,000 → 1000000; None for what English does not write (3,8; 1.000.000)."""
    if _ENGLISH_GROUPED.fullmatch(token):
        return Decimal(token.replace(",", ""))
    if _ENGLISH_PLAIN.fullmatch(token):
        return Decimal(token)
    return None


def english_digits(token: str) -> str | None:
    """A Vietnamese-format number written the English way, keeping its digits (1.000,5 → 1,000.5)."""
    if _VIETNAMESE_GROUPED.fullmatch(token):
        integer, _, decimals = token.partition(",")
        return integer.replace(".", ",") + ("." + decimals if decimals else "")
    if _VIETNAMESE_DECIMAL.fullmatch(token):
        return token.replace(",", ".")
    return None


# --- magnitude and unit words ----------------------------------------------------------------------

_VI_MAGNITUDES = {
    "nghìn tỷ": 10**12, "ngàn tỷ": 10**12, "nghìn tỉ": 10**12, "ngàn tỉ": 10**12,
    "trăm": 100, "nghìn": 1000, "ngàn": 1000, "vạn": 10**4, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9,
}
_EN_MAGNITUDES = {
    "hundred": 100, "thousand": 1000, "million": 10**6, "mln": 10**6, "mn": 10**6,
    "billion": 10**9, "bn": 10**9, "trillion": 10**12, "tn": 10**12,
}
_EN_MAGNITUDE_NAMES = {10**3: "thousand", 10**6: "million", 10**9: "billion", 10**12: "trillion"}


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_VI_MAGNITUDE = rf"(?:\s+(?P<mag>{_alternation(_VI_MAGNITUDES)})(?!\w))?"
_VI_PERCENT = r"(?:\s*(?P<pct>%)|\s+(?P<pctw>(?:điểm\s+)?phần\s+trăm)(?!\w))?"
_EN_MAGNITUDE = rf"(?:(?:\s+|(?<=\d))(?P<mag>{_alternation(_EN_MAGNITUDES)})(?!\w))?"
_EN_PERCENT = r"(?:\s*(?P<pct>%)|\s+(?P<pctw>per\s*cent(?:age\s+points?)?|percent(?:age\s+points?)?|pct)(?!\w))?"

_VI_FIGURE = re.compile(rf"(?P<num>{_DIGITS}){_VI_MAGNITUDE}{_VI_PERCENT}", re.IGNORECASE)
# English allows $ and suffixes glued to the digits ($3.8bn, 5th).
_EN_DIGITS = r"\d(?<![\w.,]\d)(?<![^\W\d]-\d)(?<!\d:\d)\d*(?:[.,]\d+)*(?=(?:bn|tn|mn|st|nd|rd|th|am|pm)?(?!\w)|%)(?![.,]\d|:\d)"
# "$3.8m", "€5m": after a currency sign a glued m is million (elsewhere 5m may be metres)
_EN_CURRENCY_MILLIONS = re.compile(r"(?<=[$€£¥])(\d+(?:\.\d+)?)m(?!\w)")
_EN_FIGURE = re.compile(
    rf"(?P<num>{_EN_DIGITS})(?P<ord>(?<=1)st|(?<=2)nd|(?<=3)rd|th)?{_EN_MAGNITUDE}{_EN_PERCENT}", re.IGNORECASE
)

# --- number words -------------------------------------------------------------------------------------

_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "dozen": 12,
}
_EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_EN_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "hundredth": 100,
}
_EN_WORD_NUMBER = re.compile(
    rf"(?<![\w-])(?:(?P<tens>{_alternation(_EN_TENS)})(?:-(?P<tunit>{_alternation(_EN_UNITS)}))?"
    rf"|(?P<unit>{_alternation(_EN_UNITS)})){_EN_MAGNITUDE}{_EN_PERCENT}(?![\w])",
    re.IGNORECASE,
)
_EN_WORD_ORDINAL = re.compile(
    rf"(?<![\w])(?:(?P<tens>{_alternation(_EN_TENS)})-)?(?P<ord>{_alternation(_EN_ORDINALS)})(?!\w)", re.IGNORECASE
)

_VI_UNITS = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6, "bảy": 7, "bẩy": 7,
    "tám": 8, "chín": 9, "mười": 10, "mốt": 1,
}
_VI_ORDINALS = {"nhất": 1, "nhì": 2, "hai": 2, "ba": 3, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7,
                "tám": 8, "chín": 9, "mười": 10}
_VI_WORD_NUMBER = re.compile(
    rf"(?<!\w)(?P<first>{_alternation(_VI_UNITS)})(?:\s+mươi(?:\s+(?P<last>{_alternation(_VI_UNITS)}))?)?"
    rf"{_VI_MAGNITUDE}{_VI_PERCENT}(?!\w)",
    re.IGNORECASE,
)
# "thứ năm" is "fifth", but "thứ Năm" (capitalised) and "ngày/vào thứ năm" are Thursday.
_VI_ORDINAL = re.compile(
    rf"(?<!\w)(?P<before>(?:ngày|hôm|sáng|trưa|chiều|tối|đêm|vào|từ|đến|tới|các|mỗi)\s+)?"
    rf"thứ\s+(?P<ord>\d+|{_alternation(_VI_ORDINALS)})(?!\w)"
)


def _figure_from_match(match: re.Match, value: Decimal | None, text_offset: int = 0, **flags) -> Figure | None:
    if value is None:
        return None
    magnitude = match.group("mag")
    if magnitude:
        table = _VI_MAGNITUDES if magnitude.lower() in _VI_MAGNITUDES else _EN_MAGNITUDES
        value *= table[re.sub(r"\s+", " ", magnitude.lower())]
    kind = PERCENT if (match.group("pct") or match.group("pctw")) else NUMBER
    return Figure(value, kind, match.group(0), match.start(), match.end(), **flags)


def _outside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return not any(s < end and start < e for s, e in spans)


def _spread_over_ranges(figures: list[Figure], text: str, connectors: str) -> list[Figure]:
    """In "25-50%" or "từ 3 đến 4 triệu" the first figure takes the second's unit and magnitude."""
    result = list(figures)
    for i in range(len(result) - 1, 0, -1):
        first, second = result[i - 1], result[i]
        between = text[first.end:second.start]
        if not re.fullmatch(rf"\s*(?:[-–—]|{connectors})\s*", between, re.IGNORECASE):
            continue
        if first.kind != NUMBER or first.text.strip() != _bare_number(first.text):
            continue  # the first already has its own unit or magnitude
        if first.kind == ORDINAL or second.kind == ORDINAL:
            continue
        scale = _scale_of(second)
        result[i - 1] = Figure(
            first.value * scale, second.kind, first.text, first.start, first.end, first.spelled, first.vietnamese_format
        )
    return result


def _bare_number(text: str) -> str:
    found = re.match(r"[\d.,]+|\w+(?:-\w+)?", text.strip())
    return found.group(0) if found else text


def _scale_of(figure: Figure) -> Decimal:
    """The magnitude a figure's words add (3,8 triệu → 10**6), found by re-reading its number."""
    bare = _bare_number(figure.text)
    base = parse_vietnamese_number(bare) or parse_english_number(bare)
    if base is None:
        base = _word_value(bare)
    if not base:
        return Decimal(1)
    return figure.value / base


def _word_value(word: str) -> Decimal | None:
    lower = word.lower()
    if lower in _EN_UNITS:
        return Decimal(_EN_UNITS[lower])
    if lower in _VI_UNITS:
        return Decimal(_VI_UNITS[lower])
    if "-" in lower:
        tens, _, unit = lower.partition("-")
        if tens in _EN_TENS and unit in _EN_UNITS:
            return Decimal(_EN_TENS[tens] + _EN_UNITS[unit])
    if lower in _EN_TENS:
        return Decimal(_EN_TENS[lower])
    return None


# --- dates ----------------------------------------------------------------------------------------

_VI_MONTH_WORDS = {
    "giêng": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7,
    "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "chạp": 12,
}
_VI_PARTS = {"đầu": "early", "giữa": "mid", "cuối": "late"}
# A month in words is not followed by "nay/ngoái/…" ("tháng năm nay" is not May).
_VI_MONTH = rf"(?:\d{{1,2}}|(?:{_alternation(_VI_MONTH_WORDS)})(?!\s+(?:nay|ngoái|tới|sau|trước|qua|rồi)(?!\w)))"
_VI_DATE = re.compile(
    r"(?<!\w)(?:"
    # ngày 5/4, ngày 5/4/2025, ngày 5-4, 5/4/2025
    r"(?:ngày\s+(?P<d1>\d{1,2})[/.-](?P<m1>\d{1,2})(?:[/.-](?P<y1>\d{4}))?)"
    r"|(?:(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y2>\d{4}))"
    # ngày 5 tháng 4 năm 2025; (đầu|giữa|cuối) tháng 4; tháng 4/2025; tháng 4 năm 2025
    rf"|(?:(?:ngày\s+(?P<d3>\d{{1,2}})\s+)?(?:(?P<part>đầu|giữa|cuối)\s+)?tháng\s+(?P<m3>{_VI_MONTH})"
    r"(?:(?:\s*/\s*|\s+năm\s+)(?P<y3>\d{4}))?)"
    # 4/2025 (month/year: the four digits make it clear)
    r"|(?:(?<![\d/])(?P<m4>\d{1,2})/(?P<y4>\d{4}))"
    # năm 2025
    r"|(?:năm\s+(?P<y5>\d{4}))"
    r")(?!\w)",
    re.IGNORECASE,
)

_EN_MONTH_ALIASES = {name.lower(): i + 1 for i, name in enumerate(MONTH_NAMES)}
_EN_MONTH_ALIASES.update(
    {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
     "nov": 11, "dec": 12}
)
_EN_MONTH = rf"(?:{'|'.join(sorted((m.capitalize() for m in _EN_MONTH_ALIASES), key=len, reverse=True))})\.?"
_EN_PART = r"(?:(?i:(?P<part>early|mid|late|middle\s+of|the\s+middle\s+of|beginning\s+of|the\s+beginning\s+of|end\s+of|the\s+end\s+of))[\s-]+)?"
_EN_DAY = r"(?:\d{1,2})(?:st|nd|rd|th)?"
_EN_DATE = re.compile(
    r"(?<![\w])(?:"
    # 5 April 2025, April 5, 2025, mid-April, April 2025
    rf"{_EN_PART}(?:(?P<d1>{_EN_DAY})\s+(?:of\s+)?)?(?P<m1>{_EN_MONTH})(?![\w])"
    rf"(?:\s+(?P<d2>{_EN_DAY})(?!\d))?(?:,?\s+(?P<y1>\d{{4}}))?(?!\d)"
    # 5/4/2025 copied from Vietnamese: day/month/year
    r"|(?P<d3>\d{1,2})/(?P<m3>\d{1,2})/(?P<y3>\d{4})"
    # in 2025
    r"|(?<=[Ii]n\s)(?P<y4>\d{4})"
    r")(?!\w)",
)
_EN_PART_NAMES = {"early": "early", "beginning of": "early", "mid": "mid", "middle of": "mid", "late": "late",
                  "end of": "late"}


def _int(text: str | None) -> int | None:
    return int(re.sub(r"\D", "", text)) if text else None


def vietnamese_dates(text: str) -> list[DateMention]:
    """Dates in Vietnamese text: tháng 4, giữa tháng 4, ngày 5/4, ngày 5 tháng 4 năm 2025, năm 2025."""
    found = []
    for m in _VI_DATE.finditer(text):
        day = _int(m.group("d1") or m.group("d2") or m.group("d3"))
        month_text = m.group("m1") or m.group("m2") or m.group("m3") or m.group("m4")
        if month_text and not month_text.isdigit():
            month = _VI_MONTH_WORDS[month_text.lower()]
        else:
            month = _int(month_text)
        year = _int(m.group("y1") or m.group("y2") or m.group("y3") or m.group("y4") or m.group("y5"))
        if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
            continue
        part = _VI_PARTS.get((m.group("part") or "").lower())
        found.append(DateMention(m.group(0), m.start(), m.end(), day, month, year, part))
    return found


def english_dates(text: str) -> list[DateMention]:
    """Dates in English text: April, mid-April, 5 April, April 5, 2025, April 2025, in 2025."""
    found = []
    for m in _EN_DATE.finditer(text):
        month_text = m.group("m1")
        if month_text and month_text.rstrip(".").lower() == "may" and not _may_is_a_month(text, m):
            continue
        if month_text and month_text.rstrip(".").lower() == "march" and m.start() == 0 and not (m.group("d2") or m.group("y1")):
            continue  # "March on Moscow" at the start of a sentence
        month = _EN_MONTH_ALIASES[month_text.rstrip(".").lower()] if month_text else _int(m.group("m3"))
        day = _int(m.group("d1") or m.group("d2") or m.group("d3"))
        year = _int(m.group("y1") or m.group("y3") or m.group("y4"))
        if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
            continue
        part_text = re.sub(r"^the\s+|\s+", " ", (m.group("part") or "").lower()).strip()
        part = _EN_PART_NAMES.get(part_text)
        found.append(DateMention(m.group(0), m.start(), m.end(), day, month, year, part))
    return found


def _may_is_a_month(text: str, match: re.Match) -> bool:
    """"May" is a month after in/on/since/mid-… or next to a day or year, not the verb."""
    if match.group("d1") or match.group("d2") or match.group("y1") or match.group("part"):
        return True
    before = text[: match.start()].rstrip().rsplit(None, 1)
    return bool(before) and before[-1].lower() in {"in", "on", "since", "until", "by", "from", "to", "of", "early", "late", "through"}


# --- figures --------------------------------------------------------------------------------------

def vietnamese_figures(text: str, words: bool = False, dates: list[DateMention] | None = None) -> list[Figure]:
    """Figures written in digits in Vietnamese text (dates excluded); with words=True also
    number words (hai, mười lăm) — useful to accept "two" or "2" in the English. Pass the
    text's vietnamese_dates if you have them already."""
    date_spans = [(d.start, d.end) for d in (vietnamese_dates(text) if dates is None else dates)]
    figures = []
    for m in _VI_FIGURE.finditer(text):
        if _outside(date_spans, m.start(), m.end()):
            figure = _figure_from_match(m, parse_vietnamese_number(m.group("num")))
            if figure:
                figures.append(figure)
    ordinal_spans = []
    for m in _VI_ORDINAL.finditer(text) if "thứ" in text else ():
        word = m.group("ord")
        if m.group("before") or (not word.isdigit() and word[0].isupper()):
            continue  # a weekday: "vào thứ năm", "thứ Năm"
        value = int(word) if word.isdigit() else _VI_ORDINALS[word.lower()]
        figures = [f for f in figures if not (f.start >= m.start("ord") and f.end <= m.end("ord"))]
        figures.append(Figure(Decimal(value), ORDINAL, m.group(0), m.start(), m.end(), spelled=not word.isdigit()))
        ordinal_spans.append((m.start(), m.end()))
    if words:
        taken = date_spans + ordinal_spans + [(f.start, f.end) for f in figures]
        for m in _VI_WORD_NUMBER.finditer(text):
            if not _outside(taken, m.start(), m.end()):
                continue
            value = _VI_UNITS[m.group("first").lower()]
            if "mươi" in m.group(0).lower():
                value = value * 10 + (_VI_UNITS[m.group("last").lower()] if m.group("last") else 0)
            figure = _figure_from_match(m, Decimal(value), spelled=True)
            figures.append(figure)
    figures.sort(key=lambda f: f.start)
    return _spread_over_ranges(figures, text, r"đến|tới|và|-")


def english_figures(text: str, spelled: bool = True, dates: list[DateMention] | None = None) -> list[Figure]:
    """Figures in English text: digits (3.8 million, 1,000,000, 25%, 5th), and with spelled=True
    number words (five, twenty-five) and ordinals (fifth); dates excluded (pass the text's
    english_dates if you have them). A Vietnamese-format number left in the English
    ("28,7 million") is read the Vietnamese way and marked vietnamese_format."""
    date_spans = [(d.start, d.end) for d in (english_dates(text) if dates is None else dates)]
    figures = []
    for m in _EN_FIGURE.finditer(text):
        if not _outside(date_spans, m.start(), m.end()):
            continue
        token = m.group("num")
        value = parse_english_number(token)
        vietnamese_format = value is None
        if vietnamese_format:
            value = parse_vietnamese_number(token)
        if m.group("ord"):
            if value is None or "." in token or "," in token:
                continue
            figures.append(Figure(value, ORDINAL, m.group(0), m.start(), m.end()))
            continue
        figure = _figure_from_match(m, value, vietnamese_format=vietnamese_format)
        if figure:
            figures.append(figure)
    for m in _EN_CURRENCY_MILLIONS.finditer(text) if _has_currency_sign(text) else ():
        figures.append(Figure(Decimal(m.group(1)) * 10**6, NUMBER, m.group(0), m.start(), m.end()))
    for m in _EN_WORD_NUMBER.finditer(text) if spelled else ():
        if not _outside(date_spans, m.start(), m.end()):
            continue
        if m.group("unit"):
            value = _EN_UNITS[m.group("unit").lower()]
        else:
            value = _EN_TENS[m.group("tens").lower()] + (_EN_UNITS[m.group("tunit").lower()] if m.group("tunit") else 0)
        figure = _figure_from_match(m, Decimal(value), spelled=True)
        figures.append(figure)
    for m in _EN_WORD_ORDINAL.finditer(text) if spelled else ():
        value = _EN_ORDINALS[m.group("ord").lower()] + (_EN_TENS[m.group("tens").lower()] if m.group("tens") else 0)
        figures.append(Figure(Decimal(value), ORDINAL, m.group(0), m.start(), m.end(), spelled=True))
    figures.sort(key=lambda f: f.start)
    return _spread_over_ranges(figures, text, r"to|and")


def _has_currency_sign(text: str) -> bool:
    return "$" in text or "€" in text or "£" in text or "¥" in text


def english_rendering(figure: Figure) -> str:
    """How a figure reads in English: 28,7 triệu → "28.7 million", 95% → "95%", thứ năm → "5th"."""
    if figure.kind == ORDINAL:
        n = int(figure.value)
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    value = figure.value
    words = ""
    for scale in sorted(_EN_MAGNITUDE_NAMES, reverse=True):
        if abs(value) >= scale and (figure.spelled or _has_magnitude_word(figure.text)):
            value, words = value / scale, " " + _EN_MAGNITUDE_NAMES[scale]
            break
    number = format_english_number(value)
    return number + words + ("%" if figure.kind == PERCENT else "")


def _has_magnitude_word(text: str) -> bool:
    lower = text.lower()
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", lower) for w in (*_VI_MAGNITUDES, *_EN_MAGNITUDES))


def format_english_number(value: Decimal) -> str:
    """1000000 → "1,000,000"; 3.80 → "3.8"; 2025 stays "2025" (years are not grouped)."""
    value = value.normalize()
    if value == value.to_integral_value():
        integer = int(value)
        return str(integer) if 1000 <= integer <= 2999 else f"{integer:,}"
    text = format(value, "f")
    whole, _, decimals = text.partition(".")
    return f"{int(whole):,}.{decimals}"


# --- localizing numbers copied into English --------------------------------------------------------

_ANY_NUMBER = re.compile(r"(?<![\w.,/])\d+(?:[.,]\d+)+(?![\w/]|[.,]\d)")


def localize_figures(english_text: str, vietnamese_source: str = "") -> str:
    """Rewrite Vietnamese-format numbers left in English text the English way, digits kept.

    "28,7 triệu tấn" → "28.7 triệu tấn" (words are the translator's job); "1.000.000" → "1,000,000".
    A number valid in both formats ("1.000", "3,800") is rewritten only when it was copied
    verbatim from the Vietnamese source, where it has the Vietnamese meaning. Dates ("5/4/2025")
    and version-like strings are left alone.
    """
    source_tokens = set(_ANY_NUMBER.findall(vietnamese_source)) if vietnamese_source else set()

    def rewrite(match: re.Match) -> str:
        token = match.group(0)
        english_value = parse_english_number(token)
        vietnamese_value = parse_vietnamese_number(token)
        if vietnamese_value is None:
            return token  # neither format (1.2.3, 1,2,3): not ours to touch
        if english_value is None or (token in source_tokens and english_value != vietnamese_value):
            return english_digits(token) or token
        return token

    return _ANY_NUMBER.sub(rewrite, english_text)
