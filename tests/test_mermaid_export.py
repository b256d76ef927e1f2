"""Tests of the Mermaid ``journey`` export (:func:`journeymap.interop.mermaid.export`).

The expected texts and score tables below are written by hand. The round-trip property
exports a map and imports it again with :func:`~journeymap.interop.mermaid.parse`.

What Mermaid cannot represent exactly, and how the property compares it:

* names are trimmed of surrounding white space (Mermaid trims them), so names are
  compared after ``str.strip()``;
* entity codes are decoded before ``<br>`` is, so a ``<br>`` written in a name comes
  back as a line break; names are compared after the same normalisation (``_read_back``),
  and maps with a name that would come back empty are left out (export refuses them);
* emotions become integers on 1..5, so they are compared after the same linear mapping
  and rounding (halves up); touchpoints without an emotion are written with the neutral
  score, so only touchpoints that had an emotion are compared;
* actors are compared by name (the importer makes new ids from names, and two actors of
  the same name become one), each touchpoint's actors in order, each name once;
* empty phases and a phase name used again after another phase are kept by the importer
  with a warning, so such maps are imported without ``strict`` (warnings suppressed);
  every other map must import with ``strict=True``.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap import Journey, JourneyMapError, render, renderers
from journeymap.fields import balance_bidi
from journeymap.interop.mermaid import (
    RENDERER,
    MermaidExportWarning,
    MermaidRenderer,
    export,
    parse,
)
from journeymap.model import JourneyMap

from .strategies import journey_maps, names


def _map(data: Mapping[str, Any]) -> JourneyMap:
    return JourneyMap.model_validate(data)


def _export_quietly(model: JourneyMap) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MermaidExportWarning)
        return export(model)


# --- exact output -----------------------------------------------------------------------

SMALL = {
    "title": "Buying tea: #1 choice; really",
    "description": "How Ana buys tea.\n\nDrawn from <interviews> & notes.",
    "scale": "1..5",
    "actors": [
        {"id": "ana", "name": "Ana"},
        {"id": "cat", "name": "Cat, the cat"},
    ],
    "phases": [
        {
            "id": "shop",
            "name": "Shop: online",
            "touchpoints": [
                {"id": "find", "name": "Find tea", "emotion": 5, "actors": ["ana"]},
                {"id": "pay", "name": "Pay\n100%% of it", "emotion": 1, "actors": ["ana", "cat"]},
            ],
        },
        {
            "id": "wait",
            "name": "Wait",
            "touchpoints": [{"id": "journey", "name": "journey home", "emotion": 3}],
        },
        {"id": "drink", "name": "Drink"},
    ],
}

SMALL_EXPECTED = """\
journey
  title Buying tea#58; #35;1 choice#59; really
  accTitle: Buying tea#58; #35;1 choice#59; really
  accDescr {
    How Ana buys tea.

    Drawn from #lt;interviews#gt; #amp; notes.
  }
  section Shop#58; online
    Find tea: 5: Ana
    Pay<br>100#37;#37; of it: 1: Ana, Cat#44; the cat
  section Wait
    #106;ourney home: 3
  section Drink
"""


def test_exact_output_for_a_small_map() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing is dropped: no warning
        assert export(_map(SMALL)) == SMALL_EXPECTED


def test_small_map_imports_back() -> None:
    with pytest.warns(UserWarning, match="section 'Drink' has no tasks"):
        back = parse(SMALL_EXPECTED)
    assert back.title == "Buying tea: #1 choice; really"
    assert back.description == "How Ana buys tea.\n\nDrawn from <interviews> & notes."
    assert [p.name for p in back.phases] == ["Shop: online", "Wait", "Drink"]
    assert [(tp.name, tp.emotion) for tp in back.touchpoints] == [
        ("Find tea", 5),
        ("Pay\n100%% of it", 1),
        ("journey home", 3),
    ]
    assert [back.actor(a).name for a in back.touchpoints[1].actors] == ["Ana", "Cat, the cat"]


def test_single_line_description_and_default_scale() -> None:
    j = (
        Journey("Tea", description="Short")
        .actor("Me")
        .phase("Kitchen")
        .touchpoint("Boil", emotion=-2, actors=["me"])
        .touchpoint("Sip", emotion=2, actors=["me"])
    )
    assert export(j.build()) == (
        "journey\n"
        "  title Tea\n"
        "  accTitle: Tea\n"
        "  accDescr: Short\n"
        "  section Kitchen\n"
        "    Boil: 1: Me\n"
        "    Sip: 5: Me\n"
    )


def test_renderer_is_registered() -> None:
    assert "mermaid" in renderers.names()
    assert renderers.get("mermaid") is RENDERER
    assert isinstance(RENDERER, MermaidRenderer)
    assert (RENDERER.name, RENDERER.suffix, RENDERER.media_type) == (
        "mermaid",
        ".mmd",
        "text/vnd.mermaid",
    )
    assert renderers.for_path("x.mmd") is RENDERER
    assert renderers.for_path("x.MERMAID") is RENDERER
    assert render(_map(SMALL), "mermaid") == SMALL_EXPECTED


def test_renderer_refuses_options() -> None:
    with pytest.raises(JourneyMapError, match="the mermaid renderer has no option 'theme'"):
        render(_map(SMALL), "mermaid", theme="dark")


def test_save_writes_mmd(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    written = renderers.save(_map(SMALL), tmp_path / "tea.mmd")
    assert written.read_text("utf-8") == SMALL_EXPECTED


# --- the warning ------------------------------------------------------------------------


def test_warning_lists_dropped_fields_once() -> None:
    data = {
        "title": "T",
        "persona": {"name": "Ana"},
        "objective": "Learn",
        "kind": "future",
        "actors": [
            {"id": "me", "name": "Me", "role": "frontstage"},
            {"id": "idle", "name": "Idle"},
        ],
        "phases": [
            {
                "id": "p",
                "name": "P",
                "goal": "Get there",
                "touchpoints": [
                    {
                        "id": "a",
                        "name": "A",
                        "emotion": 1,
                        "channel": "web",
                        "thoughts": ["hmm"],
                        "pain_points": ["slow"],
                        "actors": ["me"],
                    },
                    {
                        "id": "b",
                        "name": "B",
                        "metrics": [{"kind": "nps", "value": 10}],
                    },
                ],
            }
        ],
        "flows": [{"source": "a", "target": "b"}],
        "curves": [{"id": "c", "name": "C", "points": {"a": 0}}],
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        text = export(_map(data))
    assert len(caught) == 1
    assert caught[0].category is MermaidExportWarning
    left_out = (
        "persona, objective, kind, flows, curves, actor role, actors (in no touchpoint), "
        "phase goal, touchpoint channel, touchpoint thoughts, touchpoint pain points, "
        "touchpoint metrics, emotion (touchpoints without one)"
    )
    warning = caught[0].message
    assert isinstance(warning, MermaidExportWarning)
    assert str(warning) == (
        f"warning: a Mermaid journey cannot hold these parts of the map; left out: {left_out}"
    )
    assert warning.dropped == tuple(left_out.split(", "))
    assert (warning.source, warning.line, warning.column) == (None, None, None)
    assert str(warning.with_source("map.yaml")) == f"map.yaml: {warning}"
    # B has no emotion: the neutral level 0 of -2..2 is written as 3.
    assert "    B: 3\n" in text


def test_no_warning_when_nothing_is_dropped() -> None:
    j = Journey("T").phase("P").touchpoint("A", emotion=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert export(j.build()).endswith("    A: 3\n")


def test_rounding_is_reported() -> None:
    model = _map(
        {
            "title": "T",
            "scale": "0..10",
            "phases": [
                {"id": "p", "name": "P", "touchpoints": [{"id": "a", "name": "A", "emotion": 7}]}
            ],
        }
    )
    with pytest.warns(
        MermaidExportWarning, match=r"left out: emotion precision \(rounded to 1\.\.5\)$"
    ):
        assert export(model).endswith("    A: 4\n")


# --- the scale mapping ------------------------------------------------------------------


def _scores(scale: str, emotions: list[float]) -> list[int]:
    model = _map(
        {
            "title": "T",
            "scale": scale,
            "phases": [
                {
                    "id": "p",
                    "name": "P",
                    "touchpoints": [
                        {"id": f"t{i}", "name": f"T{i}", "emotion": e}
                        for i, e in enumerate(emotions)
                    ],
                }
            ],
        }
    )
    lines = _export_quietly(model).splitlines()[4:]
    return [int(line.rsplit(": ", 1)[1]) for line in lines]


@pytest.mark.parametrize(
    ("scale", "table"),
    [
        ("1..5", {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 2.5: 3, 4.4: 4}),
        ("-2..2", {-2: 1, -1: 2, 0: 3, 1: 4, 2: 5, -1.5: 2, 0.6: 4}),
        # 0..10: x -> 1 + 0.4 x, e.g. 1 -> 1.4, 4 -> 2.6, 6 -> 3.4, 9 -> 4.6.
        ("0..10", {0: 1, 1: 1, 2: 2, 3: 2, 4: 3, 5: 3, 6: 3, 7: 4, 8: 4, 9: 5, 10: 5}),
        # 0..8: x -> 1 + x / 2; halves round up.
        ("0..8", {0: 1, 1: 2, 2: 2, 3: 3, 4: 3, 5: 4, 6: 4, 7: 5, 8: 5}),
        ("-3..3", {-3: 1, -2: 2, -1: 2, 0: 3, 1: 4, 2: 4, 3: 5}),
    ],
)
def test_scale_mapping(scale: str, table: dict[float, int]) -> None:
    assert _scores(scale, list(table)) == list(table.values())


# --- round trip -------------------------------------------------------------------------

_MERMAID_HOSTILE = st.sampled_from(
    [
        ":",
        "#",
        ";",
        "%%",
        "%%{init: {}}%%",
        "%",
        "<",
        ">",
        "&",
        "&amp;",
        "#58;",
        "#lt;",
        "<br>",
        "<br/>",
        ",",
        "{",
        "}",
        "\n",
        " ",
        "\t",
        "😀",
        "👩‍👩‍👧‍👦",
        "\ue000",
        "\ue001",
        "\u2028",
        "journey",
        "title ",
        "section ",
        "accTitle",
        "accDescr {",
        "---",
        "Task: 5: Me",
        "a",
    ]
)
_MERMAID_NAMES = (
    st.builds(
        lambda pieces, visible: "".join(pieces) + visible,
        st.lists(_MERMAID_HOSTILE, max_size=5),
        st.sampled_from(["x", "😀", ":", "#", "%%", "<br>", "journey"]),
    )
    | names()
)


@st.composite
def _mermaid_maps(draw: st.DrawFn) -> JourneyMap:
    """Small maps on assorted scales whose every name is hostile to Mermaid."""
    lo, hi = draw(st.sampled_from([(1, 5), (-2, 2), (0, 10), (-3, 3), (0, 100)]))
    actors = [{"id": f"a{i}", "name": draw(_MERMAID_NAMES)} for i in range(draw(st.integers(0, 3)))]
    phases = []
    count = 0
    for i in range(draw(st.integers(0, 3))):
        touchpoints = []
        for _ in range(draw(st.integers(0, 3))):
            count += 1
            touchpoints.append(
                {
                    "id": f"t{count}",
                    "name": draw(_MERMAID_NAMES),
                    "emotion": draw(st.none() | st.integers(lo, hi) | st.floats(lo, hi)),
                    "actors": draw(st.lists(st.sampled_from([a["id"] for a in actors]), max_size=3))
                    if actors
                    else [],
                }
            )
        phases.append({"id": f"p{i}", "name": draw(_MERMAID_NAMES), "touchpoints": touchpoints})
    return _map(
        {
            "title": draw(_MERMAID_NAMES),
            "description": draw(st.none() | _MERMAID_NAMES),
            "scale": f"{lo}..{hi}",
            "actors": actors,
            "phases": phases,
        }
    )


_BR = re.compile(r"<\s*/?\s*br\s*/?\s*>", re.IGNORECASE)


def _read_back(name: str) -> str:
    """A name as Mermaid reads it back: trimmed, each ``<br>`` a newline.

    The map then keeps every bidi control inside its line (``balance_bidi``), as it does
    for any name: an override opened before a ``<br>`` is closed at that line's end.
    """
    return balance_bidi(_BR.sub("\n", name.strip().replace("\n", "<br>")).strip())


def _representable(model: JourneyMap) -> bool:
    texts = [model.title, *(p.name for p in model.phases), *(a.name for a in model.actors)]
    return all(_read_back(t) for t in [*texts, *(tp.name for tp in model.touchpoints)])


def _mapped(value: float, model: JourneyMap) -> int:
    """The 1..5 score, computed independently of the exporter."""
    scale = model.scale
    exact = 1 + Fraction(4) * (Fraction(value) - scale.min) / (scale.max - scale.min)
    return math.floor(exact + Fraction(1, 2))


def _strict_importable(model: JourneyMap) -> bool:
    """No empty phase and no phase name reused after another phase (the importer warns)."""
    seen: set[str] = set()
    previous = None
    for phase in model.phases:
        name = _read_back(phase.name)
        if not phase.touchpoints or (name in seen and name != previous):
            return False
        seen.add(name)
        previous = name
    return True


def _check_round_trip(model: JourneyMap) -> None:
    if not _representable(model):
        with pytest.raises(JourneyMapError, match="leaves these names empty"):
            _export_quietly(model)
        return
    text = _export_quietly(model)
    assert text.startswith("journey\n")
    if _strict_importable(model):
        back = parse(text, strict=True)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            back = parse(text)
    assert back.title == _read_back(model.title)
    assert [p.name for p in back.phases] == [_read_back(p.name) for p in model.phases]
    pairs = list(zip(model.touchpoints, back.touchpoints, strict=True))
    assert [b.name for _, b in pairs] == [_read_back(a.name) for a, _ in pairs]
    for before, after in pairs:
        if before.emotion is not None:
            assert after.emotion == _mapped(before.emotion, model)
        names_before = list(dict.fromkeys(_read_back(model.actor(a).name) for a in before.actors))
        assert [back.actor(a).name for a in after.actors] == names_before
    used = {_read_back(model.actor(a).name) for tp in model.touchpoints for a in tp.actors}
    assert sorted(a.name for a in back.actors) == sorted(used)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(_mermaid_maps())
def test_round_trip_hostile_names(model: JourneyMap) -> None:
    _check_round_trip(model)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(journey_maps())
def test_round_trip_any_map(model: JourneyMap) -> None:
    _check_round_trip(model)


def test_br_in_a_name_is_reported_and_an_empty_name_refused() -> None:
    j = Journey("T").phase("A<br>B").touchpoint("X", emotion=0)
    with pytest.warns(MermaidExportWarning, match="'<br>' written in text"):
        text = export(j.build())
    assert parse(text, strict=True).phases[0].name == "A\nB"
    with pytest.raises(JourneyMapError, match="leaves these names empty: phase 1"):
        export(Journey("T").phase(" <BR/> ").touchpoint("X", emotion=0).build())
