"""The helpers package: every public name is exported, every export resolves."""
from __future__ import annotations

import importlib
import pkgutil
from collections import Counter

import helpers


def _modules():
    return [m.name for m in pkgutil.iter_modules(helpers.__path__) if not m.name.startswith("_")]


def test_every_module_is_listed_and_declares_all():
    assert sorted(_modules()) == sorted(helpers.MODULES)
    for name in helpers.MODULES:
        assert hasattr(importlib.import_module(f"helpers.{name}"), "__all__"), name


def test_every_public_name_is_exported_unless_ambiguous():
    counts = Counter(n for m in helpers.MODULES for n in importlib.import_module(f"helpers.{m}").__all__)
    for m in helpers.MODULES:
        for n in importlib.import_module(f"helpers.{m}").__all__:
            if counts[n] == 1 and n not in helpers.MODULES:
                assert helpers.EXPORTS.get(n) == m, f"{m}.{n} is not re-exported from helpers"
            else:
                assert n not in helpers.EXPORTS and n in helpers.SHARED, f"{n} is shared and must stay qualified"


def test_exports_resolve_to_the_named_module():
    for name, mod in helpers.EXPORTS.items():
        assert getattr(helpers, name) is getattr(importlib.import_module(f"helpers.{mod}"), name)


def test_exports_table_is_current():
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "scripts" / "sync_exports.py"
    r = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
