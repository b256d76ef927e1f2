"""The direct SVG writer gives, byte for byte, what svgwrite and ElementTree give."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap import Journey, JourneyMap, JourneyMapError, load, render
from journeymap.renderers.svg import draw as draw_module
from journeymap.renderers.svg.draw import draw, draw_with_svgwrite, to_drawing
from journeymap.renderers.svg.scene import (
    Circle,
    Element,
    Group,
    Line,
    Polygon,
    Rect,
    Scene,
    Text,
)
from journeymap.renderers.svg.scene import (
    Path as PathElement,
)
from journeymap.renderers.svg.write import write

from .conftest import GOLDEN, ROOT
from .strategies import hostile_text, journey_maps

EXAMPLES = ROOT / "examples"
MAPS = [
    *sorted(EXAMPLES.glob("*.py")),
    *sorted(EXAMPLES.glob("*.yaml")),
    *sorted(EXAMPLES.glob("*/*.yaml")),
    *sorted((GOLDEN / "inputs").glob("*.yaml")),
]
MAPS = [path for path in MAPS if path.parent.name != "themes"]
THEMES = ["default", "dark", "print", "auto", str(EXAMPLES / "themes" / "brand.yaml")]


def _map(path: Path) -> Journey | JourneyMap:
    if path.suffix == ".py":
        journey = runpy.run_path(str(path), run_name="__test__")["journey"]
        assert isinstance(journey, Journey)
        return journey
    return load(path)


def _both(
    monkeypatch: pytest.MonkeyPatch, model: Journey | JourneyMap, **options: object
) -> tuple[str, str]:
    """The SVG of the default path, then the one built with svgwrite, same options."""
    fast = render(model, "svg", **options)
    with monkeypatch.context() as patch:
        patch.setattr(draw_module, "write", draw_with_svgwrite)
        slow = render(model, "svg", **options)
    return fast, slow


def test_the_maps_cover_every_example_and_edge_case() -> None:
    names = {f"{path.parent.name}/{path.name}" for path in MAPS}
    assert {
        "examples/online_checkout.py",
        "examples/oficina_tecnica.py",
        "examples/online_checkout.yaml",
        "competitor/ours.yaml",
        "competitor/theirs.yaml",
        "planned_vs_actual/actual.yaml",
        "planned_vs_actual/planned.yaml",
        "surveys/checkout_assumed.yaml",
    } <= names
    assert sum(path.parent.name == "inputs" for path in MAPS) == 5


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: Path(t).stem)
@pytest.mark.parametrize("path", MAPS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_map_in_every_theme_is_byte_identical(
    path: Path, theme: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow = _both(monkeypatch, _map(path), theme=theme)
    assert slow.startswith('<?xml version="1.0" encoding="utf-8"?>\n<svg ')
    assert fast == slow


def test_the_validated_path_is_the_svgwrite_one_and_agrees(monkeypatch: pytest.MonkeyPatch) -> None:
    model = load(EXAMPLES / "online_checkout.yaml")
    calls: list[bool] = []

    def recording(scene: Scene, *, debug: bool = False) -> str:
        calls.append(debug)
        return draw_with_svgwrite(scene, debug=debug)

    monkeypatch.setattr(draw_module, "draw_with_svgwrite", recording)
    validated = render(model, "svg", validate=True)
    assert calls == [True]
    assert render(model, "svg") == validated
    assert calls == [True]  # the default path never went through svgwrite


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    model=journey_maps(),
    theme=st.sampled_from(["default", "dark", "print", "auto"]),
    lanes=st.sampled_from(["full", "compact"]),
)
def test_generated_maps_are_byte_identical(model: JourneyMap, theme: str, lanes: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, slow = _both(monkeypatch, model, theme=theme, lanes=lanes)
    assert fast == slow


# Scenes built directly: every field the writer turns into text, including what layout
# never produces (empty strings, repeated ids, an empty prefix, control characters).
_TEXT = hostile_text(4) | st.sampled_from(["", "&<>\"'\r\n\t\x0b\x7f", "\u202bx\u202c"])
_COLOUR = st.sampled_from(["#000000", "#ffffff", "", "none", 'a"b&c'])
_NUMBER = st.floats(-1e6, 1e6, allow_nan=False) | st.integers(-5, 5)
_OPTIONAL_NUMBER = st.none() | _NUMBER
_POINT = st.tuples(_NUMBER, _NUMBER)
_DASH = st.none() | st.sampled_from(["", "4 2", '1"2'])


def _elements() -> st.SearchStrategy[Element]:
    leaves: st.SearchStrategy[Element] = st.one_of(
        st.builds(
            Rect,
            _NUMBER,
            _NUMBER,
            _NUMBER,
            _NUMBER,
            fill=st.none() | _COLOUR,
            stroke=st.none() | _COLOUR,
            stroke_width=_NUMBER,
            rx=_NUMBER,
            dash=_DASH,
            opacity=_OPTIONAL_NUMBER,
        ),
        st.builds(Line, _NUMBER, _NUMBER, _NUMBER, _NUMBER, _COLOUR, _NUMBER, _DASH),
        st.builds(
            PathElement,
            st.lists(
                st.tuples(st.sampled_from("MLCZ"), st.lists(_NUMBER, max_size=6).map(tuple)),
                max_size=4,
            ).map(tuple),
            stroke=st.none() | _COLOUR,
            width=_NUMBER,
            fill=st.none() | _COLOUR,
            dash=_DASH,
            opacity=_OPTIONAL_NUMBER,
        ),
        st.builds(Circle, _NUMBER, _NUMBER, _NUMBER, _COLOUR, st.none() | _COLOUR, _NUMBER),
        st.builds(
            Polygon,
            st.lists(_POINT, max_size=4).map(tuple),
            _COLOUR,
            st.none() | _COLOUR,
            _NUMBER,
        ),
        st.builds(
            Text,
            _NUMBER,
            _NUMBER,
            st.lists(_TEXT, max_size=3).map(tuple),
            _NUMBER,
            _COLOUR,
            bold=st.booleans(),
            italic=st.booleans(),
            line_height=_NUMBER,
            anchor=st.sampled_from(["start", "middle", "end"]),
            halo=st.none() | _COLOUR,
            halo_width=_NUMBER,
        ),
    )
    ids = st.none() | st.sampled_from(["", "a", "b", "title", "desc", 'x"&<y'])
    return st.recursive(
        leaves,
        lambda children: st.builds(
            Group,
            st.lists(children, max_size=4).map(tuple),
            id=ids,
            title=st.none() | _TEXT,
            desc=st.none() | _TEXT,
            role=st.none() | st.sampled_from(["", "list", "listitem", 'r"&']),
            label=st.none() | _TEXT,
        ),
        max_leaves=12,
    )


_SCENES = st.builds(
    Scene,
    _NUMBER,
    _NUMBER,
    _TEXT,
    st.lists(_elements(), max_size=5).map(tuple),
    desc=st.none() | _TEXT,
    background=st.none() | _COLOUR,
    font_family=st.sampled_from(["sans-serif", "", '"Liberation Sans", sans-serif']),
    id=st.sampled_from(["journeymap", "jm-0123abcd", "", 'q"&<']),
)


@settings(max_examples=300, deadline=None)
@given(scene=_SCENES)
def test_generated_scenes_are_byte_identical(scene: Scene) -> None:
    assert write(scene) == draw_with_svgwrite(scene)


def test_text_and_attributes_are_escaped_as_element_tree_escapes_them() -> None:
    hostile = 'a&<>"\r\n\tb'
    scene = Scene(
        4,
        2.5,
        hostile,
        (Group((Text(1, 2, (hostile, ""), 8, "#000000"),), id="g", label=hostile),),
    )
    assert write(scene) == (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<svg baseProfile="full" font-family="sans-serif" height="2.5" id="journeymap"'
        ' version="1.1" viewBox="0,0,4,2.5" width="4" xmlns="http://www.w3.org/2000/svg"'
        ' xmlns:ev="http://www.w3.org/2001/xml-events"'
        ' xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' aria-labelledby="journeymap-title" role="img">\n'
        '  <title id="journeymap-title">a&amp;&lt;&gt;"\r\n\tb</title>\n'
        "  <defs />\n"
        '  <g id="journeymap-g" aria-label="a&amp;&lt;&gt;&quot;&#13;&#10;&#09;b">\n'
        '    <text fill="#000000" font-size="8" x="1" y="2"><tspan x="1">'
        'a&amp;&lt;&gt;"\r\n\tb</tspan><tspan dy="10.4" x="1" /></text>\n'
        "  </g>\n"
        "</svg>\n"
    )
    assert draw_with_svgwrite(scene) == write(scene)


def test_a_halo_is_painted_under_the_glyphs_after_the_sorted_attributes() -> None:
    scene = Scene(
        10,
        10,
        "T",
        (Text(5, 5, ("\u202bab",), 10, "#111111", halo="#ffffff", halo_width=3, anchor="end"),),
    )
    line = write(scene).splitlines()[4]
    assert line == (
        '  <text fill="#111111" font-size="10" stroke="#ffffff" stroke-linejoin="round"'
        ' stroke-width="3" text-anchor="end" x="5" y="5" paint-order="stroke">'
        '<tspan style="unicode-bidi:isolate" x="5">\u202bab</tspan></text>'
    )


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_a_size_that_is_not_finite_is_refused(bad: float) -> None:
    scene = Scene(10, 10, "T", (Circle(1, 2, bad, "#000000"),))
    with pytest.raises(JourneyMapError, match="as a size; allowed: finite numbers"):
        write(scene)


def test_to_drawing_gives_an_editable_svgwrite_drawing() -> None:
    scene = Scene(10, 10, "Tiny", (Rect(0, 0, 10, 10, fill="#ffffff"),), desc="About")
    drawing = to_drawing(scene)
    drawing.add(drawing.circle(center=(5, 5), r=2, fill="#000000"))
    text = drawing.tostring()
    assert text.startswith('<svg baseProfile="full"')
    assert "<title>Tiny</title><desc>About</desc><defs />" in text
    assert text.endswith(
        '<rect fill="#ffffff" height="10" width="10" x="0" y="0" />'
        '<circle cx="5" cy="5" fill="#000000" r="2" /></svg>'
    )
    assert draw(scene, debug=True) == draw(scene)


def test_numbers_format_alike_whatever_was_formatted_before() -> None:
    from journeymap.renderers.svg.write import number

    assert [number(v) for v in (2, 2.0, -0.0, 0, 1.005, 1e20, 10**20)] == [
        "2",
        "2",
        "0",
        "0",
        "1",
        "100000000000000000000",
        "100000000000000000000",
    ]
    for bad in (float("nan"), float("inf")):
        for _ in range(2):  # a value refused once is refused again: never remembered
            with pytest.raises(JourneyMapError, match="allowed: finite numbers"):
                number(bad)
