"""Every public model function refuses bad input with a clean error naming the parameter.

Each public function of :mod:`helpers.models` has one valid call in ``tests/fuzz_cases`` (a test
fails if one is missing). Starting from that call, one argument at a time is broken the way a
careless caller or a corrupted dataset would break it:

* a number becomes NaN, +/-infinity, a string, a boolean, ``None``, or (integers) a billion;
* a string becomes a typo;
* an array or Series gets a NaN, an infinity, becomes empty or a string, has its first label
  duplicated, its time index reversed, or (when it shares an index with another Series argument)
  loses its first row so the two no longer align;
* a DataFrame gets a NaN or infinity in each numeric column, loses each column in turn, becomes
  empty or a string, or has its first row duplicated.

A clean refusal is a ``ValueError`` or ``TypeError`` whose message names the parameter. Some
mutations may also be *handled*: a NaN in a data column may be skipped if no NaN reaches the result,
a dropped column the function does not use changes nothing, a reversed index may be sorted if the
result is the same. Anything else -- a silent result, an error from deep inside numpy/pandas, a
message that does not say which argument was wrong -- is a failure. Hypothesis then draws finite but
absurd values for every numeric argument and requires a NaN-free result or a clean refusal.
"""
from __future__ import annotations

import dataclasses
import importlib
import inspect
import math
import os
import pkgutil
import re
import warnings
from numbers import Integral, Real

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers.models
from fuzz_cases import Call, all_calls

CALLS, EXEMPT = all_calls()


def _public_functions():
    out = {}
    for m in pkgutil.walk_packages(helpers.models.__path__, "helpers.models."):
        mod = importlib.import_module(m.name)
        for name in getattr(mod, "__all__", []):
            fn = getattr(mod, name)
            if inspect.isfunction(fn) and fn.__module__ == mod.__name__:
                out[f"{m.name.rsplit('.', 1)[-1]}.{name}"] = fn
    return out


FUNCTIONS = _public_functions()
FUZZED = sorted(k for k in FUNCTIONS if k not in EXEMPT)


def test_every_public_function_has_a_valid_call():
    missing = [k for k in FUZZED if k not in CALLS]
    stale = [k for k in [*CALLS, *EXEMPT] if k not in FUNCTIONS]
    assert not missing, f"no valid call in tests/fuzz_cases for: {missing}"
    assert not stale, f"tests/fuzz_cases names functions that no longer exist: {stale}"


# ---------------------------------------------------------------------------------------------
# Building the arguments and the mutations


def _base(fn, call: Call) -> dict:
    kwargs = {p.name: p.default for p in inspect.signature(fn).parameters.values()
              if p.default is not inspect.Parameter.empty and p.kind is not p.VAR_KEYWORD}
    kwargs.update(call.kwargs())
    return kwargs


def _is_number(x) -> bool:
    return isinstance(x, Real) and not isinstance(x, (bool, np.bool_))


def _numeric_series(s) -> bool:
    return isinstance(s, pd.Series) and s.dtype != bool and pd.api.types.is_numeric_dtype(s.dtype)


def _time_like(index) -> bool:
    return (isinstance(index, (pd.DatetimeIndex, pd.PeriodIndex))
            or (pd.api.types.is_numeric_dtype(index.dtype) and index.dtype != bool))


def _with_value(values, i, value):
    if isinstance(values, pd.Series):
        out = values.astype(float)
        out.iloc[i] = value
    else:
        out = np.array(values, dtype=float)
        out.flat[i] = value
    return out


def _all_numbers(v) -> bool:
    try:
        flat = np.ravel(np.asarray(v, dtype=object))
    except (ValueError, TypeError):  # ragged, e.g. a NamedTuple of DataFrames
        return False
    return all(_is_number(x) for x in flat)


def _names(param: str, message: str) -> bool:
    """True if ``message`` names ``param`` as a word (``x`` must not match inside ``max``)."""
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(param)}(?![A-Za-z0-9_])", message) is not None


def _mutations(kwargs: dict, param: str, default):
    """(name, value, how) for one argument; how is "refuse", "or-clean", "or-same"."""
    v = kwargs[param]
    if _is_number(v):
        yield from [("nan", float("nan"), "refuse"), ("inf", float("inf"), "refuse"),
                    ("-inf", float("-inf"), "refuse"), ("text", "0.05", "refuse"), ("bool", True, "refuse")]
        if default is not None:
            yield "none", None, "refuse"
        if isinstance(v, Integral):
            yield "huge", 10**9, "refuse"
    elif isinstance(v, str):
        yield "typo", v + "-zq9", "refuse"
    elif isinstance(v, (np.ndarray, list, tuple)) and len(v) and _all_numbers(v):
        yield "type", "1, 2, 3", "refuse"
        yield "empty", np.array([], dtype=float), "refuse"
        yield "nan-in", _with_value(v, 0, float("nan")), "refuse"
        yield "inf-in", _with_value(v, 0, float("inf")), "refuse"
    elif _numeric_series(v) and len(v):
        yield "type", "1, 2, 3", "refuse"
        yield "empty", v.iloc[:0], "refuse"
        yield "nan-in", _with_value(v, 0, float("nan")), "refuse"
        yield "inf-in", _with_value(v, 0, float("inf")), "refuse"
        yield "duplicate", pd.concat([v.iloc[:1], v]), "refuse"
        if len(v) > 1 and v.index.is_monotonic_increasing and _time_like(v.index):
            yield "reversed", v.iloc[::-1], "or-same"
        partners = [k for k, w in kwargs.items() if k != param and isinstance(w, pd.Series) and w.index.equals(v.index)]
        if partners and len(v) > 1:
            yield "misaligned", v.iloc[1:], "refuse"
    elif isinstance(v, pd.DataFrame) and len(v):
        yield "type", "table", "refuse"
        yield "empty", v.iloc[:0], "refuse"
        for col in v.columns:
            s = v[col]
            if s.dtype != bool and pd.api.types.is_numeric_dtype(s.dtype):
                for tag, bad, how in (("nan", float("nan"), "or-clean"), ("inf", float("inf"), "refuse")):
                    df = v.copy()
                    df[col] = df[col].astype(float)
                    df.iloc[0, df.columns.get_loc(col)] = bad
                    yield f"{tag}:{col}", df, how
            yield f"drop:{col}", v.drop(columns=[col]), "or-any"
        yield "duplicate", pd.concat([v.iloc[:1], v]), "refuse"


def _bad_count(result) -> int:
    """How many numeric cells of ``result`` hold NaN or infinity."""
    if _is_number(result):
        return int(not math.isfinite(float(result)))
    if isinstance(result, pd.Series):
        return int((~np.isfinite(result.to_numpy(dtype=float, na_value=np.nan))).sum()) if _numeric_series(result) else 0
    if isinstance(result, pd.DataFrame):
        num = result.select_dtypes("number")
        return int((~np.isfinite(num.to_numpy(dtype=float, na_value=np.nan))).sum()) if num.size else 0
    if isinstance(result, np.ndarray) and result.dtype.kind in "fiu":
        return int((~np.isfinite(result)).sum())
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return sum(_bad_count(getattr(result, f.name)) for f in dataclasses.fields(result))
    if isinstance(result, (tuple, list)):
        return sum(_bad_count(x) for x in result)
    if isinstance(result, dict):
        return sum(_bad_count(x) for x in result.values())
    return 0


def _same(a, b) -> bool:
    try:
        if isinstance(a, (pd.Series, pd.DataFrame)):
            pd.testing.assert_frame_equal(pd.DataFrame(a).sort_index(), pd.DataFrame(b).sort_index(), check_like=True)
            return True
        if dataclasses.is_dataclass(a) and not isinstance(a, type):
            return all(_same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
        if isinstance(a, (tuple, list)):
            return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
        if isinstance(a, dict):
            return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
        if _is_number(a):
            return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
        if isinstance(a, np.ndarray):
            return np.allclose(np.sort(a, axis=None), np.sort(b, axis=None), equal_nan=True)
        return a == b
    except (AssertionError, TypeError, ValueError):
        return False


def _attempt(fn, kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return "ok", fn(**kwargs)
        except (ValueError, TypeError) as exc:
            return "refused", exc
        except Exception as exc:  # noqa: BLE001 (anything else is a crash from deep inside)
            return "crashed", exc


def _judge(fn, kwargs, param, how, base_result):
    """None if the outcome is acceptable, else a short description of what went wrong."""
    outcome, what = _attempt(fn, kwargs)
    if outcome == "refused":
        return None if _names(param, str(what)) else f"refused without naming {param!r}: {type(what).__name__}: {what}"
    if outcome == "crashed":
        return f"crashed: {type(what).__name__}: {what}"
    if how == "or-any":
        return None
    # a NaN in the input may be skipped, as long as no more NaN/inf reach the result than the valid
    # call's own (documented markers such as "never reached" are NaN there too)
    if how == "or-clean" and _bad_count(what) <= _bad_count(base_result):
        return None
    if how == "or-same" and _same(what, base_result):
        return None
    return "accepted silently" + (" (NaN/inf in the result)" if _bad_count(what) > _bad_count(base_result) else "")


def run_mutations(key: str) -> tuple[int, list[str]]:
    """All mutations of one function: (number tried, failures)."""
    fn, call = FUNCTIONS[key], CALLS[key]
    params = inspect.signature(fn).parameters
    base = _base(fn, call)
    outcome, base_result = _attempt(fn, base)
    if outcome != "ok":
        return 1, [f"{key}: the valid call fails: {type(base_result).__name__}: {base_result}"]
    tried, failures = 0, []
    for param in list(base):
        default = params[param].default if param in params else None
        for name, value, how in _mutations(base, param, default):
            if call.skipped(param, name):
                continue
            tried += 1
            kwargs = _base(fn, call)
            kwargs[param] = value
            bad = _judge(fn, kwargs, param, how, base_result)
            if bad:
                failures.append(f"{key}({param}: {name}) {bad}")
    return tried, failures


@pytest.mark.parametrize("key", FUZZED)
def test_bad_input_is_refused_naming_the_parameter(key):
    if key not in CALLS:
        pytest.skip("no valid call yet (reported by test_every_public_function_has_a_valid_call)")
    tried, failures = run_mutations(key)
    assert not failures, f"{len(failures)} of {tried} bad inputs slipped through:\n" + "\n".join(failures)


# ---------------------------------------------------------------------------------------------
# Absurd but finite numbers


def _numeric_args():
    out = []
    for key in FUZZED:
        if key not in CALLS:
            continue
        base = _base(FUNCTIONS[key], CALLS[key])
        out += [(key, p) for p, v in base.items() if _is_number(v) and not CALLS[key].skipped(p, "absurd")]
    return out


NUMERIC = _numeric_args()
#: Examples per numeric argument: 8 in `make test` (derandomized), 60 when exploring.
EXAMPLES = 60 if os.environ.get("HYPOTHESIS_PROFILE") == "explore" else 8
#: NaN/inf cells in each valid call's result (documented markers); an absurd value may not add any.
BASE_BAD: dict = {}


@pytest.fixture(autouse=True, scope="module")
def _base_bad():
    for key in {k for k, _ in NUMERIC}:
        outcome, result = _attempt(FUNCTIONS[key], _base(FUNCTIONS[key], CALLS[key]))
        BASE_BAD[key] = _bad_count(result) if outcome == "ok" else 0


@pytest.mark.parametrize("key, param", NUMERIC, ids=[f"{k}-{p}" for k, p in NUMERIC])
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=st.one_of(st.floats(-1e12, 1e12, allow_nan=False), st.sampled_from([0.0, -1.0, 1e-300, 1e300, -1e300])))
def test_absurd_values_give_a_clean_result_or_a_clean_refusal(key, param, value):
    fn, call = FUNCTIONS[key], CALLS[key]
    kwargs = _base(fn, call)
    if isinstance(kwargs[param], Integral):
        value = int(value) if abs(value) < 1e15 else value
    kwargs[param] = value
    outcome, what = _attempt(fn, kwargs)
    if outcome == "refused":
        assert _names(param, str(what)), f"{key}({param}={value!r}): refused without naming {param!r}: {what}"
    elif outcome == "crashed":
        if isinstance(what, MemoryError):
            pytest.fail(f"{key}({param}={value!r}): ran out of memory instead of refusing an absurd size")
        pytest.fail(f"{key}({param}={value!r}): crashed with {type(what).__name__}: {what}")
    else:
        assert _bad_count(what) <= BASE_BAD[key], f"{key}({param}={value!r}) returned NaN or infinity silently"
