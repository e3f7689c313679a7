"""Sphinx extension: what every page owes its reader and the people who share it.

1. A meta description and Open Graph / Twitter card tags on every page, taken from the page's
   "In brief" answer (or its first paragraph), so a shared link previews the finding.
2. A stamp at the foot of every page: the date the evidence was last checked (the newest
   ``checked_on`` in the ledger), the date the site was built (the date of the last commit, so the
   same inputs build the same HTML), the licence, how to cite, and a link to the source archive.
3. The source archive itself: every file git tracks (outside a git checkout, every file bar build
   products), zipped with fixed timestamps into
   ``<site>/_downloads/aibubble-book-source.zip`` (the site is offline, so the "repository link" is
   a copy of the repository that travels with it).
4. The page follows the reader's light/dark preference until they pick one (``default_mode: auto``).
"""
from __future__ import annotations

import csv
import datetime as dt
import html
import os
import subprocess
import zipfile
from pathlib import Path

ARCHIVE = "_downloads/aibubble-book-source.zip"
LICENCE = ("Text and data: CC BY 4.0. Code: MIT. Sources keep their own terms.")
_SKIP_TITLES = {"search", "genindex"}


def _evidence_date(data_dir: Path) -> str:
    newest = ""
    for p in sorted(data_dir.glob("claims_ch*.csv")):
        with p.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                newest = max(newest, row.get("checked_on") or "")
    return newest


def _built_on(repo: Path) -> str:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.timezone.utc).date().isoformat()
    try:
        out = subprocess.run(["git", "-C", str(repo), "log", "-1", "--format=%cs"], capture_output=True, text=True, timeout=10)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return dt.date.today().isoformat()


def _config_inited(app, config):
    """Dates go into html_context: when they change, Sphinx rewrites every page (without re-reading it)."""
    repo = Path(app.srcdir).parent
    ctx = dict(config.html_context or {})
    ctx["default_mode"] = "auto"
    ctx["book_evidence_date"] = _evidence_date(repo / "data")
    ctx["book_built_on"] = _built_on(repo)
    config.html_context = ctx


def _text_of(node) -> str:
    return " ".join(node.astext().split())


def _description(doctree) -> str:
    from docutils import nodes

    if doctree is None:
        return ""
    for adm in doctree.traverse(nodes.admonition):
        if "in-brief" in adm.get("classes", []):
            paras = [p for p in adm.traverse(nodes.paragraph) if not isinstance(p.parent, nodes.title)]
            if paras:
                return _text_of(paras[0])
    for p in doctree.traverse(nodes.paragraph):
        t = _text_of(p)
        if len(t) > 40:
            return t
    return ""


def _page_context(app, pagename, templatename, context, doctree):
    if pagename in _SKIP_TITLES:
        return
    title = html.unescape(Path(context.get("title", "") or "").name)
    site = app.config.project or app.config.html_title
    desc = _description(doctree) or f"{title}: a chapter of {site}."
    desc = desc if len(desc) <= 300 else desc[:297].rsplit(" ", 1)[0] + "..."
    tags = {
        "description": desc,
        "og:title": title,
        "og:description": desc,
        "og:type": "article",
        "og:site_name": site,
        "twitter:card": "summary",
    }
    meta = "".join(
        f'<meta {"property" if k.startswith("og:") else "name"}="{k}" content="{html.escape(v, quote=True)}">\n'
        for k, v in tags.items()
    )
    context["metatags"] = (context.get("metatags", "") or "") + meta
    evidence = app.config.html_context.get("book_evidence_date", "")
    built = app.config.html_context.get("book_built_on", "")
    depth = pagename.count("/")
    up = "../" * depth
    stamp = (
        '<footer class="page-stamp">'
        f"Evidence checked to {html.escape(evidence or 'n/a')} · built on {html.escape(built)}. "
        f"{html.escape(LICENCE)} "
        f'Cite as: <em>Is AI a bubble? An executable research book</em>, edition of {html.escape(evidence)}'
        f' (see <a href="{up}intro.html#cite-reuse-re-run">how to cite</a>). '
        f'<a href="{up}{ARCHIVE}">Download the repository</a> (notebooks, data, code).'
        "</footer>"
    )
    if "body" in context:
        context["body"] = context["body"] + stamp


#: Outside a git checkout (a copy, an unpacked archive): everything but these folders and files.
_NOT_SOURCE_DIRS = {".git", ".venv", "_build", "__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".hypothesis",
                    ".jupyter_cache", "bench"}
_NOT_SOURCE_FILES = {"book/_static/vega-bundle.js"}


def _source_files(repo: Path) -> list[str]:
    """Every file git tracks; in a folder that is not a git checkout, every file bar build products."""
    try:
        out = subprocess.run(["git", "-C", str(repo), "ls-files"], capture_output=True, text=True, timeout=30, check=True)
        return out.stdout.split()
    except (OSError, subprocess.SubprocessError):
        pass
    files = []
    for dirpath, dirnames, filenames in os.walk(repo):
        dirnames[:] = sorted(d for d in dirnames if d not in _NOT_SOURCE_DIRS and not d.endswith(".egg-info"))
        for f in filenames:
            rel = (Path(dirpath) / f).relative_to(repo).as_posix()
            if rel not in _NOT_SOURCE_FILES and not f.endswith((".pyc", ".pth")):
                files.append(rel)
    return sorted(files)


def _write_archive(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    repo = Path(app.srcdir).parent
    files = _source_files(repo)
    target = Path(app.outdir) / ARCHIVE
    target.parent.mkdir(parents=True, exist_ok=True)
    import hashlib

    key = hashlib.sha256()
    for rel in sorted(files):
        p = repo / rel
        if p.is_file():
            st = p.stat()
            key.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    stamp = Path(app.doctreedir).parent / "source-archive.key"  # a build cache, kept out of the site
    if target.exists() and stamp.exists() and stamp.read_text() == key.hexdigest():
        return  # same files, same archive
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for rel in sorted(files):
            p = repo / rel
            if p.is_file():
                info = zipfile.ZipInfo(f"aibubble-book/{rel}", date_time=(2026, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, p.read_bytes())
    stamp.write_text(key.hexdigest())


def setup(app):
    app.connect("config-inited", _config_inited)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _write_archive)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
