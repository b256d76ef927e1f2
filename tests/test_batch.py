"""The batch command line: many maps, worker processes, the cache, --check, progress."""

from __future__ import annotations

import io
import os
import pickle
import re
import shutil
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pytest

from journeymap import load, render
from journeymap.batch import Job, JobResult, Render, render_job
from journeymap.batch.cache import MANIFEST_NAME
from journeymap.batch.progress import HINT, open_progress
from journeymap.cli import main

MAPS = 200
SUMMARY = r"rendered (\d+), unchanged (\d+), failed (\d+) in \d+\.\d s"


def _map(index: int, touchpoints: int = 10) -> str:
    steps = "\n".join(
        f"      - {{id: t{j}, name: Step {j} of map {index}, channel: web, "
        f"emotion: {(index + j) % 5 - 2}}}"
        for j in range(touchpoints)
    )
    return f"title: Map {index}\nphases:\n  - id: p\n    name: Phase\n    touchpoints:\n{steps}\n"


def _write_maps(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"m{index:03}.yaml"
        path.write_text(_map(index), encoding="utf-8")
        paths.append(path)
    return paths


def _state(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file below ``folder``: bytes, inode and modification time."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _summary(err: str) -> tuple[int, int, int]:
    match = re.search(SUMMARY, err)
    assert match, err
    rendered, unchanged, failed = map(int, match.groups())
    return rendered, unchanged, failed


@pytest.fixture(scope="module")
def rendered_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 maps rendered once with two workers, as svg and markdown: maps/ and out/."""
    root = tmp_path_factory.mktemp("site")
    _write_maps(root / "maps", MAPS)
    argv = ["render", str(root / "maps"), "-o", str(root / "out"), "-f", "svg", "-f", "markdown"]
    pools: list[int] = []

    class Pool(ProcessPoolExecutor):
        def __init__(self, max_workers: int, **kwargs: Any) -> None:
            pools.append(max_workers)
            super().__init__(max_workers, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("journeymap.batch.run.IN_PROCESS_SECONDS", 0.0)  # every map to workers
        patch.setattr("journeymap.batch.run.ProcessPoolExecutor", Pool)
        assert main([*argv, "-j", "2", "-q"]) == 0
    assert pools == [2]
    return root


@pytest.fixture
def site(rendered_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the rendered site to change; the working folder is its root."""
    copy = tmp_path / "site"
    shutil.copytree(rendered_site, copy)
    monkeypatch.chdir(copy)
    return copy


RUN = ["render", "maps", "-o", "out", "-f", "svg", "-f", "markdown", "-j", "2"]


def test_two_hundred_maps_render_with_two_workers(rendered_site: Path) -> None:
    out = rendered_site / "out"
    names = sorted(p.name for p in out.iterdir())
    expected = sorted(f"m{i:03}{suffix}" for i in range(MAPS) for suffix in (".svg", ".md"))
    assert names == sorted([MANIFEST_NAME, *expected])
    model = load(rendered_site / "maps" / "m007.yaml")
    assert (out / "m007.md").read_text(encoding="utf-8") == render(model, "markdown")
    assert (out / "m007.svg").read_text(encoding="utf-8") == render(model, "svg")


def test_a_second_run_skips_every_map_and_writes_nothing(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _state(site)
    assert main(RUN) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert _summary(captured.err) == (0, MAPS, 0)
    assert _state(site) == before


def test_editing_one_map_renders_that_map_only(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _state(site / "out")
    edited = site / "maps" / "m042.yaml"
    edited.write_text(_map(42).replace("Map 42", "Map forty-two"), encoding="utf-8")
    assert main(RUN) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["out/m042.svg", "out/m042.md"]
    assert _summary(captured.err) == (1, MAPS - 1, 0)
    after = _state(site / "out")
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert changed == [MANIFEST_NAME, "m042.md", "m042.svg"]
    assert "# Map forty-two" in (site / "out" / "m042.md").read_text(encoding="utf-8")


def test_a_broken_map_is_reported_with_its_location_while_the_others_render(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = site / "maps" / "m100.yaml"
    broken.write_text(_map(100).replace("emotion: 2}", "emotion: 7}", 1), encoding="utf-8")
    edited = site / "maps" / "m150.yaml"
    edited.write_text(_map(150).replace("Map 150", "Map renamed"), encoding="utf-8")
    old_output = (site / "out" / "m100.md").read_bytes()
    assert main([*RUN, "--force"]) == 1
    captured = capsys.readouterr()
    (error,) = [line for line in captured.err.splitlines() if "error" in line]
    assert re.fullmatch(
        r"journeymap: error: maps/m100\.yaml:\d+:\d+: phase 'Phase' > touchpoint 'Step \d "
        r"of map 100' > emotion: 7 is outside the map's scale; allowed: a number from -2 to 2",
        error,
    )
    assert _summary(captured.err) == (MAPS - 1, 0, 1)
    assert len(captured.out.splitlines()) == 2 * (MAPS - 1)
    assert (site / "out" / "m100.md").read_bytes() == old_output  # kept as it was
    assert "# Map renamed" in (site / "out" / "m150.md").read_text(encoding="utf-8")
    # The broken map is not current: the next run tries it again, and only it.
    assert main(RUN) == 1
    assert _summary(capsys.readouterr().err) == (0, MAPS - 1, 1)


def test_check_lists_stale_outputs_and_writes_nothing(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    check = [*RUN, "--check"]
    assert main(check) == 0
    assert capsys.readouterr().err.startswith(f"stale 0, up to date {MAPS} in ")
    (site / "out" / "m003.svg").write_text("<svg/>", encoding="utf-8")  # edited by hand
    (site / "out" / "m004.md").unlink()  # deleted
    (site / "maps" / "m005.yaml").write_text(_map(5).replace("Map 5", "Map V"), encoding="utf-8")
    before = _state(site)
    assert main(check) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "out/m003.svg: stale: edited since it was written",
        "out/m004.md: stale: deleted",
        "out/m005.svg: stale: the map or the options changed",
        "out/m005.md: stale: the map or the options changed",
    ]
    assert captured.err.startswith(f"stale 3, up to date {MAPS - 3} in ")
    assert _state(site) == before
    # Other options make every output stale.
    assert main([*check, "--locale", "es"]) == 1
    assert f"stale {MAPS}, up to date 0" in capsys.readouterr().err


def test_deleted_and_edited_outputs_are_made_again(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = (site / "out" / "m003.svg").read_bytes()
    (site / "out" / "m003.svg").write_text("<svg/>", encoding="utf-8")
    (site / "out" / "m004.md").unlink()
    assert main(RUN) == 0
    captured = capsys.readouterr()
    assert sorted(captured.out.splitlines()) == [
        "out/m003.md",
        "out/m003.svg",
        "out/m004.md",
        "out/m004.svg",
    ]
    assert (site / "out" / "m003.svg").read_bytes() == original
    assert (site / "out" / "m004.md").exists()


# --- inputs -----------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """maps/a.yaml, maps/sub/b.yaml, maps/drafts/c.yaml, maps/notes.txt, maps/.hidden.yaml."""
    monkeypatch.chdir(tmp_path)
    maps = tmp_path / "maps"
    (maps / "sub").mkdir(parents=True)
    (maps / "drafts").mkdir()
    (maps / "a.yaml").write_text(_map(1, 2), encoding="utf-8")
    (maps / "sub" / "b.yaml").write_text(_map(2, 2), encoding="utf-8")
    (maps / "drafts" / "c.yaml").write_text(_map(3, 2), encoding="utf-8")
    (maps / "notes.txt").write_text("not a map", encoding="utf-8")
    (maps / ".hidden.yaml").write_text("not: [a map", encoding="utf-8")
    return tmp_path


def _written(out: Path) -> list[str]:
    return sorted(
        str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and p.name != MANIFEST_NAME
    )


def test_a_folder_is_searched_recursively_and_mirrored(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", "maps", "-o", "out", "-j", "1"]) == 0
    assert _written(tree / "out") == ["a.md", "drafts/c.md", "sub/b.md"]
    assert _summary(capsys.readouterr().err) == (3, 0, 0)


def test_exclude_leaves_out_a_sub_folder_or_a_pattern(tree: Path) -> None:
    assert main(["render", "maps", "-o", "out", "--exclude", "drafts", "-q"]) == 0
    assert _written(tree / "out") == ["a.md", "sub/b.md"]
    assert main(["render", "maps", "-o", "out2", "--exclude", "*/b.yaml", "-q"]) == 0
    assert _written(tree / "out2") == ["a.md", "drafts/c.md"]


def test_a_quoted_glob_is_expanded_and_mirrored_below_its_fixed_part(tree: Path) -> None:
    assert main(["render", "maps/**/*.yaml", "-o", "out", "-q", "--exclude", "drafts"]) == 0
    assert _written(tree / "out") == ["a.md", "sub/b.md"]


def test_a_glob_matching_nothing_is_an_error(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", "maps/*.json", "-o", "out"]) == 1
    assert "maps/*.json: no map matches this pattern" in capsys.readouterr().err
    assert not (tree / "out").exists()


def test_standard_input_is_a_map_named_stdin(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    mermaid = "journey\n    title Tea\n    section Morning\n      Make tea: 5: Me\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(mermaid))
    assert main(["render", "-", "--from", "mermaid", "-o", "out"]) == 0
    assert capsys.readouterr().out.splitlines() == ["out/stdin.md"]
    assert (tree / "out" / "stdin.md").read_text(encoding="utf-8").startswith("# Tea\n")
    monkeypatch.setattr(sys, "stdin", io.StringIO(_map(9, 1)))
    assert main(["render", "-", "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("# Map 9\n")


def test_a_broken_map_on_standard_input_is_located_as_stdin(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("title: [\n"))
    assert main(["render", "-", "-o", "-"]) == 1
    assert capsys.readouterr().err.startswith("journeymap: error: <stdin>:")


def test_outputs_written_beside_the_maps_are_not_read_as_maps(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-f json into the maps' own folder: the .json outputs are not maps of the next run."""
    assert main(["render", "maps", "-o", "maps", "-f", "json", "-q"]) == 0
    assert (tree / "maps" / "sub" / "b.json").exists()
    assert main(["render", "maps", "-o", "maps", "-f", "json"]) == 0
    assert _summary(capsys.readouterr().err) == (0, 3, 0)


def test_an_output_that_is_an_input_of_the_folder_is_refused(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _state(tree / "maps")
    assert main(["render", "maps", "-o", "maps", "-f", "markdown", "-f", "yaml"]) == 1
    err = capsys.readouterr().err
    assert "the output maps/a.yaml is the input maps/a.yaml" in err
    assert _state(tree / "maps") == before  # nothing written, not even the markdown


def test_jobs_one_renders_in_this_process(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("no worker processes with -j 1")

    monkeypatch.setattr("journeymap.batch.run.ProcessPoolExecutor", no_pool)
    assert main(["render", "maps", "-o", "out", "-j", "1", "-q"]) == 0
    assert _written(tree / "out") == ["a.md", "drafts/c.md", "sub/b.md"]


@pytest.mark.parametrize("flag", ["--scale", "--dpi", "--width"])
def test_image_size_flags_need_an_image_and_are_checked_before_any_map(
    tree: Path, flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", "maps/a.yaml", "-f", "svg", "-o", "out", flag, "2"]) == 1
    assert f"{flag} applies to an exported image: add --image png or pdf" in capsys.readouterr().err
    argv = ["render", "maps", "nope.yaml", "-f", "svg", "--image", "png", "-o", "out"]
    assert main([*argv, flag, "0"]) == 1
    (error,) = capsys.readouterr().err.splitlines()  # once, not once per map
    assert error.startswith(f"journeymap: error: svg image option '{flag[2:]}': expected ")
    assert not (tree / "out").exists()


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


def test_png_width_reaches_the_export_and_is_part_of_the_cache_key(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["render", "maps", "--exclude", "drafts", "-f", "svg", "--image", "png", "-o", "out"]
    assert main([*argv, "--width", "400", "-j", "1"]) == 0
    assert capsys.readouterr().out.splitlines() == ["out/a.png", "out/sub/b.png"]
    assert _png_size(tree / "out" / "a.png")[0] == 400
    assert main([*argv, "--width", "400", "-j", "1"]) == 0
    assert _summary(capsys.readouterr().err) == (0, 2, 0)
    assert main([*argv, "--width", "320", "-j", "1"]) == 0
    assert _summary(capsys.readouterr().err) == (2, 0, 0)
    assert _png_size(tree / "out" / "sub" / "b.png")[0] == 320


def test_runs_of_other_formats_into_one_folder_keep_each_others_cache(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", "maps", "-o", "out", "-f", "markdown", "-q"]) == 0
    assert main(["render", "maps", "-o", "out", "-f", "json", "-q"]) == 0
    assert main(["render", "maps", "-o", "out", "-f", "markdown"]) == 0
    assert _summary(capsys.readouterr().err) == (0, 3, 0)


# --- progress ---------------------------------------------------------------------------


def test_without_a_terminal_progress_is_the_plain_lines(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", "maps", "-o", "out", "-j", "1"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["out/a.md", "out/drafts/c.md", "out/sub/b.md"]
    (summary,) = captured.err.splitlines()
    assert re.fullmatch(SUMMARY, summary)
    assert "\x1b" not in captured.err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_progress_is_a_bar(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "maps", "-o", "out", "-j", "1", "--progress", "bar"]) == 0
    captured = capsys.readouterr()
    assert "rendering" in captured.err
    assert "━" in captured.err
    assert "\x1b[" in captured.err  # drawn, then cleared
    assert captured.out.splitlines() == ["out/a.md", "out/drafts/c.md", "out/sub/b.md"]
    err = _Terminal()
    assert type(open_progress("auto", err=err)).__name__ == "_Bar"
    assert type(open_progress("auto", err=io.StringIO())).__name__ == "Progress"


def test_on_a_terminal_without_rich_one_hint_names_the_extra(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "rich.console", None)  # import fails
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["render", "maps", "-o", "out", "-j", "1"]) == 0
    err = terminal.getvalue()
    assert err.splitlines()[0] == HINT
    assert err.count("journeymap[progress]") == 1
    assert capsys.readouterr().out.splitlines() == ["out/a.md", "out/drafts/c.md", "out/sub/b.md"]


# --- the render step --------------------------------------------------------------------


def _jobs(folder: Path) -> Iterator[Job]:
    renders = (Render("svg", {"legend": False}), Render("markdown"))
    for path in sorted(folder.glob("*.yaml")):
        yield Job(str(path), renders)


def test_render_job_pickles_and_gives_the_same_bytes_in_a_worker(tmp_path: Path) -> None:
    paths = _write_maps(tmp_path, 3)
    (tmp_path / "bad.yaml").write_text("title: [\n", encoding="utf-8")
    jobs = list(_jobs(tmp_path))
    assert [pickle.loads(pickle.dumps(job)) for job in jobs] == jobs
    here = [render_job(job) for job in jobs]
    assert here == [render_job(job) for job in jobs]  # deterministic
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        there = list(pool.map(render_job, jobs))
    assert there == here
    assert pickle.loads(pickle.dumps(here)) == here
    bad, *good = here
    assert isinstance(bad, JobResult)
    assert not bad.ok
    assert bad.outputs == ()
    assert bad.problems[0].source == str(tmp_path / "bad.yaml")
    model = load(paths[0])
    assert good[0].outputs[0].data == render(model, "svg", legend=False)
    assert good[0].outputs[1].data == render(model, "markdown")


def test_render_job_keeps_warnings_and_makes_them_errors_when_strict() -> None:
    quirky = "journey\n    title Day\n    section Morning\n      Make tea: 7: Me\n"
    job = Job("day.mmd", (Render("markdown"),), text=quirky, text_format="mermaid")
    result = render_job(job)
    assert result.ok
    (warning,) = result.warnings
    assert (warning.source, warning.line) == ("day.mmd", 4)
    strict = render_job(Job(job.source, job.renders, quirky, "mermaid", strict=True))
    assert not strict.ok
    assert strict.outputs == ()
    assert strict.problems[0].message.endswith("(a warning, an error with --strict)")


def test_nothing_of_a_run_is_left_in_the_working_folder(tree: Path) -> None:
    assert main(["render", "maps", "-o", "out", "-q"]) == 0
    assert sorted(os.listdir(tree)) == ["maps", "out"]


def test_all_or_none_writes_nothing_when_a_map_fails_and_everything_when_none_does(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tree / "out"
    out.mkdir()
    (out / "a.md").write_text("old", encoding="utf-8")
    broken = _map(2, 2).replace("emotion: 1", "emotion: 8")
    (tree / "maps" / "sub" / "b.yaml").write_text(broken, encoding="utf-8")
    assert main(["render", "maps", "-o", "out", "--all-or-none", "-j", "1"]) == 1
    assert _written(out) == ["a.md"]
    assert (out / "a.md").read_text(encoding="utf-8") == "old"
    assert not (out / MANIFEST_NAME).exists()
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("journeymap: error: maps/sub/b.yaml:")
    assert err[1] == "journeymap: nothing written: 1 map failed (--all-or-none)"
    assert _summary(err[2]) == (0, 0, 1)
    assert len(err) == 3
    (tree / "maps" / "sub" / "b.yaml").write_text(_map(2, 2), encoding="utf-8")
    assert main(["render", "maps", "-o", "out", "--all-or-none", "-j", "1"]) == 0
    assert _written(out) == ["a.md", "drafts/c.md", "sub/b.md"]
    assert (out / "a.md").read_text(encoding="utf-8").startswith("# Map 1\n")


# --- what else the cache depends on ----------------------------------------------------

SURVEYED = """\
title: Surveyed
surveys: [answers.csv]
phases:
  - id: buy
    name: Buy
    touchpoints:
      - {id: pay, name: Pay, channel: web, emotion: 1}
"""


def test_a_survey_file_the_map_names_is_part_of_its_cache(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tree / "maps" / "sub" / "surveyed.yaml").write_text(SURVEYED, encoding="utf-8")
    answers = tree / "maps" / "sub" / "answers.csv"
    answers.write_text("touchpoint,kind,value\npay,csat,4\n", encoding="utf-8")
    argv = ["render", "maps", "-o", "out", "-f", "svg", "-j", "1"]
    assert main(argv) == 0
    assert _summary(capsys.readouterr().err) == (4, 0, 0)
    answers.write_text("touchpoint,kind,value\npay,csat,4\npay,csat,1\n", encoding="utf-8")
    assert main([*argv, "--check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "out/sub/surveyed.svg: stale: maps/sub/answers.csv changed"
    ]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["out/sub/surveyed.svg"]
    assert _summary(captured.err) == (1, 3, 0)


def test_an_output_that_is_a_survey_file_the_map_names_is_refused_for_that_map(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tree / "maps" / "answers.yaml").write_text(
        SURVEYED.replace("answers.csv", "a.json"), encoding="utf-8"
    )
    (tree / "maps" / "a.json").write_text('[{"touchpoint": "pay", "kind": "csat", "value": 4}]')
    before = (tree / "maps" / "a.json").read_bytes()
    argv = ["render", "maps/answers.yaml", "maps/a.yaml", "-o", "maps", "-f", "json", "-j", "1"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert (
        "journeymap: error: the output maps/a.json is the input maps/a.json (a file "
        "maps/answers.yaml reads); an input is never overwritten"
    ) in err
    assert (tree / "maps" / "a.json").read_bytes() == before
    assert (tree / "maps" / "answers.json").exists()  # that map itself is written
    assert main([*argv, "--all-or-none"]) == 1
    assert "(a file maps/answers.yaml reads)" in capsys.readouterr().err
    assert (tree / "maps" / "a.json").read_bytes() == before


def test_a_changed_theme_file_renders_every_map_again(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theme = tree / "brand.yaml"
    theme.write_text("base: default\nbackground: '#ffffff'\n", encoding="utf-8")
    argv = ["render", "maps", "-o", "out", "-f", "svg", "--theme", "brand.yaml", "-j", "1"]
    assert main(argv) == 0
    assert main(argv) == 0
    assert _summary(capsys.readouterr().err.splitlines()[-1]) == (0, 3, 0)
    theme.write_text("base: default\nbackground: '#fffff0'\n", encoding="utf-8")
    assert main(argv) == 0
    assert _summary(capsys.readouterr().err) == (3, 0, 0)
    assert "#fffff0" in (tree / "out" / "a.svg").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("elapsed", "done", "left", "workers", "expected"),
    [
        (0.3, 60, 140, 2, False),  # 5 ms a map: 0.70 s here against 0.40 + 0.35 s there
        (0.3, 30, 170, 2, True),  # 10 ms a map: 1.70 s here against 0.40 + 0.85 s there
        (0.3, 60, 140, 4, True),  # 0.70 s here against 0.40 + 0.175 s there
        (0.3, 60, 140, 1, False),  # one worker never beats this process
        (0.0, 0, 200, 2, True),  # nothing done yet: no estimate, workers start
    ],
)
def test_workers_start_only_when_they_pay_off(
    elapsed: float, done: int, left: int, workers: int, expected: bool
) -> None:
    from journeymap.batch.run import workers_pay_off

    assert workers_pay_off(elapsed, done, left, workers) is expected


def test_a_map_broken_then_mended_is_current_again(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = site / "maps" / "m005.yaml"
    good = source.read_bytes()
    source.write_text("title: [unclosed\n", encoding="utf-8")
    assert main([*RUN, "-j", "1"]) == 1  # the broken map fails, its outputs stay
    capsys.readouterr()
    source.write_bytes(good)
    # Its old outputs are the outputs of these bytes: current, not "never rendered here".
    assert main([*RUN, "--check"]) == 0
    assert capsys.readouterr().err.startswith(f"stale 0, up to date {MAPS} in ")
    assert main([*RUN, "-j", "1"]) == 0
    assert f"rendered 0, unchanged {MAPS}, failed 0" in capsys.readouterr().err


# --- the cache manifest never replaces a file it did not write ---------------------------


def test_a_map_at_the_manifests_path_is_refused_before_anything_is_written(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A JSON map saved as .journeymap-cache.json, rendered into its own folder."""
    assert main(["convert", "maps/a.yaml", "-o", f"maps/{MANIFEST_NAME}"]) == 0
    before = _state(tree / "maps")
    assert main(["render", f"maps/{MANIFEST_NAME}", "-f", "svg", "-o", "maps"]) == 1
    assert _state(tree / "maps") == before  # neither the map replaced nor the svg written
    err = capsys.readouterr().err
    assert (
        f"journeymap: error: the cache manifest maps/{MANIFEST_NAME} of the output folder is "
        f"the input maps/{MANIFEST_NAME}; an input is never overwritten"
    ) in err


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ('{"my":"notes"}\n', "a JSON object without the manifest's format marker"),
        ("my notes\n", "not JSON"),
        ("", "not JSON"),
        ('["format", 1]\n', "a JSON value that is not an object"),
    ],
)
@pytest.mark.parametrize("many", [False, True], ids=["one map", "a folder"])
def test_a_file_at_the_manifests_path_that_is_not_a_manifest_is_never_replaced(
    tree: Path, capsys: pytest.CaptureFixture[str], content: str, why: str, many: bool
) -> None:
    out = tree / "out"
    out.mkdir()
    notes = out / MANIFEST_NAME
    notes.write_text(content, encoding="utf-8")
    notes.chmod(0o444)
    before = _state(out)
    argv = ["render", "maps" if many else "maps/a.yaml", "-o", "out", "-f", "markdown"]
    assert main([*argv, "-j", "1"]) == 1
    assert _state(out) == before
    assert oct(notes.stat().st_mode & 0o777) == oct(0o444)
    assert main([*argv, "--check"]) == 1  # nor read as an empty cache
    err = capsys.readouterr().err.splitlines()
    message = (
        f"journeymap: error: out/{MANIFEST_NAME} is not a journeymap cache manifest ({why}); "
        "journeymap keeps its cache in that file and never replaces a file it did not "
        "write: move or rename it, or render into another folder (-o DIR)"
    )
    assert err == [message, message]


def test_a_manifest_of_this_run_is_still_replaced(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", "maps", "-o", "out", "-q"]) == 0
    first = (tree / "out" / MANIFEST_NAME).read_text(encoding="utf-8")
    (tree / "maps" / "a.yaml").write_text(_map(7, 2), encoding="utf-8")
    capsys.readouterr()
    assert main(["render", "maps", "-o", "out", "-j", "1"]) == 0
    assert (tree / "out" / MANIFEST_NAME).read_text(encoding="utf-8") != first
    assert _summary(capsys.readouterr().err) == (1, 2, 0)


@pytest.mark.parametrize("all_or_none", [False, True], ids=["each map", "all or none"])
def test_an_output_through_a_linked_folder_never_replaces_a_survey_the_map_names(
    tree: Path, capsys: pytest.CaptureFixture[str], all_or_none: bool
) -> None:
    """ans.yaml names ans.json; -o alias, a link to the map's own folder: refused."""
    maps = tree / "maps"
    (maps / "ans.yaml").write_text(SURVEYED.replace("answers.csv", "ans.json"), encoding="utf-8")
    (maps / "ans.json").write_text('[{"touchpoint": "pay", "kind": "csat", "value": 4}]')
    (tree / "alias").symlink_to(maps)
    before = _state(maps)
    argv = ["render", "maps/ans.yaml", "-f", "json", "-o", "alias", "--force", "-j", "1"]
    assert main(argv + (["--all-or-none"] if all_or_none else [])) == 1
    assert _state(maps) == before
    assert (
        "the output alias/ans.json is the input maps/ans.json under another name"
    ) in capsys.readouterr().err


def test_an_output_through_a_linked_folder_never_replaces_a_survey_another_map_names(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    maps = tree / "maps"
    (maps / "answers.yaml").write_text(SURVEYED.replace("answers.csv", "a.json"), encoding="utf-8")
    (maps / "a.json").write_text('[{"touchpoint": "pay", "kind": "csat", "value": 4}]')
    (tree / "alias").symlink_to(maps)
    before = (maps / "a.json").read_bytes()
    argv = ["render", "maps/answers.yaml", "maps/a.yaml", "-f", "json", "-o", "alias", "-j", "1"]
    for extra in ([], ["--all-or-none"]):
        assert main([*argv, *extra]) == 1
        assert (maps / "a.json").read_bytes() == before
        assert (
            "the output alias/a.json is the input maps/a.json under another name (a file "
            "maps/answers.yaml reads)"
        ) in capsys.readouterr().err


# -- maps a .py map loads --------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_map_a_python_map_loads_is_never_another_maps_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "maps").mkdir()
    (tmp_path / "gen").mkdir()
    Path("maps/b.mmd").write_text(
        "journey\n  title From mmd\n  section Pay\n    Card: 3: Me\n", encoding="utf-8"
    )
    Path("gen/b.yaml").write_text("title: Hand edited\nphases: []\n", encoding="utf-8")
    Path("maps/a.py").write_text(
        'from journeymap import load\n\njourney = load("gen/b.yaml")\n', encoding="utf-8"
    )
    before = Path("gen/b.yaml").read_bytes()
    # a.py is read first and b.mmd's output is gen/b.yaml, which a.py loads.
    assert main(["render", "maps/a.py", "maps/b.mmd", "-f", "yaml", "-o", "gen", "-j", jobs]) == 1
    assert Path("gen/b.yaml").read_bytes() == before
    assert "the output gen/b.yaml is the input gen/b.yaml (a file maps/a.py reads)" in (
        capsys.readouterr().err
    )


def test_the_manifest_tracks_the_maps_a_python_map_loads_and_not_the_map_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    monkeypatch.chdir(tmp_path)
    (tmp_path / "maps").mkdir()
    (tmp_path / "data").mkdir()
    Path("data/base.yaml").write_text("title: First\nphases: []\n", encoding="utf-8")
    Path("maps/x.py").write_text(
        'from journeymap import load\n\njourney = load("data/base.yaml")\n', encoding="utf-8"
    )
    assert main(["render", "maps", "-f", "svg", "-o", "out", "-q"]) == 0
    entry = json.loads(Path("out", MANIFEST_NAME).read_text(encoding="utf-8"))["outputs"]["x.svg"]
    assert list(entry["reads"]) == ["../data/base.yaml"]
    assert main(["render", "maps", "-f", "svg", "-o", "out", "--check"]) == 0
    Path("data/base.yaml").write_text("title: Second\nphases: []\n", encoding="utf-8")
    assert main(["render", "maps", "-f", "svg", "-o", "out", "--check"]) == 1
    assert main(["render", "maps", "-f", "svg", "-o", "out", "-q"]) == 0
    assert "Second" in Path("out/x.svg").read_text(encoding="utf-8")


def test_a_maps_warnings_are_said_again_when_its_outputs_are_current(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    monkeypatch.chdir(tmp_path)
    Path("maps").mkdir()
    Path("maps/wm.mmd").write_text(
        "journey\n  title W\n  section S\n    Task: 7: Me\n", encoding="utf-8"
    )
    Path("maps/quiet.yaml").write_text("title: Q\nphases: []\n", encoding="utf-8")
    said = "maps/wm.mmd:4:5: warning: score '7' of task 'Task' is outside Mermaid's 1..5"
    for unchanged in (0, 2):  # the first run renders both, the second neither
        assert main(["render", "maps", "-f", "svg", "-o", "site"]) == 0
        err = capsys.readouterr().err
        assert err.count(said) == 1, err
        assert f"unchanged {unchanged}," in err
    entries = json.loads(Path("site", MANIFEST_NAME).read_text(encoding="utf-8"))["outputs"]
    assert [line[: len(said)] for line in entries["wm.svg"]["warnings"]] == [said]
    assert "warnings" not in entries["quiet.svg"]  # no warning, no field
