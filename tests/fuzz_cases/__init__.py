"""Valid calls of every public model function, for the central fuzz test (``tests/test_fuzz.py``).

Each group module (``tests/fuzz_cases/<group>.py``) defines ``CALLS``, a dict from
``"module.function"`` to a :class:`Call`: a factory returning keyword arguments for one valid call
(small synthetic inputs or a frozen dataset), plus the mutations that do not apply, each with the
reason. The fuzz test starts from that call (parameters left out take their defaults), breaks one
argument at a time and requires a ``ValueError``/``TypeError`` naming the parameter.

A public function missing from every ``CALLS`` fails the test, so a new function cannot skip the
fuzzing; ``EXEMPT`` lists the few that are not fuzzed, each with its reason.
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Call:
    """One valid call: ``kwargs()`` builds fresh arguments each time (mutations never leak).

    ``skip`` maps ``(parameter, mutation)`` -- or ``(parameter, "*")`` for every mutation of that
    parameter -- to the reason the mutation does not apply (e.g. duplicated rows are valid deals).
    Mutation names: ``nan``, ``inf``, ``-inf``, ``text``, ``bool``, ``none``, ``huge`` (numbers);
    ``typo`` (strings); ``type``, ``empty``, ``nan-in``, ``inf-in``, ``duplicate``, ``reversed``,
    ``misaligned`` (arrays, Series); ``type``, ``empty``, ``nan:<col>``, ``inf:<col>``,
    ``drop:<col>``, ``duplicate`` (DataFrames).
    """

    kwargs: Callable[[], dict]
    skip: dict = field(default_factory=dict)

    def skipped(self, param: str, mutation: str) -> bool:
        kind = mutation.split(":", 1)[0]
        return any(k in self.skip for k in ((param, mutation), (param, kind), (param, "*")))


def all_calls() -> tuple[dict[str, Call], dict[str, str]]:
    """Every group's ``CALLS`` and ``EXEMPT`` merged (a key defined twice is an error)."""
    calls: dict[str, Call] = {}
    exempt: dict[str, str] = {}
    for m in pkgutil.iter_modules(__path__):
        mod = importlib.import_module(f"{__name__}.{m.name}")
        for key, call in getattr(mod, "CALLS", {}).items():
            assert key not in calls, f"{key} has a valid call in two group files"
            calls[key] = call
        exempt.update(getattr(mod, "EXEMPT", {}))
    return calls, exempt
