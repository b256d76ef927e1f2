"""Generate src/journeymap/fonts/liberation_sans.json, the text-measurement table.

Usage:
    python scripts/gen_font_widths.py [FONT_DIR]           write the table
    python scripts/gen_font_widths.py [FONT_DIR] --check   exit 1 if the table would change

FONT_DIR holds LiberationSans-Regular.ttf, -Bold.ttf, -Italic.ttf and -BoldItalic.ttf; it
defaults to Debian's ``fonts-liberation2`` folder, /usr/share/fonts/truetype/liberation2.

The table records, for the regular and the bold face, the advance width in font units of
every code point in the font's cmap, plus the few kerning pairs that make text *wider*
(see ``KERNING_NOTE``).

For the italic and the bold italic face it records only what is wider than in the
upright face they slant (regular, bold): the code points whose advance is wider, and the
widening kerning pairs whose extra units are more (see ``SLANTED_NOTE``). The measurer
counts an italic character as the larger of its upright and italic advances, so italic
text never measures narrower than a browser draws it in either face, and text without
those code points measures exactly as upright text does (Latin-1 has none of them).
The four faces must have the same code points, units per em, ascender and descender.

For characters Liberation Sans lacks, browsers draw another font: on Debian, DejaVu
Sans (``fonts-dejavu-core``) for Arabic, Armenian, Georgian, N'Ko and more. The table's
``fallback`` section records, for every code point DejaVu Sans (regular or bold) has and
Liberation Sans lacks, the wider of its two advances; the measurer never counts such a
character narrower than that (see ``FALLBACK_NOTE``).

The output is deterministic: sorted, no timestamps, no paths.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "journeymap" / "fonts" / "liberation_sans.json"
DEFAULT_FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
FILES = {
    "regular": "LiberationSans-Regular.ttf",
    "bold": "LiberationSans-Bold.ttf",
    "italic": "LiberationSans-Italic.ttf",
    "bold_italic": "LiberationSans-BoldItalic.ttf",
}
#: The faces recorded in full.
UPRIGHT = ("regular", "bold")
#: Each slanted face and the upright face it is recorded against.
SLANTED = {"italic": "regular", "bold_italic": "bold"}
#: The font browsers fall back to for what Liberation Sans lacks, regular and bold.
FALLBACK_DIR = Path("/usr/share/fonts/truetype/dejavu")
FALLBACK_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
COMMAND = "python scripts/gen_font_widths.py"
FORMAT = 2

KERNING_NOTE = (
    "Advances are kerning-free. The font's GPOS 'kern' feature, which browsers apply by "
    "default, mostly tightens pairs (AV, To), so summing advances overestimates, which is "
    "safe for wrapping. The pairs it widens are listed under positive_kerning as "
    "[left code point, right code point, extra font units] and the measurer adds them. "
    "Not modelled: a +10 unit contextual adjustment of the Hebrew point holam."
)
SLANTED_NOTE = (
    "italic and bold_italic hold only what is wider than in the upright face they slant "
    "(regular, bold): wider_advances, the code points whose advance is wider, as runs "
    "like advances; wider_kerning, the widening pairs whose extra units are more, like "
    "positive_kerning. The measurer takes per character, and per pair, the larger of the "
    "two faces, so italic text is never narrower than either face draws it."
)
FALLBACK_NOTE = (
    "fallback holds, for the code points Liberation Sans lacks and DejaVu Sans has, the "
    "wider of DejaVu Sans's regular and bold advances, in DejaVu's units (also 2048 to an "
    "em), as runs like advances. A character missing from the font is measured by its "
    "class (emoji, symbol, wide, mark, else the width of M) but never narrower than this."
)
ENCODING_NOTE = (
    "advances is a list of runs of consecutive code points: [first code point, advance of "
    "that code point, advance of the next one, ...], in font units (units_per_em to an em)."
)


def runs(advances: dict[int, int]) -> list[list[int]]:
    """Group ``{code point: advance}`` into runs of consecutive code points.

    >>> runs({32: 569, 33: 569, 65: 1366})
    [[32, 569, 569], [65, 1366]]
    """
    out: list[list[int]] = []
    previous = -2
    for code_point in sorted(advances):
        if code_point != previous + 1:
            out.append([code_point])
        out[-1].append(advances[code_point])
        previous = code_point
    return out


def _name(font: TTFont, name_id: int) -> str:
    value = font["name"].getDebugName(name_id)
    if value is None:
        raise SystemExit(f"the font has no name record {name_id}")
    return str(value)


def _pair_lookups(font: TTFont) -> Iterator[Any]:
    """The pair-adjustment lookups the GPOS 'kern' feature uses, each once, in order."""
    if "GPOS" not in font:
        return
    table = font["GPOS"].table
    indices = sorted(
        {
            index
            for record in table.FeatureList.FeatureRecord
            if record.FeatureTag == "kern"
            for index in record.Feature.LookupListIndex
        }
    )
    for index in indices:
        yield table.LookupList.Lookup[index]


def _subtables(lookup: Any) -> Iterator[Any]:
    for subtable in lookup.SubTable:
        kind = lookup.LookupType
        if kind == 9:  # an extension: the real subtable is inside
            kind, subtable = subtable.ExtensionLookupType, subtable.ExtSubTable
        if kind == 2:
            yield subtable


def _extra(value1: Any, value2: Any) -> int:
    """The advance a pair adjustment adds (first glyph's plus second glyph's)."""
    return int(getattr(value1, "XAdvance", 0) or 0) + int(getattr(value2, "XAdvance", 0) or 0)


def _glyph_pairs(subtable: Any, glyph_order: Iterable[str]) -> Iterator[tuple[str, str, int]]:
    """Every (left glyph, right glyph, extra advance) a PairPos subtable defines."""
    if subtable.Format == 1:
        for left, pair_set in zip(subtable.Coverage.glyphs, subtable.PairSet, strict=True):
            for record in pair_set.PairValueRecord:
                yield left, record.SecondGlyph, _extra(record.Value1, record.Value2)
        return
    class1 = subtable.ClassDef1.classDefs
    class2 = subtable.ClassDef2.classDefs
    right_by_class: dict[int, list[str]] = {}
    for glyph in glyph_order:
        right_by_class.setdefault(class2.get(glyph, 0), []).append(glyph)
    for left in subtable.Coverage.glyphs:
        record1 = subtable.Class1Record[class1.get(left, 0)]
        for index, record2 in enumerate(record1.Class2Record):
            extra = _extra(record2.Value1, getattr(record2, "Value2", None))
            if extra:
                for right in right_by_class.get(index, []):
                    yield left, right, extra


def positive_kerning(font: TTFont) -> list[list[int]]:
    """The code-point pairs that the 'kern' feature makes wider, with the extra units.

    Within one lookup the largest positive adjustment of a pair counts; across lookups
    they add up. Both choices can only overestimate.
    """
    code_points: dict[str, list[int]] = {}
    for code_point, glyph in font.getBestCmap().items():
        code_points.setdefault(glyph, []).append(code_point)
    glyph_order = font.getGlyphOrder()
    total: dict[tuple[int, int], int] = {}
    for lookup in _pair_lookups(font):
        best: dict[tuple[str, str], int] = {}
        for subtable in _subtables(lookup):
            for left, right, extra in _glyph_pairs(subtable, glyph_order):
                if extra > best.get((left, right), 0):
                    best[(left, right)] = extra
        for (left, right), extra in best.items():
            for a in code_points.get(left, []):
                for b in code_points.get(right, []):
                    total[(a, b)] = total.get((a, b), 0) + extra
    return [[a, b, extra] for (a, b), extra in sorted(total.items())]


def read_face(path: Path) -> dict[str, Any]:
    """Read one face: its names, units per em, advances and widening kerning pairs."""
    with TTFont(path) as font:
        metrics = font["hmtx"].metrics
        advances = {cp: int(metrics[glyph][0]) for cp, glyph in font.getBestCmap().items()}
        return {
            "family": _name(font, 1),
            "full_name": _name(font, 4),
            "version": _name(font, 5),
            "license": _name(font, 13),
            "units_per_em": int(font["head"].unitsPerEm),
            "ascender": int(font["hhea"].ascent),
            "descender": -int(font["hhea"].descent),
            "advances": advances,
            "positive_kerning": positive_kerning(font),
        }


def wider(slanted: dict[str, Any], upright: dict[str, Any]) -> dict[str, Any]:
    """What the slanted face draws wider than the upright one: advances, kerning pairs.

    >>> wider(
    ...     {"advances": {65: 1366, 1090: 1706}, "positive_kerning": [[102, 8217, 76]]},
    ...     {"advances": {65: 1366, 1090: 938}, "positive_kerning": [[102, 8217, 37]]},
    ... )
    {'advances': {1090: 1706}, 'positive_kerning': [[102, 8217, 76]]}
    """
    advances = upright["advances"]
    kerning = {(a, b): extra for a, b, extra in upright["positive_kerning"]}
    return {
        "advances": {
            cp: units for cp, units in slanted["advances"].items() if units > advances[cp]
        },
        "positive_kerning": [
            [a, b, extra]
            for a, b, extra in slanted["positive_kerning"]
            if extra > kerning.get((a, b), 0)
        ],
    }


def _section(name: str, advances: dict[int, int], kerning: list[list[int]]) -> list[str]:
    """The lines of one face's section: runs of advances, then kerning pairs."""
    slanted = name in SLANTED
    lines = ['    "wider_advances": [' if slanted else '    "advances": [']
    lines.append(",\n".join(f"      {json.dumps(run)}" for run in runs(advances)))
    lines.append("    ],")
    lines.append('    "wider_kerning": [' if slanted else '    "positive_kerning": [')
    lines.append(",\n".join(f"      {json.dumps(pair)}" for pair in kerning))
    lines.append("    ]")
    return lines


def build(font_dir: Path) -> str:
    """The table's JSON text for the fonts in ``font_dir``."""
    faces = {weight: read_face(font_dir / name) for weight, name in FILES.items()}
    for key in ("family", "version", "units_per_em", "ascender", "descender", "license"):
        values = {str(face[key]) for face in faces.values()}
        if len(values) != 1:
            raise SystemExit(f"the four faces disagree on {key}: {sorted(values)}")
    code_points = {weight: set(face["advances"]) for weight, face in faces.items()}
    for weight, points in code_points.items():
        if points != code_points["regular"]:
            raise SystemExit(f"the {weight} and regular faces have different code points")
    regular = faces["regular"]
    header: dict[str, Any] = {
        "format": FORMAT,
        "family": regular["family"],
        "version": regular["version"],
        "units_per_em": regular["units_per_em"],
        "ascender": regular["ascender"],
        "descender": regular["descender"],
        "license": regular["license"],
        "generated_by": COMMAND,
        "sources": {
            weight: {"file": FILES[weight], "full_name": face["full_name"]}
            for weight, face in faces.items()
        },
        "kerning": KERNING_NOTE,
        "slanted": SLANTED_NOTE,
        "encoding": ENCODING_NOTE,
        "fallback_source": _fallback_source(),
        "fallback_note": FALLBACK_NOTE,
    }
    lines = ["{"]
    for key, value in header.items():
        lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
    for weight in FILES:
        face = faces[weight]
        if weight in SLANTED:
            face = wider(face, faces[SLANTED[weight]])
        lines.append(f'  "{weight}": {{')
        lines.extend(_section(weight, face["advances"], face["positive_kerning"]))
        lines.append("  },")
    lines.append('  "fallback": {')
    lines.append('    "advances": [')
    extra = fallback_advances(set(regular["advances"]))
    lines.append(",\n".join(f"      {json.dumps(run)}" for run in runs(extra)))
    lines.append("    ]")
    lines.append("  }")
    lines.append("}")
    text = "\n".join(lines) + "\n"
    json.loads(text, object_pairs_hook=_unique)  # the hand-made layout must stay valid JSON
    return text


def fallback_advances(covered: set[int]) -> dict[int, int]:
    """``{code point: advance}`` of DejaVu Sans for what ``covered`` lacks, the wider face's."""
    faces = [read_face(FALLBACK_DIR / name) for name in FALLBACK_FILES]
    if {face["units_per_em"] for face in faces} != {2048}:
        raise SystemExit("DejaVu Sans is expected at 2048 units per em, as Liberation Sans")
    widths: dict[int, int] = {}
    for face in faces:
        for code_point, units in face["advances"].items():
            if code_point not in covered and units > 0:
                widths[code_point] = max(widths.get(code_point, 0), units)
    return dict(sorted(widths.items()))


def _fallback_source() -> dict[str, Any]:
    face = read_face(FALLBACK_DIR / FALLBACK_FILES[0])
    return {"family": face["family"], "version": face["version"], "files": list(FALLBACK_FILES)}


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object's members as a dict; a key given twice is an error."""
    keys = [key for key, _ in pairs]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise SystemExit(f"the table would hold {', '.join(twice)} twice")
    return dict(pairs)


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the text-measurement table.")
    parser.add_argument(
        "font_dir",
        nargs="?",
        type=Path,
        default=DEFAULT_FONT_DIR,
        help=f"folder with {', '.join(FILES.values())} (default: {DEFAULT_FONT_DIR})",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if the table is stale")
    args = parser.parse_args(argv)
    missing = [name for name in FILES.values() if not (args.font_dir / name).is_file()]
    if missing:
        print(
            f"{', '.join(missing)} not found in {args.font_dir}; install Debian's "
            "fonts-liberation2 (apt-get install fonts-liberation2) or pass the folder",
            file=sys.stderr,
        )
        return 2
    text = build(args.font_dir)
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.is_file() else ""
        if current != text:
            print(f"{_shown(OUTPUT)} is out of date; run {COMMAND}", file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {_shown(OUTPUT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
