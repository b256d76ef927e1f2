"""What the SVG map says in words about a touchpoint and an emotion level.

A touchpoint's card and its point on the curve carry an accessible title naming its
phase, channel, emotion (number and word) and moment; the emotion chart's level labels
pair a number with its word. Numbers are written in the map's language (``+1,5`` in
Spanish).

Example:
    >>> from journeymap.i18n import words_for
    >>> from journeymap.model import EmotionScale
    >>> level_label(EmotionScale(), 2, words_for("en")), level_label(
    ...     EmotionScale(), -1, words_for("es"))
    ('+2 very positive', '-1 negativa')
"""

from __future__ import annotations

from journeymap.formatting import channel_label, emotion_word
from journeymap.i18n import Words
from journeymap.model import EmotionScale, JourneyMap, Phase, Touchpoint

__all__ = ["level_label", "touchpoint_title"]


def level_label(scale: EmotionScale, level: float, words: Words) -> str:
    """An emotion level as a number and a word, e.g. ``+2 very positive``."""
    number = words.number(level, signed=scale.min < 0)
    return f"{number} {emotion_word(scale, level, words)}"


def touchpoint_title(model: JourneyMap, tp: Touchpoint, phase: Phase, words: Words) -> str:
    """A touchpoint's accessible title: phase, name, channel, emotion and moment."""
    channel = words["none"]
    if tp.channel is not None:
        channel = channel_label(model.channel(tp.channel), words)
    emotion = words["none"]
    if tp.emotion is not None:
        emotion = (
            f"{words.number(tp.emotion, signed=model.scale.min < 0)}, "
            f"{emotion_word(model.scale, tp.emotion, words)}"
        )
    moment = model.moment_of(tp)
    return words["tp_title"].format(
        phase=phase.name,
        name=tp.name,
        channel=channel,
        emotion=emotion,
        moment=words[f"moment.{moment}"] if moment else words["none"],
    )
