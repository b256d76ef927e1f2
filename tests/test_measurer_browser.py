"""The measurer against a real browser: headless Chromium draws SVG text in FONT_STACK.

Chromium's ``getComputedTextLength()`` is compared with ``TableMeasurer.width`` for a
table of strings at the renderer's sizes, regular and bold, and for italic text (every
character of Liberation Sans and strings in Cyrillic, Greek and IPA, italic and bold
italic). Tolerances:

* Every string: the measurer is never below the browser by more than 1/64 px, the unit
  Chromium rounds text lengths to. A wrapped line therefore never overflows by more.
* Latin, Greek, Cyrillic text drawn from Liberation Sans: at most 1 % above the browser
  (the measurer ignores kerning that tightens pairs; a string made of kerned pairs,
  marked as such, gets 8 %).
* CJK: at most 1 % above (Hangul 9 %: Noto Sans CJK draws it 0.92 em, counted 1 em).
* Italic: never below the browser by more than 1/64 px either (each character counts
  the larger of its upright and italic advances), at most 5 % above for the strings.
  The ink, which ``getBBox()`` reports, reaches past the advance: at most
  :data:`ITALIC_INK_LEFT` em before the start and :data:`ITALIC_INK_RIGHT` em after
  the measured end, which the 8 px padding of a card holds at the sizes italic is drawn.
* Emoji and symbols: each case states its margin. One emoji counts 1.25 em where Noto
  Color Emoji draws 1.248 em; a sequence drawn as one glyph (flag, skin tone, ZWJ
  family, keycap) counts each of its code points.

Debian's chromium and fonts (fonts-liberation2, fonts-noto-color-emoji, fonts-noto-cjk,
fonts-dejavu-core) are required: the README's test command installs them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from fontTools.ttLib import TTCollection, TTFont

from journeymap.text import FONT_STACK, default_measurer, wrap

from .browser import FONTS, chromium_page

pytestmark = pytest.mark.needs_browser

SIZES = (10.5, 12, 13, 15, 26)
LAYOUT_UNIT = 1 / 64  # Chromium rounds a text length to 1/64 px
PAGE = f"""<!doctype html><html><body>
<svg id="s" xmlns="http://www.w3.org/2000/svg" width="4000" height="100"
     style="font-family: {FONT_STACK}; white-space: pre"></svg>
</body></html>"""
MEASURE = """(items) => {
  const svg = document.getElementById('s');
  return items.map(([text, size, bold, italic]) => {
    const node = document.createElementNS('http://www.w3.org/2000/svg', 'text');
    node.setAttribute('x', '0');
    node.setAttribute('y', '50');
    node.setAttribute('font-size', String(size));
    node.setAttribute('font-weight', bold ? 'bold' : 'normal');
    node.setAttribute('font-style', italic ? 'italic' : 'normal');
    node.textContent = text;
    svg.appendChild(node);
    const length = node.getComputedTextLength();
    svg.removeChild(node);
    return length;
  });
}"""
# The same, with the text's box: [length, box x, box width].
MEASURE_BOX = MEASURE.replace(
    "const length = node.getComputedTextLength();",
    "const box = node.getBBox(); const length = [node.getComputedTextLength(), box.x, box.width];",
)


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    over: float  # how far above the browser width the measurer may be, as a fraction


LATIN, KERNED, CJK, HANGUL = 0.01, 0.08, 0.01, 0.09
CASES = [
    Case("accents", "Facturación", LATIN),
    Case("spanish", "¿Dónde está mi pedido? ¡Ayuda!", LATIN),
    Case("spanish-sentence", "El cliente no entiende el cargo adicional", LATIN),
    Case("tilde", "Añadir al carrito — señal", LATIN),
    Case("german", "Übergrößenträger", LATIN),
    Case("french", "naïve café résumé", LATIN),
    Case("digits", "0123456789", LATIN),
    Case("punctuation", "“Quoted” ‘text’ (parens) [brackets] {braces}", LATIN),
    Case("contact", "e-mail: ana@example.com; tel. +34 600 000 000", LATIN),
    Case("math", "50 % off — 3 × 2 = 6", LATIN),
    Case("metrics", "Wi-Fi, NPS 72, CSAT 4.5/5", LATIN),
    Case("long-word", "Supercalifragilisticexpialidocious", LATIN),
    Case("narrow", "iiiiiiiiiiii", LATIN),
    Case("wide", "WWWWWWWW", LATIN),
    Case("apostrophes", "l’ordre d’r’ The customer’s", LATIN),  # widening kerning
    Case("decomposed", "e\u0301 n\u0303o", LATIN),
    Case("greek", "Γειά σου κόσμε", LATIN),
    Case("cyrillic", "Привет, мир", 0.03),  # Cyrillic kerns more: 2.8 %
    Case("kerned-pairs", "AVATAR To Wa Yo LT", KERNED),
    Case("chinese", "顾客收到发票", CJK),
    Case("chinese-punctuation", "支付失败，请重试。", CJK),
    Case("japanese", "お支払い方法を選択してください", CJK),
    Case("japanese-brackets", "「注文」を確認", CJK),
    Case("fullwidth", "ｆｕｌｌ　ｗｉｄｔｈ", CJK),
    Case("korean", "결제 실패", HANGUL),
    Case("mixed", "Pago 支付 OK", CJK),
    Case("emoji", "😀", 0.005),
    Case("emoji-in-text", "Pago 💳 fallido 😡", 0.005),
    Case("emoji-word", "🚀 Launch", 0.005),
    Case("emoji-presentation", "☺️ ok", 0.005),
    Case("text-symbols", "✅ Done ❌ Fail", 0.06),  # U+2705, U+274C count 1.45 em
    Case("stars", "⭐⭐⭐", 0.17),  # 1.45 em counted, 1.248 em drawn
    Case("heart", "❤️", 0.17),
    Case("keycap", "1️⃣", 1.17),  # 1.25 em for "1" + U+FE0F, 1.45 em for U+20E3: one glyph
    Case("skin-tone", "👍🏽", 1.01),  # two emoji counted, one glyph
    Case("flag", "🇪🇸", 1.01),
    Case("family", "👨\u200d👩\u200d👧", 2.01),  # three emoji counted, one glyph
]
CASE_IDS = [case.name for case in CASES]
# Text in scripts Liberation Sans lacks (each letter counts as "M") or has: never below
# the browser, at most 2.5 times as wide.
SCRIPTS = {
    "arabic": "مرحبا بالعالم",
    "hebrew": "שלום עולם",
    "thai": "สวัสดีชาวโลก",
    "devanagari": "नमस्ते दुनिया",
    "georgian": "გამარჯობა",
    "armenian": "Բարեւ աշխարհ",
    "vietnamese": "Xin chào thế giới",
    "polish": "Dzień dobry, Łódź",
    "turkish": "İstanbul ığdır",
    "arrows": "→ ← ↑ ↓ ⇒ ⇔ ↗",
    "numbers": "½ ¼ ¾ ① ② Ⅷ",
    "currency": "₿ ₹ ₽ € £ ¥",
    "missing-mark": "a\u20d7b m\u20d7",
    "zero-width": "\u200bx\u200d\u2060y",
    # Drawn from DejaVu Sans, whose seen is 1.22 em: wider than the M a missing letter
    # counts, so the table's fallback section gives the floor.
    "arabic-wide-letters": "س ش ص ض سس",
    # SARA AM is drawn as two glyphs (NIKHAHIT, SARA AA), here two missing-glyph boxes.
    "thai-sara-am": "ำ" + "0" * 38,
    "arabic-thai-digits": "سำ" + "0" * 38,
}


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    """One headless Chromium page with an empty SVG, for the whole module."""
    with chromium_page() as browser_page:
        browser_page.set_content(PAGE)
        yield browser_page


def _measure(page: Any, items: Sequence[tuple[Any, ...]], script: str = MEASURE) -> list[Any]:
    """Chromium's text lengths of ``(text, size, bold[, italic])`` items, in batches."""
    lengths: list[Any] = []
    for start in range(0, len(items), 2000):
        lengths.extend(page.evaluate(script, [list(item) for item in items[start : start + 2000]]))
    return lengths


@pytest.fixture(scope="module")
def case_lengths(page: Any) -> dict[tuple[str, float, bool], float]:
    items = [(case.text, size, bold) for case in CASES for size in SIZES for bold in (False, True)]
    return dict(zip(items, _measure(page, items), strict=True))


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_width_against_chromium(
    case: Case, case_lengths: dict[tuple[str, float, bool], float]
) -> None:
    measurer = default_measurer()
    problems = []
    for size in SIZES:
        for bold in (False, True):
            browser = case_lengths[(case.text, size, bold)]
            ours = measurer.width(case.text, size, bold=bold)
            if not browser - LAYOUT_UNIT <= ours <= browser * (1 + case.over):
                problems.append(
                    f"size {size} bold={bold}: measurer {ours:.4f}, Chromium {browser:.4f}"
                )
    assert not problems, f"{case.text!r}:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_other_scripts_are_never_underestimated(page: Any, name: str) -> None:
    text = SCRIPTS[name]
    measurer = default_measurer()
    items = [(text, size, bold) for size in SIZES for bold in (False, True)]
    for (_, size, bold), browser in zip(items, _measure(page, items), strict=True):
        ours = measurer.width(text, size, bold=bold)
        assert browser - LAYOUT_UNIT <= ours <= 2.5 * browser, (size, bold, ours, browser)


def _sweep_code_points() -> list[int]:
    """Emoji, symbols and wide characters that the fallback fonts draw and Liberation lacks.

    Every code point of Noto Color Emoji; every symbol (Unicode categories Sm, So, No,
    Nl, Me, Co) of DejaVu Sans; every 16th wide or fullwidth character of Noto Sans CJK.
    """
    with TTFont(FONTS["liberation"]) as font:
        liberation = set(font.getBestCmap())
    with TTFont(FONTS["emoji"]) as font:
        wanted = set(font.getBestCmap())
    with TTFont(FONTS["dejavu"]) as font:
        wanted |= {
            cp
            for cp in font.getBestCmap()
            if unicodedata.category(chr(cp)) in ("Sm", "So", "No", "Nl", "Me", "Co")
        }
    collection = TTCollection(FONTS["cjk"])
    try:
        cjk = sorted(
            cp
            for cp in collection.fonts[0].getBestCmap()
            if unicodedata.east_asian_width(chr(cp)) in ("W", "F")
        )
    finally:
        collection.close()
    wanted |= set(cjk[::16])
    return sorted(cp for cp in wanted - liberation if cp > 0x20)


def test_every_emoji_symbol_and_wide_character(page: Any) -> None:
    """Each counts at least what Chromium draws (one character at a time)."""
    measurer = default_measurer()
    code_points = _sweep_code_points()
    assert len(code_points) > 5000
    items = [(chr(cp), 26.0, bold) for cp in code_points for bold in (False, True)]
    under = [
        f"U+{ord(text):04X} bold={bold}: {ours:.3f} < {browser:.3f}"
        for (text, size, bold), browser in zip(items, _measure(page, items), strict=True)
        if (ours := measurer.width(text, size, bold=bold)) < browser - LAYOUT_UNIT
    ]
    assert not under, f"{len(under)} characters measured too narrow:\n" + "\n".join(under[:40])


# Italic text: letters whose italic advance is wider than upright (т 1.82 times, г, ж,
# ʃ), narrower (Ц), kerning pairs that italic widens more (f’) or only bold italic has (’t).
ITALIC_TEXTS = {
    "cyrillic": "Привет, мир",
    "cyrillic-wide": "тттт гггг жжжж",
    "cyrillic-sentence": "Клиент получает счёт и не понимает дополнительный платёж",
    "cyrillic-capitals": "ДЛФ ЪЮ Цa Эд ЖЪ",
    "greek": "ζρφχψ ΦΩΓ Γειά σου κόσμε",
    "ipa": "ʃʄʅ ʧ ʋ ɸ ɜ ɴ ʟ",
    "modifiers": "ᴀᴅᴛ ᵈᵉᵍ ⁴⁵⁶ ₀₇₈ №",
    "latin": "“Quoted” naïve café, the customer’s l’ordre, f’ ’t",
}
ITALIC_OVER = 0.05
ITALIC_INK_LEFT = 0.35  # em: ⁄ (U+2044) reaches 0.31 em left of its start
ITALIC_INK_RIGHT = 0.3  # em: ƴ (U+01B4) reaches 0.27 em right of its end


@pytest.mark.parametrize("name", list(ITALIC_TEXTS))
def test_italic_against_chromium(page: Any, name: str) -> None:
    text = ITALIC_TEXTS[name]
    measurer = default_measurer()
    items = [(text, size, bold, True) for size in SIZES for bold in (False, True)]
    problems = []
    for (_, size, bold, _), (browser, left, width) in zip(
        items, _measure(page, items, MEASURE_BOX), strict=True
    ):
        ours = measurer.width(text, size, bold=bold, italic=True)
        if not browser - LAYOUT_UNIT <= ours <= browser * (1 + ITALIC_OVER):
            problems.append(f"size {size} bold={bold}: measurer {ours:.4f}, Chromium {browser:.4f}")
        if left < -ITALIC_INK_LEFT * size or left + width > ours + ITALIC_INK_RIGHT * size:
            problems.append(f"size {size} bold={bold}: box {left:.3f}..{left + width:.3f}")
    assert not problems, f"{text!r}:\n" + "\n".join(problems)


def test_every_italic_character_against_chromium(page: Any) -> None:
    """Each character of Liberation Sans, italic and bold italic, one at a time."""
    measurer = default_measurer()
    with TTFont(FONTS["liberation"]) as font:
        code_points = [
            cp
            for cp in sorted(font.getBestCmap())
            if cp > 0x20 and unicodedata.category(chr(cp)) != "Cc"
        ]
    assert len(code_points) > 2300
    items = [(chr(cp), 26.0, bold, True) for cp in code_points for bold in (False, True)]
    under, ink = [], []
    for (text, size, bold, _), (browser, left, width) in zip(
        items, _measure(page, items, MEASURE_BOX), strict=True
    ):
        ours = measurer.width(text, size, bold=bold, italic=True)
        if ours < browser - LAYOUT_UNIT:
            under.append(f"U+{ord(text):04X} bold={bold}: {ours:.3f} < {browser:.3f}")
        mark = unicodedata.category(text) in ("Mn", "Me")  # drawn over a base: skipped
        reach = left < -ITALIC_INK_LEFT * size or left + width > ours + ITALIC_INK_RIGHT * size
        if width and not mark and reach:
            ink.append(f"U+{ord(text):04X} bold={bold}: box {left:.3f}..{left + width:.3f}")
    assert not under, f"{len(under)} characters measured too narrow:\n" + "\n".join(under[:40])
    assert not ink, f"{len(ink)} characters reach too far:\n" + "\n".join(ink[:40])


PARAGRAPHS = [
    "El cliente recibe la factura y no entiende el cargo adicional: llama al centro de "
    "atención, espera 25 minutos y cuelga sin respuesta.",
    "Customer sees an ad on Instagram, clicks through to the landing page and abandons "
    "the form at step 3 because the postcode field rejects a valid address.",
    "顾客收到发票后不明白额外收费是什么意思，所以打电话给客服中心询问详细情况。",
    "お客様は「注文」ボタンを押しましたが、確認メールが届きませんでした。",
    "Pago 💳 rechazado 😡 → reintenta ✅ y lo consigue 🎉 https://example.com/a/very/long/path",
    "Supercalifragilisticexpialidocious-antidisestablishmentarianism",
    "Клиент получает счёт, не понимает дополнительный платёж и звонит: ттттттттт гггггг",
    "ʃʃʃʃ ʃʄʅ ʧʧ жжжжжжжжжжжж ζζζ φφφ",
]


@pytest.mark.parametrize("max_width", [60, 120, 200])
@pytest.mark.parametrize(
    ("size", "bold", "italic"),
    [
        (12, False, False),
        (13, True, False),
        (15, False, False),
        (12, False, True),
        (13, True, True),
    ],
)
def test_wrapped_lines_fit_in_chromium(
    page: Any, max_width: float, size: float, bold: bool, italic: bool
) -> None:
    measurer = default_measurer()
    items = []
    for paragraph in PARAGRAPHS:
        lines = wrap(paragraph, max_width, size, measurer, bold=bold, italic=italic)
        items += [(line.rstrip(), size, bold, italic) for line in lines if line.strip()]
    assert len(items) > len(PARAGRAPHS)
    for (line, *_), browser in zip(items, _measure(page, items), strict=True):
        if len(line) > 1:  # a single character may be wider than the line
            assert browser <= max_width + LAYOUT_UNIT, (line, browser)
