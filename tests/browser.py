"""Headless Chromium for the real-browser tests: Debian's package driven by Playwright.

The README's test command installs Chromium and the fonts (``scripts/system-deps.sh``);
a missing one fails the test with a message saying so, it is never skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
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


@contextmanager
def chromium_page() -> Iterator[Any]:
    """A page of a headless Chromium, closed on exit."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: {INSTALL}", pytrace=False)
    missing = [str(path) for path in FONTS.values() if not path.is_file()]
    if missing:
        pytest.fail(f"fonts missing: {', '.join(missing)}: {INSTALL}", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=ARGS, headless=True
        )
        try:
            yield browser.new_page()
        finally:
            browser.close()
