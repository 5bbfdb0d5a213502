"""The sample article and its reviewed translation, as the tests compare against them."""

from __future__ import annotations

from pathlib import Path

import polib

REPO = Path(__file__).resolve().parent.parent
ARTICLE = REPO / "translations" / "rare-earths-russia-us.vi.txt"
REVIEWED = REPO / "translations" / "rare-earths-russia-us.en.po"


def reviewed_english() -> str:
    """The reviewed msgstrs joined line by line, as the article's lines hold its sentences."""
    catalog = polib.pofile(str(REVIEWED))
    by_line: dict[int, list[str]] = {}
    for entry in catalog:
        for _, line in entry.occurrences:
            by_line.setdefault(int(line), []).append(entry.msgstr)
    lines = ARTICLE.read_text(encoding="utf-8").split("\n")
    return "\n".join(" ".join(by_line.get(number, [])) for number in range(1, len(lines) + 1))
