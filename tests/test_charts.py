"""The house chart style and the offline renderer."""
from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from helpers import charts


@pytest.fixture
def chart():
    charts.setup()
    c = alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_line().encode(x="x:Q", y="y:Q")
    return charts.finish(c, title="T rises", subtitle="y against x, units", description="A line.",
                         sources=[("BEA", "https://www.bea.gov"), "Our calculation"])


def test_renderer_emits_figure_with_source_and_description(chart):
    bundle = alt.renderers.get()(chart.to_dict())
    html = bundle["text/html"]
    assert '<figure class="book-chart book-chart-fit"' in html
    assert '<a href="https://www.bea.gov">BEA</a>; Our calculation' in html
    assert '<p class="book-chart-title"' in html and ">T rises</p>" in html and "y against x, units" in html
    assert "A line." in html and "vegaEmbed(" in html and "cdn" not in html.lower()
    spec = next(v for k, v in bundle.items() if k.startswith("application/vnd.vegalite"))
    assert spec["title"]["text"] == "T rises"  # JupyterLab draws the title itself
    import json

    page_spec = json.loads(html.split("var spec=", 1)[1].split(",opts=", 1)[0])
    assert "title" not in page_spec  # on the page the title is HTML, not in the SVG


def test_theme_uses_colour_blind_palette(chart):
    assert alt.theme.active == "book"
    assert charts.house_theme()["config"]["range"]["category"][:3] == ["#0072B2", "#E69F00", "#009E73"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(title="", subtitle="s", description="d", sources=["s"]), "title"),
        (dict(title="t", subtitle="", description="d", sources=["s"]), "subtitle"),
        (dict(title="t", subtitle="s", description=" ", sources=["s"]), "description"),
        (dict(title="t", subtitle="s", description="d", sources=[]), "sources"),
        (dict(title="t", subtitle="s", description="d", sources="BEA"), "sources"),
        (dict(title="t", subtitle="s", description="d", sources=[("BEA", "ftp://x")]), "url must be"),
    ],
)
def test_finish_rejects_missing_parts(kwargs, message):
    c = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    with pytest.raises(ValueError, match=message):
        charts.finish(c, **kwargs)


def test_slider_validates_range():
    p = charts.slider("g", 0.02, 0.0, 0.05, 0.001, "Growth (%/yr)")
    assert p.name == "g"
    with pytest.raises(ValueError, match="slider 'g'"):
        charts.slider("g", 0.1, 0.0, 0.05, 0.001, "Growth")
    with pytest.raises(ValueError, match="identifier"):
        charts.slider("not valid", 0.1, 0.0, 0.5, 0.1, "x")


def test_single_charts_fill_the_column_and_compositions_scale():
    c = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    single = charts.finish(c, title="t", subtitle="s", description="d", sources=["s"])
    assert single.to_dict()["width"] == "container"
    fixed = charts.finish(c.properties(width=300), title="t", subtitle="s", description="d", sources=["s"])
    assert fixed.to_dict()["width"] == 300
    both = charts.finish(alt.hconcat(c, c), title="t", subtitle="s", description="d", sources=["s"])
    charts.setup()
    html = alt.renderers.get()(both.to_dict())["text/html"]
    assert "book-chart-scaled" in html


def test_slider_labels_are_plain_words():
    with pytest.raises(ValueError, match="plain words"):
        charts.slider("g", 0.02, 0.0, 0.05, 0.001, "log10_tokens")
