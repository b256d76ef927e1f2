"""Render every example in every theme into docs/gallery/ and write docs/gallery.md.

An example whose name starts with ``blueprint_`` is also drawn as a service blueprint.

Usage: ``python scripts/gen_gallery.py`` (writes) or ``--check`` (exits 1 when the
committed gallery differs from what the current code renders).
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from journeymap import Journey, load, render
from journeymap.themes import DARK_SCHEMES, THEMES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
GALLERY = DOCS / "gallery"


def _examples() -> list[tuple[str, Journey]]:
    found = []
    for path in sorted((ROOT / "examples").glob("*.py")):
        journey = runpy.run_path(str(path), run_name="__gallery__")["journey"]
        found.append((path.stem, journey))
    return found


def flow_images() -> dict[Path, bytes]:
    """The flows of the examples that declare flows, laid out by Graphviz's ``dot``.

    Their bytes depend on the Graphviz version, so the tests check that they exist, not
    that they match byte for byte.
    """
    from journeymap.renderers.dot import export

    return {
        GALLERY / f"{stem}.flow.svg": export(render(journey, "dot"), "svg")
        for stem, journey in _examples()
        if journey.build().flows
    }


def gallery_files() -> dict[Path, str]:
    """Every text file of the gallery, by path, with its content."""
    files: dict[Path, str] = {}
    lines = [
        "# Gallery",
        "",
        "Every example of `examples/` rendered by the `svg` renderer in every built-in theme.",
        "Regenerate with `python scripts/gen_gallery.py`; the test suite checks that these",
        "files match what the code renders.",
        "",
    ]
    for stem, journey in _examples():
        title = journey.build().title
        lines += [f"## {title}", "", f"Source: [`examples/{stem}.py`](../examples/{stem}.py)", ""]
        for theme in (name for name in THEMES if name not in DARK_SCHEMES):
            name = f"{stem}.svg" if theme == "default" else f"{stem}.{theme}.svg"
            files[GALLERY / name] = render(journey, "svg", theme=theme)
            lines += [f"### Theme `{theme}`", "", f"![{title}, {theme} theme](gallery/{name})", ""]
        if stem.startswith("blueprint_"):
            name = f"{stem}.blueprint.svg"
            files[GALLERY / name] = render(journey, "blueprint")
            lines += ["### Service blueprint", "", f"![{title}, blueprint](gallery/{name})", ""]
        if journey.build().flows:
            flow = f"gallery/{stem}.flow.svg"
            lines += ["### Flow (`dot`)", "", f"![{title}, flow]({flow})", ""]
    files[DOCS / "gallery.md"] = "\n".join(lines).rstrip() + "\n"
    # The README's close-up: one phase of the checkout, as a docs column or a slide shows it.
    checkout = dict(_examples())["online_checkout"]
    files[GALLERY / "online_checkout.buy.svg"] = render(
        checkout, "svg", phases=["buy"], header="title", lanes="compact"
    )
    # The Mermaid journey shown on docs/mermaid.md, as journeymap draws it.
    for diagram in sorted((DOCS / "mermaid").glob("*.mmd")):
        files[GALLERY / f"{diagram.stem}.svg"] = render(load(diagram), "svg")
    return files


def main(argv: list[str]) -> int:
    files = gallery_files()
    if "--check" in argv:
        stale = [
            str(path.relative_to(ROOT))
            for path, text in files.items()
            if not path.exists() or path.read_text(encoding="utf-8") != text
        ]
        if stale:
            print(f"stale: {', '.join(stale)}; run: python scripts/gen_gallery.py")
            return 1
        return 0
    GALLERY.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        path.write_text(text, encoding="utf-8", newline="\n")
    for path, data in flow_images().items():
        path.write_bytes(data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
