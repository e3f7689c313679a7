"""The rendered site, in a real browser, with the network blocked.

Needs the built book (``make book``, which ``make test`` runs first) and Debian's ``chromium``.
Each page is loaded twice: at 1366 px in light mode, and at 390 px (a phone) with the OS in dark
mode (``prefers-color-scheme: dark``). In both: every chart is drawn (a non-empty SVG or canvas)
with a source line, no console error or uncaught exception, no failed request, no request leaving
127.0.0.1. At 1366 px also: every internal link and anchor resolves, and axe-core finds no
accessibility violation (bar one theme rule, ``AXE_THEME_RULES``; long generated tables are
checked on their first rows, ``AXE_SKIP``).

And what a reader meets, in both views: no visible code input, no raw DataFrame output, no chart
wider than the viewport or clipped inside its box, a description and Open Graph title on every
page, and the landing page's scoreboard and a drawn chart within its first two screens; in dark
mode, the page follows the OS and every chart's text is light on a transparent background.
Screenshots of every view go to ``book/_build/screenshots/`` with ``BOOK_SCREENSHOTS=1`` (whole
pages with ``BOOK_SCREENSHOTS=full``).
"""
from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

BOOK_DIR = Path(__file__).resolve().parents[1] / "book"

HTML = BOOK_DIR / "_build" / "html"
SHOTS = BOOK_DIR / "_build" / "screenshots"
PAGES = sorted(p.relative_to(HTML).as_posix() for p in HTML.glob("*.html")) if HTML.exists() else []
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: Screenshots (viewport, every setting) only on request: BOOK_SCREENSHOTS=1, or "full" for whole pages.
SCREENSHOTS = os.environ.get("BOOK_SCREENSHOTS", "")
#: axe-core, the accessibility engine (shipped inside the pinned axe-playwright-python wheel).
AXE_JS = Path(__import__("axe_playwright_python").__file__).with_name("axe.min.js")
#: Rules the page theme breaks and this book cannot fix from its own pages (moderate, not serious):
#: the theme's sidebar brand sits outside any landmark.
AXE_THEME_RULES = {"region"}
#: Not scanned, to keep the test fast: long generated lists past their first rows (every row comes from
#: the same code; the 231-row ledger alone would take axe 15 s), and the marks inside each chart's SVG
#: (a chart is read through its figure: the title, the source line and the text description, which are
#: scanned; the page test checks the SVG is drawn).
AXE_SKIP = '[["tbody > tr:nth-child(n+26)"], ["section.dataset:nth-of-type(n+11)"], ["figure.book-chart svg"]]'


def test_site_was_built():
    assert (HTML / "index.html").exists(), "no built site: run `make book` first"
    assert len(PAGES) >= 5, PAGES


@pytest.fixture(scope="module")
def server():
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # the browser closing a connection early is not an error
        pass


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.fail("chromium is not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield b
        b.close()


@functools.lru_cache(maxsize=None)
def _ids(page_path: str) -> frozenset[str]:
    text = (HTML / page_path).read_text(encoding="utf-8", errors="replace")
    return frozenset(re.findall(r'\b(?:id|name)="([^"]+)"', text))


#: Two loads per page: a laptop in light mode, and a phone with the OS in dark mode (the layout checks
#: depend on the width, the colour checks on the scheme, so one load serves both).
SETTINGS = {"1366": dict(width=1366, scheme="light"), "390-dark": dict(width=390, scheme="dark")}
_RAW = re.compile(r"dtype: |\bNaN\b|<NA>|\b\d+\.\d{6}\b")
_SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")
_READER_JS = """() => {
  const visible = el => { const r = el.getBoundingClientRect(); return !el.closest('details:not([open])') && el.offsetParent !== null && r.height > 2 && r.width > 2; };
  const code = Array.from(document.querySelectorAll('.cell_input, div.highlight-ipython3, div.highlight-python')).filter(visible).length;
  const outputs = Array.from(document.querySelectorAll('.cell_output')).filter(visible);
  const rawText = outputs.map(o => Array.from(o.querySelectorAll('pre, .output.text_plain, .output.stream')).map(x => x.innerText).join('\\n')).join('\\n');
  const dataframes = outputs.filter(o => o.querySelector('table.dataframe')).length;
  const heads = Array.from(document.querySelectorAll('.bd-article th')).map(t => t.innerText.trim());
  const figs = Array.from(document.querySelectorAll('figure.book-chart')).map(f => {
    const fr = f.getBoundingClientRect();
    const svg = f.querySelector('.vega-embed svg');
    const sr = svg ? svg.getBoundingClientRect() : fr;
    const txt = svg ? svg.querySelector('text') : null;
    const fill = txt ? getComputedStyle(txt).fill : '';
    const bg = svg ? svg.querySelector('rect.background') : null;
    return {right: Math.max(fr.right, sr.right), svgW: sr.width, figW: fr.width, fill, bgFill: bg ? getComputedStyle(bg).fill : 'none'};
  });
  const meta = n => { const m = document.querySelector(`meta[name="${n}"], meta[property="${n}"]`); return m ? m.content : ''; };
  return {code, rawText, dataframes, heads, figs, innerWidth: window.innerWidth, innerHeight: window.innerHeight,
          theme: document.documentElement.dataset.theme, description: meta('description'), ogTitle: meta('og:title'),
          scoreboardTop: (document.querySelector('.scoreboard') || {getBoundingClientRect: () => ({top: 1e9})}).getBoundingClientRect().top + window.scrollY,
          firstChartTop: (document.querySelector('figure.book-chart .vega-embed svg') || {getBoundingClientRect: () => ({top: 1e9})}).getBoundingClientRect().top + window.scrollY};
}"""


def _luminance(css: str) -> float:
    m = re.findall(r"[\d.]+", css)
    if len(m) < 3:
        return 0.0
    r, g, b = (float(x) / 255 for x in m[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@functools.lru_cache(maxsize=1)
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def _watch(page, problems: list[str], blocked: list[str]) -> None:
    """Block every request leaving 127.0.0.1; note console errors, uncaught exceptions, failed requests."""

    def route(r):
        host = urlparse(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"uncaught: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} {r.failure}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)


def _broken_links(page_path: str, final: str, hrefs: list[str]) -> list[str]:
    broken = []
    for href in hrefs:
        url = urlparse(urljoin("http://127.0.0.1/" + final, href))
        if href.startswith(("mailto:", "javascript:")) or (url.hostname != "127.0.0.1" and urlparse(href).scheme):
            continue
        target = unquote(url.path.lstrip("/")) or "index.html"
        if target.endswith("/"):
            target += "index.html"
        if not (HTML / target).exists():
            broken.append(f"{href} (no file {target})")
        elif url.fragment and target.endswith(".html") and unquote(url.fragment) not in _ids(target):
            broken.append(f"{href} (no anchor #{url.fragment} in {target})")
    return broken


#: Pages Sphinx writes itself (search, index): only the technical checks apply, at 1366 px.
MACHINE_PAGES = ("search.html", "genindex.html", "index.html")
CASES = [(p, s) for p in PAGES for s in SETTINGS if s == "1366" or p not in MACHINE_PAGES]


@pytest.mark.parametrize("page_path, setting", CASES, ids=[f"{p}-{s}" for p, s in CASES])
def test_page_as_a_reader_sees_it(page_path, setting, server, browser):
    """One load per page and setting. At 1366 px also: no console error or failed or outside request,
    every chart drawn with a source line, every internal link and anchor resolves."""
    s = SETTINGS[setting]
    ctx = browser.new_context(viewport={"width": s["width"], "height": 900}, color_scheme=s["scheme"])
    page = ctx.new_page()
    problems: list[str] = []
    blocked: list[str] = []
    _watch(page, problems, blocked)
    page.goto(server + page_path, wait_until="load")
    redirect = re.search(r'http-equiv="refresh" content="\d+; url=([^"]+)"', (HTML / page_path).read_text(errors="replace"), re.I)
    if redirect:  # index.html sends the reader on to the landing page
        page.wait_for_url("**/" + redirect.group(1), timeout=10_000)
        page.wait_for_load_state("load")
    n_figures = page.locator("figure.book-chart").count()
    if n_figures:
        page.wait_for_function(
            "n => document.querySelectorAll('figure.book-chart .vega-embed svg.marks, figure.book-chart .vega-embed canvas').length >= n",
            arg=n_figures, timeout=20_000,
        )
    page.evaluate("document.fonts.ready.then(() => true)")  # late requests (fonts) settle before the checks
    info = page.evaluate(_READER_JS)
    drawn = page.evaluate(
        """() => Array.from(document.querySelectorAll('figure.book-chart')).map(f => {
             const s = f.querySelector('.vega-embed svg.marks'), c = f.querySelector('.vega-embed canvas');
             const src = f.querySelector('figcaption.book-chart-source');
             return {marks: s ? s.querySelectorAll('path, rect, line, text, circle, symbol').length : (c ? c.width * c.height : 0),
                     source: src ? src.textContent.trim().length : 0};
           })"""
    )
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))") if setting == "1366" else []
    final = urlparse(page.url).path.lstrip("/") or "index.html"  # index.html redirects to the root page
    axe = []
    if setting == "1366":  # accessibility (the phone view shares this markup)
        page.evaluate(_axe_source())
        found = page.evaluate("axe.run({exclude: AXE_SKIP}, {resultTypes: ['violations'], preload: false}).then(r => r.violations.map("
                              "v => [v.id, v.impact, v.nodes.length, v.nodes[0].html.slice(0, 120)]))".replace("AXE_SKIP", AXE_SKIP))
        axe = [v for v in found if v[0] not in AXE_THEME_RULES]
    if SCREENSHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        full = SCREENSHOTS == "full" and page.evaluate("document.documentElement.scrollHeight") <= 20_000
        page.screenshot(path=str(SHOTS / f"{page_path.removesuffix('.html')}-{setting}.png"), full_page=full, timeout=90_000)
    ctx.close()

    assert not blocked, f"{page_path}: requests to outside hosts: {blocked[:5]}"
    assert not problems, f"{page_path} [{setting}]: " + "\n".join(problems[:10])
    for i, d in enumerate(drawn):
        assert d["marks"] > 0, f"{page_path} [{setting}]: chart {i + 1} is empty"
        assert d["source"] > len("Source: ."), f"{page_path}: chart {i + 1} has no source line"
    broken = _broken_links(page_path, final, hrefs)
    assert not broken, f"{page_path}: broken internal links: {broken[:10]}"
    assert not axe, f"{page_path} [{setting}]: accessibility (axe-core) violations [rule, impact, count, first]: {axe}"
    if page_path in MACHINE_PAGES:
        return
    assert info["code"] == 0, f"{page_path} [{setting}]: {info['code']} code inputs visible"
    assert info["dataframes"] == 0, f"{page_path} [{setting}]: raw DataFrame output"
    raw = _RAW.findall(info["rawText"])
    assert not raw, f"{page_path} [{setting}]: raw output text {raw[:5]}"
    snake = [h for h in info["heads"] if _SNAKE.match(h)]
    assert not snake, f"{page_path} [{setting}]: machine names as table headers {snake[:5]}"
    for i, f in enumerate(info["figs"]):
        assert f["right"] <= info["innerWidth"] + 1, f"{page_path} [{setting}]: chart {i + 1} is wider than the viewport"
        assert f["svgW"] <= f["figW"] + 1, f"{page_path} [{setting}]: chart {i + 1} is clipped inside its box"
        if SETTINGS[setting]["scheme"] == "dark":
            assert _luminance(f["fill"]) > 0.6, f"{page_path} [dark]: chart {i + 1} text is dark on a dark page ({f['fill']})"
            assert f["bgFill"] in ("none", "rgba(0, 0, 0, 0)", "transparent"), f"{page_path} [dark]: chart {i + 1} has a light background"
    if SETTINGS[setting]["scheme"] == "dark":
        assert info["theme"] == "dark", f"{page_path}: the page ignores the OS dark preference"
    assert info["description"], f"{page_path}: no meta description"
    assert info["ogTitle"], f"{page_path}: no og:title"
    if page_path == "intro.html":
        assert info["scoreboardTop"] < 2 * info["innerHeight"], f"landing page [{setting}]: the scoreboard is not in the first two screens"
        assert info["firstChartTop"] < 2 * info["innerHeight"], f"landing page [{setting}]: no drawn chart in the first two screens"
