"""Evidence for journey maps: survey answers, measured curves and what they reveal.

Modules (each loads on first use, so importing the package costs nothing):

* :mod:`journeymap.analysis.surveys`: read survey answers (CSV or JSON), aggregate them
  per touchpoint (NPS, CSAT, CES with 95 % intervals) and turn them into a measured curve
  and metrics on a map.
* :mod:`journeymap.analysis.statistics`: the estimates and confidence intervals behind
  them (Wilson score, adjusted-Wald difference of proportions, Student's t).
* :mod:`journeymap.analysis.critical`: the critical moments and the rules that fired.
* :mod:`journeymap.analysis.comparison`: a map against a competitor's, phase by phase.
* :mod:`journeymap.analysis.deviation`: a planned journey against an actual one.
* :mod:`journeymap.analysis.report`: Markdown tables of these analyses.

Example:
    >>> from journeymap.analysis import summarise
    >>> summarise("nps", [10, 9, 7, 3]).net.value
    25.0
"""

from __future__ import annotations

from journeymap.lazy import lazy_attributes

__all__ = [
    "DEFAULT_COLUMNS",
    "RULES",
    "Answer",
    "Comparison",
    "CriticalMoment",
    "Deviations",
    "Estimate",
    "Failing",
    "MetricDifference",
    "Missing",
    "OutOfOrder",
    "PhaseComparison",
    "Reason",
    "RuleCode",
    "SurveyResult",
    "Thresholds",
    "TouchpointComparison",
    "Visit",
    "aggregate",
    "allowed_transitions",
    "apply_survey",
    "compare",
    "comparison_markdown",
    "competitor_curve",
    "critical_markdown",
    "critical_moments",
    "deviations",
    "deviations_markdown",
    "mark_deviations",
    "metric_off_target",
    "on_scale",
    "parse_answers",
    "read_answers",
    "summarise",
    "with_competitor",
    "with_surveys",
]

# Where each public name lives; a name is imported from its module on first use.
_LAZY: dict[str, str] = {
    "DEFAULT_COLUMNS": "journeymap.analysis.surveys",
    "Answer": "journeymap.analysis.surveys",
    "Estimate": "journeymap.analysis.statistics",
    "SurveyResult": "journeymap.analysis.surveys",
    "aggregate": "journeymap.analysis.surveys",
    "apply_survey": "journeymap.analysis.surveys",
    "parse_answers": "journeymap.analysis.surveys",
    "read_answers": "journeymap.analysis.surveys",
    "summarise": "journeymap.analysis.surveys",
    "on_scale": "journeymap.analysis.surveys",
    "with_surveys": "journeymap.analysis.surveys",
    "critical_moments": "journeymap.analysis.critical",
    "Thresholds": "journeymap.analysis.critical",
    "CriticalMoment": "journeymap.analysis.critical",
    "Reason": "journeymap.analysis.critical",
    "RuleCode": "journeymap.analysis.critical",
    "RULES": "journeymap.analysis.critical",
    "metric_off_target": "journeymap.analysis.critical",
    "compare": "journeymap.analysis.comparison",
    "Comparison": "journeymap.analysis.comparison",
    "PhaseComparison": "journeymap.analysis.comparison",
    "TouchpointComparison": "journeymap.analysis.comparison",
    "MetricDifference": "journeymap.analysis.comparison",
    "competitor_curve": "journeymap.analysis.comparison",
    "with_competitor": "journeymap.analysis.comparison",
    "deviations": "journeymap.analysis.deviation",
    "Deviations": "journeymap.analysis.deviation",
    "Visit": "journeymap.analysis.deviation",
    "Missing": "journeymap.analysis.deviation",
    "Failing": "journeymap.analysis.deviation",
    "OutOfOrder": "journeymap.analysis.deviation",
    "allowed_transitions": "journeymap.analysis.deviation",
    "mark_deviations": "journeymap.analysis.deviation",
    "comparison_markdown": "journeymap.analysis.report",
    "deviations_markdown": "journeymap.analysis.report",
    "critical_markdown": "journeymap.analysis.report",
}


__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, __all__)
