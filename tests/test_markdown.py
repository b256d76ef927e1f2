"""The Markdown renderer: golden output, escaping, lanes, locales, templates, options."""

from __future__ import annotations

import importlib.util
import runpy
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from journeymap import Journey, JourneyMap, JourneyMapError, load, render
from journeymap.escape import markdown_inline

from .conftest import GOLDEN, ROOT
from .safety import markdown_link_problems, shown_text

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


@pytest.mark.parametrize(
    ("name", "lanes"),
    [
        ("compact", "compact"),
        ("custom", ["emotion", "touchpoints", "pain_points", "channels"]),
    ],
)
def test_lane_choices_match_golden(
    name: str, lanes: object, golden: Callable[[str, str], None]
) -> None:
    model = load(ROOT / "examples" / "online_checkout.yaml")
    golden(f"markdown/online_checkout.{name}.md", render(model, "markdown", lanes=lanes))


def test_the_narrow_form_matches_golden(golden: Callable[[str, str], None]) -> None:
    model = load(ROOT / "examples" / "online_checkout.yaml")
    golden("markdown/online_checkout.phases.md", render(model, "markdown", table="phases"))


def test_the_narrow_form_has_a_table_per_phase_with_a_column_per_touchpoint() -> None:
    m = (
        Journey("Narrow")
        .phase("Empty", goal="Nothing yet")
        .phase("Buy", goal="Pay")
        .touchpoint("Cart", channel="web", emotion=1)
        .touchpoint("Pays | card", channel="web", emotion=-2, pain_points=["Fees", "Slow"])
        .build()
    )
    text = render(m, "markdown", table="phases")
    journey = text.split("## Journey", 1)[1].split("\n## ", 1)[0]
    assert "### Empty\n\nGoal: Nothing yet\n\n_no touchpoints_" in journey
    assert "| Touchpoint | **Cart** | **Pays \\| card** |" in journey
    assert "| Channel | Website (online) | Website (online) |" in journey
    assert "| Moment | positive | **critical** |" in journey
    assert "| Pain points |  | • Fees<br>• Slow |" in journey
    # Every table of the narrow form has a column per touchpoint of its phase, plus one.
    for line in journey.splitlines():
        if line.startswith("| Touchpoint |"):
            assert line.count(" | ") == 2


def test_spanish_example_in_english_uses_english_headers() -> None:
    text = render(_example(ROOT / "examples" / "oficina_tecnica.py"), "markdown", locale="en")
    assert "## Journey" in text
    assert "| Phase | Touchpoint | Actors | Duration | Action | Channel |" in text
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
        ("https://example.org/a", "https\\://example\\.org/a"),
        ("see HTTP://x.org.", "see HTTP\\://x\\.org."),
        ("www.example.org", "www\\.example\\.org"),
        ("(WWW.x.org)", "(WWW\\.x\\.org)"),
        ("ana@example.com", "ana\\@\u2060example\\.com"),
        ("mailto:ana@x.org", "mailto\\:ana\\@\u2060x\\.org"),
        ("a@\u2060b", "a\\@\u2060\u2060b"),
        ("-https://x.org", "-https\\://x\\.org"),
        ("1https://x", "1https\\://x"),
        ("x.ftp://x", "x\\.ftp\\://x"),
        ("+mailto:a", "+mailto\\:a"),
        ("1:30 or 1.5:2", "1:30 or 1.5:2"),
        ("javascript:alert(1)", "javascript\\:alert(1)"),
        ("ftp://x", "ftp\\://x"),
        ("at 10:30, Note: ok", "at 10:30, Note: ok"),
        ("e.g. example.org, i.e. x.io", "e.g. example\\.org, i.e. x\\.io"),
        ("2.5 stars, v1.2", "2.5 stars, v1.2"),
        ("//example.org", "//example\\.org"),
    ],
)
def test_markdown_inline_escaping(text: str, expected: str) -> None:
    assert markdown_inline(text) == expected


# Text that GitHub (cmark-gfm's autolink extension) or a linkify plugin turns into links.
# tests/test_github_links.py proves it with GitHub's own parser; here markdown-it (and
# its linkify plugin, when installed) reads the same text.
_LINKY = [
    "https://example.org/path?q=1",
    "http://example.org",
    "Visit www.example.org today",
    "WWW.EXAMPLE.ORG",
    "write to ana.lopez+cjm@example.co.uk",
    "mailto:ana@example.org",
    "xmpp:ana@example.org/home",
    "ftp://files.example.org",
    "-ftp://127.0.0.1/x",
    "1https://example.org",
    "<https://example.org>",
    "[x](https://example.org)",
    "javascript:alert(1)",
    "example.org",
    "see x.com now",
    "//example.org/path",
]


@pytest.mark.parametrize("text", _LINKY)
def test_map_text_never_becomes_a_link(text: str) -> None:
    source = markdown_inline(text)
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    if importlib.util.find_spec("linkify_it") is not None:  # pragma: no cover - optional
        md = MarkdownIt("commonmark", {"linkify": True}).enable(
            ["table", "strikethrough", "linkify"]
        )
    html = md.render(source)
    assert "<a" not in html
    assert markdown_link_problems(source) == []
    shown = html.removeprefix("<p>").removesuffix("</p>\n")
    assert shown_text(shown) == text


def test_links_in_a_rendered_map_are_plain_text() -> None:
    journey = (
        Journey("Help at www.example.org")
        .phase("Ask")
        .touchpoint("Mail ana@example.org", thoughts=["https://example.org/faq"])
    )
    text = render(journey, "markdown")
    assert markdown_link_problems(text) == []
    assert "<a" not in MarkdownIt("commonmark").enable("table").render(text)


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
    assert "| Emotion | assumed |  | `▆▁` |" in text
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
    assert (
        "| Phase | Touchpoint | Metric | Value | 95% interval | Target | Status | n | Source |"
        in text
    )
    assert "| P | A | NPS | +32 |  | +40 | below target | 120 |  |" in text
    assert "| P | B | Time | 90 s |  | 120 s | on target |  |  |" in text


def _measured() -> JourneyMap:
    """Three touchpoints, a metric with its interval and a measured curve with intervals."""
    model = (
        Journey("J")
        .phase("P")
        .touchpoint(
            "A",
            emotion=-1,
            metrics=[
                {"kind": "nps", "value": 37.2, "low": 28.1, "high": 46.2, "target": 40, "n": 120},
                {"kind": "drop-off", "value": 30, "target": 20, "unit": "%", "source": "logs"},
            ],
        )
        .touchpoint("B", emotion=1)
        .touchpoint("C", emotion=0)
        .touchpoint("D")
        .build()
    )
    data = model.model_dump(exclude_none=True)
    data["curves"] = [
        {
            "id": "survey",
            "name": "Survey",
            "source": "measured",
            "n": 50,
            "points": [
                {"touchpoint": "a", "value": -0.2, "low": -0.6, "high": 0.2, "n": 31},
                {"touchpoint": "b", "value": -0.5},
                {"touchpoint": "c", "value": 1},
                {"touchpoint": "d", "value": 2},
            ],
        },
        {"id": "rivals", "name": "Rivals", "source": "competitor", "points": {"a": 2}},
    ]
    return JourneyMap.model_validate(data)


def test_metrics_table_shows_the_interval_and_the_status_in_the_metrics_direction() -> None:
    text = render(_measured(), "markdown")
    assert "| P | A | NPS | +37.2 | 28.1–46.2 | +40 | below target | 120 |  |" in text
    # Lower is better for a drop-off rate: 30 % against a target of 20 % is above it.
    assert "| P | A | Drop-off | 30% |  | 20% | above target |  | logs |" in text


def test_metrics_table_in_spanish_writes_decimal_commas_and_its_status_words() -> None:
    text = render(_measured(), "markdown", locale="es")
    assert "| Intervalo del 95\u00a0% |" in text
    assert "| P | A | NPS | +37,2 | 28,1–46,2 | +40 | bajo la meta | 120 |  |" in text
    assert "| P | A | Abandono | 30\u00a0% |  | 20\u00a0% | sobre la meta |  | logs |" in text


def test_assumed_and_measured_gap_per_touchpoint_with_large_gaps_in_bold() -> None:
    lines = render(_measured(), "markdown").splitlines()
    start = lines.index("### Assumed and measured emotion")
    assert lines[start + 2 : start + 8] == [
        "| Phase | Touchpoint | Curve | Assumed | Measured | 95% interval | n | Gap |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        # the point's own n; else the curve's
        "| P | A | Survey | -1 | -0.2 | -0.6–0.2 | 31 | +0.8 |",
        "| P | B | Survey | +1 | -0.5 |  | 50 | **-1.5** |",
        "| P | C | Survey | 0 | +1 |  | 50 | **+1** |",
        "",
    ]
    # D has no emotion of its own and the competitor's curve is not measured: no rows.
    assert "| P | D |" not in "\n".join(lines[start:])
    assert "Rivals" not in "\n".join(lines[start:])
    assert lines[start + 8] == (
        "Gap: measured minus assumed, on the map's scale; a gap of 1 level or more is in bold."
    )
    # Left out without a measured curve, or without the metrics lane.
    assert "### Assumed" not in render(_tiny(), "markdown")
    assert "Assumed and measured" not in render(_measured(), "markdown", lanes="compact")


def test_channel_by_phase_matrix() -> None:
    journey = (
        Journey("J")
        .channel("WhatsApp")
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
        (
            {"colour": "red"},
            "the markdown renderer has no option 'colour'; "
            "allowed: locale, lanes, table, template_dir, template",
        ),
        (
            {"locale": "fr"},
            "markdown option 'locale': locale 'fr' is not supported; allowed: en, es",
        ),
        (
            {"template": "nope.md.j2"},
            "markdown option 'template': template 'nope.md.j2' not found",
        ),
        ({"template_dir": "/no/such/folder"}, "'/no/such/folder' is not a folder"),
        (
            {"template": 5},
            "markdown option 'template': expected the name of a template file such as "
            "'journey.md.j2'; got 5",
        ),
        ({"template": ""}, "markdown option 'template': expected the name of a template"),
        ({"template": ["journey.md.j2"]}, "option 'template': expected the name of a"),
        (
            {"template_dir": 5},
            "markdown option 'template_dir': expected the path (str or pathlib.Path) of a "
            "folder; got 5",
        ),
        ({"template_dir": ""}, "markdown option 'template_dir': expected the path"),
        ({"template_dir": b"/tmp"}, "markdown option 'template_dir': expected the path"),
        (
            {"locale": 5},
            "markdown option 'locale': expected a language such as 'en' or 'es', or None "
            "for the map's own; got 5",
        ),
        (
            {"lanes": "emotions"},
            "markdown option 'lanes': unknown lane 'emotions'; did you mean 'emotion'? "
            "allowed: touchpoints, actions,",
        ),
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


# Templates that reach for Python internals, processes or mutation: the sandbox stops each.
_UNSAFE = {
    "globals-popen": '{{ cycler.__init__.__globals__.os.popen("id").read() }}',
    "mro": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "model-class": "{{ map.__class__.__init__ }}",
    "list-append": "{% set x = [] %}{{ x.append(1) }}",
    "dict-update": "{{ map.model_config.update({}) }}",
    "format-attr": '{{ "{0.__class__}".format(map) }}',
    "namespace-import": "{{ lipsum.__globals__['os'] }}",
    # Reached the model module's globals and open() through |attr before Jinja2 3.1.6.
    "attr-format": (
        "{{ ('{0.__init__.__globals__[__name__]}|{0.__init__.__globals__[__builtins__][open]"
        ".__name__}'|attr('format'))(map) }}"
    ),
}


@pytest.mark.parametrize("source", _UNSAFE.values(), ids=_UNSAFE.keys())
def test_user_templates_run_in_a_sandbox(tmp_path: Path, source: str) -> None:
    (tmp_path / "evil.md.j2").write_text(source + "\n", encoding="utf-8")
    with pytest.raises(JourneyMapError) as info:
        render(_tiny(), "markdown", template_dir=tmp_path, template="evil.md.j2")
    message = str(info.value)
    assert message.startswith("template 'evil.md.j2' tried to ")
    assert " at evil.md.j2:1: unsafe; templates from template_dir run in Jinja2's sandbox" in (
        message
    )


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("line\n{{ nothing }}\n", "template 'evil.md.j2' failed at evil.md.j2:2: 'nothing'"),
        ("{{ nothing }}\n", "'nothing' is undefined; allowed: the variables"),
        ("{{ 1 / 0 }}\n", "failed at evil.md.j2:1: ZeroDivisionError: division by zero"),
        ("{{ range(10**6) | list }}\n", "The sandbox blocks ranges larger than"),
        (
            '{% include "missing.md.j2" %}\n',
            "template 'evil.md.j2' failed at evil.md.j2:1: it includes template "
            "'missing.md.j2', which is not in ",
        ),
        (
            'x\n{% include "../outside.md.j2" %}\n',
            "failed at evil.md.j2:2: it includes template '../outside.md.j2', which is not in ",
        ),
    ],
)
def test_user_template_failures_are_located_errors(
    tmp_path: Path, source: str, message: str
) -> None:
    (tmp_path / "evil.md.j2").write_text(source, encoding="utf-8")
    (tmp_path.parent / "outside.md.j2").write_text("secret\n", encoding="utf-8")
    with pytest.raises(JourneyMapError) as info:
        render(_tiny(), "markdown", template_dir=tmp_path, template="evil.md.j2")
    assert message in str(info.value)


def test_sandboxed_templates_still_read_the_whole_map(tmp_path: Path) -> None:
    source = (
        "{% for phase in map.phases %}{{ phase.name }}: "
        "{{ phase.touchpoints | map(attribute='name') | join(', ') }}\n{% endfor %}"
        "{{ map.touchpoint('step-two').pain_points | cell }}\n"
    )
    (tmp_path / "mine.md.j2").write_text(source, encoding="utf-8")
    text = render(_tiny(), "markdown", template_dir=tmp_path, template="mine.md.j2")
    assert text == "Only: Step one, Step two\nSlow\n"


def test_regional_locale_falls_back_to_language() -> None:
    assert "## Recorrido" in render(_tiny(), "markdown", locale="es-MX")
