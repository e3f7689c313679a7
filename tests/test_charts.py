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
    return charts.finish(c, title="T", description="A line.", sources=[("BEA", "https://www.bea.gov"), "Our calculation"])


def test_renderer_emits_figure_with_source_and_description(chart):
    bundle = alt.renderers.get()(chart.to_dict())
    html = bundle["text/html"]
    assert '<figure class="book-chart"' in html
    assert '<a href="https://www.bea.gov">BEA</a>; Our calculation' in html
    assert "A line." in html and "VEGA_DEBUG" in html
    assert any(k.startswith("application/vnd.vegalite") for k in bundle)


def test_theme_uses_colour_blind_palette(chart):
    assert alt.theme.active == "book"
    assert charts.house_theme()["config"]["range"]["category"][:3] == ["#0072B2", "#E69F00", "#009E73"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(title="", description="d", sources=["s"]), "title"),
        (dict(title="t", description=" ", sources=["s"]), "description"),
        (dict(title="t", description="d", sources=[]), "sources"),
        (dict(title="t", description="d", sources="BEA"), "sources"),
        (dict(title="t", description="d", sources=[("BEA", "ftp://x")]), "source url"),
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


def test_long_titles_are_wrapped_to_fit_the_column():
    c = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    long = "Engine: ChatGPT's weekly users against the growth its revenue plan needs, and then some"
    spec = charts.finish(c, title=long, description="d", sources=["s"]).to_dict()
    lines = spec["title"]["text"]
    assert isinstance(lines, list) and all(len(line) <= 62 for line in lines)
    assert " ".join(lines) == long
