"""Headless Chromium for the real-browser tests: Debian's package driven by Playwright.

The README's test command installs Chromium and the fonts (``scripts/system-deps.sh``).
Tests that use them are marked ``needs_browser``: when something is missing
(:func:`browser_missing` says what), they are skipped with that reason on a user's
machine and fail under ``JOURNEYMAP_REQUIRE_ALL=1``, as CI runs them (see conftest.py).
``JOURNEYMAP_CHROMIUM`` names another Chromium binary.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("JOURNEYMAP_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
FONTS = {
    "liberation": Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"),
    "emoji": Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"),
    "cjk": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    "dejavu": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
}
INSTALL = (
    "the README's test command (make test) installs Debian's chromium, fonts-liberation2, "
    "fonts-noto-color-emoji, fonts-noto-cjk and fonts-dejavu-core"
)


def browser_missing() -> str | None:
    """What the real-browser tests lack (Chromium, a font, Playwright), or ``None``."""
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is missing: {INSTALL}"
    missing = [str(path) for path in FONTS.values() if not path.is_file()]
    if missing:
        return f"fonts missing: {', '.join(missing)}: {INSTALL}"
    if importlib.util.find_spec("playwright") is None:
        return "the Python package playwright is missing: pip install -e '.[dev]' installs it"
    return None


@contextmanager
def chromium_page() -> Iterator[Any]:
    """A page of a headless Chromium, closed on exit; fails when one is not available."""
    missing = browser_missing()
    if missing is not None:
        pytest.fail(missing, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=ARGS, headless=True
        )
        try:
            yield browser.new_page()
        finally:
            browser.close()
