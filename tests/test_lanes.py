"""The lane table agrees with everything that reads it: themes, words, model, renderers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from journeymap import Journey, JourneyMapError, render
from journeymap.i18n import SUPPORTED_LOCALES, words_for
from journeymap.lanes import (
    FIELDS,
    PRESETS,
    Lane,
    all_lanes,
    fields_by_lane,
    get_lane,
    lane_keys,
    preset,
    register_lane,
    resolve_lanes,
    unregister_lane,
)
from journeymap.model import Touchpoint
from journeymap.renderers.dot import DETAILS
from journeymap.themes import CARD_KEYS, THEMES


def test_every_lane_style_is_in_every_theme_and_every_style_is_used() -> None:
    used = {lane.style for lane in all_lanes() if lane.style is not None} | {"persona"}
    assert set(CARD_KEYS) == used
    for theme in THEMES.values():
        assert tuple(theme.cards) == CARD_KEYS, theme.name


def test_the_evidence_and_doubts_lanes_have_styles_of_their_own() -> None:
    assert get_lane("evidence").style == "evidence"
    assert get_lane("doubts").style == "doubts"
    for theme in THEMES.values():
        assert theme.cards["evidence"] != theme.cards["frontstage"], theme.name
        assert theme.cards["doubts"] != theme.cards["thoughts"], theme.name


def test_every_field_a_lane_shows_is_a_touchpoint_field() -> None:
    computed = {"moment"}  # from the emotion and the touchpoint's own moment
    for lane in all_lanes():
        for name in lane.fields:
            assert name in FIELDS
            assert name in Touchpoint.model_fields or name in computed, (lane.key, name)


def test_every_field_is_shown_by_some_lane_of_the_full_preset() -> None:
    shown = {name for key in preset("full") for name in get_lane(key).fields}
    assert shown == set(FIELDS)


def test_presets() -> None:
    assert resolve_lanes(None) == preset("full") == resolve_lanes("full")
    assert "motivations" not in preset("full")
    assert "doubts" not in preset("full")
    assert resolve_lanes("compact") == (
        "touchpoints",
        "channels",
        "emotion",
        "pain_points",
        "opportunities",
    )
    assert set(PRESETS) == {"full", "compact"}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("emotions", "unknown lane 'emotions'; did you mean 'emotion'?"),
        (["touchpoints", "pain-points"], "unknown lane 'pain-points'; did you mean 'pain_points'?"),
        ("compcat", "unknown lane 'compcat'; did you mean 'compact'?"),
        (["emotion", "emotion"], "'emotion' is chosen twice"),
        (["emotion", "compact"], "'compact' is a preset; give it alone"),
        ([], "no lane chosen"),
        (" , ", "no lane chosen"),
        (3, "expected a preset, a list of lanes or a comma-separated string; got int"),
        ([3], "3 is not a lane name"),
    ],
)
def test_a_bad_choice_names_what_is_allowed(value: object, message: str) -> None:
    with pytest.raises(JourneyMapError) as caught:
        resolve_lanes(value)
    text = str(caught.value)
    assert text.startswith("lanes: ")
    assert message in text
    if "twice" not in message and "preset" not in message:  # those name known words
        assert "allowed: touchpoints, actions, channels" in text
        assert "or a preset: full, compact" in text


def test_a_field_goes_to_the_narrowest_chosen_lane() -> None:
    assert fields_by_lane(["thoughts"])["thoughts"] == (
        "feeling",
        "thoughts",
        "motivations",
        "doubts",
    )
    split = fields_by_lane(["doubts", "thoughts", "motivations"])
    assert split == {
        "doubts": ("doubts",),
        "thoughts": ("feeling", "thoughts"),
        "motivations": ("motivations",),
    }


def test_the_flow_shows_the_lanes_marked_for_it() -> None:
    assert lane_keys("flow") == ("channels", "emotion")
    assert DETAILS == ("channel", "emotion")


@pytest.fixture
def owners_lane() -> Iterator[str]:
    register_lane(
        Lane("owners", ("owner",), "support", names={"en": "Owner", "es": "Responsable"}),
        after="touchpoints",
    )
    yield "owners"
    unregister_lane("owners")


def test_a_registered_lane_is_chosen_like_a_built_in_one(owners_lane: str) -> None:
    assert resolve_lanes(None)[:2] == ("touchpoints", "owners")
    assert words_for("es").lane(owners_lane) == "Responsable"
    m = Journey("Tiny").phase("P").touchpoint("T", owner="Back office", emotion=1).build()
    table = render(m, "markdown", lanes=["touchpoints", "owners"])
    # The narrower lane takes the owner out of the touchpoints lane's columns.
    assert "| Phase | Touchpoint | Owner |" in table
    assert "| **P** | T | Back office |" in table


def test_a_lane_must_be_complete_to_be_registered() -> None:
    with pytest.raises(JourneyMapError) as caught:
        register_lane(Lane("Bad-key", ("colour",), "paint", frozenset({"paper"})))
    text = str(caught.value)
    assert "key 'Bad-key' must be lowercase letters and '_'" in text
    assert "fields ['colour'] must be some of: name, description" in text
    assert "style 'paint' must be one of: touchpoint, action" in text
    assert "outputs ['paper'] must be some of: svg, markdown, flow" in text
    assert f"names must give the header in {', '.join(SUPPORTED_LOCALES)}" in text
    with pytest.raises(JourneyMapError, match="key 'emotion' is taken"):
        register_lane(Lane("emotion", ("emotion",), None, names={"en": "E", "es": "E"}))
    with pytest.raises(JourneyMapError, match="'emotion' is not a registered lane"):
        unregister_lane("emotion")


def test_markdown_shows_the_chosen_lanes_in_their_order() -> None:
    m = (
        Journey("Tiny")
        .phase("P", goal="Get it")
        .touchpoint(
            "T",
            channel="web",
            emotion=-1,
            action="clicks",
            pain_points=["slow"],
            doubts=["safe?"],
            metrics=[{"kind": "nps", "value": 10}],
        )
        .build()
    )
    text = render(m, "markdown", lanes=["pain_points", "emotion", "doubts"])
    assert "| Phase | Touchpoint | Pain points | Emotion | Moment | Doubts |" in text
    assert "| **P**<br>Goal: Get it | T | slow | -1 · negative | negative | safe? |" in text
    # Sections follow their lanes: no channels, no metrics, a curve and the pains.
    assert "## Channels by phase" not in text
    assert "## Metrics" not in text
    assert "## Emotion curve" in text
    assert "## Pain points and opportunities" in text
    compact = render(m, "markdown", lanes="compact")
    assert "| Phase | Touchpoint | Channel | Emotion | Moment | Pain points |" in compact
    assert "Action" not in compact
