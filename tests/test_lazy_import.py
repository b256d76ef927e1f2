"""``import journeymap`` stays lean: heavy dependencies load on first use only."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = [
    "jinja2",
    "pydantic",
    "yaml",
    "svgwrite",
    "graphviz",
    "markupsafe",
    "typst",
    "journeymap.images.engine",
    "journeymap.renderers.blueprint.renderer",
]


def _output_of(code: str) -> object:
    """What ``code`` prints as JSON, run in a fresh interpreter (``json`` imported)."""
    result = subprocess.run(
        [sys.executable, "-c", f"import json\n{code}"], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def _loaded_after(code: str) -> list[str]:
    probe = (
        f"{code}\nimport json, sys\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    loaded: list[str] = json.loads(result.stdout)
    return loaded


def test_import_loads_no_heavy_dependency() -> None:
    assert _loaded_after("import journeymap") == []


def test_building_a_map_needs_pydantic_only() -> None:
    code = "from journeymap import Journey\nJourney('J').phase('P').touchpoint('T').build()"
    assert _loaded_after(code) == ["pydantic"]


def test_markdown_loads_jinja2_but_not_the_other_renderers_dependencies() -> None:
    code = "from journeymap import Journey, render\nrender(Journey('J'), 'markdown')"
    assert _loaded_after(code) == ["jinja2", "markupsafe", "pydantic"]


def test_lazy_names_resolve_and_unknown_names_fail() -> None:
    import journeymap

    assert journeymap.Journey.__name__ == "Journey"
    # In a fresh process, where nothing was imported yet, every exported name resolves:
    # a name listed in __all__ but missing from the lazy table raises AttributeError.
    code = (
        "import journeymap\n"
        "missing = [n for n in journeymap.__all__ if not hasattr(journeymap, n)]\n"
        "print(json.dumps(missing))"
    )
    assert _output_of(code) == []
    with pytest.raises(AttributeError, match="no attribute 'NoSuchThing'"):
        journeymap.NoSuchThing  # noqa: B018


def test_an_svg_render_does_not_import_svgwrite() -> None:
    code = (
        "from journeymap import Journey, render\n"
        "model = Journey('J').phase('P').touchpoint('T', emotion=1).build()\n"
        "svg = render(model, 'svg')\n"
        "assert svg.startswith('<?xml') and 'id=\"jm-' in svg, svg[:200]\n"
        "render(model, 'svg', theme='auto')"
    )
    assert _loaded_after(code) == ["pydantic"]


def test_a_validated_svg_render_imports_svgwrite() -> None:
    code = (
        "from journeymap import Journey, render\n"
        "render(Journey('J').phase('P').touchpoint('T', emotion=1).build(), 'svg', validate=True)"
    )
    assert _loaded_after(code) == ["pydantic", "svgwrite"]
