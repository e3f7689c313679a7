"""Sphinx extension: the search index depends on the sources only, not on the build's history.

Sphinx 7.4 keeps the search index between builds by reading back the ``searchindex.js`` it wrote
last time (``IndexBuilder.load``), then re-indexing only the pages it writes again. Two things
leaked from that history (found by building, editing one chapter, undoing the edit and building
again, then comparing with a clean build):

1. ``load`` does not read back the index entries (the glossary's terms, ``{index}`` entries), so
   after any incremental build the search lost every entry of the pages it did not rewrite (the
   287 glossary terms, until the glossary itself changed). :func:`_load_with_index_entries`
   restores them from the file, in the form ``freeze`` writes them.
2. A word whose last page lost it stays in the index with an empty page list.

After each build, :func:`_tidy` removes the empty words and sorts each index entry's list of
pages, so the order in which pages happened to be indexed does not matter. Remove this module
when Sphinx's ``IndexBuilder.load`` restores ``indexentries`` (tracked upstream as part of the
incremental search-index work; re-check on every Sphinx upgrade with
``tests/test_build.py::test_html_is_identical_after_an_edit_and_its_undo``).
"""
from __future__ import annotations

from pathlib import Path

_PATCHED = False


def _load_with_index_entries(original):
    def load(self, stream, format):
        if isinstance(format, str):
            format = self.formats[format]
        data = stream.read() if hasattr(stream, "read") else stream
        original(self, _Replay(data), format)
        frozen = format.loads(data)
        index2fn = frozen["docnames"]
        entries: dict[str, list] = {}
        for entry, places in frozen.get("indexentries", {}).items():
            for doc, target_id, main in places:
                if 0 <= doc < len(index2fn):
                    entries.setdefault(index2fn[doc], []).append((entry, target_id, "main" if main else ""))
        for docname, items in entries.items():
            self._index_entries.setdefault(docname, sorted(items))

    return load


class _Replay:
    """A stream that gives ``read()`` the text already read (``load`` is handed a file)."""

    def __init__(self, text: str):
        self.text = text

    def read(self, *args) -> str:
        return self.text


def _tidy(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.search import js_index

    path = Path(app.outdir) / "searchindex.js"
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    data = js_index.loads(text)
    for key in ("terms", "titleterms"):
        for word in [w for w, v in data.get(key, {}).items() if v == []]:
            del data[key][word]
    for entry, places in data.get("indexentries", {}).items():
        places.sort(key=lambda p: (p[0], p[1], bool(p[2])))
    out = js_index.dumps(data)
    if out != text:
        path.write_text(out, encoding="utf-8")


def _prune_index_entries(original):
    def prune(self, docnames):
        original(self, docnames)
        keep = set(docnames)
        for docname in [d for d in self._index_entries if d not in keep]:
            del self._index_entries[docname]  # rewritten pages are indexed again; removed ones go

    return prune


def setup(app):
    global _PATCHED
    from sphinx.search import IndexBuilder

    if not _PATCHED:
        IndexBuilder.load = _load_with_index_entries(IndexBuilder.load)
        IndexBuilder.prune = _prune_index_entries(IndexBuilder.prune)
        _PATCHED = True
    app.connect("build-finished", _tidy, priority=902)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
