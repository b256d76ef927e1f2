"""The service blueprint: rows, lines, arrows, marks, options, goldens and invariants."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings

from journeymap import Journey, JourneyMap, JourneyMapError, render
from journeymap.renderers.blueprint import RENDERER
from journeymap.renderers.blueprint.layout import layout_blueprint
from journeymap.renderers.svg.grid import place_columns
from journeymap.renderers.svg.scene import Group, Line, Polygon, Rect, Scene, Text
from journeymap.renderers.svg.sizes import Typography
from journeymap.text import default_measurer
from journeymap.themes import get_theme

from .conftest import ROOT
from .strategies import journey_maps

SVG = "{http://www.w3.org/2000/svg}"
EXAMPLE = ROOT / "examples" / "blueprint_telefono.py"


def _example() -> JourneyMap:
    journey = runpy.run_path(str(EXAMPLE), run_name="__test__")["journey"]
    assert isinstance(journey, Journey)
    return journey.build()


def _phone_shop() -> JourneyMap:
    """A small English map with every kind of row, arrow and mark."""
    return (
        Journey("Phone order", persona="Ana")
        .actor("Agent", role="frontstage")
        .actor("Billing", role="system")
        .phase("Order")
        .touchpoint(
            "Calls",
            channel="phone",
            action="Asks for a phone",
            evidence=["Hold music"],
            frontstage=["Agent takes the order"],
            backstage=["Stock check"],
            support=["CRM"],
            duration="10 min",
            actors=["agent"],
        )
        .touchpoint(
            "Gets the bill",
            channel="email",
            moment="critical",
            backstage=["Invoice run"],
            support=["Billing system"],
            actors=["billing"],
        )
        .build()
    )


def _root(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def _groups(scene: Scene) -> dict[str, Group]:
    return {e.id: e for e in scene.walk() if isinstance(e, Group) and e.id}


def _rect(group: Group) -> Rect:
    first = group.children[0]
    assert isinstance(first, Rect)
    return first


# -- goldens ---------------------------------------------------------------------------


@pytest.mark.parametrize("theme", ["default", "dark", "print", "auto"])
def test_example_matches_golden(theme: str, golden: Callable[[str, str], None]) -> None:
    svg = RENDERER.render(_example(), theme=theme, validate=True)
    golden(f"blueprint/blueprint_telefono.{theme}.svg", svg)


def test_actor_rows_and_english_match_golden(golden: Callable[[str, str], None]) -> None:
    golden("blueprint/phone_order.actors.svg", RENDERER.render(_phone_shop(), actors=True))
    golden(
        "blueprint/blueprint_telefono.en.svg", RENDERER.render(_example(), locale="en", legend=True)
    )


# -- rows and lines --------------------------------------------------------------------


def test_rows_run_from_evidence_to_support_with_the_three_lines() -> None:
    scene = layout_blueprint(_phone_shop(), id_prefix="bp")
    rows = [g.id for g in scene.children if isinstance(g, Group) and g.id]
    rows = [i for i in rows if i.startswith(("lane-", "line-"))]
    assert rows == [
        "lane-evidence",
        "lane-actions",
        "line-interaction",
        "lane-frontstage",
        "line-visibility",
        "lane-backstage",
        "line-internal",
        "lane-support",
    ]


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        (
            "en",
            [
                "Physical evidence",
                "Customer actions",
                "Line of interaction",
                "Frontstage",
                "Line of visibility",
                "Backstage",
                "Line of internal interaction",
                "Support",
            ],
        ),
        (
            "es",
            [
                "Evidencias físicas",
                "Acciones del cliente",
                "Línea de interacción",
                "Interacción visible",
                "Línea de visibilidad",
                "Procesos internos",
                "Línea de interacción interna",
                "Soporte",
            ],
        ),
    ],
)
def test_rows_are_labelled_in_the_locale(locale: str, words: list[str]) -> None:
    scene = layout_blueprint(_phone_shop(), locale=locale, id_prefix="bp")
    labels = []
    for group in scene.children:
        if isinstance(group, Group) and (group.id or "").startswith(("lane-", "line-")):
            text = next(e for e in group.children if isinstance(e, Text))
            labels.append("".join(text.lines))
    assert labels == words


def test_lines_are_drawn_across_the_grid_each_with_its_own_dash() -> None:
    scene = layout_blueprint(_phone_shop(), id_prefix="bp")
    groups = _groups(scene)
    dashes = []
    for key in ("interaction", "visibility", "internal"):
        line = next(e for e in groups[f"line-{key}"].children if isinstance(e, Line))
        assert line.x1 == 24 + 150
        assert line.x2 == scene.width - 24
        dashes.append(line.dash)
    assert dashes == [None, "8 4", "2 3"]


def test_empty_evidence_row_is_left_out_and_the_others_stay() -> None:
    m = Journey("T").phase("P").touchpoint("Only a name").build()
    ids = [g.id for g in layout_blueprint(m).children if isinstance(g, Group)]
    assert "lane-evidence" not in ids
    assert {"lane-actions", "lane-frontstage", "lane-backstage", "lane-support"} <= set(ids)


def test_a_map_without_phases_renders() -> None:
    root = _root(RENDERER.render(JourneyMap(title="Empty"), validate=True))
    assert root.find(f"{SVG}title").text == "Empty"  # type: ignore[union-attr]


# -- arrows ----------------------------------------------------------------------------


def _arrow(scene: Scene, arrow_id: str) -> tuple[Line, Polygon]:
    group = _groups(scene)[arrow_id]
    shaft, head = group.children
    assert isinstance(shaft, Line)
    assert isinstance(head, Polygon)
    return shaft, head


def test_the_customer_starts_by_default_and_arrows_point_down() -> None:
    m = (
        Journey("T")
        .phase("P")
        .touchpoint("Asks", frontstage=["Answers"], backstage=["Looks up"])
        .build()
    )
    scene = layout_blueprint(m, id_prefix="bp")
    groups = _groups(scene)
    for upper, lower in (("actions", "frontstage"), ("frontstage", "backstage")):
        shaft, head = _arrow(scene, f"handoff-asks-{upper}-{lower}")
        source, target = _rect(groups[f"tp-asks-{upper}"]), _rect(groups[f"tp-asks-{lower}"])
        assert shaft.y1 == pytest.approx(source.y + source.height)
        assert head.points[0][1] == pytest.approx(target.y)


def test_arrows_point_away_from_the_first_actors_row() -> None:
    # The agent (frontstage) calls the customer back and asks the back office.
    m = (
        Journey("T")
        .actor("Agent", role="frontstage")
        .phase("P")
        .touchpoint("Call back", actors=["agent"], frontstage=["Calls"], backstage=["Logs it"])
        .build()
    )
    scene = layout_blueprint(m, id_prefix="bp")
    groups = _groups(scene)
    actions, front = _rect(groups["tp-call-back-actions"]), _rect(groups["tp-call-back-frontstage"])
    back = _rect(groups["tp-call-back-backstage"])
    shaft, head = _arrow(scene, "handoff-call-back-actions-frontstage")
    assert shaft.y1 == pytest.approx(front.y)  # from the agent's card…
    assert head.points[0][1] == pytest.approx(actions.y + actions.height)  # …up to the customer
    shaft, head = _arrow(scene, "handoff-call-back-frontstage-backstage")
    assert shaft.y1 == pytest.approx(front.y + front.height)
    assert head.points[0][1] == pytest.approx(back.y)


def test_a_system_that_starts_sends_its_arrows_up() -> None:
    scene = layout_blueprint(_phone_shop(), id_prefix="bp")
    groups = _groups(scene)
    support = _rect(groups["tp-gets-the-bill-support"])
    back = _rect(groups["tp-gets-the-bill-backstage"])
    actions = _rect(groups["tp-gets-the-bill-actions"])
    shaft, head = _arrow(scene, "handoff-gets-the-bill-backstage-support")
    assert (shaft.y1, head.points[0][1]) == pytest.approx((support.y, back.y + back.height))
    shaft, head = _arrow(scene, "handoff-gets-the-bill-actions-backstage")
    assert (shaft.y1, head.points[0][1]) == pytest.approx((back.y, actions.y + actions.height))


def test_the_channel_is_written_on_the_line_of_interaction_beside_the_arrow() -> None:
    scene = layout_blueprint(_example(), id_prefix="bp")
    groups = _groups(scene)
    line = next(e for e in groups["line-interaction"].children if isinstance(e, Line))
    label = groups["channel-llama-al-centro-de-atencion"].children[0]
    assert isinstance(label, Text)
    assert "".join(label.lines) == "Teléfono"
    shaft, _ = _arrow(scene, "handoff-llama-al-centro-de-atencion-actions-frontstage")
    assert label.x > shaft.x1
    assert shaft.y1 < line.y1 < shaft.y2
    assert abs(label.y - line.y1) < 11  # the baseline sits on the line, within one line


def test_steps_join_consecutive_cards_of_a_row_left_to_right() -> None:
    scene = layout_blueprint(_phone_shop(), id_prefix="bp")
    groups = _groups(scene)
    for row in ("actions", "backstage", "support"):
        shaft, head = _arrow(scene, f"step-calls-{row}")
        a, b = _rect(groups[f"tp-calls-{row}"]), _rect(groups[f"tp-gets-the-bill-{row}"])
        assert shaft.x1 == pytest.approx(a.x + a.width)
        assert head.points[0][0] == pytest.approx(b.x)
    assert "step-calls-evidence" not in groups  # evidence is not a step
    assert "step-calls-frontstage" not in groups  # one frontstage card: nothing to join


# -- marks, legend, actors ---------------------------------------------------------------


def _texts(group: Group) -> list[str]:
    return ["".join(e.lines) for e in group.children if isinstance(e, Text)]


def test_failure_points_and_waiting_times_are_marked() -> None:
    scene = layout_blueprint(_phone_shop(), id_prefix="bp")
    groups = _groups(scene)
    calls, bill = groups["tp-calls-actions"], groups["tp-gets-the-bill-actions"]
    assert _texts(calls)[:2] == ["W", "10 min"]
    assert "F" not in _texts(calls)
    assert _texts(bill)[0] == "F"
    assert any(isinstance(e, Polygon) for e in bill.children)  # the diamond
    assert (_rect(bill).stroke, _rect(bill).stroke_width) == (get_theme("default").critical, 2.5)
    spanish = _groups(layout_blueprint(_example(), id_prefix="bp"))
    assert _texts(spanish["tp-llega-a-la-tienda-actions"])[:3] == ["F", "E", "25 min"]


def test_the_legend_explains_only_what_is_drawn() -> None:
    legend = _groups(layout_blueprint(_phone_shop(), id_prefix="bp"))["legend"]
    assert _texts(legend) == [
        "Legend",
        "F",
        "failure point (critical moment)",
        "W",
        "waiting time",
        "who starts → who receives, on the channel",
        "next step in the same row",
    ]
    one = Journey("T").phase("P").touchpoint("Looks").build()
    assert "legend" not in _groups(layout_blueprint(one, id_prefix="bp"))
    two = Journey("T").phase("P").touchpoint("Looks").touchpoint("Buys").build()
    legend = _groups(layout_blueprint(two, id_prefix="bp"))["legend"]
    assert _texts(legend) == ["Legend", "next step in the same row"]


def test_actor_rows_are_grouped_by_role_with_the_touchpoints_they_take_part_in() -> None:
    m = (
        Journey("T")
        .actor("Stock system", id="stock", role="system")
        .actor("Agent", role="frontstage")
        .actor("Ana", role="customer")
        .actor("Idle", role="backstage")
        .phase("P")
        .touchpoint("Calls", actors=["ana", "agent"])
        .touchpoint("Checks", actors=["stock", "agent"])
        .build()
    )
    scene = layout_blueprint(m, actors=True, id_prefix="bp")
    rows = [g for g in scene.children if isinstance(g, Group) and "actor" in (g.id or "")]
    assert [(g.id, _texts(g)[0]) for g in rows] == [
        ("lane-actor-3", "Ana (customer)"),
        ("lane-actor-2", "Agent (frontstage)"),
        ("lane-actor-1", "Stock system (system)"),
    ]
    cards = [sub.id for sub in rows[1].children if isinstance(sub, Group)]
    assert cards == ["actor-2-tp-calls", "actor-2-tp-checks"]
    assert not any(
        isinstance(g, Group) and "actor" in (g.id or "") for g in layout_blueprint(m).children
    )


# -- accessibility, ids, themes, options ---------------------------------------------------


def test_accessible_title_description_and_card_titles() -> None:
    root = _root(RENDERER.render(_phone_shop(), id_prefix="bp"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "bp-title"
    desc = root.find(f"{SVG}desc")
    assert desc is not None
    assert desc.text == "Service blueprint of Ana across 1 phase and 2 touchpoints."
    titles = {g.get("id"): str(g.findtext(f"{SVG}title")) for g in root.iter(f"{SVG}g")}
    assert titles["bp-tp-calls-frontstage"] == "Frontstage: Calls"
    assert titles["bp-tp-calls-actions"].startswith("Order › Calls.")
    assert titles["bp-handoff-calls-actions-frontstage"] == (
        "Frontstage → Customer actions (Phone)"
    )
    # The channel is the medium across the line of interaction, not behind it.
    assert titles["bp-handoff-calls-frontstage-backstage"] == "Frontstage → Backstage"
    assert titles["bp-step-calls-backstage"] == "Backstage: Calls → Gets the bill"


def test_ids_are_unique_and_scoped_by_a_prefix_made_from_the_content() -> None:
    svg = RENDERER.render(_example(), actors=True)
    root = _root(svg)
    prefix = root.get("id", "")
    assert prefix.startswith("jm-")
    assert len(prefix) == 11
    ids = [node.get("id") for node in root.iter() if node.get("id")][1:]
    assert len(ids) == len(set(ids))
    assert all(i.startswith(f"{prefix}-") for i in ids)  # type: ignore[union-attr]
    assert _root(RENDERER.render(_example())).get("id") != prefix  # actors changes the ids
    assert _root(RENDERER.render(_phone_shop())).get("id") != prefix


def test_the_auto_theme_carries_the_dark_colours_for_a_dark_scheme() -> None:
    auto = RENDERER.render(_phone_shop(), theme="auto", id_prefix="bp")
    assert "@media (prefers-color-scheme: dark)" in auto
    assert "prefers-color-scheme" not in RENDERER.render(_phone_shop(), id_prefix="bp")


def test_the_title_header_and_no_legend_leave_out_persona_and_legend() -> None:
    full = _groups(layout_blueprint(_phone_shop(), id_prefix="bp"))
    assert {"persona", "legend"} <= set(full)
    bare = _groups(layout_blueprint(_phone_shop(), header="title", legend=False, id_prefix="bp"))
    assert not {"persona", "legend"} & set(bare)
    assert {"header", "lane-actions", "line-visibility"} <= set(bare)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"actors": "maybe"}, "blueprint option 'actors': expected a boolean; got 'maybe'"),
        ({"lanes": "compact"}, "the blueprint renderer has no option 'lanes'"),
        ({"column_width": 5}, "blueprint option 'column_width'"),
        ({"theme": "neon"}, "blueprint option 'theme'"),
    ],
)
def test_bad_options_are_refused_with_the_option_named(
    options: dict[str, object], message: str
) -> None:
    with pytest.raises(JourneyMapError) as caught:
        RENDERER.render(_phone_shop(), **options)
    assert message in str(caught.value)


@pytest.fixture
def by_name() -> Iterator[None]:
    """The blueprint known to :func:`journeymap.render` by name, built in or registered."""
    from journeymap import renderers

    added = "blueprint" not in renderers.names()
    if added:
        renderers.register(RENDERER)  # type: ignore[arg-type]  # frozen, like the svg renderer
    yield
    if added:
        renderers.unregister("blueprint")


@pytest.mark.usefixtures("by_name")
def test_render_draws_the_blueprint_by_name_and_checks_its_options() -> None:
    journey = runpy.run_path(str(EXAMPLE), run_name="__test__")["journey"]
    assert render(journey, "blueprint", actors=True) == RENDERER.render(
        journey.build(), actors=True
    )
    with pytest.raises(JourneyMapError, match="blueprint option 'legend': expected a boolean"):
        render(journey, "blueprint", legend="no")


def test_something_that_is_not_a_map_is_refused() -> None:
    with pytest.raises(JourneyMapError, match="expected a JourneyMap; got dict"):
        RENDERER.render({"title": "x"})  # type: ignore[arg-type]


# -- determinism and invariants --------------------------------------------------------------


def test_same_map_same_bytes_in_another_process() -> None:
    code = (
        "import runpy; from journeymap.renderers.blueprint import RENDERER;"
        f"j = runpy.run_path({str(EXAMPLE)!r}, run_name='x')['journey'].build();"
        "import sys; sys.stdout.write(RENDERER.render(j, actors=True))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "123"}
    other = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout
    assert other == RENDERER.render(_example(), actors=True)


def _cards(group: Group) -> Iterator[Group]:
    for child in group.children:
        if isinstance(child, Group) and (child.id or "").startswith("tp-"):
            yield child


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey_maps(max_phases=3, max_touchpoints=4))
def test_every_item_is_drawn_once_in_its_row_and_its_column(model: JourneyMap) -> None:
    scene = layout_blueprint(model, id_prefix="bp")
    assert RENDERER.render(model, id_prefix="bp") == RENDERER.render(model, id_prefix="bp")
    columns = {
        c.touchpoint.id: c
        for c in place_columns(model, default_measurer(), Typography(), 180.0)
        if c.touchpoint is not None
    }
    groups = _groups(scene)
    for key in ("frontstage", "backstage", "support"):
        row = groups[f"lane-{key}"]
        frame = _rect(row)
        drawn = {card.id: card for card in _cards(row)}
        expected = {f"tp-{tp.id}-{key}": tp for tp in model.touchpoints if getattr(tp, key)}
        assert set(drawn) == set(expected)
        for card_id, tp in expected.items():
            card = drawn[card_id]
            assert _texts(card) == list(getattr(tp, key))  # each item once, in order
            box, column = _rect(card), columns[tp.id]
            assert frame.y <= box.y
            assert box.y + box.height <= frame.y + frame.height
            assert column.x <= box.x
            assert box.x + box.width <= column.x + column.width
    # No card of these rows is drawn outside its row.
    outside = [
        g.id
        for g in scene.walk()
        if isinstance(g, Group)
        and g.id
        and g.id.endswith(("-frontstage", "-backstage", "-support"))
        and g.id.startswith("tp-")
    ]
    inside = [
        c.id or ""
        for key in ("frontstage", "backstage", "support")
        for c in _cards(groups[f"lane-{key}"])
    ]
    assert sorted(outside) == sorted(inside)


# -- images ------------------------------------------------------------------------------


def test_png_and_pdf_are_drawn_from_the_svg_at_its_size() -> None:
    import io

    from PIL import Image

    model = _example()
    root = _root(RENDERER.render(model))
    width, height = float(root.get("width", "0")), float(root.get("height", "0"))
    with Image.open(io.BytesIO(RENDERER.render_image(model, "png", theme="auto"))) as png:
        assert png.size == (int(width + 0.5), int(height + 0.5))
    assert RENDERER.render_image(model, "pdf").startswith(b"%PDF-")
    with pytest.raises(JourneyMapError, match="cannot make 'gif' images; allowed: png, pdf"):
        RENDERER.render_image(model, "gif")
