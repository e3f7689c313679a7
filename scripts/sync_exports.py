"""Write helpers/__init__.py's EXPORTS table from each module's ``__all__``.

Every public name of every helpers module is re-exported lazily from the package,
except names defined in more than one module or equal to a module's name, which
stay qualified (``helpers.gpuloan.stress_test``). ``--check`` exits 1 if the
file is out of date. Reads the modules' source (ast), so it imports nothing.
"""
from __future__ import annotations

import ast
import re
import sys
from collections import defaultdict
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "helpers"


def module_all(path: Path) -> list[str]:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise SystemExit(f"{path.name} has no __all__")


def render(text: str) -> str:
    mods = sorted(p.stem for p in PKG.glob("*.py") if not p.stem.startswith("_"))
    owners = defaultdict(list)
    for m in mods:
        for n in module_all(PKG / f"{m}.py"):
            owners[n].append(m)
    skipped = sorted(n for n, ms in owners.items() if len(ms) > 1 or n in mods)
    lines = []
    for m in mods:
        names = [n for n in module_all(PKG / f"{m}.py") if owners[n] == [m] and n not in mods]
        lines.append(f"    # helpers.{m}")
        lines += [f'    "{n}": "{m}",' for n in names]
    table = "EXPORTS = {\n" + "\n".join(lines) + "\n}"
    text = re.sub(r"^MODULES = .*$", f"MODULES = {tuple(mods)!r}", text, flags=re.M)
    text = re.sub(r"^EXPORTS = \{.*?^\}", table, text, flags=re.M | re.S)
    return re.sub(r"^SHARED = .*$", f"SHARED = {tuple(skipped)!r}", text, flags=re.M)


def main(check: bool) -> int:
    init = PKG / "__init__.py"
    old = init.read_text(encoding="utf-8")
    new = render(old)
    if check:
        if new != old:
            print("helpers/__init__.py is out of date; run python scripts/sync_exports.py")
        return int(new != old)
    init.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv))
