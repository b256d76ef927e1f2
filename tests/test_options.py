"""Renderer options declared once: checks, the registry, the command line, images, docs."""

from __future__ import annotations

import json
import re
import runpy
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pytest
from pydantic import ConfigDict, Field

from journeymap import Journey, JourneyMap, JourneyMapError, load, render, renderers, save
from journeymap.cli import main
from journeymap.renderers.options import (
    Flag,
    Number,
    RendererOptions,
    ThemeOption,
    validate_options,
)
from journeymap.themes import THEMES, Theme

from .conftest import ROOT

CHECKOUT = ROOT / "examples" / "online_checkout.yaml"
LANES = (
    "allowed: touchpoints, actions, channels, evidence, emotion, thoughts, motivations, "
    "doubts, pain_points, opportunities, frontstage, visibility, backstage, support, "
    "metrics, or a preset: full, compact"
)
NOT_A_FOLDER = Path(__file__)
LOCALE_FR = (
    "locale 'fr' is not supported; allowed: en, es (with any region, e.g. 'es-MX'); "
    "pass locale='en' to render the headers in English"
)
ID_PREFIX = "expected an ASCII letter or '_', then up to 63 letters, digits, '-', '_' or '.'"


def _map() -> JourneyMap:
    return (
        Journey("Tiny")
        .phase("Buy")
        .touchpoint("Cart", channel="web", emotion=1, action="Clicks", pain_points="Slow")
        .touchpoint("Pay", emotion=-2)
        .flow("pay", kind="drop-off", share=0.3)
        .build()
    )


# -- every option's bad value: a located message with what is allowed ------------------------

BAD_VALUES: list[tuple[str, str, object, str]] = [
    (
        "svg",
        "theme",
        "neon",
        "svg option 'theme': unknown theme 'neon'; allowed: default, dark, print, auto",
    ),
    (
        "svg",
        "theme",
        5,
        "svg option 'theme': expected a theme name (default, dark, print, auto), a .yaml or .json "
        "theme file or a Theme; got int",
    ),
    ("svg", "locale", "fr", f"svg option 'locale': {LOCALE_FR}"),
    (
        "svg",
        "theme",
        "darkk",
        "svg option 'theme': unknown theme 'darkk'; did you mean 'dark'? allowed: default, dark, "
        "print, auto",
    ),
    (
        "svg",
        "locale",
        5,
        "svg option 'locale': expected a language such as 'en' or 'es', or None for the "
        "map's own; got 5",
    ),
    (
        "svg",
        "lanes",
        "emotions",
        f"svg option 'lanes': unknown lane 'emotions'; did you mean 'emotion'? {LANES}",
    ),
    (
        "svg",
        "lanes",
        ["touchpoints", "touchpoints"],
        "svg option 'lanes': 'touchpoints' is chosen twice; each lane can be shown once",
    ),
    (
        "svg",
        "lanes",
        5,
        "svg option 'lanes': expected a preset, a list of lanes or a comma-separated string; "
        f"got int; {LANES}",
    ),
    (
        "svg",
        "curve",
        "wiggly",
        "svg option 'curve': unknown curve 'wiggly'; allowed: smooth, straight",
    ),
    (
        "svg",
        "curve",
        ["smooth"],
        "svg option 'curve': expected one of smooth, straight; got ['smooth']",
    ),
    (
        "svg",
        "column_width",
        10,
        "svg option 'column_width': expected a number from 80 to 1000 (px); got 10",
    ),
    (
        "svg",
        "column_width",
        float("nan"),
        "svg option 'column_width': expected a number from 80 to 1000 (px); got nan",
    ),
    (
        "svg",
        "column_width",
        "240",
        "svg option 'column_width': expected a number from 80 to 1000 (px); got '240'",
    ),
    ("svg", "legend", "no", "svg option 'legend': expected a boolean; got 'no'"),
    (
        "svg",
        "phases",
        {"buy": 1},
        "svg option 'phases': expected a list of names or ids (or one comma-separated string); "
        "got {'buy': 1}",
    ),
    ("svg", "phases", " , ", "svg option 'phases': expected at least one name or id; got none"),
    ("svg", "header", "none", "svg option 'header': unknown header 'none'; allowed: full, title"),
    ("svg", "legend", 0, "svg option 'legend': expected a boolean; got 0"),
    ("svg", "id_prefix", "1abc", f"svg option 'id_prefix': {ID_PREFIX}; got '1abc'"),
    ("svg", "validate", 1, "svg option 'validate': expected a boolean; got 1"),
    (
        "blueprint",
        "theme",
        "neon",
        "blueprint option 'theme': unknown theme 'neon'; allowed: default, dark, print, auto",
    ),
    ("blueprint", "locale", "fr", f"blueprint option 'locale': {LOCALE_FR}"),
    ("blueprint", "actors", "maybe", "blueprint option 'actors': expected a boolean; got 'maybe'"),
    (
        "blueprint",
        "column_width",
        5,
        "blueprint option 'column_width': expected a number from 80 to 1000 (px); got 5",
    ),
    ("blueprint", "legend", "no", "blueprint option 'legend': expected a boolean; got 'no'"),
    (
        "blueprint",
        "header",
        "none",
        "blueprint option 'header': unknown header 'none'; allowed: full, title",
    ),
    ("blueprint", "id_prefix", "1abc", f"blueprint option 'id_prefix': {ID_PREFIX}; got '1abc'"),
    ("blueprint", "validate", 1, "blueprint option 'validate': expected a boolean; got 1"),
    ("markdown", "locale", "fr", f"markdown option 'locale': {LOCALE_FR}"),
    (
        "markdown",
        "lanes",
        "touchpoints,emotoin",
        f"markdown option 'lanes': unknown lane 'emotoin'; did you mean 'emotion'? {LANES}",
    ),
    (
        "markdown",
        "table",
        "narrow",
        "markdown option 'table': unknown table 'narrow'; allowed: wide, phases",
    ),
    (
        "markdown",
        "template_dir",
        NOT_A_FOLDER,
        f"markdown option 'template_dir': {str(NOT_A_FOLDER)!r} is not a folder; expected the "
        "path (str or pathlib.Path) of a folder",
    ),
    (
        "markdown",
        "template_dir",
        5,
        "markdown option 'template_dir': expected the path (str or pathlib.Path) of a folder; "
        "got 5",
    ),
    (
        "markdown",
        "template",
        " ",
        "markdown option 'template': expected the name of a template file such as "
        "'journey.md.j2'; got ' '",
    ),
    (
        "dot",
        "direction",
        "RL",
        "dot option 'direction': unknown direction 'RL'; did you mean 'LR'? allowed: auto, LR, TB",
    ),
    (
        "dot",
        "direction",
        "tb",
        "dot option 'direction': unknown direction 'tb'; did you mean 'TB'? allowed: auto, LR, TB",
    ),
    (
        "dot",
        "details",
        "chanel",
        "dot option 'details': unknown detail 'chanel'; did you mean 'channel'? "
        "allowed: channel, emotion",
    ),
    (
        "dot",
        "details",
        5,
        "dot option 'details': expected a list of channel, emotion (or one comma-separated "
        "string); got 5",
    ),
    (
        "dot",
        "theme",
        "neon",
        "dot option 'theme': unknown theme 'neon'; allowed: default, dark, print, auto",
    ),
    ("dot", "locale", "fr", f"dot option 'locale': {LOCALE_FR}"),
    ("dot", "legend", "false", "dot option 'legend': expected a boolean; got 'false'"),
    ("dot", "id_prefix", "a b", f"dot option 'id_prefix': {ID_PREFIX}; got 'a b'"),
    (
        "dot",
        "timeout",
        0,
        "dot option 'timeout': expected a number more than 0 to 86400 (s); got 0",
    ),
    (
        "dot",
        "timeout",
        True,
        "dot option 'timeout': expected a number more than 0 to 86400 (s); got True",
    ),
]


@pytest.mark.parametrize(
    ("renderer", "name", "value", "message"),
    BAD_VALUES,
    ids=[f"{r}-{n}-{v!r}" for r, n, v, _ in BAD_VALUES],
)
def test_a_bad_value_is_located_at_its_option_with_what_is_allowed(
    renderer: str, name: str, value: object, message: str
) -> None:
    with pytest.raises(JourneyMapError) as through_registry:
        render(_map(), renderer, **{name: value})
    assert str(through_registry.value) == message
    (problem,) = through_registry.value.problems
    assert (problem.where, problem.path) == (f"{renderer} option {name!r}", (name,))
    with pytest.raises(JourneyMapError) as direct:  # the renderer itself checks as well
        renderers.get(renderer).render(_map(), **{name: value})
    assert str(direct.value) == message


def test_the_table_of_bad_values_covers_every_option_of_every_renderer() -> None:
    covered = {(renderer, name) for renderer, name, _, _ in BAD_VALUES}
    declared = {
        (name, option.name)
        for name in renderers.builtin_names()
        for option in renderers.option_fields(name)
    }
    assert declared == covered


@pytest.mark.parametrize(
    ("renderer", "name", "message"),
    [
        (
            "svg",
            "colour",
            "the svg renderer has no option 'colour'; did you mean 'curve'? allowed: theme, "
            "locale, lanes, curve, column_width, legend, phases, header, id_prefix, validate",
        ),
        (
            "markdown",
            "templates",
            "the markdown renderer has no option 'templates'; did you mean 'template'? "
            "allowed: locale, lanes, table, template_dir, template",
        ),
        (
            "dot",
            "Direction",
            "the dot renderer has no option 'Direction'; did you mean 'direction'? allowed: "
            "direction, details, theme, locale, legend, id_prefix, timeout",
        ),
        ("json", "indent", "the json renderer has no option 'indent'; allowed: none"),
        ("yaml", "indent", "the yaml renderer has no option 'indent'; allowed: none"),
        ("mermaid", "theme", "the mermaid renderer has no option 'theme'; allowed: none"),
    ],
)
def test_an_unknown_option_suggests_the_nearest_and_lists_them(
    renderer: str, name: str, message: str
) -> None:
    with pytest.raises(JourneyMapError) as info:
        render(_map(), renderer, **{name: 1})
    assert str(info.value) == message


def test_every_problem_of_a_call_is_reported_together() -> None:
    with pytest.raises(JourneyMapError) as info:
        render(_map(), "svg", colour="red", curve="wiggly", legend="no")
    assert [str(p) for p in info.value.problems] == [
        "the svg renderer has no option 'colour'; did you mean 'curve'? allowed: theme, "
        "locale, lanes, curve, column_width, legend, phases, header, id_prefix, validate",
        "svg option 'curve': unknown curve 'wiggly'; allowed: smooth, straight",
        "svg option 'legend': expected a boolean; got 'no'",
    ]


def test_checked_values_are_typed_and_check_to_themselves() -> None:
    checked = renderers.checked_options("svg", {"theme": "dark", "lanes": "compact"})
    assert checked["theme"] is THEMES["dark"]
    assert checked["lanes"] == (
        "touchpoints",
        "channels",
        "emotion",
        "pain_points",
        "opportunities",
    )
    assert checked["column_width"] == 180.0
    assert checked["legend"] is True
    assert renderers.checked_options("svg", checked) == checked
    assert render(_map(), "svg", theme="dark") == render(_map(), "svg", theme=THEMES["dark"])
    assert render(_map(), "svg", theme="dark") != render(_map(), "svg")


def test_a_direct_call_is_checked_too() -> None:
    from journeymap.renderers.svg.renderer import RENDERER

    assert 'id="' in RENDERER.render(_map(), legend=False)
    with pytest.raises(JourneyMapError, match=r"^svg option 'legend': expected a boolean"):
        RENDERER.render(_map(), legend="no")


# -- the registry checks before rendering ------------------------------------------------------


class _RecordedOptions(RendererOptions):
    legend: Flag = Field(True, description="Draw a legend.")
    width: Number(10, 20, unit="px") = Field(10.0, description="A width.")  # type: ignore[valid-type]
    theme: ThemeOption = Field("default", description="A theme.")  # type: ignore[assignment]
    count: int = Field(1, description="A plain pydantic field.")


@dataclass
class _Recorder:
    """A renderer that records every call it gets."""

    name: str = "recorder"
    suffix: str = ".rec"
    media_type: str = "text/plain"
    options: ClassVar[type[RendererOptions]] = _RecordedOptions
    calls: list[dict[str, Any]] = field(default_factory=list)

    def render(self, model: JourneyMap, /, **options: Any) -> str:
        self.calls.append(options)
        return f"{model.title}\n"


@dataclass
class _Unchecked:
    """A renderer without an options model: it gets its options as they are."""

    name: str = "unchecked"
    suffix: str = ".unc"
    media_type: str = "text/plain"
    calls: list[dict[str, Any]] = field(default_factory=list)

    def render(self, model: JourneyMap, /, **options: Any) -> str:
        self.calls.append(options)
        return "x\n"


@pytest.fixture
def recorder() -> Iterator[_Recorder]:
    renderer = _Recorder()
    renderers.register(renderer)
    try:
        yield renderer
    finally:
        renderers.unregister(renderer.name)


@pytest.fixture(scope="module")
def huge() -> JourneyMap:
    journey = Journey("Huge")
    for p in range(20):
        journey = journey.phase(f"Phase {p}")
        for t in range(100):
            journey = journey.touchpoint(f"Step {p}.{t}", emotion=t % 5 - 2)
    return journey.build()


def test_a_registered_renderer_gets_its_options_checked_before_it_renders(
    recorder: _Recorder, huge: JourneyMap
) -> None:
    with pytest.raises(JourneyMapError) as info:
        render(huge, "recorder", legend="no", width=30, count="x", colour=1)
    assert [str(p) for p in info.value.problems] == [
        "the recorder renderer has no option 'colour'; did you mean 'count'? "
        "allowed: legend, width, theme, count",
        "recorder option 'legend': expected a boolean; got 'no'",
        "recorder option 'width': expected a number from 10 to 20 (px); got 30",
        "recorder option 'count': input should be a valid integer, unable to parse string "
        "as an integer; got 'x'",
    ]
    assert recorder.calls == []  # never called: the huge map was not rendered
    assert render(huge, "recorder", theme="print", width=12) == "Huge\n"
    (options,) = recorder.calls
    assert options == {"legend": True, "width": 12.0, "theme": THEMES["print"], "count": 1}
    assert isinstance(options["theme"], Theme)


def test_a_bad_option_never_reaches_the_svg_layout(
    monkeypatch: pytest.MonkeyPatch, huge: JourneyMap
) -> None:
    import journeymap.renderers.svg.layout as layout_module

    calls: list[dict[str, Any]] = []

    def recording_layout(model: JourneyMap, **options: Any) -> Any:
        calls.append(options)
        raise AssertionError("the layout ran")

    monkeypatch.setattr(layout_module, "layout", recording_layout)
    for call in (lambda: render(huge, "svg", legend="no"), lambda: save(huge, "x.svg", curve=1)):
        with pytest.raises(JourneyMapError, match=r"^svg option "):
            call()
    assert calls == []


def test_a_renderer_without_a_model_gets_its_options_unchecked() -> None:
    renderer = _Unchecked()
    renderers.register(renderer)
    try:
        assert renderers.options_of("unchecked") is None
        assert renderers.option_fields("unchecked") == ()
        render(_map(), "unchecked", legend="no", anything=[1])
    finally:
        renderers.unregister("unchecked")
    assert renderer.calls == [{"legend": "no", "anything": [1]}]


def test_an_options_attribute_must_be_a_model() -> None:
    @dataclass
    class Broken(_Unchecked):
        name: str = "broken"
        options: ClassVar[object] = {"legend": bool}

    renderers.register(Broken())
    try:
        with pytest.raises(JourneyMapError, match="options attribute is not a pydantic model"):
            render(_map(), "broken")
    finally:
        renderers.unregister("broken")


def test_a_model_without_title_is_named_by_the_registry() -> None:
    class Untitled(RendererOptions):
        legend: Flag = True

    with pytest.raises(JourneyMapError, match=r"^mine option 'legend': expected a boolean"):
        validate_options("mine", Untitled, {"legend": 1})

    class Titled(RendererOptions):
        model_config = ConfigDict(title="outline")
        legend: Flag = True

    with pytest.raises(ValueError, match=r"outline option 'legend': expected a boolean; got 1"):
        Titled(legend=1)  # pydantic's own error, carrying the located message


def test_the_builtin_table_agrees_with_the_renderers_and_loads_none_of_them() -> None:
    for name in renderers.builtin_names():
        renderer = renderers.get(name)
        assert renderers.options_of(name) is renderer.options  # type: ignore[attr-defined]
        assert dict(renderers.image_formats(name)) == dict(getattr(renderer, "image_formats", {}))
    code = (
        "import json, sys\n"
        "from journeymap.cli import _parser\n"
        "from journeymap.renderers import option_fields, image_formats\n"
        "_parser(); option_fields('dot'); option_fields('markdown'); image_formats('dot')\n"
        "print(json.dumps(sorted(m for m in ('graphviz', 'jinja2', 'svgwrite') "
        "if m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize(
    ("renderer", "name", "text", "value"),
    [
        ("svg", "legend", "no", False),
        ("svg", "legend", "YES", True),
        ("svg", "legend", "maybe", "maybe"),
        ("svg", "column_width", "240", 240),
        ("svg", "column_width", "2.5e2", 250.0),
        ("svg", "column_width", "24O", "24O"),
        ("svg", "lanes", "touchpoints, emotion", ("touchpoints", "emotion")),
        ("svg", "lanes", "compact", ("compact",)),
        ("dot", "details", "", ()),
        ("dot", "direction", "TB", "TB"),
        ("svg", "theme", "brand.yaml", "brand.yaml"),
    ],
)
def test_text_is_read_by_the_option_type(
    renderer: str, name: str, text: str, value: object
) -> None:
    (option,) = [f for f in renderers.option_fields(renderer) if f.name == name]
    assert option.from_text(text) == value


# -- the command line ------------------------------------------------------------------------


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _svg(capsys: pytest.CaptureFixture[str], *flags: str) -> str:
    code, out, err = _run(["render", str(CHECKOUT), "-f", "svg", "-o", "-", *flags], capsys)
    assert code == 0, err
    return out


def test_lanes_compact_leaves_the_actions_lane_out(capsys: pytest.CaptureFixture[str]) -> None:
    full, compact = _svg(capsys), _svg(capsys, "--lanes", "compact")
    assert '-lane-actions"' in full
    assert '-lane-actions"' not in compact
    assert compact == render(load(CHECKOUT), "svg", lanes="compact")
    assert _svg(capsys, "-O", "lanes=compact") == compact


def test_no_legend_leaves_the_legend_out(capsys: pytest.CaptureFixture[str]) -> None:
    def legend(svg: str) -> bool:
        root = re.search(r'<svg [^>]*\bid="([^"]+)"', svg)
        assert root is not None
        return f'id="{root[1]}-legend"' in svg

    assert legend(_svg(capsys))
    without = _svg(capsys, "--no-legend")
    assert not legend(without)
    assert _svg(capsys, "-O", "legend=false") == without
    assert _svg(capsys, "-O", "svg.legend=no") == without
    assert legend(_svg(capsys, "--legend"))


@pytest.mark.parametrize(
    ("fmt", "flags", "options"),
    [
        ("svg", ["--lanes", "touchpoints,emotion"], {"lanes": ["touchpoints", "emotion"]}),
        ("svg", ["--column-width", "240"], {"column_width": 240}),
        (
            "svg",
            ["-O", "column_width=240", "--curve", "straight"],
            {"column_width": 240, "curve": "straight"},
        ),
        ("svg", ["--locale", "es", "--theme", "dark"], {"locale": "es", "theme": "dark"}),
        ("svg", ["--id-prefix", "map1"], {"id_prefix": "map1"}),
        ("dot", ["--direction", "TB"], {"direction": "TB"}),
        ("dot", ["--details", "channel", "--no-legend"], {"details": ["channel"], "legend": False}),
        ("dot", ["-O", "dot.timeout=5", "-O", "details="], {"timeout": 5, "details": []}),
        ("markdown", ["--lanes", "compact"], {"lanes": "compact"}),
        ("markdown", ["--template", "journey.md.j2", "--locale", "es"], {"locale": "es"}),
    ],
)
def test_flags_and_o_reach_the_renderer(
    fmt: str,
    flags: list[str],
    options: dict[str, Any],
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(["render", str(CHECKOUT), "-f", fmt, "-o", "-", *flags], capsys)
    assert code == 0, err
    model = load(CHECKOUT)
    assert out == render(model, fmt, **options)
    assert out != render(model, fmt)


def test_direction_tb_turns_the_flow(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        ["render", str(CHECKOUT), "-f", "dot", "-o", "-", "--direction", "TB"], capsys
    )
    assert code == 0
    assert "rankdir=TB" in out


def test_a_shared_flag_reaches_every_chosen_format_that_has_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [
        "render",
        str(CHECKOUT),
        "-f",
        "svg",
        "-f",
        "markdown",
        "-f",
        "json",
        "-o",
        str(tmp_path),
    ]
    code, _, err = _run([*argv, "--locale", "es", "--lanes", "compact", "-q"], capsys)
    assert code == 0, err
    model = load(CHECKOUT)
    svg = (tmp_path / "online_checkout.svg").read_text(encoding="utf-8")
    markdown = (tmp_path / "online_checkout.md").read_text(encoding="utf-8")
    assert svg == render(model, "svg", locale="es", lanes="compact")
    assert markdown == render(model, "markdown", locale="es", lanes="compact")
    assert (tmp_path / "online_checkout.json").read_text(encoding="utf-8") == render(model, "json")


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (
            ["-f", "markdown", "--theme", "dark"],
            "--theme applies to the blueprint, dot and svg formats only, and the chosen "
            "format is markdown: add e.g. -f svg",
        ),
        (
            ["-f", "markdown", "--no-legend"],
            "--no-legend applies to the blueprint, dot and svg formats only, and the chosen "
            "format is markdown: add e.g. -f svg",
        ),
        (
            ["-f", "dot", "--lanes", "compact"],
            "--lanes applies to the markdown and svg formats only, and the chosen format is "
            "dot: add e.g. -f svg",
        ),
        (
            ["-f", "svg", "--direction", "TB"],
            "--direction applies to the dot format only, and the chosen format is svg: add "
            "e.g. -f dot",
        ),
        (
            ["--theme", "dark"],
            "--theme applies to the blueprint, dot and svg formats only, and the chosen "
            "format is markdown (the default): add e.g. -f svg",
        ),
        (
            ["-f", "json", "-f", "yaml", "--theme", "dark"],
            "--theme applies to the blueprint, dot and svg formats only, and the chosen "
            "formats are json and yaml: add e.g. -f svg",
        ),
        (
            ["-f", "svg", "-O", "colum_width=240"],
            "-O colum_width=240: the svg renderer has no option 'colum_width'; did you mean "
            "'column_width'? allowed: theme, locale, lanes, curve, column_width, legend, "
            "phases, header, id_prefix, validate",
        ),
        (
            ["-f", "svg", "-f", "dot", "-O", "directon=TB"],
            "-O directon=TB: no chosen format (svg, dot) has an option 'directon'; did you "
            "mean 'direction'? allowed: column_width, curve, details, direction, header, "
            "id_prefix, lanes, legend, locale, phases, theme, timeout, validate",
        ),
        (
            ["-f", "svg", "-O", "svg.colour=red"],
            "-O svg.colour=red: the svg renderer has no option 'colour'; did you mean 'curve'? "
            "allowed: theme, locale, lanes, curve, column_width, legend, phases, header, "
            "id_prefix, validate",
        ),
        (["-f", "svg", "-O", "legend"], "-O legend: expected NAME=VALUE or FORMAT.NAME=VALUE"),
        (
            ["-f", "svg", "-O", "dot.legend=no"],
            "-O dot.legend=no: the dot format is not chosen; add -f dot (chosen: svg)",
        ),
        (
            ["-f", "svg", "--no-legend", "-O", "legend=yes"],
            "svg option 'legend' is given twice (--no-legend and -O legend=yes); give it once",
        ),
        (
            ["-f", "svg", "-O", "legend=maybe"],
            "svg option 'legend': expected a boolean; got 'maybe'",
        ),
        (
            ["-f", "svg", "--column-width", "wide"],
            "svg option 'column_width': expected a number from 80 to 1000 (px); got 'wide'",
        ),
        (
            ["-f", "svg", "--lanes", "emotions"],
            f"svg option 'lanes': unknown lane 'emotions'; did you mean 'emotion'? {LANES}",
        ),
    ],
)
def test_option_mistakes_on_the_command_line(
    flags: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(["render", str(CHECKOUT), "-o", str(tmp_path), *flags], capsys)
    assert (code, out) == (1, "")
    assert err == f"journeymap: error: {message}\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("flag", "hint"),
    [("--colum-width", "--column-width"), ("--no-legnd", "--no-legend"), ("--lane", None)],
)
def test_a_flag_typo_suggests_the_flag(
    flag: str, hint: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(["render", str(CHECKOUT), "-f", "svg", "-o", "-", flag, "240"], capsys)
    if hint is None:  # an unambiguous prefix is the flag itself, as argparse allows
        assert code == 1
        assert "svg option 'lanes': unknown lane '240'" in err
    else:
        assert code == 2
        assert f"did you mean {hint!r}?" in err


def test_help_lists_every_option_with_its_description(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    for name in renderers.builtin_names():
        for option in renderers.option_fields(name):
            assert option.flag in text
            assert " ".join(option.description.rstrip(".").split()) in text
    assert "--no-legend" in text
    assert "--no-validate" in text
    assert "-O [FORMAT.]NAME=VALUE" in text


def test_o_reaches_a_plugin_read_by_its_model(
    recorder: _Recorder, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["render", str(CHECKOUT), "-f", "recorder", "-o", "-"]
    code, out, err = _run([*argv, "-O", "legend=no", "-O", "recorder.width=12.5"], capsys)
    assert (code, out, err) == (0, "Online checkout\n", "")
    assert recorder.calls[-1]["legend"] is False
    assert recorder.calls[-1]["width"] == 12.5
    code, _, err = _run([*argv, "-O", "count=many"], capsys)
    assert code == 1
    assert "recorder option 'count': input should be a valid integer" in err


# -- images: one declared capability ---------------------------------------------------------


@dataclass
class _Camera:
    """A renderer that exports a fake image and records how it was asked."""

    name: str = "camera"
    suffix: str = ".cam"
    media_type: str = "text/plain"
    options: ClassVar[type[RendererOptions]] = _RecordedOptions
    image_formats: ClassVar[Mapping[str, str]] = {
        "png": ".shot.png",
        "gif": ".gif",
        "pdf": ".pdf",
    }
    images: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def render(self, model: JourneyMap, /, **options: Any) -> str:
        return "text\n"

    def render_image(self, model: JourneyMap, image_format: str, /, **options: Any) -> bytes:
        self.images.append((image_format, options))
        return f"{image_format} of {model.title}".encode()


@pytest.fixture
def camera() -> Iterator[_Camera]:
    renderer = _Camera()
    renderers.register(renderer)
    try:
        yield renderer
    finally:
        renderers.unregister(renderer.name)


def test_save_exports_an_image_through_the_declared_method(camera: _Camera, tmp_path: Path) -> None:
    assert isinstance(camera, renderers.ImageRenderer)
    save(_map(), tmp_path / "a.gif")  # only the camera exports .gif: unambiguous
    assert (tmp_path / "a.gif").read_bytes() == b"gif of Tiny"
    save(_map(), tmp_path / "b.png", format="camera", width=15)
    assert (tmp_path / "b.png").read_bytes() == b"png of Tiny"
    assert camera.images[-1][1]["width"] == 15.0  # checked, typed
    save(_map(), tmp_path / "c.shot.png")  # the longest suffix a renderer declares wins
    assert (tmp_path / "c.shot.png").read_bytes() == b"png of Tiny"
    with pytest.raises(JourneyMapError) as info:
        save(_map(), tmp_path / "c.pdf")
    assert str(info.value) == (
        "several renderers export '.pdf' images (camera, svg); pass format= to choose one for c.pdf"
    )
    with pytest.raises(JourneyMapError) as info:
        save(_map(), tmp_path / "d.png", format="camera", width=99)
    assert str(info.value) == "camera option 'width': expected a number from 10 to 20 (px); got 99"
    assert len(camera.images) == 3  # the bad option never reached the renderer
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.gif", "b.png", "c.shot.png"]


def test_render_image_refuses_a_format_the_renderer_does_not_export(camera: _Camera) -> None:
    with pytest.raises(JourneyMapError) as info:
        renderers.render_image(_map(), "markdown", "png")
    assert str(info.value) == "the markdown renderer does not export 'png' images; allowed: none"
    with pytest.raises(
        JourneyMapError, match="does not export 'tiff' images; allowed: png, gif, pdf"
    ):
        renderers.render_image(_map(), "camera", "tiff")


def test_the_command_line_image_goes_through_the_same_method(
    camera: _Camera, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["render", str(CHECKOUT), "-f", "camera", "-f", "json", "--image", "png"]
    code, out, err = _run([*argv, "-O", "legend=no", "-o", str(tmp_path)], capsys)
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "online_checkout.json",
        "online_checkout.shot.png",
    ]
    assert (tmp_path / "online_checkout.shot.png").read_bytes() == b"png of Online checkout"
    assert camera.images == [("png", {**camera.images[0][1], "legend": False})]
    assert out.splitlines() == [
        str(tmp_path / "online_checkout.shot.png"),
        str(tmp_path / "online_checkout.json"),
    ]


@pytest.mark.needs_dot
def test_the_flow_exports_png_and_pdf_by_suffix_and_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert save(_map(), tmp_path / "flow.png", format="dot").read_bytes().startswith(b"\x89PNG")
    assert save(_map(), tmp_path / "flow.pdf").read_bytes().startswith(b"%PDF")
    svg = renderers.render_image(_map(), "dot", "svg", direction="TB")
    assert svg.startswith(b"<?xml")
    assert b"Tiny" in svg
    assert main(["convert", str(CHECKOUT), "-o", str(tmp_path / "c.png")]) == 0
    assert (tmp_path / "c.png").read_bytes().startswith(b"\x89PNG")
    code, _, err = _run(
        ["render", str(CHECKOUT), "-f", "dot", "--image", "pdf", "-o", str(tmp_path), "-q"],
        capsys,
    )
    assert code == 0, err
    assert (tmp_path / "online_checkout.flow.pdf").read_bytes().startswith(b"%PDF")


# -- the docs' tables come from the models ----------------------------------------------------


def _docs_script() -> dict[str, Any]:
    return runpy.run_path(str(ROOT / "scripts" / "gen_renderer_docs.py"), run_name="docs")


def test_the_docs_option_tables_match_the_models() -> None:
    script = _docs_script()
    page = (ROOT / "docs" / "renderers.md").read_text(encoding="utf-8")
    assert script["render_page"](page) == page, "run: python scripts/gen_renderer_docs.py"
    for name in renderers.builtin_names():
        begin, end = f"<!-- options:{name}:begin -->", f"<!-- options:{name}:end -->"
        block = page[page.index(begin) : page.index(end)]
        fields = renderers.option_fields(name)
        for option in fields:
            assert f"| `{option.name}` |" in block
        if not fields:
            assert f"The `{name}` renderer takes no options." in block


def test_the_docs_check_catches_a_table_that_drifted(tmp_path: Path) -> None:
    script = _docs_script()
    page = (ROOT / "docs" / "renderers.md").read_text(encoding="utf-8")
    drifted = page.replace("| `legend` | boolean | `True` | Draw the legend below the map. |", "")
    assert drifted != page
    assert script["render_page"](drifted) == page
    with pytest.raises(script["MissingMarkerError"]):
        script["render_page"](page.replace("<!-- options:dot:end -->", ""))


# -- options made directly -------------------------------------------------------------------


def _options_classes() -> list[Any]:
    from journeymap.images.options import ImageOptions
    from journeymap.renderers.blueprint.options import BlueprintOptions
    from journeymap.renderers.options import DotOptions, MarkdownOptions, NoOptions, SvgOptions

    return [SvgOptions, MarkdownOptions, DotOptions, NoOptions, BlueprintOptions, ImageOptions]


@pytest.mark.parametrize(
    ("options", "given", "message"),
    [
        ("SvgOptions", {"legend": "no"}, "svg option 'legend': expected a boolean; got 'no'"),
        ("SvgOptions", {"colour": 1}, "the svg renderer has no option 'colour'; did you mean"),
        ("BlueprintOptions", {"actors": "maybe"}, "blueprint option 'actors': expected a boolean"),
        ("DotOptions", {"timeout": -1}, "dot option 'timeout': expected a number more than 0"),
        ("MarkdownOptions", {"template": 3}, "markdown option 'template'"),
        ("NoOptions", {"x": 1}, "has no option 'x'"),
        ("ImageOptions", {"scale": "x"}, "image option 'scale': expected a number from 0.1"),
        ("ImageOptions", {"sclae": 2}, "image option 'sclae': unknown; did you mean 'scale'?"),
        ("ImageOptions", {"dpi": 10**400}, "image option 'dpi': expected a number from 10"),
        ("ImageOptions", {"orientation": "portrait"}, "turns the paper: give paper too"),
    ],
)
def test_options_made_directly_raise_located_errors(
    options: str, given: dict[str, Any], message: str
) -> None:
    made = {cls.__name__: cls for cls in _options_classes()}[options]
    with pytest.raises(JourneyMapError, match=re.escape(message)):
        made(**given)


def test_options_made_directly_keep_their_values() -> None:
    from journeymap.images.options import ImageOptions
    from journeymap.renderers.options import SvgOptions

    assert SvgOptions(legend=False, column_width=200).column_width == 200
    assert ImageOptions(dpi=192).factor(500.0) == 2.0


@pytest.mark.parametrize("view", ["svg", "blueprint", "dot"])
@pytest.mark.parametrize("name", ["scale", "dpi"])
def test_huge_integer_image_sizes_are_refused_in_words(view: str, name: str) -> None:
    from journeymap import render_image

    m = Journey("T").phase("P").touchpoint("X", emotion=1).build()
    with pytest.raises(JourneyMapError, match=f"{view} image option '{name}': expected a number"):
        render_image(m, view, "png", **{name: 10**400})


def test_an_image_option_named_by_no_text_is_unknown() -> None:
    from journeymap.images.options import check_image_options

    with pytest.raises(JourneyMapError, match=r"svg image option '1': unknown; allowed: scale"):
        check_image_options("svg", {1: 2})
