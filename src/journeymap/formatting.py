"""The one place numbers and emotions become text.

Every renderer formats numbers here, so output never shows ``0.30000000000000004``
and the same value always prints the same way. :func:`format_number` is the neutral
form (a decimal point, as data formats need); :meth:`journeymap.i18n.Words.number`
writes it in a language's style, and the functions below take a language's
:class:`~journeymap.i18n.Words` (or a language tag).

Example:
    >>> format_number(0.1 + 0.2), format_number(2.0), format_number(1, signed=True)
    ('0.3', '2', '+1')
"""

from __future__ import annotations

from journeymap.i18n import Words, words_for
from journeymap.model import Channel, EmotionScale, Metric

__all__ = ["channel_label", "emotion_word", "format_number", "metric_value"]


def format_number(value: float, *, decimals: int = 2, signed: bool = False) -> str:
    """Format a number with at most ``decimals`` decimals and no trailing zeros.

    Args:
        value: The number.
        decimals: The most decimals to show.
        signed: Whether to prefix positive numbers with ``+``.

    Returns:
        The number as text; ``-0`` prints as ``0``. Integers are written digit for
        digit whatever their size, so no value can overflow here.

    Example:
        >>> format_number(3.14159), format_number(-0.0001), format_number(10**20)
        ('3.14', '0', '100000000000000000000')
    """
    if isinstance(value, int) and not isinstance(value, bool):
        text = _integer_text(value)
    else:
        text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in {"-0", ""}:
        text = "0"
    if signed and not text.startswith("-") and text != "0":
        text = "+" + text
    return text


def _integer_text(value: int) -> str:
    """An integer's digits; past Python's digit limit, its magnitude in scientific form."""
    try:
        return str(value)
    except ValueError:  # more than sys.get_int_max_str_digits() digits
        digits = int(value.bit_length() * 0.30102999566398120) + 1
        return f"{'-' if value < 0 else ''}1e{digits - 1}"


def emotion_word(scale: EmotionScale, value: float, locale: str | Words) -> str:
    """An emotion in words: the scale's own label, else a word for its position.

    Args:
        scale: The map's scale.
        value: The emotion, on the scale.
        locale: The language of the word: its words, or a language tag.

    Returns:
        For example ``"very negative"`` for -2 on the default scale.

    Example:
        >>> emotion_word(EmotionScale(), -2, "en"), emotion_word(EmotionScale(), 0.5, "es")
        ('very negative', 'positiva')
    """
    if scale.labels:
        level = min(max(round(value), scale.min), scale.max)
        return scale.labels[level - scale.min]
    very_neg, neg, neutral, pos, very_pos = words_for(locale).scale_words()
    if value > scale.neutral:
        reach = (value - scale.neutral) / (scale.max - scale.neutral)
        return very_pos if reach >= 0.75 else pos
    if value < scale.neutral:
        reach = (scale.neutral - value) / (scale.neutral - scale.min)
        return very_neg if reach >= 0.75 else neg
    return neutral


def metric_value(metric: Metric, value: float, locale: str | Words = "en") -> str:
    """A metric's value (or target) with its unit, in a language's style; NPS is signed.

    A ``%`` unit is written as the language writes percentages; units starting with
    ``/`` (``/5``) follow the number directly; other units follow after a space.

    Example:
        >>> metric_value(Metric(kind="nps", value=32), 32), metric_value(
        ...     Metric(kind="csat", value=4.6, unit="/5"), 4.6, "es")
        ('+32', '4,6/5')
        >>> metric_value(Metric(kind="drop-off", value=38, unit="%"), 38, "es")
        '38\\xa0%'
    """
    words = words_for(locale)
    signed = metric.kind == "nps"
    unit = metric.unit
    if unit == "%":
        return words.percent(value, signed=signed)
    text = words.number(value, signed=signed)
    if unit:
        text += unit if unit.startswith(("%", "/")) else f" {unit}"
    return text


def channel_label(channel: Channel, locale: str | Words) -> str:
    """A channel's name in ``locale``, with its mode in brackets when known.

    Example:
        >>> channel_label(Channel.builtin("phone"), "es")
        'Teléfono (offline)'
    """
    words = words_for(locale)
    shown = words.channel_name(channel.id, channel.name)
    if channel.mode is None:
        return shown
    return f"{shown} ({words['mode.' + channel.mode]})"
