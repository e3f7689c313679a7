"""Start-up shim for the book's virtualenv: make ``import altair`` 1.3-1.8 s cheaper.

Why: ``jsonschema`` (which Altair imports) does ``from rfc3987_syntax import is_valid_syntax`` at
import time when ``rfc3987-syntax`` is installed (JupyterLab's ``jupyter-events`` pulls it in through
``jsonschema[format-nongpl]``), and importing ``rfc3987_syntax`` compiles a Lark Earley grammar for
IRIs: about 1.3-1.8 s in every kernel, pytest worker and Sphinx process, although the book never
validates an ``iri`` format (Altair's Vega-Lite schema uses only ``uri``/``uri-reference``, which
``rfc3986-validator`` checks). See jsonschema issue 1428.

What: a meta-path finder answers ``import rfc3987_syntax`` with a stand-in package whose
``is_valid_syntax`` and ``parse`` (and any other attribute) import the real
``rfc3987_syntax.syntax_helpers`` on first use. Results are identical; the grammar is only
compiled if an IRI is ever checked.

How it is loaded: ``make venv`` writes ``book_startup.pth`` into the venv's site-packages, which
puts this folder on ``sys.path`` and imports this module at interpreter start (kernels, pytest,
Sphinx, JupyterLab). ``BOOK_NO_IMPORT_SHIM=1`` turns it off for one process.

How to undo (once jsonschema imports rfc3987_syntax lazily, or rfc3987-syntax compiles its grammar
lazily): delete this folder and the ``book_startup.pth`` lines in the Makefile, then ``make venv``
(or delete ``.venv/lib/python3.11/site-packages/book_startup.pth``). Check with
``python -X importtime -c "import altair" 2>&1 | grep rfc3987``.
"""
from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import os
import sys

_NAME = "rfc3987_syntax"


class _LazyLoader(importlib.abc.Loader):
    def create_module(self, spec):
        return None  # default module creation

    def exec_module(self, module) -> None:
        def _real():
            return importlib.import_module(_NAME + ".syntax_helpers")

        def is_valid_syntax(term, value):
            return _real().is_valid_syntax(term, value)

        def parse(term, value):
            return _real().parse(term, value)

        def __getattr__(name):
            if name.startswith("__"):
                raise AttributeError(name)
            try:
                return getattr(_real(), name)
            except AttributeError:
                raise AttributeError(f"module {_NAME!r} has no attribute {name!r}") from None

        module.is_valid_syntax = is_valid_syntax
        module.parse = parse
        module.__getattr__ = __getattr__
        module.__book_lazy__ = True


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname != _NAME:
            return None
        real = importlib.machinery.PathFinder.find_spec(fullname, path)
        if real is None or not real.submodule_search_locations:
            return None  # not installed, or not the package we know: import normally
        spec = importlib.machinery.ModuleSpec(fullname, _LazyLoader(), origin=real.origin, is_package=True)
        spec.submodule_search_locations = list(real.submodule_search_locations)
        spec.has_location = True
        return spec


def install() -> None:
    if os.environ.get("BOOK_NO_IMPORT_SHIM") or any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _Finder())


install()
