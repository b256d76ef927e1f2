"""A map's text never becomes a link on GitHub: proven with GitHub's own Markdown parser.

GitHub renders Markdown with cmark-gfm and its autolink extension, which links
``http://``, ``https://`` and ``ftp://`` URLs, ``www.`` addresses and e-mail addresses
(also after ``mailto:`` and ``xmpp:``). It finds e-mail addresses after inline parsing,
in the merged text, where no backslash escape is left. These tests convert the Markdown
renderer's output with the real parser (``cmarkgfm``) and check that no ``<a`` appears,
while the reader still sees exactly what the user wrote (the invisible U+2060 WORD
JOINER written after each ``@`` aside).
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap import JourneyMap, load, render
from journeymap.escape import markdown_inline

from .conftest import ROOT
from .safety import github_html, markdown_link_problems, shown_text
from .strategies import hostile_text

# Text that GitHub links when it is written as it is.
LINKY = [
    "https://example.org/path?q=1",
    "http://example.org",
    "HTTPS://EXAMPLE.ORG",
    "ftp://files.example.org",
    "Visit www.example.org today",
    "WWW.EXAMPLE.ORG",
    "help@example.com",
    "write to ana.lopez+cjm@example.co.uk",
    "a_b@c.de",
    "mailto:ana@example.org",
    "xmpp:ana@example.org/home",
    "<https://example.org>",
    "<ana@example.org>",
    "[x](https://example.org)",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "sftp://files.example.org",
    "git+ssh://git@example.org/repo.git",
    "irc://irc.example.org/chan",
    "tel:+34600000000 and sms:+34600000000",
    "data:text/html,<b>x</b>",
    "-ftp://127.0.0.1/x",
    "-https://example.org",
    "+https://example.org",
    ".https://example.org",
    "1https://example.org",
    "x-https://example.org",
    "a.b+c-https://example.org",
    "9www.example.org",
    "(www.example.org)",
    "*https://example.org*",
    "_www.example.org_",
    "~ana@example.org~",
    "ana@example.org.",
    "&#64;ana&#x40;example.org",
    "ana&#64;example.org",
    "name\\@example.org",
    "name@\u2060example.org",
    "1.https://example.org",
    "https:// example.org",
    "https:\\//example.org",
    "e.g. example.org, i.e. x.io",
    "line one\nhttps://example.org\nana@example.org",
]


def _shown_in_a_paragraph(source: str) -> str:
    html = github_html(source)
    return shown_text(html.removeprefix("<p>").removesuffix("</p>\n"))


def _table(cell: str) -> str:
    return f"| head | other |\n| --- | --- |\n| {cell} | x |\n"


def _shown_in_a_cell(source: str) -> str:
    html = github_html(_table(source))
    cell = html.split("<td>", 1)[1].split("</td>", 1)[0]
    return shown_text(cell)


@pytest.mark.parametrize("text", LINKY)
def test_text_written_in_a_paragraph_is_no_link_on_github(text: str) -> None:
    source = markdown_inline(text)
    assert markdown_link_problems(source) == []
    assert _shown_in_a_paragraph(source) == text


@pytest.mark.parametrize("text", LINKY)
def test_text_written_in_a_table_cell_is_no_link_on_github(text: str) -> None:
    source = markdown_inline(text)
    assert markdown_link_problems(_table(source)) == []
    assert _shown_in_a_cell(source) == text


def test_the_checker_sees_links() -> None:
    # The parser really links what these tests guard against, so they can fail.
    for text in ("https://example.org", "www.example.org", "help@example.com"):
        assert markdown_link_problems(text) != []
        assert markdown_link_problems(_table(text)) != []
    assert markdown_link_problems("help\\@example\\.com") != []
    assert markdown_link_problems("-https\\://example.org") == []


def test_the_joiner_after_at_is_invisible_and_only_one() -> None:
    source = markdown_inline("a@b and c@\u2060d")
    assert source == "a\\@\u2060b and c\\@\u2060\u2060d"


# Every free-text field of a map: where the Markdown renderer may show it.
_FREE_TEXT = {
    "title",
    "name",
    "description",
    "goals",
    "needs",
    "frustrations",
    "quote",
    "objective",
    "scenario",
    "expectations",
    "goal",
    "action",
    "thoughts",
    "doubts",
    "opportunities",
    "pain_points",
    "frontstage",
    "backstage",
    "support",
    "evidence",
    "duration",
    "label",
    "feeling",
}


def _linky_map() -> tuple[JourneyMap, list[str]]:
    """The checkout example with a URL or an address after every free text, each tagged."""
    data = load(ROOT / "examples" / "online_checkout.yaml").model_dump(
        mode="json", exclude_none=True
    )
    written: list[str] = []

    def linky(value: str) -> str:
        text = f"{value} k{len(written)}k {LINKY[len(written) % len(LINKY)]}"
        written.append(text)
        return text

    def walk(node: Any, key: str | None) -> Any:
        if isinstance(node, dict):
            changed = {name: walk(value, name) for name, value in node.items()}
            if "kind" in node and "value" in node and isinstance(node.get("source"), str):
                changed["source"] = linky(node["source"])  # a metric's source is text
            return changed
        if isinstance(node, list):
            return [walk(item, key) for item in node]
        if isinstance(node, str) and key in _FREE_TEXT:
            return linky(node)
        return node

    return JourneyMap.model_validate(walk(data, None)), written


@pytest.mark.parametrize("table", ["wide", "phases"])
def test_no_field_of_a_rendered_map_becomes_a_link_on_github(table: str) -> None:
    model, written = _linky_map()
    source = render(model, "markdown", table=table)
    assert markdown_link_problems(source) == []
    shown = shown_text(github_html(source))
    seen = [text for index, text in enumerate(written) if f" k{index}k " in shown]
    assert len(seen) >= len(written) * 4 // 5, "most fields reach the Markdown"
    for text in seen:
        assert text in shown


_LINK_PIECES = st.sampled_from(
    [
        "https://",
        "http://",
        "ftp://",
        "www.",
        "WWW.",
        "@",
        "mailto:",
        "xmpp:",
        "example.org",
        "a.b",
        "x",
        "-",
        "+",
        ".",
        "1",
        "_",
        "/",
        ":",
        "\\",
        "\u2060",
        " ",
        "\n",
        "&#64;",
        "<",
        ">",
        "(",
        ")",
        "*",
        "~",
    ]
)
LINK_TEXT = st.one_of(
    st.lists(_LINK_PIECES, max_size=12).map("".join),
    st.lists(st.one_of(_LINK_PIECES, hostile_text(3)), max_size=6).map("".join),
)


def _expected(text: str) -> str:
    """What a reader sees of ``text``: GFM trims each line's ends around a break."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n")
    return "\n".join(lines)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINK_TEXT)
def test_hostile_text_is_no_link_on_github(text: str) -> None:
    source = markdown_inline(text)
    assert markdown_link_problems(source) == [], (text, source)
    assert markdown_link_problems(_table(source)) == [], (text, source)
    assert _shown_in_a_paragraph(source) == _expected(text), source
    assert _shown_in_a_cell(source) == _expected(text), source


def _seconds(text: str) -> float:
    start = time.perf_counter()
    markdown_inline(text)
    return time.perf_counter() - start


@pytest.mark.parametrize(
    "unit",
    ["a-", "x1.", "https:", "a:b ", "www.", "a@b.", "-https://x.org ", "1:"],
)
def test_escaping_takes_linear_time(unit: str) -> None:
    small = unit * 2_000
    large = unit * 20_000
    _seconds(small)  # warm up
    ratio = min(_seconds(large) for _ in range(3)) / min(_seconds(small) for _ in range(3))
    assert ratio < 25, f"10x the text took {ratio:.1f}x the time"
