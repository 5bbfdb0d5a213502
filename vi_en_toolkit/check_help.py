"""What each check means and how to fix what it finds, for reports that explain their rules
(SARIF's fullDescription and help, which GitHub code scanning shows beside every alert).

A check without an entry here still gets its one-line summary from the registry; adding one is
adding a line to HELP.
"""

from __future__ import annotations

from dataclasses import dataclass

# The README section (its anchor) that documents the checks.
README_SECTION = "check-translations"


def documentation_url() -> str | None:
    """The README's address, from the package's `Documentation` project URL (pyproject.toml)."""
    from importlib import metadata

    try:
        urls = metadata.metadata("vi-en").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for url in urls:
        label, _, address = url.partition(",")
        if label.strip().lower() == "documentation" and address.strip():
            return address.strip().split("#")[0]
    return None


@dataclass(frozen=True)
class CheckHelp:
    description: str  # what the check looks for, a sentence or two
    source: str  # an example entry's msgid …
    wrong: str  # … a msgstr the check reports …
    fixed: str  # … and the msgstr that fixes it


HELP: dict[str, CheckHelp] = {
    "untranslated": CheckHelp(
        "The translation is empty, or it is the Vietnamese source copied unchanged. Other checks skip such entries.",
        "Nga và Mỹ đàm phán.", "", "Russia and the United States hold talks."),
    "fuzzy": CheckHelp(
        "The entry is still marked fuzzy: a machine or fuzzy-memory translation nobody has reviewed. "
        "Review and correct it, then remove its `#, fuzzy` flag.",
        "Nga và Mỹ đàm phán.", "Russia and the US talk.", "Russia and the United States hold talks."),
    "term": CheckHelp(
        "A glossary term occurs in the source, and none of its accepted English forms occurs in the "
        "translation. Use the glossary's form (or one of its variants).",
        "Hai bên ký thỏa thuận.", "The two sides signed a contract.", "The two sides signed a deal."),
    "forbidden-term": CheckHelp(
        "The translation uses a rendering the glossary forbids for a term of the source. Use the "
        "glossary's preferred form.",
        "Nga có trữ lượng đất hiếm lớn.", "Russia has large rare soil reserves.",
        "Russia has large rare earth reserves."),
    "names": CheckHelp(
        "A name the glossary keeps case-sensitive (a person, an institution) is not spelled exactly as "
        "the glossary spells it.",
        "Ông Zelenskiy phát biểu.", "Mr Zelensky spoke.", "Mr Zelenskiy spoke."),
    "number": CheckHelp(
        "The figures of the source and the translation do not correspond, or a Vietnamese number format "
        "(decimal comma, dot thousands) is left in the English.",
        "Trữ lượng khoảng 3,8 triệu tấn.", "Reserves of about 3,8 million tonnes.",
        "Reserves of about 3.8 million tonnes."),
    "date": CheckHelp(
        "Months, days and years of the source and the translation do not correspond (giữa tháng 4 is "
        "mid-April).",
        "Cuộc họp diễn ra giữa tháng 4.", "The meeting took place in April.",
        "The meeting took place in mid-April."),
    "source-left": CheckHelp(
        "Vietnamese words are left in the English translation.",
        "Ngành khai khoáng tăng trưởng.", "The khai khoáng industry grew.", "The mining industry grew."),
    "omission": CheckHelp(
        "The translation is far shorter than its source suggests (its length is outside what professional "
        "translations of news show), or a clause of the source with names or figures has no counterpart: "
        "part of the sentence was probably left out. Translate the whole sentence.",
        "Nga có trữ lượng đất hiếm lớn, nhưng khai thác còn chậm vì thiếu vốn đầu tư và công nghệ.",
        "Russia has large rare earth reserves.",
        "Russia has large rare earth reserves, but mining is slow for lack of investment and technology."),
    "doubled-word": CheckHelp(
        "The same word twice in a row, usually a typing slip.",
        "Một phần của thỏa thuận.", "Part of of the deal.", "Part of the deal."),
    "brackets": CheckHelp(
        "The source's brackets are balanced and the translation's are not.",
        "Hãng tin (Reuters) cho biết.", "The agency (Reuters said.", "The agency (Reuters) said."),
    "quotes": CheckHelp(
        "The source's quotation marks are balanced and the translation's are not.",
        "“Chúng tôi đồng ý”, ông nói.", "“We agree, he said.", "“We agree,” he said."),
    "double-space": CheckHelp(
        "Two spaces in a row inside the translation.",
        "Trữ lượng lớn.", "Large  reserves.", "Large reserves."),
    "whitespace": CheckHelp(
        "Leading or trailing whitespace of the translation differs from the source's.",
        "Nga nói.", " Russia says.", "Russia says."),
    "urls": CheckHelp(
        "A URL or e-mail address of the source is missing from the translation.",
        "Xem https://example.com/a.", "See the website.", "See https://example.com/a."),
    "inconsistent": CheckHelp(
        "The same source is translated differently elsewhere in the catalogs checked, or a term is "
        "rendered with different accepted forms in one document. Pick one and use it throughout.",
        "Đất hiếm là tài nguyên chiến lược.", "Rare earth elements are a strategic resource.",
        "Rare earths are a strategic resource."),
}


def help_markdown(check_id: str, summary: str) -> str:
    """The help GitHub shows for a rule: what it looks for, and an entry before and after the fix."""
    entry = HELP.get(check_id)
    if entry is None:
        return f"**{check_id}**: {summary}.\n"
    return (f"**{check_id}**: {entry.description}\n\n"
            f"Example:\n\n```po\nmsgid \"{entry.source}\"\nmsgstr \"{entry.wrong}\"\n```\n\n"
            f"Fixed:\n\n```po\nmsgid \"{entry.source}\"\nmsgstr \"{entry.fixed}\"\n```\n")


def help_text(check_id: str, summary: str) -> str:
    entry = HELP.get(check_id)
    if entry is None:
        return f"{check_id}: {summary}."
    return (f"{check_id}: {entry.description}\nExample: msgid \"{entry.source}\" msgstr \"{entry.wrong}\"\n"
            f"Fixed:   msgid \"{entry.source}\" msgstr \"{entry.fixed}\"")


def description(check_id: str, summary: str) -> str:
    entry = HELP.get(check_id)
    return entry.description if entry else summary[:1].upper() + summary[1:] + "."
