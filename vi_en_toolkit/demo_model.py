"""A tiny but real vi→en Argos Translate package (.argosmodel), built in a second or two: the demo
model the README's examples use (`vi-en models demo`), and the tests' model.

The package has the layout of a real one (one top-level folder holding metadata.json, model/,
sentencepiece.model and README.md, zipped as NAME.argosmodel). Its SentencePiece tokenizer is
trained on the given text (by default the sample article shipped with vi-en) and its CTranslate2
Transformer has seeded random weights, so the real loading and decoding code runs. What it
"translates" is nonsense, but deterministic: use it to try the workflow, never for English.

Needs the `mt` extra (ctranslate2, which brings numpy, and sentencepiece); never torch.
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
import zipfile
from pathlib import Path

from .errors import ModelError
from .files import write_atomic

DEMO_NAME = "translate-vi_en-tiny"
TRAINING_TEXT = Path(__file__).parent / "data" / "demo-training.vi.txt"


def build_demo_model(dest_dir: Path | str = ".") -> Path:
    """Write DEMO_NAME.argosmodel into dest_dir (the README's example model) and return its path."""
    from .engine import MISSING_MT_EXTRA, mt_installed

    if not mt_installed():
        raise ModelError(MISSING_MT_EXTRA)
    dest_dir = Path(dest_dir)
    if dest_dir.exists() and not dest_dir.is_dir():
        raise ModelError("not a folder: the demo model is written into a folder", file=dest_dir)
    try:
        return build_tiny_argos_package(dest_dir, TRAINING_TEXT.read_text(encoding="utf-8"))
    except OSError as error:
        raise ModelError(f"cannot write the demo model: {error.strerror}", file=dest_dir) from None


def build_tiny_argos_package(
    dest_dir: Path,
    training_text: str,
    *,
    name: str = "translate-vi_en-tiny",
    from_code: str = "vi",
    to_code: str = "en",
    package_version: str = "0.0.1",
    vocab_size: int = 400,
    d_model: int = 32,
    num_layers: int = 1,
    num_heads: int = 2,
    seed: int = 1234,
    max_positions: int | None = None,
) -> Path:
    """Write dest_dir/NAME.argosmodel and return its path.

    max_positions: store that many position encodings in model.bin (as models converted from
    OpenNMT-py or Marian do), which limits the source and output length; default: none stored
    (CTranslate2 computes sinusoidal ones for any length)."""
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / name
        (root / "model").mkdir(parents=True)
        sp_model = _train_sentencepiece(training_text, vocab_size)
        (root / "sentencepiece.model").write_bytes(sp_model)
        vocabulary = _vocabulary(sp_model)
        _save_ctranslate2_model(root / "model", vocabulary, d_model, num_layers, num_heads, seed, max_positions)
        metadata = {
            "package_version": package_version,
            "argos_version": "1.9.0",
            "from_code": from_code,
            "from_name": "Vietnamese",
            "to_code": to_code,
            "to_name": "English",
            "type": "translate",
            "links": [],
        }
        (root / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
        (root / "README.md").write_text(
            "# Tiny test model\n\nRandom weights for tests; its translations are nonsense.\n",
            encoding="utf-8",
        )
        archive = dest_dir / f"{name}.argosmodel"
        packed = io.BytesIO()  # the model is tiny: built in memory, then written whole (never half a zip)
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as zf:
            # Real packages list the folders too; sorted names keep the zip reproducible.
            for path in sorted([root, *root.rglob("*")]):
                zf.write(path, path.relative_to(Path(tmp)).as_posix())
        write_atomic(archive, packed.getvalue(), ModelError)
    return archive


def _train_sentencepiece(text: str, vocab_size: int) -> bytes:
    import sentencepiece as spm

    lines = [line for line in text.splitlines() if line.strip()]
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        vocab_size=vocab_size,
        model_type="unigram",
        # byte_fallback lets any text (English, CJK, emoji) tokenize without <unk>.
        byte_fallback=True,
        character_coverage=1.0,
        hard_vocab_limit=False,
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


def _vocabulary(sp_model: bytes) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _save_ctranslate2_model(
    model_dir: Path, vocabulary: list[str], d_model: int, num_layers: int, num_heads: int, seed: int,
    max_positions: int | None = None,
) -> None:
    import numpy as np

    transformer_spec, visit_spec = _ctranslate2_specs_without_torch()
    spec = transformer_spec.TransformerSpec.from_config(num_layers, num_heads)
    rng = np.random.default_rng(seed)
    shapes = _weight_shapes(len(vocabulary), d_model, ffn_dim=2 * d_model)

    def set_weight(layer, name, value):
        if value is not None:
            return
        parts = name.split("/")
        attribute = parts[-1]
        # "ffn/linear_0/weight", "attention/linear_1/weight", "projection/weight", ...
        key = "/".join(parts[-3:] if parts[-2].startswith("linear_") else parts[-2:])
        if attribute == "gamma":
            weight = np.ones(d_model, dtype=np.float32)
        elif attribute == "beta":
            weight = np.zeros(d_model, dtype=np.float32)
        else:
            weight = rng.normal(0.0, 0.5, size=shapes[key]).astype(np.float32)
        setattr(layer, attribute, weight)

    visit_spec(spec, set_weight)
    # Random weights alone never pick </s>, so every output would run to max_decoding_length.
    # A bias on </s> ends outputs after a few dozen pieces; banning <unk>, <s> and the byte
    # pieces keeps the nonsense printable.
    bias = np.array(
        [-1e4 if piece.startswith("<") and piece.endswith(">") else 0.0 for piece in vocabulary],
        dtype=np.float32,
    )
    bias[vocabulary.index("</s>")] = 4.0
    spec.decoder.projection.bias = bias
    if max_positions is not None:
        encodings = _sinusoidal_encodings(max_positions, d_model)
        spec.encoder.position_encodings.encodings = encodings
        spec.decoder.position_encodings.encodings = encodings
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.save(str(model_dir))


def _sinusoidal_encodings(positions: int, d: int):
    import numpy as np

    angles = np.arange(positions)[:, None] / np.power(10000.0, np.arange(0, d, 2) / d)[None, :]
    return np.concatenate([np.sin(angles), np.cos(angles)], axis=1).astype(np.float32)


def _ctranslate2_specs_without_torch():
    """ctranslate2.specs imports torch (two seconds) only to accept torch tensors; numpy weights
    do not need it, and keeping torch out also keeps "no torch imported" checks meaningful."""
    block = "torch" not in sys.modules
    if block:
        sys.modules["torch"] = None  # makes `import torch` raise ImportError
    try:
        from ctranslate2.specs import transformer_spec
        from ctranslate2.specs.model_spec import visit_spec
    finally:
        if block:
            del sys.modules["torch"]
    return transformer_spec, visit_spec


def _weight_shapes(vocab: int, d: int, ffn_dim: int) -> dict[str, tuple[int, ...]]:
    return {
        "embeddings/weight": (vocab, d),
        "embeddings_0/weight": (vocab, d),
        "projection/weight": (vocab, d),
        "self_attention/linear_0/weight": (3 * d, d),  # fused q, k, v
        "self_attention/linear_1/weight": (d, d),
        "attention/linear_0/weight": (d, d),  # query
        "attention/linear_1/weight": (2 * d, d),  # fused k, v over the encoder output
        "attention/linear_2/weight": (d, d),
        "ffn/linear_0/weight": (ffn_dim, d),
        "ffn/linear_1/weight": (d, ffn_dim),
    }
