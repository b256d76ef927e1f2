"""```journeymap fences: real MkDocs builds of tests/sites/mkdocs, and Python-Markdown."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

SITE = Path(__file__).resolve().parent / "sites" / "mkdocs"

MAP = """title: Returns
phases:
  - id: ask
    name: Ask
    touchpoints:
      - {id: form, name: Fills the form, channel: web, emotion: -1}
"""


# --- helpers --------------------------------------------------------------------------


class _Page(HTMLParser):
    """Every id of a page, and, per top-level <svg>, its ids and the ids its aria-* name."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.svgs: list[tuple[set[str], list[str]]] = []
        self.figures: list[str] = []
        self.errors = 0
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "figure":
            self.figures.append(found.get("class", ""))
        if "journeymap-error" in found.get("class", "").split():
            self.errors += 1
        if tag == "svg":
            if self._depth == 0:
                self.svgs.append((set(), []))
            self._depth += 1
        if "id" in found:
            self.ids.append(found["id"])
            if self._depth:
                self.svgs[-1][0].add(found["id"])
        if self._depth:
            for name in ("aria-labelledby", "aria-describedby"):
                self.svgs[-1][1].extend(found.get(name, "").split())

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._depth -= 1


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def _assert_ids_sound(page: _Page) -> None:
    duplicates = sorted({i for i in page.ids if page.ids.count(i) > 1})
    assert duplicates == []
    for ids, references in page.svgs:
        assert set(references) <= ids


def _copy_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    return site


def _build(site: Path, *, strict: bool = True) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mkdocs", "build", "-v", "-d", str(site / "out")]
    if strict:
        command.append("--strict")
    env = {**os.environ, "JOURNEYMAP_CACHE_DIR": str(site / "cache")}
    return subprocess.run(
        command, cwd=site, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def _output(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout + result.stderr


# --- real MkDocs builds ---------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = _copy_site(tmp_path_factory.mktemp("mkdocs"))
    result = _build(site)
    assert result.returncode == 0, _output(result)
    return site, _output(result)


@pytest.mark.needs_dot
def test_strict_build_embeds_each_map_with_sound_ids(built: tuple[Path, str]) -> None:
    site, _ = built
    index = _parse((site / "out" / "index.html").read_text(encoding="utf-8"))
    assert index.figures == [
        "journeymap journeymap-map journeymap-fit-natural",
        "journeymap journeymap-map journeymap-fit-natural",
        "journeymap journeymap-flow journeymap-fit-natural",
        "journeymap journeymap-table",
    ]
    assert len(index.svgs) == 3  # the inline map, the file's map, the flow
    assert sum(1 for _, references in index.svgs if references) == 2  # the two maps
    assert index.errors == 0
    _assert_ids_sound(index)
    html = (site / "out" / "index.html").read_text(encoding="utf-8")
    assert "Fills the returns form" in html
    assert "Gets a receipt" in html
    assert "<table>" in html
    assert 'class="nb">print' in html
    nested = _parse((site / "out" / "nested" / "index.html").read_text(encoding="utf-8"))
    assert nested.figures == ["journeymap journeymap-map journeymap-fit-width"]
    _assert_ids_sound(nested)


@pytest.mark.needs_dot
def test_second_build_of_an_unchanged_site_renders_nothing(built: tuple[Path, str]) -> None:
    site, first = built
    assert "journeymap: docs/index.md: rendered 4 maps, 0 from cache" in first
    assert "journeymap: docs/nested.md: rendered 1 map, 0 from cache" in first
    cache = site / "cache"
    before = {entry.name: entry.stat().st_mtime_ns for entry in cache.iterdir()}
    assert len(before) == 5
    result = _build(site)
    assert result.returncode == 0, _output(result)
    assert "journeymap: docs/index.md: rendered 0 maps, 4 from cache" in _output(result)
    assert "journeymap: docs/nested.md: rendered 0 maps, 1 from cache" in _output(result)
    after = {entry.name: entry.stat().st_mtime_ns for entry in cache.iterdir()}
    assert after == before  # nothing written: no entry made or replaced


BROKEN_TOP = """---
title: Broken
---
# A broken map

```journeymap view="map"
title: Broken
phases: 3
```
"""

BROKEN_NESTED = """# A broken fence

!!! warning

    ```journeymap view="flowchart"
    file: maps/checkout.yaml
    ```
"""


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        pytest.param(
            BROKEN_TOP,
            "journeymap fence at docs/broken.md:6: docs/broken.md:8:9: phases: expected a "
            "list; got 3 (int)",
            id="top-level fence, after front matter",
        ),
        pytest.param(
            BROKEN_NESTED,
            "journeymap fence at docs/broken.md:5: option 'view': "
            "'flowchart' is not a view; did you mean 'flow'? allowed: map, flow, table",
            id="SuperFences fence in an admonition",
        ),
    ],
)
def test_broken_map_fails_a_strict_build_with_its_place(
    tmp_path: Path, page: str, expected: str
) -> None:
    site = _copy_site(tmp_path)
    (site / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (site / "docs" / "nested.md").unlink()
    (site / "docs" / "broken.md").write_text(page, encoding="utf-8")
    result = _build(site)
    assert result.returncode != 0
    assert expected in _output(result)
    assert "Error reading page 'broken.md'" in _output(result)
    assert "Traceback" not in _output(result)


def test_broken_map_shows_an_error_box_in_a_non_strict_build(tmp_path: Path) -> None:
    site = _copy_site(tmp_path)
    (site / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (site / "docs" / "nested.md").unlink()
    (site / "docs" / "broken.md").write_text(BROKEN_TOP, encoding="utf-8")
    result = _build(site, strict=False)
    assert result.returncode == 0, _output(result)
    assert (
        "WARNING -  journeymap fence at docs/broken.md:6: docs/broken.md:8:9: phases: "
        "expected a list; got 3 (int)"
    ) in _output(result)
    html = (site / "out" / "broken" / "index.html").read_text(encoding="utf-8")
    assert _parse(html).errors == 1
    assert "journeymap: cannot draw the map at docs/broken.md:6" in html
    assert "docs/broken.md:8:9: phases: expected a list; got 3 (int)</pre>" in html


# --- Python-Markdown, in this process -------------------------------------------------


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNEYMAP_CACHE_DIR", str(tmp_path / "cache"))


def test_other_fences_are_left_alone() -> None:
    text = (
        "````markdown\n```journeymap\ntitle: shown, not drawn\n```\n````\n\n"
        "~~~python\nx = 1\n~~~\n\n```journeymap\n" + MAP + "```\n"
    )
    html = markdown.markdown(text, extensions=["journeymap", "fenced_code"])
    assert html.count("<figure") == 1
    assert "title: shown, not drawn" in html
    assert '<code class="language-python">x = 1' in html


def test_same_map_twice_on_a_page_keeps_ids_unique() -> None:
    fence = "```journeymap\n" + MAP + "```\n\n"
    html = markdown.markdown(fence * 3, extensions=["journeymap"])
    page = _parse(html)
    assert len(page.svgs) == 3
    assert all(references for _, references in page.svgs)
    _assert_ids_sound(page)


def test_unquoted_option_is_an_error_box_and_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    text = "# Map\n\n```journeymap view=flow\n" + MAP + "```\n"
    with caplog.at_level(logging.WARNING):
        html = markdown.markdown(text, extensions=["journeymap"])
    assert _parse(html).errors == 1
    assert "view=&quot;flow&quot;" in html
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == [
        "journeymap fence at <markdown>:3: option 'view': put its value in quotes, "
        'view="flow" (SuperFences needs them too)'
    ]


def test_unclosed_fence_is_an_error_box() -> None:
    html = markdown.markdown("```journeymap\n" + MAP, extensions=["journeymap"])
    assert _parse(html).errors == 1
    assert "never closed" in html


def test_strict_option_stops_at_a_broken_map() -> None:
    text = 'Intro\n\n```journeymap theme="drak"\n' + MAP + "```\n"
    with pytest.raises(Exception, match=r"<markdown>:3: option 'theme': 'drak' is not a theme"):
        markdown.markdown(
            text, extensions=["journeymap"], extension_configs={"journeymap": {"strict": True}}
        )


def test_file_paths_are_relative_to_base_dir(tmp_path: Path) -> None:
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "returns.yaml").write_text(MAP, encoding="utf-8")
    text = '```journeymap view="table"\nfile: maps/returns.yaml\n```\n'
    html = markdown.markdown(
        text,
        extensions=["journeymap"],
        extension_configs={"journeymap": {"base_dir": str(tmp_path)}},
    )
    assert "Fills the form" in html
    assert "<table>" in html


# --- warnings of a map -----------------------------------------------------------------

WIDENING = "journey\n  title Widened\n  section Pay\n    Card: 7: Me\n"


def _warned_page(tmp_path: Path, strict: bool) -> str:
    (tmp_path / "w.mmd").write_text(WIDENING, encoding="utf-8")
    return markdown.markdown(
        "# Page\n\n```journeymap\nfile: w.mmd\n```\n",
        extensions=["journeymap"],
        extension_configs={"journeymap": {"base_dir": str(tmp_path), "strict": strict}},
    )


def test_a_maps_warning_is_logged_at_the_fence_every_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import warnings

    monkeypatch.setenv("JOURNEYMAP_CACHE_DIR", str(tmp_path / "cache"))
    for _ in range(2):  # the second build would find the drawing in the cache
        caplog.clear()
        with warnings.catch_warnings(record=True) as raw, caplog.at_level(logging.WARNING):
            warnings.simplefilter("always")
            html = _warned_page(tmp_path, strict=False)
        assert "Widened" in html
        assert raw == []  # no Python warning with a library's path leaks out
        logged = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert len(logged) == 1, logged
        assert logged[0].startswith("journeymap fence at <markdown>:3: ")
        assert "w.mmd:4:5: score '7' of task 'Card' is outside Mermaid's 1..5" in logged[0]
    assert not any((tmp_path / "cache").glob("**/*.html"))  # a map that warns is not kept


def test_a_maps_warning_stops_a_strict_build(tmp_path: Path) -> None:
    with pytest.raises(Exception, match=r"<markdown>:3: .*w\.mmd:4:5: score '7'.*strict build"):
        _warned_page(tmp_path, strict=True)


def test_a_long_file_reference_is_read_in_linear_time() -> None:
    from journeymap.ext.embed import _file_reference

    from .timing import growth_ratio

    def reference(spaces: int) -> object:
        return lambda: _file_reference("file: a" + " " * spaces + "b.yaml")

    assert growth_ratio(reference(5_000), reference(50_000)) < 25


def test_a_maps_warning_names_the_map_file_from_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs" / "maps").mkdir(parents=True)
    with caplog.at_level(logging.WARNING):
        _warned_page(tmp_path / "docs" / "maps", strict=False)
    (logged,) = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "<markdown>:3: docs/maps/w.mmd:4:5: score '7'" in logged
