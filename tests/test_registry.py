"""The renderer registry: names, lookup, errors, registration and entry points."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from journeymap import Journey, JourneyMap, JourneyMapError, render, renderers, save


def test_builtin_names_are_sorted() -> None:
    assert renderers.names() == ["blueprint", "dot", "json", "markdown", "mermaid", "svg", "yaml"]


def test_unknown_format_lists_known_ones() -> None:
    with pytest.raises(JourneyMapError) as info:
        render(Journey("J"), "pdf")
    assert str(info.value) == (
        "unknown format 'pdf'; allowed: blueprint, dot, json, markdown, mermaid, svg, yaml"
    )


def test_renderers_follow_the_protocol() -> None:
    for name in renderers.names():
        renderer = renderers.get(name)
        assert isinstance(renderer, renderers.Renderer)
        assert renderer.name == name


def test_render_accepts_builder_and_model_alike() -> None:
    journey = Journey("J").phase("P").touchpoint("T", emotion=1)
    assert render(journey, "markdown") == render(journey.build(), "markdown")


def test_render_refuses_other_objects() -> None:
    with pytest.raises(
        JourneyMapError, match="expected a JourneyMap or a Journey builder; got dict"
    ):
        render({"title": "x"}, "markdown")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "renderer_name"),
    [
        ("map.md", "markdown"),
        ("MAP.MARKDOWN", "markdown"),
        ("m.yaml", "yaml"),
        ("m.yml", "yaml"),
        ("m.json", "json"),
    ],
)
def test_save_picks_the_renderer_from_the_suffix(
    tmp_path: Path, name: str, renderer_name: str
) -> None:
    journey = Journey("Saved").phase("P").touchpoint("T")
    written = save(journey, tmp_path / name)
    assert written == tmp_path / name
    assert written.read_text(encoding="utf-8") == render(journey, renderer_name)


def test_save_with_explicit_format_ignores_the_suffix(tmp_path: Path) -> None:
    written = save(Journey("J"), tmp_path / "notes.txt", format="markdown")
    assert written.read_text(encoding="utf-8").startswith("# J\n")


def test_save_unknown_suffix_lists_allowed_ones(tmp_path: Path) -> None:
    with pytest.raises(JourneyMapError) as info:
        save(Journey("J"), tmp_path / "map.docx")
    message = str(info.value)
    assert "no renderer writes '.docx' files (map.docx)" in message
    assert ".md" in message
    assert ".yaml" in message
    assert ".json" in message
    assert not (tmp_path / "map.docx").exists()


def test_save_leaves_nothing_behind_when_rendering_fails(tmp_path: Path) -> None:
    target = tmp_path / "map.md"
    target.write_text("old content", encoding="utf-8")
    with pytest.raises(JourneyMapError):
        save(Journey("J"), target, locale="xx")
    assert target.read_text(encoding="utf-8") == "old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.md"]


def test_save_writes_lf_line_ends(tmp_path: Path) -> None:
    written = save(Journey("J").phase("P"), tmp_path / "m.md")
    assert b"\r\n" not in written.read_bytes()


@dataclass(frozen=True)
class _Upper:
    name: str = "upper-title"
    suffix: str = ".up"
    media_type: str = "text/plain"

    def render(self, model: JourneyMap, /, **options: Any) -> str:
        renderers.check_options(self.name, options, ("exclaim",))
        return model.title.upper() + ("!" if options.get("exclaim") else "") + "\n"


def test_register_adds_a_renderer_for_this_process(tmp_path: Path) -> None:
    renderers.register(_Upper())
    try:
        assert "upper-title" in renderers.names()
        assert render(Journey("loud"), "upper-title", exclaim=True) == "LOUD!\n"
        assert save(Journey("file"), tmp_path / "x.up").read_text(encoding="utf-8") == "FILE\n"
        with pytest.raises(JourneyMapError, match="exists already"):
            renderers.register(_Upper())
        with pytest.raises(JourneyMapError, match="has no option 'shout'; allowed: exclaim"):
            render(Journey("x"), "upper-title", shout=True)
    finally:
        renderers.unregister("upper-title")
    assert "upper-title" not in renderers.names()
    with pytest.raises(JourneyMapError, match="no renderer named 'upper-title'"):
        renderers.unregister("upper-title")


def test_register_refuses_non_renderers() -> None:
    with pytest.raises(JourneyMapError, match=r"lacks suffix, media_type, render\(\)"):
        renderers.register(type("Half", (), {"name": "half"})())  # type: ignore[arg-type]


def _install_fake_plugin(site: Path, body: str) -> None:
    (site / "fake_jm_plugin.py").write_text(textwrap.dedent(body), encoding="utf-8")
    info = site / "fake_jm_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fake-jm-plugin\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[journeymap.renderers]\ncsv = fake_jm_plugin:CsvRenderer\n", encoding="utf-8"
    )


def _run_with_site(site: Path, code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )


def test_entry_point_renderers_are_discovered(tmp_path: Path) -> None:
    _install_fake_plugin(
        tmp_path,
        """
        class CsvRenderer:
            name = "csv"
            suffix = ".csv"
            media_type = "text/csv"

            def render(self, model, /, **options):
                return "\\n".join(tp.name for tp in model.touchpoints) + "\\n"
        """,
    )
    code = textwrap.dedent(
        """
        import json
        from journeymap import Journey, render, renderers
        j = Journey("J").phase("P").touchpoint("A").touchpoint("B")
        print(json.dumps([renderers.names(), render(j, "csv")]))
        """
    )
    result = _run_with_site(tmp_path, code)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        ["blueprint", "csv", "dot", "json", "markdown", "mermaid", "svg", "yaml"],
        "A\nB\n",
    ]


def test_broken_entry_point_is_reported_as_such(tmp_path: Path) -> None:
    _install_fake_plugin(tmp_path, "class CsvRenderer:\n    name = 'csv'\n")
    code = textwrap.dedent(
        """
        from journeymap import Journey, JourneyMapError, render
        try:
            render(Journey("J"), "csv")
        except JourneyMapError as exc:
            print(exc)
        """
    )
    result = _run_with_site(tmp_path, code)
    assert result.returncode == 0, result.stderr
    assert "entry point 'csv' (fake_jm_plugin:CsvRenderer) is not a renderer" in result.stdout


def test_a_text_suffix_means_its_text_renderer_even_when_an_image_shares_it(
    tmp_path: Path,
) -> None:
    journey = Journey("J").phase("P").touchpoint("T", emotion=1)
    # dot exports .svg images, yet map.svg is the swimlane map: a text suffix decides first.
    assert renderers.render_for_path(journey, "map.svg") == render(journey, "svg")
    assert renderers.render_for_path(journey, "flow.gv", format="dot") == render(journey, "dot")
    written = save(journey, tmp_path / "map.svg")
    assert written.read_text(encoding="utf-8") == render(journey, "svg")
    with pytest.raises(JourneyMapError) as info:
        save(journey, tmp_path / "flow.jpg", format="dot")
    assert str(info.value) == (
        "the dot renderer cannot write 'flow.jpg'; allowed suffixes: .gv, .dot, .svg, .png, .pdf"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["map.svg"]


@pytest.mark.needs_dot
def test_the_longest_suffix_a_file_name_ends_with_picks_the_renderer(tmp_path: Path) -> None:
    journey = (
        Journey("Suffixes")
        .phase("P")
        .touchpoint("A", emotion=1, backstage=["check"])
        .phase("Q")
        .touchpoint("B", emotion=0)
    )
    assert renderers.for_path("map.blueprint.svg").name == "blueprint"
    assert renderers.for_path("map.svg").name == "svg"
    assert renderers.for_path("blueprint.svg").name == "svg"  # a stem, not a suffix
    save(journey, tmp_path / "a.blueprint.svg")
    save(journey, tmp_path / "a.svg")
    save(journey, tmp_path / "b.svg", format="blueprint")  # its text under a plain .svg
    blueprint = (tmp_path / "a.blueprint.svg").read_text(encoding="utf-8")
    assert "Service blueprint across 2 phases and 2 touchpoints" in blueprint
    assert "Line of visibility" in blueprint
    assert "Customer journey map" in (tmp_path / "a.svg").read_text(encoding="utf-8")
    assert (tmp_path / "b.svg").read_text(encoding="utf-8") == blueprint
    # An image suffix longer than the text one it ends with wins: the flow, not the map.
    save(journey, tmp_path / "a.flow.svg")
    flow = (tmp_path / "a.flow.svg").read_text(encoding="utf-8")
    assert "<!-- Generated by graphviz" in flow
    with pytest.raises(JourneyMapError) as info:
        save(journey, tmp_path / "a.jpg")
    assert str(info.value).endswith(
        "images: .blueprint.pdf, .blueprint.png, .flow.pdf, .flow.png, .flow.svg, .pdf, .png; "
        "or pass format="
    )
