"""Markdown tables of the analyses: a comparison, deviations, critical moments.

Every piece of user text goes through :func:`journeymap.escape.markdown_inline`, and
numbers are written in the language's style, so a table reads the same in GitHub,
MkDocs and Sphinx whatever the maps hold.

Example:
    >>> from journeymap import Journey
    >>> from journeymap.analysis.comparison import compare
    >>> ours = Journey("Ours").phase("Buy").touchpoint("Pay", emotion=1).build()
    >>> theirs = Journey("Theirs").phase("Buy").touchpoint("Pay", emotion=-1).build()
    >>> print(comparison_markdown(compare(ours, theirs)))
    ## Ours compared with Theirs
    <BLANKLINE>
    Emotions on the scale -2..2; the difference is Ours minus Theirs.
    <BLANKLINE>
    | Phase | Touchpoint | Ours | Theirs | Difference |
    | --- | --- | --- | --- | --- |
    | **Buy** | *phase mean* | 1 | -1 | +2 |
    |  | Pay | 1 | -1 | +2 |
    <BLANKLINE>
"""

from __future__ import annotations

from collections.abc import Sequence

from journeymap.analysis.comparison import Comparison, MetricDifference
from journeymap.analysis.critical import CriticalMoment
from journeymap.analysis.deviation import Deviations, out_of_order_detail
from journeymap.escape import markdown_inline
from journeymap.formatting import metric_value
from journeymap.i18n import Words, words_for
from journeymap.model import Metric

__all__ = ["comparison_markdown", "critical_markdown", "deviations_markdown"]

_ABSENT = "—"


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    return [_row(header), _row(["---"] * len(header)), *(_row(r) for r in rows)]


def _number(value: float | None, words: Words, *, signed: bool = False) -> str:
    return _ABSENT if value is None else words.number(value, signed=signed)


def comparison_markdown(comparison: Comparison, locale: str | Words = "en") -> str:
    """A side-by-side Markdown table of a :class:`~journeymap.analysis.comparison.Comparison`.

    One row per phase (its mean emotion in each map, in bold) followed by a row per
    touchpoint; ``—`` where a map has no such phase, touchpoint or emotion. A second
    table lists the metrics both maps have at a touchpoint, with the difference
    (percentages in percentage points) and whose value is better in the metric's
    direction.

    Args:
        comparison: What :func:`~journeymap.analysis.comparison.compare` returned.
        locale: The language of the headers and numbers.

    Returns:
        Markdown text ending with a newline.

    Example:
        >>> from journeymap import Journey
        >>> from journeymap.analysis.comparison import compare
        >>> ours = Journey("Us").phase("Buy").touchpoint("Pay", emotion=1).build()
        >>> text = comparison_markdown(compare(ours, ours), "es")
        >>> text.splitlines()[-1]
        '|  | Pay | 1 | 1 | 0 |'
    """
    words = words_for(locale)
    own = markdown_inline(comparison.own_title)
    theirs = markdown_inline(comparison.competitor_title)
    lines = [
        "## " + words["compare.title"].format(own=own, competitor=theirs),
        "",
        words["compare.note"].format(scale=comparison.scale.describe(), own=own, competitor=theirs),
        "",
    ]
    rows: list[list[str]] = []
    for phase in comparison.phases:
        rows.append(
            [
                f"**{markdown_inline(phase.name)}**",
                f"*{words['compare.mean']}*",
                _number(phase.own_mean, words),
                _number(phase.competitor_mean, words),
                _number(phase.difference, words, signed=True),
            ]
        )
        rows.extend(
            [
                "",
                markdown_inline(tp.name),
                _number(tp.own_emotion, words) if tp.own_id is not None else _ABSENT,
                _number(tp.competitor_emotion, words) if tp.competitor_id is not None else _ABSENT,
                _number(tp.difference, words, signed=True),
            ]
            for tp in phase.touchpoints
        )
    header = [words["phase"], words["touchpoint"], own, theirs, words["compare.difference"]]
    lines += _table(header, rows)
    metric_rows = [
        _metric_row(tp.name, found, comparison, words)
        for tp in comparison.touchpoints
        for found in tp.metrics
    ]
    if metric_rows:
        lines += ["", "### " + words["compare.metrics"], ""]
        header = [
            words["touchpoint"],
            words["metric"],
            own,
            theirs,
            words["compare.difference"],
            words["compare.better"],
        ]
        lines += _table(header, metric_rows)
    return "\n".join(lines) + "\n"


def _metric_name(metric: Metric, words: Words) -> str:
    return markdown_inline(metric.name) if metric.name else words[f"metric.{metric.kind}"]


def _metric_row(
    name: str, found: MetricDifference, comparison: Comparison, words: Words
) -> list[str]:
    if found.difference is None:
        difference = _ABSENT
    elif found.own.unit == "%":
        difference = words["compare.points"].format(words.number(found.difference, signed=True))
    elif found.own.unit is None or found.own.unit.startswith("/"):
        difference = words.number(found.difference, signed=True)
    else:
        difference = words.number(found.difference, signed=True) + " " + found.own.unit
    better = {
        "own": markdown_inline(comparison.own_title),
        "competitor": markdown_inline(comparison.competitor_title),
        "same": words["compare.same"],
        None: _ABSENT,
    }[found.better]
    return [
        markdown_inline(name),
        _metric_name(found.own, words),
        markdown_inline(metric_value(found.own, found.own.value, words)),
        markdown_inline(metric_value(found.competitor, found.competitor.value, words)),
        markdown_inline(difference),
        better,
    ]


def deviations_markdown(found: Deviations, locale: str | Words = "en") -> str:
    """A Markdown table of :func:`~journeymap.analysis.deviation.deviations`.

    One row per deviation of a step, in path order (a step can have several), then one
    per missing planned touchpoint (step ``—``), after a line that counts them.

    Args:
        found: What :func:`~journeymap.analysis.deviation.deviations` returned.
        locale: The language of the headers, kinds and details.

    Returns:
        Markdown text ending with a newline.

    Example:
        >>> from journeymap import Journey
        >>> from journeymap.analysis.deviation import deviations
        >>> plan = Journey("Plan").phase("Buy").touchpoint("Cart").touchpoint("Pay").build()
        >>> print(deviations_markdown(deviations(plan, ["cart"]), "es"), end="")
        ## Desviaciones del plan «Plan»
        <BLANKLINE>
        Pasos dados: 1. Faltan: 1; no previstos: 0; fallan: 0; fuera de orden: 0.
        <BLANKLINE>
        | Paso | Punto de contacto | Desviación | Detalle |
        | --- | --- | --- | --- |
        | — | Pay | falta | previsto en «Buy» |
    """
    words = words_for(locale)
    lines = [
        "## " + words["deviations.title"].format(title=markdown_inline(found.planned_title)),
        "",
    ]
    if found.empty:
        return "\n".join([*lines, words["deviations.none"]]) + "\n"
    lines += [
        words["deviations.summary"].format(
            steps=len(found.path),
            missing=len(found.missing),
            unplanned=len(found.unplanned),
            failing=len(found.failing),
            out_of_order=len(found.out_of_order),
        ),
        "",
    ]
    by_step: dict[int, list[tuple[str, str]]] = {}
    for visit in found.unplanned:
        by_step.setdefault(visit.step, []).append(("unplanned", ""))
    for failing in found.failing:
        detail = "; ".join(reason.text(words) for reason in failing.reasons)
        by_step.setdefault(failing.visit.step, []).append(("failing", detail))
    for wrong in found.out_of_order:
        by_step.setdefault(wrong.visit.step, []).append(
            ("out_of_order", out_of_order_detail(wrong, words))
        )
    rows: list[list[str]] = []
    for visit in found.path:
        for kind, detail in by_step.get(visit.step, ()):
            rows.append(
                [
                    str(visit.step),
                    markdown_inline(visit.name),
                    words[f"deviation.kind.{kind}"],
                    markdown_inline(detail),
                ]
            )
    for gone in found.missing:
        rows.append(
            [
                _ABSENT,
                markdown_inline(gone.name),
                words["deviation.kind.missing"],
                markdown_inline(words["deviations.planned_in"].format(phase=gone.phase_name)),
            ]
        )
    header = [
        words["deviations.step"],
        words["touchpoint"],
        words["deviations.kind"],
        words["deviations.detail"],
    ]
    return "\n".join(lines + _table(header, rows)) + "\n"


def critical_markdown(moments: Sequence[CriticalMoment], locale: str | Words = "en") -> str:
    """A Markdown table of critical moments: each touchpoint and why it is critical.

    Example:
        >>> from journeymap import Journey
        >>> from journeymap.analysis.critical import critical_moments
        >>> m = Journey("Checkout").phase("Buy").touchpoint("Fees", emotion=-2).build()
        >>> print(critical_markdown(critical_moments(m)), end="")
        ## Critical moments
        <BLANKLINE>
        | Touchpoint | Why |
        | --- | --- |
        | Fees | emotion -2, at or below -2 |
    """
    words = words_for(locale)
    lines = ["## " + words["critical.title"], ""]
    if not moments:
        return "\n".join([*lines, words["critical.none"]]) + "\n"
    rows = [
        [markdown_inline(moment.name), markdown_inline(moment.summary(words))] for moment in moments
    ]
    header = [words["touchpoint"], words["critical.why"]]
    return "\n".join(lines + _table(header, rows)) + "\n"
