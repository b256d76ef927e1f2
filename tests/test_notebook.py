"""Maps in notebooks: a real kernel runs a notebook and the cell shows the SVG map."""

from __future__ import annotations

import pytest

from journeymap import Journey, load
from journeymap.images.engine import engine_available

from .conftest import ROOT

nbformat = pytest.importorskip("nbformat", reason="the dev install (journeymap[dev]) has it")
nbclient = pytest.importorskip("nbclient", reason="the dev install (journeymap[dev]) has it")
PNG = engine_available()


def test_a_notebook_cell_shows_a_journey_as_svg() -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "from journeymap import Journey\n"
            "Journey('Checkout').phase('Buy').touchpoint('Pays', emotion=-2)"
        ),
        nbformat.v4.new_code_cell(
            "from journeymap import load\n"
            f"load({str(ROOT / 'examples' / 'online_checkout.yaml')!r})"
        ),
    ]
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3")
    client.execute()
    for cell, title in zip(notebook.cells, ("Checkout", "Online checkout"), strict=True):
        (output,) = cell.outputs
        assert output.output_type == "execute_result"
        data = output["data"]
        # Never text/markdown; a PNG too where the images extra is installed.
        assert set(data) == {"image/svg+xml", "text/plain"} | ({"image/png"} if PNG else set())
        assert data["image/svg+xml"].lstrip().startswith("<?xml")
        assert "<title id=" in data["image/svg+xml"]
        assert title in data["image/svg+xml"]
        assert "prefers-color-scheme: dark" in data["image/svg+xml"]  # the auto theme
        assert data["text/plain"].startswith(("Journey('Checkout'", "JourneyMap('Online"))


def test_reprs_are_one_line() -> None:
    m = load(ROOT / "examples" / "online_checkout.yaml")
    assert repr(m) == "JourneyMap('Online checkout', phases=4, touchpoints=11)"
    assert repr(Journey.from_map(m)) == "Journey('Online checkout', phases=4, touchpoints=11)"


def test_a_builder_that_cannot_build_shows_why() -> None:
    broken = Journey("T").phase("P").touchpoint("A").flow("a", "nowhere")
    bundle = broken._repr_mimebundle_()
    assert set(bundle) == {"text/plain"}
    assert "target 'nowhere' is not a touchpoint id" in bundle["text/plain"]
