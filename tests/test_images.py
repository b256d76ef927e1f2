"""PNG and PDF of every example in every view that exports images: the map and the flow."""

from __future__ import annotations

import builtins
import io
import math
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from journeymap import Journey
from journeymap.cli import load_any
from journeymap.errors import JourneyMapError
from journeymap.images import png_size
from journeymap.images.fonts import with_font_runs
from journeymap.model import JourneyMap
from journeymap.renderers import image_formats, render, render_image, save

from .conftest import ROOT

EXAMPLES = sorted([*ROOT.glob("examples/*.py"), *ROOT.glob("examples/*.yaml")])
VIEWS = ["svg", "dot", "blueprint"]


@cache
def _example(path: Path) -> JourneyMap:
    return load_any(path)


@cache
def _svg_size(path: Path, view: str) -> tuple[float, float]:
    """The picture's own size in CSS pixels, read from the SVG the view draws."""
    model = _example(path)
    svg = render_image(model, "dot", "svg").decode() if view == "dot" else render(model, view)
    root = re.search(r"<svg\b[^>]*>", svg)
    assert root is not None
    sizes = []
    for name in ("width", "height"):
        found = re.search(rf'\s{name}="([0-9.]+)(pt)?"', root.group(0))
        assert found is not None
        value = float(found.group(1))
        sizes.append(value * 96 / 72 if found.group(2) else value)
    return sizes[0], sizes[1]


def _px(length: float) -> int:
    """A length in pixels as an image has it: rounded half up."""
    return math.floor(length + 0.5)


def _png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image.convert("RGBA")


def _inked(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """How many pixels of ``box`` are neither transparent nor near white."""
    region = image.crop(box)
    count = 0
    for red, green, blue, alpha in region.get_flattened_data():
        if alpha > 128 and min(red, green, blue) < 200:
            count += 1
    return count


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_map_declares_png_and_pdf_and_the_flow_keeps_its_own() -> None:
    assert dict(image_formats("svg")) == {"png": ".png", "pdf": ".pdf"}
    assert dict(image_formats("dot")) == {
        "svg": ".flow.svg",
        "png": ".flow.png",
        "pdf": ".flow.pdf",
    }


@pytest.mark.needs_dot
@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_exports_png_of_its_size_with_ink_in_the_map(path: Path, view: str) -> None:
    model = _example(path)
    width, height = _svg_size(path, view)
    png = render_image(model, view, "png", scale=0.5)
    assert png_size(png) == (_px(width * 0.5), _px(height * 0.5))
    image = _png(png)
    # The map area: the middle of the picture holds lanes and cards, never only paper.
    w, h = image.size
    middle = (w // 4, h // 4, 3 * w // 4, 3 * h // 4)
    assert _inked(image, middle) > (middle[2] - middle[0]) * (middle[3] - middle[1]) // 100


@pytest.mark.needs_dot
@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_exports_pdf_with_its_title_as_text(path: Path, view: str) -> None:
    model = _example(path)
    pdf = render_image(model, view, "pdf")
    assert pdf.startswith(b"%PDF-")
    assert model.title in _pdf_text(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    width, height = _svg_size(path, view)
    box = reader.pages[0].mediabox
    # The page is the picture's size: CSS pixels at 96 to the inch, in points.
    assert math.isclose(float(box.width), width * 0.75, rel_tol=1e-3)
    assert math.isclose(float(box.height), height * 0.75, rel_tol=1e-3)
    if view != "dot":
        assert reader.metadata is not None
        assert reader.metadata.title == model.title


CHECKOUT = ROOT / "examples" / "online_checkout.yaml"


def test_save_picks_the_map_for_png_and_pdf_and_the_flow_by_its_suffix(tmp_path: Path) -> None:
    model = _example(CHECKOUT)
    width, height = _svg_size(CHECKOUT, "svg")
    png = save(model, tmp_path / "map.png", scale=0.25).read_bytes()
    assert png_size(png) == (_px(width * 0.25), _px(height * 0.25))
    pdf = save(model, tmp_path / "map.pdf").read_bytes()
    assert "Touchpoints" in _pdf_text(pdf)  # a lane of the map, not a node of the flow


@pytest.mark.needs_dot
def test_save_of_a_flow_suffix_draws_the_flow(tmp_path: Path) -> None:
    model = _example(CHECKOUT)
    flow = save(model, tmp_path / "map.flow.png", width=300).read_bytes()
    width, height = _svg_size(CHECKOUT, "dot")
    assert png_size(flow) == (300, _px(height * 300 / width))


@pytest.mark.parametrize("width", [16, 333, 1000])
def test_width_is_honoured_to_the_pixel(width: int) -> None:
    model = _example(CHECKOUT)
    natural_width, natural_height = _svg_size(CHECKOUT, "svg")
    png = render_image(model, "svg", "png", width=width)
    assert png_size(png) == (width, _px(natural_height * width / natural_width))


def test_dpi_sets_png_pixels_and_leaves_the_pdf_page() -> None:
    model = _example(CHECKOUT)
    width, height = _svg_size(CHECKOUT, "svg")
    png = render_image(model, "svg", "png", dpi=48)
    assert png_size(png) == (_px(width / 2), _px(height / 2))
    pdf = PdfReader(io.BytesIO(render_image(model, "svg", "pdf", dpi=300)))
    assert math.isclose(float(pdf.pages[0].mediabox.width), width * 0.75, rel_tol=1e-3)
    scaled = PdfReader(io.BytesIO(render_image(model, "svg", "pdf", scale=2)))
    assert math.isclose(float(scaled.pages[0].mediabox.width), width * 1.5, rel_tol=1e-3)


def test_the_same_map_gives_the_same_bytes() -> None:
    model = _example(CHECKOUT)
    assert render_image(model, "svg", "png", scale=0.3) == render_image(
        model, "svg", "png", scale=0.3
    )
    assert render_image(model, "svg", "pdf") == render_image(model, "svg", "pdf")


def test_the_auto_theme_is_drawn_in_its_light_colours() -> None:
    model = _example(CHECKOUT)
    auto = render_image(model, "svg", "png", theme="auto", scale=0.3)
    light = render_image(model, "svg", "png", theme="default", scale=0.3)
    dark = render_image(model, "svg", "png", theme="dark", scale=0.3)
    assert _png(auto).getpixel((2, 2)) == _png(light).getpixel((2, 2))
    assert _png(auto).getpixel((2, 2)) != _png(dark).getpixel((2, 2))


def test_cjk_and_emoji_runs_name_their_fonts() -> None:
    svg = '<text x="1"><tspan x="1">Pago 支払い ✅ ok</tspan></text><title>支払い ✅</title>'
    assert with_font_runs(svg) == (
        '<text x="1"><tspan x="1">Pago '
        "<tspan font-family=\"'Noto Sans CJK JP', 'Noto Sans CJK SC', 'Noto Sans CJK KR', "
        "'Source Han Sans', 'Hiragino Sans', 'PingFang SC', 'Microsoft YaHei', "
        "'Malgun Gothic'\">支払い</tspan> "
        "<tspan font-family=\"'Noto Color Emoji', 'Apple Color Emoji', 'Segoe UI Emoji', "
        "'Twemoji Mozilla'\">✅</tspan> ok</tspan></text><title>支払い ✅</title>"
    )
    assert with_font_runs("<text>plain ★ text</text>") == "<text>plain ★ text</text>"


def test_cjk_and_emoji_reach_the_pdf_text() -> None:
    j = Journey("Pago 支払い").phase("Buy").touchpoint("Paga ✅", emotion=1)
    text = _pdf_text(render_image(j, "svg", "pdf"))
    assert "Pago 支払い" in text
    assert "✅" in text


# -- errors ------------------------------------------------------------------------------------


TINY = Journey("Tiny").phase("P").touchpoint("T", emotion=1)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"scale": 0}, "svg image option 'scale': expected a number from 0.1 to 10; got 0"),
        ({"scale": "2"}, "svg image option 'scale': expected a number from 0.1 to 10; got '2'"),
        (
            {"scale": float("nan")},
            "svg image option 'scale': expected a number from 0.1 to 10; got nan",
        ),
        ({"dpi": 5000}, "svg image option 'dpi': expected a number from 10 to 960; got 5000"),
        (
            {"width": 12.5},
            "svg image option 'width': expected a whole number of pixels from 16 to 20000; "
            "got 12.5",
        ),
        (
            {"scale": 2, "width": 400},
            "svg image option 'width': give at most one of scale, dpi and width; "
            "got scale=2.0 and width=400",
        ),
    ],
)
def test_bad_sizes_are_refused_with_located_messages(
    options: dict[str, Any], message: str, tmp_path: Path
) -> None:
    with pytest.raises(JourneyMapError) as info:
        render_image(TINY, "svg", "png", **options)
    assert str(info.value) == message
    assert info.value.problems[0].path == (message.split("'")[1],)
    with pytest.raises(JourneyMapError, match=re.escape(message)):
        save(TINY, tmp_path / "tiny.png", **options)
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_image_format_is_refused() -> None:
    with pytest.raises(JourneyMapError) as info:
        render_image(TINY, "svg", "gif")
    assert str(info.value) == "the svg renderer does not export 'gif' images; allowed: png, pdf"


def test_a_size_for_a_text_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(JourneyMapError) as info:
        save(TINY, tmp_path / "tiny.md", scale=2)
    assert str(info.value) == "scale sizes an image; tiny.md is the markdown renderer's text"


def test_a_picture_over_the_pixel_limit_is_refused() -> None:
    wide = Journey("Wide").phase("P")
    for index in range(60):
        wide = wide.touchpoint(f"Step {index}", emotion=index % 3 - 1)
    with pytest.raises(
        JourneyMapError, match=r"\(526 megapixels\); at most 40 megapixels are drawn"
    ):
        render_image(wide, "svg", "png", scale=10)


def _hide_typst(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typst cannot be imported, as where the images extra is not installed."""
    real_import = builtins.__import__

    def refuse(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "typst" or name.startswith("typst."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "typst", raising=False)
    monkeypatch.setattr(builtins, "__import__", refuse)


@pytest.fixture
def without_typst(monkeypatch: pytest.MonkeyPatch) -> None:
    _hide_typst(monkeypatch)


@pytest.mark.usefixtures("without_typst")
@pytest.mark.parametrize("kind", ["png", "pdf"])
def test_a_missing_extra_is_named(kind: str, tmp_path: Path) -> None:
    expected = f"{kind.upper()} export needs the images extra: pip install 'journeymap[images]'"
    with pytest.raises(JourneyMapError) as info:
        save(TINY, tmp_path / f"tiny.{kind}")
    assert str(info.value) == expected
    assert list(tmp_path.iterdir()) == []


@pytest.mark.needs_dot
@pytest.mark.usefixtures("without_typst")
def test_without_the_extra_the_flow_is_drawn_by_dot_unless_sized(tmp_path: Path) -> None:
    assert save(TINY, tmp_path / "tiny.flow.png").read_bytes().startswith(b"\x89PNG")
    with pytest.raises(JourneyMapError, match=r"PNG export needs the images extra"):
        render_image(TINY, "dot", "png", scale=2)


def test_a_notebook_gets_a_png_where_the_extra_is_installed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import base64

    bundle = TINY._repr_mimebundle_()
    assert set(bundle) == {"image/svg+xml", "image/png", "text/plain"}
    png = base64.b64decode(bundle["image/png"])
    found = re.search(r'<svg\b[^>]*\swidth="([0-9.]+)"', bundle["image/svg+xml"])
    assert found is not None
    assert png_size(png)[0] == round(float(found.group(1)))  # the SVG's own size
    _hide_typst(monkeypatch)
    assert set(TINY._repr_mimebundle_()) == {"image/svg+xml", "text/plain"}


@pytest.mark.needs_dot
def test_the_flow_svg_refuses_a_size() -> None:
    with pytest.raises(JourneyMapError) as info:
        render_image(TINY, "dot", "svg", width=400)
    assert str(info.value) == (
        "scale, dpi and width size PNG and PDF images; the flow's SVG keeps its own size"
    )


HOSTILE = [
    '<svg onload="x()">&amp; "quoted" \'single\'',
    "]]> <!-- --> <![CDATA[",
    "\u202eevil\u202c right-to-left مرحبا",
    '中😀|<&\\"% family 👩\u200d👩\u200d👧 flag 🇪🇸 heart ❤\ufe0f e\u0301',
]


@pytest.mark.needs_dot
@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_becomes_text_in_the_pdf_and_pixels_in_the_png(text: str, view: str) -> None:
    j = Journey(f"T {text}").phase(text).touchpoint(text, emotion=-1)
    pdf = render_image(j, view, "pdf")
    assert PdfReader(io.BytesIO(pdf)).metadata.title == f"T {text}"
    png = _png(render_image(j, view, "png", scale=0.5))
    assert png.size[0] > 0


def test_emoji_of_several_characters_are_left_to_the_fallback() -> None:
    for cluster in ["🇪🇸", "👍🏽", "1\ufe0f\u20e3", "👩\u200d👩\u200d👧"]:
        text = f"<text>a {cluster} b</text>"
        assert with_font_runs(text) == text
    assert with_font_runs("<text>中 a 🇪🇸 b 😀</text>") == "<text>中 a 🇪🇸 b 😀</text>"
    assert with_font_runs("<text>a ❤\ufe0f</text>").count("<tspan") == 1


def test_an_engine_panic_retries_without_font_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    from journeymap.images import engine

    nested = "<tspan font-family=\"'Noto Color Emoji'\">🇪🇸</tspan>"
    monkeypatch.setattr(engine, "with_font_runs", lambda svg: svg.replace("FLAG", nested))
    j = Journey("Flags").phase("P").touchpoint("Spain FLAG here", emotion=1)
    pdf = render_image(j, "svg", "pdf")
    assert "Spain FLAG here" in _pdf_text(pdf)  # drawn from the SVG as it was
