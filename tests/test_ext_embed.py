"""The embedding core of the docs integrations: options, loading, HTML, ids and cache."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap import Journey
from journeymap.errors import JourneyMapError
from journeymap.escape import markdown_inline
from journeymap.ext import embed as embedding
from journeymap.ext.embed import (
    EmbedOptions,
    cache_stats,
    embed,
    error_box,
    load_map,
    make_ids_unique,
    parse_options,
    render_embed,
)
from journeymap.io import loads

from .strategies import hostile_text
from .test_github_links import LINK_TEXT

MAP = """title: Returns
phases:
  - id: ask
    name: Ask
    touchpoints:
      - {id: form, name: Fills the form, channel: web, emotion: -1}
  - id: send
    name: Send back
    touchpoints:
      - {id: label, name: Prints a label, channel: email, emotion: 1}
"""


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("JOURNEYMAP_CACHE_DIR", str(folder))
    return folder


def _message(excinfo: pytest.ExceptionInfo[JourneyMapError]) -> str:
    return str(excinfo.value)


# --- options --------------------------------------------------------------------------


def test_options_default_to_the_map_at_natural_size_in_auto_colours() -> None:
    assert parse_options({}, where="p.md:1") == EmbedOptions(
        view="map", lanes=None, theme="auto", locale=None, fit="natural"
    )


def test_options_as_written_are_kept() -> None:
    given = {"view": "table", "lanes": "compact", "theme": "dark", "locale": "es", "fit": "width"}
    assert parse_options(given, where="p.md:1") == EmbedOptions(**given)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (
            {"vew": "map"},
            "p.md:4: option 'vew': unknown option; did you mean 'view'? allowed: view, "
            "lanes, theme, locale, fit",
        ),
        ({"fit": "page"}, "p.md:4: option 'fit': 'page' is not a fit; allowed: natural, width"),
        ({"theme": "drak"}, "p.md:4: option 'theme': 'drak' is not a theme; did you mean 'dark'?"),
        ({"locale": "xx"}, "p.md:4: option 'locale': "),
        ({"lanes": "emotions"}, "p.md:4: option 'lanes': unknown lane 'emotions'"),
        (
            {"view": "flow", "lanes": "compact"},
            "p.md:4: option 'lanes': the flow has no lanes; allowed with view 'map' or 'table'",
        ),
        ({"theme": " "}, "p.md:4: option 'theme': has no value"),
    ],
)
def test_wrong_options_are_located_and_say_what_is_allowed(
    options: dict[str, str], expected: str
) -> None:
    with pytest.raises(JourneyMapError) as excinfo:
        parse_options(options, where="p.md:4")
    assert _message(excinfo).startswith(expected)


def test_every_wrong_option_is_reported_at_once() -> None:
    with pytest.raises(JourneyMapError) as excinfo:
        parse_options({"view": "x", "fit": "y"}, where="guide")
    assert [p.where for p in excinfo.value.problems] == ["option 'view'", "option 'fit'"]
    assert {p.source for p in excinfo.value.problems} == {"guide"}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"view": 'x" onmouseover="alert(1)'},
            "EmbedOptions: option 'view': 'x\" onmouseover=\"alert(1)' is not a view; "
            "allowed: map, flow, table",
        ),
        (
            {"view": "nope"},
            "EmbedOptions: option 'view': 'nope' is not a view; allowed: map, flow, table",
        ),
        (
            {"view": "flw"},
            "EmbedOptions: option 'view': 'flw' is not a view; did you mean 'flow'? "
            "allowed: map, flow, table",
        ),
        (
            {"fit": "widht"},
            "EmbedOptions: option 'fit': 'widht' is not a fit; did you mean 'width'? "
            "allowed: natural, width",
        ),
        (
            {"theme": "drak"},
            "EmbedOptions: option 'theme': 'drak' is not a theme; did you mean 'dark'?",
        ),
        ({"locale": "xx"}, "EmbedOptions: option 'locale': "),
        ({"lanes": "emotions"}, "EmbedOptions: option 'lanes': unknown lane 'emotions'"),
        (
            {"view": "flow", "lanes": "compact"},
            "EmbedOptions: option 'lanes': the flow has no lanes; allowed with view 'map' or "
            "'table' only",
        ),
        (
            {"view": 5},
            "EmbedOptions: option 'view': expected text, one of: map, flow, table; got 5 (int)",
        ),
        (
            {"lanes": ["touchpoints"]},
            "EmbedOptions: option 'lanes': expected text, lanes such as 'compact' or "
            "'touchpoints,emotion', or None; got ['touchpoints'] (list)",
        ),
        ({"locale": 1.5}, "EmbedOptions: option 'locale': expected text, a language such as"),
    ],
)
def test_embed_options_are_checked_when_made(fields: dict[str, object], expected: str) -> None:
    with pytest.raises(JourneyMapError) as excinfo:
        EmbedOptions(**fields)  # type: ignore[arg-type]
    assert _message(excinfo).startswith(expected)
    assert [p.path for p in excinfo.value.problems] == [(next(reversed(fields)),)]


def test_embed_options_and_fence_options_follow_one_rule() -> None:
    # Each fence option problem is the EmbedOptions one, at the fence's place.
    for fields in ({"view": "flw"}, {"fit": "page"}, {"theme": "drak"}, {"lanes": "emotions"}):
        with pytest.raises(JourneyMapError) as fence:
            parse_options(fields, where="p.md:4")
        with pytest.raises(JourneyMapError) as made:
            EmbedOptions(**fields)
        assert [p.message for p in fence.value.problems] == [p.message for p in made.value.problems]


def _unchecked(**fields: str) -> EmbedOptions:
    """Options made around the check (as a subclass or a copy might make them)."""
    options = object.__new__(EmbedOptions)
    for name, value in {**EmbedOptions().__dict__, **fields}.items():
        object.__setattr__(options, name, value)
    return options


def test_figure_attributes_are_escaped_whatever_the_options_hold() -> None:
    html = render_embed(loads(MAP), _unchecked(fit='width" onmouseover="alert(1)'))
    figure = html[: html.index(">") + 1]
    assert figure == (
        '<figure class="journeymap journeymap-map journeymap-fit-width&quot; '
        'onmouseover=&quot;alert(1)" style="margin:1em 0">'
    )


@pytest.mark.needs_dot
def test_figure_class_of_any_view_is_escaped() -> None:
    html = render_embed(loads(MAP), _unchecked(view='x" onmouseover="alert(1)'))
    figure = html[: html.index(">") + 1]
    assert figure.startswith(
        '<figure class="journeymap journeymap-x&quot; onmouseover=&quot;alert(1) '
    )


# --- loading --------------------------------------------------------------------------


def test_inline_yaml_problems_are_on_the_page_lines() -> None:
    with pytest.raises(JourneyMapError) as excinfo:
        load_map("title: T\nphases: 3\n", base_dir=Path(), where="docs/p.md:10")
    assert _message(excinfo) == "docs/p.md:12:9: phases: expected a list; got 3 (int)"


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".mmd"])
def test_file_reference_reads_each_format(tmp_path: Path, suffix: str) -> None:
    model = loads(MAP)
    texts = {
        ".yaml": MAP,
        ".json": json.dumps(model.model_dump(mode="json")),
        ".mmd": "journey\n  title Returns\n  section Ask\n    Fills the form: 2: Maya\n",
    }
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / f"returns{suffix}").write_text(texts[suffix], encoding="utf-8")
    found, read = load_map(f"file: 'maps/returns{suffix}'", base_dir=tmp_path, where="p.md:1")
    assert found.title == "Returns"
    assert read == tmp_path / "maps" / f"returns{suffix}"


def test_python_map_file_is_run(tmp_path: Path) -> None:
    (tmp_path / "map.py").write_text(
        "from journeymap import Journey\n"
        "journey = Journey('From Python').phase('P').touchpoint('T')\n",
        encoding="utf-8",
    )
    html, read = embed("file: map.py", {"view": "table"}, base_dir=tmp_path, where="p.md:1")
    assert "From Python" in html
    assert read == tmp_path / "map.py"


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("file: missing.yaml", "p.md:2: file: 'missing.yaml': no such file in "),
        ("file: map.txt", "p.md:2: file: cannot tell the format of 'map.txt' from its suffix"),
        ("file: /etc/map.yaml", "p.md:2: file: '/etc/map.yaml' is absolute; allowed: a path"),
        ("file:", "p.md:2: file: names no file"),
    ],
)
def test_wrong_file_references_are_refused(tmp_path: Path, reference: str, expected: str) -> None:
    with pytest.raises(JourneyMapError) as excinfo:
        load_map(reference, base_dir=tmp_path, where="p.md:2")
    assert _message(excinfo).startswith(expected)


def test_problems_in_a_map_file_name_that_file(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("title: T\nphases: 3\n", encoding="utf-8")
    with pytest.raises(JourneyMapError) as excinfo:
        embed("file: bad.yaml", {}, base_dir=tmp_path, where="p.md:2")
    assert _message(excinfo) == f"{tmp_path / 'bad.yaml'}:2:9: phases: expected a list; got 3 (int)"


# --- HTML -----------------------------------------------------------------------------


def _root_svg(html: str) -> str:
    found = re.search(r"<svg\b[^>]*>", html)
    assert found is not None
    return found.group(0)


def test_map_is_inline_at_natural_size_in_a_sideways_scroller() -> None:
    html = render_embed(loads(MAP), EmbedOptions())
    assert html.startswith('<figure class="journeymap journeymap-map journeymap-fit-natural"')
    assert '<div class="journeymap-scroll" style="overflow-x:auto;max-width:100%"' in html
    assert "<?xml" not in html
    root = _root_svg(html)
    box = re.search(r'viewBox="0,0,([0-9.]+),([0-9.]+)"', root)
    assert box is not None
    assert f'style="width:{box[1]}px;height:{box[2]}px;max-width:none"' in root


@pytest.mark.needs_dot
def test_flow_is_one_svg_unit_per_css_pixel() -> None:
    html = render_embed(loads(MAP), EmbedOptions(view="flow"))
    assert "<!DOCTYPE" not in html
    root = _root_svg(html)
    assert "pt" not in re.sub(r'xmlns[^ ]*"[^"]*"', "", root)  # Graphviz says points
    box = re.search(r'viewBox="[0-9.]+ [0-9.]+ ([0-9.]+) ([0-9.]+)"', root)
    assert box is not None
    assert f'width="{box[1]}" height="{box[2]}"' in root


def test_fit_width_scales_to_the_column() -> None:
    root = _root_svg(render_embed(loads(MAP), EmbedOptions(fit="width")))
    assert 'style="width:100%;height:auto;max-width:100%"' in root


def test_options_reach_the_renderer() -> None:
    dark = render_embed(loads(MAP), EmbedOptions(theme="dark", lanes="touchpoints,emotion"))
    light = render_embed(loads(MAP), EmbedOptions(theme="default"))
    assert dark != light
    assert "lane-emotion" in dark
    assert "lane-channels" not in dark
    assert "lane-channels" in light
    spanish = render_embed(loads(MAP), EmbedOptions(view="table", locale="es"))
    assert "Fase" in spanish or "fase" in spanish


def test_table_view_is_html_tables() -> None:
    html = render_embed(loads(MAP), EmbedOptions(view="table"))
    assert html.startswith('<figure class="journeymap journeymap-table">')
    assert "<table>" in html
    assert "Prints a label" in html
    assert "<svg" not in html
    assert "<h1" not in html  # the page has the title
    assert "<h2>Returns</h2>" in html


class _CellText(HTMLParser):
    """The text of every table cell (th, td) of an HTML fragment, as a reader sees it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[str] = []
        self.links = 0
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("td", "th"):
            self._open = True
            self.cells.append("")
        elif tag == "a":
            self.links += 1
        elif tag == "br" and self._open:
            self.cells[-1] += "\n"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._open = False

    def handle_data(self, data: str) -> None:
        if self._open:
            self.cells[-1] += data


# What the Markdown renderer backslash-escapes, written as users write it.
_PLAIN = [
    "help@example.com",
    "mailto:ana.lopez+cjm@example.co.uk",
    "https://example.org/a?b=c",
    "-https://example.org",
    "www.example.org",
    "<https://example.org>",
    "<ana@example.org>",
    "[x](https://example.org)",
    "a~b $c x:y at 10:30",
    "a | b and back\\slash",
    "C# and `code` and *em* and _em_",
    "- item",
    "12. item",
    "3) item",
    "e.g. example.org",
    "name@\u2060example.org",
    "two\nlines",
]


def test_table_view_shows_exactly_the_users_text_and_no_link() -> None:
    journey = Journey("Plain").phase("P")
    for index, text in enumerate(_PLAIN):
        journey = journey.touchpoint(f"T{index}", id=f"t{index}", action=text)
    html = render_embed(journey.build(), EmbedOptions(view="table"))
    cells = _CellText()
    cells.feed(html)
    assert cells.links == 0
    assert "<a " not in html
    for text in _PLAIN:
        assert text in cells.cells, text


def _collapsed(text: str) -> str:
    """``text`` as HTML shows it: runs of spaces and tabs are one space."""
    return re.sub(r"[ \t]+", " ", text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(LINK_TEXT, hostile_text(6)))
def test_table_view_shows_any_text_as_written(text: str) -> None:
    table = f"| head | other |\n| --- | --- |\n| {markdown_inline(text)} | x |\n"
    cells = _CellText()
    cells.feed(embedding._tables_html(table))
    assert cells.links == 0
    expected = "\n".join(text.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n"))
    assert _collapsed(cells.cells[2]) == _collapsed(expected)


def test_error_box_escapes_its_text() -> None:
    box = error_box("title: <script>alert(1)</script>", where="a<b>.md:3")
    assert "<script>" not in box
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in box
    assert "a&lt;b&gt;.md:3" in box
    assert 'class="journeymap-error"' in box


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.extend(value or "" for name, value in attrs if name == "id")


@pytest.mark.parametrize("view", ["map", pytest.param("flow", marks=pytest.mark.needs_dot)])
def test_ids_of_a_repeated_map_are_renamed_throughout(view: str) -> None:
    html = render_embed(loads(MAP), EmbedOptions(view=view))
    used: set[str] = set()
    copies = [make_ids_unique(html, used) for _ in range(3)]
    assert copies[0] == html
    parser = _Ids()
    parser.feed("".join(copies))
    assert len(parser.ids) == len(set(parser.ids))
    assert len(used) == 3
    # every reference (aria-labelledby, CSS selector) follows its copy's ids
    for copy in copies[1:]:
        prefix = re.search(r'\sid="(jm(?:-|&#45;)[0-9a-f]{8}_[0-9])', copy)
        assert prefix is not None
        assert not re.search(r"jm(?:-|&#45;)[0-9a-f]{8}(?![0-9a-f_])", copy)


# --- the cache ------------------------------------------------------------------------


def test_same_map_and_options_are_drawn_once(cache: Path) -> None:
    before = cache_stats()
    first, _ = embed(MAP, {"view": "map"}, base_dir=Path(), where="p.md:1")
    second, _ = embed(MAP, {"view": "map"}, base_dir=Path(), where="q.md:9")
    assert first == second
    assert (cache_stats().rendered - before.rendered, cache_stats().cached - before.cached) == (
        1,
        1,
    )
    assert len(list(cache.glob("*.html"))) == 1


def test_a_cache_hit_reads_neither_the_map_nor_the_renderer(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    embed(MAP, {}, base_dir=Path(), where="p.md:1")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("drawn again")

    monkeypatch.setattr(embedding, "_render_html", refuse)
    monkeypatch.setattr(embedding, "load_map", refuse)
    html, _ = embed(MAP, {}, base_dir=Path(), where="p.md:1")
    assert "<svg" in html


def test_changed_options_source_or_version_draw_again(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "m.yaml").write_text(MAP, encoding="utf-8")
    embed("file: m.yaml", {}, base_dir=tmp_path, where="p.md:1")
    before = cache_stats()
    embed("file: m.yaml", {"fit": "width"}, base_dir=tmp_path, where="p.md:1")
    (tmp_path / "m.yaml").write_text(MAP.replace("Returns", "Refunds"), encoding="utf-8")
    html, _ = embed("file: m.yaml", {}, base_dir=tmp_path, where="p.md:1")
    assert "Refunds" in html
    monkeypatch.setattr(embedding, "__version__", "99.0")
    embed("file: m.yaml", {}, base_dir=tmp_path, where="p.md:1")
    assert cache_stats().rendered - before.rendered == 3
    assert cache_stats().cached == before.cached
    assert len(list(cache.glob("*.html"))) == 4
    assert not list(cache.glob(".tmp-*"))


def test_render_embed_is_cached_by_the_map(cache: Path) -> None:
    before = cache_stats()
    render_embed(loads(MAP), EmbedOptions(view="table"))
    render_embed(
        loads(MAP + "\n# a comment changes the text, not the map\n"), EmbedOptions(view="table")
    )
    assert cache_stats().rendered - before.rendered == 1
    assert cache_stats().cached - before.cached == 1


def test_empty_cache_variable_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOURNEYMAP_CACHE_DIR", "")
    monkeypatch.chdir(tmp_path)
    before = cache_stats()
    embed(MAP, {"view": "table"}, base_dir=Path(), where="p.md:1")
    embed(MAP, {"view": "table"}, base_dir=Path(), where="p.md:1")
    assert cache_stats().rendered - before.rendered == 2
    assert list(tmp_path.iterdir()) == []


def test_default_cache_is_under_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("JOURNEYMAP_CACHE_DIR")
    monkeypatch.chdir(tmp_path)
    embed(MAP, {"view": "table"}, base_dir=Path(), where="p.md:1")
    assert len(list((tmp_path / ".cache" / "journeymap").glob("*.html"))) == 1


def test_a_map_naming_its_surveys_is_drawn_with_them_and_cached_by_them(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "map.yaml").write_text(
        "title: Returns\nsurveys: [answers.csv]\nphases:\n"
        "  - id: ask\n    name: Ask\n    touchpoints:\n"
        "      - {id: form, name: Fills the form, channel: web, emotion: -1}\n",
        encoding="utf-8",
    )
    answers = docs / "answers.csv"
    answers.write_text("touchpoint,kind,value\nform,csat,4\nform,csat,5\n", encoding="utf-8")
    before = cache_stats()
    html, read = embed("file: map.yaml", {}, base_dir=docs, where="p.md:1")
    assert read == docs / "map.yaml"
    assert "-curve-survey" in html  # the measured curve from the answers
    again, _ = embed("file: map.yaml", {}, base_dir=docs, where="p.md:1")
    assert again == html
    answers.write_text("touchpoint,kind,value\nform,csat,1\nform,csat,2\n", encoding="utf-8")
    changed, _ = embed("file: map.yaml", {}, base_dir=docs, where="p.md:1")
    assert changed != html
    stats = cache_stats()
    assert (stats.rendered - before.rendered, stats.cached - before.cached) == (2, 1)


def test_a_map_written_inline_as_json_reads_its_escapes(tmp_path: Path) -> None:
    data = {"title": "Café 😀", "phases": [{"id": "p", "name": "P", "touchpoints": []}]}
    source = json.dumps(data)  # ASCII, with the emoji as a surrogate pair of escapes
    assert "\\ud83d\\ude00" in source
    html, _ = embed(source, {"view": "table"}, base_dir=tmp_path, where="p.md:1")
    assert "Café 😀" in html
    with pytest.raises(JourneyMapError, match=r"^p\.md:6:12: phases: expected a list"):
        embed('{"title": "T",\n "phases": 3}', {}, base_dir=tmp_path, where="p.md:4")


@pytest.mark.parametrize(
    ("source", "options", "message"),
    [
        ("file: a" + "x" * 5_000 + ".yaml", {}, ": cannot be read: File name too long"),
        ("file: " + "y" * 3_000, {}, "' from its suffix; allowed: .yaml"),
        ("title: T", {"v" * 3_000: "x"}, ": unknown option; allowed: view"),
    ],
    ids=["name-too-long", "long-suffixless", "long-option"],
)
def test_long_names_are_cut_short_in_messages(
    tmp_path: Path, source: str, options: dict[str, str], message: str
) -> None:
    with pytest.raises(JourneyMapError) as info:
        embed(source, options, base_dir=tmp_path, where="p.md:1")
    text = str(info.value)
    assert message in text
    assert len(text) < 300
    assert "…" in text


def test_other_warnings_of_a_map_pass_on_once_and_leave_it_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import warnings

    monkeypatch.setenv("JOURNEYMAP_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "m.yaml").write_text("title: Old\nphases: []\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        from journeymap.ext import embed as module

        original = module.load_map

        def load_with_a_deprecation(*args: object, **kwargs: object) -> object:
            warnings.warn("old api", DeprecationWarning, stacklevel=1)
            return original(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(module, "load_map", load_with_a_deprecation)
        html, _ = embed("file: m.yaml", {}, base_dir=tmp_path, where="p.md:1")
    assert "Old" in html
    assert [(w.category, str(w.message)) for w in caught] == [(DeprecationWarning, "old api")]
    assert len(list((tmp_path / "cache").glob("**/*.html"))) == 1


def test_a_map_written_inline_as_a_yaml_flow_mapping_stays_yaml(tmp_path: Path) -> None:
    html, _ = embed(
        "{title: Trip, phases: []}", {"view": "table"}, base_dir=tmp_path, where="p.md:1"
    )
    assert "Trip" in html


def test_a_long_missing_path_keeps_its_file_name_in_the_message(tmp_path: Path) -> None:
    path = "/".join(["folder"] * 40) + "/q3-checkout.yaml"
    with pytest.raises(JourneyMapError, match=r"q3-checkout\.yaml': no such file"):
        embed(f"file: {path}", {}, base_dir=tmp_path, where="p.md:1")
