"""Run every benchmark (benchmarks/bench_*.py) and write their figures, with the machine, to a Markdown file.

Each benchmark script takes ``--json PATH`` and writes a list (or one object) of results:
``{name, metric, value, unit, baseline_name, baseline_value, ratio, note}``. Ratios compare against a baseline
measured in the same run on the same machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent


def machine() -> dict[str, str]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def run(script: Path, out: Path) -> list[dict[str, object]]:
    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "src"))
    print(f"== {script.name}", flush=True)
    subprocess.run([sys.executable, str(script), "--json", str(out)], check=True, env=env)  # noqa: S603
    data = json.loads(out.read_text())
    return data if isinstance(data, list) else [data]


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def render(results: list[dict[str, object]], info: dict[str, str]) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Produced by `make bench` (benchmarks/run_all.py); do not edit by hand. Every ratio compares with a",
        "baseline measured in the same run on the same machine.",
        "",
        f"Run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in info.items()),
        "",
        "| benchmark | metric | value | unit | baseline | baseline value | ratio | note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            "| {name} | {metric} | {value} | {unit} | {baseline_name} | {baseline_value} | {ratio} | {note} |".format(
                name=r.get("name", ""),
                metric=r.get("metric", ""),
                value=_fmt(r.get("value", "")),
                unit=r.get("unit", ""),
                baseline_name=r.get("baseline_name", ""),
                baseline_value=_fmt(r.get("baseline_value", "")),
                ratio=_fmt(r.get("ratio", "")),
                note=r.get("note", ""),
            )
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", type=Path, help="Markdown file to write the results to")
    parser.add_argument("--only", help="run only benchmarks whose file name contains this")
    args = parser.parse_args()
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for script in sorted(HERE.glob("bench_*.py")):
            if args.only and args.only not in script.name:
                continue
            results.extend(run(script, Path(tmp) / f"{script.stem}.json"))
    info = machine()
    text = render(results, info)
    print(text)
    if args.write:
        args.write.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
