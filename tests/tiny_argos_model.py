"""The tiny real Argos package the tests use (built by vi_en_toolkit.demo_model), served from a
package index on localhost so the download path is tested without the internet."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import socket
import threading
import zipfile
from functools import partial
from importlib.util import find_spec
from pathlib import Path
from typing import Iterator

import pytest

from vi_en_toolkit.demo_model import build_tiny_argos_package  # noqa: F401 (the tests' import)

# Installing from the online index needs the `index` extra (argostranslate, with stanza and torch);
# a set-up with only the `mt` extra skips those tests.
needs_index_extra = pytest.mark.skipif(find_spec("argostranslate") is None,
                                       reason="argostranslate not installed (pip install 'vi-en[index]')")


class _QuietRequestHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve_argos_index(site: Path, package: Path) -> Iterator[str]:
    """Serve an argospm-style index.json listing `package` from localhost; yield its base URL
    (what ARGOS_PACKAGE_INDEX points at)."""
    site.mkdir(parents=True, exist_ok=True)
    (site / package.name).write_bytes(package.read_bytes())
    handler = partial(_QuietRequestHandler, directory=str(site))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        with zipfile.ZipFile(package) as zf:
            top = zf.namelist()[0].split("/")[0]
            metadata = json.loads(zf.read(f"{top}/metadata.json"))
        metadata |= {"code": f"translate-{metadata['from_code']}_{metadata['to_code']}", "links": [url + package.name]}
        (site / "index.json").write_text(json.dumps([metadata]), encoding="utf-8")
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield url
        finally:
            server.shutdown()
            thread.join()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def isolated_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """Environment for a subprocess whose home, XDG folders and Argos folders are all in tmp_path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARGOS_", "XDG_"))}
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        PYTHONPATH=str(Path(__file__).resolve().parent.parent),
    )
    env.update(extra)
    return env


def copy_package_zip(source: Path, dest: Path, drop: str | None = None, extra=None) -> None:
    """A copy of a package file without member `drop` and with `extra` (ZipInfo, bytes) added."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            if info.filename != drop:
                zout.writestr(info, zin.read(info))
        if extra:
            zout.writestr(*extra)
