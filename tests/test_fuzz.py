"""Every public model function refuses bad numbers with a clean error naming the parameter.

For each public function of :mod:`helpers.models` and each of its parameters whose default is a
number, the function is called with that parameter set to a value no caller could mean (NaN,
infinity, a string, a boolean where a number belongs), the other parameters left at their defaults.
A clean refusal is a ``ValueError`` or ``TypeError`` whose message names the parameter; anything else
(a result, a numpy/pandas error from deep inside, a message that does not say which parameter) fails.
Hypothesis then draws finite but absurd values (huge, tiny, negative) and requires either a result
without NaN or a clean refusal.
"""
from __future__ import annotations

import importlib
import inspect
import math
import pkgutil
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers.models

#: Functions that time themselves or run for seconds by design (the benchmarks), not fuzzed.
SLOW = {"benchmark"}
BAD = {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf"), "text": "0.05", "bool": True}


def _public_functions():
    out = []
    for m in pkgutil.walk_packages(helpers.models.__path__, "helpers.models."):
        mod = importlib.import_module(m.name)
        for name in getattr(mod, "__all__", []):
            fn = getattr(mod, name)
            if inspect.isfunction(fn) and fn.__module__ == mod.__name__ and name not in SLOW:
                out.append((f"{m.name.rsplit('.', 1)[-1]}.{name}", fn))
    return out


def _numeric_params(fn):
    sig = inspect.signature(fn)
    required = [p for p in sig.parameters.values()
                if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    if required:
        return []
    return [p.name for p in sig.parameters.values()
            if isinstance(p.default, (int, float)) and not isinstance(p.default, bool) and p.kind != p.VAR_KEYWORD]


CASES = [(label, fn, param, bad) for label, fn in _public_functions() for param in _numeric_params(fn) for bad in BAD]


def _clean_refusal(fn, param, value):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fn(**{param: value})
        except (ValueError, TypeError) as exc:
            return param in str(exc), f"{type(exc).__name__}: {exc}"
        except Exception as exc:  # noqa: BLE001 (anything else is a crash from deep inside)
            return False, f"crashed with {type(exc).__name__}: {exc}"
    return False, "accepted silently"


@pytest.mark.parametrize("label, fn, param, bad", CASES, ids=[f"{c[0]}-{c[2]}-{c[3]}" for c in CASES])
def test_bad_number_is_refused_naming_the_parameter(label, fn, param, bad):
    ok, what = _clean_refusal(fn, param, BAD[bad])
    assert ok, f"{label}({param}={BAD[bad]!r}): {what}"


def _has_nan(result) -> bool:
    if isinstance(result, (float, np.floating)):
        return math.isnan(result)
    if isinstance(result, (pd.Series, pd.DataFrame)):
        num = result.select_dtypes("number") if isinstance(result, pd.DataFrame) else result
        return bool(pd.api.types.is_numeric_dtype(getattr(num, "dtype", float)) and num.isna().to_numpy().any()) if isinstance(num, pd.Series) else bool(num.isna().to_numpy().any())
    if isinstance(result, np.ndarray) and result.dtype.kind == "f":
        return bool(np.isnan(result).any())
    if isinstance(result, tuple):
        return any(_has_nan(x) for x in result)
    return False


NUMERIC = [(label, fn, param) for label, fn, param, bad in CASES
           if bad == "nan" and isinstance(inspect.signature(fn).parameters[param].default, float)]


@pytest.mark.parametrize("label, fn, param", NUMERIC, ids=[f"{c[0]}-{c[2]}" for c in NUMERIC])
@settings(max_examples=25)
@given(value=st.one_of(st.floats(-1e12, 1e12, allow_nan=False), st.sampled_from([0.0, -1.0, 1e-300, 1e300])))
def test_absurd_values_give_a_clean_result_or_a_clean_refusal(label, fn, param, value):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = fn(**{param: value})
        except (ValueError, TypeError) as exc:
            assert param in str(exc) or "must" in str(exc), f"{label}({param}={value!r}): unclear refusal: {exc}"
            return
        except MemoryError:
            pytest.fail(f"{label}({param}={value!r}): ran out of memory instead of refusing an absurd size")
        except Exception as exc:  # noqa: BLE001
            pytest.fail(f"{label}({param}={value!r}): crashed with {type(exc).__name__}: {exc}")
    assert not _has_nan(result), f"{label}({param}={value!r}) returned NaN silently"
