"""Shared test settings.

Hypothesis runs derandomized by default, so `make test` (and CI) draws the same examples every run
and a red build always means a real change. To search new examples, run the property tests with
``HYPOTHESIS_PROFILE=explore`` (random seeds, five times the examples); a failure it finds is then
pinned with ``@example(...)`` or fixed.
"""
import os

from hypothesis import HealthCheck, settings

# Property tests check correctness, not speed: on a loaded 2-core CI machine Hypothesis's default 200 ms
# per-example deadline makes them flaky, so it is off (the benchmarks measure speed separately).
settings.register_profile("book", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
settings.register_profile("explore", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "book"))
