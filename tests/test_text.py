"""Text measurement and wrapping: exact widths from the font, wrap's contract, the table.

Expected widths are written by hand from advance widths quoted below; a test reads the
fonts with fontTools and checks every quoted advance, so the quotes cannot drift.
"""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from fontTools.ttLib import TTFont
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.text import (
    FONT_STACK,
    Measurer,
    TableMeasurer,
    default_measurer,
    wrap,
)

from .conftest import ROOT

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
FONT_FILES = {False: "LiberationSans-Regular.ttf", True: "LiberationSans-Bold.ttf"}
SCRIPT = ROOT / "scripts" / "gen_font_widths.py"
TABLE = ROOT / "src" / "journeymap" / "fonts" / "liberation_sans.json"
EM = 2048  # Liberation Sans units per em

# Advance widths in font units, as fontTools reads them from Liberation Sans 2.1.5.
REGULAR = {"F": 1251, "a": 1139, "c": 1024, "t": 569, "u": 1139, "r": 682, "i": 455,
           "ó": 1139, "n": 1139, "o": 1139, " ": 569, "H": 1479, "l": 455, "M": 1706,
           "’": 455, "©": 1509, "A": 1366, "V": 1366, "e": 1139, "\u0301": 0}  # fmt: skip
BOLD = {"F": 1251, "a": 1139, "c": 1139, "t": 682, "u": 1251, "r": 797, "i": 569,
        "ó": 1251, "n": 1251, "o": 1251, " ": 569, "H": 1479, "l": 569, "M": 1706,
        "’": 569}  # fmt: skip
# Kerning pairs the font widens ('kern' feature of GPOS), in font units.
R_QUOTE_KERN = 76  # r followed by U+2019, both weights


@pytest.fixture(scope="module")
def fonts() -> Iterator[dict[bool, TTFont]]:
    """The two Liberation Sans faces, keyed by ``bold``."""
    missing = [name for name in FONT_FILES.values() if not (FONT_DIR / name).is_file()]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} missing from {FONT_DIR}: the README's test command "
            "(make test) installs Debian's fonts-liberation2"
        )
    faces = {bold: TTFont(FONT_DIR / name) for bold, name in FONT_FILES.items()}
    yield faces
    for face in faces.values():
        face.close()


def _advance(font: TTFont, char: str) -> int:
    return int(font["hmtx"].metrics[font.getBestCmap()[ord(char)]][0])


@pytest.mark.parametrize(("bold", "quoted"), [(False, REGULAR), (True, BOLD)])
def test_quoted_advances_are_the_fonts(
    fonts: dict[bool, TTFont], bold: bool, quoted: dict[str, int]
) -> None:
    assert {char: _advance(fonts[bold], char) for char in quoted} == quoted
    assert fonts[bold]["head"].unitsPerEm == EM


R, B = REGULAR, BOLD
SYMBOL = math.ceil(1.45 * EM)  # 2970: a symbol the font lacks
EMOJI = 1.25 * EM  # 2560: an emoji the font lacks
MARK = math.ceil(0.45 * EM)  # 922: a combining mark the font lacks


@pytest.mark.parametrize(
    ("text", "size", "bold", "expected"),
    [
        ("", 12, False, 0.0),
        ("Hola", 10, False, (R["H"] + R["o"] + R["l"] + R["a"]) * 10 / EM),
        ("Hola", 10, True, (B["H"] + B["o"] + B["l"] + B["a"]) * 10 / EM),
        (
            "Facturación",
            12,
            False,
            (R["F"] + 2 * R["a"] + 2 * R["c"] + R["t"] + R["u"] + R["r"] + R["i"] + R["ó"] + R["n"])
            * 12
            / EM,
        ),
        (
            "Facturación",
            13,
            True,
            (B["F"] + 2 * B["a"] + 2 * B["c"] + B["t"] + B["u"] + B["r"] + B["i"] + B["ó"] + B["n"])
            * 13
            / EM,
        ),
        ("Hola Hola", 15, False, (2 * (1479 + 1139 + 455 + 1139) + R[" "]) * 15 / EM),
        ("AV", EM, False, R["A"] + R["V"]),  # kerning tightens AV: ignored, safe
        ("r’", EM, False, R["r"] + R["’"] + R_QUOTE_KERN),  # kerning widens r’: added
        ("r’", EM, True, B["r"] + B["’"] + R_QUOTE_KERN),
        ("’r", EM, False, R["’"] + R["r"]),  # the pair is ordered
        ("e\u0301", EM, False, R["e"] + 0),  # the font has U+0301, 0 wide
        ("e\u20d7", EM, False, R["e"] + MARK),  # U+20D7 is missing: a fallback base
        ("日本", 10, False, 2 * 10.0),  # CJK: 1 em each
        ("한국", EM, True, 2 * EM),  # Hangul syllables are wide
        ("ｆ", EM, False, EM),  # fullwidth Latin
        ("😀", EM, False, EMOJI),
        ("😀", 26, True, 1.25 * 26),
        ("⭐", EM, False, SYMBOL),  # U+2B50 is drawn from DejaVu Sans without U+FE0F
        ("①", EM, False, SYMBOL),
        ("\ue000", EM, False, SYMBOL),  # private use
        ("©", EM, False, R["©"]),
        ("©\ufe0f", EM, False, EMOJI),  # U+FE0F turns © into a 1.25 em emoji
        ("😀\ufe0f", EM, False, EMOJI),  # already an emoji: nothing added
        ("\ufe0f", EM, False, 0),
        ("ก", EM, False, R["M"]),  # Thai: the font lacks it, counts as "M"
        ("ก", EM, True, B["M"]),
        ("\u200d\U000e0067", EM, False, 0),  # ZWJ (in the font, 0 wide) and a tag
    ],
)
def test_width_exact(text: str, size: float, bold: bool, expected: float) -> None:
    assert default_measurer().width(text, size, bold=bold) == pytest.approx(expected, rel=1e-12)


def test_every_advance_of_both_fonts(fonts: dict[bool, TTFont]) -> None:
    measurer = default_measurer()
    for bold, font in fonts.items():
        metrics = font["hmtx"].metrics
        expected = {cp: metrics[glyph][0] for cp, glyph in font.getBestCmap().items()}
        actual = {cp: measurer.width(chr(cp), EM, bold=bold) for cp in expected}
        assert actual == expected


def test_measurer_identity() -> None:
    measurer = default_measurer()
    assert isinstance(measurer, Measurer)
    assert measurer is default_measurer()
    assert measurer.font_family == "Liberation Sans"
    assert measurer.units_per_em == EM
    assert measurer.version == "Version 2.1.5"
    assert (measurer.ascent, measurer.descent) == (1854 / EM, 434 / EM)
    assert FONT_STACK == "'Liberation Sans', Arimo, Arial, Helvetica, sans-serif"
    assert FONT_STACK.startswith(f"'{measurer.font_family}'")


def test_unknown_table_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported width table format 2"):
        TableMeasurer({"format": 2})


# --- wrap: exact cases ------------------------------------------------------------
# At size 2048 a width in px equals the font units: "a" is 1139, " " 569, "M" 1706,
# a CJK character 2048.
A, SP = R["a"], R[" "]


@pytest.mark.parametrize(
    ("text", "max_width", "expected"),
    [
        ("", 100, []),
        ("aa aa", 2 * A, ["aa ", "aa"]),
        ("aa aa", 4 * A + SP, ["aa aa"]),
        ("aa aa", 4 * A + SP - 1, ["aa ", "aa"]),
        ("aa   aa", 2 * A, ["aa   ", "aa"]),  # spaces stay at the end of their line
        ("aaaaa", 2 * A, ["aa", "aa", "a"]),  # a long word breaks between characters
        ("aaaaa", 2 * A - 1, ["a", "a", "a", "a", "a"]),
        ("a aaaaa a", 2 * A, ["a ", "aa", "aa", "a ", "a"]),
        ("aMa", 100, ["a", "M", "a"]),  # one character wider than the line: alone
        ("aa\naa", 10 * A, ["aa\n", "aa"]),  # "\n" always breaks, and stays
        ("aa \n\naa", 10 * A, ["aa \n", "\n", "aa"]),
        ("\n", 10 * A, ["\n"]),
        ("  aaa", 2 * A, ["  ", "aa", "a"]),
        ("a\u0301a\u0301", A, ["a\u0301", "a\u0301"]),  # a mark stays with its base
        ("\U0001f1ea\U0001f1f8\U0001f1eb\U0001f1f7", 1, ["🇪🇸", "🇫🇷"]),  # flags
        ("👍\U0001f3fd👍", 1, ["👍\U0001f3fd", "👍"]),  # skin tone stays
        ("👨\u200d👩\u200d👧!", 1, ["👨\u200d👩\u200d👧", "!"]),  # ZWJ sequence stays
        ("\ud83d\ude00\ud83d\ude00", 1, ["\ud83d\ude00", "\ud83d\ude00"]),  # surrogates
        ("日本語", 2 * EM, ["日本", "語"]),  # CJK breaks between characters
        ("日本。日本", 2 * EM, ["日", "本。", "日本"]),  # "。" never starts a line
        ("「日本」です", 4 * EM, ["「日本」", "です"]),  # "「" never ends one
        ("aa 日本", 2 * A + SP + EM, ["aa 日", "本"]),
        ("aaaa\xa0\xa0aa", 4 * A, ["aaaa\xa0\xa0", "aa"]),  # no line of no-break spaces
    ],
)
def test_wrap_exact(text: str, max_width: float, expected: list[str]) -> None:
    assert wrap(text, max_width, EM, default_measurer()) == expected


def test_wrap_bold_measures_bold() -> None:
    # "Hola" is 1479 + 1139 + 455 + 1139 = 4212 units regular, 1479 + 1251 + 569 + 1139 =
    # 4438 bold: "Hola Hola" fits 2 * 4212 + 569 regular only.
    assert wrap("Hola Hola", 2 * 4212 + SP, EM, default_measurer()) == ["Hola Hola"]
    assert wrap("Hola Hola", 2 * 4212 + SP, EM, default_measurer(), bold=True) == [
        "Hola ",
        "Hola",
    ]


def test_wrap_refuses_nan() -> None:
    with pytest.raises(ValueError, match="NaN"):
        wrap("a", math.nan, 12, default_measurer())


class Monospace:
    """A measurer of the protocol that is not the table: every character is 0.5 em."""

    font_family = "monospace"
    ascent = 0.8
    descent = 0.2

    def width(self, text: str, size: float, *, bold: bool = False) -> float:
        return len(text) * size * (0.6 if bold else 0.5)


def test_wrap_with_another_measurer() -> None:
    mono = Monospace()
    assert isinstance(mono, Measurer)
    assert wrap("abc def ghij", 40, 10, mono) == ["abc def ", "ghij"]
    assert wrap("abcdefghij", 20, 10, mono) == ["abcd", "efgh", "ij"]
    assert wrap("abc def", 20, 10, mono, bold=True) == ["abc ", "def"]


class Delegating:
    """The table measurer behind the protocol only, so wrap takes its general path."""

    font_family = "Liberation Sans"
    ascent = 0.905
    descent = 0.212

    def width(self, text: str, size: float, *, bold: bool = False) -> float:
        return default_measurer().width(text, size, bold=bold)


# --- wrap: properties -------------------------------------------------------------

ALPHABET = [
    *"aAMWifr’.,-¿?", " ", " ", "\n", "\t", "\xa0", "\u3000", "\u0301", "\u20d7",
    *"日本語。「」한", "😀", "👍", "\U0001f3fd", "\u200d", "\ufe0f", "\U0001f1ea",
    "\U0001f1f8", "ก", "\u200b",
]  # fmt: skip
texts = st.text(
    st.one_of(st.sampled_from(ALPHABET), st.characters(exclude_categories=("Cs",))),
    max_size=80,
)
widths = st.floats(min_value=0, max_value=400, allow_nan=False)
sizes = st.sampled_from([10.5, 12, 13, 15, 26])


def _attached(previous: str, char: str) -> bool:
    return (
        previous == "\u200d"
        or unicodedata.category(char) in ("Mn", "Me", "Mc", "Cf")
        or "\U0001f3fb" <= char <= "\U0001f3ff"
        or "\U000e0000" <= char <= "\U000e007f"
    )


def _one_character(text: str) -> bool:
    """A base with what never separates from it: marks, ZWJ sequences, a flag."""
    regional = [c for c in text[:2] if "\U0001f1e6" <= c <= "\U0001f1ff"]
    start = 2 if len(regional) == 2 else 1
    return all(_attached(text[i - 1], text[i]) for i in range(start, len(text)))


@settings(deadline=None, max_examples=300)
@given(text=texts, max_width=widths, size=sizes, bold=st.booleans())
def test_wrap_properties(text: str, max_width: float, size: float, bold: bool) -> None:
    measurer = default_measurer()
    lines = wrap(text, max_width, size, measurer, bold=bold)
    assert "".join(lines) == text
    for index, line in enumerate(lines):
        assert line, "an empty line"
        visible = line.rstrip()
        if measurer.width(visible, size, bold=bold) > max_width:
            assert _one_character(visible), f"line {index} {line!r} is too wide"
        if not visible:  # a blank line only where the input has one
            assert index == 0 or lines[index - 1].endswith("\n"), lines
        if index < len(lines) - 1 and "\n" in line:
            assert line.endswith("\n")
    assert wrap(text, max_width, size, measurer, bold=bold) == lines
    assert wrap(text, max_width, size, Delegating(), bold=bold) == lines


@settings(deadline=None)
@given(text=texts, size=sizes)
def test_wrap_keeps_text_that_fits_whole(text: str, size: float) -> None:
    measurer = default_measurer()
    width = measurer.width(text.rstrip(), size)
    if text and "\n" not in text:
        assert wrap(text, width, size, measurer) == [text]


# --- the table and its generator ---------------------------------------------------


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_font_widths", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_table_is_up_to_date(fonts: dict[bool, TTFont]) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_check_detects_a_stale_table(
    fonts: dict[bool, TTFont], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = _script()
    stale = tmp_path / "liberation_sans.json"
    stale.write_text(TABLE.read_text(encoding="utf-8").replace("1139", "1138", 1))
    monkeypatch.setattr(script, "OUTPUT", stale)
    assert script.main(["--check"]) == 1
    assert script.main([str(tmp_path), "--check"]) == 2  # no fonts there


def test_table_header(fonts: dict[bool, TTFont]) -> None:
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    regular = fonts[False]
    assert table["family"] == regular["name"].getDebugName(1) == "Liberation Sans"
    assert table["version"] == regular["name"].getDebugName(5)
    assert table["units_per_em"] == EM
    assert table["generated_by"] == "python scripts/gen_font_widths.py"
    assert "kerning-free" in table["kerning"]
    assert [102, 8217, 37] in table["regular"]["positive_kerning"]  # f’
    assert [114, 8217, R_QUOTE_KERN] in table["bold"]["positive_kerning"]  # r’


def test_table_is_deterministic(fonts: dict[bool, TTFont]) -> None:
    script = _script()
    assert script.build(FONT_DIR) == script.build(FONT_DIR) == TABLE.read_text(encoding="utf-8")


@given(st.text(st.characters(max_codepoint=0x10FF, exclude_categories=("Cs",)), max_size=60))
def test_fast_tokenizer_agrees_below_u1100(text: str) -> None:
    from journeymap.text import _LOW_TOKEN, _TOKEN

    assert _LOW_TOKEN.findall(text) == _TOKEN.findall(text)
    assert "".join(_TOKEN.findall(text)) == text
