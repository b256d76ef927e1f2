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

from journeymap import Journey, JourneyMap
from journeymap.renderers.svg.layout import Typography, layout
from journeymap.renderers.svg.scene import Group, Rect, Text
from journeymap.text import (
    FONT_STACK,
    Measurer,
    TableMeasurer,
    default_measurer,
    wrap,
)

from .conftest import ROOT

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
# (bold, italic) -> file
FONT_FILES = {
    (False, False): "LiberationSans-Regular.ttf",
    (True, False): "LiberationSans-Bold.ttf",
    (False, True): "LiberationSans-Italic.ttf",
    (True, True): "LiberationSans-BoldItalic.ttf",
}
SCRIPT = ROOT / "scripts" / "gen_font_widths.py"
TABLE = ROOT / "src" / "journeymap" / "fonts" / "liberation_sans.json"
EM = 2048  # Liberation Sans units per em

# Advance widths in font units, as fontTools reads them from Liberation Sans 2.1.5.
REGULAR = {"F": 1251, "a": 1139, "c": 1024, "t": 569, "u": 1139, "r": 682, "i": 455,
           "ó": 1139, "n": 1139, "o": 1139, " ": 569, "H": 1479, "l": 455, "M": 1706,
           "’": 455, "©": 1509, "A": 1366, "V": 1366, "e": 1139, "\u0301": 0,
           "т": 938, "г": 747, "ж": 1370, "ʃ": 455, "Ц": 1515, "f": 569}  # fmt: skip
BOLD = {"F": 1251, "a": 1139, "c": 1139, "t": 682, "u": 1251, "r": 797, "i": 569,
        "ó": 1251, "n": 1251, "o": 1251, " ": 569, "H": 1479, "l": 569, "M": 1706,
        "’": 569, "т": 1003, "ʃ": 682}  # fmt: skip
# The italic faces: wider than upright for т, г, ж, ʃ (italic), narrower for Ц and for
# bold ʃ; the same for Latin-1.
ITALIC = {"т": 1706, "г": 1010, "ж": 1409, "ʃ": 595, "Ц": 1489, "H": 1479, "o": 1139,
          "l": 455, "a": 1139, "f": 569, "’": 455, "M": 1706}  # fmt: skip
BOLD_ITALIC = {"т": 1821, "ʃ": 654, "’": 569, "t": 682}  # fmt: skip
# Kerning pairs the font widens ('kern' feature of GPOS), in font units.
R_QUOTE_KERN = 76  # r followed by U+2019, both weights
F_QUOTE_KERN = 37  # f followed by U+2019, regular (and bold)
F_QUOTE_KERN_ITALIC = 76  # the same pair in italic
QUOTE_T_KERN_BOLD_ITALIC = 37  # U+2019 followed by t, bold italic only


@pytest.fixture(scope="module")
def fonts() -> Iterator[dict[tuple[bool, bool], TTFont]]:
    """The four Liberation Sans faces, keyed by ``(bold, italic)``."""
    missing = [name for name in FONT_FILES.values() if not (FONT_DIR / name).is_file()]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} missing from {FONT_DIR}: the README's test command "
            "(make test) installs Debian's fonts-liberation2"
        )
    faces = {key: TTFont(FONT_DIR / name) for key, name in FONT_FILES.items()}
    yield faces
    for face in faces.values():
        face.close()


def _advance(font: TTFont, char: str) -> int:
    return int(font["hmtx"].metrics[font.getBestCmap()[ord(char)]][0])


@pytest.mark.parametrize(
    ("face", "quoted"),
    [
        ((False, False), REGULAR),
        ((True, False), BOLD),
        ((False, True), ITALIC),
        ((True, True), BOLD_ITALIC),
    ],
)
def test_quoted_advances_are_the_fonts(
    fonts: dict[tuple[bool, bool], TTFont], face: tuple[bool, bool], quoted: dict[str, int]
) -> None:
    assert {char: _advance(fonts[face], char) for char in quoted} == quoted
    assert fonts[face]["head"].unitsPerEm == EM


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
        # Arabic seen: missing from the font, drawn from DejaVu Sans; the wider of its
        # regular (2500) and bold (2826) advances, more than M.
        ("\u0633", EM, False, 2826),
        # Thai SARA AM is <compat> NIKHAHIT + SARA AA: two parts, each at least M.
        ("\u0e33", EM, False, 2 * R["M"]),
        ("\u0e33", EM, True, 2 * B["M"]),
        ("\u200d\U000e0067", EM, False, 0),  # ZWJ (in the font, 0 wide) and a tag
    ],
)
def test_width_exact(text: str, size: float, bold: bool, expected: float) -> None:
    assert default_measurer().width(text, size, bold=bold) == pytest.approx(expected, rel=1e-12)


IT, BI = ITALIC, BOLD_ITALIC


@pytest.mark.parametrize(
    ("text", "size", "bold", "expected"),
    [
        ("т", 14, False, 1706 / 2048 * 14),  # italic т is 1.82 times regular (938)
        ("т", 14, True, 1821 / 2048 * 14),  # bold italic 1821, bold 1003
        ("г", EM, False, IT["г"]),
        ("ʃ", EM, False, IT["ʃ"]),  # IPA esh: italic 595, regular 455
        ("ʃ", EM, True, B["ʃ"]),  # bold 682 is wider than bold italic 654: bold counts
        ("Ц", EM, False, R["Ц"]),  # regular 1515 is wider than italic 1489
        ("ж" * 40, 12, False, 40 * 1409 * 12 / 2048),
        ("т" * 40, 12, False, 40 * 1706 * 12 / 2048),
        ("Hola", 10, False, (IT["H"] + IT["o"] + IT["l"] + IT["a"]) * 10 / EM),  # as regular
        ("Hola", 10, True, (B["H"] + B["o"] + B["l"] + B["a"]) * 10 / EM),  # as bold
        ("f’", EM, False, IT["f"] + IT["’"] + F_QUOTE_KERN_ITALIC),  # italic widens f’ more
        ("’t", EM, True, BI["’"] + BI["t"] + QUOTE_T_KERN_BOLD_ITALIC),  # bold has no ’t
        ("r’", EM, False, R["r"] + R["’"] + R_QUOTE_KERN),  # the regular pair still counts
        ("ก", EM, False, R["M"]),  # a missing letter counts as "M", as upright
        ("😀", 26, True, 1.25 * 26),
    ],
)
def test_italic_width_exact(text: str, size: float, bold: bool, expected: float) -> None:
    measurer = default_measurer()
    assert measurer.width(text, size, bold=bold, italic=True) == pytest.approx(expected, rel=1e-12)


def test_upright_is_unchanged_by_italic() -> None:
    measurer = default_measurer()
    assert measurer.width("т", EM) == R["т"] == 938
    assert measurer.width("т", EM, bold=True) == B["т"] == 1003
    assert measurer.width("f’", EM) == R["f"] + R["’"] + F_QUOTE_KERN
    assert measurer.width("’t", EM, bold=True) == B["’"] + B["t"]


def test_every_advance_of_the_four_faces(fonts: dict[tuple[bool, bool], TTFont]) -> None:
    """Upright: the face's advance; italic: the larger of it and the upright one."""
    measurer = default_measurer()
    advances = {
        face: {cp: font["hmtx"].metrics[glyph][0] for cp, glyph in font.getBestCmap().items()}
        for face, font in fonts.items()
    }
    for (bold, italic), expected in advances.items():
        if italic:
            upright = advances[(bold, False)]
            expected = {cp: max(units, upright[cp]) for cp, units in expected.items()}
        actual = {cp: measurer.width(chr(cp), EM, bold=bold, italic=italic) for cp in expected}
        assert actual == expected, (bold, italic)
    wider = {
        bold: sum(
            advances[(bold, True)][cp] > advances[(bold, False)][cp]
            for cp in advances[(bold, False)]
        )
        for bold in (False, True)
    }
    assert wider == {False: 281, True: 358}


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


@pytest.mark.parametrize("version", [1, 3, None])
def test_unknown_table_format_is_refused(version: int | None) -> None:
    # Format 1 had no italic advances: a table of it would measure italic text as upright.
    with pytest.raises(ValueError, match=f"unsupported width table format {version}; expected 2"):
        TableMeasurer({"format": version})


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


def test_wrap_italic_measures_italic() -> None:
    # "тт тт" is 4 * 938 + 569 = 4321 units upright, 4 * 1706 + 569 = 7393 italic.
    measurer = default_measurer()
    assert wrap("тт тт", 4 * 938 + SP, EM, measurer) == ["тт тт"]
    assert wrap("тт тт", 4 * 938 + SP, EM, measurer, italic=True) == ["тт ", "тт"]
    assert wrap("тт тт", 4 * 1706 + SP, EM, measurer, italic=True) == ["тт тт"]
    assert wrap("ттт", 2 * 1706, EM, measurer, italic=True) == ["тт", "т"]
    assert wrap("ттт", 2 * 1706, EM, Delegating(), italic=True) == ["тт", "т"]
    # Bold italic: "тт" is 2 * 1821 = 3642 units, bold 2 * 1003.
    assert wrap("тт", 3641, EM, measurer, bold=True) == ["тт"]
    assert wrap("тт", 3641, EM, measurer, bold=True, italic=True) == ["т", "т"]


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

    def width(self, text: str, size: float, *, bold: bool = False, italic: bool = False) -> float:
        return default_measurer().width(text, size, bold=bold, italic=italic)


class Recording:
    """A measurer of the protocol that records the keywords of every call."""

    font_family = "monospace"
    ascent = 0.8
    descent = 0.2

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, bool]]] = []

    def width(self, text: str, size: float, **keywords: bool) -> float:
        self.calls.append((text, keywords))
        return len(text) * size * (1.0 if keywords.get("italic") else 0.5)


class OldRecording:
    """A measurer written before italic: ``width`` has no ``italic`` keyword."""

    font_family = "monospace"
    ascent = 0.8
    descent = 0.2

    def __init__(self) -> None:
        self.calls: list[tuple[str, bool]] = []

    def width(self, text: str, size: float, *, bold: bool = False) -> float:
        self.calls.append((text, bold))
        return len(text) * size * 0.5


def test_italic_goes_only_to_measurers_that_take_it() -> None:
    recording = Recording()
    assert wrap("abc def", 100, 10, recording) == ["abc def"]
    assert recording.calls == [("abc def", {"bold": False})]  # upright: no italic keyword
    recording.calls.clear()
    assert wrap("abc def", 40, 10, recording, bold=True, italic=True) == ["abc ", "def"]
    assert recording.calls
    assert all(keywords == {"bold": True, "italic": True} for _, keywords in recording.calls)
    # A measurer without the keyword measures italic text upright, with no TypeError.
    old = OldRecording()
    assert wrap("abc def", 40, 10, old, italic=True) == ["abc def"]
    assert wrap("abc def", 30, 10, old, bold=True, italic=True) == ["abc ", "def"]
    assert wrap("abcdefghij", 20, 10, Monospace(), italic=True) == ["abcd", "efgh", "ij"]
    assert ("abc def", False) in old.calls  # measured upright


def _persona_map(quote: str, feeling: str = "calm") -> JourneyMap:
    return (
        Journey("Map", persona={"name": "Ana", "quote": quote})
        .phase("Phase")
        .touchpoint("Pays", channel="email", emotion=1, feeling=feeling)
        .build()
    )


def _card(group_id: str, scene_children: tuple[object, ...]) -> tuple[Rect, list[Text]]:
    for element in scene_children:
        if isinstance(element, Group):
            if element.id == group_id and isinstance(element.children[0], Rect):
                return element.children[0], [c for c in element.children if isinstance(c, Text)]
            try:
                return _card(group_id, element.children)
            except LookupError:
                pass
    raise LookupError(group_id)


@pytest.mark.parametrize(("letter", "italic_units"), [("ж", 1409), ("т", 1706)])
def test_italic_persona_quote_fits_its_card(letter: str, italic_units: int) -> None:
    """Each line of the italic quote, at Liberation Sans Italic's advances, fits inside."""
    quote = letter * 40
    scene = layout(_persona_map(quote))
    rect, texts = _card("persona", scene.children)
    (text,) = [t for t in texts if t.italic]
    assert "".join(text.lines) == quote
    assert len(text.lines) > 1  # 40 letters do not fit one line of the card
    inner_right = rect.x + rect.width - Typography().card_padding
    for line in text.lines:
        width = len(line) * italic_units * text.size / 2048
        assert text.x + width <= inner_right + 1e-9, (line, text.x + width, inner_right)


def test_layout_passes_italic_only_for_italic_blocks() -> None:
    recording = Recording()
    layout(_persona_map("quoted words", feeling="relieved"), measurer=recording)
    italic = {text for text, keywords in recording.calls if keywords.get("italic")}
    assert italic == {"quoted words", "relieved"}
    assert all(keywords.get("italic") in (None, True) for _, keywords in recording.calls)
    old = OldRecording()  # a measurer without the keyword still lays out the map
    scene = layout(_persona_map("quoted words", feeling="relieved"), measurer=old)
    assert {"quoted words", "relieved"} <= {text for text, _ in old.calls}
    assert scene.width > 0


# --- wrap: properties -------------------------------------------------------------

ALPHABET = [
    *"aAMWifr’.,-¿?тжʃЦ", " ", " ", "\n", "\t", "\xa0", "\u3000", "\u0301", "\u20d7",
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
@given(text=texts, max_width=widths, size=sizes, bold=st.booleans(), italic=st.booleans())
def test_wrap_properties(
    text: str, max_width: float, size: float, bold: bool, italic: bool
) -> None:
    measurer = default_measurer()
    lines = wrap(text, max_width, size, measurer, bold=bold, italic=italic)
    assert "".join(lines) == text
    for index, line in enumerate(lines):
        assert line, "an empty line"
        visible = line.rstrip()
        if measurer.width(visible, size, bold=bold, italic=italic) > max_width:
            assert _one_character(visible), f"line {index} {line!r} is too wide"
        if not visible:  # a blank line only where the input has one
            assert index == 0 or lines[index - 1].endswith("\n"), lines
        if index < len(lines) - 1 and "\n" in line:
            assert line.endswith("\n")
    assert wrap(text, max_width, size, measurer, bold=bold, italic=italic) == lines
    assert wrap(text, max_width, size, Delegating(), bold=bold, italic=italic) == lines


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


def test_table_is_up_to_date(fonts: dict[tuple[bool, bool], TTFont]) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_check_detects_a_stale_table(
    fonts: dict[tuple[bool, bool], TTFont], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = _script()
    stale = tmp_path / "liberation_sans.json"
    stale.write_text(TABLE.read_text(encoding="utf-8").replace("1139", "1138", 1))
    monkeypatch.setattr(script, "OUTPUT", stale)
    assert script.main(["--check"]) == 1
    assert script.main([str(tmp_path), "--check"]) == 2  # no fonts there


def test_table_header(fonts: dict[tuple[bool, bool], TTFont]) -> None:
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    regular = fonts[(False, False)]
    assert table["family"] == regular["name"].getDebugName(1) == "Liberation Sans"
    assert table["version"] == regular["name"].getDebugName(5)
    assert table["units_per_em"] == EM
    assert table["generated_by"] == "python scripts/gen_font_widths.py"
    assert "kerning-free" in table["kerning"]
    assert [102, 8217, 37] in table["regular"]["positive_kerning"]  # f’
    assert [114, 8217, R_QUOTE_KERN] in table["bold"]["positive_kerning"]  # r’
    assert table["format"] == 2
    assert {face: source["file"] for face, source in table["sources"].items()} == {
        "regular": "LiberationSans-Regular.ttf",
        "bold": "LiberationSans-Bold.ttf",
        "italic": "LiberationSans-Italic.ttf",
        "bold_italic": "LiberationSans-BoldItalic.ttf",
    }
    assert table["sources"]["italic"]["full_name"] == "Liberation Sans Italic"
    assert "only what is wider" in table["slanted"]
    # Italic faces hold only what is wider than upright: т (U+0442) but not "a" or Ц.
    italic = table["italic"]
    assert set(italic) == {"wider_advances", "wider_kerning"}
    assert [0x442, ITALIC["т"]] in italic["wider_advances"]
    listed = {run[0] + i for run in italic["wider_advances"] for i in range(len(run) - 1)}
    assert len(listed) == 281
    assert ord("a") not in listed
    assert ord("Ц") not in listed
    assert all(cp > 0xFF for cp in listed)  # none in Latin-1
    assert [102, 8217, F_QUOTE_KERN_ITALIC] in italic["wider_kerning"]  # f’: 76 > 37
    assert [114, 8217, R_QUOTE_KERN] not in italic["wider_kerning"]  # r’: 76 both
    assert [8217, 116, QUOTE_T_KERN_BOLD_ITALIC] in table["bold_italic"]["wider_kerning"]


def test_table_is_deterministic(fonts: dict[tuple[bool, bool], TTFont]) -> None:
    script = _script()
    assert script.build(FONT_DIR) == script.build(FONT_DIR) == TABLE.read_text(encoding="utf-8")


@given(st.text(st.characters(max_codepoint=0x10FF, exclude_categories=("Cs",)), max_size=60))
def test_fast_tokenizer_agrees_below_u1100(text: str) -> None:
    from journeymap.text import _LOW_TOKEN, _TOKEN

    assert _LOW_TOKEN.findall(text) == _TOKEN.findall(text)
    assert "".join(_TOKEN.findall(text)) == text
