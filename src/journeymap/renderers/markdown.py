r"""The Markdown renderer: GitHub-flavoured tables from Jinja2 templates.

The output has the map's header (persona, objective, scenario), a one-line sparkline of
the emotion curve with any extra curves, the journey table (one row per touchpoint,
grouped by phase, a column for each lane that has content), the channel × phase matrix,
the metrics, and the pain points and opportunities.

Every ``{{ }}`` in a template is escaped exactly once for GFM by the environment's
``finalize`` hook (see :func:`journeymap.escape.markdown_inline`); values already
escaped by the ``cell`` filter pass through.

Options (declared once, in :class:`~journeymap.renderers.options.MarkdownOptions`; the
registry checks them before rendering, and a direct call checks them too):
    locale: Language of headers and words (``en``, ``es``); default the map's locale.
    lanes: The lanes shown, in order: a preset (``full``, ``compact``), lane keys or a
        comma-separated string (see :mod:`journeymap.lanes`). The journey table's
        columns are the chosen lanes' fields; the curve, channel matrix, metrics and
        pain-point sections follow the ``emotion``, ``channels``, ``metrics`` and
        ``pain_points``/``opportunities`` lanes.
    template_dir: A folder of templates searched before the built-in ones; a file named
        like a built-in one (e.g. ``_metrics.md.j2``) replaces it. Templates are run in
        Jinja2's immutable sandbox whenever a folder is given: a template that reaches
        for Python internals (``__class__``, ``__globals__``…), calls an unsafe
        function or changes a list or dict fails with a :class:`JourneyMapError`.
    template: The main template's name; default ``journey.md.j2``.

Example:
    >>> from journeymap import Journey
    >>> j = Journey("Tiny").phase("Buy").touchpoint("Pays | cash", emotion=-1)
    >>> print(RENDERER.render(j.build()).split("## Journey")[1].strip().splitlines()[2])
    | **Buy** | Pays \| cash | -1 · negative | negative |
"""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

import jinja2
import jinja2.sandbox
from markupsafe import Markup

from journeymap.errors import JourneyMapError
from journeymap.escape import markdown_inline
from journeymap.formatting import channel_label, emotion_word, metric_value
from journeymap.i18n import Words, words_for
from journeymap.lanes import fields_by_lane, get_lane, resolve_lanes
from journeymap.model import JourneyMap, Metric, Touchpoint
from journeymap.renderers.options import MarkdownOptions, option_error, validate_options
from journeymap.resources import templates_dir
from journeymap.sparkline import sparkline

__all__ = ["RENDERER", "MarkdownRenderer", "build_context"]


# Fields the journey table never shows as columns: the name heads each row, metrics
# have a section of their own.
_NOT_COLUMNS = frozenset({"name", "metrics"})


@dataclass(frozen=True)
class MarkdownRenderer:
    """Renders a map as GitHub-flavoured Markdown."""

    name: str = "markdown"
    suffix: str = ".md"
    media_type: str = "text/markdown"
    default_template: str = field(default="journey.md.j2")
    options: ClassVar[type[MarkdownOptions]] = MarkdownOptions

    def render(self, model: JourneyMap, /, **options: Any) -> str:
        """Render ``model``; see the module documentation for the options.

        Raises:
            JourneyMapError: For something that is not a map, a bad option, or a
                template that is missing, invalid or fails.
        """
        if not isinstance(model, JourneyMap):
            raise JourneyMapError(f"expected a JourneyMap; got {type(model).__name__}")
        checked = validate_options(self.name, MarkdownOptions, options)
        locale = checked.locale or model.locale
        user_dir = checked.template_dir
        name = checked.template if "template" in options else self.default_template
        environment = _environment(user_dir)
        where = f"template {name!r}"
        folders = [folder for folder in (user_dir, str(templates_dir())) if folder]
        context = build_context(model, locale, checked.lanes, table=checked.table)
        try:
            template = environment.get_template(name)
            text = template.render(context)
        except jinja2.TemplateNotFound as exc:
            if exc.name != name:  # named by an include or extends of the template
                raise JourneyMapError(
                    f"{where} failed{_at(exc, folders)}: it includes template {exc.name!r}, "
                    f"which is not in {' or '.join(folders)}; allowed: a template of those "
                    "folders, by its path inside them"
                ) from None
            raise option_error(
                self.name,
                "template",
                f"template {exc.name!r} not found in {' or '.join(folders)}; allowed: "
                f"{', '.join(_main_templates(environment))}",
            ) from None
        except jinja2.TemplateSyntaxError as exc:
            raise JourneyMapError(
                f"{exc.name or exc.filename}:{exc.lineno}: template syntax error: "
                f"{exc.message} (markdown option 'template': {name!r})"
            ) from None
        except jinja2.exceptions.SecurityError as exc:
            raise JourneyMapError(f"{where} tried to {_unsafe(exc, _at(exc, folders))}") from None
        except jinja2.UndefinedError as exc:
            raise JourneyMapError(
                f"{where} failed{_at(exc, folders)}: {exc}; allowed: the variables "
                f"{', '.join(sorted(context))} (see docs/renderers.md)"
            ) from None
        except jinja2.TemplateError as exc:
            raise JourneyMapError(f"{where} failed{_at(exc, folders)}: {exc}") from None
        except Exception as exc:
            if user_dir is None:
                raise  # a fault of the built-in templates: a bug, not bad input
            # Anything a user's template raises: a division by zero, a sandbox limit
            # (ranges above 100,000 items raise OverflowError)…
            raise JourneyMapError(
                f"{where} failed{_at(exc, folders)}: {type(exc).__name__}: {exc}"
            ) from None
        return text.rstrip("\n") + "\n"


RENDERER = MarkdownRenderer()


def _main_templates(environment: jinja2.Environment) -> list[str]:
    """Templates that can be rendered on their own: partials start with ``_``."""
    return sorted(
        name
        for name in environment.list_templates()
        if "/" not in name and not name.startswith("_") and name.endswith(".j2")
    )


def _at(exc: BaseException, folders: list[str]) -> str:
    """`` at NAME:LINE``: the template and line an error was raised at, when known."""
    for frame, line in reversed(list(traceback.walk_tb(exc.__traceback__))):
        filename = frame.f_code.co_filename
        for folder in folders:
            if filename.startswith(folder + os.sep):
                return f" at {Path(filename).relative_to(folder).as_posix()}:{line}"
    return ""


def _unsafe(exc: jinja2.exceptions.SecurityError, at: str) -> str:
    """The sandbox's reason, worded as what the template tried to do."""
    message = str(exc).rstrip(".").removesuffix(" is unsafe")
    if message.startswith("access to "):
        message = "access " + message.removeprefix("access to ")
    return (
        f"{message}{at}: unsafe; templates from template_dir run in Jinja2's sandbox, which "
        "allows no Python internals, no unsafe calls and no changes to lists or dicts"
    )


@lru_cache(maxsize=16)
def _environment(user_dir: str | None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        loaders.append(jinja2.FileSystemLoader(user_dir))
    loaders.append(jinja2.FileSystemLoader(str(templates_dir())))
    # A user's folder may hold anything, so its templates run in the immutable sandbox;
    # the built-in templates are ours and run as they are.
    kind = jinja2.sandbox.ImmutableSandboxedEnvironment if user_dir else jinja2.Environment
    environment = kind(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["cell"] = _cell
    return environment


def _finalize(value: Any) -> Any:
    """Escape every interpolated value once; ``Markup`` is already escaped."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return markdown_inline(str(value))


def _cell(value: Any) -> Markup:
    """Escape a value for one table cell; list items go on separate lines."""
    if value is None:
        return Markup("")
    if isinstance(value, (list, tuple)):
        items = [markdown_inline(str(item)) for item in value if str(item).strip()]
        if len(items) > 1:
            items = [f"• {item}" for item in items]
        return Markup("<br>".join(items))
    return Markup(markdown_inline(str(value)))


# -- the context the templates see ---------------------------------------------------------


def build_context(
    model: JourneyMap,
    locale: str | Words,
    lanes: tuple[str, ...] | None = None,
    *,
    table: str = "wide",
) -> dict[str, Any]:
    """Everything the templates show, computed once: words, rows, matrix, metrics.

    Args:
        model: The map.
        locale: The language of headers and words: its words, or a language tag.
        lanes: The lanes shown, in order (checked by
            :func:`journeymap.lanes.resolve_lanes`); default the ``full`` preset.
        table: ``wide`` (one journey table) or ``phases`` (a narrow table per phase).

    Returns:
        The template context. ``map`` is the model itself, for custom templates;
        ``lanes`` the keys of the lanes shown.
    """
    words = words_for(locale)
    chosen = tuple(
        key for key in (lanes or resolve_lanes(None)) if "markdown" in get_lane(key).outputs
    )
    scale = model.scale
    signed = scale.min < 0

    def emotion_text(tp: Touchpoint) -> str | None:
        if tp.emotion is None:
            return None
        number = words.number(tp.emotion, signed=signed)
        text = f"{number} · {emotion_word(scale, tp.emotion, words)}"
        if tp.evidence_level is not None:
            text += f" ({words['evidence_level.' + tp.evidence_level]})"
        return text

    rows: list[dict[str, Any]] = []
    for phase_index, phase in enumerate(model.phases):
        if not phase.touchpoints:
            rows.append(
                {
                    "phase_index": phase_index,
                    "phase": phase.name,
                    "goal": phase.goal if phase.goal and phase.goal.strip() else None,
                    "first": True,
                    "name": "",
                    "cells": {},
                    "empty": True,
                }
            )
            continue
        for index, tp in enumerate(phase.touchpoints):
            channel = model.channel(tp.channel) if tp.channel is not None else None
            moment = model.moment_of(tp)
            cells: dict[str, Any] = {
                "description": tp.description,
                "channel": channel_label(channel, words) if channel is not None else None,
                "action": tp.action,
                "actors": [model.actor(a).name for a in tp.actors],
                "emotion": emotion_text(tp),
                "moment": words[f"moment.{moment}"] if moment is not None else None,
                "feeling": tp.feeling,
                "thoughts": tp.thoughts,
                "motivations": tp.motivations,
                "doubts": tp.doubts,
                "pain_points": tp.pain_points,
                "opportunities": tp.opportunities,
                "frontstage": tp.frontstage,
                "backstage": tp.backstage,
                "support": tp.support,
                "evidence": tp.evidence,
                "owner": tp.owner,
                "duration": tp.duration,
            }
            rows.append(
                {
                    "phase_index": phase_index,
                    "phase": phase.name,
                    "goal": phase.goal if phase.goal and phase.goal.strip() else None,
                    "first": index == 0,
                    "name": tp.name,
                    "cells": cells,
                    "critical": moment == "critical",
                    "empty": False,
                }
            )
    shown_fields = [
        name
        for fields in fields_by_lane(chosen).values()
        for name in fields
        if name not in _NOT_COLUMNS
    ]
    columns = [
        {"key": key, "label": words[key]}
        for key in shown_fields
        if any(row["cells"].get(key) for row in rows)
    ]
    # The narrow form: per phase, a row per field that has content there.
    by_phase: list[dict[str, Any]] = []
    for phase_index, phase in enumerate(model.phases):
        phase_rows = [r for r in rows if r["phase_index"] == phase_index and not r["empty"]]
        by_phase.append(
            {
                "phase": phase.name,
                "goal": phase.goal if phase.goal and phase.goal.strip() else None,
                "touchpoints": [row["name"] for row in phase_rows],
                "critical": [row["critical"] for row in phase_rows],
                "fields": [
                    {
                        "key": column["key"],
                        "label": column["label"],
                        "cells": [row["cells"].get(column["key"]) for row in phase_rows],
                    }
                    for column in columns
                    if any(row["cells"].get(column["key"]) for row in phase_rows)
                ],
            }
        )

    by_channel: dict[str, list[list[str]]] = {}
    for index, phase in enumerate(model.phases):
        for tp in phase.touchpoints:
            if tp.channel is not None:
                names = by_channel.setdefault(tp.channel, [[] for _ in model.phases])
                names[index].append(tp.name)
    matrix_rows = []
    for channel in model.used_channels():
        per_phase = by_channel[channel.id]
        matrix_rows.append(
            {
                "channel": words.channel_name(channel.id, channel.name),
                "mode": words[f"mode.{channel.mode}"] if channel.mode else "",
                "cells": per_phase,
            }
        )

    metrics = [
        {
            "phase": phase.name,
            "touchpoint": tp.name,
            **_metric_cells(metric, words),
        }
        for phase, tp in model.iter_touchpoints()
        for metric in tp.metrics
    ]
    gaps = _gaps(model, words)
    pains = [
        {
            "phase": phase.name,
            "touchpoint": tp.name,
            "pain_points": tp.pain_points,
            "opportunities": tp.opportunities,
        }
        for phase, tp in model.iter_touchpoints()
        if tp.pain_points or tp.opportunities
    ]

    main_groups = [[tp.emotion for tp in phase.touchpoints] for phase in model.phases]
    curves = [
        {
            "name": words["curve.main"],
            "source": words[_main_curve_source(model)],
            "n": "",
            "line": sparkline(main_groups, scale),
        }
    ]
    for curve in model.curves:
        groups = [[curve.value_at(tp.id) for tp in phase.touchpoints] for phase in model.phases]
        curves.append(
            {
                "name": curve.name,
                "source": words[f"source.{curve.source}"],
                "n": str(curve.n) if curve.n is not None else "",
                "line": sparkline(groups, scale),
            }
        )
    has_emotions = any(tp.emotion is not None for tp in model.touchpoints) or bool(model.curves)

    persona = model.persona
    return {
        "map": model,
        "t": words,
        "title": model.title,
        "description": model.description,
        "persona": persona,
        "objective": model.objective,
        "scenario": model.scenario,
        "expectations": model.expectations,
        "kind": words[f"kind.{model.kind}"],
        "scale": "..".join(words.number(v, signed=signed) for v in (scale.min, scale.max)),
        "tags": model.tags,
        "lanes": chosen,
        "table": table,
        "by_phase": by_phase,
        "columns": columns,
        "rows": rows,
        "phases": [phase.name for phase in model.phases],
        "matrix": matrix_rows if "channels" in chosen else [],
        "metrics": metrics if "metrics" in chosen else [],
        "gaps": gaps if "metrics" in chosen else [],
        "pains": pains if {"pain_points", "opportunities"} & set(chosen) else [],
        "curves": curves if has_emotions and "emotion" in chosen else [],
        "sparkline_legend": words["sparkline_legend"].format(
            low=words.number(scale.min, signed=signed),
            high=words.number(scale.max, signed=signed),
        ),
    }


def _main_curve_source(model: JourneyMap) -> str:
    """Whether the touchpoints' own emotions are measured, assumed or a mix of both."""
    levels = {tp.evidence_level == "measured" for tp in model.touchpoints if tp.emotion is not None}
    if levels == {True}:
        return "source.measured"
    if True in levels:
        return "source.mixed"
    return "source.assumed"


def _interval(low: float | None, high: float | None, words: Words) -> str:
    """``low–high`` in the language's numbers; empty unless both ends are known."""
    if low is None or high is None:
        return ""
    return f"{words.number(low)}\u2013{words.number(high)}"


def _gaps(model: JourneyMap, words: Words) -> list[dict[str, Any]]:
    """Assumed against measured: a row per measured curve point at a touchpoint with an emotion.

    The gap is the measured value minus the touchpoint's own (assumed) emotion, on the
    map's scale; ``large`` when it is at least
    :data:`~journeymap.analysis.surveys.LARGE_GAP_LEVELS` either way.
    """
    from journeymap.analysis.surveys import LARGE_GAP_LEVELS

    signed = model.scale.min < 0
    rows: list[dict[str, Any]] = []
    for curve in model.curves:
        if curve.source != "measured":
            continue
        points = {point.touchpoint: point for point in curve.points}
        for phase, tp in model.iter_touchpoints():
            point = points.get(tp.id)
            if point is None or tp.emotion is None:
                continue
            # Rounded as printed, so a gap shown as 1 is always marked.
            gap = round(point.value - tp.emotion, 2)
            n = point.n if point.n is not None else curve.n
            rows.append(
                {
                    "phase": phase.name,
                    "touchpoint": tp.name,
                    "curve": curve.name,
                    "assumed": words.number(tp.emotion, signed=signed),
                    "measured": words.number(point.value, signed=signed),
                    "interval": _interval(point.low, point.high, words),
                    "n": str(n) if n is not None else "",
                    "gap": words.number(gap, signed=True),
                    "large": abs(gap) >= LARGE_GAP_LEVELS,
                }
            )
    return rows


def _metric_cells(metric: Metric, words: Words) -> dict[str, str]:

    def amount(value: float | None) -> str:
        return "" if value is None else metric_value(metric, value, words)

    status = metric.status()
    label = words[f"metric.{metric.kind}"]
    if metric.name:
        label = metric.name if metric.kind == "custom" else f"{label}: {metric.name}"
    return {
        "metric": label,
        "value": amount(metric.value),
        "interval": _interval(metric.low, metric.high, words),
        "target": amount(metric.target),
        "n": str(metric.n) if metric.n is not None else "",
        "source": metric.source or "",
        "status": words[f"status.{status}"] if status is not None else "",
    }
