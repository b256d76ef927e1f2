"""A built docs page in a real browser: maps readable at 1280×800, in the reader's scheme.

The MkDocs test site (``tests/sites/mkdocs``) is built once; headless Chromium opens its
page in a 1280×800 window and reads what it draws: the size every text of an embedded
map is drawn at (its font size times the scale the page gives the drawing), and, with
the colour scheme emulated, the computed colours of an ``auto`` map.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from .browser import chromium_page
from .conftest import ROOT

pytestmark = [pytest.mark.needs_browser, pytest.mark.needs_dot]

_SIZES = """() => Array.from(document.querySelectorAll('figure.journeymap-map svg'))
  .map((svg) => {
  const scale = svg.getScreenCTM().a;
  const sizes = Array.from(svg.querySelectorAll('text'))
    .filter((t) => t.textContent.trim() !== '')
    .map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
  return [svg.id, Math.min(...sizes), sizes.length, svg.getBoundingClientRect().width];
})"""

_COLOURS = """() => Array.from(document.querySelectorAll('figure.journeymap-map svg'))
  .map((svg) => {
  const background = svg.querySelector('rect');
  const title = svg.querySelector('text');
  return [getComputedStyle(background).fill, getComputedStyle(title).fill];
})"""


@pytest.fixture(scope="module")
def page_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    site = tmp_path_factory.mktemp("page") / "site"
    shutil.copytree(ROOT / "tests" / "sites" / "mkdocs", site)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site / "out")],
        cwd=site,
        env={**os.environ, "JOURNEYMAP_CACHE_DIR": str(site / "cache")},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return (site / "out" / "index.html").as_uri()


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    with chromium_page() as opened:
        opened.set_viewport_size({"width": 1280, "height": 800})
        yield opened


def _luminance(css_colour: str) -> float:
    red, green, blue = (int(part) for part in re.findall(r"\d+", css_colour)[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


def test_every_text_of_an_embedded_map_is_drawn_at_11_px_or_more(page: Any, page_url: str) -> None:
    page.emulate_media(color_scheme="light")
    page.goto(page_url)
    maps = page.evaluate(_SIZES)
    assert len(maps) == 2  # the inline map and the one read from a file
    for svg_id, smallest, count, width in maps:
        assert count > 10, svg_id
        # 11 px at one SVG unit per CSS pixel; Chromium's scale may differ by 1/50,000.
        assert smallest >= 11 - 0.01, (svg_id, smallest)
        assert width > 0, svg_id


def test_an_auto_map_follows_the_readers_colour_scheme(page: Any, page_url: str) -> None:
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto(page_url)
        for background, text in page.evaluate(_COLOURS):
            back, fore = _luminance(background), _luminance(text)
            if scheme == "dark":
                assert back < 0.2, (scheme, background)
                assert fore > 0.7, (scheme, text)
            else:
                assert back > 0.7, (scheme, background)
                assert fore < 0.2, (scheme, text)
