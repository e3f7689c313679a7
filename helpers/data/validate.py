"""Validate every dataset and ledger before anything else runs: ``python -m helpers.data.validate``.

Runs the full contract on every ``data/*.csv``, then the ledger's and the forecast
ledger's cross-row rules. On success it records a fingerprint of every file it passed (see
:data:`helpers.paths.VALIDATED_STAMP`), so that the chapters' kernels can skip re-checking the
same bytes. On failure it prints every broken file, one per line, with file, line and column,
and exits with status 1; the last line of the output names the first problem.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from ..paths import DATA_DIR, VALIDATED_STAMP
from . import DataValidationError, fingerprint, list_datasets, load_dataset


def validate_all(data_dir: Path | str | None = None) -> dict[str, str]:
    """Fully validate every dataset and the ledgers; return name -> fingerprint, or raise the first error."""
    d = (Path(data_dir) if data_dir is not None else DATA_DIR).resolve()
    errors, prints = [], {}
    for name in list_datasets(d):
        try:
            load_dataset(name, d, full_check=True)
            prints[name] = fingerprint(d, name)
        except DataValidationError as exc:
            errors.append(exc)
    if not errors:
        from .forecasts import forecasts

        try:
            forecasts(d)  # validates the fact-check ledger too (forecasts link to its claims)
        except (DataValidationError, ValueError) as exc:
            errors.append(exc)
    if errors:
        raise _Failed(errors)
    return prints


class _Failed(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__(f"{len(errors)} data file(s) break their contract")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    d = Path(argv[0]).resolve() if argv else DATA_DIR.resolve()
    t0 = time.perf_counter()
    try:
        prints = validate_all(d)
    except _Failed as exc:
        for e in exc.errors:
            print(f"data error: {e}", file=sys.stderr)
        print(f"Data validation failed: {exc}; first: {exc.errors[0]}", file=sys.stderr)
        return 1
    VALIDATED_STAMP.parent.mkdir(parents=True, exist_ok=True)
    VALIDATED_STAMP.write_text(json.dumps({"data_dir": str(d), "datasets": prints}, indent=0, sort_keys=True))
    print(f"Data valid: {len(prints)} datasets in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
