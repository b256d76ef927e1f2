"""The benchmarks run in quick mode, so their code cannot rot."""

from __future__ import annotations

import runpy

import pytest

from .conftest import ROOT


def test_svg_benchmark_quick_mode(capsys: pytest.CaptureFixture[str]) -> None:
    bench = runpy.run_path(str(ROOT / "bench" / "bench_svg.py"), run_name="bench")
    assert bench["main"](["--quick"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split()[:3] == ["touchpoints", "runs", "layout"]
    assert [line.split()[0] for line in lines[2:]] == ["10", "100"]
