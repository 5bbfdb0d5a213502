"""[tool.vi-en.check] of pyproject.toml, and choosing which checks run."""

# Annotations evaluated, not `from __future__ import annotations`: typing.NamedTuple compiles a
# string annotation per field, ~0.2 ms a class, paid by every run at start-up.
import re
from pathlib import Path
from typing import Iterable, NamedTuple

from ..errors import InputError
from ..lazy_pattern import lazy_compile
from .registry import CHECKS, SEVERITIES


class CheckConfig(NamedTuple):
    """[tool.vi-en.check] of pyproject.toml: which checks run and at what severity."""

    enable: tuple[str, ...] | None = None
    disable: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    file: str | None = None


def find_pyproject(start: Path | None = None) -> Path | None:
    """The nearest pyproject.toml in the folder or its parents, as tools like ruff look for it."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / "pyproject.toml").is_file():
            return candidate / "pyproject.toml"
    return None


# Where a pyproject.toml can give vi-en's table a value, or make [tool] something other than a
# table: a dotted key tool.vi-en ([tool.vi-en.check], [tool."vi-en"], tool.vi-en.check.enable = ...),
# a root key tool = ... (a string, or {vi-en = ...}), [[tool]], or a key vi-en in a file with a
# [tool] table. A file with none of these (most projects' pyproject.toml) is not parsed: importing
# tomllib costs a run more than the rest of reading its config, and parsing finds the defaults.
_TOOL_VI_EN = lazy_compile(
    r"""tool["']?[ \t]*\.[ \t]*["']?vi-en|^[ \t]*["']?tool["']?[ \t]*=|\[\[[ \t]*["']?tool["']?[ \t]*\]\]""",
    re.MULTILINE)
_TOOL_TABLE = lazy_compile(r"""^[ \t]*\[[ \t]*["']?tool["']?[ \t]*\]""", re.MULTILINE)
_VI_EN_KEY = lazy_compile(r"""^[ \t]*["']?vi-en["']?[ \t]*[.=]""", re.MULTILINE)


def _may_configure_vi_en(text: str) -> bool:
    # a key may also spell vi-en with escapes ("vi\u002Den"): such a file is parsed to find out
    return bool(_TOOL_VI_EN.search(text) or (_TOOL_TABLE.search(text) and _VI_EN_KEY.search(text))
                or "\\u" in text or "\\U" in text)


def load_check_config(pyproject: Path | None) -> CheckConfig:
    if pyproject is None:
        return CheckConfig()
    try:
        text = Path(pyproject).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read: {error}", file=pyproject) from None
    if not _may_configure_vi_en(text):
        return CheckConfig(file=str(pyproject))  # what parsing it finds
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: the same parser, as a package
        import tomli as tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        raise InputError(f"invalid TOML: {error}", file=pyproject, line=int(found.group(1)) if found else None) from None
    table = data
    for depth, key in enumerate(("tool", "vi-en", "check"), start=1):
        table = table.get(key, {})
        if not isinstance(table, dict):
            raise InputError(f"[{'.'.join(('tool', 'vi-en', 'check')[:depth])}] must be a table", file=pyproject)
    unknown = set(table) - {"enable", "disable", "severity"}
    if unknown:
        raise InputError(f"unknown key(s) in [tool.vi-en.check]: {', '.join(sorted(unknown))} "
                         "(allowed: enable, disable, severity)", file=pyproject)
    for key in ("enable", "disable"):
        if key in table and not (isinstance(table[key], list) and all(isinstance(v, str) for v in table[key])):
            raise InputError(f"[tool.vi-en.check] {key} must be a list of check ids", file=pyproject)
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise InputError("[tool.vi-en.check] severity must be a table: check id = \"error\" or \"warning\"", file=pyproject)
    enable = table.get("enable")
    config = CheckConfig(
        enable=tuple(enable) if enable is not None else None,
        disable=tuple(table.get("disable", ())),
        severity=tuple(severity.items()),
        file=str(pyproject),
    )
    _validate_ids([*(config.enable or ()), *config.disable, *(k for k, _ in config.severity)], config.file)
    for check_id, level in config.severity:
        if level not in SEVERITIES:
            raise InputError(f"severity of '{check_id}' must be \"error\" or \"warning\", not {level!r}", file=pyproject)
    return config


def _validate_ids(ids: Iterable[str], file: str | None = None) -> None:
    for check_id in ids:
        if check_id not in CHECKS:
            raise InputError(f"unknown check '{check_id}' (known: {', '.join(CHECKS)})", file=file)


def selected_checks(config: CheckConfig = CheckConfig(), enable=None, disable=None) -> tuple[str, ...]:
    """Check ids to run: --enable (or the config's enable) if given, else all; minus disabled."""
    _validate_ids([*(enable or ()), *(disable or ())])
    chosen = enable or config.enable or tuple(CHECKS)
    off = set(disable or ()) | (set(config.disable) - set(enable or ()))
    return tuple(c for c in CHECKS if c in chosen and c not in off)


def split_check_ids(ids) -> list[str] | None:
    """Check ids given as repeated options, comma-separated, or both."""
    return [i.strip() for item in ids for i in item.split(",") if i.strip()] if ids else None
