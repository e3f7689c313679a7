"""Where things live. Notebooks never build paths themselves: they ask here.

The helpers package is installed in editable mode (``pip install -e .``), so these
paths are right whether a notebook runs from the repository root, from ``book/``,
under nbmake or inside the Jupyter Book build.
"""
from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / "data"
BOOK_DIR = REPO_ROOT / "book"
