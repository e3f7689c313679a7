"""Shared test settings."""
from hypothesis import HealthCheck, settings

# Property tests check correctness, not speed: on a loaded 2-core CI machine Hypothesis's default 200 ms
# per-example deadline makes them flaky, so it is off (the benchmarks measure speed separately).
settings.register_profile("book", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("book")
