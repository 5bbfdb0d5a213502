"""The MT engine: Argos packages (where they live, install, list, load) and real CTranslate2 decoding.

Decoding runs on the tiny real model from tiny_argos_model.py: its output is nonsense, but it goes
through the same SentencePiece + CTranslate2 code a real vi→en package does.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from tiny_argos_model import closed_port, isolated_env, needs_index_extra, serve_argos_index
from vi_en_toolkit import engine
from vi_en_toolkit.engine import Hypothesis, ModelPackage
from vi_en_toolkit.errors import ModelError, SentenceTooLong
from vi_en_toolkit.vietnamese import segment

REPO = Path(__file__).resolve().parent.parent
ARTICLE = REPO / "translations" / "rare-earths-russia-us.vi.txt"
TOP = "translate-vi_en-tiny"


# --- helpers ---------------------------------------------------------------------------------


@pytest.fixture
def packages(tmp_path, monkeypatch) -> Path:
    """An empty Argos packages folder that the engine uses (via ARGOS_PACKAGES_DIR)."""
    folder = tmp_path / "packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    return folder


@pytest.fixture(scope="module")
def article_sentences() -> list[str]:
    return [s.text for s in segment(ARTICLE.read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def translator(tiny_argos_package):
    return engine.load_model(tiny_argos_package)


def rewrite_package(source: Path, dest: Path, replace: dict[str, bytes | None] = {}, extra=()) -> Path:
    """Copy an .argosmodel, replacing (bytes) or dropping (None) members and adding ZipInfo extras."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            if info.filename in replace:
                if replace[info.filename] is not None:
                    zout.writestr(info.filename, replace[info.filename])
            else:
                zout.writestr(info, zin.read(info))
        for info, data in extra:
            zout.writestr(info, data)
    return dest


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder with a hash of its content (empty if folder does not exist)."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(folder.rglob("*"))
    }


def metadata_of(archive: Path) -> dict:
    with zipfile.ZipFile(archive) as zf:
        return json.loads(zf.read(f"{TOP}/metadata.json"))


# --- where packages live ---------------------------------------------------------------------

PACKAGE_DIR_CASES = {
    "ARGOS_PACKAGES_DIR wins": ({"ARGOS_PACKAGES_DIR": "{tmp}/from-env"}, {"ARGOS_PACKAGES_DIR": "{tmp}/from-file"}),
    "Argos settings.json next": ({}, {"ARGOS_PACKAGES_DIR": "{tmp}/from-file"}),
    "XDG_DATA_HOME default": ({"XDG_DATA_HOME": "{tmp}/xdg"}, None),
    "home default": ({}, None),
}


@needs_index_extra
@pytest.mark.parametrize("env_template, settings", PACKAGE_DIR_CASES.values(), ids=PACKAGE_DIR_CASES.keys())
def test_packages_dir_is_where_argostranslate_looks(tmp_path, env_template, settings):
    fill = lambda d: {k: v.format(tmp=tmp_path) for k, v in d.items()}  # noqa: E731
    env = isolated_env(tmp_path)
    del env["XDG_DATA_HOME"]
    env.update(fill(env_template))
    if settings is not None:
        (tmp_path / "config" / "argos-translate").mkdir(parents=True)
        (tmp_path / "config" / "argos-translate" / "settings.json").write_text(json.dumps(fill(settings)))
    ours = subprocess.run(
        [sys.executable, "-c", "from vi_en_toolkit.engine import packages_dir; print(packages_dir())"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout
    argos = subprocess.run(
        [sys.executable, "-c", "from argostranslate.settings import package_data_dir; print(package_data_dir)"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout
    assert ours == argos


def test_broken_argos_settings_file_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.delenv("ARGOS_PACKAGES_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    settings = tmp_path / "argos-translate" / "settings.json"
    settings.parent.mkdir()
    settings.write_text("{not json")
    with pytest.raises(ModelError) as error:
        engine.packages_dir()
    assert error.value.file == str(settings)


def test_listing_an_absent_packages_folder_is_empty_and_creates_nothing(packages):
    assert engine.installed_packages() == []
    assert engine.find_package("vi", "en") is None
    assert not packages.exists()


# --- installing a package file ---------------------------------------------------------------


def test_install_package_file_installs_a_listed_package(packages, tiny_argos_package):
    package = engine.install_package_file(tiny_argos_package)

    assert package == ModelPackage(
        path=packages / TOP, from_code="vi", to_code="en", version="0.0.1", name=TOP
    )
    assert engine.installed_packages() == [package]
    assert engine.find_package("vi", "en") == package
    assert engine.find_package("en", "vi") is None
    assert {"metadata.json", "model", "sentencepiece.model", "README.md"} <= {
        p.name for p in package.path.iterdir()
    }
    assert [p.name for p in packages.iterdir()] == [TOP]  # no staging folder left behind


def test_reinstalling_replaces_the_package(packages, tiny_argos_package, tmp_path):
    engine.install_package_file(tiny_argos_package)
    metadata = metadata_of(tiny_argos_package) | {"package_version": "0.0.2"}
    newer = rewrite_package(
        tiny_argos_package, tmp_path / "newer.argosmodel",
        {f"{TOP}/metadata.json": json.dumps(metadata).encode()},
    )

    package = engine.install_package_file(newer)

    assert package.version == "0.0.2"
    assert engine.installed_packages() == [package]
    assert [p.name for p in packages.iterdir()] == [TOP]


def test_find_package_prefers_the_highest_version(packages, tiny_argos_package, tmp_path):
    engine.install_package_file(tiny_argos_package)
    with zipfile.ZipFile(tiny_argos_package) as zf:
        members = {info.filename: zf.read(info) for info in zf.infolist() if not info.is_dir()}
    newer = tmp_path / "translate-vi_en-1_10.argosmodel"
    with zipfile.ZipFile(newer, "w") as zf:
        for name, data in members.items():
            if name.endswith("metadata.json"):
                data = json.dumps(metadata_of(tiny_argos_package) | {"package_version": "1.10"}).encode()
            zf.writestr(name.replace(TOP, "translate-vi_en-1_10", 1), data)
    engine.install_package_file(newer)

    assert len(engine.installed_packages()) == 2
    assert engine.find_package("vi", "en").version == "1.10"  # 1.10 > 0.0.1, not compared as text


def _traversal(info_name: str) -> list:
    return [(zipfile.ZipInfo(info_name), b"owned")]


def _symlink(name: str, target: str) -> list:
    info = zipfile.ZipInfo(name)
    info.create_system = 3  # Unix
    info.external_attr = (0o120777 << 16)
    return [(info, target.encode())]


def _corrupt_cases(tiny: Path) -> dict[str, tuple[dict, list, str]]:
    """name → (members to replace/drop, extra members, expected words in the error)."""
    meta = f"{TOP}/metadata.json"
    return {
        "no metadata.json": ({meta: None}, [], f"no {TOP}/metadata.json"),
        "metadata.json not JSON": ({meta: b"{oops"}, [], "metadata.json is not valid JSON"),
        "metadata.json without to_code": (
            {meta: json.dumps({"from_code": "vi"}).encode()}, [], "metadata.json has no to_code"
        ),
        "no model.bin": ({f"{TOP}/model/model.bin": None}, [], "model/model.bin"),
        "no sentencepiece.model": ({f"{TOP}/sentencepiece.model": None}, [], "sentencepiece.model"),
        "damaged model.bin": ({f"{TOP}/model/model.bin": b"\0" * 64}, [], "CTranslate2 cannot load"),
        "path traversal": ({}, _traversal(f"{TOP}/../../escaped.txt"), "unsafe path"),
        "absolute path": ({}, _traversal("/tmp/vi-en-escaped.txt"), "unsafe path"),
        "symlink member": ({}, _symlink(f"{TOP}/model/link", "/etc/passwd"), "symbolic link"),
        "two top-level folders": ({}, _traversal("other/file.txt"), "exactly one top-level folder"),
        "file at the top": ({}, _traversal("stray.txt"), "outside the package folder"),
    }


CORRUPT_CASE_NAMES = list(_corrupt_cases(Path("x")))


@pytest.mark.parametrize("case", CORRUPT_CASE_NAMES)
def test_a_broken_package_file_is_refused_and_installs_nothing(case, packages, tiny_argos_package, tmp_path):
    engine.install_package_file(tiny_argos_package)
    before = snapshot(packages)
    replace, extra, expected = _corrupt_cases(tiny_argos_package)[case]
    broken = rewrite_package(tiny_argos_package, tmp_path / "broken.argosmodel", replace, extra)

    with pytest.raises(ModelError) as error:
        engine.install_package_file(broken)

    assert expected in error.value.message
    assert error.value.file == str(broken)
    assert "\n" not in str(error.value)
    assert snapshot(packages) == before  # the installed package is untouched, nothing added
    assert not (tmp_path / "escaped.txt").exists() and not Path("/tmp/vi-en-escaped.txt").exists()


def test_a_file_that_is_not_a_zip_is_refused(packages, tmp_path):
    fake = tmp_path / "fake.argosmodel"
    fake.write_text("this is not a zip archive")
    with pytest.raises(ModelError, match="must be a zip archive") as error:
        engine.install_package_file(fake)
    assert error.value.file == str(fake)
    assert not packages.exists()


def test_a_missing_package_file_is_refused(packages, tmp_path):
    with pytest.raises(ModelError, match="no such package file"):
        engine.install_package_file(tmp_path / "absent.argosmodel")


# --- installing from the Argos package index (never the internet) ----------------------------

INSTALL_FROM_INDEX = """
from vi_en_toolkit import engine
from vi_en_toolkit.errors import ModelError
seen = []
try:
    package = engine.install_from_index("vi", "en", progress=lambda done, total: seen.append((done, total)))
    print("installed", package.name, package.version, package.path, "progress", seen[-1])
except ModelError as error:
    print("ModelError", error)
"""


@needs_index_extra
def test_install_from_index_when_the_index_is_unreachable(tmp_path):
    env = isolated_env(
        tmp_path,
        ARGOS_PACKAGE_INDEX=f"http://127.0.0.1:{closed_port()}/",
        ARGOS_PACKAGES_DIR=str(tmp_path / "packages"),
    )
    run = subprocess.run([sys.executable, "-c", INSTALL_FROM_INDEX], env=env, capture_output=True, text=True)

    assert run.stderr == ""  # Argos's own network error logging is silenced
    assert run.stdout.startswith("ModelError cannot reach the Argos package index at http://127.0.0.1:")
    assert "vi-en models install --file X.argosmodel" in run.stdout
    # nothing installed (Argos's own folders, hidden, go beside the packages when ARGOS_PACKAGES_DIR is set)
    assert [p.name for p in (tmp_path / "packages").iterdir()] == [".argos-translate"]


@needs_index_extra
def test_install_from_index_downloads_and_installs(tmp_path, tiny_argos_package):
    with serve_argos_index(tmp_path / "site", tiny_argos_package) as url:
        env = isolated_env(tmp_path, ARGOS_PACKAGE_INDEX=url, ARGOS_PACKAGES_DIR=str(tmp_path / "packages"))
        run = subprocess.run([sys.executable, "-c", INSTALL_FROM_INDEX], env=env, capture_output=True, text=True)

    size = tiny_argos_package.stat().st_size
    assert run.stdout.split() == [
        "installed", TOP, "0.0.1", str(tmp_path / "packages" / TOP), "progress", f"({size},", f"{size})"
    ], run.stderr
    # With ARGOS_PACKAGES_DIR set, Argos's own folders go beside the packages, not under home or XDG.
    downloads = tmp_path / "packages" / ".argos-translate" / "cache" / "argos-translate" / "downloads"
    assert list(downloads.iterdir()) == []  # the downloaded file is removed once installed
    assert not any((tmp_path / name).exists() for name in ("home", "data", "config", "cache"))


# --- loading ---------------------------------------------------------------------------------


def test_load_model_without_an_installed_package_says_how_to_install(packages):
    with pytest.raises(ModelError, match=r"no vi→en model installed .*vi-en models install"):
        engine.load_model(None)


def test_load_model_uses_the_installed_package(packages, tiny_argos_package):
    installed = engine.install_package_file(tiny_argos_package)
    assert engine.load_model(None).package == installed
    assert engine.load_model(installed.path).package == installed


def test_load_model_from_a_package_file_leaves_no_temporary_files(tiny_argos_package, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    translator = engine.load_model(tiny_argos_package)
    assert translator.package.path == tiny_argos_package
    assert list(tmp_path.iterdir()) == []
    assert translator.translate_batch(["Đất hiếm"], num_hypotheses=1)[0][0].text  # still in memory


def test_load_model_refuses_a_package_for_another_language_pair(tiny_argos_package, tmp_path):
    en_vi = rewrite_package(
        tiny_argos_package, tmp_path / "en_vi.argosmodel",
        {f"{TOP}/metadata.json": json.dumps({"from_code": "en", "to_code": "vi"}).encode()},
    )
    with pytest.raises(ModelError, match="is a en→vi model, not vi→en"):
        engine.load_model(en_vi)


def test_load_model_refuses_a_broken_package_file(tiny_argos_package, tmp_path):
    broken = rewrite_package(tiny_argos_package, tmp_path / "b.argosmodel", extra=_traversal(f"{TOP}/../x"))
    with pytest.raises(ModelError, match="unsafe path"):
        engine.load_model(broken)


def test_load_model_refuses_a_folder_that_is_not_a_package(tmp_path):
    with pytest.raises(ModelError, match="no metadata.json"):
        engine.load_model(tmp_path)
    with pytest.raises(ModelError, match="no such model"):
        engine.load_model(tmp_path / "absent")


# --- decoding --------------------------------------------------------------------------------


def test_the_article_decodes_to_n_best_lists(translator, article_sentences):
    results = translator.translate_batch(article_sentences, beam_size=4, num_hypotheses=3)

    assert len(results) == len(article_sentences) == 21
    for hypotheses in results:
        assert len(hypotheses) == 3
        assert all(isinstance(h, Hypothesis) and h.text and h.tokens for h in hypotheses)
        assert all(h.attention is None for h in hypotheses)
        scores = [h.score for h in hypotheses]
        assert scores == sorted(scores, reverse=True)


def test_decoding_is_deterministic(translator, article_sentences):
    first = translator.translate_batch(article_sentences[:5], num_hypotheses=2)
    again = translator.translate_batch(article_sentences[:5], num_hypotheses=2)
    assert first == again


def test_attention_has_a_row_per_target_token_and_a_column_per_source_piece(translator, article_sentences):
    sentences = article_sentences[:4]
    results = translator.translate_batch(sentences, num_hypotheses=2, return_attention=True)

    for sentence, hypotheses in zip(sentences, results):
        source_pieces = len(translator.tokenize(sentence))
        for h in hypotheses:
            assert len(h.attention) == len(h.tokens)
            assert all(len(row) == source_pieces for row in h.attention)
            assert all(abs(sum(row) - 1.0) < 1e-3 for row in h.attention)


def test_attention_does_not_depend_on_what_else_is_in_the_batch(translator, article_sentences):
    """Guards the workaround for CTranslate2's wrong first attention row in padded beam batches."""
    sentences = article_sentences[:6]
    together = translator.translate_batch(sentences, num_hypotheses=2, return_attention=True)
    for sentence, hypotheses in zip(sentences, together):
        [alone] = translator.translate_batch([sentence], num_hypotheses=2, return_attention=True)
        assert [h.tokens for h in hypotheses] == [h.tokens for h in alone]
        for h, a in zip(hypotheses, alone):
            for row, row_alone in zip(h.attention, a.attention):
                assert row == pytest.approx(row_alone, abs=1e-4)


def test_text_is_the_detokenized_pieces(translator):
    [[best]] = translator.translate_batch(["Trữ lượng đất hiếm."], num_hypotheses=1)
    assert best.text == "".join(best.tokens).replace("▁", " ").strip()


def test_blank_sentences_get_one_empty_hypothesis(translator):
    results = translator.translate_batch(["", "Nga", "  "], num_hypotheses=2)
    assert results[0] == results[2] == [Hypothesis("", 0.0, (), None)]
    assert len(results[1]) == 2


def test_any_text_tokenizes_without_unknown_pieces(translator):
    assert "<unk>" not in translator.tokenize("Rare earths: 95%, 日本, emoji 🙂, Ωmega")


@pytest.mark.parametrize("beam_size", [1, 2, 4])
def test_unknowns_replaced_only_where_needed_give_the_hypotheses_argos_gets(translator, article_sentences, beam_size):
    as_argos = translator.translate_batch(article_sentences, beam_size=beam_size, num_hypotheses=beam_size,
                                          unknowns_where_needed=False)
    assert translator.translate_batch(article_sentences, beam_size=beam_size, num_hypotheses=beam_size) == as_argos


class _UnknownsModel:
    """A stand-in for ctranslate2.Translator: a source holding 'x' decodes to <unk>, which
    replace_unknowns turns into that source piece; the replace_unknowns of each call is recorded."""

    num_translators = 1

    def __init__(self):
        self.calls: list[tuple[list[list[str]], bool]] = []

    def translate_batch(self, batch, *, replace_unknowns, asynchronous, **options):
        self.calls.append((batch, replace_unknowns))

        class Done:
            def __init__(self, tokens):
                self.hypotheses, self.scores = [tokens], [-1.0]

            def result(self):
                return self

        return [Done(["▁A", "x" if replace_unknowns else "<unk>"] if "x" in tokens else ["▁B"]) for tokens in batch]


class _Pieces:
    """A stand-in for the SentencePiece processor: one piece per character."""

    def encode(self, text, out_type=str):
        return list(text)

    def decode_pieces(self, pieces):
        return "".join(pieces).replace("▁", " ").strip()

    def id_to_piece(self, piece_id):
        return "<unk>"

    def unk_id(self):
        return 0


@pytest.mark.parametrize(
    "sentences, threads, decoded_again, texts",
    [
        (["ab", "cd"], 1, [], ["B", "B"]),  # no <unk> anywhere: one decoding
        (["ab", "xy", "cd"], 1, [[["x", "y"]]], ["B", "Ax", "B"]),  # only the sentence with <unk>, again
        (["xa", "xb"], 1, [[["x", "a"], ["x", "b"]]], ["Ax", "Ax"]),
        (["xa", "xb"], 2, [[["x", "a"]], [["x", "b"]]], ["Ax", "Ax"]),  # each in its own sub-batch, as at first
    ],
)
def test_by_default_only_the_sentences_with_unk_are_decoded_again(sentences, threads, decoded_again, texts):
    model = _UnknownsModel()
    model.num_translators = threads
    package = ModelPackage(Path("tiny"), "vi", "en", "1", "tiny")
    translator = engine.Translator(package, model, _Pieces())

    results = translator.translate_batch(sentences, beam_size=1, num_hypotheses=1)

    assert [hypotheses[0].text for hypotheses in results] == texts
    first = [batch for batch, replace in model.calls if not replace]
    assert sorted(map(tuple, (s for batch in first for s in batch))) == sorted(tuple(s) for s in sentences)
    assert [batch for batch, replace in model.calls if replace] == decoded_again
    assert model.calls[:len(first)] == [(batch, False) for batch in first]  # the replacement only after
    # as Argos decodes: replace_unknowns on every sentence, one decoding
    model.calls.clear()
    as_argos = translator.translate_batch(sentences, beam_size=1, num_hypotheses=1, unknowns_where_needed=False)
    assert [hs[0].text for hs in as_argos] == texts
    assert {replace for _, replace in model.calls} == {True} and len(model.calls) == len(first)


def test_a_sentence_decoded_again_keeps_its_length_limit():
    """A runaway output holding <unk> stops where it stops with the replacement throughout: its
    limit is its sub-batch's (twice the longest source and ten), not its own source's."""
    calls = []

    class RecordsLimits(_UnknownsModel):
        def translate_batch(self, batch, *, max_decoding_length, replace_unknowns, **options):
            calls.append((batch, max_decoding_length, replace_unknowns))
            return super().translate_batch(batch, replace_unknowns=replace_unknowns, **options)

    translator = engine.Translator(ModelPackage(Path("tiny"), "vi", "en", "1", "tiny"), RecordsLimits(), _Pieces())
    sentences = ["xa", "bc", "def", "ghi"]  # xa, bc and def in one sub-batch: limit 2 * 3 + 10
    translator.translate_batch(sentences, beam_size=1, num_hypotheses=1)
    assert [(batch, limit) for batch, limit, replace in calls if replace] == [([["x", "a"]], 16)]
    calls.clear()
    translator.translate_batch(sentences, beam_size=1, num_hypotheses=1, unknowns_where_needed=False)
    assert ([["x", "a"], ["b", "c"], ["d", "e", "f"]], 16, True) in calls


def test_with_attention_returned_the_replacement_is_asked_throughout():
    """Attention kept for the caller is kept at every step anyway: decoding twice would save nothing."""
    asked = []

    class WithAttention:
        num_translators = 1

        def translate_batch(self, batch, *, max_decoding_length, replace_unknowns=None, return_attention=False,
                            asynchronous=True, **options):
            asked.append(replace_unknowns)

            class Done:
                def __init__(self, tokens, source):
                    self.hypotheses, self.scores = [tokens], [-1.0]
                    self.attention = [[[1.0] * len(source) for _ in tokens]]

                def result(self):
                    return self

            return [Done(["▁A", "x" if replace_unknowns else "<unk>"] if "x" in tokens else ["▁B"], tokens)
                    for tokens in batch]

    translator = engine.Translator(ModelPackage(Path("tiny"), "vi", "en", "1", "tiny"), WithAttention(), _Pieces())
    results = translator.translate_batch(["ab", "xy"], beam_size=2, num_hypotheses=1, return_attention=True)
    assert [hypotheses[0].text for hypotheses in results] == ["B", "Ax"]
    assert asked == [True, None]  # the decoding with the replacement, then the one-step attention pass


def test_a_huge_sentence_is_refused_not_truncated(translator):
    huge = "đất hiếm " * 120_000  # ~1 MB on one line
    with pytest.raises(SentenceTooLong, match=r"sentence 2 is too long to translate \(\d+ pieces, limit 1024\)") as error:
        translator.translate_batch(["Nga", huge])
    assert (error.value.index, error.value.limit) == (1, 1024)  # for translate to name its file and line


def test_sub_batches_group_similar_lengths_within_the_token_budget():
    lengths = [5, 300, 7, 40, 6, 290, 41, 8]
    chunks = engine.sub_batches(lengths, workers=2)
    assert sorted(i for chunk in chunks for i in chunk) == list(range(len(lengths)))
    assert len(chunks) >= 2  # a thread for each worker
    for chunk in chunks:
        assert len(chunk) * max(lengths[i] for i in chunk) <= engine.MAX_BATCH_TOKENS
    assert engine.sub_batches(lengths) == [[0, 4, 2, 7, 3, 6], [5, 1]]  # by length: the longest together
    assert engine.sub_batches([5, 6], workers=4) == [[0], [1]]
    assert engine.sub_batches([3000] * 3) == [[0], [1], [2]]  # each alone over the budget


def test_sub_batches_do_not_change_the_translations(translator, article_sentences):
    together = translator.translate_batch(article_sentences, num_hypotheses=2)
    alone = [translator.translate_batch([sentence], num_hypotheses=2)[0] for sentence in article_sentences]
    assert [[h.tokens for h in hs] for hs in together] == [[h.tokens for h in hs] for hs in alone]


def test_decoding_never_imports_stanza_or_torch(tiny_argos_package):
    code = f"""
import sys
from vi_en_toolkit import engine
translator = engine.load_model({str(tiny_argos_package)!r})
assert translator.translate_batch(["Đất hiếm"], num_hypotheses=2, return_attention=True)[0][0].text
heavy = {{"stanza", "torch", "spacy", "argostranslate"}}
print(sorted(name for name in sys.modules if name.split(".")[0] in heavy))
"""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
