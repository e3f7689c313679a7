"""Sphinx extension: pages show the outputs that ``scripts/execute.py`` recorded.

myst-nb's own execution is off (``execute_notebooks: "off"`` in ``_config.yml``). Notebooks are
run by ``scripts/execute.py`` (fresh kernel each, two at a time, re-run only when their code or a
recorded input changed) into ``book/_build/.executed/``. This extension:

1. at ``builder-inited``, brings those records up to date (so a bare ``jupyter-book build book``
   is also correct; ``scripts/build.py`` has normally done it already and this is a no-op);
2. at ``source-read``, hands myst-nb the notebook as it is in ``book/`` with each code cell's
   outputs taken from the record (matched by cell id; the record's code must equal the source's,
   else the page fails with a warning, an error under ``-W``), and tells Sphinx that the page
   depends on the record, so a re-executed chapter is re-read;
3. provides the ``book-exec-table`` directive: every notebook, the inputs it recorded and a
   fingerprint of them. Run times and dates stay out of the site (they are in the build log and
   ``book/_build/.executed/manifest.json``), so two builds from the same inputs write the same HTML.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)
_MANIFEST: dict = {}
_SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def _executor():
    if str(_SCRIPTS) not in sys.path:
        sys.path.insert(0, str(_SCRIPTS))
    import execute

    return execute


def _ensure_executed(app) -> None:
    ex = _executor()
    if Path(app.srcdir).resolve() != ex.BOOK.resolve():
        return  # a book elsewhere (tests' fixture books run their own executor)
    with ex.build_lock(log=logger.info):
        results = ex.execute(log=logger.info)
    if any(not r.ok for r in results):
        ex.print_failures(results)
        raise ExtensionError("notebook execution failed:\n" + "\n".join(ex.failure_report(results)))
    _MANIFEST.clear()


def _manifest(app) -> dict:
    if not _MANIFEST:
        _MANIFEST.update(_executor().load_manifest()["notebooks"])
    return _MANIFEST


def merge_outputs(source: dict, executed: dict) -> dict:
    """``source`` with the outputs and execution counts of ``executed``'s code cells (same ids, same order)."""
    runs = [c for c in executed.get("cells", []) if c.get("cell_type") == "code"]
    code = [c for c in source.get("cells", []) if c.get("cell_type") == "code"]
    if [c.get("id") for c in runs] != [c.get("id") for c in code]:
        raise ValueError("code cells differ from the executed copy")
    for src, run in zip(code, runs):
        src["outputs"] = run.get("outputs", [])
        src["execution_count"] = run.get("execution_count")
    lang = executed.get("metadata", {}).get("language_info")
    if lang:
        source.setdefault("metadata", {})["language_info"] = lang
    return source


def _source_read(app, docname: str, content: list[str]) -> None:
    path = Path(app.env.doc2path(docname))
    if path.suffix != ".ipynb":
        return
    ex = _executor()
    record_path = ex.STATE / f"{docname}.ipynb"
    rec = _manifest(app).get(docname)
    try:
        source = json.loads(content[0])
        executed = json.loads(record_path.read_text(encoding="utf-8"))
        if not rec or rec.get("code") != ex.code_key(source):
            raise ValueError("its code changed since it ran")
        merged = merge_outputs(source, executed)
    except (OSError, ValueError) as exc:
        logger.warning(
            f"{path.name} has no current execution record ({exc}): run `make book` (scripts/build.py)",
            location=docname, type="book", subtype="exec",
        )
        return
    app.env.note_dependency(str(record_path))
    content[0] = json.dumps(merged, ensure_ascii=False)


def exec_table_html(manifest: dict, order: list[str] | None = None) -> str:
    """The execution table: one row per notebook in book order, deterministic for a given set of inputs."""
    import hashlib
    import html

    rank = {doc: i for i, doc in enumerate(order or [])}
    rows = []
    for doc, rec in sorted(manifest.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])):
        deps = rec.get("deps", {})
        data = sorted({Path(k).stem for k in deps if k.startswith("data/") and k.endswith(".csv")})
        mods = sorted(k for k in deps if k.startswith("helpers/") and not k.endswith("__init__.py"))
        key = json.dumps([rec.get("code"), rec.get("env"), sorted(deps.items())], sort_keys=True)
        print_ = hashlib.sha256(key.encode()).hexdigest()[:10]
        rows.append(
            f'<tr><td><a href="{html.escape(doc)}.html">{html.escape(rec.get("title") or doc)}</a></td>'
            f"<td>{len(data)}</td><td>{len(mods)}</td><td><code>{print_}</code></td></tr>"
        )
    return (
        '<div class="book-table"><table class="exec-table"><thead><tr><th>Page</th><th>Datasets read</th>'
        "<th>Helper modules used</th><th>Inputs fingerprint</th></tr></thead><tbody>"
        + "".join(rows) + "</tbody></table></div>"
    )


def _exec_table_directive():
    from docutils import nodes
    from sphinx.util.docutils import SphinxDirective

    class ExecTable(SphinxDirective):
        """``{book-exec-table}``: every executed notebook and what it read (see :func:`exec_table_html`)."""

        def run(self):
            ex = _executor()
            self.env.note_dependency(str(ex.MANIFEST))
            order = [nb.doc for nb in ex.toc_notebooks(Path(self.env.srcdir))]
            return [nodes.raw("", exec_table_html(_manifest(self.env.app), order), format="html")]

    return ExecTable


def setup(app):
    app.connect("builder-inited", _ensure_executed)
    app.connect("source-read", _source_read)
    app.add_directive("book-exec-table", _exec_table_directive())
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
