"""Generate the option tables of docs/renderers.md from the renderers' option models.

Usage:
    python scripts/gen_renderer_docs.py           rewrite the tables in docs/renderers.md
    python scripts/gen_renderer_docs.py --check   exit 1 if a table is out of date

Each built-in renderer's table sits between the markers ``<!-- options:NAME:begin -->``
and ``<!-- options:NAME:end -->``; everything outside them is left as written. A table
lists every field of the renderer's options model
(:func:`journeymap.renderers.option_fields`): its name, its type in words, its default
and its description, so the page says what the code checks.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from journeymap import renderers
from journeymap.escape import markdown_inline
from journeymap.renderers.options import OptionField

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "renderers.md"

#: The renderers whose tables the page holds, in the page's order.
RENDERERS: tuple[str, ...] = ("svg", "markdown", "dot", "blueprint", "json", "yaml", "mermaid")

_BLOCK = "<!-- options:{name}:{edge} -->"


class MissingMarkerError(ValueError):
    """The page lacks the markers of a renderer's table."""


def describe_default(field: OptionField) -> str:
    """A field's default as the table shows it: Python's spelling, or what unset means."""
    value = field.default
    if value is None:
        return field.unset
    if isinstance(value, bool):
        return f"`{value}`"
    if isinstance(value, float) and value.is_integer():
        return f"`{int(value)}`"
    if isinstance(value, (int, float)):
        return f"`{value}`"
    if isinstance(value, str):
        return f'`"{value}"`'
    if isinstance(value, (tuple, list)):
        return "`[" + ", ".join(f'"{item}"' for item in value) + "]`"
    raise TypeError(f"cannot describe the default {value!r}; teach {Path(__file__).name}")


def options_table(name: str) -> list[str]:
    """The lines of one renderer's table (or the sentence saying it takes no options)."""
    fields = renderers.option_fields(name)
    if not fields:
        return [f"The `{name}` renderer takes no options."]
    lines = ["| Option | Type | Default | Description |", "| --- | --- | --- | --- |"]
    for field in fields:
        lines.append(
            f"| `{field.name}` | {field.type} | {describe_default(field)} | "
            f"{markdown_inline(field.description)} |"
        )
    return lines


def render_page(text: str) -> str:
    """``text`` with every renderer's table regenerated between its markers.

    Raises:
        MissingMarkerError: If a renderer's markers are missing or out of order.
    """
    for name in RENDERERS:
        begin = _BLOCK.format(name=name, edge="begin")
        end = _BLOCK.format(name=name, edge="end")
        pattern = re.compile(re.escape(begin) + r"\n.*?" + re.escape(end), re.DOTALL)
        found = list(pattern.finditer(text))
        if len(found) != 1:
            raise MissingMarkerError(
                f"{OUTPUT.name} needs one '{begin}' ... '{end}' block for the {name} renderer"
            )
        block = "\n".join([begin, *options_table(name), end])
        text = text[: found[0].start()] + block + text[found[0].end() :]
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the option tables of the renderers.")
    parser.add_argument(
        "--check", action="store_true", help=f"exit 1 if docs/{OUTPUT.name} is out of date"
    )
    args = parser.parse_args(argv)
    current = OUTPUT.read_text(encoding="utf-8")
    text = render_page(current)
    if args.check:
        if current != text:
            script = Path(__file__).resolve().relative_to(ROOT)
            print(
                f"{OUTPUT.relative_to(ROOT)}'s option tables are out of date; run: python {script}",
                file=sys.stderr,
            )
            return 1
        return 0
    if text != current:
        with OUTPUT.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    print(OUTPUT.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
