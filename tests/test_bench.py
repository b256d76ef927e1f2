"""The benchmarks run in quick mode, so their code cannot rot."""

from __future__ import annotations

import re
import runpy

import pytest

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
