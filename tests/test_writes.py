"""Writing outputs: inputs are never overwritten, modes are kept, a run writes all or none."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from journeymap import Journey, JourneyMapError, save
from journeymap.cli import main
from journeymap.outputs import refuse_inputs, write_all

MAP_YAML = """\
# Hand-written: this comment must survive every run.
title: Kept map
phases:
  - id: buy
    name: Buy
    touchpoints:
      - {id: pay, name: Pay, channel: web, emotion: 1}
"""

MERMAID = """\
journey
    %% hand-written comment
    title My day
    section Morning
      Make tea: 5: Me
"""


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), _mode(p)) for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def map_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "maps"
    folder.mkdir()
    (folder / "map.yaml").write_text(MAP_YAML, encoding="utf-8")
    (folder / "day.mmd").write_text(MERMAID, encoding="utf-8")
    monkeypatch.chdir(folder)
    return folder


# --- an input is never overwritten ------------------------------------------------------


def test_render_in_the_maps_folder_refuses_to_overwrite_the_yaml_input(
    map_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _snapshot(map_folder)
    assert main(["render", "map.yaml", "-f", "yaml"]) == 1
    assert _snapshot(map_folder) == before
    err = capsys.readouterr().err
    assert "map.yaml" in err
    assert "the output map.yaml is the input map.yaml" in err


def test_render_refuses_to_overwrite_a_mermaid_input(
    map_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _snapshot(map_folder)
    assert main(["render", "day.mmd", "-f", "mermaid"]) == 1
    assert _snapshot(map_folder) == before
    assert "is the input day.mmd" in capsys.readouterr().err


def test_a_refused_input_stops_every_output_of_the_run(
    map_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The refusal comes before anything is written: the markdown is not written either."""
    before = _snapshot(map_folder)
    assert main(["render", "map.yaml", "-f", "markdown", "-f", "yaml"]) == 1
    assert _snapshot(map_folder) == before
    assert not (map_folder / "map.md").exists()
    assert "is the input" in capsys.readouterr().err


def _spellings(folder: Path) -> dict[str, Callable[[], str]]:
    """Ways of naming ``map.yaml`` as the output of ``convert``."""

    def same() -> str:
        return "map.yaml"

    def dotted() -> str:
        (folder / "a").mkdir()
        return "./a/../map.yaml"

    def absolute() -> str:
        return str(folder / "map.yaml")

    def symlink() -> str:
        (folder / "link.yaml").symlink_to(folder / "map.yaml")
        return "link.yaml"

    def hardlink() -> str:
        os.link(folder / "map.yaml", folder / "hard.yaml")
        return "hard.yaml"

    return {
        "same": same,
        "dotted": dotted,
        "absolute": absolute,
        "symlink": symlink,
        "hardlink": hardlink,
    }


@pytest.mark.parametrize("spelling", ["same", "dotted", "absolute", "symlink", "hardlink"])
def test_convert_never_overwrites_its_input(
    map_folder: Path, spelling: str, capsys: pytest.CaptureFixture[str]
) -> None:
    output = _spellings(map_folder)[spelling]()
    original = (map_folder / "map.yaml").read_bytes()
    assert main(["convert", "map.yaml", "-o", output]) == 1
    assert (map_folder / "map.yaml").read_bytes() == original
    assert (map_folder / output).read_bytes() == original  # the link still leads to it
    if spelling == "symlink":
        assert (map_folder / "link.yaml").is_symlink()
    err = capsys.readouterr().err
    assert str(Path(output)) in err
    assert "map.yaml" in err
    assert "never overwritten" in err


@pytest.mark.parametrize("spelling", ["same", "absolute", "linked folder", "hardlink"])
def test_convert_never_overwrites_a_survey_file_the_map_names(
    map_folder: Path, spelling: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Render refuses it ("a file ... reads"); convert refuses it the same way."""
    surveyed = map_folder / "surveyed"
    surveyed.mkdir()
    (surveyed / "s.yaml").write_text(MAP_YAML + "surveys: [ans.json]\n", encoding="utf-8")
    answers = surveyed / "ans.json"
    answers.write_text('[{"touchpoint": "pay", "kind": "csat", "value": 4}]\n', encoding="utf-8")
    (map_folder / "alias").symlink_to(surveyed)
    os.link(answers, surveyed / "hard.json")
    output = {
        "same": "surveyed/ans.json",
        "absolute": str(answers),
        "linked folder": "alias/ans.json",
        "hardlink": "surveyed/hard.json",
    }[spelling]
    before = _snapshot(surveyed)
    assert main(["convert", "surveyed/s.yaml", "-o", output]) == 1
    assert _snapshot(surveyed) == before
    how = "" if spelling in ("same", "absolute") else " under another name"
    assert (
        f"journeymap: error: the output {output} is the input surveyed/ans.json{how} (a file "
        "surveyed/s.yaml reads); an input is never overwritten"
    ) in capsys.readouterr().err


@pytest.mark.parametrize("spelling", ["dotted", "absolute", "symlink", "hardlink"])
def test_render_never_overwrites_its_input_under_any_name(
    map_folder: Path, spelling: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The output folder is a link to the input's folder, or the input is named otherwise."""
    name = _spellings(map_folder)[spelling]()
    original = (map_folder / "map.yaml").read_bytes()
    (map_folder.parent / "alias").symlink_to(map_folder)
    for out in (".", str(map_folder.parent / "alias"), "./a/.." if spelling == "dotted" else "."):
        assert main(["render", name, "-f", "yaml", "-o", out]) == 1
        assert (map_folder / "map.yaml").read_bytes() == original
    assert "never overwritten" in capsys.readouterr().err


def test_render_never_overwrites_a_file_of_the_template_folder(
    map_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    templates = map_folder / "templates"
    templates.mkdir()
    (templates / "map.md").write_text("{{ no }}", encoding="utf-8")
    argv = ["render", "map.yaml", "--template-dir", str(templates), "-o", str(templates)]
    assert main(argv) == 1
    assert (templates / "map.md").read_text(encoding="utf-8") == "{{ no }}"
    assert "a folder this run reads from" in capsys.readouterr().err


def test_convert_of_a_mermaid_file_onto_itself_is_refused(map_folder: Path) -> None:
    assert main(["convert", "day.mmd", "-o", "day.mmd"]) == 1
    assert (map_folder / "day.mmd").read_text(encoding="utf-8") == MERMAID


def test_rendering_next_to_the_input_in_another_format_still_works(map_folder: Path) -> None:
    assert main(["render", "map.yaml", "-f", "json", "-q"]) == 0
    assert (map_folder / "map.json").exists()
    assert (map_folder / "map.yaml").read_text(encoding="utf-8") == MAP_YAML


def test_refuse_inputs_names_both_files(tmp_path: Path) -> None:
    source = tmp_path / "in.yaml"
    source.write_text(MAP_YAML, encoding="utf-8")
    os.link(source, tmp_path / "twin.yaml")
    with pytest.raises(JourneyMapError) as info:
        refuse_inputs([tmp_path / "other.md", tmp_path / "twin.yaml"], [source])
    assert str(info.value) == (
        f"the output {tmp_path / 'twin.yaml'} is the input {source} under another name "
        "(a link or another spelling); an input is never overwritten: write to another "
        "folder or file name"
    )
    refuse_inputs([tmp_path / "other.md"], [source, tmp_path / "missing.yaml"])


# --- permissions are kept ---------------------------------------------------------------


def test_render_keeps_the_mode_of_an_existing_output(tmp_path: Path) -> None:
    source = tmp_path / "map.yaml"
    source.write_text(MAP_YAML, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    existing = out / "map.md"
    existing.write_text("old", encoding="utf-8")
    existing.chmod(0o600)
    assert main(["render", str(source), "-o", str(out), "-q"]) == 0
    assert existing.read_text(encoding="utf-8").startswith("# Kept map")
    assert _mode(existing) == 0o600
    assert [p.name for p in out.iterdir()] == ["map.md"]  # no temporary or backup left


def test_save_keeps_the_mode_and_a_new_file_gets_the_usual_one(tmp_path: Path) -> None:
    kept = tmp_path / "kept.md"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o640)
    save(Journey("J"), kept)
    assert _mode(kept) == 0o640
    fresh = save(Journey("J"), tmp_path / "fresh.md")
    umask = os.umask(0)
    os.umask(umask)
    assert _mode(fresh) == 0o666 & ~umask


def test_the_group_is_kept_where_the_system_allows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.md"
    target.write_text("old", encoding="utf-8")
    groups: list[int] = []

    def refusing_fchown(fd: int, uid: int, gid: int) -> None:
        groups.append(gid)
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "fchown", refusing_fchown)
    write_all({target: "new"})
    assert groups == [target.stat().st_gid]
    assert target.read_text(encoding="utf-8") == "new"  # a group that cannot be set is no error


def test_save_replaces_a_symlink_and_leaves_what_it_pointed_to(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.md"
    elsewhere.write_text("not mine to change", encoding="utf-8")
    link = tmp_path / "out.md"
    link.symlink_to(elsewhere)
    save(Journey("Linked"), link)
    assert elsewhere.read_text(encoding="utf-8") == "not mine to change"
    assert not link.is_symlink()
    assert link.read_text(encoding="utf-8").startswith("# Linked")


# --- all or nothing ---------------------------------------------------------------------


def test_a_failed_write_leaves_every_existing_output_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The second output cannot be written (a folder is in its place): the first is kept."""
    source = tmp_path / "map.yaml"
    source.write_text(MAP_YAML, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "map.md").write_text("old markdown", encoding="utf-8")
    (out / "map.md").chmod(0o600)
    (out / "map.json").mkdir()
    before = _snapshot(out)
    status = main(["render", str(source), "-f", "markdown", "-f", "json", "-o", str(out)])
    assert status == 1
    assert _snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["map.json", "map.md"]
    assert "map.json" in capsys.readouterr().err


def test_with_all_or_none_a_failed_render_leaves_every_existing_output_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(MAP_YAML, encoding="utf-8")
    bad = tmp_path / "later.yaml"
    bad.write_text(MAP_YAML.replace("emotion: 1", "emotion: 9"), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "good.md").write_text("old", encoding="utf-8")
    (out / "good.md").chmod(0o600)
    before = _snapshot(out)
    assert main(["render", str(good), str(bad), "-o", str(out), "--all-or-none"]) == 1
    assert _snapshot(out) == before
    assert "later.yaml:7:" in capsys.readouterr().err
    # Without it, the good map is written and the bad one leaves its outputs alone.
    assert main(["render", str(good), str(bad), "-o", str(out), "-j", "1"]) == 1
    assert (out / "good.md").read_text(encoding="utf-8") != "old"
    assert not (out / "later.md").exists()


def test_a_rename_failing_midway_puts_back_what_was_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second, third = tmp_path / "a.md", tmp_path / "b.md", tmp_path / "c.md"
    first.write_text("old a", encoding="utf-8")
    first.chmod(0o600)
    third.write_text("old c", encoding="utf-8")
    real_replace = os.replace

    def failing_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == third:
            raise PermissionError(13, "Permission denied", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(PermissionError):
        write_all({first: "new a", second: "new b", third: "new c"})
    monkeypatch.undo()
    assert first.read_text(encoding="utf-8") == "old a"
    assert _mode(first) == 0o600
    assert not second.exists()
    assert third.read_text(encoding="utf-8") == "old c"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "c.md"]


def test_write_all_writes_every_output(tmp_path: Path) -> None:
    write_all({tmp_path / "a.txt": "text\n", tmp_path / "b.bin": b"\x00\xff"})
    assert (tmp_path / "a.txt").read_bytes() == b"text\n"
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\xff"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.bin"]


def test_write_all_refuses_one_file_named_twice(tmp_path: Path) -> None:
    with pytest.raises(JourneyMapError, match="names the same file twice"):
        write_all({tmp_path / "a.md": "1", tmp_path / "x" / ".." / "a.md": "2"})
    assert list(tmp_path.iterdir()) == []


def test_a_write_error_names_the_target_not_a_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "a.md"
    with pytest.raises(FileNotFoundError) as info:
        write_all({target: "x"})
    assert str(info.value) == f"[Errno 2] No such file or directory: '{target}'"


# --- a render that fails on a later output writes none of the map's outputs --------------


def _wide_map(touchpoints: int) -> str:
    """A map wide enough that its PNG at scale 10 is over the pixel limit."""
    steps = "\n".join(
        f"      - {{id: t{i}, name: Step {i}, channel: web, emotion: {i % 5 - 2}}}"
        for i in range(touchpoints)
    )
    return f"title: Wide\nphases:\n  - id: p\n    name: Phase\n    touchpoints:\n{steps}\n"


def _broken_templates(folder: Path) -> Path:
    templates = folder / "broken"
    templates.mkdir()
    (templates / "journey.md.j2").write_text("# {{ title }}\n{{ 1 // 0 }}\n", encoding="utf-8")
    return templates


# Each case: the formats and flags, the earlier outputs (written before the one that
# fails), and what the located message says.
LATER_FAILURES = {
    "template": (
        ["-f", "svg", "-f", "markdown", "--template-dir", "{broken}"],
        [".svg"],
        "template 'journey.md.j2' failed at journey.md.j2:2: ZeroDivisionError",
    ),
    "png over the pixel limit": (
        ["-f", "markdown", "-f", "json", "-f", "svg", "--image", "png", "--scale", "10"],
        [".md", ".json"],
        "megapixels are drawn: lower scale, dpi or width, or export a PDF",
    ),
}


def _old_outputs(out: Path, stems: list[str], suffixes: list[str]) -> None:
    out.mkdir()
    for stem in stems:
        for suffix in [*suffixes, ".png"]:
            (out / f"{stem}{suffix}").write_text(f"old {stem}{suffix}\n", encoding="utf-8")
            (out / f"{stem}{suffix}").chmod(0o600)


@pytest.mark.parametrize("case", list(LATER_FAILURES))
def test_a_later_output_that_fails_to_render_leaves_the_earlier_ones_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    monkeypatch.chdir(tmp_path)
    flags, earlier, message = LATER_FAILURES[case]
    broken = _broken_templates(tmp_path)
    (tmp_path / "wide.yaml").write_text(_wide_map(40), encoding="utf-8")
    _old_outputs(tmp_path / "out", ["wide"], earlier)
    before = _snapshot(tmp_path / "out")
    argv = ["render", "wide.yaml", "-o", "out", *(f.format(broken=broken) for f in flags)]
    assert main(argv) == 1
    assert _snapshot(tmp_path / "out") == before
    err = capsys.readouterr().err
    assert err.startswith("journeymap: error: wide.yaml: ")
    assert message in err


@pytest.mark.parametrize("case", list(LATER_FAILURES))
def test_in_a_batch_with_workers_a_later_failing_output_leaves_every_earlier_one_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    """Three maps in two worker processes: each fails on its last output, none writes."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("journeymap.batch.run.IN_PROCESS_SECONDS", 0.0)  # every map to workers
    pools: list[int] = []
    real_pool = ProcessPoolExecutor

    def counting_pool(max_workers: int, **kwargs: Any) -> ProcessPoolExecutor:
        pools.append(max_workers)
        return real_pool(max_workers, **kwargs)

    monkeypatch.setattr("journeymap.batch.run.ProcessPoolExecutor", counting_pool)
    flags, earlier, message = LATER_FAILURES[case]
    broken = _broken_templates(tmp_path)
    maps = tmp_path / "maps"
    maps.mkdir()
    stems = ["m1", "m2", "m3"]
    for stem in stems:
        (maps / f"{stem}.yaml").write_text(_wide_map(40), encoding="utf-8")
    _old_outputs(tmp_path / "out", stems, earlier)
    before = _snapshot(tmp_path / "out")
    argv = ["render", "maps", "-o", "out", "-j", "2", *(f.format(broken=broken) for f in flags)]
    assert main(argv) == 1
    assert pools == [2]
    assert _snapshot(tmp_path / "out") == before
    err = capsys.readouterr().err
    for stem in stems:
        assert f"journeymap: error: maps/{stem}.yaml: " in err
    assert err.count(message) == 3
    assert "rendered 0, unchanged 0, failed 3" in err


@pytest.mark.parametrize("command", ["render", "convert"])
def test_a_map_a_python_map_loads_is_never_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    from journeymap.cli import main

    monkeypatch.chdir(tmp_path)
    Path("other.yaml").write_text(
        "# notes\ntitle: Kept\nphases:\n  - id: p\n    name: P\n", encoding="utf-8"
    )
    Path("m.py").write_text(
        'from journeymap import load\n\njourney = load("other.yaml")\n', encoding="utf-8"
    )
    before = Path("other.yaml").read_bytes()
    if command == "render":  # m.py renders as m.yaml: name the output other.yaml
        Path("other.py").write_text(Path("m.py").read_text(encoding="utf-8"), encoding="utf-8")
        argv = ["render", "other.py", "-f", "yaml", "-o", "."]
    else:
        argv = ["convert", "m.py", "-o", "other.yaml"]
    assert main(argv) == 1
    assert Path("other.yaml").read_bytes() == before


@pytest.mark.parametrize(
    "argv",
    [
        ["render", "map.yaml", "-f", "yaml", "-o", "new/.."],
        ["render", "maps", "-f", "yaml", "-o", "maps/new/.."],
        ["render", "loads.py", "-f", "yaml", "-o", "q/../."],
        [
            "render",
            "map.yaml",
            "-f",
            "svg",
            "-f",
            "yaml",
            "--theme",
            "out/map.yaml",
            "-o",
            "nn/../out",
        ],
        ["convert", "map.yaml", "-o", "new/../map.yaml"],
    ],
    ids=["file", "folder", "loaded-by-py", "theme", "convert"],
)
def test_an_output_through_a_folder_not_made_yet_is_still_the_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    from journeymap.cli import main

    monkeypatch.chdir(tmp_path)
    files = {
        "map.yaml": "# notes\ntitle: Kept\nphases: []\n",
        "maps/m.yaml": "# notes\ntitle: Kept\nphases: []\n",
        "loads.yaml": "# notes\ntitle: Kept\nphases: []\n",
        "loads.py": 'import journeymap\n\njourney = journeymap.load("loads.yaml")\n',
        "out/map.yaml": "base: default\n",  # a theme file
    }
    for name, text in files.items():
        Path(name).parent.mkdir(exist_ok=True)
        Path(name).write_text(text, encoding="utf-8")
    before = {p: p.read_bytes() for p in Path().rglob("*") if p.is_file()}
    assert main(argv) == 1
    assert {p: p.read_bytes() for p in Path().rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in Path().iterdir() if p.is_dir()) == ["maps", "out"]  # none made
