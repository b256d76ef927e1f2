"""The Markdown renderer: golden output, escaping, lanes, locales, templates, options."""

from __future__ import annotations

import runpy
from collections.abc import Callable
from pathlib import Path

import pytest

from journeymap import Journey, JourneyMapError, load, render
from journeymap.escape import markdown_inline

from .conftest import GOLDEN, ROOT

EXAMPLES = sorted((ROOT / "examples").glob("*.py"))
INPUTS = sorted((GOLDEN / "inputs").glob("*.yaml"))


def _example(path: Path) -> Journey:
    journey = runpy.run_path(str(path), run_name="__test__")["journey"]
    assert isinstance(journey, Journey)
    return journey


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_match_golden(path: Path, golden: Callable[[str, str], None]) -> None:
    golden(f"markdown/{path.stem}.md", render(_example(path), "markdown"))


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_edge_cases_match_golden(path: Path, golden: Callable[[str, str], None]) -> None:
    golden(f"markdown/{path.stem}.md", render(load(path), "markdown"))


def test_spanish_example_in_english_uses_english_headers() -> None:
    text = render(_example(ROOT / "examples" / "oficina_tecnica.py"), "markdown", locale="en")
    assert "## Journey" in text
    assert "| Phase | Touchpoint | Channel |" in text
    assert "Social media (online)" in text
    assert "## Recorrido" not in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain words", "plain words"),
        ("a | b", "a \\| b"),
        ("<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"),
        ("Tom & Jerry", "Tom &amp; Jerry"),
        ("&amp;", "&amp;amp;"),
        ("*em* _em_", "\\*em\\* \\_em\\_"),
        ("`code`", "\\`code\\`"),
        ("[x](y)", "\\[x\\](y)"),
        ("~~gone~~", "\\~\\~gone\\~\\~"),
        ("$5 and $10", "\\$5 and \\$10"),
        ("C# and F#", "C\\# and F\\#"),
        ("back\\slash", "back\\\\slash"),
        ("line\nbreak", "line<br>break"),
        ("crlf\r\nbreak", "crlf<br>break"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("---", "\\---"),
        ("12. item", "12\\. item"),
        ("3) item", "3\\) item"),
        ("-2", "-2"),
        ("+1", "+1"),
        ("2.5 stars", "2.5 stars"),
        ("  padded  ", "padded"),
        ("emoji 🎉 and 漢字", "emoji 🎉 and 漢字"),
    ],
)
def test_markdown_inline_escaping(text: str, expected: str) -> None:
    assert markdown_inline(text) == expected


def _tiny() -> Journey:
    return (
        Journey("Tiny")
        .phase("Only")
        .touchpoint("Step one", channel="web", emotion=1)
        .touchpoint("Step two", emotion=-2, pain_points=["Slow"])
    )


def test_only_lanes_with_content_get_columns() -> None:
    text = render(_tiny(), "markdown")
    header = next(line for line in text.splitlines() if line.startswith("| Phase | Touchpoint"))
    assert header == "| Phase | Touchpoint | Channel | Emotion | Moment | Pain points |"


def test_rows_group_touchpoints_under_their_phase() -> None:
    lines = render(_tiny(), "markdown").splitlines()
    start = lines.index("## Journey")
    assert (
        lines[start + 4]
        == "| **Only** | Step one | Website (online) | +1 · positive | positive |  |"
    )
    assert lines[start + 5] == "|  | Step two |  | -2 · very negative | **critical** | Slow |"


def test_sparkline_and_scale_legend() -> None:
    text = render(_tiny(), "markdown")
    assert "| Touchpoints | assumed |  | `▆▁` |" in text
    assert "Scale: lowest -2 to highest +2; │ separates phases; · no data" in text


def test_no_curve_section_without_emotions() -> None:
    text = render(Journey("J").phase("P").touchpoint("A"), "markdown")
    assert "## Emotion curve" not in text


def test_metrics_table_shows_status_against_target() -> None:
    journey = (
        Journey("J")
        .phase("P")
        .touchpoint("A", metrics=[{"kind": "nps", "value": 32, "target": 40, "n": 120}])
        .touchpoint("B", metrics=[{"kind": "time", "value": 90, "target": 120, "unit": "s"}])
    )
    text = render(journey, "markdown")
    assert "| P | A | NPS | +32 | +40 | below target | 120 |  |" in text
    assert "| P | B | Time | 90 s | 120 s | on target |  |  |" in text


def test_channel_by_phase_matrix() -> None:
    journey = (
        Journey("J")
        .phase("One")
        .touchpoint("A", channel="phone")
        .touchpoint("B", channel="phone")
        .phase("Two")
        .touchpoint("C", channel="WhatsApp")
    )
    text = render(journey, "markdown")
    assert "| Channel | Mode | One | Two |" in text
    assert "| Phone | offline | • A<br>• B |  |" in text
    assert "| WhatsApp |  |  | C |" in text


def test_user_template_dir_overrides_one_partial(tmp_path: Path) -> None:
    (tmp_path / "_metrics.md.j2").write_text("CUSTOM METRICS for {{ title }}\n", encoding="utf-8")
    text = render(_tiny(), "markdown", template_dir=tmp_path)
    assert "CUSTOM METRICS for Tiny" in text
    assert "## Journey" in text  # the other partials still come from the built-ins


def test_user_template_values_are_escaped_once(tmp_path: Path) -> None:
    (tmp_path / "mine.md.j2").write_text("{{ title }}\n", encoding="utf-8")
    text = render(Journey("A | <b>"), "markdown", template_dir=tmp_path, template="mine.md.j2")
    assert text == "A \\| &lt;b&gt;\n"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"colour": "red"}, "has no option 'colour'; allowed: locale, template_dir, template"),
        ({"locale": "fr"}, "locale 'fr' is not supported; allowed: en, es"),
        ({"template": "nope.md.j2"}, "template 'nope.md.j2' not found"),
        ({"template_dir": "/no/such/folder"}, "is not a folder"),
    ],
)
def test_bad_options_raise(options: dict[str, object], message: str) -> None:
    with pytest.raises(JourneyMapError, match=None) as info:
        render(_tiny(), "markdown", **options)
    assert message in str(info.value)


def test_template_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "broken.md.j2").write_text("line\n{% if %}\n", encoding="utf-8")
    with pytest.raises(JourneyMapError) as info:
        render(_tiny(), "markdown", template_dir=tmp_path, template="broken.md.j2")
    assert "broken.md.j2:2: template syntax error" in str(info.value)


def test_regional_locale_falls_back_to_language() -> None:
    assert "## Recorrido" in render(_tiny(), "markdown", locale="es-MX")
