"""The benchmarks run in quick mode, so their code cannot rot."""

from __future__ import annotations

import re
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from journeymap import renderers

from .conftest import ROOT


def test_svg_benchmark_quick_mode(capsys: pytest.CaptureFixture[str]) -> None:
    bench = runpy.run_path(str(ROOT / "bench" / "bench_svg.py"), run_name="bench")
    assert bench["main"](["--quick"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split()[:3] == ["touchpoints", "runs", "layout"]
    assert [line.split()[0] for line in lines[2:]] == ["10", "100"]


def test_dot_benchmark_quick_mode(capsys: pytest.CaptureFixture[str]) -> None:
    bench = runpy.run_path(str(ROOT / "bench" / "bench_dot.py"), run_name="bench")
    assert bench["main"](["--quick"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "graphviz version" in lines[0]
    columns = ["steps", "flows", "edges", "nodes", "runs", "journeymap", "naive", "naive/jm"]
    assert lines[1].split() == [*columns, "target"]
    end = next(i for i, line in enumerate(lines) if line.startswith("target:"))
    assert "not measured" in lines[end]
    timing = r"(\d+\.\d+) \((\d+\.\d+)–(\d+\.\d+)\)"
    # Both variants finished: a median (min–max) each and a ratio, nothing killed or skipped.
    row = re.compile(rf"\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+1\s+{timing}\s+{timing}\s+(\d+\.\d)×\s*")
    steps = []
    for line in lines[2:end]:
        match = row.fullmatch(line)
        assert match, line
        size, flows, edges, nodes = (int(match.group(i)) for i in range(1, 5))
        steps.append(size)
        assert edges == size + 1 + flows
        assert nodes > size + 2
        assert float(match.group(5)) > 0
        assert float(match.group(8)) > 0
        assert float(match.group(11)) > 0
    assert steps == [10, 100]


def test_mermaid_benchmark_quick_mode(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    launched: list[list[str]] = []
    real_popen = subprocess.Popen

    def recording_popen(args: Any, *rest: Any, **options: Any) -> Any:
        launched.append([str(part) for part in args])
        return real_popen(args, *rest, **options)

    monkeypatch.setattr(subprocess, "Popen", recording_popen)
    docs = ROOT / "docs" / "performance.md"
    before = docs.read_bytes() if docs.exists() else None
    bench = runpy.run_path(str(ROOT / "bench" / "bench_mermaid.py"), run_name="bench")
    assert bench["main"](["--quick"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "journeymap and the floor only (--quick)" in lines[0]
    header = next(i for i, line in enumerate(lines) if line.startswith("measure "))
    assert lines[header].split()[:5] == ["measure", "tool", "runs", "median", "ms"]
    end = lines.index("", header)
    row = re.compile(
        r"(?P<measure>\S.*?)\s{2,}(?P<tool>journeymap|floor|bare python|mmdc)\s+1\s+"
        r"(?P<median>\d+\.\d+) \(\d+\.\d+–\d+\.\d+\)\s+(?P<peak>\d+|–)(?P<rest>.*)"
    )
    found: dict[tuple[str, str], re.Match[str]] = {}
    for line in lines[header + 1 : end]:
        match = row.fullmatch(line)
        assert match, line
        found[match["measure"], match["tool"]] = match
    assert set(found) == {
        ("fresh process, 10 tp", "journeymap"),
        ("fresh process, 10 tp", "floor"),
        ("fresh process, 10 tp", "bare python"),
        ("batch, 5 maps of 10", "journeymap"),
        ("batch, 5 maps of 10", "floor"),
        ("again, nothing changed, 5 maps of 10", "journeymap"),
        ("in process, 10 tp", "journeymap"),
        ("in process, 10 tp", "floor"),
    }
    for (measure, tool), match in found.items():
        assert float(match["median"]) > 0
        if measure.startswith(("fresh", "batch", "again")) and tool != "bare python":
            assert int(match["peak"]) > 0  # the process tree was sampled
        if tool != "bare python":  # every touchpoint of every output checked
            many = measure.startswith(("batch", "again"))
            assert match["rest"].split()[-1] == ("50" if many else "10")
    # Where a fresh process spends its time: every phase timed, both writers compared.
    split = lines.index("where a fresh process spends its time (ms, median):")
    assert lines[split + 1].split()[:4] == ["touchpoints", "runs", "imports", "ms"]
    cells = lines[split + 2].split()
    assert cells[:2] == ["10", "1"]
    assert all(float(cell) > 0 for cell in cells[2:])
    targets = lines[lines.index("targets (ratios from this run):") + 1 :]
    assert len(targets) == 5
    # Only the second run of the batch is measured without mmdc.
    again = [line for line in targets if "nothing changed" in line]
    assert len(again) == 1
    assert again[0].endswith(("— met", "— MISSED"))
    assert all(line.endswith("— not measured") for line in targets if line not in again)
    # No mmdc, npm, node or browser was started, and the docs were left alone.
    programs = {Path(command[0]).name for command in launched}
    assert programs == {"journeymap", Path(sys.executable).name}
    assert not any(
        word in part for command in launched for part in command for word in ("mmdc", "npm")
    )
    assert (docs.read_bytes() if docs.exists() else None) == before


SCALE_OPERATIONS = [
    "load YAML",
    "load JSON",
    "render svg",
    "render blueprint",
    "render dot",
    "render markdown",
    "render mermaid",
    "render yaml",
    "render json",
    "dot -Tsvg",
]


def _scale_rows(lines: list[str], start: int) -> tuple[int, list[list[str]]]:
    """The rows of the table whose header is the first line from ``start`` on."""
    header = next(i for i in range(start, len(lines)) if lines[i].startswith("operation "))
    end = lines.index("", header)
    return end, [re.split(r"\s{2,}", line.strip()) for line in lines[header + 1 : end]]


def test_scale_benchmark_quick_mode(capsys: pytest.CaptureFixture[str]) -> None:
    docs = ROOT / "docs" / "performance.md"
    before = docs.read_bytes() if docs.exists() else None
    bench = runpy.run_path(str(ROOT / "bench" / "bench_scale.py"), run_name="bench")
    assert bench["main"](["--quick"]) == 0
    lines = capsys.readouterr().out.splitlines()
    number = r"\d+\.\d+"
    times = r"\d+(?:\.\d+)?"  # 123, 12.3 or 1.23 ms: never "over N s" or "–"
    growth = r"\d+\.\d×(?: FLAG)?"
    end, maps = _scale_rows(lines, 0)
    assert [row[0] for row in maps] == SCALE_OPERATIONS
    rendered = {row[0].removeprefix("render ") for row in maps if row[0].startswith("render ")}
    assert rendered == set(renderers.names()), "every renderer is measured"
    for row in maps:
        assert len(row) == 10, row
        assert re.fullmatch(times, row[1]), row
        assert re.fullmatch(times, row[2]), row
        assert float(row[1]) > 0
        assert float(row[2]) > 0
        assert re.fullmatch(growth, row[3]), row
        assert all(re.fullmatch(number, cell) for cell in row[4:6]), row
        if row[0] == "dot -Tsvg":  # the dot process's own peak, and nothing traced
            assert float(row[4]) > 1
            assert row[7:] == ["–", "–", "–"]
        else:  # traced in every run: ten times the input needs no less memory
            assert all(re.fullmatch(number, cell) for cell in row[7:9]), row
            assert float(row[8]) >= float(row[7])
    traced = [(float(row[7]), float(row[8])) for row in maps if row[0] != "dot -Tsvg"]
    assert sum(large for _, large in traced) > sum(small for small, _ in traced) > 0
    _, mermaid = _scale_rows(lines, end)
    assert [row[0] for row in mermaid] == ["load Mermaid"]
    assert float(mermaid[0][1]) > 0
    assert float(mermaid[0][8]) > float(mermaid[0][7])
    assert any(line.startswith("flagged: ") for line in lines)
    assert (docs.read_bytes() if docs.exists() else None) == before


def test_scale_section_is_kept_by_the_mermaid_benchmark(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scale = runpy.run_path(str(ROOT / "bench" / "bench_scale.py"), run_name="bench")
    mermaid = runpy.run_path(str(ROOT / "bench" / "bench_mermaid.py"), run_name="bench")
    page = tmp_path / "performance.md"
    monkeypatch.setitem(scale["write_section"].__globals__, "DOCS", page)
    monkeypatch.setitem(mermaid["scale_section"].__globals__, "DOCS", page)
    page.write_text("# Performance\n\nFigures against mmdc.\n", encoding="utf-8")
    scale["write_section"](["<!-- scale:begin -->", "## Scale", "first", "<!-- scale:end -->"])
    first = "<!-- scale:begin -->\n## Scale\nfirst\n<!-- scale:end -->"
    assert (
        page.read_text(encoding="utf-8") == f"# Performance\n\nFigures against mmdc.\n\n{first}\n"
    )
    page.write_text(page.read_text(encoding="utf-8") + "after\n", encoding="utf-8")
    scale["write_section"](["<!-- scale:begin -->", "## Scale", "second", "<!-- scale:end -->"])
    second = first.replace("first", "second")
    text = page.read_text(encoding="utf-8")
    assert text == f"# Performance\n\nFigures against mmdc.\n\n{second}\nafter\n"
    assert mermaid["scale_section"]() == f"\n{second}\n"
