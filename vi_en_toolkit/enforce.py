"""Terminology enforcement over machine translation output.

For each segment, in this order:

(a) rerank: the model's n-best list is reordered by glossary coverage (terms `vi-en check` would
    not report as errors: a required term rendered as the glossary says and no forbidden rendering
    of any term, judged by renders_term with the fast matchers check uses), then by advisory terms
    rendered, then by model score;
(b) protect: required terms still missing are replaced in the source by placeholders, the segments
    that need it are retranslated together in one more batch (greedy, beam 1), and each placeholder
    is put back as the term's English, but only where it came back exactly once; the segments whose
    retranslation lost or repeated a placeholder are decoded once more at beam 2 (a third, smaller
    batch), so that a runner-up is there; names (case-sensitive terms) the model transliterated or
    re-spelled are protected the same way;
(c) flag: the best candidate is kept and every term it still fails is reported as unenforced.

Only required terms are ever forced into the output: an advisory or forbidden-only term is general
language a good translation may paraphrase, so forcing it would damage correct translations. A
term that does not apply (inside one of its not_in phrases) is not found in the source at all.

A placeholder is a short upper-case code made of letters Vietnamese does not write (F, J, W, Z)
and Q, X. Models copy such name-like tokens; which codes a model can emit intact depends on its
SentencePiece vocabulary, so codes are ranked per model by how few in-vocabulary pieces they
take, and codes that need byte-fallback or unknown pieces are never used.

The engine is anything with `translate_batch(sentences, beam_size, num_hypotheses, **options)`
returning n-best lists of objects with `.text` and `.score` (vi_en_toolkit.engine.Translator, or a
test double). `tokenize(text)`, if it has one, is used to rank placeholders.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Callable, Sequence

from .checks.term_matching import (
    TermOccurrences,
    accepted_form_occurs,
    forbidden_form_occurs,
    renders_term,
    source_terms,
)
from .errors import SentenceTooLong
from .glossary import Glossary, Term, TermMatch

PLACEHOLDER_LETTERS = "ZJWQXF"
# The protect retranslation is decoded greedily: the terms travel in the placeholders, and every
# candidate is still checked placeholder by placeholder (a segment whose candidates all fail keeps
# its first-decoding translation, flagged). Only the segments whose greedy output dropped or
# repeated a placeholder are decoded again at beam 2, for a runner-up: a model that copies the
# codes pays for one greedy pass, not for a beam on every segment.
PROTECT_BEAM_SIZE = 1
RETRY_BEAM_SIZE = 2
_UNUSABLE_PIECE = re.compile(r"<0x[0-9A-Fa-f]{2}>|<unk>|<s>|</s>|<pad>")


@dataclass(frozen=True)
class Enforced:
    """The translation chosen for one source segment."""

    source: str
    text: str
    score: float
    terms: tuple[Term, ...]  # the glossary terms of the source, in order of first occurrence
    unenforced: tuple[Term, ...]  # those the text does not render
    protected: tuple[Term, ...]  # terms the text got from a restored placeholder
    decodings: int  # how many times the segment went through the model
    occurrences: TermOccurrences  # where the terms stand in the source (a title's name, repeats)


@dataclass(frozen=True)
class _Masked:
    text: str
    slots: tuple[tuple[str, Term], ...]  # (placeholder, term) in source order


@dataclass(frozen=True)
class _Candidate:
    text: str
    score: float
    attempt: int
    covered: int
    advised: int  # advisory terms rendered: only breaks ties between equally covered candidates
    protected: tuple[Term, ...]


def term_is_enforced(term: Term, english: str, occurrences: TermOccurrences | None = None,
                     lower: str | None = None) -> bool:
    """Whether `vi-en check` reports nothing at error severity for the term: no forbidden word
    stands for it, and, for a term held as required, the glossary's rendering is there (a title's
    name, coordinated modifiers; `occurrences`: where the terms stand in the source; `lower`:
    english.lower(), if you have it)."""
    if lower is None:
        lower = english.lower()
    return renders_term(term, english, occurrences, lower) or (
        not is_forced(term) and not forbidden_form_occurs(term, english, lower))


def is_forced(term: Term) -> bool:
    """Whether enforcement puts the term into the output when the model leaves it out."""
    return term.strictness == "required"


def unenforced_terms(terms: Sequence[Term], english: str, occurrences: TermOccurrences,
                     lower: str | None = None) -> tuple[Term, ...]:
    """The terms the English does not render as `vi-en check` judges it (`occurrences`: where
    they stand in the source, without which a title rendered by its name would be flagged;
    `lower`: english.lower(), if you have it)."""
    if lower is None:
        lower = english.lower()
    return tuple(term for term in terms if not term_is_enforced(term, english, occurrences, lower))


def unenforced_line(term: Term) -> str:
    """The translator-comment line naming a term the translation does not render."""
    return f"unenforced term: {term.vi} -> {term.en}"


# --- placeholders --------------------------------------------------------------------------------

def placeholder_codes() -> list[str]:
    """Every candidate code, shortest first, in a fixed order."""
    codes = []
    for length in (2, 3):
        codes.extend("".join(letters) for letters in itertools.product(PLACEHOLDER_LETTERS, repeat=length))
    return codes


def rank_placeholders(tokenize: Callable[[str], Sequence[str]] | None) -> list[str]:
    """Codes the model's tokenizer keeps intact, fewest pieces first (all codes without one)."""
    codes = placeholder_codes()
    if tokenize is None:
        return codes
    ranked = []
    for order, code in enumerate(codes):
        pieces = list(tokenize(code))
        if any(_UNUSABLE_PIECE.fullmatch(piece) for piece in pieces):
            continue
        if "".join(pieces).replace("\u2581", " ").strip() != code:
            continue
        ranked.append((len(pieces), order, code))
    return [code for _, _, code in sorted(ranked)]


def mask_terms(source: str, matches: Sequence[TermMatch], codes: Sequence[str]) -> _Masked:
    """Replace each matched term in source by its own placeholder code (one code per occurrence)."""
    free = iter(code for code in codes if code not in source)
    chosen = []
    for match in matches:
        code = next(free, None)
        if code is None:  # out of codes: the rest of the terms stay unprotected
            break
        chosen.append((match, code))
    text = source
    for match, code in sorted(chosen, key=lambda pair: pair[0].start, reverse=True):
        text = text[: match.start] + code + text[match.end :]
    return _Masked(text, tuple((code, match.term) for match, code in chosen))


def restore_placeholders(text: str, slots: Sequence[tuple[str, Term]]) -> tuple[str, tuple[Term, ...]] | None:
    """Put each term's English where its placeholder came back.

    A placeholder that came back exactly once is restored; one that was lost leaves its term
    unrendered; one that came back twice, or glued into another word, makes the text unusable
    (None), since restoring it would duplicate the term or leave a stray code in the English.
    """
    replacements = []
    restored = []
    codes = {code for code, _ in slots}
    words = None
    for code, term in slots:
        if code not in text:  # lost (the common case for a weak model): no regex needed
            continue
        found = list(re.finditer(rf"(?<!\w){code}(?!\w)", text))
        if len(found) > 1:
            return None
        if text.count(code) != len(found):
            # inside a word: glued (ZJs), unless that word is a longer code of this sentence (ZJ in ZJQ)
            words = re.findall(r"\w+", text) if words is None else words
            if any(code in word and word not in codes for word in words):
                return None
        if found:
            replacements.append((found[0].start(), found[0].end(), term))
            restored.append(term)
    for start, end, term in sorted(replacements, key=lambda r: r[0], reverse=True):
        english = term.en
        if not term.case_sensitive and not re.search(r"\w", text[:start]):
            english = english[:1].upper() + english[1:]  # the term starts the sentence
        text = text[:start] + english + text[end:]
    return text, tuple(restored)


# --- the enforcer ----------------------------------------------------------------------------------

class TermEnforcer:
    """Translates segments with an engine and enforces a glossary on what comes out."""

    def __init__(self, engine, glossary: Glossary, beam_size: int = 4):
        self.engine = engine
        self.glossary = glossary
        self.beam_size = beam_size
        self.codes = rank_placeholders(getattr(engine, "tokenize", None))
        self.batches: list[int] = []  # segments per engine call, for benchmarks and tests

    def translate(self, sources: Sequence[str], progress: Callable[[str], None] | None = None) -> list[Enforced]:
        """Enforced translations of sources, in order; at most three batched engine calls in all."""
        sources = list(sources)
        in_sources = [source_terms(source, self.glossary) for source in sources]
        terms = [source_found for source_found, _ in in_sources]
        occurrences = [where for _, where in in_sources]
        candidates: list[list[_Candidate]] = [[] for _ in sources]
        # The terms each candidate text lacks and the advisory terms it renders, per segment:
        # n-best lists repeat texts, and the steps below ask again about the best one.
        lacking: list[dict[str, tuple[tuple[Term, ...], int]]] = [{} for _ in sources]
        decodings = [0] * len(sources)

        # Only required terms are masked (forced); the others only count in the reranking.
        matches = [[TermMatch(term, start, end, source[start:end]) for start, end, term in where.spans if is_forced(term)]
                   for source, where in zip(sources, occurrences)]

        # First decoding: the source as written. Names are not masked up front: a restored
        # placeholder always reads as the preferred English, and a name is often an adjective or a
        # plural where it stands (American servicemen, European elections, North Koreans).
        first = {i: _Masked(source, ()) for i, source in enumerate(sources)}
        self._decode(first, self.beam_size, 1, terms, occurrences, lacking, candidates, decodings, progress,
                     "translating")

        # Second: protect the required terms still missing, names the model re-spelled among them.
        second = {}
        for i, found in enumerate(matches):
            best = _best(candidates[i])
            missing = {t for t in (terms[i] if best is None else lacking[i][best.text][0]) if is_forced(t)}
            to_mask = [m for m in found if m.term in missing]
            if to_mask:
                second[i] = mask_terms(sources[i], to_mask, self.codes)
        failed = self._decode(second, PROTECT_BEAM_SIZE, 2, terms, occurrences, lacking,
                              candidates, decodings, progress, "protecting terms in")
        if self.beam_size > PROTECT_BEAM_SIZE:
            # A runner-up for the segments whose placeholders did not come back (see RETRY_BEAM_SIZE).
            retry = {i: second[i] for i in failed}
            self._decode(retry, RETRY_BEAM_SIZE, 2, terms, occurrences, lacking, candidates,
                         decodings, progress, "retrying placeholders in")

        results = []
        for i, source in enumerate(sources):
            best = _best(candidates[i]) or _Candidate("", float("-inf"), 0, 0, 0, ())
            results.append(
                Enforced(
                    source=source,
                    text=best.text,
                    score=best.score,
                    terms=tuple(terms[i]),
                    unenforced=lacking[i][best.text][0] if best.attempt else unenforced_terms(terms[i], "", occurrences[i]),
                    protected=best.protected,
                    decodings=decodings[i],
                    occurrences=occurrences[i],
                )
            )
        return results

    def _decode(self, masked, beam, attempt, terms, occurrences, lacking, candidates, decodings, progress,
                verb) -> list[int]:
        """Decode the masked segments into candidates; return those whose best hypothesis did not
        bring back every placeholder exactly once."""
        if not masked:
            return []
        order = sorted(masked)
        if progress:
            progress(f"{verb} {len(order)} segment{'s' if len(order) != 1 else ''}")
        self.batches.append(len(order))
        try:
            n_best = self.engine.translate_batch([masked[i].text for i in order], beam_size=beam, num_hypotheses=beam)
        except SentenceTooLong as error:  # its index among the sources, not in this batch
            raise SentenceTooLong(error.message, order[error.index], error.pieces, error.limit) from None
        failed = []
        for i, hypotheses in zip(order, n_best):
            decodings[i] += 1
            advisory = [t for t in terms[i] if t.strictness == "advisory"]
            slots = masked[i].slots
            for rank, hypothesis in enumerate(hypotheses):
                restored = restore_placeholders(hypothesis.text, slots)
                if rank == 0 and (restored is None or len(restored[1]) < len(slots)):
                    failed.append(i)
                if restored is None:
                    continue
                text, protected = restored
                judged = lacking[i].get(text)
                if judged is None:  # n-best lists often repeat a text once placeholders are restored
                    lower = text.lower()
                    judged = lacking[i][text] = (unenforced_terms(terms[i], text, occurrences[i], lower),
                                                 sum(accepted_form_occurs(t, text, lower) for t in advisory))
                covered, advised = len(terms[i]) - len(judged[0]), judged[1]
                candidates[i].append(_Candidate(text, float(hypothesis.score), attempt, covered, advised, protected))
                if covered == len(terms[i]) and advised == len(advisory):
                    break  # the rest of the n-best list (best first) scores lower: none can win
            if not hypotheses and slots:
                failed.append(i)
        return failed


def _best(candidates: Sequence[_Candidate]) -> _Candidate | None:
    """Most terms rendered, then the least masked attempt (more fluent), then advisory terms
    rendered, then model score."""
    return max(candidates, key=lambda c: (c.covered, -c.attempt, c.advised, c.score), default=None)
