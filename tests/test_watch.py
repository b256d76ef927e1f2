"""``journeymap watch``: renders what changed, reports errors, keeps running, stops."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from journeymap.batch.run import Summary
from journeymap.batch.watch import watch
from journeymap.cli import _parser, main

MAP = """\
title: {title}
phases:
  - id: buy
    name: Buy
    touchpoints:
      - {{id: pay, name: Pay, channel: web, emotion: {emotion}}}
"""


def _next_round(
    rounds: queue.Queue[Summary | None],
    change: Callable[[int], None],
    wanted: Callable[[Summary | None], bool],
) -> Summary | None:
    """Make ``change`` until a round that is ``wanted`` comes (the watcher may start late)."""
    for attempt in range(20):
        change(attempt)
        try:
            while True:
                summary = rounds.get(timeout=1.0)
                if wanted(summary):
                    return summary
        except queue.Empty:
            continue
    raise AssertionError("no such round within 20 s")


def test_watch_renders_changes_reports_errors_keeps_running_and_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    maps = tmp_path / "maps"
    maps.mkdir()
    source = maps / "a.yaml"
    source.write_text(MAP.format(title="First", emotion=1), encoding="utf-8")
    (maps / "b.yaml").write_text(MAP.format(title="Other", emotion=0), encoding="utf-8")
    output = tmp_path / "out" / "a.md"
    args = _parser().parse_args(["watch", "maps", "-o", "out", "-j", "1", "--debounce", "50"])
    rounds: queue.Queue[Summary | None] = queue.Queue()
    stop = threading.Event()
    status: list[int] = []
    thread = threading.Thread(
        target=lambda: status.append(watch(args, stop_event=stop, on_round=rounds.put))
    )
    thread.start()
    try:
        first = rounds.get(timeout=20)
        assert first is not None
        assert (first.rendered, first.unchanged, first.failed) == (2, 0, 0)
        assert output.read_text(encoding="utf-8").startswith("# First\n")

        def edit(attempt: int) -> None:
            source.write_text(MAP.format(title=f"Second {attempt}", emotion=1), encoding="utf-8")

        edited = _next_round(rounds, edit, lambda s: s is not None and s.rendered == 1)
        assert edited is not None
        assert edited.unchanged == 1  # the other map is not rendered again
        assert output.read_text(encoding="utf-8").startswith("# Second ")

        def breaks(attempt: int) -> None:
            source.write_text(MAP.format(title=f"Broken {attempt}", emotion=9), encoding="utf-8")

        broken = _next_round(rounds, breaks, lambda s: s is not None and s.failed == 1)
        assert broken is not None
        assert thread.is_alive()
        assert output.read_text(encoding="utf-8").startswith("# Second ")  # kept
        err = capsys.readouterr().err
        assert "journeymap: error: maps/a.yaml:6:" in err
        assert "emotion: 9 is outside the map's scale" in err

        def mends(attempt: int) -> None:
            source.write_text(MAP.format(title=f"Third {attempt}", emotion=2), encoding="utf-8")

        _next_round(rounds, mends, lambda s: s is not None and s.rendered == 1)
        assert output.read_text(encoding="utf-8").startswith("# Third ")
    finally:
        stop.set()
        thread.join(timeout=20)
    assert not thread.is_alive()
    assert status == [0]


def test_watch_refuses_standard_input_and_standard_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["watch", "-", "-o", str(tmp_path)]) == 1
    assert "standard input and -o - are not watched" in capsys.readouterr().err
    assert main(["watch", str(tmp_path), "-o", "-"]) == 1
    assert "standard input and -o - are not watched" in capsys.readouterr().err


def test_a_change_made_while_the_first_round_renders_is_not_missed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "maps").mkdir()
    source = tmp_path / "maps" / "a.yaml"
    source.write_text(MAP.format(title="First", emotion=1), encoding="utf-8")
    args = _parser().parse_args(["watch", "maps", "-o", "out", "-j", "1", "-q"])
    rounds: queue.Queue[Summary | None] = queue.Queue()

    def edit_once(summary: Summary | None) -> None:
        if rounds.empty() and not source.read_text(encoding="utf-8").startswith("title: Late"):
            source.write_text(MAP.format(title="Late", emotion=1), encoding="utf-8")
        rounds.put(summary)

    stop = threading.Event()
    thread = threading.Thread(
        target=watch, args=(args,), kwargs={"stop_event": stop, "on_round": edit_once}
    )
    thread.start()
    try:
        first = rounds.get(timeout=20)
        second = rounds.get(timeout=20)  # no further edit: only the one made during the first
    finally:
        stop.set()
        thread.join(timeout=20)
    assert first is not None
    assert second is not None
    assert (first.rendered, second.rendered) == (1, 1)
    assert (tmp_path / "out" / "a.md").read_text(encoding="utf-8").startswith("# Late\n")


def test_ctrl_c_stops_the_command_with_status_0(tmp_path: Path) -> None:
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "a.yaml").write_text(MAP.format(title="A", emotion=1), encoding="utf-8")
    command = [sys.executable, "-m", "journeymap", "watch", "maps", "-o", "out", "-j", "1"]
    process = subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 30
        while not (tmp_path / "out" / "a.md").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # into the wait for changes
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert out.splitlines() == ["out/a.md"]
    assert "rendered 1, unchanged 0, failed 0" in err
    assert "Traceback" not in err


def test_a_file_a_map_loads_from_another_folder_is_watched_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "maps").mkdir()
    (tmp_path / "data").mkdir()
    loaded = tmp_path / "data" / "inner.yaml"
    loaded.write_text(MAP.format(title="First", emotion=1), encoding="utf-8")
    (tmp_path / "maps" / "outer.py").write_text(
        'from journeymap import load\n\njourney = load("data/inner.yaml")\n', encoding="utf-8"
    )
    output = tmp_path / "out" / "outer.md"
    args = _parser().parse_args(["watch", "maps", "-o", "out", "-j", "1", "--debounce", "50"])
    rounds: queue.Queue[Summary | None] = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(target=lambda: watch(args, stop_event=stop, on_round=rounds.put))
    thread.start()
    try:
        first = rounds.get(timeout=20)
        assert first is not None
        assert first.reads == [str(loaded)]
        assert output.read_text(encoding="utf-8").startswith("# First\n")

        def edit(attempt: int) -> None:  # data/ is no folder the command line names
            loaded.write_text(MAP.format(title=f"Second {attempt}", emotion=1), encoding="utf-8")

        _next_round(rounds, edit, lambda s: s is not None and s.rendered == 1)
        assert output.read_text(encoding="utf-8").startswith("# Second ")
    finally:
        stop.set()
        thread.join(timeout=20)
    assert not thread.is_alive()
