"""Time per map of each SVG-to-image candidate on the examples, and what the PDFs keep.

Run with ``.venv/bin/python bench/bench_images.py [--runs N]``. Every example
(``examples/*.py``, ``examples/*.yaml`` and the YAML maps in their subfolders) is drawn
as the swimlane SVG once, then each candidate turns that SVG into a PNG (at the SVG's
size) and a PDF; the best of ``--runs`` runs is kept (the first run warms caches:
Typst's font index, imports). Candidates that are not installed are listed as such:

* typst (``pip install typst``): PNG and PDF; the one ``journeymap[images]`` uses, run
  through :func:`journeymap.images.svg_to_image` (with its font runs);
* resvg-py (``pip install resvg-py``): PNG only;
* CairoSVG (``pip install cairosvg`` and Debian's ``libcairo2``): PNG and PDF;
* svglib + reportlab (``pip install svglib``): PDF only.

For each PDF it prints whether the map's title is in the text layer (pypdf) and which
fonts are embedded. The figures are in ``docs/architecture.md`` ("PNG and PDF").
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from journeymap import render
from journeymap.cli import load_any

ROOT = Path(__file__).resolve().parent.parent
Convert = Callable[[str], bytes]


def _examples() -> list[Path]:
    found = [*ROOT.glob("examples/*.py"), *ROOT.glob("examples/*.yaml")]
    found += [p for p in ROOT.glob("examples/*/*.yaml") if "themes" not in p.parts]
    return sorted(found)


def _candidates() -> dict[str, dict[str, Convert]]:
    """Each installed candidate's converters, by image format."""
    out: dict[str, dict[str, Convert]] = {}
    if importlib.util.find_spec("typst") is not None:
        from journeymap.images import svg_to_image

        out["typst"] = {
            "png": lambda svg: svg_to_image(svg, "png"),
            "pdf": lambda svg: svg_to_image(svg, "pdf"),
        }
    if importlib.util.find_spec("resvg_py") is not None:
        import resvg_py

        out["resvg-py"] = {"png": lambda svg: bytes(resvg_py.svg_to_bytes(svg_string=svg))}
    if importlib.util.find_spec("cairosvg") is not None:
        try:
            import cairosvg
        except OSError as exc:  # the Python package without the C library
            print(f"cairosvg: not usable ({exc})", file=sys.stderr)
        else:
            out["cairosvg"] = {
                "png": lambda svg: cairosvg.svg2png(bytestring=svg.encode()),
                "pdf": lambda svg: cairosvg.svg2pdf(bytestring=svg.encode()),
            }
    if importlib.util.find_spec("svglib") is not None:
        from reportlab.graphics import renderPDF
        from svglib.svglib import svg2rlg

        def svglib_pdf(svg: str) -> bytes:
            drawing = svg2rlg(io.BytesIO(svg.encode()))
            data: bytes = renderPDF.drawToString(drawing)
            return data

        out["svglib"] = {"pdf": svglib_pdf}
    return out


def _best(convert: Convert, svg: str, runs: int) -> tuple[float, bytes]:
    times = []
    data = b""
    for _ in range(runs):
        start = time.perf_counter()
        data = convert(svg)
        times.append(time.perf_counter() - start)
    return min(times), data


def _pdf_facts(pdf: bytes, title: str) -> str:
    if importlib.util.find_spec("pypdf") is None:
        return ""
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    fonts = set()
    resources = page.get("/Resources")
    if resources is not None and "/Font" in resources:
        for font in resources["/Font"].values():
            fonts.add(str(font.get_object().get("/BaseFont")).split("+")[-1].lstrip("/"))
    selectable = "title selectable" if title in page.extract_text() else "title NOT in text"
    return f"{selectable}; fonts {', '.join(sorted(fonts)) or 'none'}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per map (best kept)")
    args = parser.parse_args()
    candidates = _candidates()
    missing = sorted({"typst", "resvg-py", "cairosvg", "svglib"} - set(candidates))
    if missing:
        print(f"not installed: {', '.join(missing)}")
    totals: dict[tuple[str, str], list[float]] = {}
    for path in _examples():
        model = load_any(path)
        svg = render(model, "svg")
        print(f"\n{path.relative_to(ROOT)} ({len(svg) // 1024} KiB of SVG)")
        for name, converters in candidates.items():
            for image_format, convert in converters.items():
                convert(svg)  # warm up
                seconds, data = _best(convert, svg, args.runs)
                totals.setdefault((name, image_format), []).append(seconds)
                facts = _pdf_facts(data, model.title) if image_format == "pdf" else ""
                print(
                    f"  {name:9} {image_format}: {seconds * 1000:7.1f} ms"
                    f"  {len(data) // 1024:5} KiB  {facts}"
                )
    print("\nmedian time per map")
    for (name, image_format), seconds in sorted(totals.items()):
        print(f"  {name:9} {image_format}: {statistics.median(seconds) * 1000:7.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
