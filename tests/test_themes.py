"""Themes: readable text in every theme, greyscale print, distinct styles, derive, errors.

Contrast follows WCAG 2.x: 4.5 for text on the colour it is drawn on, 3 for graphics
(curve points, markers, lines). "Drawn on" includes what the SVG renderer composites: a
phase's tint over the background, and the soft valence fills over that, blended in sRGB
as browsers do. The expected contrast values in the exact tests are computed by hand from
the WCAG formula, with the arithmetic written out.
"""

from __future__ import annotations

import copy
import pickle
import re
from dataclasses import FrozenInstanceError, fields
from itertools import combinations
from typing import Any, get_args

import pytest

from journeymap import JourneyMapError
from journeymap.model import CurveSource
from journeymap.themes import (
    CARD_KEYS,
    CURVE_KEYS,
    THEMES,
    CardStyle,
    LineStyle,
    Theme,
    contrast_ratio,
    get_theme,
    relative_luminance,
)

ALL_THEMES = sorted(THEMES.values(), key=lambda theme: theme.name)
IDS = [theme.name for theme in ALL_THEMES]

TEXT_AA = 4.5
GRAPHICS_AA = 3.0


# -- helpers written for the tests (not from the module under test) -------------------


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def over(colour: str, opacity: float, below: str) -> str:
    """``colour`` painted at ``opacity`` over ``below``, blended per sRGB channel."""
    mixed = (
        round(opacity * top + (1 - opacity) * bottom)
        for top, bottom in zip(rgb(colour), rgb(below), strict=True)
    )
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


def surfaces(theme: Theme) -> dict[str, str]:
    """Every surface in the map's columns that text or marks are drawn straight on."""
    found = {"background": theme.background}
    tints = {"background": theme.background}
    for index, phase in enumerate(theme.phase_colors):
        tints[f"phase {index} tint"] = over(phase, theme.phase_tint, theme.background)
    for name, tint in tints.items():
        found[name] = tint
        for fill in ("positive_fill", "negative_fill"):
            found[f"{name} + {fill}"] = over(getattr(theme, fill), theme.fill_opacity, tint)
    return found


def colours(theme: Theme) -> list[tuple[str, str]]:
    """(where, colour) for every colour a theme holds."""
    found: list[tuple[str, str]] = []

    def walk(where: str, value: Any) -> None:
        if isinstance(value, str) and value.startswith("#"):
            found.append((where, value))
        elif isinstance(value, (LineStyle, CardStyle)):
            for f in fields(value):
                walk(f"{where}.{f.name}", getattr(value, f.name))
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                walk(f"{where}[{index}]", item)
        elif hasattr(value, "items"):
            for key, item in value.items():
                walk(f"{where}[{key}]", item)

    for f in fields(theme):
        walk(f.name, getattr(theme, f.name))
    return found


def too_low(pairs: list[tuple[str, str, str]], minimum: float) -> list[str]:
    return [
        f"{where}: {fg} on {bg} is {contrast_ratio(fg, bg):.2f}"
        for where, fg, bg in pairs
        if contrast_ratio(fg, bg) < minimum
    ]


# -- contrast_ratio: exact values -------------------------------------------------------


def test_black_on_white_is_21_either_way_round() -> None:
    # L(white) = 1, L(black) = 0: (1 + 0.05) / (0 + 0.05) = 21.
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21, abs=1e-12)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21, abs=1e-12)


@pytest.mark.parametrize("colour", ["#000000", "#ffffff", "#767676", "#0072b2"])
def test_a_colour_on_itself_is_1(colour: str) -> None:
    assert contrast_ratio(colour, colour) == 1


def test_grey_767676_on_white_by_hand() -> None:
    # 0x76 = 118; c = 118 / 255 = 0.462745 > 0.04045, so it is linearised as
    #   ((0.462745 + 0.055) / 1.055) ** 2.4 = 0.490754 ** 2.4
    #   ln 0.490754 = -0.711813; * 2.4 = -1.708351; e ** -1.708351 = 0.181165.
    # R = G = B, and 0.2126 + 0.7152 + 0.0722 = 1, so L = 0.181165.
    # Against white: (1 + 0.05) / (0.181165 + 0.05) = 1.05 / 0.231165 = 4.54222.
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54222, abs=1e-5)


def test_dark_grey_uses_the_linear_segment() -> None:
    # 0x0a = 10; c = 10 / 255 = 0.0392157 <= 0.04045, so linear: 0.0392157 / 12.92
    # = 0.00303527 = L. Against black: (0.00303527 + 0.05) / 0.05 = 1.060705.
    assert contrast_ratio("#0a0a0a", "#000000") == pytest.approx(1.060705, abs=1e-6)


@pytest.mark.parametrize(
    ("colour", "against", "expected"),
    [
        # One full channel: L is that channel's weight.
        ("#ff0000", "#ffffff", 1.05 / (0.2126 + 0.05)),  # 3.998477
        ("#00ff00", "#000000", (0.7152 + 0.05) / 0.05),  # 15.304
        ("#0000ff", "#000000", (0.0722 + 0.05) / 0.05),  # 2.444
    ],
)
def test_channel_weights(colour: str, against: str, expected: float) -> None:
    assert contrast_ratio(colour, against) == pytest.approx(expected, abs=1e-12)


def test_relative_luminance_accepts_upper_case() -> None:
    assert relative_luminance("#FFFFFF") == 1.0


@pytest.mark.parametrize("bad", ["red", "#fff", "#12345g", "000000", "#0000000"])
def test_contrast_ratio_refuses_what_is_not_rrggbb(bad: str) -> None:
    with pytest.raises(JourneyMapError, match="'#rrggbb'"):
        contrast_ratio(bad, "#ffffff")


# -- readable text in every theme ---------------------------------------------------------


@pytest.mark.parametrize("theme", ALL_THEMES, ids=IDS)
def test_every_text_colour_is_aa_on_what_it_is_drawn_on(theme: Theme) -> None:
    pairs = [("header_text on header_fill", theme.header_text, theme.header_fill)]
    pairs.append(("muted on header_fill", theme.muted, theme.header_fill))
    for surface, colour in surfaces(theme).items():
        for name in ("text", "muted", "critical"):
            pairs.append((f"{name} on {surface}", getattr(theme, name), colour))
    for index, (band, text) in enumerate(zip(theme.phase_colors, theme.phase_text, strict=True)):
        pairs.append((f"phase_text[{index}] on phase_colors[{index}]", text, band))
    for lane, card in theme.cards.items():
        pairs.append((f"cards[{lane}].text on its fill", card.text, card.fill))
        pairs.append((f"muted on cards[{lane}].fill", theme.muted, card.fill))
    assert len(pairs) > 40
    assert too_low(pairs, TEXT_AA) == []


@pytest.mark.parametrize("theme", ALL_THEMES, ids=IDS)
def test_curves_points_and_markers_are_aa_for_graphics(theme: Theme) -> None:
    pairs = []
    lines = {"curve": theme.curve.color, "visibility": theme.visibility.color}
    lines.update({f"curves[{key}]": style.color for key, style in theme.curves.items()})
    marks = {name: getattr(theme, name) for name in ("positive", "neutral", "negative")}
    marks["critical"] = theme.critical
    # A positive point sits above the neutral line, so never on the negative fill, and
    # the other way round; curves, neutral and critical points may sit on anything.
    elsewhere = {"positive": "negative_fill", "negative": "positive_fill"}
    for surface, colour in surfaces(theme).items():
        for name, line in (lines | marks).items():
            if name not in elsewhere or not surface.endswith(elsewhere[name]):
                pairs.append((f"{name} on {surface}", line, colour))
    # Valence colours also mark list items on cards (pain points, opportunities, metrics).
    for lane, card in theme.cards.items():
        for name, mark in marks.items():
            pairs.append((f"{name} on cards[{lane}].fill", mark, card.fill))
    assert too_low(pairs, GRAPHICS_AA) == []


def test_too_low_reports_a_failing_pair() -> None:
    # The check above must be able to fail: #777777 on white is 4.48 < 4.5.
    assert too_low([("grey", "#777777", "#ffffff")], TEXT_AA) == [
        "grey: #777777 on #ffffff is 4.48"
    ]


def test_composite_is_a_channel_blend() -> None:
    # 0.2 * 0xe6 + 0.8 * 0xff = 0.2 * 230 + 0.8 * 255 = 46 + 204 = 250 (0xfa);
    # 0.2 * 0x9f + 0.8 * 0xff = 31.8 + 204 = 235.8 -> 236 (0xec);
    # 0.2 * 0x00 + 0.8 * 0xff = 204 (0xcc).
    assert over("#e69f00", 0.2, "#ffffff") == "#faeccc"


# -- colours ---------------------------------------------------------------------------------


@pytest.mark.parametrize("theme", ALL_THEMES, ids=IDS)
def test_every_colour_is_lowercase_rrggbb(theme: Theme) -> None:
    found = colours(theme)
    assert len(found) > 40
    assert [c for c in found if not re.fullmatch(r"#[0-9a-f]{6}", c[1])] == []


def test_print_theme_is_strictly_greyscale() -> None:
    found = colours(THEMES["print"])
    assert [(where, c) for where, c in found if len(set(rgb(c))) != 1] == []


def test_colours_walks_every_style() -> None:
    # The greyscale test is only as good as the walk: it must reach nested styles.
    found = dict(colours(THEMES["print"]))
    assert "cards[pain_points].stroke" in found
    assert "curves[future].color" in found
    assert "phase_text[2]" in found


def test_default_and_dark_phases_are_okabe_ito() -> None:
    # Okabe & Ito (2008), "Color Universal Design", as 0..255 RGB.
    okabe_ito = [
        (230, 159, 0),  # orange
        (86, 180, 233),  # sky blue
        (0, 158, 115),  # bluish green
        (240, 228, 66),  # yellow
        (0, 114, 178),  # blue
        (213, 94, 0),  # vermillion
        (204, 121, 167),  # reddish purple
    ]
    for name in ("default", "dark"):
        assert [rgb(c) for c in THEMES[name].phase_colors] == okabe_ito


@pytest.mark.parametrize("theme", ALL_THEMES, ids=IDS)
def test_neighbouring_phases_differ(theme: Theme) -> None:
    bands = theme.phase_colors
    assert len(bands) >= 3
    assert all(bands[i] != bands[(i + 1) % len(bands)] for i in range(len(bands)))


@pytest.mark.parametrize("theme", ALL_THEMES, ids=IDS)
def test_valence_reads_in_greyscale(theme: Theme) -> None:
    # Diverging: positive lightest, then neutral, then negative; critical apart from all.
    luminance = {
        name: relative_luminance(getattr(theme, name))
        for name in ("positive", "neutral", "negative", "critical")
    }
    assert luminance["positive"] > luminance["neutral"] > luminance["negative"]
    for a, b in combinations(luminance, 2):
        ratio = contrast_ratio(getattr(theme, a), getattr(theme, b))
        assert ratio >= 1.25, f"{a} and {b} are {ratio:.2f} apart in greyscale"


@pytest.mark.parametrize("name", ["default", "dark"])
def test_valence_hues_negative_warm_positive_cool(name: str) -> None:
    theme = THEMES[name]
    red, _, blue = rgb(theme.negative)
    assert red > blue
    red, _, blue = rgb(theme.positive)
    assert blue > red


def test_dark_theme_is_dark_and_the_others_light() -> None:
    assert relative_luminance(THEMES["dark"].background) < 0.05
    assert relative_luminance(THEMES["dark"].text) > 0.5
    assert relative_luminance(THEMES["default"].background) == 1.0
    assert relative_luminance(THEMES["print"].background) == 1.0


@pytest.mark.parametrize("theme", ALL_THEMES, ids=IDS)
def test_curves_differ_by_dash_and_width_not_only_colour(theme: Theme) -> None:
    styles = {"curve": theme.curve, **theme.curves}
    assert len(styles) == 5
    for (a, one), (b, other) in combinations(styles.items(), 2):
        assert (one.dash, one.width) != (other.dash, other.width), f"{a} and {b}"


@pytest.mark.parametrize("theme", ALL_THEMES, ids=IDS)
def test_card_styles_are_pairwise_distinct(theme: Theme) -> None:
    looks = {lane: (c.fill, c.stroke, c.dash) for lane, c in theme.cards.items()}
    assert len(set(looks.values())) == len(CARD_KEYS), looks


def test_light_card_styles_carry_their_meaning() -> None:
    cards = THEMES["default"].cards
    red, green, blue = rgb(cards["pain_points"].fill)
    assert red > max(green, blue)  # warm
    red, green, blue = rgb(cards["opportunities"].fill)
    assert green > max(red, blue)  # green-ish
    assert len(set(rgb(cards["backstage"].fill))) == 1  # neutral grey
    assert cards["doubts"].dash is not None  # doubts have a dashed border


# -- structure -------------------------------------------------------------------------------


@pytest.mark.parametrize("theme", ALL_THEMES, ids=IDS)
def test_every_lane_and_source_is_styled_in_order(theme: Theme) -> None:
    assert tuple(theme.cards) == CARD_KEYS
    assert tuple(theme.curves) == CURVE_KEYS


def test_curve_keys_are_the_models_curve_sources() -> None:
    assert set(CURVE_KEYS) == set(get_args(CurveSource))


def test_themes_are_named_by_their_key() -> None:
    assert list(THEMES) == ["default", "dark", "print", "auto"]
    assert all(theme.name == key for key, theme in THEMES.items())


def test_themes_are_truly_frozen() -> None:
    theme = THEMES["default"]
    with pytest.raises(TypeError):
        theme.cards["touchpoint"] = theme.cards["action"]  # type: ignore[index]
    with pytest.raises(TypeError):
        theme.curves["future"] = theme.curve  # type: ignore[index]
    with pytest.raises(TypeError):
        THEMES["mine"] = theme  # type: ignore[index]
    with pytest.raises(FrozenInstanceError):
        theme.text = "#000000"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        theme.curve.width = 9  # type: ignore[misc]


def test_a_theme_built_from_dicts_keeps_no_reference_to_them() -> None:
    base = THEMES["default"]
    cards = dict(base.cards)
    values = {f.name: getattr(base, f.name) for f in fields(base)}
    theme = Theme(**(values | {"cards": cards, "phase_colors": list(base.phase_colors)}))
    cards["touchpoint"] = base.cards["action"]
    assert theme.cards["touchpoint"] == base.cards["touchpoint"]
    assert theme.phase_colors == base.phase_colors
    assert theme == base


@pytest.mark.parametrize("theme", ALL_THEMES, ids=IDS)
def test_themes_hash_pickle_and_copy(theme: Theme) -> None:
    for clone in (pickle.loads(pickle.dumps(theme)), copy.deepcopy(theme)):
        assert clone == theme
        assert hash(clone) == hash(theme)
        assert type(clone.cards) is type(theme.cards)
    assert len({hash(t) for t in ALL_THEMES}) == len(THEMES)


# -- styles ---------------------------------------------------------------------------------


def test_styles_normalise_colours_and_numbers() -> None:
    assert LineStyle("#AABBCC", 2) == LineStyle("#aabbcc", 2.0, None)
    assert CardStyle("#FFFFFF", "#000000", "#000000", "1,2").fill == "#ffffff"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"color": "blue", "width": 1}, "color: 'blue' is not a colour; write it as '#rrggbb'"),
        ({"color": "#000000", "width": 0}, "width: 0 is not allowed; use a number > 0"),
        ({"color": "#000000", "width": -1}, "width: -1 is not allowed"),
        ({"color": "#000000", "width": float("nan")}, "width: nan is not allowed"),
        ({"color": "#000000", "width": True}, "width: True is not allowed"),
        ({"color": "#000000", "width": 1, "dash": "dotted"}, "dash: 'dotted' is not a dash"),
    ],
)
def test_line_style_refuses_bad_values(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(JourneyMapError, match=re.escape(message)):
        LineStyle(**kwargs)


# -- derive ----------------------------------------------------------------------------------


def test_derive_without_changes_is_an_equal_copy() -> None:
    base = THEMES["dark"]
    assert base.derive() == base
    assert base.derive().name == "dark"


def test_derive_replaces_fields_and_keeps_the_rest() -> None:
    base = THEMES["default"]
    mine = base.derive("mine", text="#000000", corner_radius=0, phase_tint=0.2)
    assert (mine.name, mine.text, mine.corner_radius, mine.phase_tint) == (
        "mine",
        "#000000",
        0.0,
        0.2,
    )
    unchanged = {"name", "text", "corner_radius", "phase_tint"}
    for f in fields(base):
        if f.name not in unchanged:
            assert getattr(mine, f.name) == getattr(base, f.name), f.name
    assert base.text == "#1f2328"


def test_derive_merges_cards_and_curves() -> None:
    base = THEMES["default"]
    pain = CardStyle("#ffe0e0", "#cc0000", "#000000")
    mine = base.derive(
        cards={"pain_points": pain, "doubts": {"dash": None, "fill": "#FFFFFF"}},
        curves={"future": {"width": 4}},
        curve={"color": "#000000"},
    )
    assert mine.cards["pain_points"] == pain
    assert mine.cards["doubts"] == CardStyle(
        "#ffffff", base.cards["doubts"].stroke, base.cards["doubts"].text, None
    )
    assert mine.curves["future"] == LineStyle(
        base.curves["future"].color, 4.0, base.curves["future"].dash
    )
    assert mine.curve == LineStyle("#000000", base.curve.width, base.curve.dash)
    for lane in CARD_KEYS:
        if lane not in ("pain_points", "doubts"):
            assert mine.cards[lane] == base.cards[lane]
    assert tuple(mine.cards) == CARD_KEYS
    assert type(mine.cards) is type(base.cards)
    assert base.cards["doubts"].dash == "4 3"


def test_derive_refuses_unknown_fields_and_lists_the_allowed_ones() -> None:
    with pytest.raises(JourneyMapError) as caught:
        THEMES["default"].derive(colour="#000000", fonts="Arial")
    message = str(caught.value)
    assert message.startswith("Theme.derive(): unknown field 'colour', 'fonts'; allowed: name, ")
    for f in fields(Theme):
        assert f.name in message.split("allowed: ")[1].split(", ")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"cards": {"pain_point": {}}}, "cards: unknown key 'pain_point'; allowed: touchpoint"),
        ({"curves": {"guess": {}}}, "allowed: assumed, measured, competitor, future"),
        (
            {"cards": {"doubts": {"colour": "#000000"}}},
            "cards > doubts: CardStyle has no field 'colour'; allowed: fill, stroke, text, dash",
        ),
        (
            {"curves": {"future": {"width": -2}}},
            "curves > future > width: -2 is not allowed",
        ),
        ({"visibility": {"dash": "--"}}, "visibility > dash: '--' is not a dash pattern"),
        ({"cards": "pastel"}, "cards: give a dict of the cards to change, not 'pastel'"),
        ({"text": "black"}, "theme 'default' > text: 'black' is not a colour"),
        ({"phase_tint": 1.5}, "theme 'default' > phase_tint: 1.5 is not allowed; use 0..1"),
        (
            {"phase_colors": ("#ffffff", "#000000")},
            "phase_text: give one text colour per phase colour (7 for 2)",
        ),
        ({"phase_text": ()}, "theme 'default' > phase_text: give a non-empty list of colours"),
        ({"curve": "#000000"}, "theme 'default' > curve: give a LineStyle"),
    ],
)
def test_derive_refuses_bad_values(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(JourneyMapError, match=re.escape(message)):
        THEMES["default"].derive(**overrides)


def test_theme_reports_every_problem_at_once() -> None:
    with pytest.raises(JourneyMapError) as caught:
        THEMES["default"].derive(text="black", muted="grey", corner_radius=-1)
    assert len(caught.value.problems) == 3


def test_theme_needs_every_lane() -> None:
    base = THEMES["default"]
    values = {f.name: getattr(base, f.name) for f in fields(base)}
    cards = {k: v for k, v in base.cards.items() if k != "persona"}
    with pytest.raises(JourneyMapError, match="theme 'default' > cards: missing persona"):
        Theme(**(values | {"cards": cards}))


# -- get_theme -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["default", "dark", "print"])
def test_get_theme_by_name(name: str) -> None:
    assert get_theme(name) is THEMES[name]


def test_get_theme_passes_a_theme_through() -> None:
    mine = THEMES["dark"].derive("mine")
    assert get_theme(mine) is mine


def test_get_theme_lists_the_names() -> None:
    with pytest.raises(JourneyMapError) as caught:
        get_theme("Dark")
    assert str(caught.value) == (
        "unknown theme 'Dark'; did you mean 'dark'? allowed: default, dark, print, auto"
    )


def test_get_theme_refuses_other_types() -> None:
    expected = "not dict; built-in themes: default, dark, print, auto"
    with pytest.raises(JourneyMapError, match=expected):
        get_theme({"background": "#000000"})  # type: ignore[arg-type]
