"""The revenue explorer's Vega expressions, evaluated and compared with the Python model.

``vega_eval`` is a small evaluator for the subset of the Vega expression language the book's
generated expressions use (numbers, ``datum.x``, signal names, + - * / unary minus, comparisons,
``&&`` ``||``, ``a ? b : c``, and the functions exp, log, pow, sqrt, min, max, clamp, abs, if).
It parses the string itself, so a changed constant or operator in a generator is caught.
"""
from __future__ import annotations

import math
import re
from dataclasses import asdict, replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.charts.revenue import EXPLORER_FIELDS, EXPLORER_SLIDERS, explorer_chart, explorer_expressions, explorer_frame
from helpers.models.revenue import Assumptions, project
from helpers.models.revenue_scenarios import scenario

_TOKEN = re.compile(r"\s*(?:(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z_0-9]*(?:\.[A-Za-z_][A-Za-z_0-9]*)*)|(&&|\|\||<=|>=|==|!=|[-+*/()?:,<>]))")
_FUNCS = {"exp": math.exp, "log": math.log, "pow": math.pow, "sqrt": math.sqrt, "min": min, "max": max,
          "abs": abs, "clamp": lambda x, lo, hi: min(max(x, lo), hi)}
_BIN = {"||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, ">": 4, "<=": 4, ">=": 4, "+": 5, "-": 5, "*": 6, "/": 6}


def _tokens(expr: str):
    pos, out = 0, []
    expr = expr.rstrip()
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if not m or m.end() == pos:
            raise SyntaxError(f"cannot read {expr[pos:pos + 20]!r}")
        num, name, op = m.groups()
        out.append(("num", float(num)) if num else ("name", name) if name else ("op", op))
        pos = m.end()
    return out + [("end", None)]


def vega_eval(expr: str, env: dict) -> float:
    """Evaluate a Vega expression; ``env`` maps signal names and ``datum.<field>`` to numbers."""
    toks = _tokens(expr)
    i = 0

    def peek():
        return toks[i]

    def take(kind=None, val=None):
        nonlocal i
        t = toks[i]
        if (kind and t[0] != kind) or (val is not None and t[1] != val):
            raise SyntaxError(f"expected {val or kind}, got {t}")
        i += 1
        return t

    def primary(lazy):
        t = take()
        if t[0] == "num":
            return t[1]
        if t == ("op", "("):
            v = ternary(lazy)
            take("op", ")")
            return v
        if t == ("op", "-"):
            return -primary(lazy)
        if t == ("op", "+"):
            return primary(lazy)
        if t[0] == "name":
            if peek() == ("op", "("):
                take()
                if t[1] == "if":
                    cond = ternary(lazy)
                    take("op", ",")
                    a = ternary(lazy or not cond)
                    take("op", ",")
                    b = ternary(lazy or bool(cond))
                    take("op", ")")
                    return a if cond else b
                args = [ternary(lazy)]
                while peek() == ("op", ","):
                    take()
                    args.append(ternary(lazy))
                take("op", ")")
                return 0.0 if lazy else float(_FUNCS[t[1]](*args))
            if t[1] not in env:
                raise NameError(f"unknown name {t[1]!r} in {expr!r}")
            return env[t[1]]
        raise SyntaxError(f"unexpected {t}")

    def binary(min_prec, lazy):
        left = primary(lazy)
        while peek()[0] == "op" and peek()[1] in _BIN and _BIN[peek()[1]] >= min_prec:
            op = take()[1]
            right = binary(_BIN[op] + 1, lazy)
            if lazy:
                continue
            left = {"+": lambda: left + right, "-": lambda: left - right, "*": lambda: left * right,
                    "/": lambda: left / right, "<": lambda: float(left < right), ">": lambda: float(left > right),
                    "<=": lambda: float(left <= right), ">=": lambda: float(left >= right),
                    "==": lambda: float(left == right), "!=": lambda: float(left != right),
                    "&&": lambda: float(bool(left) and bool(right)), "||": lambda: float(bool(left) or bool(right))}[op]()
        return left

    def ternary(lazy):
        cond = binary(1, lazy)
        if peek() == ("op", "?"):
            take()
            a = ternary(lazy or not cond)
            take("op", ":")
            b = ternary(lazy or bool(cond))
            return a if cond else b
        return cond

    v = ternary(False)
    take("end")
    return v


def test_evaluator_reads_precedence_ternary_and_functions():
    assert vega_eval("1 + 2 * 3 - 4 / 2", {}) == 5
    assert vega_eval("-pow(2, 3) + clamp(5, 0, 1)", {}) == -7
    assert vega_eval("x < 1e-9 ? 1 / y : x / y", {"x": 0.0, "y": 4.0}) == 0.25
    assert vega_eval("if(x > 0, 1 / x, 7)", {"x": 0.0}) == 7  # the untaken branch is not evaluated
    with pytest.raises(NameError):
        vega_eval("datum.nope + 1", {})


def _evaluate_year(a: Assumptions, t: float, sliders: dict[str, str]) -> dict[str, float]:
    env = {sig: getattr(a, k) for k, sig in sliders.items()}
    env["datum.t"] = t
    for field, expr in explorer_expressions(a, sliders).items():
        env[f"datum.{field}"] = vega_eval(expr, env)
    return env


def _check(a: Assumptions, sliders: dict[str, str]):
    tab = project(a, years=10).table
    for t, (year, row) in enumerate(tab.iterrows()):
        env = _evaluate_year(a, float(t), sliders)
        for col, field in (("revenue", "revenue"), ("costs", "costs"), ("cash_flow", "cash_flow"), ("ads", "ads")):
            assert env[f"datum.{field}"] == pytest.approx(row[col], rel=1e-9, abs=1e-9), (year, col)


@pytest.mark.parametrize("name", ["bear", "base", "bull", "openai_plan_2025_09"])
def test_expressions_reproduce_every_named_scenario(name):
    _check(scenario(name), {k: v[0] for k, v in EXPLORER_SLIDERS.items()})


drivers = st.fixed_dictionaries({
    "pay_share_max": st.floats(0.04, 0.15), "price": st.floats(8.0, 40.0), "inference_ratio0": st.floats(0.25, 0.9),
    "biz_growth0": st.floats(0.3, 1.3), "ads_start": st.floats(0.0, 4.0), "partner_years": st.floats(1.0, 8.0),
    "training_drift": st.floats(-0.05, 0.1), "biz_growth_decay": st.floats(0.0, 0.95),
})


@settings(max_examples=40)
@given(d=drivers, all_literal=st.booleans())
def test_expressions_match_the_model_for_any_drivers(d, all_literal):
    a = replace(scenario("base"), **d)
    sliders = {} if all_literal else {k: v[0] for k, v in EXPLORER_SLIDERS.items()}
    _check(a, sliders)


def test_every_driver_can_be_a_slider():
    a = scenario("openai_plan_2025_09")
    _check(a, {k: f"s_{k}" for k in asdict(a)})


def test_explorer_chart_uses_the_generated_expressions():
    a = scenario("base")
    spec = explorer_chart(a, years=10).to_dict()
    calcs = [t["calculate"] for layer in spec["layer"][:1] for t in layer.get("transform", []) if "calculate" in t]
    assert calcs[: len(EXPLORER_FIELDS)] == list(explorer_expressions(a).values())
    assert sorted(p["name"] for p in spec["params"]) == sorted(v[0] for v in EXPLORER_SLIDERS.values())
    df = explorer_frame(a, 10)
    assert np.allclose(df["cash_flow_ref"], project(a).table["cash_flow"])


@pytest.mark.parametrize("kwargs, name", [
    (dict(sliders={"margin": "m"}), "sliders"),
    (dict(sliders={"price": "1price"}), "sliders"),
    (dict(t=""), "t"),
])
def test_generator_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        explorer_expressions(scenario("base"), **kwargs)
