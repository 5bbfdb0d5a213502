"""Shared pytest fixtures."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parent.parent

# CI draws the same examples every run (a fixed seed), so a build fails for a change, not for the
# day's random draw; elsewhere hypothesis explores new examples each run.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Compiled glossaries go to a folder of the test run's, not the user's cache (subprocesses inherit it).
os.environ.setdefault("VI_EN_CACHE_DIR", tempfile.mkdtemp(prefix="vi-en-test-cache-"))


@pytest.fixture(scope="session")
def tiny_argos_package(tmp_path_factory) -> Path:
    """A tiny real vi→en .argosmodel (SentencePiece + CTranslate2, random weights), built once."""
    from tiny_argos_model import build_tiny_argos_package

    article = REPO / "translations" / "rare-earths-russia-us.vi.txt"
    if not article.is_file():
        article = Path("/work/shared/seed/rare-earths-russia-us.vi.txt")
    return build_tiny_argos_package(tmp_path_factory.mktemp("tiny-model"), article.read_text(encoding="utf-8"))
