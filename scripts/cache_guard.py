"""Drop the notebook execution cache when shared inputs change.

jupyter-cache keys a notebook on its own code cells only, so a changed helper
module or dataset would otherwise leave stale outputs in a local rebuild. This
hashes helpers/*.py and data/* and, when the hash differs from the last build's,
clears book/_build/.jupyter_cache and Sphinx's saved environment (.doctrees). (CI starts from a clean clone and runs everything.)
"""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "book" / "_build" / ".jupyter_cache"
DOCTREES = ROOT / "book" / "_build" / ".doctrees"  # Sphinx would otherwise not re-read unchanged notebooks
STAMP = ROOT / "book" / "_build" / ".inputs-sha256"


def inputs_hash() -> str:
    h = hashlib.sha256()
    for p in sorted([*ROOT.glob("helpers/*.py"), *ROOT.glob("data/*")]):
        h.update(p.relative_to(ROOT).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def main() -> None:
    new = inputs_hash()
    old = STAMP.read_text().strip() if STAMP.exists() else None
    if old != new and (CACHE.exists() or DOCTREES.exists()):
        shutil.rmtree(CACHE, ignore_errors=True)
        shutil.rmtree(DOCTREES, ignore_errors=True)
        print("helpers/ or data/ changed: cleared the notebook cache, every chapter will run again")
    STAMP.parent.mkdir(parents=True, exist_ok=True)
    STAMP.write_text(new)


if __name__ == "__main__":
    main()
