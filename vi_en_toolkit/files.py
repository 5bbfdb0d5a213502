"""Finding, reading and writing the user's files, with errors that name the file (and line).

Reads refuse what is not a regular file (a FIFO blocks, /dev/zero never ends); writes are atomic
and, for a read-modify-write, locked and refused when the file changed meanwhile (locked_update).
"""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import os
import stat
from pathlib import Path
from typing import Iterator

from .errors import CatalogError, InputError, OutputError, ViEnError


def find_files(paths, patterns: tuple[str, ...], what: str, error: type[ViEnError]) -> list[Path]:
    """The files named, and those matching `patterns` in folders named, in a stable order."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(_matching_in_tree(path, patterns, error))
            if not found:
                raise error(f"no {what} ({', '.join(patterns)}) in this folder", file=path)
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif path.exists():
            require_regular_file(path, error)
        else:
            raise error("no such file or folder", file=path)
    return files


def _matching_in_tree(folder: Path, patterns: tuple[str, ...], error: type[ViEnError]) -> list[Path]:
    """What rglob(pattern) finds for each pattern (links to folders are not followed), but a
    folder that may not be read is said, not passed over in silence with its files unchecked."""
    def refuse(problem: OSError) -> None:
        raise error(f"cannot read this folder: {problem.strerror}", file=problem.filename or folder)

    return [Path(root, name) for root, folders, names in os.walk(folder, onerror=refuse)
            for name in folders + names if any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)]


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF16 = "UTF-16 text, not UTF-8 (save it as UTF-8)"


def binary_problem(raw: bytes, what: str) -> str:
    """What to say about bytes with NUL in them: Notepad's and Excel's "Unicode" is UTF-16 text, not binary."""
    return UTF16 if raw.startswith(UTF16_BOMS) else f"binary file, not {what}"


def read_utf8(path, error: type[ViEnError], not_utf8: str) -> str:
    """A file's text; unreadable or non-UTF-8 files raise `error` with the line of the first bad byte."""
    raw = read_regular_bytes(path, error)
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")  # Windows editors start UTF-8 with a BOM
    except UnicodeDecodeError as problem:
        if raw.startswith(UTF16_BOMS):
            raise error(UTF16, file=path) from None
        line = raw[: problem.start].count(b"\n") + 1
        raise error(not_utf8, file=path, line=line) from None


def refuse_output_over_input(output, inputs, option: str = "--output") -> None:
    """An output written over a file the command reads would destroy that input: refuse it."""
    if output is None or not os.path.exists(output):
        return
    for path in inputs:
        try:
            same = os.path.samefile(output, path)
        except OSError:  # an input that vanished or loops cannot be the output
            continue
        if same:
            raise InputError(f"{option} would overwrite this input; choose another file", file=path)


# --- reading inputs ----------------------------------------------------------------------------

# Generous: a long article is well under 1 MiB and a 200,000-entry catalog about 60 MiB. It stops
# /dev/zero or a runaway file from filling memory.
MAX_INPUT_BYTES = 256 * 2**20


def read_regular_bytes(path, error: type[ViEnError], limit: int = MAX_INPUT_BYTES) -> bytes:
    """A regular file's bytes. A FIFO, device or socket is refused at once (opening never waits for
    a writer), and so is a file over `limit` bytes; other problems raise `error` naming the file."""
    with open_regular(path, error, limit) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as problem:
            raise error(f"cannot read: {problem.strerror}", file=path) from None
    if len(data) > limit:  # it grew while being read
        raise error(_too_big(len(data), limit), file=path)
    return data


def cache_key(text: str) -> str:
    """A cache file's name for what it was made from: a BLAKE2b hash of it (128 bits), so one
    cache folder serves every glossary of the user's projects without a stale entry ever matching."""
    try:  # hashlib's own BLAKE2, without the OpenSSL that importing hashlib loads (~6 ms of a one-entry check)
        from _blake2 import blake2b
    except ImportError:  # a Python built without it
        from hashlib import blake2b
    return blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def read_cache_bytes(path) -> bytes:
    """A cache file's bytes. OSError, as for a missing file, when it is not a regular file (a FIFO
    would block, /dev/zero never ends) or is over the input limit: a cache is only a shortcut."""
    try:
        return read_regular_bytes(path, ViEnError)
    except ViEnError as problem:
        raise OSError(str(problem)) from None


def write_cache_file(path, text: str) -> None:
    """Keep a cache file, if the disk lets us: anything but a regular file in its place (a FIFO, a
    link to a device) is taken away rather than written into; a read-only or full disk is no error."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or (path.exists() and not path.is_file()):
            path.unlink()
        write_atomic(path, text)
    except (OSError, ViEnError):
        pass  # the next run computes it again


def open_regular(path, error: type[ViEnError], limit: int = MAX_INPUT_BYTES):
    """A regular file opened for reading in binary, refused as read_regular_bytes refuses it, for
    readers that take a file a piece at a time instead of holding all its bytes."""
    flags = os.O_RDONLY | _os_flags("O_NONBLOCK", "O_NOCTTY", "O_CLOEXEC", "O_BINARY")
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise error("no such file", file=path) from None
    except OSError as problem:
        raise error(f"cannot read: {problem.strerror}", file=path) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):  # (before fdopen, which refuses a folder with an OSError)
            raise error("is a folder, not a file", file=path)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"not a regular file ({_kind(info.st_mode)}); give a file", file=path)
        if info.st_size > limit:
            raise error(_too_big(info.st_size, limit), file=path)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def _os_flags(*names: str) -> int:
    """The open flags of these names that this system has (O_NONBLOCK is POSIX, O_BINARY Windows)."""
    flags = 0
    for name in names:
        flags |= getattr(os, name, 0)
    return flags


def require_regular_file(path, error: type[ViEnError]) -> None:
    """Refuse a path that exists but is no regular file (a FIFO would block whoever reads it)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # missing or unreadable: the reader says so
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise error(f"not a regular file ({_kind(mode)}); give a file", file=path)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _too_big(size: int, limit: int) -> str:
    return f"too big to read ({size / 2**20:.0f} MiB; the limit is {limit // 2**20} MiB)"


def json_int(digits: str) -> int:
    """json.loads(..., parse_int=json_int): a number of more than 100 digits is refused the same way
    on every Python (3.11+ refuses past 4,300 digits itself; 3.10 converts them in quadratic time)."""
    if len(digits.lstrip("-")) > 100:
        raise ValueError(f"a number of {len(digits.lstrip('-')):,} digits")
    return int(digits)


# --- writing outputs ---------------------------------------------------------------------------

def write_atomic(path, content: str | bytes, error: type[ViEnError] = CatalogError) -> None:
    """Write text (as UTF-8) or bytes so that readers see the old file or the new one, never a
    half-written one.

    A new file gets the mode the umask gives (0666 & ~umask, as any editor's file); a replaced file
    keeps its mode; a file the user may not write is refused, not replaced. A symbolic link is written through (the file it points at is replaced, the link
    stays), and a device or pipe (-o /dev/stdout) is written into: replacing it would put a file in
    its place.
    """
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.is_symlink():
        try:
            path = Path(os.path.realpath(path, strict=True))
        except FileNotFoundError:  # a link to a file still to be made
            path = Path(os.path.realpath(path))
        except OSError as problem:
            raise error(f"cannot write: {problem.strerror}", file=path) from None
    if path.exists() and not path.is_file() and not path.is_dir():
        _write_into_special_file(path, data, error)
        return
    if path.is_file() and not os.access(path, os.W_OK):
        # the rename below would replace it all the same: a write-protected file is left as it is
        raise error("cannot write: the file is read-only (Permission denied)", file=path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
        fd, temp_name = _create_temporary_file(folder, path.name)
    except OSError as problem:
        raise error(f"cannot write: {problem.strerror}", file=path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException as problem:
        try:
            os.unlink(temp_name)
        except OSError:
            pass
        if isinstance(problem, OSError):
            raise error(f"cannot write: {problem.strerror}", file=path) from None
        raise


def _create_temporary_file(folder: Path, name: str) -> tuple[int, str]:
    """A new hidden file beside the target, created 0666 so that the kernel applies the umask
    (tempfile.mkstemp makes 0600, which left catalogs a team shares unreadable to the group)."""
    import secrets  # here: with random and hmac behind it, a run that writes nothing need not import it

    for _ in range(100):
        temp_name = str(folder / f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _os_flags("O_CLOEXEC", "O_BINARY"), 0o666), temp_name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(folder))


def _write_into_special_file(path: Path, data: bytes, error: type[ViEnError]) -> None:
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as problem:
        raise error(f"cannot write: {problem.strerror}", file=path) from None


# --- read-modify-write: a lock and a check that nobody else wrote meanwhile -----------------------

# Another vi-en run holding the lock is waited for this long, then refused: long enough for a
# long translation run to finish, short enough for CI to fail instead of hanging.
LOCK_WAIT_SECONDS = 600.0
CHANGED_MEANWHILE = "changed while vi-en was running (edited elsewhere?); nothing written, run again"


class LockedUpdate:
    """A file held for a read-modify-write: its state when the lock was taken, and a write that
    refuses to replace it if it changed since (an editor's save does not take the lock).

    With `read`, a regular file's bytes are read once (as read_regular_bytes reads them: a folder,
    a file too big or unreadable is refused with `error`), kept for one read() and hashed for
    that state; holds() says whether new content is what the file held then, by size and hash,
    without reading it again."""

    def __init__(self, path, error: type[ViEnError], read: bool = False):
        self.path = Path(path)
        self._error = error
        self._content = None
        if read and (self.path.is_file() or self.path.is_dir()):  # a device or FIFO is written into, never read
            # stat'ed before the read: a save in between leaves a time that no later state matches
            before = _stat_or_none(self.path)
            self._content = read_regular_bytes(self.path, error)
            self._seen = _fingerprint_holding(self.path, self._content, before)
        else:
            self._seen = file_fingerprint(self.path)

    def read(self) -> bytes | None:
        """The file's bytes when the lock was taken, given once; None when it was missing, not a
        regular file, or not read."""
        content, self._content = self._content, None
        return content

    def holds(self, data: bytes) -> bool:
        """Whether `data` is exactly what the file held when the lock was taken (or last written)."""
        seen = self._seen
        return seen is not None and len(seen) == 3 and seen[1] == len(data) and seen[2] == _content_hash(data)

    def ensure_unchanged(self) -> None:
        """Raise `error` if the file is not as it was when the lock was taken."""
        if file_fingerprint(self.path) != self._seen:
            raise self._error(CHANGED_MEANWHILE, file=self.path)

    def write(self, content: str | bytes) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        self.ensure_unchanged()
        write_atomic(self.path, data, self._error)
        self._seen = _fingerprint_holding(self.path, data)


def file_fingerprint(path) -> tuple | None:
    """What tells one state of a file from another: (mtime_ns, size, SHA-256), None if missing.

    The hash catches a same-size rewrite within the file system's timestamp granularity; a device
    or FIFO (written into, not replaced) is only stat'ed, never read."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as problem:
        return ("unreadable", problem.errno)
    if not stat.S_ISREG(info.st_mode):
        return (info.st_mode, info.st_rdev)
    import hashlib

    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError as problem:
        return ("unreadable", problem.errno)
    return (info.st_mtime_ns, info.st_size, digest.hexdigest())


def _stat_or_none(path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _fingerprint_holding(path, data: bytes, info: os.stat_result | None = None) -> tuple | None:
    """The fingerprint of `path` as holding `data` (just read or written), hashed from memory. It is
    never taken from what is on disk now: if another process saved the file meanwhile, the state
    recorded must still be ours, so that its content differs from it and a write refuses."""
    info = info or _stat_or_none(path)
    if info is None or not stat.S_ISREG(info.st_mode):
        return file_fingerprint(path)
    return (info.st_mtime_ns, len(data), _content_hash(data))


def _content_hash(data: bytes) -> str:
    """The hash a fingerprint holds (file_fingerprint hashes the same way, read in blocks)."""
    import hashlib  # here: a run that writes nothing does not load OpenSSL

    return hashlib.sha256(data).hexdigest()


def lock_path(path) -> Path:
    """The lock file of `path`: `.NAME.lock` beside the file itself (a symbolic link is followed, so
    every name of one file shares one lock). It is left in place: removing a lock file lets two
    runs lock two different files."""
    target = Path(os.path.realpath(path))
    return target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def locked_update(path, error: type[ViEnError] = OutputError, wait: float | None = None,
                  read: bool = False) -> Iterator[LockedUpdate]:
    """Hold `path` for a read-modify-write: read it inside the block (or, with `read`, take its
    bytes from the yielded LockedUpdate's read()), write it with the LockedUpdate's write().

    Other vi-en runs updating the same file wait for the lock (up to `wait` seconds, then `error`);
    a change by anything else between entering the block and writing makes write() refuse with
    `error`. Nested blocks on one file in one process share the lock. A device, or a file in a
    folder that does not exist, gets no lock (writing will say what is wrong).
    """
    from filelock import FileLock, Timeout  # imported here: only commands that write need it

    lock_file = lock_path(path)
    special = os.path.exists(path) and not os.path.isfile(path)
    if special or not lock_file.parent.is_dir():
        yield LockedUpdate(path, error, read)
        return
    wait = LOCK_WAIT_SECONDS if wait is None else wait
    lock = FileLock(str(lock_file), is_singleton=True)
    try:
        # Can the lock file be made at all? filelock retries some refusals (ENOENT in /proc) until
        # the timeout, and then it would read as another run holding the lock.
        os.close(os.open(lock_file, os.O_WRONLY | os.O_CREAT | _os_flags("O_CLOEXEC"), 0o644))
        lock.acquire(timeout=wait)
    except Timeout:
        raise error(f"another vi-en run has been updating this file for {wait:.0f} s ({lock_file.name} is held); "
                    "run again when it has finished", file=path) from None
    except OSError as problem:
        raise error(f"cannot write: cannot create its lock file {lock_file.name}: {problem.strerror}", file=path) from None
    try:
        yield LockedUpdate(path, error, read)
    finally:
        lock.release()
