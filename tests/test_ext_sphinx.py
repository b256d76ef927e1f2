"""The Sphinx directive and MyST fences, through real ``sphinx-build`` runs.

Each test copies a tiny project from ``tests/sites/sphinx/`` and builds it in a
subprocess, as a user's ``sphinx-build -W`` would; the good site is built once for the
module. The built HTML is read back: every map is inline, no page has a duplicate id,
and every ``aria-labelledby`` resolves inside its own ``<svg>``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

SITES = Path(__file__).resolve().parent / "sites" / "sphinx"


def _sphinx(
    source: Path, out: Path, *, builder: str = "html", strict: bool = True, jobs: int = 1
) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-j",
        str(jobs),
        "-b",
        builder,
        "-d",
        str(out / "doctrees"),
        str(source),
        str(out / builder),
    ]
    if strict:
        command.insert(3, "-W")
    env = {
        **os.environ,
        "JOURNEYMAP_CACHE_DIR": str(out / "cache"),  # never the repository's
        # Sphinx's deprecated API, used by the extension, is an error.
        "PYTHONWARNINGS": ",".join(
            f"error::{category}:journeymap.ext.sphinx"
            for category in ("DeprecationWarning", "PendingDeprecationWarning")
        ),
    }
    return subprocess.run(
        command, capture_output=True, text=True, timeout=300, check=False, env=env
    )


def _copy(name: str, into: Path) -> Path:
    """A copy of project ``name`` with the one shared ``conf.py`` (two would clash as
    modules when pytest collects doctests)."""
    target = into / name
    shutil.copytree(SITES / name, target)
    shutil.copy(SITES / "conf.py", target / "conf.py")
    return target


class _Page(HTMLParser):
    """Every id of a page, and each top-level ``<svg>``'s ids and label references."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.svgs: list[tuple[set[str], list[str]]] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)
        if tag == "svg":
            self._depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._depth -= 1

    def _element(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg" and self._depth == 0:
            self.svgs.append((set(), []))
        values = dict(attrs)
        element_id = values.get("id")
        if element_id is not None:
            self.ids.append(element_id)
        if self._depth or tag == "svg":
            ids, labels = self.svgs[-1]
            if element_id is not None:
                ids.add(element_id)
            for name in ("aria-labelledby", "aria-describedby"):
                labels.extend((values.get(name) or "").split())


def _page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def _figures(html: str) -> list[str]:
    return re.findall(r'<figure class="journeymap[^"]*".*?</figure>', html, re.DOTALL)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The good site, built once with ``-W``; returns the HTML folder."""
    root = tmp_path_factory.mktemp("sphinx")
    source = _copy("site", root)
    result = _sphinx(source, root / "out")
    assert result.returncode == 0, result.stderr
    return root / "out" / "html"


@pytest.mark.needs_dot
def test_every_map_is_inline_in_its_page(site: Path) -> None:
    maps = (site / "maps.html").read_text(encoding="utf-8")
    figures = _figures(maps)
    # A file with lanes, the same file as a flow, inline YAML, the flow again.
    assert len(figures) == 4
    assert all("<svg" in figure for figure in figures)
    assert "Hidden fees" in figures[0]
    assert "Pays" in figures[1]
    assert "Confirms the e-mail" in figures[2]
    assert "<object" not in maps
    assert "<img" not in maps

    myst = (site / "guide" / "myst.html").read_text(encoding="utf-8")
    figures = _figures(myst)
    # A path from the source folder, the same file and options by a relative path, and
    # inline YAML as tables.
    assert len(figures) == 3
    assert "<svg" in figures[0]
    assert "Hidden fees" in figures[0]
    assert "<svg" in figures[1]
    assert "Hidden fees" in figures[1]
    assert "<table" in figures[2]
    assert "<svg" not in figures[2]
    assert "Prints the label" in figures[2]


@pytest.mark.needs_dot
def test_options_reach_the_render(site: Path) -> None:
    maps = _figures((site / "maps.html").read_text(encoding="utf-8"))
    myst = _figures((site / "guide" / "myst.html").read_text(encoding="utf-8"))
    # The same file with three sets of options: three different drawings.
    assert len({maps[0], maps[1], myst[0]}) == 3
    # The flow is Graphviz's drawing (its node group), the map is not.
    assert 'class="node"' in maps[1]
    assert 'class="node"' not in maps[0]


@pytest.mark.needs_dot
def test_no_duplicate_ids_and_every_label_resolves_in_its_svg(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    svg_count = 0
    for path in pages:
        page = _page(path)
        duplicates = sorted({i for i in page.ids if page.ids.count(i) > 1})
        assert duplicates == [], f"{path.name}: duplicate ids {duplicates}"
        for ids, labels in page.svgs:
            svg_count += 1
            missing = [label for label in labels if label not in ids]
            assert missing == [], f"{path.name}: aria reference outside its svg: {missing}"
    assert svg_count == 6  # four in maps.html, two in guide/myst.html


def test_a_broken_map_fails_a_strict_build_with_its_location(tmp_path: Path) -> None:
    source = _copy("broken", tmp_path)
    result = _sphinx(source, tmp_path / "out")
    assert result.returncode != 0
    log = result.stderr
    index, fence = source / "index.rst", source / "fence.md"
    # Inline YAML: the page's line of the bad value, and its column in the indented page.
    assert re.search(rf"{re.escape(str(index))}:17: ERROR: journeymap: .*:17:52: .*emotion", log)
    # MyST fence: the page's line and column of the bad value.
    assert re.search(rf"{re.escape(str(fence))}:11: ERROR: journeymap: .*:11:49: .*emotion", log)
    # A map file: the directive's line, and the file's own line in the message.
    assert re.search(
        rf"{re.escape(str(index))}:21: ERROR: journeymap: .*broken\.yaml:9:.*emotion", log
    ), log
    # A bad option: the directive's line, and what is allowed.
    assert re.search(rf"{re.escape(str(index))}:25: ERROR: journeymap: .*poster", log), log
    # Neither or both of a path and content: the directive's line, and what to write.
    assert re.search(rf"{re.escape(str(index))}:30: ERROR: journeymap: .*not both", log), log
    assert re.search(rf"{re.escape(str(fence))}:16: ERROR: journeymap: .*no map", log), log
    # The pages still show each error in a box, with paths from the source folder.
    html = (tmp_path / "out" / "html" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="journeymap-error"') == 4
    assert "cannot draw the map at index.rst:17" in html
    assert "maps/broken.yaml:9:18: phase" in html
    assert str(tmp_path) not in html


def test_a_broken_map_is_logged_without_failing_a_lenient_build(tmp_path: Path) -> None:
    source = _copy("broken", tmp_path)
    result = _sphinx(source, tmp_path / "out", strict=False)
    assert result.returncode == 0, result.stderr
    assert f"{source / 'fence.md'}:11: ERROR: journeymap:" in result.stderr


@pytest.mark.needs_dot
def test_editing_the_map_file_rebuilds_its_pages(tmp_path: Path) -> None:
    source = _copy("site", tmp_path)
    out = tmp_path / "out"
    assert _sphinx(source, out).returncode == 0
    before = {
        name: (out / "html" / name).read_text(encoding="utf-8")
        for name in ("maps.html", "guide/myst.html")
    }
    assert all("Pays by card" not in text for text in before.values())

    map_file = source / "maps" / "checkout.yaml"
    map_file.write_text(
        map_file.read_text(encoding="utf-8").replace("name: Pays", "name: Pays by card"),
        encoding="utf-8",
    )
    result = _sphinx(source, out)  # incremental: no -E, the same doctrees
    assert result.returncode == 0, result.stderr
    for name, old in before.items():
        new = (out / "html" / name).read_text(encoding="utf-8")
        assert new != old, name
        assert "Pays by card" in new, name


@pytest.mark.needs_dot
def test_other_builders_get_the_markdown_tables_in_parallel(tmp_path: Path) -> None:
    source = _copy("site", tmp_path)
    result = _sphinx(source, tmp_path / "out", builder="text", jobs=2)
    assert result.returncode == 0, result.stderr  # -W: no "not parallel safe" warning
    text = (tmp_path / "out" / "text" / "maps.txt").read_text(encoding="utf-8")
    assert "<svg" not in text
    assert "| **Buy** | Pays |" in text
    assert "| **Register** | Fills the form |" in text


def _widened_site(tmp_path: Path) -> Path:
    """A one-page site whose map file makes journeymap warn (a Mermaid score of 7)."""
    source = tmp_path / "widened"
    (source / "maps").mkdir(parents=True)
    shutil.copy(SITES / "conf.py", source / "conf.py")
    (source / "maps" / "w.mmd").write_text(
        "journey\n  title Widened\n  section Pay\n    Card: 7: Me\n", encoding="utf-8"
    )
    (source / "index.rst").write_text(
        "Widened\n=======\n\n.. journeymap:: maps/w.mmd\n", encoding="utf-8"
    )
    return source


def test_a_maps_warning_fails_a_strict_build_at_the_directive(tmp_path: Path) -> None:
    source = _widened_site(tmp_path)
    result = _sphinx(source, tmp_path / "out")
    assert result.returncode != 0
    assert re.search(
        rf"{re.escape(str(source / 'index.rst'))}:4: WARNING: journeymap: \S*w\.mmd:4:5: "
        r"score '7' of task 'Card' is outside Mermaid's 1\.\.5",
        result.stderr,
    ), result.stderr


def test_a_maps_warning_is_logged_by_a_lenient_build_every_time(tmp_path: Path) -> None:
    source = _widened_site(tmp_path)
    for _ in range(2):  # the second build reads the map again (its page is rebuilt)
        (source / "index.rst").touch()
        result = _sphinx(source, tmp_path / "out", strict=False)
        assert result.returncode == 0, result.stderr
        assert f"{source / 'index.rst'}:4: WARNING: journeymap:" in result.stderr
        assert "MermaidImportWarning" not in result.stderr  # no raw Python warning
