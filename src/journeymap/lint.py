"""Lint journey maps: what a valid map still lacks, by rules with stable codes.

Validation refuses maps that are wrong (an emotion off the scale, an unknown channel);
lint points at maps that are valid but weak as journey maps: a phase without
touchpoints, a touchpoint without a channel or an emotion, a curve that is only
assumed, a critical moment nobody works on, a survey value from too few answers. The
rules are data (:data:`~journeymap.lint_rules.RULES`, listed in ``docs/lint.md``);
each has a code such as ``JM201``, a name, a default severity (error, warning or info)
and a message template.

:func:`lint` checks a model and returns :class:`Finding` objects in document order;
:func:`lint_file` loads a file first and locates each finding at its line and column
(YAML and JSON files; Mermaid and Python maps are located by their path in the map,
``phase 'Buy' > touchpoint 'Pays'``), after applying the survey answer files the map
names (and any given), so that a surveyed map is judged with its measured curve.
:class:`LintConfig` selects, ignores and re-grades rules and sets the minimum number of
answers and what makes a moment critical.

``journeymap lint FILE...`` prints one line per finding,
``FILE:LINE:COLUMN: CODE SEVERITY: WHERE: MESSAGE``, or a JSON list with ``--format
json``. It exits with 0 when no finding reaches ``--fail-on`` (``error`` by default),
1 when one does, and 2 when a file cannot be read or is not a valid map, or the command
line is wrong (2 wins over 1). Warnings raised while reading a file (Mermaid import
quirks, a ``.py`` map's own) are not findings: they are printed as the other commands
print them, ``FILE:LINE: warning: ...``, and ``--strict`` makes them errors (the file is
not linted, status 2).

Example:
    >>> from journeymap import Journey
    >>> m = (Journey("Checkout").phase("Buy")
    ...      .touchpoint("Pays", channel="web", emotion=-2).build())
    >>> for finding in lint(m):
    ...     print(finding.code, finding.severity, finding.where or "(the map)")
    JM301 warning (the map)
    JM401 warning phase 'Buy' > touchpoint 'Pays'
    >>> print(lint(m)[1].message.split(":")[0])
    a critical moment (emotion -2, at or below -2) without an opportunity
    >>> [f.code for f in lint(m, config=LintConfig(ignore=("JM3",)))]
    ['JM401']
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any, Literal

from journeymap.errors import JourneyMapError, Path
from journeymap.lint_rules import RULES, RULES_BY_CODE, SEVERITIES, Rule, Severity

if TYPE_CHECKING:  # the model (and pydantic) load when a map is linted, not at start-up
    from journeymap.analysis.critical import Thresholds
    from journeymap.model import JourneyMap, Metric

__all__ = [
    "DEFAULT_MIN_N",
    "RULES",
    "Finding",
    "Level",
    "LintConfig",
    "add_lint_command",
    "lint",
    "lint_file",
    "locate",
    "run_lint",
    "select_rules",
]

#: The fewest answers a survey value or a measured curve should rest on, by default.
DEFAULT_MIN_N = 30
#: A severity, or ``off`` to turn a rule off.
Level = Literal["error", "warning", "info", "off"]
_LEVELS: tuple[Level, ...] = ("error", "warning", "info", "off")
# Survey metrics: their values come from answers, so their n matters.
_SURVEY_KINDS = frozenset({"nps", "csat", "ces"})
# Curves whose values come from customers' answers.
_ANSWERED_CURVES = frozenset({"measured", "competitor"})


# --- configuration ------------------------------------------------------------------------


def select_rules(selector: str) -> tuple[Rule, ...]:
    """The rules a selector names: a code (``JM201``), a prefix (``JM2``) or a name.

    Args:
        selector: What was written, in any case.

    Returns:
        The matching rules, in code order.

    Raises:
        JourneyMapError: If no rule matches; the message lists the codes.

    Example:
        >>> [rule.code for rule in select_rules("jm30")]
        ['JM301', 'JM302', 'JM303', 'JM304']
        >>> [rule.code for rule in select_rules("missing-channel")]
        ['JM201']
    """
    wanted = selector.strip()
    found = tuple(
        rule
        for rule in RULES
        if rule.code.startswith(wanted.upper()) or rule.name == wanted.lower()
    )
    if not wanted or not found:
        codes = ", ".join(f"{rule.code} ({rule.name})" for rule in RULES)
        close = difflib.get_close_matches(wanted.lower(), [rule.name for rule in RULES], n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise JourneyMapError(
            f"{selector!r} names no lint rule; {hint}allowed: a code, a prefix of codes "
            f"such as JM2, or a name: {codes}"
        )
    return found


@dataclass(frozen=True)
class LintConfig:
    """Which rules run, at which severity, and the minimum number of answers.

    Attributes:
        select: Codes, code prefixes or names of the rules to run; ``None`` runs all.
        ignore: Codes, prefixes or names of rules not to run (applied after ``select``).
        severities: A severity per code, prefix or name (``error``, ``warning``,
            ``info``), or ``off`` to turn the rule off; overrides the rule's default.
        min_n: The fewest answers a metric or a measured curve should rest on (rule
            JM302); at least 1.
        thresholds: What makes a moment critical (rule JM401), as
            :func:`journeymap.analysis.critical.critical_moments` takes it; ``None``
            for its defaults.

    Raises:
        JourneyMapError: If a selector names no rule, a level is unknown or ``min_n``
            is below 1.

    Example:
        >>> LintConfig(select=("JM2",), severities={"JM202": "error"}).severity_of("JM202")
        'error'
        >>> LintConfig(ignore=("missing-emotion",)).severity_of("JM202") is None
        True
    """

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severities: Mapping[str, Level] = field(default_factory=dict)
    min_n: int = DEFAULT_MIN_N
    thresholds: Thresholds | None = None

    def __post_init__(self) -> None:
        self._resolved()  # refuse a bad configuration when it is made

    def _resolved(self) -> dict[str, Severity]:
        if isinstance(self.min_n, bool) or not isinstance(self.min_n, int) or self.min_n < 1:
            raise JourneyMapError(f"min_n: {self.min_n!r} is not allowed; allowed: an integer ≥ 1")
        chosen = {rule.code: rule.severity for rule in RULES}
        if self.select is not None:
            picked = {rule.code for s in self.select for rule in select_rules(s)}
            chosen = {code: level for code, level in chosen.items() if code in picked}
        for selector in self.ignore:
            for rule in select_rules(selector):
                chosen.pop(rule.code, None)
        for selector, level in self.severities.items():
            if level not in _LEVELS:
                raise JourneyMapError(
                    f"severity of {selector}: {level!r} is not allowed; allowed: "
                    f"{', '.join(_LEVELS)}"
                )
            for rule in select_rules(selector):
                if rule.code not in chosen:
                    continue
                if level == "off":
                    del chosen[rule.code]
                else:
                    chosen[rule.code] = level
        return chosen

    def severity_of(self, code: str) -> Severity | None:
        """The severity the rule ``code`` reports at, or ``None`` when it does not run."""
        return self._resolved().get(code)


# --- findings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One thing a lint rule found in a map.

    Attributes:
        code: The rule's code, e.g. ``JM201``.
        name: The rule's name, e.g. ``missing-channel``.
        severity: ``error``, ``warning`` or ``info``, as configured.
        message: What is missing and what to do.
        path: Where in the map, as keys and indices (``("phases", 0, "touchpoints", 1)``).
        where: The same in words, ``phase 'Buy' > touchpoint 'Pays'``; empty for the map.
        source: The file, when the map came from one.
        line: The 1-based line in ``source``, when known.
        column: The 1-based column in ``source``, when known.
    """

    code: str
    name: str
    severity: Severity
    message: str
    path: Path = ()
    where: str = ""
    source: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        location = ""
        if self.source is not None:
            location = self.source
            if self.line is not None:
                location += f":{self.line}"
                if self.column is not None:
                    location += f":{self.column}"
            location += ": "
        if self.where:
            return f"{location}{self.code} {self.severity}: {self.where}: {self.message}"
        return f"{location}{self.code} {self.severity}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON data: file, line, column, code, name, severity, message, path.

        Example:
            >>> Finding("JM101", "empty-phase", "warning", "no touchpoints").to_dict()["path"]
            ''
        """
        return {
            "file": self.source,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "path": self.where,
        }


# --- the checks ---------------------------------------------------------------------------

# A check yields where it fired and the fields of the rule's message template.
_Hit = tuple[Path, dict[str, Any]]
_Check = Callable[["JourneyMap", LintConfig], Iterator[_Hit]]


def _tp_path(i: int, j: int) -> Path:
    return ("phases", i, "touchpoints", j)


def _empty_phase(model: JourneyMap, config: LintConfig) -> Iterator[_Hit]:
    for i, phase in enumerate(model.phases):
        if not phase.touchpoints:
            yield ("phases", i), {}


def _words(text: str) -> str:
    """Text compared without case or extra spaces."""
    return " ".join(text.split()).casefold()


def _duplicate_name(model: JourneyMap, config: LintConfig) -> Iterator[_Hit]:
    for i, phase in enumerate(model.phases):
        first: dict[str, int] = {}
        for j, tp in enumerate(phase.touchpoints):
            key = _words(tp.name)
            if key in first:
                yield (*_tp_path(i, j), "name"), {"name": tp.name, "first": first[key] + 1}
            else:
                first[key] = j


def _missing_channel(model: JourneyMap, config: LintConfig) -> Iterator[_Hit]:
    for i, phase in enumerate(model.phases):
        for j, tp in enumerate(phase.touchpoints):
            if tp.channel is None:
                yield _tp_path(i, j), {}


def _missing_emotion(model: JourneyMap, config: LintConfig) -> Iterator[_Hit]:
    for i, phase in enumerate(model.phases):
        for j, tp in enumerate(phase.touchpoints):
            if tp.emotion is None:
                yield _tp_path(i, j), {"scale": model.scale.describe()}


def _visible_backstage(model: JourneyMap, config: LintConfig) -> Iterator[_Hit]:
    for i, phase in enumerate(model.phases):
        for j, tp in enumerate(phase.touchpoints):
            seen = {
                _words(text): side
                for side, texts in (("evidence", tp.evidence), ("frontstage", tp.frontstage))
                for text in texts
            }
            for k, step in enumerate(tp.backstage):
                side = seen.get(_words(step))
                if side is not None:
                    yield (*_tp_path(i, j), "backstage", k), {"step": step, "side": side}


def _assumed_curve(model: JourneyMap, config: LintConfig) -> Iterator[_Hit]:
    emotions = [tp for tp in model.touchpoints if tp.emotion is not None]
    assumed = [c for c in model.curves if c.source == "assumed"]
    if not emotions and not assumed:
        return  # no curve at all: JM202 says so per touchpoint
    if any(c.source == "measured" for c in model.curves):
        return
    if any(tp.evidence_level == "measured" for tp in model.touchpoints):
        return
    yield (), {}


def _metrics(model: JourneyMap) -> Iterator[tuple[Path, Metric]]:
    for i, phase in enumerate(model.phases):
        for j, tp in enumerate(phase.touchpoints):
            for k, metric in enumerate(tp.metrics):
                yield (*_tp_path(i, j), "metrics", k), metric


def _what(metric: Metric) -> str:
    if metric.kind == "custom":
        return f"metric ({metric.name})"
    return f"{metric.kind.upper() if metric.kind in _SURVEY_KINDS else metric.kind} metric"


def _small_sample(model: JourneyMap, config: LintConfig) -> Iterator[_Hit]:
    for path, metric in _metrics(model):
        if metric.n is not None and metric.n < config.min_n:
            yield (*path, "n"), {"n": metric.n, "min_n": config.min_n, "what": _what(metric)}
    for i, curve in enumerate(model.curves):
        if curve.source in _ANSWERED_CURVES and curve.n is not None and curve.n < config.min_n:
            what = f"{curve.source} curve"
            yield ("curves", i, "n"), {"n": curve.n, "min_n": config.min_n, "what": what}


def _unknown_sample(model: JourneyMap, config: LintConfig) -> Iterator[_Hit]:
    for path, metric in _metrics(model):
        if metric.kind in _SURVEY_KINDS and metric.n is None:
            yield path, {"what": _what(metric)}
    for i, curve in enumerate(model.curves):
        if curve.source in _ANSWERED_CURVES and curve.n is None:
            yield ("curves", i), {"what": f"{curve.source} curve"}


def _target_without_direction(model: JourneyMap, config: LintConfig) -> Iterator[_Hit]:
    from journeymap.fields import describe_number

    for path, metric in _metrics(model):
        if metric.target is not None and metric.direction is None:
            yield (*path, "target"), {"target": describe_number(metric.target)}


def _critical_without_opportunity(model: JourneyMap, config: LintConfig) -> Iterator[_Hit]:
    from journeymap.analysis.critical import critical_moments

    critical = {c.touchpoint_id: c for c in critical_moments(model, thresholds=config.thresholds)}
    for i, phase in enumerate(model.phases):
        for j, tp in enumerate(phase.touchpoints):
            moment = critical.get(tp.id)
            if moment is not None and not tp.opportunities:
                yield _tp_path(i, j), {"why": moment.summary("en")}


def _pain_without_opportunity(model: JourneyMap, config: LintConfig) -> Iterator[_Hit]:
    for i, phase in enumerate(model.phases):
        count = sum(len(tp.pain_points) for tp in phase.touchpoints)
        if count and not any(tp.opportunities for tp in phase.touchpoints):
            yield ("phases", i), {"count": count, "plural": "" if count == 1 else "s"}


_CHECKS: dict[str, _Check] = {
    "JM101": _empty_phase,
    "JM102": _duplicate_name,
    "JM201": _missing_channel,
    "JM202": _missing_emotion,
    "JM203": _visible_backstage,
    "JM301": _assumed_curve,
    "JM302": _small_sample,
    "JM303": _unknown_sample,
    "JM304": _target_without_direction,
    "JM401": _critical_without_opportunity,
    "JM402": _pain_without_opportunity,
}
assert list(_CHECKS) == list(RULES_BY_CODE), "every rule has one check, in code order"


@cache
def _field_order() -> dict[str, int]:
    """The order of the fields a path can go through, for sorting findings in document order."""
    from journeymap.model import JourneyMap

    names = [*JourneyMap.model_fields, "touchpoints", "name", "backstage", "metrics", "n", "target"]
    return {name: index for index, name in enumerate(dict.fromkeys(names))}


def _order(path: Path) -> tuple[tuple[int, int], ...]:
    order = _field_order()
    return tuple((0, part) if isinstance(part, int) else (1, order[part]) for part in path)


def lint(model: JourneyMap, *, config: LintConfig | None = None) -> list[Finding]:
    """Check a map against the lint rules.

    Args:
        model: The map (a :class:`~journeymap.Journey` must be built first).
        config: Which rules run and how; the default runs every rule at its default
            severity with a minimum n of :data:`DEFAULT_MIN_N`.

    Returns:
        The findings in document order (the map first, then phase by phase and touchpoint
        by touchpoint), and by code for the same phase, touchpoint, metric or curve.
        Their ``source``, ``line`` and ``column`` are unset.

    Example:
        >>> from journeymap import Journey
        >>> m = Journey("Checkout").phase("Buy").build()
        >>> [(f.code, f.where) for f in lint(m)]
        [('JM101', "phase 'Buy'")]
    """
    from journeymap.diagnostics import describe_path

    config = config or LintConfig()
    levels = config._resolved()
    found: list[tuple[tuple[Any, ...], Finding]] = []
    for code, severity in levels.items():
        rule = RULES_BY_CODE[code]
        for path, fields in _CHECKS[code](model, config):
            finding = Finding(
                code=code,
                name=rule.name,
                severity=severity,
                message=rule.message.format(**fields),
                path=path,
                where=_where(describe_path(model, path)),
            )
            found.append(((_order(_owner(path)), code, _order(path)), finding))
    found.sort(key=lambda item: item[0])
    return [finding for _, finding in found]


def _owner(path: Path) -> Path:
    """The path of the map, phase, touchpoint, metric or curve a path is in."""
    while path and isinstance(path[-1], str):
        path = path[:-1]
    return path


def _where(words: str) -> str:
    """The path in words up to the phase, touchpoint, metric or curve (not its field)."""
    parts = words.split(" > ")
    while parts and " " not in parts[-1]:
        parts.pop()  # a field name such as 'n' or 'name': the message says which
    return " > ".join(parts)


# --- files --------------------------------------------------------------------------------

_MARKED_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def _marks(file: FilePath) -> Mapping[Path, tuple[int, int]] | None:
    """The line and column of each path of a YAML or JSON file, or ``None``."""
    kind = _MARKED_SUFFIXES.get(file.suffix.lower())
    if kind is None:
        return None
    try:
        from journeymap.limits import read_text_file

        text = read_text_file(file, str(file))
        if kind == "yaml":
            from journeymap.yaml_reader import parse_yaml

            _, marks = parse_yaml(text, str(file))
        else:
            from journeymap.json_reader import parse_json

            _, marks = parse_json(text, str(file))
        return marks()
    except (OSError, JourneyMapError):  # changed since it was loaded
        return None


def locate(
    findings: Iterable[Finding],
    source: str,
    marks: Mapping[Path, tuple[int, int]] | None = None,
) -> list[Finding]:
    """The findings named as coming from ``source``, at the line and column ``marks`` give.

    A path missing from ``marks`` (a field that is not written, such as a missing
    channel) is placed where its nearest written parent starts.
    """
    located = []
    for finding in findings:
        line = column = None
        if marks:
            probe = finding.path
            while probe and probe not in marks:
                probe = probe[:-1]
            if probe in marks:
                line, column = marks[probe]
        located.append(replace(finding, source=source, line=line, column=column))
    return located


def lint_file(
    path: str | FilePath,
    *,
    config: LintConfig | None = None,
    surveys: Sequence[str | FilePath] = (),
) -> list[Finding]:
    """Load a map file (YAML, JSON, Mermaid or Python) and lint it, locating the findings.

    The survey answer files the map names in ``surveys`` (relative to its folder) and
    those given here are applied first, answers pooled, as ``journeymap render`` does:
    the map is linted with its measured curve and metrics.

    Findings in YAML and JSON files carry the line and column of what they are about
    (or of the touchpoint, phase or metric where a field is missing); Mermaid and Python
    maps name the file and the path in the map only. A Python map is trusted code and is
    run (see :func:`journeymap.cli.load_any`).

    Args:
        path: The file.
        config: As for :func:`lint`.
        surveys: More survey answer files (``.csv`` or ``.json``) about this map.

    Returns:
        The located findings.

    Raises:
        JourneyMapError: If the file is not a valid map, or a survey file is bad.
        OSError: If a file cannot be read.
    """
    from journeymap.cli import _with_surveys, load_any

    model = _with_surveys(load_any(path), str(path), [str(s) for s in surveys])
    return locate(lint(model, config=config), str(path), _marks(FilePath(path)))


# --- the command --------------------------------------------------------------------------

_DESCRIPTION = (
    "Check map files for what a valid map still lacks: phases without touchpoints, "
    "touchpoints without a channel or an emotion, a curve that is only assumed, critical "
    "moments without an opportunity, values from too few answers... Each finding is one "
    "line, FILE:LINE:COLUMN: CODE SEVERITY: WHERE: MESSAGE. Exit status: 0 when no "
    "finding reaches --fail-on, 1 when one does, 2 when a file cannot be read or is not "
    "a valid map (or warns, with --strict), or the command line is wrong. The rules are "
    "listed in docs/lint.md."
)
_STRICT_HELP = (
    "treat warnings (Mermaid quirks, a .py map's own warnings) as errors: a file that "
    "warns is not linted and the status is 2"
)


def _selectors(text: str) -> list[str]:
    names = [part.strip() for part in text.split(",") if part.strip()]
    if not names:
        raise argparse.ArgumentTypeError("expected rule codes, prefixes or names, e.g. JM201,JM3")
    for name in names:
        try:
            select_rules(name)
        except JourneyMapError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    return names


def _severity_setting(text: str) -> tuple[str, Level]:
    selector, equals, level = text.partition("=")
    level = level.strip().lower()
    if not equals or level not in _LEVELS:
        close = difflib.get_close_matches(level, _LEVELS, n=1) if equals else []
        hint = f"; did you mean {selector.strip()}={close[0]}?" if close else ""
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected CODE=LEVEL with LEVEL one of {', '.join(_LEVELS)}{hint}"
        )
    try:
        select_rules(selector)
    except JourneyMapError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return selector.strip(), level


def _min_n(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not allowed; allowed: an integer ≥ 1")
    return value


def add_lint_command(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    **parser_options: Any,
) -> argparse.ArgumentParser:
    """Add the ``lint`` command to a command line's subcommands.

    Args:
        commands: What ``parser.add_subparsers()`` returned.
        **parser_options: Passed on to ``add_parser`` (the ``journeymap`` parser passes
            its shared option list for suggestions).

    Returns:
        The ``lint`` parser; its ``run`` default runs the command on the parsed
        arguments and returns the exit status.

    Example:
        >>> parser = argparse.ArgumentParser(prog="journeymap")
        >>> add_lint_command(parser.add_subparsers()).prog
        'journeymap lint'
    """
    parser: argparse.ArgumentParser = commands.add_parser(
        "lint",
        help="check map files for missing channels, emotions, evidence and opportunities",
        description=_DESCRIPTION,
        **parser_options,
    )
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help=".yaml, .yml, .json, .py or a Mermaid .mmd"
    )
    parser.add_argument(
        "-f",
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: one line per finding; json: a list of objects with file, line, column, "
        "code, name, severity, message and path (default: text)",
    )
    parser.add_argument(
        "--select",
        type=_selectors,
        action="append",
        metavar="CODES",
        help="run only these rules: codes, prefixes (JM3) or names, comma-separated; "
        "repeatable (default: every rule)",
    )
    parser.add_argument(
        "--ignore",
        type=_selectors,
        action="append",
        metavar="CODES",
        help="do not run these rules (codes, prefixes or names); repeatable",
    )
    parser.add_argument(
        "--severity",
        type=_severity_setting,
        action="append",
        metavar="CODE=LEVEL",
        help="report a rule (code, prefix or name) at LEVEL: error, warning, info, or off; "
        "repeatable, the last one wins",
    )
    parser.add_argument(
        "--min-n",
        type=_min_n,
        default=DEFAULT_MIN_N,
        metavar="N",
        help=f"fewest answers a metric or measured curve should rest on (default: {DEFAULT_MIN_N})",
    )
    parser.add_argument(
        "--survey",
        action="append",
        metavar="ANSWERS",
        help="survey answers (.csv or .json) to apply to every map before linting, pooled "
        "with the survey files a map names; repeatable",
    )
    parser.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        default="error",
        help="exit with 1 when a finding is at least this severe (default: error)",
    )
    parser.add_argument("--strict", action="store_true", help=_STRICT_HELP)
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="do not print the summary on standard error"
    )
    parser.set_defaults(run=_run)
    return parser


def _config(args: argparse.Namespace) -> LintConfig:
    select = None if args.select is None else tuple(s for group in args.select for s in group)
    ignore = tuple(s for group in args.ignore or () for s in group)
    return LintConfig(
        select=select,
        ignore=ignore,
        severities=dict(args.severity or ()),
        min_n=args.min_n,
    )


def _run(args: argparse.Namespace) -> int:
    from journeymap.cli import _Warnings

    config = _config(args)
    findings: list[Finding] = []
    failed = 0
    for file in args.files:
        # Import quirks and a .py map's own warnings: one located line each, not findings;
        # with --strict, errors that keep the file from being linted.
        found = _Warnings(args.strict)
        try:
            with found.collect(file):
                linted = lint_file(file, config=config, surveys=args.survey or ())
            found.check()
        except JourneyMapError as exc:
            failed += 1
            for problem in exc.problems:
                shown = problem if problem.source is not None else replace(problem, source=file)
                print(f"journeymap: error: {shown}", file=sys.stderr)
            continue
        except OSError as exc:
            failed += 1
            print(f"journeymap: error: {exc}", file=sys.stderr)
            continue
        findings += linted
    if args.format == "json":
        sys.stdout.write(json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False))
        sys.stdout.write("\n")
    else:
        for finding in findings:
            print(finding)
    if not args.quiet:
        print(_summary(findings, len(args.files), failed), file=sys.stderr)
    if failed:
        return 2
    worst = SEVERITIES.index(args.fail_on)
    return 1 if any(SEVERITIES.index(f.severity) <= worst for f in findings) else 0


def _summary(findings: Sequence[Finding], files: int, failed: int) -> str:
    counts = [
        _count(sum(1 for f in findings if f.severity == level), level) for level in SEVERITIES
    ]
    text = f"{', '.join(counts)} in {_count(files, 'file')}"
    if failed:
        text += f"; {_count(failed, 'file')} could not be linted"
    return text


def _count(number: int, noun: str) -> str:
    plural = {"info": "info", "error": "errors", "warning": "warnings", "file": "files"}
    return f"{number} {noun if number == 1 else plural.get(noun, noun + 's')}"


def run_lint(argv: Sequence[str]) -> int:
    """Run ``journeymap lint`` with these arguments; return the exit status.

    The same command as ``journeymap lint ...``, without the rest of the command line.

    Example:
        >>> run_lint(["--help"])  # doctest: +ELLIPSIS
        usage: journeymap lint ...
        0
    """
    parser = argparse.ArgumentParser(prog="journeymap")
    lint_parser = add_lint_command(parser.add_subparsers())
    try:
        args = lint_parser.parse_args(list(argv))
    except SystemExit as exc:  # --help and usage errors
        return int(exc.code or 0)
    try:
        result: int = args.run(args)
    except JourneyMapError as exc:
        for problem in exc.problems:
            print(f"journeymap: error: {problem}", file=sys.stderr)
        return 2
    return result
