"""A deterministic stand-in for the MT engine, for testing what happens around decoding."""

from __future__ import annotations

import re

from vi_en_toolkit.engine import Hypothesis

PLACEHOLDER = re.compile(r"(?<!\w)[ZJWQXF]{2,3}(?!\w)")


def codes_in(sentence: str) -> list[str]:
    """The placeholder codes in a (masked) sentence, in order."""
    return PLACEHOLDER.findall(sentence)


class ScriptedEngine:
    """An engine double: `respond(sentence)` gives the n-best texts, best first; calls are recorded."""

    def __init__(self, respond):
        self.respond = respond
        self.calls: list[list[str]] = []

    def translate_batch(self, sentences, beam_size=4, num_hypotheses=4, return_attention=False, **options):
        self.calls.append(list(sentences))
        return [
            [Hypothesis(text, -1.0 - rank, ()) for rank, text in enumerate(self.respond(s)[:num_hypotheses])]
            for s in sentences
        ]

    @property
    def sentences(self) -> list[str]:
        return [s for call in self.calls for s in call]
