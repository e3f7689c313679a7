"""The package's shape: four layers imported one way, every module documented and small, no name defined twice."""
from __future__ import annotations

import ast
import re
import importlib
import pkgutil
from collections import Counter
from pathlib import Path

import pytest

import helpers

PKG = Path(helpers.__file__).resolve().parent
LAYER_ORDER = {"paths": -1, "_validate": -1, "data": 0, "models": 1, "charts": 2, "pages": 3}
PRESENTATION = ("altair", "IPython", "myst_nb", "vl_convert", "html")


def _py_files():
    return sorted(p for p in PKG.rglob("*.py") if "__pycache__" not in p.parts)


def _layer(path: Path) -> str:
    rel = path.relative_to(PKG).parts
    return rel[0].removesuffix(".py") if rel[0] != "__init__.py" else "root"


def _imports(path: Path):
    """(module, level) of every import in a file, resolved to helpers-relative dotted names where relative."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    pkg_parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    if pkg_parts[-1] == "__init__":
        pkg_parts = pkg_parts[:-1]
    else:
        pkg_parts = pkg_parts[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield a.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg_parts[: len(pkg_parts) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
                yield mod
                if not node.module:
                    for a in node.names:
                        yield f"{mod}.{a.name}"
            else:
                yield node.module or ""


@pytest.mark.parametrize("path", _py_files(), ids=lambda p: str(p.relative_to(PKG)))
def test_lower_layers_never_import_higher_ones(path):
    me = _layer(path)
    if me == "root":
        return
    for mod in _imports(path):
        if mod.startswith("helpers."):
            other = mod.split(".")[1]
            assert LAYER_ORDER.get(other, -1) <= LAYER_ORDER[me], f"{path.name} ({me}) imports {mod} ({other}), a higher layer"


@pytest.mark.parametrize("path", sorted((PKG / "models").rglob("*.py")) + sorted((PKG / "data").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(PKG)))
def test_models_and_data_never_import_presentation(path):
    for mod in _imports(path):
        root = mod.split(".")[0]
        assert root not in PRESENTATION, f"{path.relative_to(PKG)} imports {mod}: presentation belongs in helpers.charts or helpers.pages"


@pytest.mark.parametrize("path", _py_files(), ids=lambda p: str(p.relative_to(PKG)))
def test_modules_are_small(path):
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= 460, f"{path.relative_to(PKG)} has {n} lines; split it (about 450 at most)"


def _model_modules():
    return [m.name for m in pkgutil.walk_packages(helpers.models.__path__, "helpers.models.") if not m.ispkg]


def test_every_model_module_declares_all_and_a_docstring():
    for name in _model_modules():
        mod = importlib.import_module(name)
        assert getattr(mod, "__all__", None), f"{name} has no __all__"
        assert (mod.__doc__ or "").strip(), f"{name} has no module docstring"


def test_no_public_name_is_defined_by_two_model_modules():
    owners = Counter()
    where = {}
    for name in _model_modules():
        mod = importlib.import_module(name)
        for n in mod.__all__:
            obj = getattr(mod, n)
            if getattr(obj, "__module__", name) == name:
                owners[n] += 1
                where.setdefault(n, []).append(name)
    twice = {n: where[n] for n, c in owners.items() if c > 1}
    assert not twice, f"defined in two model modules (one formula, one name): {twice}"


def test_layers_load_lazily():
    import subprocess
    import sys

    code = "import helpers, sys; print(sorted(m for m in sys.modules if m.startswith(('helpers.', 'altair', 'statsmodels'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", out


def test_chapter_map_names_existing_model_modules():
    import yaml

    from helpers.paths import CHAPTERS_FILE

    spec = yaml.safe_load(CHAPTERS_FILE.read_text(encoding="utf-8"))
    known = set(helpers.models.MODULES)
    for part in spec["parts"]:
        for ch in part["chapters"]:
            assert ch.get("modules"), f"chapter {ch['n']} names no model module"
            missing = set(ch["modules"]) - known
            assert not missing, f"chapter {ch['n']} names unknown modules {missing}"


def test_model_table_in_the_package_docstring_lists_every_module():
    listed = set(re.findall(r"^``(\w+)``", helpers.models.__doc__, flags=re.M))
    assert listed == set(helpers.models.MODULES), f"helpers/models/__init__.py table: missing {set(helpers.models.MODULES) - listed}, extra {listed - set(helpers.models.MODULES)}"
