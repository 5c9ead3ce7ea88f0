"""Compile every translation catalogue under src/hetao/locale to .mo with polib (no GNU gettext needed)."""

from __future__ import annotations

import sys
from pathlib import Path

import polib  # type: ignore[import-untyped]

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    written: list[Path] = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        catalogue = polib.pofile(str(po_path))
        # Fuzzy entries are guesses awaiting review; gettext leaves them out, and so do we.
        for entry in catalogue.fuzzy_entries():
            entry.msgstr = ""
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
        catalogue.save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


def main() -> int:
    written = compile_all()
    print(f"compiled {len(written)} translation catalogue(s)")  # noqa: T201 - a command's report
    return 0


if __name__ == "__main__":
    sys.exit(main())
