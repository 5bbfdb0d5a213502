"""Figures and dates in Vietnamese and English text, as values that can be compared.

Vietnamese writes 3,8 (decimal comma) and 1.000.000 (thousands dot); English writes 3.8 and
1,000,000. Both sides are read into exact Decimal values with their kind (number, percent,
ordinal, fraction, time, digit string), so "3,8 triệu" and "3.8 million" and "3,800,000" compare
equal. Dates are read into (day, month, year, part-of-month) so "giữa tháng 4" and "mid-April"
compare equal.

Where news text can mean two things, a figure carries its other readings (`Figure.also`) and
either one may match: "10,000" in Vietnamese is ten thousand written the English way or 10.000;
"phút 89" is 89 or the 89th (minute); "30m" in English is 30 metres or 30 million.
"""

# Annotations evaluated, not `from __future__ import annotations`: typing.NamedTuple compiles a
# string annotation per field, ~0.2 ms a class, paid by every run at start-up.
import functools
import re
from decimal import Decimal
from typing import NamedTuple

from .lazy_pattern import lazy_compile

NUMBER = "number"
PERCENT = "percent"
ORDINAL = "ordinal"
FRACTION = "fraction"  # 1/3, a third, two-thirds, half
TIME = "time"  # a clock or game-clock time: 10:30, 10 giờ 30, 10.30am, 13:10
DIGITS = "digits"  # a dotted digit string that is no number: 0912.345.678, 192.168.1.1, 1.2.3
DAY_MONTH = "day-month"  # only as another reading: a bare 30/9 may be a date

_HALF_DAY = 12 * 3600  # times compare on a 12-hour clock: "10 giờ" is 10am or 10pm


class Figure(NamedTuple):
    """A figure in a text: `value` is exact (3,8 triệu → 3800000); `text` is as written.

    A time's value is seconds after midnight; a digit string's value is its digits ("0912345678").
    """

    value: Decimal | str
    kind: str  # NUMBER, PERCENT, ORDINAL, FRACTION, TIME or DIGITS
    text: str
    start: int
    end: int
    spelled: bool = False  # written in words ("five", "hai"), not digits
    vietnamese_format: bool = False  # English text holding a Vietnamese-format number ("28,7")
    also: tuple[tuple[str, object], ...] = ()  # other readings, as keys: any one may match

    @property
    def key(self) -> tuple[str, object]:
        if self.kind == TIME:
            return (TIME, self.value % _HALF_DAY)
        return (self.kind, self.value)

    @property
    def keys(self) -> tuple[tuple[str, object], ...]:
        """Every reading of the figure, its main one first."""
        # key spelled out, not asked: the number check reads the keys of every figure of every entry
        key = (TIME, self.value % _HALF_DAY) if self.kind == TIME else (self.kind, self.value)
        return (key, *self.also) if self.also else (key,)


class DateMention(NamedTuple):
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
# 10h30) are read by their own patterns. The patterns start with \d and look behind it afterwards
# (same matches as looking behind first): a leading digit lets the regex engine skip to digits.
_DIGIT_RUN = r"\d(?<![\w.,]\d)(?<![^\W\d]-\d)(?<!\d:\d)\d*(?:[.,]\d+)*(?![.,]\d|:\d)"
_DIGITS = rf"{_DIGIT_RUN}(?!\w)"
_ENGLISH_GROUPED = lazy_compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_ENGLISH_PLAIN = lazy_compile(r"\d+(?:\.\d+)?")
_VIETNAMESE_GROUPED = lazy_compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_VIETNAMESE_DECIMAL = lazy_compile(r"\d+,\d+")
_ENGLISH_MILLIONS = lazy_compile(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?")
_NON_DIGITS = lazy_compile(r"\D")
_SPACES = lazy_compile(r"\s+")


def parse_vietnamese_number(token: str) -> Decimal | None:
    """3,8 → 3.8; 1.000.000 → 1000000; 1.234,5 → 1234.5. English-style 3.8 is tolerated."""
    if token.isdecimal():  # digits only (what \d matches), the usual case: the patterns below agree
        return Decimal(token)
    if _VIETNAMESE_GROUPED.fullmatch(token):
        return Decimal(token.replace(".", "").replace(",", "."))
    if _VIETNAMESE_DECIMAL.fullmatch(token):
        return Decimal(token.replace(",", "."))
    if _ENGLISH_MILLIONS.fullmatch(token):  # 1,000,000: only English can mean this
        return Decimal(token.replace(",", ""))
    if _ENGLISH_PLAIN.fullmatch(token):
        return Decimal(token)
    return None


def parse_english_number(token: str) -> Decimal | None:
    """3.8 → 3.8; 1,000,000 → 1000000; None for what English does not write (3,8; 1.000.000)."""
    if token.isdecimal():  # digits only (what \d matches), the usual case: the patterns below agree
        return Decimal(token)
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

# Units news glues to a figure (30m, 5km, 100kg, 40C); the figure is read, the unit is not compared.
_VI_GLUED_UNITS = "km/h|km2|km²|m2|m²|m3|kWh|MWh|kW|MW|GW|km|cm|mm|mg|kg|ha|m|g|USD|đ"
_EN_GLUED_UNITS = "km/h|km2|km²|m2|m²|m3|kmh|kph|mph|kWh|MWh|GWh|kW|MW|GW|km|cm|mm|mg|kg|ha|ft|lbs|lb|mi|yd|oz|GB|MB|TB|g|m|k|C|F|s"
_VI_FIGURE = lazy_compile(
    rf"(?P<num>{_DIGIT_RUN})(?:(?P<unit>{_VI_GLUED_UNITS})(?!\w)|(?!\w)){_VI_MAGNITUDE}{_VI_PERCENT}", re.IGNORECASE
)
# English also glues ordinal suffixes and magnitudes to the digits (5th, $3.8bn, £5million).
_EN_FIGURE = lazy_compile(
    rf"(?P<num>{_DIGIT_RUN})"
    rf"(?:(?P<ord>(?<=1)st|(?<=2)nd|(?<=3)rd|th)(?!\w)|(?P<unit>{_EN_GLUED_UNITS})(?!\w)|(?!\w)"
    rf"|(?=(?:{_alternation(_EN_MAGNITUDES)}|am|pm)(?!\w)))"
    rf"{_EN_MAGNITUDE}{_EN_PERCENT}",
    re.IGNORECASE,
)
_CURRENCY_SIGNS = "$€£¥"

# Clock and game-clock times. "10 giờ" alone may be a duration (10 hours): read both ways.
_VI_TIME = lazy_compile(
    r"(?P<h>\d(?<![\w.,:/]\d)\d?)(?:"
    r":(?P<m1>\d{2})(?::(?P<s1>\d{2}))?"
    r"|h(?P<m2>\d{2})?"
    r"|\s+giờ(?:\s+(?P<m3>\d{1,2})(?:\s+phút)?)?"
    r"|\.(?P<m4>\d{2})(?:\s+giờ)?(?=\s+(?:sáng|trưa|chiều|tối|đêm)(?!\w))"  # 7.55 (giờ) sáng
    r"|\.(?P<m5>\d{2})\s+giờ"
    r")(?![\w:]|[.,]\d)",
    re.IGNORECASE,
)
_EN_TIME = lazy_compile(
    r"(?P<h>\d(?<![\w.,:/$€£¥]\d)\d?)(?:"
    r"(?P<sep>[:.])(?P<m1>\d{2})(?::(?P<s1>\d{2}))?(?:\s*(?P<ap1>[ap]\.m\.|[ap]m(?!\w)))?"
    r"|\s*(?P<ap2>[ap]\.m\.|[ap]m(?!\w))"
    r"|\s+o['’]clock"
    r")(?![\w:]|[.,]\d)",
    re.IGNORECASE,
)
# a/b: a fraction when a < b (1/3), else two figures (24/7); either may be a day/month (1/3 = 1 March).
_SLASH_PAIR = lazy_compile(r"(?P<a>\d(?<![\w.,/]\d)\d{0,2})/(?P<b>\d{1,3})(?![\w/]|[.,]\d)")
# A number after these nouns is an English ordinal: phút 89 = 89th minute, thế kỷ 19 = 19th century,
# hiệp 1 = first half, kỷ niệm 50 năm = 50th anniversary, Phố 125 = 125th Street.
_VI_ORDINAL_NOUNS = (
    "phút", "thế kỷ", "thế kỉ", "hiệp", "quý", "lần", "phần", "vòng", "tập", "kỳ", "kì", "kỳ họp", "khóa", "khoá",
    "hạng", "vị trí", "phố", "đường", "tầng", "chương", "mùa", "đợt", "ván", "lượt", "tuần", "ngày", "thế chiến",
    "chiến tranh thế giới", "sinh nhật", "kỷ niệm", "kỉ niệm", "đại hội", "thế hệ",
)
_VI_ORDINAL_NOUN_SET = frozenset(_VI_ORDINAL_NOUNS)


_VI_ORDINAL_NOUN_ENDS = frozenset(noun.rsplit(None, 1)[-1] for noun in _VI_ORDINAL_NOUNS) | {"tròn"}


def _after_ordinal_noun(text: str, start: int) -> bool:
    """Whether the number at `start` follows one of _VI_ORDINAL_NOUNS ("phút 89", "kỷ niệm tròn 50")."""
    if not start or text[start - 1] != " ":
        return False
    previous_word = text[text.rfind(" ", 0, start - 1) + 1:start - 1]
    if previous_word.lower() not in _VI_ORDINAL_NOUN_ENDS:
        return False  # the common case, decided without splitting the text
    words = text[max(0, start - 32):start].lower().split()
    if words and words[-1] == "tròn":
        words.pop()
    return any(" ".join(words[-n:]) in _VI_ORDINAL_NOUN_SET for n in range(1, min(4, len(words)) + 1))


# "WW1", "WWII", "World War II": a war's number is an ordinal (the First World War).
_EN_WORLD_WAR = lazy_compile(r"(?<!\w)(?:WW\s?|World\s+War\s+)(?P<n>[12]|II|I)(?!\w)")

# --- number words -------------------------------------------------------------------------------------

_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "dozen": 12, "nil": 0,
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
_EN_WORD_NUMBER = lazy_compile(
    rf"(?<![\w-])(?:(?P<tens>{_alternation(_EN_TENS)})(?:-(?P<tunit>{_alternation(_EN_UNITS)}))?"
    rf"|(?P<unit>{_alternation(_EN_UNITS)})){_EN_MAGNITUDE}{_EN_PERCENT}(?![\w])",
    re.IGNORECASE,
)
# "a million" is 1,000,000; "3-nil" is a score (the pattern above skips words after a hyphen:
# "twenty-five" is one number, not "five").
_EN_A_MAGNITUDE_OR_NIL = lazy_compile(
    rf"(?<!\w)(?:an?(?=\s+(?:hundred|thousand|million|billion|trillion)(?!\w))|(?<=\d-)nil){_EN_MAGNITUDE}(?!\w)",
    re.IGNORECASE,
)
_EN_WORD_ORDINAL = lazy_compile(
    rf"(?<![\w])(?:(?P<tens>{_alternation(_EN_TENS)})-)?(?P<ord>{_alternation(_EN_ORDINALS)})(?!\w)", re.IGNORECASE
)

# Fractions in words: "a third", "two-thirds", "half", "three quarters".
_EN_FRACTION_DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8,
    "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}
_EN_WORD_FRACTION = lazy_compile(
    rf"(?<![\w-])(?:(?P<n>an?|{_alternation(k for k, v in _EN_UNITS.items() if 1 <= v <= 10)})[\s-]+)?"
    rf"(?P<d>{_alternation(_EN_FRACTION_DENOMINATORS)})(?!\w)",
    re.IGNORECASE,
)

_VI_UNITS = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6, "bảy": 7, "bẩy": 7,
    "tám": 8, "chín": 9, "mười": 10, "mốt": 1,
}
_VI_ORDINALS = {"nhất": 1, "nhì": 2, "hai": 2, "ba": 3, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7,
                "tám": 8, "chín": 9, "mười": 10}
_VI_WORD_NUMBER = lazy_compile(
    rf"(?<!\w)(?P<first>{_alternation(_VI_UNITS)})(?:\s+mươi(?:\s+(?P<last>{_alternation(_VI_UNITS)}))?)?"
    rf"{_VI_MAGNITUDE}{_VI_PERCENT}(?!\w)",
    re.IGNORECASE,
)
# một nửa, nửa (half); hai phần ba (two thirds); "phần trăm" is a percent, not a fraction.
_VI_WORD_FRACTION = lazy_compile(
    rf"(?<!\w)(?:(?P<n>{_alternation(_VI_UNITS)})\s+phần\s+(?P<d>{_alternation(_VI_UNITS)})|(?:một\s+)?nửa)(?!\w)",
    re.IGNORECASE,
)
# "thứ năm" is "fifth", but "thứ Năm" (capitalised) and "ngày/vào thứ năm" are Thursday.
# (The word before is looked at by _after_weekday_word: a pattern starting with "thứ" is found
# at once, one starting with an optional word before it is tried at every place of the text.)
_VI_ORDINAL = lazy_compile(rf"(?<!\w)thứ\s+(?P<ord>\d+(?![\d:])|{_alternation(_VI_ORDINALS)})(?!\w)")
_VI_WEEKDAY_BEFORE = ("ngày", "hôm", "sáng", "trưa", "chiều", "tối", "đêm", "vào", "từ", "đến", "tới", "các", "mỗi")


def _after_weekday_word(text: str, start: int) -> bool:
    """Whether "thứ" at `start` follows one of _VI_WEEKDAY_BEFORE as a word, white space between."""
    before = text[:start]
    word_end = len(before.rstrip())  # rstrip strips what \s matches
    if word_end == start:
        return False
    for word in _VI_WEEKDAY_BEFORE:
        word_start = word_end - len(word)
        if before.startswith(word, word_start) and word_start >= 0 and (
                word_start == 0 or not _is_word_character(before[word_start - 1])):
            return True
    return False


def _is_word_character(char: str) -> bool:
    return char.isalnum() or char == "_"  # what \w matches


def _figure_from_match(match: re.Match, value: Decimal | None, text_offset: int = 0, **flags) -> Figure | None:
    if value is None:
        return None
    magnitude, percent, percent_words = match.group("mag", "pct", "pctw")
    if magnitude:
        table = _VI_MAGNITUDES if magnitude.lower() in _VI_MAGNITUDES else _EN_MAGNITUDES
        value *= table[_SPACES.sub(" ", magnitude.lower())]
    kind = PERCENT if (percent or percent_words) else NUMBER
    start, end = match.span()
    return Figure(value, kind, match.group(0), start, end, **flags)


def _outside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    for s, e in spans:  # a loop, not any(): most texts have no or one span, and this runs per figure
        if s < end and start < e:
            return False
    return True


def _spread_over_ranges(figures: list[Figure], text: str, connectors: str) -> list[Figure]:
    """In "25-50%" or "từ 3 đến 4 triệu" the first figure takes the second's unit and magnitude."""
    if len(figures) < 2:
        return figures
    result = list(figures)
    for i in range(len(result) - 1, 0, -1):
        first, second = result[i - 1], result[i]
        between = text[first.end:second.start]
        if not _range_between(connectors).fullmatch(between):
            continue
        if first.kind != NUMBER or first.text.strip() != _bare_number(first.text):
            continue  # the first already has its own unit or magnitude
        if second.kind not in (NUMBER, PERCENT):
            continue
        scale = _scale_of(second)
        if scale == 1 and second.kind == first.kind:
            continue
        result[i - 1] = Figure(
            first.value * scale, second.kind, first.text, first.start, first.end, first.spelled, first.vietnamese_format
        )
    return result


@functools.cache
def _range_between(connectors: str) -> re.Pattern:
    return re.compile(rf"\s*(?:[-–—]|{connectors})\s*", re.IGNORECASE)


_BARE_NUMBER = lazy_compile(r"[\d.,]+|\w+(?:-\w+)?")


def _bare_number(text: str) -> str:
    found = _BARE_NUMBER.match(text.strip())
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
_VI_DATE = lazy_compile(
    r"(?<!\w)(?:"
    # ngày 5/4, ngày 5/4/2025, ngày 5-4, 5/4/2025
    r"(?:ngày\s+(?P<d1>\d{1,2})[/.-](?P<m1>\d{1,2})(?:[/.-](?P<y1>\d{4}))?)"
    r"|(?:(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y2>\d{4}))"
    # ngày 5 tháng 4 năm 2025; 30 tháng 9 (news drops "ngày"); (đầu|giữa|cuối) tháng 4; tháng 4/2025
    rf"|(?:(?:(?:ngày\s+)?(?<![\d.,])(?P<d3>\d{{1,2}})\s+)?(?:(?P<part>đầu|giữa|cuối)\s+)?tháng\s+(?P<m3>{_VI_MONTH})"
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
_EN_MONTH_WORDS = "|".join(sorted((m.capitalize() for m in _EN_MONTH_ALIASES), key=len, reverse=True))
_EN_MONTH = rf"(?:{_EN_MONTH_WORDS})\.?"
_EN_PART = r"(?:(?i:(?P<part>early|mid|late|middle\s+of|the\s+middle\s+of|beginning\s+of|the\s+beginning\s+of|end\s+of|the\s+end\s+of))[\s-]+)?"
_EN_DAY = r"(?:\d{1,2})(?:st|nd|rd|th)?"
_EN_DATE = lazy_compile(
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
# What every English date holds, found in one cheap scan before the full pattern: a month's name
# as a word, a d/m/yyyy, or a year after "in" (most sentences that pass the context's quick test
# only say "in" and hold a digit somewhere).
_EN_DATE_HINT = lazy_compile(rf"(?<!\w)(?:{_EN_MONTH_WORDS})(?!\w)|\d/\d{{1,2}}/\d{{4}}|[Ii]n\s\d{{4}}(?!\w)")
_THE_OR_SPACES = lazy_compile(r"^the\s+|\s+")
_EN_PART_NAMES = {"early": "early", "beginning of": "early", "mid": "mid", "middle of": "mid", "late": "late",
                  "end of": "late"}


def _int(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) if text.isdecimal() else int(_NON_DIGITS.sub("", text))  # "5th": the digits


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
    if _EN_DATE_HINT.search(text) is None:
        return found
    for m in _EN_DATE.finditer(text):
        month_text = m.group("m1")
        if month_text and month_text.rstrip(".").lower() == "may" and not _may_is_a_month(text, m):
            continue
        if month_text and _month_is_a_name(text, m):
            continue
        if month_text and month_text.rstrip(".").lower() == "march" and m.start() == 0 and not (m.group("d2") or m.group("y1")):
            continue  # "March on Moscow" at the start of a sentence
        month = _EN_MONTH_ALIASES[month_text.rstrip(".").lower()] if month_text else _int(m.group("m3"))
        day = _int(m.group("d1") or m.group("d2") or m.group("d3"))
        year = _int(m.group("y1") or m.group("y3") or m.group("y4"))
        if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
            continue
        part_text = _THE_OR_SPACES.sub(" ", m.group("part").lower()).strip() if m.group("part") else ""
        part = _EN_PART_NAMES.get(part_text)
        found.append(DateMention(m.group(0), m.start(), m.end(), day, month, year, part))
    return found


def _may_is_a_month(text: str, match: re.Match) -> bool:
    """"May" is a month after in/on/since/mid-… or next to a day or year, not the verb."""
    if match.group("d1") or match.group("d2") or match.group("y1") or match.group("part"):
        return True
    before = text[: match.start()].rstrip().rsplit(None, 1)
    return bool(before) and before[-1].lower() in {"in", "on", "since", "until", "by", "from", "to", "of", "early", "late", "through"}


# Words after which a capitalised month name is still a month ("In June Congress voted").
_DATE_PREPOSITIONS = {"in", "on", "since", "until", "till", "by", "from", "to", "of", "early", "late", "through",
                      "last", "next", "this", "during", "before", "after", "mid", "between", "and", "or", "each",
                      "every", "around", "throughout"}


def _month_is_a_name(text: str, match: re.Match) -> bool:
    """"Jan Smith", "Theresa May", "Mrs May", "Brian May": a month word with no day, year or part
    of the month, beside a capitalised word, is part of a name."""
    if match.group("d1") or match.group("d2") or match.group("y1") or match.group("part"):
        return False
    before = text[: match.start("m1")].rstrip()
    previous = re.search(r"([\w'’.]+)$", before)
    previous_word = previous.group(1).rstrip(".") if previous else ""
    if previous_word.lower() in _DATE_PREPOSITIONS:
        return False
    # A capitalised word before, unless it only starts the sentence ("The March rally"), or after.
    beside_a_name = (previous_word[:1].isupper() and not _starts_sentence(before[: previous.start()])) or (
        re.match(r"\s+[A-Z][a-z]", text[match.end("m1"):]) is not None)
    return beside_a_name and not _is_title_case(text)


def _is_title_case(text: str) -> bool:
    """A headline in Title Case ("Drought Areas May Benefit"): most longer words capitalised."""
    words = re.findall(r"[^\W\d_]{4,}", text)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _starts_sentence(text_before: str) -> bool:
    stripped = text_before.rstrip()
    return not stripped or stripped[-1] in ".!?:;\"“”'‘’(–—-"


# --- figures --------------------------------------------------------------------------------------

def vietnamese_figures(text: str, words: bool = False, dates: list[DateMention] | None = None) -> list[Figure]:
    """Figures written in digits in Vietnamese text (dates excluded); with words=True also
    number words (hai, mười lăm, một nửa) — useful to accept "two" or "2" in the English. Pass
    the text's vietnamese_dates if you have them already."""
    taken = [(d.start, d.end) for d in (vietnamese_dates(text) if dates is None else dates)]
    figures, clock_like = _times(_VI_TIME, text, taken)  # clock_like: "10 giờ" is 10 o'clock or 10 hours
    day_months = _slash_pairs(text, taken, figures) if "/" in text else {}
    for m in _VI_FIGURE.finditer(text):
        if not _outside(taken, m.start(), m.end()):
            continue
        token = m.group("num")
        value = parse_vietnamese_number(token)
        if value is None:
            figures.append(_digit_string(m, token))
            continue
        figure = _figure_from_match(m, value)
        also = []
        if "," in token and _ENGLISH_ONE_GROUP.fullmatch(token):
            # "10,000" in Vietnamese news is mostly ten thousand written the English way.
            english = _figure_from_match(m, Decimal(token.replace(",", ""))).value  # (not a ratio: 0,000 is 0)
            if not m.group("mag"):
                figure, english = _replace(figure, value=english), figure.value
            also.append((figure.kind, english))
        if figure.kind == NUMBER and _after_ordinal_noun(text, m.start()):
            also.append((ORDINAL, value))
        if m.start() in day_months:
            also.append((DAY_MONTH, day_months[m.start()]))
        if m.start() in clock_like and figure.text == token:
            also += clock_like[m.start()].also
        figures.append(_replace(figure, also=tuple(also)) if also else figure)
    for m in _VI_ORDINAL.finditer(text) if "thứ" in text else ():
        word = m.group("ord")
        if _after_weekday_word(text, m.start()) or (not word.isdigit() and word[0].isupper()):
            continue  # a weekday: "vào thứ năm", "thứ Năm"
        value = Decimal(int(word) if word.isdigit() else _VI_ORDINALS[word.lower()])
        figures = [f for f in figures if not (f.start >= m.start("ord") and f.end <= m.end("ord"))]
        # "Thế chiến thứ nhất" is World War One as well as the First World War.
        figures.append(Figure(value, ORDINAL, m.group(0), m.start(), m.end(), spelled=not word.isdigit(),
                              also=((NUMBER, value),)))
        taken.append((m.start(), m.end()))
    if words:
        taken += [(f.start, f.end) for f in figures]
        starts = _word_starts(text)
        for m in _word_matches(_VI_WORD_NUMBER, text, starts, _VI_UNIT_WORDS):
            if not _outside(taken, m.start(), m.end()):
                continue
            value = _VI_UNITS[m.group("first").lower()]
            if "mươi" in m.group(0).lower():
                value = value * 10 + (_VI_UNITS[m.group("last").lower()] if m.group("last") else 0)
            figure = _figure_from_match(m, Decimal(value), spelled=True)
            figures.append(figure)
        for m in _word_matches(_VI_WORD_FRACTION, text, starts, _VI_FRACTION_FIRST_WORDS) if (
                "nửa" in text or "phần" in text) else ():
            n, d = (_VI_UNITS[m.group("n").lower()], _VI_UNITS[m.group("d").lower()]) if m.group("d") else (1, 2)
            figures.append(Figure(_fraction(n, d), FRACTION, m.group(0), m.start(), m.end(), spelled=True))
    figures.sort(key=lambda f: f.start)
    return _spread_over_ranges(figures, text, r"đến|tới|và|-")


_ENGLISH_ONE_GROUP = lazy_compile(r"\d{1,3},\d{3}")


def english_figures(text: str, spelled: bool = True, dates: list[DateMention] | None = None) -> list[Figure]:
    """Figures in English text: digits (3.8 million, 1,000,000, 25%, 5th, £5million, 1990s),
    times (10:30, 10.30am), fractions (1/3), and with spelled=True number words (five,
    twenty-five), ordinals (fifth) and fractions (a third, half); dates excluded (pass the text's
    english_dates if you have them). A Vietnamese-format number left in the English
    ("28,7 million") is read the Vietnamese way and marked vietnamese_format."""
    taken = [(d.start, d.end) for d in (english_dates(text) if dates is None else dates)]
    figures, clock_like = _times(_EN_TIME, text, taken)  # clock_like: 10.30 is 10.3 or half past ten
    if "/" in text:
        _slash_pairs(text, taken, figures)
    for m in _EN_FIGURE.finditer(text):
        if not _outside(taken, m.start(), m.end()):
            continue
        token = m.group("num")
        value = parse_english_number(token)
        vietnamese_format = value is None
        if vietnamese_format:
            value = parse_vietnamese_number(token)
        if value is None:
            figures.append(_digit_string(m, token))
            continue
        if m.group("ord"):
            if "." in token or "," in token:
                continue
            figures.append(Figure(value, ORDINAL, m.group(0), m.start(), m.end()))
            continue
        figure = _figure_from_match(m, value, vietnamese_format=vietnamese_format)
        unit = (m.group("unit") or "").lower()
        if unit in _EN_UNIT_READINGS and not m.group("mag") and figure.kind == NUMBER:
            figure = _EN_UNIT_READINGS[unit](figure, text)
        if m.start() in clock_like and figure.text == token:
            figure = _replace(figure, also=figure.also + clock_like[m.start()].also)
        figures.append(figure)
    if "WW" in text or "World War" in text:
        for m in _EN_WORLD_WAR.finditer(text):
            n = m.group("n")
            figures.append(Figure(Decimal({"I": 1, "II": 2}.get(n) or int(n)), ORDINAL, m.group(0), m.start(), m.end()))
    if spelled:
        _english_number_words(text, taken, figures)
    figures.sort(key=lambda f: f.start)
    return _spread_over_ranges(figures, text, r"to|and")


# The word patterns below ignore case, and so try each of their words at each place in the text:
# far slower than collecting the text's words once and skipping a pattern none of whose words is
# there. Each pattern's words only match as whole words (\w on neither side), so a \w+ run of the
# text, lower-cased, must be one of them. Case-insensitive matching also takes these for i, s, k;
# mapped first, they make lower() give the letter the pattern would have matched.
_CASE_TWINS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _word_key(word: str) -> str:
    """A word as the case-insensitive patterns matched it, as the tables spell it (ſeven: seven)."""
    return word.translate(_CASE_TWINS).lower()


_WORD_RUN = lazy_compile(r"\w+")
_EN_FRACTION_WORD_SET = frozenset(_EN_FRACTION_DENOMINATORS)
_EN_NUMBER_WORD_SET = frozenset((*_EN_UNITS, *_EN_TENS))
_EN_ORDINAL_WORD_SET = frozenset(_EN_ORDINALS)


def _english_number_words(text: str, taken: list[tuple[int, int]], figures: list[Figure]) -> None:
    taken = list(taken)
    starts = _word_starts(text)
    words = starts.keys() if starts is not None else set(_WORD_RUN.findall(_word_key(text)))
    for m in _word_matches(_EN_WORD_FRACTION, text, starts, _EN_FRACTION_FIRST_WORDS) if not words.isdisjoint(
            _EN_FRACTION_WORD_SET) else ():  # "two-thirds" is not "two"
        word = _word_key(m.group("d"))
        if not m.group("n") and word in _EN_ORDINALS:
            continue  # "third" alone: an ordinal, read below with its fraction reading
        n = _word_key(m.group("n")) if m.group("n") else "a"
        numerator = 1 if n in ("a", "an") else _EN_UNITS[n]
        denominator = _EN_FRACTION_DENOMINATORS[word]
        # "a third defeat" is the third one; "a third of the vote" is a fraction
        also = ((ORDINAL, Decimal(denominator)),) if word in _EN_ORDINALS and n in ("a", "an") else ()
        figures.append(Figure(_fraction(numerator, denominator), FRACTION, m.group(0), m.start(), m.end(),
                              spelled=True, also=also))
        taken.append((m.start(), m.end()))
    for m in _word_matches(_EN_WORD_NUMBER, text, starts, _EN_NUMBER_WORD_SET):
        if not _outside(taken, m.start(), m.end()):
            continue
        if m.group("unit"):
            value = _EN_UNITS[_word_key(m.group("unit"))]
        else:
            value = _EN_TENS[_word_key(m.group("tens"))] + (_EN_UNITS[_word_key(m.group("tunit"))] if m.group("tunit") else 0)
        figures.append(_figure_from_match(m, Decimal(value), spelled=True))
    for m in _word_matches(_EN_A_MAGNITUDE_OR_NIL, text, starts, _EN_A_OR_NIL):
        value = Decimal(0 if _word_key(m.group(0)) == "nil" else 1)
        magnitude = m.group("mag")
        value *= _EN_MAGNITUDES[_word_key(magnitude)] if magnitude else 1
        figures.append(Figure(value, NUMBER, m.group(0), m.start(), m.end(), spelled=True))
    for m in _word_matches(_EN_WORD_ORDINAL, text, starts, _EN_ORDINAL_FIRST_WORDS) if not words.isdisjoint(
            _EN_ORDINAL_WORD_SET) else ():
        if not _outside(taken, m.start(), m.end()):
            continue
        word = _word_key(m.group("ord"))
        value = _EN_ORDINALS[word] + (_EN_TENS[_word_key(m.group("tens"))] if m.group("tens") else 0)
        # "the final third" may be a third of the match
        also = ((FRACTION, _fraction(1, value)),) if word in _EN_FRACTION_DENOMINATORS and not m.group("tens") else ()
        figures.append(Figure(Decimal(value), ORDINAL, m.group(0), m.start(), m.end(), spelled=True, also=also))


# The words each word pattern can start with (here and in vietnamese_figures). Each starts a match as a whole word: after no
# \w, and followed by what no \w starts (a space, a hyphen, %, the end).
_EN_FRACTION_FIRST_WORDS = frozenset(
    {"a", "an", *(k for k, v in _EN_UNITS.items() if 1 <= v <= 10), *_EN_FRACTION_DENOMINATORS})
_EN_A_OR_NIL = frozenset({"a", "an", "nil"})
_EN_ORDINAL_FIRST_WORDS = frozenset((*_EN_TENS, *_EN_ORDINALS))
_VI_UNIT_WORDS = frozenset(_VI_UNITS)
_VI_FRACTION_FIRST_WORDS = frozenset((*_VI_UNITS, "nửa"))


def _word_starts(text: str) -> dict[str, list[int]] | None:
    """Where each word (a \\w+ run, as the case-insensitive patterns compare it) starts in text;
    None where that key does not line up with the text character for character."""
    lower = _word_key(text)
    if len(lower) != len(text):
        return None
    starts: dict[str, list[int]] = {}
    for run in _WORD_RUN.finditer(lower):
        starts.setdefault(run.group(), []).append(run.start())
    return starts


def _word_matches(pattern: re.Pattern, text: str, starts: dict[str, list[int]] | None, first_words: frozenset[str]):
    """pattern.finditer(text), for a pattern whose every match starts at a whole word of
    first_words: tried at those words' starts only. An alternation of words that ignores case
    has no first character for the regex engine to skip to, so finditer tries every word at
    every character of the text (25-30 µs a sentence, for the two or three places it can match)."""
    if starts is None:
        yield from pattern.finditer(text)
        return
    places = sorted([place for word in first_words.intersection(starts) for place in starts[word]])
    end = 0
    for place in places:
        if place >= end:  # finditer goes on from the end of the match before
            found = pattern.match(text, place)
            if found is not None:
                yield found
                end = found.end()


def _replace(figure: Figure, **changes) -> Figure:
    return figure._replace(**changes)


def _fraction(numerator: int, denominator: int) -> Decimal:
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.000001"))


def _clock(hours: int, minutes: int = 0, seconds: int = 0) -> Decimal:
    return Decimal(hours * 3600 + minutes * 60 + seconds)


def _times(pattern: re.Pattern, text: str, taken: list[tuple[int, int]]) -> tuple[list[Figure], dict[int, Figure]]:
    """Clock and game-clock times as TIME figures (their spans join `taken`), and by start the
    ones that may be a number as well ("10 giờ": 10 hours; "10.30": 10.3): NUMBER figures with
    the time as another reading, their spans left to the number patterns."""
    found, clock_like = [], {}
    for m in pattern.finditer(text):
        if not _outside(taken, m.start(), m.end()):
            continue
        groups = m.groupdict()
        hours = int(groups["h"])
        minutes = groups.get("m1") or groups.get("m2") or groups.get("m3") or groups.get("m4") or groups.get("m5")
        seconds = groups.get("s1")
        if minutes and int(minutes) >= 60 or seconds and int(seconds) >= 60:
            continue
        meridiem = (groups.get("ap1") or groups.get("ap2") or "").lower()
        if meridiem and not 1 <= hours <= 12:
            continue
        if meridiem.startswith("p") and hours != 12:
            hours += 12
        elif meridiem.startswith("a") and hours == 12:
            hours = 0
        value = _clock(hours, int(minutes or 0), int(seconds or 0))
        ambiguous = ("giờ" in m.group(0) and not minutes) or (groups.get("sep") == "." and not meridiem and not seconds)
        if ambiguous:
            number = Decimal(m.group("h")) if not minutes else Decimal(f"{m.group('h')}.{minutes}")
            clock_like[m.start()] = Figure(number, NUMBER, m.group("h"), m.start(), m.start() + len(m.group("h")),
                                           also=((TIME, value % _HALF_DAY),))
            continue
        found.append(Figure(value, TIME, m.group(0), m.start(), m.end()))
        taken.append((m.start(), m.end()))
    return found, clock_like


def _slash_pairs(text: str, taken: list[tuple[int, int]], figures: list[Figure]) -> dict[int, tuple[int, int]]:
    """a/b pairs outside dates: a fraction when a < b (its span joins `taken`, the figure joins
    `figures`); returns, by the start of each number of the other pairs, the day/month the pair
    may be (24/7 → {start of 24: (24, 7), start of 7: (24, 7)})."""
    day_months = {}
    for m in _SLASH_PAIR.finditer(text):
        if not _outside(taken, m.start(), m.end()):
            continue
        a, b = int(m.group("a")), int(m.group("b"))
        day_month = (a, b) if 1 <= a <= 31 and 1 <= b <= 12 else None
        if 0 < a < b:
            also = ((DAY_MONTH, day_month),) if day_month else ()
            figures.append(Figure(_fraction(a, b), FRACTION, m.group(0), m.start(), m.end(), also=also))
            taken.append((m.start(), m.end()))
        elif day_month:
            day_months[m.start("a")] = day_months[m.start("b")] = day_month
    return day_months


def bare_day_months(text: str) -> set[tuple[int, int]]:
    """The (day, month) a bare a/b outside a date may be: "từ 1/3" may be from 1 March."""
    found = set()
    for m in _SLASH_PAIR.finditer(text) if "/" in text else ():
        day, month = int(m.group("a")), int(m.group("b"))
        if 1 <= day <= 31 and 1 <= month <= 12:
            found.add((day, month))
    return found


def decade_years(text: str) -> set[int]:
    """Years an English decade may stand for: "the 1990s" → {1990}; "the '90s" → {1990, 2090}."""
    found = set()
    for m in _EN_DECADE.finditer(text) if "0s" in text else ():
        year = int(m.group(1))
        found.update((year,) if year >= 100 else (1900 + year, 2000 + year))
    return found


_EN_DECADE = lazy_compile(r"(?<![\w.,])['’]?(\d{2}0|\d0)s(?!\w)")


def _digit_string(match: re.Match, token: str) -> Figure:
    """A dotted digit string that is no number (0912.345.678, 192.168.1.1): compared by its digits."""
    return Figure(_NON_DIGITS.sub("", token), DIGITS, token, match.start(), match.start() + len(token))


def _glued_million(figure: Figure, text: str) -> Figure:
    """"$30m" is 30 million; "30m" alone may be metres or millions."""
    million = figure.value * 10**6
    if figure.start and text[figure.start - 1] in _CURRENCY_SIGNS:
        return _replace(figure, value=million)
    return _replace(figure, also=((NUMBER, million),))


def _glued_thousand(figure: Figure, text: str) -> Figure:
    return _replace(figure, value=figure.value * 1000, also=((NUMBER, figure.value),))


def _decade(figure: Figure, text: str) -> Figure:
    """1990s = the 1990s = the '90s; "in his 40s" is about 40."""
    value = figure.value
    if value % 10:
        return figure  # 747s: planes, not a decade
    if value < 100:
        return _replace(figure, also=((NUMBER, value + 1900), (NUMBER, value + 2000)))
    return _replace(figure, also=((NUMBER, value % 100),))


_EN_UNIT_READINGS = {"m": _glued_million, "k": _glued_thousand, "s": _decade}




def english_rendering(figure: Figure) -> str:
    """How a figure reads in English: 28,7 triệu → "28.7 million", 95% → "95%", thứ năm → "5th"."""
    if figure.kind == TIME:
        minutes, seconds = divmod(int(figure.value), 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")
    if figure.kind in (FRACTION, DIGITS):
        return figure.text
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
    return _MAGNITUDE_WORD.search(text.lower()) is not None


# one search for any of the words, as a word (the alternation tries each word at each place)
_MAGNITUDE_WORD = lazy_compile(rf"(?<!\w)(?:{_alternation((*_VI_MAGNITUDES, *_EN_MAGNITUDES))})(?!\w)")


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

_ANY_NUMBER = lazy_compile(r"(?<![\w.,/])\d+(?:[.,]\d+)+(?![\w/]|[.,]\d)")


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
