"""Vietnamese word boundaries for the glossary matcher.

Vietnamese writes syllables, not words, so a term can match syllables that belong to two
neighbouring words: "gian hàng hóa phẩm" (chemist's stores) is gian_hàng + hóa_phẩm, not the term
hàng hóa; "Thông tấn xã" (news agency) is one word, so the term tấn is not in it.

The matcher asks here only where a boundary is in doubt: when the syllable just outside a match
and the one just inside it stand side by side in some word of the segmenter's dictionary
(gian + hàng, hóa + phẩm). Only then does the word segmenter read a few syllables around the
match. The segmenter is underthesea's CRF model (VLSP 2013), run with underthesea_core directly:
importing the underthesea package loads every one of its pipelines (about 1.5 s), while the model
and its dictionary load in about 0.3 s. Without underthesea installed every syllable boundary is
taken as a word boundary, as before.

Most runs only ever ask whether a boundary is in doubt, and that needs only the dictionary's
syllable pairs: they are kept in the cache folder (glossary_cache.cache_folder) as JSON, keyed by
the model's files (path, size, time), and the tagger loads when a doubtful match first needs it.
A loaded glossary reads only the pairs its keys can meet (a fifth of them for the project's),
kept beside them per glossary digest.
Its answers are kept there too (see _word_starts), so a run that meets only doubtful windows
seen before does not load it at all.
"""

from __future__ import annotations

import atexit
import functools
import importlib.util
import json
import unicodedata
from pathlib import Path

from . import __version__
from .files import cache_key, read_cache_bytes, write_cache_file
from .vietnamese import TONE_MARKS

# underthesea 9.x keeps its word segmentation model here, inside the package
_MODEL_FOLDER = ("pipeline", "word_tokenize", "models", "ws_crf_vlsp2013_20230727")
# syllables the segmenter reads on each side of a doubtful match (its features see two on each side)
_WINDOW = 3


def _build_old_to_new_tones() -> dict[str, str]:
    """The last two letters of open "oa", "oe", "uy" syllables with the tone on the second vowel
    (hoá, as vietnamese.fold writes them) → on the first (hóa), the way the model was trained."""
    moves = {}
    for first, seconds in (("o", "ae"), ("u", "y")):
        for second in seconds:
            for tone in TONE_MARKS:
                for f in (first, first.upper()):
                    for s in (second, second.upper()):
                        moves[f + unicodedata.normalize("NFC", s + tone)] = unicodedata.normalize("NFC", f + tone) + s
    return moves


_OLD_TO_NEW_TONES = _build_old_to_new_tones()


def _as_trained(syllable: str) -> str:
    ending = _OLD_TO_NEW_TONES.get(syllable[-2:])
    if ending is None or syllable[:-1].lower().endswith("qu"):  # in "quý" the u is part of the consonant
        return syllable
    return syllable[:-2] + ending


def _neighbours(syllables: list[str]):
    return zip(syllables, syllables[1:])


class _Segmenter:
    def __init__(self, folder: Path):
        import pickle

        from underthesea_core import CRFFeaturizer, CRFTagger

        # pickles written by the package's own training code, read from the installed package
        with open(folder / "features.bin", "rb") as file:
            features = pickle.load(file)
        self.tagger = CRFTagger()
        self.tagger.load(str(folder / "models.bin"))
        self.featurizer = CRFFeaturizer(features, _dictionary(folder))

    def starts(self, syllables: tuple[str, ...]) -> tuple[bool, ...]:
        """For each syllable, whether a word starts there."""
        tags = self.tagger.tag(self.featurizer.process([[[s] for s in syllables]])[0])
        return tuple(tag != "I-W" for tag in tags)


def _dictionary(folder: Path):
    import pickle  # only when the segmenter loads or the pairs are built: a run that finds both kept does not

    with open(folder / "dictionary.bin", "rb") as file:
        # lower case, mostly with the tone of "oa", "oe", "uy" on the second vowel as fold writes it
        return pickle.load(file)


@functools.cache
def _model_folder() -> Path | None:
    """The installed segmentation model's folder, or None (underthesea missing or another version)."""
    try:
        spec = importlib.util.find_spec("underthesea")
        if spec is None or spec.origin is None or importlib.util.find_spec("underthesea_core") is None:
            return None
        folder = Path(spec.origin).parent.joinpath(*_MODEL_FOLDER)
        return folder if folder.is_dir() else None
    except (ImportError, ValueError):
        return None


@functools.cache
def _segmenter() -> _Segmenter | None:
    import pickle

    folder = _model_folder()
    try:
        return _Segmenter(folder) if folder is not None else None
    except (ImportError, OSError, pickle.UnpicklingError, ValueError, EOFError):
        return None  # a broken or other install: the matcher works as it did without it


@functools.cache
def _doubtful_pairs() -> frozenset[str] | None:
    """Every two syllables that stand side by side inside a dictionary word ("thông tấn", "tấn
    xã"), from the cache folder when kept there; None without a segmenter."""
    folder = _model_folder()
    if folder is None:
        return None
    stored = _cache_file("segmenter-pairs")
    if stored is not None:
        try:
            kept = json.loads(read_cache_bytes(stored))
            if isinstance(kept["pairs"], str) and kept["pairs"]:
                pairs = frozenset(kept["pairs"].split("\n"))
                if len(pairs) == kept["count"]:  # all of them, not a part
                    return pairs
        except (OSError, ValueError, TypeError, KeyError):
            pass  # missing or damaged: built again below
    import pickle

    try:
        dictionary = _dictionary(folder)
    except (OSError, pickle.UnpicklingError, ValueError, EOFError):
        return None
    pairs = frozenset(
        f"{first} {second}"
        for word in dictionary if " " in word
        for first, second in _neighbours(word.lower().split(" "))
    )
    if stored is not None:
        # one string rather than a list: JSON that reads as fast as plain text
        write_cache_file(stored, json.dumps({"pairs": "\n".join(sorted(pairs)), "count": len(pairs)}, ensure_ascii=False))
    return pairs


# A glossary's matcher asks only about pairs that end in the first syllable of one of its keys or
# start with the last syllable of one (see doubtful_pairs): for the project's glossary a few
# thousand of the dictionary's 70,000, which load in a fraction of the time. Kept per glossary
# (its digest) and model, so every run after the first reads only those.
_glossary_pairs_known: dict[str, frozenset[str] | None] = {}


def _glossary_pairs(keys, digest: str) -> frozenset[str] | None:
    """The dictionary pairs a match of one of these keys (folded Vietnamese terms) can be in doubt by."""
    known = _glossary_pairs_known.get(digest, _glossary_pairs_known)
    if known is not _glossary_pairs_known:
        return known
    # vi-en's version in the key too: it decides how the keys are folded
    stored = _cache_file("segmenter-glossary-pairs", also=f"{__version__}\0{digest}", suffix=".txt") if _model_folder() is not None else None
    if stored is None:  # no model (no pair is in doubt), or the cache is off: all the pairs answer the same
        return _doubtful_pairs()
    pairs = None
    try:
        # plain text, their count on the first line: a third of the time JSON's string took to read
        count, _, kept = read_cache_bytes(stored).decode("utf-8").partition("\n")
        pairs = frozenset(kept.split("\n")) if kept else frozenset()
        if not count.isdigit() or len(pairs) != int(count):  # damaged, or a part of them
            pairs = None
    except (OSError, ValueError):
        pass  # missing or damaged: made again below
    if pairs is None:
        every = _doubtful_pairs()
        if every is None:
            return None
        syllables = [key.split() for key in keys]
        firsts = {s[0] for s in syllables if s}
        lasts = {s[-1] for s in syllables if s}
        pairs = frozenset(p for p in every if p.partition(" ")[2] in firsts or p.partition(" ")[0] in lasts)
        write_cache_file(stored, f"{len(pairs)}\n" + "\n".join(sorted(pairs)))
    _glossary_pairs_known[digest] = pairs
    return pairs


def _cache_file(kind: str, also: str = "", suffix: str = ".json") -> Path | None:
    """A file in the cache folder named by the model's files (path, size, time) and `also`; None
    when the cache is off or there is no model."""
    from .glossary_cache import cache_folder

    folder, stamp = cache_folder(), _model_stamp()
    if folder is None or stamp is None:
        return None
    return folder / f"{kind}-{cache_key(stamp + (f'{chr(0)}{also}' if also else ''))}{suffix}"


@functools.cache
def _model_stamp() -> str | None:
    """The model's path and its files' sizes and times, read once a run; None without a model."""
    model = _model_folder()
    if model is None:
        return None
    try:
        stamp = [(name, (model / name).stat()) for name in ("dictionary.bin", "models.bin", "features.bin")]
    except OSError:
        return None
    return f"1\0{model}\0{[(n, i.st_size, i.st_mtime_ns) for n, i in stamp]}"


def available() -> bool:
    return _segmenter() is not None


OPENING = "([{\"'“‘"
CLOSING = ".,;:!?)]}\"'”’…"


def _words_before(text: str, start: int, count: int) -> list[str]:
    """Up to `count` syllables just before `start`, separated from it and each other by spaces
    (punctuation before the first of them ends the run)."""
    words = text[max(0, start - 12 * count): start].split(" ")
    if len(words) < 2 or words[-1]:  # not preceded by a space
        return []
    found = []
    for word in reversed(words[:-1]):
        if len(found) == count:
            break
        syllable = word.lstrip(OPENING)
        if not syllable.isalpha():
            break
        found.append(syllable)
        if syllable != word:
            break
    found.reverse()
    return found


def _words_after(text: str, end: int, count: int) -> list[str]:
    """Up to `count` syllables just after `end`, separated from it and each other by spaces
    (punctuation after the last of them ends the run)."""
    words = text[end: end + 12 * count].split(" ")
    if len(words) < 2 or words[0]:
        return []
    found = []
    for word in words[1:]:
        if len(found) == count:
            break
        syllable = word.rstrip(CLOSING)
        if not syllable.isalpha():
            break
        found.append(syllable)
        if syllable != word:
            break
    return found


def doubtful_pairs(keys=None, digest: str | None = None) -> frozenset[str] | None:
    """Every two syllables that stand side by side in a dictionary word ("thông tấn"), or None
    without a segmenter (no boundary is then in doubt).

    A match is in doubt when the syllable just outside one of its ends and the one just inside it
    form such a pair (gian + hàng, hoá + phẩm); only then is splits_a_word asked. The glossary's
    matcher tests this inline, for every match of every entry. Given a glossary's keys (folded vi)
    and its digest, only the pairs that test can meet for them: those whose second syllable is a
    key's first or whose first is a key's last; the answers are the same."""
    if digest is None:
        return _doubtful_pairs()
    return _glossary_pairs(keys, digest)


def splits_a_word(cased: str, start: int, end: int) -> bool:
    """Whether the segmenter puts either end of cased[start:end] inside a word. `cased` is the
    text in its own case (the segmenter reads case: names are capitalised), lined up with the
    folded text the match was found in. False without a segmenter."""
    if _model_folder() is None:
        return False
    window_start = start
    for _ in range(_WINDOW):
        space = cased.rfind(" ", 0, max(0, window_start - 1))  # a match at 0 has nothing before it
        if space < 0:
            window_start = 0
            break
        window_start = space + 1
    window_end = end
    for _ in range(_WINDOW):
        space = cased.find(" ", window_end + 1)
        if space < 0:
            window_end = len(cased)
            break
        window_end = space
    window = cased[window_start:window_end]
    start, end = start - window_start, end - window_start
    # the verdict depends on the window alone; a window seen before (a phrase the catalog repeats)
    # is answered without splitting it into syllables and asking the tagger's answers again
    key = (window, start, end)
    verdict = _verdicts.get(key)
    if verdict is None:
        verdict = _window_splits_a_word(window, start, end)
        if len(_verdicts) >= VERDICTS_KEPT:  # a cache, safe to drop
            _verdicts.clear()
        _verdicts[key] = verdict
    return verdict


VERDICTS_KEPT = 50_000
_verdicts: dict[tuple[str, int, int], bool] = {}


def _window_splits_a_word(window: str, start: int, end: int) -> bool:
    before = _words_before(window, start, _WINDOW)
    after = _words_after(window, end, _WINDOW)
    inside = window[start:end].split()
    if not inside or not (before or after):
        return False
    starts = _word_starts(" ".join(_as_trained(s) for s in before + inside + after))
    if starts is None:  # the model would not load
        return False
    first, following = len(before), len(before) + len(inside)
    return not starts[first] or (following < len(starts) and not starts[following])


# --- the segmenter's answers, kept -------------------------------------------------------------
# Loading the CRF tagger costs about 0.3 s, more than checking a pull request's catalogs; most
# runs (pre-commit, CI) meet the same few doubtful windows again. The tagger's answers are kept in
# the cache folder beside the syllable pairs, keyed by the same model file, so a run that meets
# only windows seen before never loads it. The same model gives the same answer: findings do not change.

ANSWERS_KEPT = 20_000  # the newest; a few hundred kilobytes


def _word_starts(syllables: str) -> list[bool] | None:
    """For each of the space-separated syllables, whether a word starts there (kept as "1" and
    "0"); None when the model will not load."""
    known = _known_answers()
    starts = known.get(syllables)
    if starts is None:
        segmenter = _segmenter()
        if segmenter is None:
            return None
        starts = known[syllables] = "".join("1" if s else "0" for s in segmenter.starts(tuple(syllables.split(" "))))
        if not _new_answers:
            atexit.register(_keep_answers)
        _new_answers[syllables] = starts
    return [flag == "1" for flag in starts]


_new_answers: dict[str, str] = {}


@functools.cache
def _known_answers() -> dict[str, str]:
    path = _cache_file("segmenter-answers")
    if path is None:
        return {}
    try:
        answers = json.loads(read_cache_bytes(path))["answers"]
        if isinstance(answers, dict) and all(type(k) is str and type(v) is str for k, v in answers.items()):
            return answers
    except (OSError, ValueError, TypeError, KeyError):
        pass  # none yet, or damaged: started afresh
    return {}


def _keep_answers() -> None:
    """At exit: the answers this run found, added to the kept ones (as they are now on disk)."""
    path = _cache_file("segmenter-answers")
    if path is None or not _new_answers:
        return
    _known_answers.cache_clear()  # another run may have added its own meanwhile
    answers = {**_known_answers(), **_new_answers}
    answers = dict(list(answers.items())[-ANSWERS_KEPT:])
    _new_answers.clear()
    write_cache_file(path, json.dumps({"answers": answers}, ensure_ascii=False))
