"""Layout invariants of the SVG map, checked on the scene for generated maps.

Every box lies inside the canvas, cards in a lane never overlap, and every wrapped line
fits the card it sits in, as measured by the same measurer the layout uses.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap import JourneyMap, render
from journeymap.lanes import lane_keys
from journeymap.renderers.svg.layout import layout
from journeymap.renderers.svg.scene import Circle, Group, Line, Polygon, Rect, Scene, Text
from journeymap.text import default_measurer

from .strategies import journey_maps

SVG = "{http://www.w3.org/2000/svg}"
EPSILON = 0.01


def _boxes(scene: Scene) -> list[tuple[str, float, float, float, float]]:
    boxes = []
    for element in scene.walk():
        if isinstance(element, Rect):
            boxes.append(("rect", element.x, element.y, element.width, element.height))
        elif isinstance(element, Circle):
            r = element.r
            boxes.append(("circle", element.cx - r, element.cy - r, 2 * r, 2 * r))
        elif isinstance(element, Polygon):
            xs = [x for x, _ in element.points]
            ys = [y for _, y in element.points]
            boxes.append(("polygon", min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
        elif isinstance(element, Line):
            x, y = min(element.x1, element.x2), min(element.y1, element.y2)
            boxes.append(("line", x, y, abs(element.x2 - element.x1), abs(element.y2 - element.y1)))
    return boxes


def _cards(scene: Scene) -> list[tuple[str, Rect, list[Text]]]:
    """Groups whose first child is a rectangle: the card and the texts inside it."""
    cards = []
    for element in scene.walk():
        if (
            isinstance(element, Group)
            and element.children
            and isinstance(element.children[0], Rect)
        ):
            texts = [c for c in element.children if isinstance(c, Text)]
            cards.append((element.id or "", element.children[0], texts))
    return cards


def _lanes(scene: Scene) -> list[Group]:
    return [e for e in scene.walk() if isinstance(e, Group) and (e.id or "").startswith("lane-")]


def _assert_inside_the_canvas(scene: Scene) -> None:
    for kind, x, y, w, h in _boxes(scene):
        assert x >= -EPSILON, (kind, x)
        assert y >= -EPSILON, (kind, y)
        assert x + w <= scene.width + EPSILON, (kind, x, w, scene.width)
        assert y + h <= scene.height + EPSILON, (kind, y, h, scene.height)


def _assert_no_cards_overlap(scene: Scene) -> None:
    for lane in _lanes(scene):
        rects = [
            child.children[0]
            for child in lane.children
            if isinstance(child, Group) and child.children and isinstance(child.children[0], Rect)
        ]
        for i, a in enumerate(rects):
            for b in rects[i + 1 :]:
                apart = (
                    a.x + a.width <= b.x + EPSILON
                    or b.x + b.width <= a.x + EPSILON
                    or a.y + a.height <= b.y + EPSILON
                    or b.y + b.height <= a.y + EPSILON
                )
                assert apart, (lane.id, a, b)


maps = journey_maps(max_phases=4, max_touchpoints=4)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps, st.sampled_from(["default", "dark", "print"]))
def test_every_box_is_inside_the_canvas(model: JourneyMap, theme: str) -> None:
    scene = layout(model, theme=theme)
    _assert_inside_the_canvas(scene)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps)
def test_cards_in_a_lane_never_overlap(model: JourneyMap) -> None:
    scene = layout(model)
    _assert_no_cards_overlap(scene)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps)
def test_every_wrapped_line_fits_its_card(model: JourneyMap) -> None:
    scene = layout(model)
    measurer = default_measurer()
    for card_id, rect, texts in _cards(scene):
        for text in texts:
            line_box = text.size * text.line_height
            top = text.y - text.size  # the first baseline sits about one size below the top
            assert top >= rect.y - EPSILON, card_id
            assert top + len(text.lines) * line_box <= rect.y + rect.height + 1.0, card_id
            for line in text.lines:
                visible = line.rstrip()
                width = measurer.width(visible, text.size, bold=text.bold, italic=text.italic)
                shift = {"start": 0.0, "middle": width / 2, "end": width}[text.anchor]
                left = text.x - shift
                if len(visible) > 1:
                    assert left + width <= rect.x + rect.width + EPSILON, (card_id, line)
                    assert left >= rect.x - EPSILON, (card_id, line)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps)
def test_svg_parses_and_stays_in_its_viewbox(model: JourneyMap) -> None:
    text = render(model, "svg")
    root = ET.fromstring(text.encode("utf-8"))
    width, height = float(root.get("width", "0")), float(root.get("height", "0"))
    assert root.get("viewBox") == f"0,0,{root.get('width')},{root.get('height')}"
    for rect in root.iter(f"{SVG}rect"):
        assert float(rect.get("x", "0")) + float(rect.get("width", "0")) <= width + EPSILON
        assert float(rect.get("y", "0")) + float(rect.get("height", "0")) <= height + EPSILON
    assert render(model, "svg") == text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps)
def test_svg_holds_every_touchpoint_name_exactly(model: JourneyMap) -> None:
    root = ET.fromstring(render(model, "svg").encode("utf-8"))
    texts = {"".join(node.itertext()) for node in root.iter(f"{SVG}text")}
    expected = [model.title]
    for phase in model.phases:
        expected += [phase.name, *([phase.goal] if phase.goal else [])]
    if model.persona is not None:
        expected += [model.persona.name, *model.persona.goals]
    for tp in model.touchpoints:
        expected += [tp.name]
        expected += [v for v in (tp.description, tp.action, tp.feeling) if v]
        for lane in (
            "thoughts",
            "motivations",
            "doubts",
            "pain_points",
            "opportunities",
            "frontstage",
            "backstage",
            "support",
            "evidence",
        ):
            expected += list(getattr(tp, lane))
    for value in expected:
        assert value in texts, value


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps, st.lists(st.sampled_from(lane_keys("svg")), min_size=1, unique=True))
def test_any_choice_of_lanes_stays_in_the_canvas_without_overlaps(
    model: JourneyMap, lanes: list[str]
) -> None:
    scene = layout(model, lanes=lanes)
    shown = [lane.id for lane in _lanes(scene)]
    assert shown == [f"lane-{key}" for key in lanes if f"lane-{key}" in shown]
    _assert_inside_the_canvas(scene)
    _assert_no_cards_overlap(scene)


def _labels(scene: Scene) -> list[Text]:
    """The texts of the emotion lane's label layer, drawn over every curve."""
    (layer,) = [e for e in scene.walk() if isinstance(e, Group) and e.id == "labels"]
    return [t for t in layer.children if isinstance(t, Text)]


def test_every_curve_is_named_where_it_ends() -> None:
    from journeymap import load

    from .conftest import ROOT

    model = load(ROOT / "examples" / "online_checkout.yaml")
    scene = layout(model)
    groups = {e.id: e for e in scene.walk() if isinstance(e, Group) and e.id}
    labels = {"".join(t.lines): t for t in _labels(scene) if not t.lines[0].startswith("n =")}
    for curve in model.curves:
        group = groups[f"curve-{curve.id}"]
        name = labels[curve.name]
        circles = [c for c in group.children if isinstance(c, Circle)]
        last = max(circles, key=lambda c: c.cx)
        assert name.fill == last.fill  # in the curve's colour
        # By the last point: within a few pixels of it, and near its height; a name
        # beside it, reading rightwards, clears the widest marker (7 px).
        assert abs(name.x - last.cx) <= 12
        assert abs(name.y - last.cy) <= 3 * 11 * 1.3
        if name.anchor == "start":
            assert name.x - last.cx > 7
    assert "Emotion" in labels  # the touchpoints' own curve, among others
    assert set(labels) == {"Emotion", *(c.name for c in model.curves)}
    alone = layout(model.model_validate({**model.model_dump(mode="json"), "curves": []}))
    assert not [e for e in alone.walk() if isinstance(e, Group) and e.id == "labels"]


def test_curve_labels_go_over_every_curve_outlined_in_the_background() -> None:
    from journeymap import load
    from journeymap.analysis.surveys import apply_survey, read_answers
    from journeymap.themes import get_theme

    from .conftest import ROOT

    folder = ROOT / "examples" / "surveys"
    model = load(folder / "checkout_assumed.yaml")
    (survey,) = model.surveys
    model = apply_survey(model, read_answers(folder / survey, model))
    for theme in ("default", "dark", "print"):
        scene = layout(model, theme=theme)
        (lane,) = [e for e in scene.walk() if isinstance(e, Group) and e.id == "lane-emotion"]
        order = [g.id for g in lane.children if isinstance(g, Group) and g.id]
        assert order[-1] == "labels"
        assert all(i.startswith(("curve-", "tp-")) for i in order[:-1])
        texts = _labels(scene)
        assert {"n = ", "Δ +1", "Emot"} <= {"".join(t.lines)[:4] for t in texts}
        background = get_theme(theme).background
        assert {(t.halo, t.halo_width) for t in texts} == {(background, 3.0)}


def test_a_measured_points_n_stays_out_of_the_gap_to_the_assumed_point() -> None:
    from journeymap import JourneyMap

    m = JourneyMap.model_validate(
        {
            "title": "T",
            "phases": [
                {
                    "id": "p",
                    "name": "P",
                    "touchpoints": [
                        {"id": "up", "name": "Up", "emotion": -2},
                        {"id": "down", "name": "Down", "emotion": 2},
                        {"id": "mid", "name": "Mid", "emotion": 0},
                    ],
                }
            ],
            "curves": [
                {
                    "id": "s",
                    "name": "S",
                    "points": [
                        {"touchpoint": "up", "value": 0, "low": -0.5, "high": 0.5, "n": 31},
                        {"touchpoint": "down", "value": 0, "low": -0.5, "high": 0.5, "n": 32},
                        {"touchpoint": "mid", "value": 0, "n": 33},
                    ],
                }
            ],
        }
    )
    scene = layout(m)
    groups = {e.id: e for e in scene.walk() if isinstance(e, Group) and e.id}
    captions = {"".join(t.lines): t for t in _labels(scene)}

    def marker_y(tp: str) -> float:
        shape = groups[f"tp-{tp}-emotion"].children[0]
        assert isinstance(shape, Polygon | Circle)
        return shape.cy if isinstance(shape, Circle) else sum(p[1] for p in shape.points) / 3

    measured = {c.cx: c.cy for c in groups["curve-s"].children if isinstance(c, Circle)}
    (point_y,) = set(measured.values())
    # Assumed below the measured point: n goes over it; assumed above: under it.
    assert captions["n = 31"].y < point_y < marker_y("up")
    assert marker_y("down") < point_y < captions["n = 32"].y - 11
    assert captions["n = 33"].y > point_y  # the same value: under it


def test_assumed_points_are_hollow_and_the_legend_says_so() -> None:
    from journeymap import Journey
    from journeymap.themes import get_theme

    theme = get_theme("default")
    journey = (
        Journey("Evidence")
        .phase("Buy")
        .touchpoint("Cart", emotion=1, evidence_level="measured")
        .touchpoint("Pay", emotion=-2, evidence_level="assumed")
        .touchpoint("Wait", emotion=0, evidence_level="assumed")
        .touchpoint("Get", emotion=2)
    )
    scene = layout(journey.build())
    groups = {e.id: e for e in scene.walk() if isinstance(e, Group) and e.id}

    def marker(tp: str) -> Polygon | Circle:
        shape = groups[f"tp-{tp}-emotion"].children[0]
        assert isinstance(shape, (Polygon, Circle))
        return shape

    assert (marker("cart").fill, marker("get").fill) == (theme.positive, theme.positive)
    assert (marker("pay").fill, marker("pay").stroke) == (theme.background, theme.critical)
    assert (marker("wait").fill, marker("wait").stroke) == (theme.background, theme.neutral)
    legend = [" ".join(t.lines) for t in groups["legend"].children if isinstance(t, Text)]
    assert "measured" in legend
    assert "assumed" in legend
    measured_only = layout(
        Journey("M").phase("P").touchpoint("A", emotion=1, evidence_level="measured").build()
    )
    (box,) = [e for e in measured_only.walk() if isinstance(e, Group) and e.id == "legend"]
    assert "assumed" not in [" ".join(t.lines) for t in box.children if isinstance(t, Text)]


def test_a_critical_moment_is_highlighted_across_its_column() -> None:
    from journeymap import Journey
    from journeymap.themes import get_theme

    theme = get_theme("default")
    journey = (
        Journey("Critical", locale="es")
        .phase("Compra")
        .touchpoint("Carrito", emotion=1)
        .touchpoint("Pago", emotion=-2)
    )
    scene = layout(journey.build())
    groups = {e.id: e for e in scene.walk() if isinstance(e, Group) and e.id}
    card, calm = groups["tp-pago-touchpoints"], groups["tp-carrito-touchpoints"]
    border = card.children[0]
    assert isinstance(border, Rect)
    assert (border.stroke, border.stroke_width) == (theme.critical, 2.5)
    first = card.children[1]
    assert isinstance(first, Text)
    assert (first.lines, first.fill, first.bold) == (("CRÍTICO",), theme.critical, True)
    why = card.children[2]
    assert isinstance(why, Text)
    assert " ".join(why.lines) == "emoción muy baja · caída brusca"
    assert not any(isinstance(t, Text) and t.lines == ("CRÍTICO",) for t in calm.children)
    tints = [
        r for r in groups["tints"].children if isinstance(r, Rect) and r.fill == theme.critical
    ]
    assert len(tints) == 1
    assert abs(tints[0].x - border.x) < 10


def test_a_measured_point_shows_its_interval_and_n() -> None:
    from journeymap import JourneyMap

    m = JourneyMap.model_validate(
        {
            "title": "T",
            "phases": [
                {
                    "id": "p",
                    "name": "P",
                    "touchpoints": [
                        {"id": "a", "name": "A", "emotion": 1},
                        {"id": "b", "name": "B"},
                    ],
                }
            ],
            "curves": [
                {
                    "id": "survey",
                    "name": "Survey",
                    "points": [
                        {"touchpoint": "a", "value": 0.5, "low": -0.5, "high": 1.5, "n": 42},
                        {"touchpoint": "b", "value": -1},
                    ],
                }
            ],
        }
    )
    scene = layout(m)
    (group,) = [e for e in scene.walk() if isinstance(e, Group) and e.id == "curve-survey"]
    lines = [c for c in group.children if isinstance(c, Line)]
    assert len(lines) == 3  # the whisker and its two caps, for the one point with an interval
    whisker = [line for line in lines if line.x1 == line.x2]
    assert len(whisker) == 1
    (circle,) = [c for c in group.children if isinstance(c, Circle) and c.cx == whisker[0].x1]
    assert min(whisker[0].y1, whisker[0].y2) < circle.cy < max(whisker[0].y1, whisker[0].y2)
    texts = [" ".join(t.lines) for t in _labels(scene)]
    assert "n = 42" in texts
    assert sum(text.startswith("n = ") for text in texts) == 1


def test_a_large_gap_between_measured_and_assumed_is_highlighted() -> None:
    from journeymap import JourneyMap
    from journeymap.themes import get_theme

    m = JourneyMap.model_validate(
        {
            "title": "T",
            "phases": [
                {
                    "id": "p",
                    "name": "P",
                    "touchpoints": [
                        {"id": "a", "name": "A", "emotion": -2},
                        {"id": "b", "name": "B", "emotion": 1},
                    ],
                }
            ],
            "curves": [
                {"id": "s", "name": "S", "points": {"a": -0.5, "b": 0.5}},
                {"id": "c", "name": "C", "source": "competitor", "points": {"a": 2}},
            ],
        }
    )
    scene = layout(m)
    critical = get_theme("default").critical
    (lane,) = [e for e in scene.walk() if isinstance(e, Group) and e.id == "lane-emotion"]
    texts = [
        " ".join(t.lines)
        for g in lane.children
        if isinstance(g, Group)
        for t in g.children
        if isinstance(t, Text)
    ]
    assert "Δ +1.5" in texts  # measured -0.5 against assumed -2
    assert not [t for t in texts if t.startswith("Δ") and t != "Δ +1.5"]  # b: 0.5 apart
    dashed = [
        line
        for g in lane.children
        if isinstance(g, Group)
        for line in g.children
        if isinstance(line, Line) and line.stroke == critical
    ]
    assert len(dashed) == 1
