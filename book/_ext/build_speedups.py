"""Sphinx extension: remove a cost the book's build pays for nothing.

pybtex looks a plugin up (``pybtex.plugin.find_plugin``) every time sphinxcontrib-bibtex formats a
citation, and each look-up scans the entry points of every installed distribution
(``importlib.metadata.entry_points``): ~60 ms each, 120 look-ups per build, about 2-7 s of a full
build for a result that never changes. The look-up is memoised here (the cache is cleared whenever
a plugin is registered at run time, so registrations still win). Undo: delete this file and its
line in ``_config.yml``; nothing else depends on it.
"""
from __future__ import annotations

import functools


def _memoise_pybtex_plugins() -> None:
    try:
        import pybtex.plugin as plugin
    except ImportError:
        return
    if getattr(plugin._load_entry_point, "cache_clear", None):
        return  # already done in this process
    cached = functools.lru_cache(maxsize=None)(plugin._load_entry_point)
    register = plugin.register_plugin

    @functools.wraps(register)
    def register_plugin(*args, **kwargs):
        cached.cache_clear()
        return register(*args, **kwargs)

    plugin._load_entry_point = cached
    plugin.register_plugin = register_plugin


def setup(app):
    _memoise_pybtex_plugins()
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
