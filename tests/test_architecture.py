"""Architecture rules that the code itself must keep."""

from __future__ import annotations

import ast
from pathlib import Path

ENGINES = Path(__file__).resolve().parents[1] / "src" / "hetao" / "engines"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_engines_never_import_django() -> None:
    offenders = sorted(
        f"{path.relative_to(ENGINES)} imports {name}"
        for path in ENGINES.rglob("*.py")
        for name in _imported_modules(path)
        if name == "django"
        or (name.startswith(("django.", "ninja", "rules", "hetao.")) and not name.startswith("hetao.engines"))
    )
    assert offenders == []


def test_engines_exist() -> None:
    # Guards the test above against passing vacuously on an empty or moved tree.
    assert len(list(ENGINES.rglob("*.py"))) >= 5
