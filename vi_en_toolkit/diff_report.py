"""A glossary diff rendered for people (text), for a pull-request comment (markdown) and for CI (json)."""

from __future__ import annotations

import json

from .diff import AffectedEntry, GlossaryDiff, TermChange

FORMATS = ("text", "markdown", "json")
FIELD_NAMES = {
    "vi": "Vietnamese spelling",
    "en": "preferred English",
    "variants": "variants",
    "forbidden": "forbidden",
    "case_sensitive": "case-sensitive",
    "strictness": "strictness",
    "not_in": "does not apply in",
    "title": "title",
    "note": "note",
    "file": "file",
}
MAX_CELL = 100  # characters of a source or translation shown in a table; the JSON has them whole


def render_diff(diff: GlossaryDiff, fmt: str) -> str:
    return {"text": render_text, "markdown": render_markdown, "json": render_json}[fmt](diff)


def render_json(diff: GlossaryDiff) -> str:
    return json.dumps(diff.as_json(), ensure_ascii=False, indent=2) + "\n"


def _value(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value) if value else "—"
    return str(value)


def _short(text: str, limit: int = MAX_CELL) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2:] else cut).rstrip(" ,;:") + "…"


def _summary(diff: GlossaryDiff) -> str:
    parts = [
        f"{len(diff.of_kind('added'))} added",
        f"{len(diff.of_kind('removed'))} removed",
        f"{len(diff.of_kind('changed'))} changed",
    ]
    failing = len(diff.affected_with_status("newly failing"))
    passing = len(diff.affected_with_status("newly passing"))
    unchanged = len(diff.affected_with_status("unchanged"))
    parts.append(f"{failing} translation(s) now fail")
    parts.append(f"{passing} now pass")
    parts.append(f"{unchanged} unchanged")
    return ", ".join(parts)


# --- text --------------------------------------------------------------------------------------

def render_text(diff: GlossaryDiff) -> str:
    lines = [f"glossary diff {diff.old_label} → {diff.new_label}"]
    if not diff.changes:
        lines.append("no term changes")
        return "\n".join(lines) + "\n"
    for change in diff.changes:
        lines.extend(_text_change(change))
    for status in ("newly failing", "newly passing", "unchanged"):
        rows = diff.affected_with_status(status)
        if rows:
            lines.append("")
            lines.append(f"{status} ({len(rows)}):")
            lines.extend(_text_affected(row) for row in rows)
    lines.append("")
    lines.append(_summary(diff))
    return "\n".join(lines) + "\n"


def _text_change(change: TermChange) -> list[str]:
    term = change.new or change.old
    if change.kind == "added":
        return [f"+ {term.vi} → {term.en}  ({change.file})"]
    if change.kind == "removed":
        return [f"- {term.vi} → {term.en}  ({change.file})"]
    lines = [f"~ {change.vi}  ({change.file})"]
    for name, old, new in change.fields:
        lines.append(f"    {FIELD_NAMES[name]}: {_value(old)} → {_value(new)}")
    return lines


def _text_affected(row: AffectedEntry) -> str:
    line = f"  {row.file}:{row.line}: [{row.term}] {_short(row.target, 100)}"
    if row.problem and row.status != "unchanged":
        line += f"\n      {'now: ' if row.status == 'newly failing' else 'fixed: '}{row.problem}"
    return line


# --- markdown ------------------------------------------------------------------------------------

def _cell(text) -> str:
    """Text safe inside a markdown table cell."""
    return _short(str(text)).replace("\\", "\\\\").replace("|", "\\|")


def _code(text: str) -> str:
    return f"`{text}`" if "`" not in text else text


def _markdown_affected(rows: list[AffectedEntry], problem_title: str) -> list[str]:
    lines = [f"| Where | Term | {problem_title} | Source | Translation |", "| --- | --- | --- | --- | --- |"]
    for row in rows:
        lines.append(
            f"| {_code(f'{row.file}:{row.line}')} | {_cell(row.term)} | {_cell(row.problem)} "
            f"| {_cell(row.source)} | {_cell(row.target)} |"
        )
    return lines


def render_markdown(diff: GlossaryDiff) -> str:
    lines = [f"### Glossary changes: `{diff.old_label}` → `{diff.new_label}`", ""]
    if not diff.changes:
        lines.append("No term changes.")
        return "\n".join(lines) + "\n"
    lines += [_summary(diff) + ".", ""]
    failing = diff.affected_with_status("newly failing")
    passing = diff.affected_with_status("newly passing")
    unchanged = diff.affected_with_status("unchanged")
    if failing:
        lines += [f"#### ❌ Translations that now fail ({len(failing)})", "", *_markdown_affected(failing, "Problem"), ""]
    if passing:
        lines += [f"#### ✅ Translations that now pass ({len(passing)})", "", *_markdown_affected(passing, "Fixed"), ""]
    added, removed, changed = diff.of_kind("added"), diff.of_kind("removed"), diff.of_kind("changed")
    for title, rows in (("Added terms", added), ("Removed terms", removed)):
        if rows:
            lines += [f"#### {title} ({len(rows)})", "", "| Vietnamese | English | Variants | Forbidden | File |",
                      "| --- | --- | --- | --- | --- |"]
            for change in rows:
                term = change.new or change.old
                lines.append(
                    f"| {_cell(term.vi)} | {_cell(term.en)} | {_cell(_value(list(term.variants)))} "
                    f"| {_cell(_value(list(term.forbidden)))} | {_code(change.file)} |"
                )
            lines.append("")
    if changed:
        lines += [f"#### Changed terms ({len(changed)})", "", "| Vietnamese | Field | Old | New | File |",
                  "| --- | --- | --- | --- | --- |"]
        for change in changed:
            for name, old, new in change.fields:
                lines.append(
                    f"| {_cell(change.vi)} | {FIELD_NAMES[name]} | {_cell(_value(old))} | {_cell(_value(new))} "
                    f"| {_code(change.file)} |"
                )
        lines.append("")
    if unchanged:
        lines += [
            f"<details><summary>Translations that contain a changed term, result unchanged ({len(unchanged)})</summary>",
            "",
            "| Where | Term | Before | After |",
            "| --- | --- | --- | --- |",
        ]
        for row in unchanged:
            verdict = "pass" if row.old_ok else "fail"
            lines.append(f"| {_code(f'{row.file}:{row.line}')} | {_cell(row.term)} | {verdict} | {verdict} |")
        lines += ["", "</details>", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
