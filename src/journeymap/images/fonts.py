"""Fonts for exported images: the layout's font, bundled, and fallbacks named per run.

The SVG map is laid out with Liberation Sans's metrics (see :mod:`journeymap.text`), so
its images are drawn with Liberation Sans too: the four styles ship in
``journeymap/fonts/liberation`` (SIL Open Font License 1.1, ``OFL.txt`` beside them) and
are loaded before the system's fonts, so a machine without them draws the same picture.

Liberation Sans has no CJK ideographs, kana or Hangul and no emoji. The rasteriser's own
fallback picks a font per character, which loses the weight of bold CJK text and misses
colour emoji such as U+2705, so :func:`with_font_runs` names the fonts instead: every run
of CJK text in a ``<text>`` or ``<tspan>`` becomes a ``<tspan>`` whose ``font-family``
lists CJK fonts (:data:`CJK_FAMILIES`, the first installed one is used, in the text's own
weight), and every run of emoji one that lists emoji fonts (:data:`EMOJI_FAMILIES`),
except in a text holding an emoji made of several characters (a flag, a skin tone, a
keycap, a sequence joined by U+200D): the rasteriser cannot lay such a text out in
nested ``<tspan>`` elements, so all of that text is left to its fallback.
These come from the system (Debian: ``fonts-noto-cjk``, ``fonts-noto-color-emoji``); a
machine with none of them shows an empty box for such characters, in the image only.

Example:
    >>> with_font_runs('<text x="1">Ok 日本 ✅</text>').count("<tspan")
    2
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = [
    "BUNDLED_FONTS",
    "CJK_FAMILIES",
    "EMOJI_FAMILIES",
    "bundled_font_files",
    "with_font_runs",
]

#: The folder of the bundled Liberation Sans files.
BUNDLED_FONTS = Path(__file__).resolve().parent.parent / "fonts" / "liberation"
#: CJK fonts, the first installed one drawing CJK runs.
CJK_FAMILIES = (
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "Noto Sans CJK KR",
    "Source Han Sans",
    "Hiragino Sans",
    "PingFang SC",
    "Microsoft YaHei",
    "Malgun Gothic",
)
#: Emoji fonts, the first installed one drawing emoji runs.
EMOJI_FAMILIES = ("Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji", "Twemoji Mozilla")


def bundled_font_files() -> list[Path]:
    """The bundled font files, sorted."""
    return sorted(BUNDLED_FONTS.glob("*.ttf"))


def _ranges(*pairs: tuple[int, int]) -> str:
    return "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in pairs)


# Han, kana, Hangul, CJK punctuation and full-width forms.
_CJK = _ranges(
    (0x1100, 0x11FF),
    (0x2E80, 0x2FDF),
    (0x3000, 0x30FF),
    (0x3130, 0x318F),
    (0x31F0, 0x9FFF),
    (0xA960, 0xA97F),
    (0xAC00, 0xD7FF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3FFFF),
)
# Characters drawn as emoji by default (Unicode's Emoji_Presentation), in the BMP...
_EMOJI_BMP = (
    "\u231a\u231b\u23e9-\u23ec\u23f0\u23f3\u25fd\u25fe\u2614\u2615\u2648-\u2653\u267f"
    "\u2693\u26a1\u26aa\u26ab\u26bd\u26be\u26c4\u26c5\u26ce\u26d4\u26ea\u26f2\u26f3"
    "\u26f5\u26fa\u26fd\u2705\u270a\u270b\u2728\u274c\u274e\u2753-\u2755\u2757"
    "\u2795-\u2797\u27b0\u27bf\u2b1b\u2b1c\u2b50\u2b55"
)
# ...and beyond it (flags, pictographs, symbols and their skin tones).
_EMOJI_ASTRAL = _ranges((0x1F000, 0x1FAFF))
# What continues an emoji: variation selector 16, zero-width joiner, keycap, tags.
_JOINERS = "\ufe0f\u200d\u20e3" + _ranges((0xE0020, 0xE007F))
_EMOJI_RUN = (
    f"(?:[{_EMOJI_BMP}{_EMOJI_ASTRAL}]|[\u2000-\u2bff]\ufe0f)"
    f"(?:[{_JOINERS}]|[{_EMOJI_BMP}{_EMOJI_ASTRAL}])*"
)
_RUN = re.compile(f"(?P<emoji>{_EMOJI_RUN})|(?P<cjk>[{_CJK}]+)")
# Character data right after a <text> or <tspan> start tag, or after a </tspan>.
_TEXT_DATA = re.compile(r"(<(?:text|tspan)\b[^>]*>|</tspan>)([^<]+)")


def _family_attribute(families: tuple[str, ...]) -> str:
    return ", ".join(f"'{family}'" for family in families)


_WRAP = {
    "cjk": f'<tspan font-family="{_family_attribute(CJK_FAMILIES)}">',
    "emoji": f'<tspan font-family="{_family_attribute(EMOJI_FAMILIES)}">',
}


# What makes one emoji of several characters: joiners, keycaps, tags, flags' regional
# indicators and skin tones. Typst's SVG text layout (usvg 0.47) panics on such a cluster
# in a text split into nested <tspan>s, so a text holding one is left as it is.
_CLUSTERS = re.compile(
    "[\u200d\u20e3" + _ranges((0xE0020, 0xE007F), (0x1F1E6, 0x1F1FF), (0x1F3FB, 0x1F3FF)) + "]"
)


def _wrap_runs(match: re.Match[str]) -> str:
    return f"{_WRAP['emoji' if match.group('emoji') else 'cjk']}{match.group(0)}</tspan>"


def with_font_runs(svg: str) -> str:
    """``svg`` with its CJK and emoji runs in ``<tspan>`` elements naming fonts that draw them.

    Only the character data of ``<text>`` and ``<tspan>`` elements changes; titles,
    descriptions and attributes stay as they are. Text without such runs is returned
    unchanged.
    """
    if _RUN.search(svg) is None:
        return svg

    def data(match: re.Match[str]) -> str:
        if _CLUSTERS.search(match.group(2)):
            return match.group(0)
        return match.group(1) + _RUN.sub(_wrap_runs, match.group(2))

    return _TEXT_DATA.sub(data, svg)
