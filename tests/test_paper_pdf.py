"""A PDF on pages of paper: the map split by phases, each page legible, text selectable."""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from journeymap import JourneyMap, JourneyMapError, load, render_image, save
from journeymap.analysis.surveys import apply_survey, read_answers

from .conftest import ROOT

SURVEYS = ROOT / "examples" / "surveys"
A4_LANDSCAPE = (841.89, 595.28)


@pytest.fixture(scope="module")
def measured() -> JourneyMap:
    model = load(SURVEYS / "checkout_assumed.yaml")
    return apply_survey(model, read_answers(SURVEYS / "online_checkout_answers.csv", model))


def _pages(data: bytes) -> list[tuple[tuple[float, float], str]]:
    """Each page's size in points and its text."""
    reader = PdfReader(io.BytesIO(data))
    return [
        ((float(page.mediabox.width), float(page.mediabox.height)), page.extract_text())
        for page in reader.pages
    ]


def test_a_map_on_a4_is_split_by_phases_into_pages_of_that_paper(
    measured: JourneyMap, tmp_path: Path
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every page legible: no warning
        path = save(measured, tmp_path / "checkout.pdf", paper="a4", lanes="compact")
    pages = _pages(path.read_bytes())
    assert len(pages) == 3
    for number, (size, text) in enumerate(pages, start=1):
        assert size == pytest.approx(A4_LANDSCAPE, abs=0.01)
        assert measured.title in text  # the map's title, and the footer's
        assert f"{number}/3" in text
    # Discover with the persona; Buy; Receive with After the purchase.
    assert "Maya, first-time buyer" in pages[0][1]
    assert "Maya, first-time buyer" not in pages[1][1]
    assert "Sees shipping costs" in pages[1][1]
    assert "Sees shipping costs" not in pages[0][1] + pages[2][1]
    assert "Recommends the shop" in pages[2][1]
    assert PdfReader(io.BytesIO(path.read_bytes())).metadata.title == measured.title


def test_portrait_turns_the_paper(measured: JourneyMap) -> None:
    with pytest.warns(UserWarning, match="of the letter PDF"):  # tall pages, narrow paper
        data = render_image(measured, "svg", "pdf", paper="letter", orientation="portrait")
    pages = _pages(data)
    assert {size for size, _ in pages} == {(612.0, 792.0)}


def test_a_page_that_cannot_be_read_is_drawn_and_named_in_a_warning(
    measured: JourneyMap,
) -> None:
    with pytest.warns(UserWarning, match="prints its smallest text at") as caught:
        data = render_image(measured, "svg", "pdf", paper="a4")  # all 15 lanes
    messages = [str(w.message) for w in caught]
    assert (
        "page 2 of the a4 PDF (buy) prints its smallest text at 4.2 pt: choose fewer lanes "
        "(lanes='compact') or a larger paper"
    ) in messages
    assert len(_pages(data)) == 4


def test_the_flow_goes_on_one_page_of_the_paper(measured: JourneyMap) -> None:
    pages = _pages(render_image(measured, "dot", "pdf", paper="a3"))
    assert len(pages) == 1
    assert pages[0][0] == pytest.approx((1190.55, 841.89), abs=0.01)
    assert "Sees shipping costs" in pages[0][1]


def test_the_same_map_on_paper_gives_the_same_bytes(measured: JourneyMap) -> None:
    first = render_image(measured, "svg", "pdf", paper="a4", lanes="compact")
    assert render_image(measured, "svg", "pdf", paper="a4", lanes="compact") == first


@pytest.mark.parametrize(
    ("image", "options", "message"),
    [
        ("pdf", {"paper": "a5"}, "svg image option 'paper': expected one of a4, a3, letter"),
        (
            "pdf",
            {"paper": "a4", "scale": 2},
            "svg image option 'scale': paper sizes the pages; give no scale with paper='a4'",
        ),
        (
            "pdf",
            {"orientation": "portrait"},
            "svg image option 'orientation': turns the paper: give paper too (a4, a3 or letter)",
        ),
        (
            "pdf",
            {"paper": "a4", "orientation": "sideways"},
            "svg image option 'orientation': expected one of landscape, portrait; got 'sideways'",
        ),
        (
            "png",
            {"paper": "a4"},
            "paper lays the svg image out on pages of a PDF; a PNG has no pages: export a PDF, "
            "or give a size",
        ),
    ],
)
def test_paper_mistakes_are_refused(
    measured: JourneyMap, image: str, options: dict[str, object], message: str
) -> None:
    with pytest.raises(JourneyMapError) as info:
        render_image(measured, "svg", image, **options)  # type: ignore[arg-type]
    assert message in str(info.value)


def test_the_command_line_lays_a_pdf_out_on_paper(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from journeymap.cli import main

    source = str(ROOT / "examples" / "online_checkout.yaml")
    out = tmp_path / "out"
    argv = ["render", source, "-f", "svg", "--image", "pdf", "-o", str(out)]
    assert main([*argv, "--paper", "a4", "--orientation", "landscape", "--lanes", "compact"]) == 0
    pages = _pages((out / "online_checkout.pdf").read_bytes())
    assert [size for size, _ in pages] == [pytest.approx(A4_LANDSCAPE, abs=0.01)] * 3
    capsys.readouterr()
    # All lanes: the pages are written, each unreadable one named at the map's file.
    assert main([*argv, "--paper", "a4", "--force"]) == 0
    err = capsys.readouterr().err
    assert f"{source}: warning: page 2 of the a4 PDF (buy) prints its smallest text" in err
    assert main([*argv, "--paper", "a4", "--force", "--strict"]) == 1
    capsys.readouterr()
    for flags, message in [
        (["--image", "png", "--paper", "a4"], "--paper lays a PDF out on pages: use --image pdf"),
        (["--orientation", "portrait"], "--orientation turns the paper: add --paper a4"),
        (["--paper", "a5"], "svg image option 'paper': expected one of a4, a3, letter"),
    ]:
        assert main([*argv, *flags]) == 1
        assert message in capsys.readouterr().err


def test_a_blueprint_too_small_to_read_on_the_paper_is_named_in_a_warning() -> None:
    from journeymap.cli import load_any
    from journeymap.paging import PaperWarning

    blueprint = load_any(ROOT / "examples" / "blueprint_telefono.py")
    with pytest.warns(PaperWarning) as caught:
        data = render_image(blueprint, "blueprint", "pdf", paper="a4")
    assert [str(w.message) for w in caught] == [
        "the a4 PDF of the blueprint view prints its smallest text at 4.3 pt: choose a larger "
        "paper, or export it without paper"
    ]
    assert len(_pages(data)) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # on A3 it reads: no warning
        render_image(blueprint, "blueprint", "pdf", paper="a3")


@pytest.mark.parametrize(
    "export",
    [
        lambda m, tmp: save(m, tmp / "map.pdf", paper="a4"),
        lambda m, tmp: save(m, tmp / "map.blueprint.pdf", paper="a4"),
        lambda m, tmp: render_image(m, "svg", "pdf", paper="a4"),
        lambda m, tmp: render_image(m, "blueprint", "pdf", paper="a4"),
    ],
    ids=["save-map", "save-blueprint", "render_image-map", "render_image-blueprint"],
)
def test_paper_warnings_point_at_the_users_call(export: Any, tmp_path: Path) -> None:
    from journeymap.paging import PaperWarning

    m = load(ROOT / "examples" / "online_checkout.yaml")
    with pytest.warns(PaperWarning) as caught:
        export(m, tmp_path)
    assert {Path(w.filename).name for w in caught} == {Path(__file__).name}
