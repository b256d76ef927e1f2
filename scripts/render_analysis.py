"""Render the analysis examples: the competitor comparison and planned vs actual.

Usage: ``python scripts/render_analysis.py OUT_DIR``. Writes, in English and Spanish:

* ``comparison.<locale>.md``: examples/competitor/ours.yaml against theirs.yaml;
* ``critical.<locale>.md``: the critical moments of ours.yaml;
* ``ours_with_competitor.svg``: ours.yaml with the competitor's curve on the same axis;
* ``deviations.<locale>.md``: examples/planned_vs_actual/actual.yaml against planned.yaml;
* ``actual_marked.svg`` and ``actual_marked.md``: the actual journey with its deviations
  marked (critical moments and pain points), drawn by the map and Markdown renderers.
"""

from __future__ import annotations

import sys
from pathlib import Path

from journeymap import load, render
from journeymap.analysis.comparison import compare, with_competitor
from journeymap.analysis.critical import critical_moments
from journeymap.analysis.deviation import deviations, mark_deviations
from journeymap.analysis.report import (
    comparison_markdown,
    critical_markdown,
    deviations_markdown,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def analysis_files() -> dict[str, str]:
    """Every file this script writes, by name, with its text."""
    ours = load(EXAMPLES / "competitor" / "ours.yaml")
    theirs = load(EXAMPLES / "competitor" / "theirs.yaml")
    planned = load(EXAMPLES / "planned_vs_actual" / "planned.yaml")
    actual = load(EXAMPLES / "planned_vs_actual" / "actual.yaml")
    comparison = compare(ours, theirs)
    moments = critical_moments(ours)
    found = deviations(planned, actual)
    files: dict[str, str] = {}
    for locale in ("en", "es"):
        files[f"comparison.{locale}.md"] = comparison_markdown(comparison, locale)
        files[f"critical.{locale}.md"] = critical_markdown(moments, locale)
        files[f"deviations.{locale}.md"] = deviations_markdown(found, locale)
    files["ours_with_competitor.svg"] = render(with_competitor(ours, theirs), "svg")
    marked = mark_deviations(planned, actual)
    files["actual_marked.svg"] = render(marked, "svg")
    files["actual_marked.md"] = render(marked, "markdown")
    return files


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python scripts/render_analysis.py OUT_DIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for name, text in analysis_files().items():
        (out / name).write_text(text, encoding="utf-8")
    print(f"analysis examples rendered into {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
