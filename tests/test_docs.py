"""Every ```python block in the README and docs/ runs, in order, per file; the docs build.

The docs also build as a site (``make docs``), strictly, with every example drawn.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

DOCS = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    *sorted((ROOT / "docs").glob("*/*.md")),
]
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _blocks(path: Path) -> list[str]:
    return BLOCK.findall(path.read_text(encoding="utf-8"))


# A python block, and the text block right after it when there is one: its output.
BLOCK_AND_OUTPUT = re.compile(
    r"^```python\n(.*?)^```\n(?:\n```text\n(.*?)^```$)?", re.MULTILINE | re.DOTALL
)


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_python_blocks_run_and_print_what_the_docs_show(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": f"doc_{path.stem}"}
    text = path.read_text(encoding="utf-8")
    for number, match in enumerate(BLOCK_AND_OUTPUT.finditer(text), start=1):
        block, shown = match.group(1), match.group(2)
        code = compile(block, f"{path.name}, python block {number}", "exec", dont_inherit=True)
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            exec(code, namespace)
        if shown is not None:
            assert output.getvalue() == shown, f"{path.name}, python block {number}"


def test_readme_has_the_example_and_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _blocks(ROOT / "README.md"), "the README needs a runnable python example"
    assert "make examples" in readme
    assert "make test" in readme


def test_gallery_matches_the_code() -> None:
    gallery = runpy.run_path(str(ROOT / "scripts" / "gen_gallery.py"), run_name="gallery")
    files = gallery["gallery_files"]()
    # Three examples in three themes, one blueprint, the page, the README's close-up, the
    # Mermaid journey.
    assert len(files) == 3 * 3 + 1 + 1 + 1 + 1
    blueprint = ROOT / "docs" / "gallery" / "blueprint_telefono.blueprint.svg"
    assert blueprint in files
    assert "Blueprint del servicio" in files[blueprint]
    assert "](gallery/blueprint_telefono.blueprint.svg)" in files[ROOT / "docs" / "gallery.md"]
    for path, text in files.items():
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: make golden"
    flow = ROOT / "docs" / "gallery" / "online_checkout.flow.svg"
    assert "](gallery/online_checkout.flow.svg)" in files[ROOT / "docs" / "gallery.md"]
    assert "<title>t11</title>" in flow.read_text(encoding="utf-8")  # all 11 touchpoints


@pytest.mark.needs_dot
def test_the_docs_build_as_a_site_with_every_example_drawn(tmp_path: Path) -> None:
    # What `make docs` runs, into a temporary folder and cache.
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=ROOT,
        env={**os.environ, "JOURNEYMAP_CACHE_DIR": str(tmp_path / "cache")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "site" / "examples" / "index.html").read_text(encoding="utf-8")
    assert page.count('<figure class="journeymap journeymap-map') == 3
    assert page.count('<figure class="journeymap journeymap-flow') == 1
    assert page.count('<figure class="journeymap journeymap-table') == 1
    assert "```journeymap" not in page
    for name in ("integrations/mkdocs", "integrations/sphinx", "integrations/jupyter"):
        assert (tmp_path / "site" / name / "index.html").is_file()
