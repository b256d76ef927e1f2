"""The flow reads on a slide: its shape and its smallest text, measured from dot's SVG."""

from __future__ import annotations

import itertools
import re
import runpy
from pathlib import Path

import pytest

from journeymap import Journey, JourneyMap, load, render
from journeymap.cli import main
from journeymap.renderers.dot import export

from .conftest import ROOT

EXAMPLES = ROOT / "examples"
SOURCES = [
    *sorted(EXAMPLES.glob("*.py")),
    *sorted(EXAMPLES.glob("*.yaml")),
    *sorted(EXAMPLES.glob("surveys/*.yaml")),
    *sorted(EXAMPLES.glob("competitor/*.yaml")),
    *sorted(EXAMPLES.glob("planned_vs_actual/*.yaml")),
]
# A 16:9 slide of 1600 x 900 px; dot's SVG is in points, 0.75 pt a px.
SLIDE_PT = (1600 * 0.75, 900 * 0.75)


def _model(path: Path) -> JourneyMap:
    if path.suffix == ".py":
        journey = runpy.run_path(str(path), run_name="__test__")["journey"]
        assert isinstance(journey, Journey)
        return journey.build()
    return load(path)


def seven_phases(touchpoints: int = 20) -> Journey:
    """Seven phases with long names, ``touchpoints`` steps and three drop-offs."""
    journey = Journey("Buying a new phone plan online", persona="Commuter")
    names = ["Discover the offer", "Compare plans and prices", "Sign up for an account"]
    names += ["Choose a phone", "Pay and confirm", "Delivery and activation", "Renewal"]
    counts = [3] * 7
    counts[-1] = touchpoints - 18
    step = 0
    for name, count in zip(names, counts, strict=True):
        journey.phase(name)
        for _ in range(count):
            step += 1
            journey.touchpoint(
                f"Touchpoint number {step} with a longer name",
                id=f"s{step}",
                channel=("web", "app", "email", "phone", "store")[step % 5],
                emotion=(1, 0, -1, -2, 2)[step % 5],
            )
    journey.flow("s5", kind="drop-off", share=0.2).flow("s9", kind="drop-off", share=0.15)
    return journey.flow("s14", kind="drop-off", share=0.1)


def _shape(svg: str) -> tuple[float, float, float]:
    """Width and height in pt from the viewBox, and the smallest font size used."""
    width, height = map(
        float, re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) ([\d.]+)"', svg).groups()
    )  # type: ignore[union-attr]
    sizes = [float(size) for size in re.findall(r'font-size="([\d.]+)"', svg)]
    assert sizes, "no text"
    return width, height, min(sizes)


CASES = [pytest.param(path, id=path.relative_to(EXAMPLES).as_posix()) for path in SOURCES]


@pytest.mark.needs_dot
@pytest.mark.parametrize("source", [*CASES, pytest.param(None, id="seven-phases-20")])
def test_the_default_flow_fits_a_slide(source: Path | None) -> None:
    model = seven_phases().build() if source is None else _model(source)
    svg = export(render(model, "dot"), "svg").decode("utf-8")
    assert re.search(r'<svg width="[\d.]+pt"', svg), "dot writes pt"
    width, height, smallest = _shape(svg)
    assert max(width / height, height / width) <= 2.5, (width, height)
    scale = min(SLIDE_PT[0] / width, SLIDE_PT[1] / height)
    assert smallest * scale >= 10, (width, height, smallest, scale)


@pytest.mark.needs_dot
def test_phases_stand_on_one_baseline_in_a_row() -> None:
    # Before, each phase of a one-row flow stood lower than the one before.
    svg = export(render(seven_phases(), "dot", direction="LR"), "svg").decode("utf-8")
    tops = []
    for number in range(1, 8):
        group = re.search(
            rf'id="[^"]*_clust{number}" class="cluster">.*?<text[^>]* y="([-\d.]+)"', svg, re.S
        )
        assert group is not None
        tops.append(float(group.group(1)))
    assert max(tops) - min(tops) <= 8, tops


@pytest.mark.needs_dot
def test_a_twenty_thousand_character_name_renders_with_its_whole_text_in_the_tooltip() -> None:
    name = "long " * 4000
    journey = Journey("Long").phase(name).touchpoint(name, id="a").touchpoint("B", id="b")
    svg = export(render(journey, "dot"), "svg").decode("utf-8")
    drawn = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert any(text.endswith("…") and len(text) < 40 for text in drawn)
    tooltips = re.findall(r'xlink:title="([^"]*)"', svg)
    assert any(len(tip) > 15_000 for tip in tooltips), [len(t) for t in tooltips]


@pytest.mark.needs_dot
@pytest.mark.parametrize("args", [["--direction", "TB"], ["-O", "details=channel"]])
def test_direction_and_details_on_the_command_line(tmp_path: Path, args: list[str]) -> None:
    source = tmp_path / "map.yaml"
    source.write_text(
        "title: T\nphases:\n  - id: p\n    name: P\n    touchpoints:\n"
        "      - {id: a, name: A, channel: web, emotion: 1}\n"
        "      - {id: b, name: B, emotion: -1}\n",
        encoding="utf-8",
    )
    assert main(["render", str(source), "-f", "dot", *args, "-o", str(tmp_path)]) == 0
    text = (tmp_path / "map.gv").read_text(encoding="utf-8")
    if args[0] == "--direction":
        assert "rankdir=TB" in text
    else:
        assert "positive" not in text
        assert "Website (online)" in text


def _rows_of(source: str) -> list[list[str]]:
    """The touchpoint nodes of each row, from the main path in the DOT source (its edges
    have no attributes, the flows drawn over it have); a row starts at a ``fromN`` circle.
    """
    rows: list[list[str]] = [[]]
    for tail, head in re.findall(r"^\t(\w+) -> (\w+)$", source, re.MULTILINE):
        if tail.startswith(("t", "from", "start")) and re.fullmatch(r"t\d+", head):
            if tail.startswith("from"):
                rows.append([])
            if head not in rows[-1]:
                rows[-1].append(head)
    return rows


def _phase_of(source: str) -> dict[str, str]:
    phase: dict[str, str] = {}
    for cluster, body in re.findall(r"subgraph (cluster_\d+) \{(.*?)\n\t\}", source, re.DOTALL):
        for node in re.findall(r"^\t\t(t\d+) \[", body, re.MULTILINE):
            phase[node] = cluster
    return phase


def test_auto_wraps_a_long_journey_into_rows_of_whole_phases() -> None:
    source = render(seven_phases(), "dot")
    rows = _rows_of(source)
    phase = _phase_of(source)
    assert len(rows) > 1
    assert [node for row in rows for node in row] == [f"t{i}" for i in range(1, 21)]
    # A row break never falls inside a phase.
    for upper, lower in itertools.pairwise(rows):
        assert phase[upper[-1]] != phase[lower[0]]


def test_lr_is_one_row_and_tb_one_column() -> None:
    journey = seven_phases()
    one_row = render(journey, "dot", direction="LR")
    assert "rankdir=LR" in one_row
    assert _rows_of(one_row) == [[f"t{i}" for i in range(1, 21)]]
    column = render(journey, "dot", direction="TB")
    assert "rankdir=TB" in column
    assert "from1" not in column


def _centres(svg: str) -> dict[str, float]:
    """The vertical centre of every node dot draws, by its title (``t1``, ``from2``…)."""
    centres: dict[str, float] = {}
    for title, body in re.findall(r'class="node">\s*<title>([^<]*)</title>(.*?)</g>', svg, re.S):
        ys = [float(y) for y in re.findall(r"[ ,]-?[\d.]+,(-?[\d.]+)", body)]
        ys += [float(y) for y in re.findall(r'cy="(-?[\d.]+)"', body)]
        centres[title] = (min(ys) + max(ys)) / 2
    return centres


@pytest.mark.needs_dot
def test_a_phase_split_over_rows_keeps_its_rows_in_order() -> None:
    journey = Journey("One long phase").phase("Everything happens here")
    for step in range(30):
        journey.touchpoint(f"Step number {step + 1}", id=f"s{step}", emotion=step % 5 - 2)
    journey.flow("s3", kind="drop-off", share=0.1).flow("s20", "s5", kind="retry")
    source = render(journey, "dot")
    rows = _rows_of(source)
    assert len(rows) > 2
    centres = _centres(export(source, "svg").decode("utf-8"))
    heights = []
    for row in rows:
        ys = [centres[node] for node in row]
        assert max(ys) - min(ys) < 1, row  # one baseline a row
        heights.append(ys[0])
    assert heights == sorted(heights), "rows top to bottom in journey order"
