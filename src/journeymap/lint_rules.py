"""The lint rules as data: stable codes, names, default severities, messages and reasons.

Each :class:`Rule` is one row of :data:`RULES`. The checks that apply them live in
:mod:`journeymap.lint`; the command line, ``docs/lint.md`` and the tests all read this
table, so a rule is described once. Codes never change meaning and are never reused:
``JM1xx`` are about the map's structure, ``JM2xx`` about a touchpoint's content,
``JM3xx`` about evidence (what is measured and how well) and ``JM4xx`` about the hot
spots and what is done about them.

Example:
    >>> rule = RULES_BY_CODE["JM201"]
    >>> rule.name, rule.severity
    ('missing-channel', 'warning')
    >>> rule.message.format().split(":")[0]
    'no channel'
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

__all__ = ["RULES", "RULES_BY_CODE", "SEVERITIES", "Rule", "Severity"]

#: How much a finding matters, from most to least.
Severity = Literal["error", "warning", "info"]
#: The severities in order, most severe first.
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Rule:
    """One lint rule.

    Attributes:
        code: The stable code, e.g. ``JM201``.
        name: A short name in kebab case, e.g. ``missing-channel``; also accepted where a
            code is (``--ignore missing-channel``).
        severity: The default severity.
        summary: What the rule finds, in a few words.
        message: The message template; ``str.format`` fills its ``{fields}``.
        rationale: Why it matters, from the practitioners' point of view.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    message: str
    rationale: str


#: Every rule, in code order.
RULES: tuple[Rule, ...] = (
    Rule(
        "JM101",
        "empty-phase",
        "warning",
        "A phase without touchpoints.",
        "no touchpoints: add the moments the customer lives in this phase, or remove it",
        "A phase is a stretch of the timeline the customer goes through; with no "
        "touchpoint, the map says nothing about what happens there.",
    ),
    Rule(
        "JM102",
        "duplicate-touchpoint-name",
        "warning",
        "Two touchpoints of one phase with the same name.",
        "the name {name!r} is already used by touchpoint #{first} of this phase; give each "
        "moment its own name, or merge them",
        "Each touchpoint is one interaction to value on its own; a repeated name is "
        "usually a copy left behind, and the curve and the tables cannot tell them apart.",
    ),
    Rule(
        "JM201",
        "missing-channel",
        "warning",
        "A touchpoint without a channel.",
        "no channel: say where the moment happens (web, phone, shop…) so the channel × "
        "phase view has it",
        "Customers reach a service through several channels, online and offline; a "
        "touchpoint without one is missing from the channel × phase view.",
    ),
    Rule(
        "JM202",
        "missing-emotion",
        "warning",
        "A touchpoint without an emotion.",
        "no emotion: the curve has a gap here; say how the customer feels on the scale {scale}",
        "The emotion curve is the map's backbone: every touchpoint is valued as positive, "
        "negative or critical, and a gap hides where customers may be lost.",
    ),
    Rule(
        "JM203",
        "visible-backstage",
        "error",
        "A backstage step also listed where the customer sees it.",
        "{step!r} is listed under backstage and under {side}: an internal process the "
        "customer sees; keep it on one side of the line of visibility",
        "Maps separate the visible interactions from the internal processes behind them; "
        "a step on both sides of the line of visibility contradicts itself.",
    ),
    Rule(
        "JM301",
        "assumed-curve",
        "warning",
        "A map whose emotion curve is only assumed.",
        "the emotion curve is only assumed: no measured curve and no touchpoint with "
        "evidence_level 'measured'; validate it with customers (surveys, interviews, "
        "metrics)",
        "The curve must reflect what customers feel, not what the company believes; "
        "practitioners validate it with regular customer surveys, focus groups and "
        "interviews.",
    ),
    Rule(
        "JM302",
        "small-sample",
        "warning",
        "A metric, or a measured or competitor curve, from fewer answers than the minimum.",
        "n = {n} is below the minimum of {min_n}: too few answers to rely on this {what}",
        "A value from a handful of answers moves with every new one; it cannot place a "
        "touchpoint as failing or working well.",
    ),
    Rule(
        "JM303",
        "unknown-sample",
        "info",
        "A survey metric (NPS, CSAT, CES), or a measured or competitor curve, without n.",
        "no n: say how many answers this {what} is based on",
        "Without the number of answers nobody can tell a survey of five people from one "
        "of five thousand.",
    ),
    Rule(
        "JM304",
        "target-without-direction",
        "warning",
        "A metric with a target but no known direction.",
        "target {target} but no direction: set better: higher or better: lower so that "
        "the status against the target can be judged",
        "A target only says something if it is clear whether more is better (NPS) or "
        "worse (a waiting time, an effort score).",
    ),
    Rule(
        "JM401",
        "critical-without-opportunity",
        "warning",
        "A critical moment without an opportunity.",
        "a critical moment ({why}) without an opportunity: a hot spot where customers may "
        "be lost needs an idea to work on it",
        "The point of finding the hot spots is to work on them: each critical touchpoint "
        "deserves at least one improvement to try.",
    ),
    Rule(
        "JM402",
        "pain-without-opportunity",
        "warning",
        "A phase with pain points and no opportunity.",
        "{count} pain point{plural} and no opportunity in this phase: say how the failures "
        "could be improved",
        "Understanding the failures and identifying opportunities go together; a phase "
        "that lists only what hurts leaves the work undone.",
    ),
)

#: The rules by code, read-only.
RULES_BY_CODE: MappingProxyType[str, Rule] = MappingProxyType({rule.code: rule for rule in RULES})
