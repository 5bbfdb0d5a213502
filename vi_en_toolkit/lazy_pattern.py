"""Regular expressions compiled on first use instead of at import.

A module that compiles a dozen big patterns at import makes every run pay for them, even a run
whose text never needs them (`vi-en check` on one entry without a figure). A LazyPattern stands
where the compiled pattern stood and compiles it the first time one of its attributes is read;
after that its methods are the compiled pattern's own bound methods, so a call costs what it did.
"""

from __future__ import annotations

import re

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner")


class LazyPattern:
    """re.compile(pattern, flags), done when the pattern is first used."""

    def __init__(self, pattern: str, flags: int = 0):
        self._source = (pattern, flags)

    def __getattr__(self, name: str):
        # only called for what the instance does not hold yet: the first use, or a rare attribute
        compiled = self.compiled
        return getattr(compiled, name)

    @property
    def compiled(self) -> re.Pattern:
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self.__dict__["_compiled"] = re.compile(*self._source)
            for method in _METHODS:
                self.__dict__[method] = getattr(compiled, method)
        return compiled

    def __repr__(self) -> str:
        return f"LazyPattern({self._source[0]!r}, {self._source[1]!r})"


def lazy_compile(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)
