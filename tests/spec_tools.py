"""Small helpers shared by the chart tests."""
from __future__ import annotations


def spec_labels(spec) -> list[str]:
    """Every title a reader sees in a Vega-Lite spec (axes, legends, tooltips, slider names)."""
    out = []

    def walk(x):
        if isinstance(x, dict):
            for k, v in x.items():
                if k in ("title", "name") and isinstance(v, str):
                    out.append(v)
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(spec)
    return out


def walk_spec(obj):
    """Every (key, value) pair of a nested Vega-Lite spec, depth first."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield k, v
            yield from walk_spec(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from walk_spec(v)
