"""Argos Translate packages (locate, list, install) and CTranslate2 decoding with n-best and attention.

ctranslate2 and sentencepiece (the `mt` extra) are imported inside the functions that need them.
argostranslate (the `index` extra) is imported only by install_from_index, for the Argos package
index: it depends on stanza and torch, which decoding does not need.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import socket
import stat
import struct
import tempfile
import urllib.request
import zipfile
import zlib
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator, Sequence

from vi_en_toolkit.errors import InputError, ModelError, SentenceTooLong
from vi_en_toolkit.files import json_int, read_regular_bytes, require_regular_file

INSTALL_HINT = (
    "install one with `vi-en models install` (needs internet) "
    "or `vi-en models install --file X.argosmodel`"
)
MISSING_MT_EXTRA = "machine translation needs ctranslate2 and sentencepiece: pip install 'vi-en[mt]'"
MISSING_INDEX_EXTRA = ("installing from the Argos package index needs argostranslate: pip install 'vi-en[index]' "
                       "(or install a package file: vi-en models install --file X.argosmodel)")
# Longer inputs are refused, not truncated: a silently shortened translation is worse than none.
# The limit is the model's own where its position encodings are stored in model.bin (a model
# trained with 256 positions fails past 256); a model that computes them (sinusoidal) has no
# limit of its own, and vi-en caps it here to bound decoding memory.
MAX_INPUT_TOKENS = 1024
# A real package's metadata.json is under 2 KiB.
MAX_METADATA_BYTES = 1 << 20
# Bounds decoding memory: a batch is cut into sub-batches of at most this many (padded) tokens.
MAX_BATCH_TOKENS = 4096
# Our folders inside the packages folder start with a dot so that listings skip them.
_STAGING_PREFIX = ".vi-en-install-"


@dataclass(frozen=True)
class ModelPackage:
    """An installed Argos package (or, for a --model file, the archive it was loaded from)."""

    path: Path
    from_code: str
    to_code: str
    version: str
    name: str


@dataclass(frozen=True)
class Hypothesis:
    """One candidate translation. tokens are target SentencePiece pieces; attention, when asked
    for, has one row per token and one column per source piece (see Translator.tokenize)."""

    text: str
    score: float
    tokens: tuple[str, ...]
    attention: tuple[tuple[float, ...], ...] | None = None


# --- where packages live ---------------------------------------------------------------------


def packages_dir() -> Path:
    """The folder Argos Translate installs packages into, by argostranslate.settings' rule.

    The rule is replicated because importing argostranslate.settings creates folders in the
    home directory: ARGOS_PACKAGES_DIR from the environment, else from Argos's settings.json,
    else $XDG_DATA_HOME/argos-translate/packages (~/.local/share; $SNAP_USER_DATA replaces ~
    under snap). Argos also searches snap-bundled folders; vi-en does not.
    """
    from_env = os.getenv("ARGOS_PACKAGES_DIR")
    if from_env is not None:
        return Path(from_env)
    home = Path(os.environ["SNAP_USER_DATA"]) if "SNAP" in os.environ else Path.home()
    config_dir = Path(os.getenv("XDG_CONFIG_HOME", default=home / ".config")) / "argos-translate"
    from_settings = _read_argos_settings(config_dir / "settings.json").get("ARGOS_PACKAGES_DIR")
    if from_settings is not None:
        return Path(from_settings)
    data_dir = Path(os.getenv("XDG_DATA_HOME", default=home / ".local" / "share"))
    return data_dir / "argos-translate" / "packages"


def _read_argos_settings(settings_file: Path) -> dict:
    try:
        settings = json.loads(settings_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ModelError(f"cannot read Argos Translate settings: {err}", file=settings_file) from None
    if not isinstance(settings, dict):
        raise ModelError("Argos Translate settings must be a JSON object", file=settings_file)
    return settings


# --- installed packages ----------------------------------------------------------------------


def installed_packages() -> list[ModelPackage]:
    """Every package in packages_dir(), sorted by folder name. Reading never creates the folder."""
    root = packages_dir()
    if not root.is_dir():
        return []
    return [
        _read_package(folder)
        for folder in sorted(root.iterdir())
        if folder.is_dir() and not folder.name.startswith(".")
    ]


def find_package(from_code: str = "vi", to_code: str = "en") -> ModelPackage | None:
    """The installed package for from_code→to_code with the highest version, or None."""
    matches = [p for p in installed_packages() if (p.from_code, p.to_code) == (from_code, to_code)]
    return max(matches, key=lambda p: _version_key(p.version), default=None)


def _read_package(folder: Path) -> ModelPackage:
    metadata_file = folder / "metadata.json"
    if not metadata_file.exists():
        raise ModelError("not an Argos package: no metadata.json", file=folder)
    metadata = _parse_metadata(_read_metadata_file(metadata_file), file=metadata_file)
    return _package_from_metadata(folder, metadata)


def _read_metadata_file(metadata_file: Path) -> bytes:
    return read_regular_bytes(metadata_file, ModelError, limit=MAX_METADATA_BYTES)


def _parse_metadata(raw: bytes, file: Path, where: str = "") -> dict:
    """metadata.json as a dict with from_code and to_code; `where` names it inside an archive."""
    try:
        metadata = json.loads(raw.decode("utf-8"), parse_int=json_int)
    except UnicodeDecodeError:
        raise ModelError(f"{where}metadata.json is not UTF-8", file=file) from None
    except json.JSONDecodeError as err:
        message = f"{where}metadata.json is not valid JSON ({err.msg} at line {err.lineno})"
        raise ModelError(message, file=file) from None
    except RecursionError:
        raise ModelError(f"{where}metadata.json is nested too deeply", file=file) from None
    except ValueError as err:  # from json_int
        raise ModelError(f"{where}metadata.json is not valid JSON ({err})", file=file) from None
    if not isinstance(metadata, dict):
        raise ModelError(f"{where}metadata.json must be a JSON object", file=file)
    for key in ("from_code", "to_code"):
        if not isinstance(metadata.get(key), str) or not metadata[key]:
            raise ModelError(f"{where}metadata.json has no {key}", file=file)
    for key, kinds, what in (("package_version", (str, int, float), "a string"), ("target_prefix", (str,), "a string")):
        if key in metadata and (not isinstance(metadata[key], kinds) or isinstance(metadata[key], bool)):
            raise ModelError(f"{where}metadata.json: {key} must be {what}, not {_json_kind(metadata[key])}", file=file)
    return metadata


def _json_kind(value) -> str:
    return {dict: "an object", list: "a list", bool: "true/false", type(None): "null"}.get(type(value), type(value).__name__)


def _package_from_metadata(folder: Path, metadata: dict) -> ModelPackage:
    return ModelPackage(
        path=folder,
        from_code=metadata["from_code"],
        to_code=metadata["to_code"],
        version=str(metadata.get("package_version", "")),
        name=folder.name,
    )


def _version_key(version) -> tuple[tuple[int, str], ...]:
    """Versions compared number by number ("1.10" after "1.9"), without converting digits to int:
    a version of thousands of digits must not raise or take quadratic time."""
    numbers = (number.lstrip("0") for number in re.findall(r"\d+", str(version)))
    return tuple((len(number), number) for number in numbers)


# --- installing from a file ------------------------------------------------------------------

# argostranslate.package.install_from_path is not used: it extracts whatever the zip holds
# straight into the packages folder (no checks, no atomicity) and imports argostranslate.translate,
# which imports stanza and torch.


def install_package_file(archive: Path) -> ModelPackage:
    """Check an .argosmodel file, then install it into packages_dir().

    Nothing is written until the archive passes every check. The package is extracted into a
    staging folder next to its final place and renamed into place; an installed package with
    the same folder name is swapped out only once the new one is complete and loads.
    """
    archive = Path(archive)
    with _open_archive(archive) as zf:
        top, metadata = _check_archive(zf, archive)
        root = packages_dir()
        try:
            root.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=root))
        except OSError as err:
            raise ModelError(f"cannot create the packages folder: {err}", file=root) from None
        try:
            _check_disk_space(zf, archive, root)
            _extract(zf, archive, staging / "new")
            _load_decoder(staging / "new" / top, archive)  # refuse what CTranslate2 cannot load
            _move_into_place(staging / "new" / top, root / top, staging / "old")
        except OSError as err:
            raise ModelError(f"cannot install into {root}: {err}", file=archive) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return _package_from_metadata(root / top, metadata)


@contextlib.contextmanager
def _open_archive(archive: Path) -> Iterator[zipfile.ZipFile]:
    if not archive.is_file():
        require_regular_file(archive, ModelError)  # a FIFO or device: say so, not "no such file"
        raise ModelError("no such package file", file=archive)
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError):
        raise ModelError("not an Argos package (.argosmodel must be a zip archive)", file=archive) from None
    with zf:
        yield zf


def _check_archive(zf: zipfile.ZipFile, archive: Path) -> tuple[str, dict]:
    """Return (top-level folder, metadata) of a safe, complete package archive, or raise."""
    tops = set()
    for info in zf.infolist():
        name = info.filename
        parts = PurePosixPath(name).parts
        if (
            not parts
            or name.startswith(("/", "\\"))
            or "\\" in name
            or ".." in parts
            or ":" in parts[0]
            or parts[0].startswith(".")
        ):
            raise ModelError(f"unsafe path in archive: {name!r}", file=archive)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise ModelError(f"symbolic link in archive: {name!r}", file=archive)
        if len(parts) == 1 and not info.is_dir():
            raise ModelError(f"file {name!r} outside the package folder", file=archive)
        tops.add(parts[0])
    if len(tops) != 1:
        found = ", ".join(sorted(tops)) or "none"
        message = f"an Argos package holds exactly one top-level folder (found: {found})"
        raise ModelError(message, file=archive)
    top = tops.pop()
    names = set(zf.namelist())
    if f"{top}/metadata.json" not in names:
        raise ModelError(f"not an Argos package: no {top}/metadata.json", file=archive)
    if zf.getinfo(f"{top}/metadata.json").file_size > MAX_METADATA_BYTES:
        raise ModelError(f"{top}/metadata.json is too big for package metadata (over {MAX_METADATA_BYTES // 1024} KiB)",
                         file=archive)
    try:
        raw = zf.read(f"{top}/metadata.json")
    except (zipfile.BadZipFile, zlib.error, OSError) as err:
        raise ModelError(f"damaged archive: {err}", file=archive) from None
    metadata = _parse_metadata(raw, file=archive, where=f"{top}/")
    if f"{top}/model/model.bin" not in names:
        raise ModelError(f"no CTranslate2 model ({top}/model/model.bin)", file=archive)
    if f"{top}/sentencepiece.model" not in names:
        if f"{top}/bpe.model" in names:
            message = "uses a BPE tokenizer (bpe.model); vi-en supports SentencePiece packages"
        else:
            message = f"no tokenizer ({top}/sentencepiece.model)"
        raise ModelError(message, file=archive)
    return top, metadata


def _check_disk_space(zf: zipfile.ZipFile, archive: Path, root: Path) -> None:
    needed = sum(info.file_size for info in zf.infolist())
    free = shutil.disk_usage(root).free
    if needed > free:
        message = f"needs {needed // 2**20} MiB but {root} has {free // 2**20} MiB free"
        raise ModelError(message, file=archive)


def _extract(zf: zipfile.ZipFile, archive: Path, into: Path) -> None:
    try:
        zf.extractall(into)  # safe: _check_archive refused absolute, "..", and symlink members
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as err:
        raise ModelError(f"cannot extract: {err}", file=archive) from None


def _move_into_place(new: Path, target: Path, backup: Path) -> None:
    if not target.exists():
        os.replace(new, target)
        return
    os.replace(target, backup)
    try:
        os.replace(new, target)
    except OSError:
        os.replace(backup, target)
        raise


# --- installing from the Argos package index -------------------------------------------------


def install_from_index(
    from_code: str = "vi",
    to_code: str = "en",
    progress: Callable[[int, int | None], None] | None = None,
) -> ModelPackage:
    """Download the from_code→to_code package listed in the Argos package index and install it.

    progress, if given, is called with (bytes downloaded, total bytes or None) while downloading.
    """
    try:
        with _argos_folders_beside_packages():
            from argostranslate import package as argos_package
            from argostranslate import settings as argos_settings
    except ImportError:
        raise ModelError(MISSING_INDEX_EXTRA) from None

    index_url = argos_settings.remote_package_index
    with _quiet_argos_network():
        # Keeps the previous local index when the remote one cannot be fetched.
        argos_package.update_package_index()
    local_index = Path(argos_settings.local_package_index)
    if not local_index.is_file():
        # Checked here because get_available_packages() recurses forever without a local index.
        raise ModelError(_unreachable(f"cannot reach the Argos package index at {index_url}"))
    try:
        available = argos_package.get_available_packages()
    except (OSError, ValueError, TypeError, AttributeError) as err:
        raise ModelError(f"cannot read the Argos package index: {err}", file=local_index) from None
    candidates = [
        p
        for p in available
        if (p.from_code, p.to_code) == (from_code, to_code) and p.type == "translate"
    ]
    if not candidates:
        raise ModelError(f"the Argos package index has no {from_code}→{to_code} package")
    chosen = max(candidates, key=lambda p: _version_key(p.package_version))
    filename = argos_package.argospm_package_name(chosen) + ".argosmodel"
    download = Path(argos_settings.downloads_dir) / filename
    _download(chosen.links, download, progress)
    try:
        return install_package_file(download)
    finally:
        download.unlink(missing_ok=True)


@contextlib.contextmanager
def _argos_folders_beside_packages() -> Iterator[None]:
    """Importing argostranslate.settings creates its data, config and cache folders under the home
    folder. When ARGOS_PACKAGES_DIR names where packages go, those folders go beside them instead
    (a hidden folder in it, which listings skip), so nothing is created under ~."""
    chosen = os.getenv("ARGOS_PACKAGES_DIR")
    if not chosen:
        yield
        return
    beside = Path(chosen) / ".argos-translate"
    saved = {name: os.environ.get(name) for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")}
    for name, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
        os.environ[name] = str(beside / sub)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _unreachable(what: str) -> str:
    return f"{what}; without internet, install a package file: vi-en models install --file X.argosmodel"


@contextlib.contextmanager
def _quiet_argos_network(timeout: float = 30.0) -> Iterator[None]:
    """Argos logs network errors to stderr and waits forever on a silent server; a CLI must not."""
    logger = logging.getLogger("argostranslate.utils")
    was_disabled, old_timeout = logger.disabled, socket.getdefaulttimeout()
    logger.disabled = True
    socket.setdefaulttimeout(timeout)
    try:
        yield
    finally:
        logger.disabled = was_disabled
        socket.setdefaulttimeout(old_timeout)


def _download(
    links: Sequence[str], dest: Path, progress: Callable[[int, int | None], None] | None
) -> None:
    """Stream the first link that works into dest (atomically).

    AvailablePackage.download() is not used: it holds the whole file in memory, reports no
    progress, and reuses any file already in the downloads folder without checking it.
    """
    last_error = "the index lists no download link"
    for url in links:
        if not url.startswith(("https://", "http://")):
            continue
        request = urllib.request.Request(url, headers={"User-Agent": "ArgosTranslate"})
        dest.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=dest.parent, prefix=dest.name, suffix=".part")
        try:
            with open(handle, "wb") as out, urllib.request.urlopen(request, timeout=60) as response:
                total = int(response.headers.get("Content-Length") or 0) or None
                done = 0
                while chunk := response.read(1 << 20):
                    out.write(chunk)
                    done += len(chunk)
                    if progress:
                        progress(done, total)
            os.replace(partial, dest)
            return
        except OSError as err:  # URLError, HTTPError and socket timeouts are OSErrors
            last_error = str(err)
        finally:
            Path(partial).unlink(missing_ok=True)
    raise ModelError(_unreachable(f"cannot download {dest.name} ({last_error})"))


# --- loading and decoding --------------------------------------------------------------------


def load_model(model: Path | None = None, from_code: str = "vi", to_code: str = "en") -> Translator:
    """Load a package for decoding.

    model may be an installed package folder or an .argosmodel file (checked like an install,
    extracted into a temporary folder that is removed once the model is in memory); None means
    the installed from_code→to_code package.
    """
    if model is None:
        package = find_package(from_code, to_code)
        if package is None and not mt_installed():
            raise ModelError(MISSING_MT_EXTRA)
        if package is None:
            message = f"no {from_code}→{to_code} model installed in {packages_dir()}; {INSTALL_HINT}"
            raise ModelError(message)
        return _load_decoder(package.path, package.path)
    model = Path(model)
    if model.is_dir():
        translator = _load_decoder(model, model)
    elif model.is_file():
        with _open_archive(model) as zf, tempfile.TemporaryDirectory(prefix="vi-en-model-") as tmp:
            top, _metadata = _check_archive(zf, model)
            _extract(zf, model, Path(tmp))
            translator = _load_decoder(Path(tmp) / top, model)
        translator.package = replace(translator.package, path=model)
    else:
        require_regular_file(model, ModelError)
        raise ModelError("no such model file or folder", file=model)
    if (translator.package.from_code, translator.package.to_code) != (from_code, to_code):
        pair = f"{translator.package.from_code}→{translator.package.to_code}"
        raise ModelError(f"is a {pair} model, not {from_code}→{to_code}", file=model)
    return translator


def mt_installed() -> bool:
    """Whether the `mt` extra (ctranslate2, sentencepiece) can be imported."""
    try:
        import ctranslate2  # noqa: F401
        import sentencepiece  # noqa: F401
    except ImportError:
        return False
    return True


def _load_decoder(folder: Path, shown_as: Path) -> Translator:
    """Load the package in folder; errors name shown_as (the archive, for --model files)."""
    metadata_file = folder / "metadata.json"
    if not metadata_file.is_file():
        raise ModelError("not an Argos package: no metadata.json", file=shown_as)
    metadata = _parse_metadata(_read_metadata_file(metadata_file), file=metadata_file)
    for required in ("model/model.bin", "sentencepiece.model"):
        if not (folder / required).is_file():
            raise ModelError(f"incomplete Argos package: no {required}", file=shown_as)
    try:
        import ctranslate2
        import sentencepiece
    except ImportError:
        raise ModelError(MISSING_MT_EXTRA) from None
    try:
        tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
    except (OSError, RuntimeError) as err:
        raise ModelError(f"cannot load sentencepiece.model: {err}", file=shown_as) from None
    try:
        # One thread per sub-batch, sub-batches in parallel: CTranslate2's default (one batch at a
        # time over all cores) spends much of its time spinning in OpenMP barriers, mostly when
        # the cores are shared.
        model = ctranslate2.Translator(
            str(folder / "model"), device="cpu", inter_threads=decoding_threads(), intra_threads=1
        )
    except Exception as err:  # a damaged model.bin can raise RuntimeError, IndexError, ValueError...
        raise ModelError(f"CTranslate2 cannot load the model: {err}", file=shown_as) from None
    package = _package_from_metadata(folder, metadata)
    target_prefix = str(metadata.get("target_prefix", ""))
    source_positions, target_positions = stored_positions(folder / "model" / "model.bin")
    source_extra = sum(bool(_ct2_config(folder / "model").get(key)) for key in ("add_source_bos", "add_source_eos"))
    max_input = MAX_INPUT_TOKENS if source_positions is None else min(MAX_INPUT_TOKENS, source_positions - source_extra)
    # The decoder's positions hold the start token and the target prefix as well as the output.
    max_output = None if target_positions is None else target_positions - 1 - bool(target_prefix)
    if max_input < 1 or (max_output is not None and max_output < 1):
        raise ModelError("the model's position encodings are too short to translate anything", file=shown_as)
    return Translator(package, model, tokenizer, target_prefix=target_prefix, max_input_tokens=max_input,
                      max_output_tokens=max_output)


_POSITION_ENCODINGS = {"encoder/position_encodings/encodings": 0, "decoder/position_encodings/encodings": 1}


def stored_positions(model_bin: Path) -> tuple[int | None, int | None]:
    """How many (source, target) positions a CTranslate2 model's stored position encodings cover,
    read from the variable table of model.bin (the weights are skipped, not read); None for a
    side whose encodings the model computes (sinusoidal) or a file this reader does not know.

    The layout is CTranslate2's (ctranslate2/specs/model_spec.py, _serialize): binary version,
    spec name, revision, then per variable its name, rank, shape, dtype and byte count, the data.
    """
    found: list[int | None] = [None, None]
    try:
        with open(model_bin, "rb") as handle:
            version = _unpack(handle, "<I")
            if not 2 <= version <= 6:
                return None, None
            _read_string(handle)  # spec name
            _unpack(handle, "<I")  # spec revision
            for _ in range(_unpack(handle, "<I")):
                name = _read_string(handle)
                shape = [_unpack(handle, "<I") for _ in range(_unpack(handle, "<B"))]
                if version >= 4:
                    _unpack(handle, "<B")  # dtype
                    size = _unpack(handle, "<I")
                else:
                    size = _unpack(handle, "<B") * _unpack(handle, "<I")  # item size, item count
                if name in _POSITION_ENCODINGS and shape:
                    found[_POSITION_ENCODINGS[name]] = shape[0]
                    if None not in found:
                        break
                handle.seek(size, os.SEEK_CUR)
    except (OSError, struct.error, UnicodeDecodeError):
        return None, None
    return found[0], found[1]


def _unpack(handle, layout: str) -> int:
    return struct.unpack(layout, handle.read(struct.calcsize(layout)))[0]


def _read_string(handle) -> str:
    length = _unpack(handle, "<H")
    return handle.read(length).rstrip(b"\0").decode("utf-8")


def _ct2_config(model_dir: Path) -> dict:
    """CTranslate2's config.json beside model.bin (whether sources get <s> and </s>), {} if none."""
    try:
        config = json.loads(read_regular_bytes(model_dir / "config.json", ModelError, limit=MAX_METADATA_BYTES),
                            parse_int=json_int)
    except (ModelError, ValueError, RecursionError):
        return {}
    return config if isinstance(config, dict) else {}


def decoding_threads() -> int:
    """Sub-batches decoded at once: one per usable core, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def sub_batches(lengths: Sequence[int], workers: int = 1) -> list[list[int]]:
    """Indices of sentences, by source length, cut into sub-batches of similar length.

    Each holds at most MAX_BATCH_TOKENS padded tokens, and a batch is cut into at least `workers`
    sub-batches (when it has that many sentences) so that every thread has one to decode.
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    budget = min(MAX_BATCH_TOKENS, max(1, -(-sum(lengths) // workers)))
    chunks: list[list[int]] = []
    for i in order:
        if chunks and (len(chunks[-1]) + 1) * lengths[i] <= budget:
            chunks[-1].append(i)
        else:
            chunks.append([i])
    return chunks


class Translator:
    """A loaded package: a CTranslate2 model on the CPU and its SentencePiece tokenizer.

    Both are held in memory, so the package files may go away once it is loaded.
    """

    def __init__(self, package: ModelPackage, model, tokenizer, target_prefix: str = "",
                 max_input_tokens: int = MAX_INPUT_TOKENS, max_output_tokens: int | None = None):
        self.package = package
        self._model = model
        self._tokenizer = tokenizer
        # Some multilingual Argos packages start every target with a language token.
        self._target_prefix = target_prefix
        # Longest source (in pieces) and output the model can take: see stored_positions.
        self.max_input_tokens = max_input_tokens
        self.max_output_tokens = max_output_tokens

    def tokenize(self, text: str) -> tuple[str, ...]:
        """The source pieces the model sees: the columns of Hypothesis.attention."""
        return tuple(self._tokenizer.encode(text, out_type=str))

    def translate_batch(
        self,
        sentences: Sequence[str],
        beam_size: int = 4,
        num_hypotheses: int = 4,
        return_attention: bool = False,
        max_input_tokens: int | None = None,
        unknowns_where_needed: bool = True,
    ) -> list[list[Hypothesis]]:
        """Translate all sentences in one batch (sub-batches decoded in parallel); n-best lists, best first.

        A blank sentence gets a single empty hypothesis. A sentence longer than
        max_input_tokens pieces (default: what the model takes) raises SentenceTooLong, before any
        decoding, naming it (1-based) and carrying its index.

        <unk> in an output is replaced by the source piece it attends to most (as Argos does).
        CTranslate2 keeps every beam's attention at every step for that, which is much of the cost
        of decoding with a small model, so by default (unknowns_where_needed) the batch is decoded
        without it and only the sentences whose output holds <unk> are decoded again with it, with
        the length limit they had: the same hypotheses, since the replacement does not change the
        search (up to the rounding a sub-batch of other sentences may bring, as with any other
        batching). unknowns_where_needed=False decodes as Argos does, with the replacement throughout.
        """
        max_input_tokens = self.max_input_tokens if max_input_tokens is None else max_input_tokens
        # translate.py holds the limit for --beam; it imports this module only to decode, and
        # this module imports it only here, so that `vi-en models` does not load the pipeline.
        from .translate import MAX_BEAM_SIZE

        if not (1 <= beam_size <= MAX_BEAM_SIZE and 1 <= num_hypotheses <= MAX_BEAM_SIZE):
            raise InputError(f"beam size and number of hypotheses must be between 1 and {MAX_BEAM_SIZE}")
        sources = [self.tokenize(sentence) for sentence in sentences]
        for index, tokens in enumerate(sources):
            if len(tokens) > max_input_tokens:
                start = sentences[index][:40]  # the number alone cannot be found in an article
                message = (
                    f"sentence {index + 1} is too long to translate ({len(tokens)} pieces, "
                    f"limit {max_input_tokens}): '{start}…'; split it into shorter sentences"
                )
                raise SentenceTooLong(message, index, len(tokens), max_input_tokens)
        empty = Hypothesis("", 0.0, (), () if return_attention else None)
        results: list[list[Hypothesis]] = [[empty] for _ in sources]
        todo = [i for i, tokens in enumerate(sources) if tokens]
        options = dict(beam_size=beam_size, num_hypotheses=num_hypotheses, return_attention=return_attention,
                       max_input_tokens=max_input_tokens)
        # Sentences of similar length are decoded together, each sub-batch with its own length
        # limit (a runaway output stops at twice its source, not twice the batch's longest), and
        # sub-batches go to the model's threads at once (asynchronous calls).
        chunks = [[todo[k] for k in chunk] for chunk in sub_batches([len(sources[i]) for i in todo],
                                                                      self._model.num_translators)] if todo else []
        limits = [self._decoding_limit(max(len(sources[i]) for i in chunk)) for chunk in chunks]
        # With attention returned it is kept at every step anyway: nothing to save.
        lazy = unknowns_where_needed and not return_attention
        self._decode(sources, chunks, limits, results, replace_unknowns=not lazy, **options)
        if lazy:
            # CTranslate2's vocabulary calls it "<unk>" by default, SentencePiece by its model: both looked for
            unknown = {"<unk>", self._tokenizer.id_to_piece(self._tokenizer.unk_id())}
            # the sentences with one, each with its sub-batch's length limit, so that a runaway
            # output stops where it stopped the first time
            again, again_limits = [], []
            for chunk, limit in zip(chunks, limits):
                holding = [i for i in chunk if any(not unknown.isdisjoint(h.tokens) for h in results[i])]
                if holding:
                    again.append(holding)
                    again_limits.append(limit)
            self._decode(sources, again, again_limits, results, replace_unknowns=True, **options)
        return results

    def _decode(self, sources, chunks, limits, results, beam_size, num_hypotheses, return_attention,
                max_input_tokens, replace_unknowns) -> None:
        """Decode each sub-batch of chunks (lists of indices into sources), with its length limit,
        and put their n-best lists in results."""
        jobs = []
        for chunk, limit in zip(chunks, limits):
            batch = [list(sources[i]) for i in chunk]
            options = dict(
                target_prefix=[[self._target_prefix]] * len(batch) if self._target_prefix else None,
                max_batch_size=MAX_BATCH_TOKENS,
                batch_type="tokens",
                max_input_length=max_input_tokens,
                asynchronous=True,
            )
            decoded = self._model.translate_batch(
                batch,
                beam_size=max(beam_size, num_hypotheses),
                num_hypotheses=num_hypotheses,
                length_penalty=0.2,  # as argostranslate
                replace_unknowns=replace_unknowns,
                return_scores=True,
                return_attention=return_attention,
                max_decoding_length=limit,
                **options,
            )
            first_steps = None
            if return_attention:
                # In a padded batch under beam search, CTranslate2 (4.x) returns a wrong first
                # attention row (tokens, scores and later rows are right). The first step is the same
                # for every hypothesis, so a one-step greedy pass gives the true row cheaply.
                first_steps = self._model.translate_batch(
                    batch, beam_size=1, max_decoding_length=1, return_attention=True, **options
                )
            jobs.append((chunk, decoded, first_steps))
        for chunk, decoded, first_steps in jobs:
            self._collect(chunk, decoded, first_steps, results)

    def _decoding_limit(self, longest_source: int) -> int:
        """Twice the source and a little (ends runaway outputs), within the decoder's positions."""
        limit = 2 * longest_source + 10
        return limit if self.max_output_tokens is None else min(limit, self.max_output_tokens)

    def _collect(self, chunk, decoded, first_steps, results) -> None:
        """Wait for one sub-batch and put its n-best lists in results."""
        for n, (i, pending) in enumerate(zip(chunk, decoded)):
            result = pending.result()
            hypotheses = []
            for k, (tokens, score) in enumerate(zip(result.hypotheses, result.scores)):
                attention = None
                if first_steps is not None:
                    attention = result.attention[k]
                    attention = [first_steps[n].result().attention[0][0], *attention[1:]] if attention else []
                hypotheses.append(self._hypothesis(tokens, score, attention))
            results[i] = hypotheses

    def _hypothesis(self, tokens: list[str], score: float, attention) -> Hypothesis:
        if self._target_prefix and tokens[:1] == [self._target_prefix]:
            tokens = tokens[1:]
            attention = attention[1:] if attention is not None else None
        return Hypothesis(
            text=self._tokenizer.decode_pieces(tokens),
            score=float(score),
            tokens=tuple(tokens),
            attention=tuple(tuple(row) for row in attention) if attention is not None else None,
        )
