"""What glossary enforcement costs: bare batched decoding vs the whole `vi-en translate` pipeline.

Both sides get the same segments and the same loaded tiny Argos model (built here, as the tests
build it); model loading is left out of both, and so is what the pipeline loads once per process
(lemminflect, the term matchers: one untimed run first). Bare: one `translate_batch` call, beam 4, no
glossary, as vi-en decodes a plain translation (<unk> replaced only in the outputs that hold one);
beside it, the same call as Argos decodes (the replacement on every sentence), the peer's cost for
the same translation. Pipeline: `translate_files` on the article with the project glossary and no memory,
so every segment is machine-translated: read, segment, decode, rerank, protect, restore,
localize figures, build and write the PO catalog.

The tiny model's output is nonsense, so it renders almost no glossary term and almost every
segment goes through the protect step: one more batched decoding, greedy. Its random weights never
copy a placeholder either, so every protected segment is decoded a third time, at beam 2, for a
runner-up. That is the worst case for enforcement. A labelled scenario emulates a model that
copies placeholders: the codes are appended to the greedy protect output except for a failing
share, so only that share is decoded again. Another labelled scenario emulates a model that
renders most terms itself: the decoding is still the tiny model's, but for all segments except
a chosen share, the glossary English of the source's terms is appended to the hypotheses of the
first decoding, so only that share is retranslated. It prints the ratio for several shares.

Timings are the fastest of --repeat runs (the least disturbed by other processes), bare and
pipeline runs interleaved. The CPU time of the process (all its threads) is printed too: on a
machine shared with other work, wall-clock ratios swing, CPU-time ratios much less (the median of
the paired runs' ratios is printed beside the ratio of the least CPU times). The CPU time is also
split: the engine's calls (the process's CPU time while the decoding threads run) and the rest,
each part the median of its paired runs' shares.

    python benchmarks/translate_overhead.py [--segments 300] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from engine_double import codes_in  # noqa: E402
from tiny_argos_model import build_tiny_argos_package  # noqa: E402

from dataclasses import replace  # noqa: E402

from vi_en_toolkit.checks.term_matching import source_terms  # noqa: E402
from vi_en_toolkit.engine import load_model  # noqa: E402
from vi_en_toolkit.glossary import load_glossary  # noqa: E402
from vi_en_toolkit.translate import translate_files  # noqa: E402
from vi_en_toolkit.vietnamese import segment  # noqa: E402

ARTICLE = REPO / "translations" / "rare-earths-russia-us.vi.txt"


class TimedEngine:
    """The real translator, with the time spent in it and the batch sizes recorded."""

    def __init__(self, translator):
        self.translator = translator
        self.calls: list[float] = []  # seconds per call
        self.cpu: list[float] = []  # CPU seconds of the process per call (the decoding threads')
        self.batches: list[int] = []  # segments per call
        self.pieces: list[list[int]] = []  # per call, the pieces of each segment's best hypothesis

    def tokenize(self, text):
        return self.translator.tokenize(text)

    def translate_batch(self, sentences, **options):
        start, cpu = time.perf_counter(), time.process_time()
        try:
            n_best = self.translator.translate_batch(sentences, **options)
        finally:
            self.calls.append(time.perf_counter() - start)
            self.cpu.append(time.process_time() - cpu)
            self.batches.append(len(sentences))
        self.pieces.append([len(hypotheses[0].tokens) if hypotheses else 0 for hypotheses in n_best])
        return n_best


class RendersTermsEngine(TimedEngine):
    """Emulates a model that renders most terms: the real decoding, then, in the first call only,
    the English of the source's glossary terms appended to every hypothesis of the segments
    that are not to be retranslated."""

    def __init__(self, translator, suffixes: list[str | None]):
        super().__init__(translator)
        self.suffixes = suffixes  # by segment, in the order of the first call; None: left alone

    def translate_batch(self, sentences, **options):
        n_best = super().translate_batch(sentences, **options)
        if len(self.calls) > 1:
            return n_best
        assert len(sentences) == len(self.suffixes)
        return [
            hypotheses if suffix is None else [replace(h, text=f"{h.text} {suffix}") for h in hypotheses]
            for hypotheses, suffix in zip(n_best, self.suffixes)
        ]


class CopiesCodesEngine(TimedEngine):
    """Emulates a model that copies placeholders: the real decoding, then, in the greedy protect
    call only, the placeholder codes of the masked sentence appended to its hypothesis for every
    segment not in the failing share (those keep the tiny model's output, which loses every code,
    and are decoded again at beam 2)."""

    def __init__(self, translator, fail_share: int):
        super().__init__(translator)
        self.fail_share = fail_share

    def translate_batch(self, sentences, **options):
        n_best = super().translate_batch(sentences, **options)
        if len(self.calls) != 2:
            return n_best
        return [
            hypotheses if (i * self.fail_share) % 100 < self.fail_share
            else [replace(h, text=" ".join([h.text, *codes_in(sentence)])) for h in hypotheses]
            for i, (hypotheses, sentence) in enumerate(zip(n_best, sentences))
        ]


def article_like_sentences(count: int, seed: int = 7) -> list[str]:
    """The article's sentences, then new ones made of its clauses (distinct, with its terms)."""
    sentences = [s.text for s in segment(ARTICLE.read_text(encoding="utf-8"))]
    clauses = [c.strip(" .") for s in sentences for c in re.split(r",", s) if len(c.split()) >= 4]
    rng = random.Random(seed)
    seen = set(sentences)
    while len(sentences) < count:
        parts = rng.sample(clauses, rng.choice((2, 3)))
        sentence = ", ".join(parts)
        sentence = sentence[0].upper() + sentence[1:] + "."
        if sentence not in seen:
            seen.add(sentence)
            sentences.append(sentence)
    return sentences[:count]


def paired_median(cpu: list[float], bare_cpu: list[float]) -> float:
    """The median over runs of each run's CPU time against the bare decoding of the same run."""
    ratios = sorted(c / b for c, b in zip(cpu, bare_cpu))
    return ratios[len(ratios) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--segments", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--shares", default="0,10,25,50",
                        help="percentages of segments retranslated in the emulated scenario")
    parser.add_argument("--fail-shares", default="0,25",
                        help="percentages of protected segments whose greedy output still loses a placeholder, "
                             "in the emulated placeholder-copying scenario")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        package = build_tiny_argos_package(tmp, ARTICLE.read_text(encoding="utf-8"))
        translator = load_model(package)
        glossary = load_glossary(REPO / "glossary")
        sentences = article_like_sentences(args.segments)
        article = tmp / "bench.vi.txt"
        article.write_text("\n".join(sentences) + "\n", encoding="utf-8")
        assert [s.text for s in segment(article.read_text(encoding="utf-8"))] == sentences

        translator.translate_batch(sentences[:8], beam_size=args.beam, num_hypotheses=1)  # warm up
        # What a process loads once (lemminflect, the term matchers) is left out, as model loading is.
        translate_files([article], tmp / "warm-up.en.po", glossary=glossary, use_memory=False, engine=translator,
                        beam_size=args.beam)
        bare_times, pipeline_times, engine_times, protect_times = [], [], [], []
        bare_cpu, pipeline_cpu, engine_cpu, argos_cpu = [], [], [], []  # engine_cpu: (first, protect, retry) decoding per run
        shares = [int(share) for share in args.shares.split(",") if share.strip()]
        english = [" ".join(t.en for t in source_terms(s, glossary)[0]) for s in sentences]
        emulated_times: dict[int, list[float]] = {share: [] for share in shares}
        emulated_cpu: dict[int, list[float]] = {share: [] for share in shares}
        emulated_retranslated: dict[int, int] = {}
        fail_shares = [int(share) for share in args.fail_shares.split(",") if share.strip()]
        copying_cpu: dict[int, list[float]] = {share: [] for share in fail_shares}
        copying_batches: dict[int, list[int]] = {}
        engine = None
        for run in range(args.repeat):
            start, cpu = time.perf_counter(), time.process_time()
            translator.translate_batch(sentences, beam_size=args.beam, num_hypotheses=1)
            bare_times.append(time.perf_counter() - start)
            bare_cpu.append(time.process_time() - cpu)
            cpu = time.process_time()
            translator.translate_batch(sentences, beam_size=args.beam, num_hypotheses=1, unknowns_where_needed=False)
            argos_cpu.append(time.process_time() - cpu)

            engine = TimedEngine(translator)
            output = tmp / f"bench-{run}.en.po"
            start, cpu = time.perf_counter(), time.process_time()
            result = translate_files([article], output, glossary=glossary, use_memory=False, engine=engine,
                                     beam_size=args.beam)
            pipeline_times.append(time.perf_counter() - start)
            pipeline_cpu.append(time.process_time() - cpu)
            engine_times.append(sum(engine.calls))
            protect_times.append(sum(engine.calls[1:]))
            engine_cpu.append((engine.cpu[0], sum(engine.cpu[1:2]), sum(engine.cpu[2:])))

            for share in shares:
                # Every segment whose position falls in the share keeps the tiny model's output.
                suffixes = [None if (i * share) % 100 < share else text for i, text in enumerate(english)]
                emulated = RendersTermsEngine(translator, suffixes)
                output = tmp / f"bench-{run}-{share}.en.po"
                start, cpu = time.perf_counter(), time.process_time()
                translate_files([article], output, glossary=glossary, use_memory=False, engine=emulated,
                                beam_size=args.beam)
                emulated_times[share].append(time.perf_counter() - start)
                emulated_cpu[share].append(time.process_time() - cpu)
                emulated_retranslated[share] = sum(emulated.batches[1:2])

            for share in fail_shares:
                copying = CopiesCodesEngine(translator, share)
                cpu = time.process_time()
                translate_files([article], tmp / f"bench-{run}-copying-{share}.en.po", glossary=glossary,
                                use_memory=False, engine=copying, beam_size=args.beam)
                copying_cpu[share].append(time.process_time() - cpu)
                copying_batches[share] = copying.batches

    best = min(range(args.repeat), key=lambda i: pipeline_times[i])
    bare, pipeline = min(bare_times), pipeline_times[best]
    in_engine, protect = engine_times[best], protect_times[best]
    retranslated, retried = sum(engine.batches[1:2]), sum(engine.batches[2:])
    flagged = sum(len(t.unenforced) for t in result.translations.values())
    print(f"segments: {len(sentences)}, glossary: {len(glossary)} terms, beam {args.beam}, "
          f"fastest of {args.repeat} runs, tiny model loaded once")
    print(f"bare batched decoding (1 call):        {bare * 1000:8.1f} ms")
    print(f"vi-en translate with enforcement:      {pipeline * 1000:8.1f} ms")
    print(f"  first decoding (n-best, rerank):     {(in_engine - protect) * 1000:8.1f} ms")
    print(f"  protect retranslation ({retranslated} greedy, {retried} again at beam 2): {protect * 1000:8.1f} ms")
    print(f"  outside the engine:                  {(pipeline - in_engine) * 1000:8.1f} ms")
    print(f"engine calls: {engine.batches}; terms still flagged: {flagged}")
    # The decodings' cost grows with the pieces they decode: the tiny model's outputs of masked
    # sentences run longer than its first outputs, which a real model's should not.
    print("pieces of the best output, mean per segment: " + ", ".join(
        f"{name} {sum(pieces) / len(pieces):.1f}" for name, pieces in zip(("first", "greedy", "retry"), engine.pieces)))
    print(f"ratio (translate / bare): {pipeline / bare:.2f}x   (target <= 1.3x; "
          f"{retranslated / len(sentences):.0%} of segments retranslated)")
    print(f"CPU time: bare {min(bare_cpu) * 1000:.1f} ms, translate {min(pipeline_cpu) * 1000:.1f} ms, "
          f"ratio {min(pipeline_cpu) / min(bare_cpu):.2f}x (median of the {args.repeat} paired runs "
          f"{paired_median(pipeline_cpu, bare_cpu):.2f}x)")
    print(f"  bare decoding as Argos decodes (<unk> replaced on every sentence): {min(argos_cpu) * 1000:.1f} ms CPU; "
          f"translate / that: {min(pipeline_cpu) / min(argos_cpu):.2f}x (paired median "
          f"{paired_median(pipeline_cpu, argos_cpu):.2f}x)")
    # Each run's parts against the bare decoding of the same run, then the median of each part: a
    # part of the least run over the least bare time mixes two runs' disturbances.
    parts = [(*engine_cpu[i], pipeline_cpu[i] - sum(engine_cpu[i])) for i in range(args.repeat)]
    first, protect, retry, outside = (paired_median([part[k] for part in parts], bare_cpu) for k in range(4))
    print(f"  of bare's CPU time (medians of the paired runs): first decoding {first:.2f}, protect retranslation "
          f"{protect:.2f} (greedy) + {retry:.2f} (beam-2 retry), outside the engine {outside:.2f}")
    if shares:
        print("emulated model that renders the terms of the other segments itself (tiny model decoding,")
        print("glossary English appended to its first-decoding output; see the docstring):")
        for share in shares:
            fastest, least_cpu = min(emulated_times[share]), min(emulated_cpu[share])
            print(f"  {emulated_retranslated[share] / len(sentences):4.0%} retranslated: "
                  f"{fastest * 1000:8.1f} ms, ratio {fastest / bare:.2f}x; "
                  f"CPU time ratio {least_cpu / min(bare_cpu):.2f}x (paired median "
                  f"{paired_median(emulated_cpu[share], bare_cpu):.2f}x)")

    if fail_shares:
        print("emulated model that copies placeholders (tiny model decoding, the codes appended to the greedy")
        print("protect output except for a failing share, which is decoded again at beam 2):")
        for share in fail_shares:
            print(f"  {share:3d}% failing: engine calls {copying_batches[share]}, "
                  f"CPU time ratio {min(copying_cpu[share]) / min(bare_cpu):.2f}x (paired median "
                  f"{paired_median(copying_cpu[share], bare_cpu):.2f}x)")


if __name__ == "__main__":
    main()
