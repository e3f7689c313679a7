"""Where things live: the only module that builds the project's paths.

The helpers package is installed in editable mode (``pip install -e .``), so these paths are
right whether a notebook runs from the repository root, from ``book/``, under nbmake or inside
the Jupyter Book build.
"""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
#: The datasets. ``AIBUBBLE_DATA_DIR`` points the whole book at another copy (an analyst's what-if, or a test).
DATA_DIR = Path(os.environ.get("AIBUBBLE_DATA_DIR", REPO_ROOT / "data")).resolve()
BOOK_DIR = REPO_ROOT / "book"
BUILD_DIR = BOOK_DIR / "_build"
CHAPTERS_FILE = BOOK_DIR / "chapters.yml"
#: Fingerprints of the data files ``python -m helpers.data.validate`` last passed.
VALIDATED_STAMP = BUILD_DIR / ".data-validated.json"
