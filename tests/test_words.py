"""The words of every locale: complete, all used, and numbers written the language's way.

A word missing from a locale is a failure here, never a ``KeyError`` at render time;
a word no renderer prints is dead weight and fails too. Use is recorded while the maps
below are rendered in every format and language: together they reach every kind of
map, moment, metric, curve source, flow kind, channel mode and lane.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import journeymap
from journeymap import Journey, JourneyMap, load, render
from journeymap.analysis.comparison import compare
from journeymap.analysis.critical import critical_moments
from journeymap.analysis.deviation import deviations, mark_deviations
from journeymap.analysis.report import (
    comparison_markdown,
    critical_markdown,
    deviations_markdown,
)
from journeymap.i18n import SUPPORTED_LOCALES, Words, words_for
from journeymap.lanes import all_lanes

from .conftest import ROOT

_ALL_LANES = [lane.key for lane in all_lanes()]


class _Recording(dict[str, str]):
    """A word table that notes every key it is asked for."""

    def __init__(self, table: dict[str, str], seen: set[str]) -> None:
        super().__init__(table)
        self.seen = seen

    def __getitem__(self, key: str) -> str:
        self.seen.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.seen.add(key)
        return super().get(key, default)


@pytest.fixture
def seen_words(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, set[str]]]:
    from journeymap import i18n

    seen: dict[str, set[str]] = {language: set() for language in SUPPORTED_LOCALES}
    for language in SUPPORTED_LOCALES:
        recording = _Recording(dict(i18n._TABLES[language]), seen[language])
        monkeypatch.setitem(i18n._TABLES, language, recording)
    i18n._words.cache_clear()
    yield seen
    i18n._words.cache_clear()


def _variety() -> list[JourneyMap]:
    """Maps that together show every kind of thing a renderer has a word for."""
    examples = [load(ROOT / "examples" / "online_checkout.yaml")]
    everything = (
        Journey("Everything", kind="future")
        .channel("Kiosk corner", mode="hybrid")
        .phase("Empty")
        .phase("All", goal="Try every kind")
        .touchpoint(
            "First",
            channel="store",
            emotion=2,
            feeling="glad",
            thoughts=["a thought"],
            motivations=["a motive"],
            doubts=["a doubt"],
            evidence=["a receipt"],
            frontstage=["clerk"],
            backstage=["stock check"],
            support=["ERP"],
            action="walks in",
            description="the shop floor",
            owner="Retail",
            duration="5 min",
            evidence_level="measured",
            metrics=[
                {"kind": "nps", "value": 30, "target": 40},
                {"kind": "csat", "value": 4.6, "unit": "/5", "target": 4.5},
                {"kind": "ces", "value": 3},
                {"kind": "conversion", "value": 38, "unit": "%"},
                {"kind": "drop-off", "value": 12, "unit": "%"},
                {"kind": "time", "value": 90, "unit": "s"},
                {"kind": "custom", "name": "Queue", "value": 4},
            ],
        )
        .touchpoint("Second", channel="web", emotion=0, evidence_level="assumed")
        .touchpoint("Third", channel="Kiosk corner", emotion=-1)
        .touchpoint("Fourth", channel="phone", emotion=-2, moment="critical")
        .touchpoint("Fifth", emotion=1)
        .flow("first", "second", kind="branch")
        .flow("second", "first", kind="retry")
        .flow("first", "fourth", kind="skip")
        .flow("third", kind="drop-off", share=0.2)
        .flow("fifth", "fifth", kind="loop")
        .flow("fourth", "fifth")
    )
    for source in ("assumed", "measured", "competitor", "future"):
        everything = everything.curve(
            source.title(), {"first": 1, "second": 0}, source=source, n=10
        )
    no_persona = Journey("Bare").phase("Only").touchpoint("Step", emotion=1)
    # One actor of every role, all in one touchpoint: the blueprint's actor rows.
    cast = Journey("Cast")
    roles = ("customer", "frontstage", "backstage", "support", "system", "partner")
    for role in roles:
        cast = cast.actor(role.title(), id=role, role=role)
    cast = cast.phase("Together").touchpoint("Meet", emotion=1, actors=list(roles))
    return [*examples, everything.build(), no_persona.build(), cast.build()]


def test_every_locale_has_every_word() -> None:
    english = set(words_for("en"))
    for language in SUPPORTED_LOCALES:
        words = set(words_for(language))
        assert words == english, (
            f"{language}: missing {sorted(english - words)}, extra {sorted(words - english)}"
        )
        assert all(words_for(language)[key].strip() for key in words), language


def test_no_word_is_named_like_an_attribute_of_the_words_object() -> None:
    # ``t.channel_name`` in a template must be the word, never the method.
    attributes = {name for name in dir(Words) if not name.startswith("_")}
    attributes |= {"locale", "language", "table", "numbers"}
    assert not attributes & set(words_for("en"))


def _analyse(language: str) -> None:
    """Print every analysis word: critical moments, comparisons, deviations, their tables."""
    examples = ROOT / "examples"
    ours, theirs = (
        load(examples / "competitor" / "ours.yaml"),
        load(examples / "competitor" / "theirs.yaml"),
    )
    planned = load(examples / "planned_vs_actual" / "planned.yaml")
    actual = load(examples / "planned_vs_actual" / "actual.yaml")
    for m in (*_variety(), ours, theirs, planned, actual):
        moments = critical_moments(m)
        for moment in moments:
            moment.label(language)
            moment.summary(language)
        critical_markdown(moments, language)
    critical_markdown([], language)
    comparison_markdown(compare(ours, theirs), language)
    comparison_markdown(compare(ours, ours), language)
    deviations_markdown(deviations(planned, actual), language)
    deviations_markdown(deviations(planned, planned), language)
    backwards = [tp.id for tp in reversed(planned.touchpoints)]  # starts out of order
    deviations_markdown(deviations(planned, backwards), language)
    mark_deviations(planned, actual, locale=language)


def test_every_word_is_used(seen_words: dict[str, set[str]]) -> None:
    for m in _variety():
        for language in SUPPORTED_LOCALES:
            for lanes in (_ALL_LANES, None):
                render(m, "svg", locale=language, lanes=lanes)
                render(m, "markdown", locale=language, lanes=lanes)
            render(m, "dot", locale=language)
            render(m, "blueprint", locale=language, actors=True)
    for language in SUPPORTED_LOCALES:
        _analyse(language)
    for language in SUPPORTED_LOCALES:
        unused = set(words_for(language)) - seen_words[language]
        assert not unused, f"{language}: words no renderer printed: {sorted(unused)}"


def test_every_lane_has_a_header_in_every_locale() -> None:
    for language in SUPPORTED_LOCALES:
        words = words_for(language)
        for lane in all_lanes():
            assert words.lane(lane.key).strip(), (language, lane.key)
            for name in lane.fields:
                if "markdown" in lane.outputs and name not in ("name", "metrics"):
                    assert words[name].strip(), (language, name)


@pytest.mark.parametrize(
    ("language", "number", "percent", "score"),
    [("en", "4.6", "38%", "4.6/5"), ("es", "4,6", "38\u00a0%", "4,6/5")],
)
def test_numbers_follow_the_language(language: str, number: str, percent: str, score: str) -> None:
    words = words_for(language)
    assert words.number(4.6) == number
    assert words.percent(38) == percent
    assert words.number(-1.5, signed=True) == ("-1.5" if language == "en" else "-1,5")
    m = (
        Journey("Números", locale=language)
        .phase("Compra")
        .touchpoint(
            "Paga",
            emotion=1.5,
            metrics=[
                {"kind": "csat", "value": 4.6, "unit": "/5"},
                {"kind": "drop-off", "value": 38, "unit": "%"},
            ],
        )
        .build()
    )
    markdown = render(m, "markdown")
    assert f"| {score} |" in markdown
    assert f"| {percent} |" in markdown
    assert ("+1,5 · " if language == "es" else "+1.5 · ") in markdown


def test_a_data_format_keeps_the_decimal_point() -> None:
    m = Journey("Números", locale="es").phase("P").touchpoint("T", emotion=1.5).build()
    assert "emotion: 1.5" in render(m, "yaml")
    assert "1,5" not in journeymap.dumps(m)


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("en", "across 1 phase and 1 touchpoint.", "across 2 phases and 3 touchpoints."),
        ("es", "en 1 fase y 1 punto de contacto.", "en 2 fases y 3 puntos de contacto."),
    ],
)
def test_counts_in_descriptions_agree_with_their_number(language: str, one: str, two: str) -> None:
    single = Journey("Uno", locale=language).phase("P").touchpoint("T", emotion=1).build()
    several = (
        Journey("Varios", locale=language)
        .phase("P")
        .touchpoint("T", emotion=1)
        .phase("Q")
        .touchpoint("U", emotion=0)
        .touchpoint("V", emotion=-1)
        .build()
    )
    for view in ("svg", "blueprint"):
        assert one in render(single, view), view
        assert two in render(several, view), view
