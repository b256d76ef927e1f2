"""Survey answers become metrics and a measured emotion curve on a journey map.

Answers are read from CSV or JSON (:func:`read_answers`, :func:`parse_answers`), one
answer per row: the touchpoint id, the metric kind (``nps``, ``csat`` or ``ces``), the
value, and optionally the respondent, the date and the segment. Every bad row is reported
with its file and line (a CSV row as a spreadsheet numbers it, the header being row 1; a
JSON item by its index and line), none is dropped.

:func:`aggregate` (or :func:`summarise` for one group) computes, per touchpoint (and per
segment when asked), NPS, CSAT and CES with their number of answers, 95 % confidence
intervals and a *weak* flag below a minimum number of answers (30 by default); the
methods are in :mod:`journeymap.analysis.statistics` and ``docs/evidence.md``.

:func:`apply_survey` returns a new map with a measured curve normalised onto the map's
scale (:func:`normalise`) beside the touchpoints' own (assumed) emotions, which it keeps,
and with each touchpoint's NPS, CSAT and CES metrics updated or added.
:func:`with_surveys` does it for the survey files a map names in its ``surveys`` field.

Example:
    >>> from journeymap import Journey
    >>> m = (Journey("Checkout").phase("Buy")
    ...      .touchpoint("Pays", id="pay", emotion=-1).build())
    >>> answers = parse_answers("touchpoint,kind,value\\npay,nps,10\\npay,nps,6\\npay,nps,9\\n",
    ...                         journey_map=m)
    >>> result, = aggregate(answers)
    >>> result.net.value, result.n, result.weak
    (33.33333, 3, True)
    >>> measured = apply_survey(m, answers)
    >>> measured.curves[0].points[0].value, measured.touchpoint("pay").emotion
    (0.67, -1)
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from journeymap.analysis.statistics import Estimate, difference, mean, proportion
from journeymap.errors import JourneyMapError, Problem, with_article
from journeymap.fields import describe_number
from journeymap.limits import _check_text_size, read_text_file
from journeymap.model import EmotionScale, JourneyMap

__all__ = [
    "DEFAULT_COLUMNS",
    "DEFAULT_MIN_N",
    "LARGE_GAP_LEVELS",
    "MAX_PROBLEMS",
    "SURVEY_KINDS",
    "SURVEY_RANGES",
    "Answer",
    "SurveyKind",
    "SurveyResult",
    "aggregate",
    "apply_survey",
    "normalise",
    "on_scale",
    "parse_answers",
    "read_answers",
    "summarise",
    "with_surveys",
]

#: The gap between measured and assumed emotion, in levels of the map's scale, from which
#: the renderers highlight it (the SVG map's dashed line, the Markdown table's bold).
LARGE_GAP_LEVELS = 1.0
#: The metrics a survey answer can be.
SurveyKind = Literal["nps", "csat", "ces"]
#: The survey kinds, in the order that picks the one feeding the curve (NPS first).
SURVEY_KINDS: tuple[SurveyKind, ...] = ("nps", "csat", "ces")
#: The answers each kind allows: integers from the first to the second number.
SURVEY_RANGES: Mapping[str, tuple[int, int]] = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}
#: The columns (CSV) or keys (JSON) read for each field of an answer, unless mapped.
DEFAULT_COLUMNS: Mapping[str, str] = {
    "touchpoint": "touchpoint",
    "kind": "kind",
    "value": "value",
    "respondent": "respondent",
    "date": "date",
    "segment": "segment",
}
#: Below this many answers a result is marked weak.
DEFAULT_MIN_N = 30
#: Bad rows are reported together, up to this many; reading stops there.
MAX_PROBLEMS = 100

_REQUIRED = ("touchpoint", "kind", "value")
_OPTIONAL = ("respondent", "date", "segment")
_NAMES = {"nps": "NPS", "csat": "CSAT", "ces": "CES"}
_SUFFIXES: dict[str, Literal["csv", "json"]] = {".csv": "csv", ".json": "json"}


@dataclass(frozen=True)
class Answer:
    """One survey answer about one touchpoint.

    Attributes:
        touchpoint: The touchpoint's id.
        kind: ``nps`` (0..10), ``csat`` (1..5) or ``ces`` (1..7).
        value: The answer, an integer in the kind's range.
        respondent: Who answered, when known: answers with the same respondent count as
            one respondent in a curve's ``n``.
        date: When, as written.
        segment: The respondent's segment, as written.
        source: The file the answer was read from.
        line: Its line there (the CSV row, or the line a JSON item starts on).
    """

    touchpoint: str
    kind: SurveyKind
    value: int
    respondent: str | None = None
    date: str | None = None
    segment: str | None = None
    source: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class SurveyResult:
    """The aggregate of one touchpoint's answers of one kind (in one segment).

    Attributes:
        touchpoint: The touchpoint's id.
        kind: ``nps``, ``csat`` or ``ces``.
        segment: The segment, or ``None`` for all answers.
        n: How many answers.
        weak: Whether ``n`` is below the minimum asked for (always for no answers).
        net: NPS (% promoters 9-10 minus % detractors 0-6) or CES's net score (% of 6-7
            minus % of 1-3), from -100 to 100; ``None`` for CSAT or without answers.
        mean: The mean answer (CSAT 1..5, CES 1..7); ``None`` for NPS or without answers.
        top_box: CSAT's top-2-box share (% of 4-5), 0..100; ``None`` otherwise.
        counts: How many answers each possible value got, lowest value first.
    """

    touchpoint: str
    kind: SurveyKind
    segment: str | None
    n: int
    weak: bool
    net: Estimate | None = None
    mean: Estimate | None = None
    top_box: Estimate | None = None
    counts: tuple[tuple[int, int], ...] = ()

    @property
    def headline(self) -> Estimate | None:
        """The figure a metric shows: NPS's score, CSAT's and CES's mean."""
        return self.net if self.kind == "nps" else self.mean


# -- reading ---------------------------------------------------------------------------


def read_answers(
    path: str | os.PathLike[str],
    journey_map: JourneyMap | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    source: str | None = None,
) -> tuple[Answer, ...]:
    """Read survey answers from a ``.csv`` or ``.json`` file.

    Args:
        path: The file: CSV with a header row (UTF-8, a byte-order mark allowed; comma
            or, when the header has none, semicolon separated), or JSON holding a list
            of objects.
        journey_map: The map the answers are about; when given, every touchpoint id must
            be one of its touchpoints.
        columns: Which column (CSV) or key (JSON) holds each field, for the fields that
            are not named as in :data:`DEFAULT_COLUMNS`, e.g. ``{"touchpoint": "step"}``.
        source: The name to give the file in messages and in the metrics' ``source``
            (default: ``path`` as given).

    Returns:
        Every answer, in file order.

    Raises:
        JourneyMapError: If the file is too large (:data:`~journeymap.limits.MAX_INPUT_BYTES`),
            not UTF-8, malformed or holds bad rows; every bad row (up to
            :data:`MAX_PROBLEMS`) is reported with its line and the reason.
        OSError: If the file cannot be read.
    """
    file = Path(path)
    name = str(path) if source is None else source
    data_format = _SUFFIXES.get(file.suffix.lower())
    if data_format is None:
        raise JourneyMapError(
            [
                Problem(
                    "",
                    f"cannot tell the format of survey answers from the suffix of "
                    f"{file.name!r}; allowed: .csv, .json",
                    source=name,
                )
            ]
        )
    text = read_text_file(file, name)
    return parse_answers(text, data_format, journey_map=journey_map, columns=columns, source=name)


def parse_answers(
    text: str,
    format: Literal["csv", "json"] = "csv",
    *,
    journey_map: JourneyMap | None = None,
    columns: Mapping[str, str] | None = None,
    source: str | None = None,
) -> tuple[Answer, ...]:
    """Parse survey answers from CSV or JSON text; see :func:`read_answers`.

    Example:
        >>> parse_answers('[{"step": "pay", "kind": "CSAT", "value": 4}]', "json",
        ...               columns={"touchpoint": "step"})[0]
        Answer(touchpoint='pay', kind='csat', value=4, respondent=None, date=None, \
segment=None, source=None, line=1)
        >>> try:
        ...     parse_answers("touchpoint,kind,value\\npay,nps,11\\n", source="a.csv")
        ... except JourneyMapError as exc:
        ...     print(exc)
        a.csv:2: column 'value': nps answer 11 is out of range; allowed: an integer from 0 to 10
    """
    where = source or "<string>"
    _check_text_size(text, where)
    text = text.removeprefix("\ufeff")
    names = _columns(columns)
    reader = _Rows(where, names, journey_map, source)
    if format == "csv":
        reader.read_csv(text)
    elif format == "json":
        reader.read_json(text)
    else:
        raise JourneyMapError(f"unknown survey format {format!r}; allowed: 'csv', 'json'")
    if reader.problems:
        raise JourneyMapError(reader.problems)
    return tuple(reader.answers)


def _columns(columns: Mapping[str, str] | None) -> dict[str, str]:
    names = dict(DEFAULT_COLUMNS)
    for field_name, column in (columns or {}).items():
        if field_name not in DEFAULT_COLUMNS:
            raise JourneyMapError(
                f"columns: {field_name!r} is not a field of an answer; allowed: "
                + ", ".join(repr(f) for f in DEFAULT_COLUMNS)
            )
        names[field_name] = column
    taken: dict[str, str] = {}
    for field_name, column in names.items():
        if column in taken:
            raise JourneyMapError(
                f"columns: {taken[column]!r} and {field_name!r} both read column {column!r}; "
                "give each field its own column"
            )
        taken[column] = field_name
    return names


class _TooMany(Exception):
    """Raised internally when :data:`MAX_PROBLEMS` problems are found."""


class _Rows:
    """Turns rows into answers, collecting every problem with its location."""

    def __init__(
        self,
        source: str,
        names: dict[str, str],
        journey_map: JourneyMap | None,
        named: str | None,
    ) -> None:
        self.source = source
        self.named = named  # the source the answers carry: None for unnamed text
        self.names = names
        self.touchpoints = (
            None if journey_map is None else {tp.id for tp in journey_map.touchpoints}
        )
        self.answers: list[Answer] = []
        self.problems: list[Problem] = []

    def fail(
        self, line: int | None, where: str, message: str, path: tuple[str | int, ...] = ()
    ) -> None:
        self.problems.append(Problem(where, message, path, source=self.source, line=line))
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems.append(
                Problem(
                    "",
                    f"stopped after {MAX_PROBLEMS} problems; fix these and read the file again",
                    source=self.source,
                )
            )
            raise _TooMany

    # CSV: the header is row 1; a row is numbered as a spreadsheet shows it, so a quoted
    # cell spanning lines counts once.
    def read_csv(self, text: str) -> None:
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if ";" in first_line and "," not in first_line else ","
        try:
            rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
            header: list[str] | None = None
            positions: dict[str, int] = {}
            row_number = 0
            for row_number, row in enumerate(rows, start=1):
                if header is None:
                    header = [cell.strip() for cell in row]
                    found = self._header(header)
                    if found is None:
                        return
                    positions = found
                    continue
                if not any(cell.strip() for cell in row):
                    continue  # an empty row holds no answer
                if len(row) != len(header):
                    self.fail(
                        row_number,
                        "",
                        f"the row has {len(row)} cells; allowed: {len(header)}, as in the header",
                    )
                    continue
                self.row(row_number, {key: row[i] for key, i in positions.items()}, column=True)
            if header is None:
                self.fail(1, "", "the file is empty; allowed: a header row, then one answer a row")
        except csv.Error as exc:
            self.problems.append(
                Problem("", f"invalid CSV: {exc}", source=self.source, line=row_number + 1)
            )
        except _TooMany:
            return

    def _header(self, header: list[str]) -> dict[str, int] | None:
        lowered: dict[str, list[int]] = {}
        for i, cell in enumerate(header):
            lowered.setdefault(cell.lower(), []).append(i)
        for field_name in (*_REQUIRED, *_OPTIONAL):
            places = lowered.get(self.names[field_name].lower(), [])
            if len(places) > 1:
                cell = header[places[1]]
                shown = repr(cell if len(cell) <= 40 else cell[:39] + "…")
                self.problems.append(
                    Problem(
                        "",
                        f"column {shown} appears {len(places)} times in the header; allowed: once",
                        source=self.source,
                        line=1,
                    )
                )
                return None
        positions: dict[str, int] = {}
        missing = []
        for field_name in (*_REQUIRED, *_OPTIONAL):
            column = self.names[field_name].lower()
            if column in lowered:
                positions[field_name] = lowered[column][0]
            elif field_name in _REQUIRED:
                missing.append(self.names[field_name])
        if missing:
            found = ", ".join(repr(c if len(c) <= 40 else c[:39] + "…") for c in header[:12])
            found = (found + (", …" if len(header) > 12 else "")) or "nothing"
            self.problems.append(
                Problem(
                    "",
                    f"the header has no column {' or '.join(repr(m) for m in missing)}; it has "
                    f"{found}; allowed: columns {_listed(self.names, _REQUIRED)} "
                    "(and optionally "
                    f"{_listed(self.names, _OPTIONAL)}), or name yours with "
                    "columns=",
                    source=self.source,
                    line=1,
                )
            )
            return None
        return positions

    def read_json(self, text: str) -> None:
        from journeymap.json_reader import parse_json

        data, marks = parse_json(text, self.source)
        if not isinstance(data, list):
            self.problems.append(
                Problem(
                    "",
                    f"the document is a {type(data).__name__}; allowed: a list of objects, "
                    "one answer each",
                    source=self.source,
                    line=1,
                )
            )
            return
        found: Mapping[Any, tuple[int, int]] | None = None
        try:
            for index, item in enumerate(data):
                if found is None:
                    found = marks()
                line = found.get((index,), (None, None))[0]
                if not isinstance(item, dict):
                    self.fail(
                        line,
                        f"item {index}",
                        f"is {with_article(type(item).__name__)}; allowed: an object with "
                        + ", ".join(repr(self.names[f]) for f in _REQUIRED),
                        (index,),
                    )
                    continue
                cells: dict[str, Any] = {}
                missing = []
                for field_name in (*_REQUIRED, *_OPTIONAL):
                    key = self.names[field_name]
                    if key in item:
                        cells[field_name] = item[key]
                    elif field_name in _REQUIRED:
                        missing.append(key)
                if missing:
                    self.fail(
                        line,
                        f"item {index}",
                        f"has no key {' or '.join(repr(m) for m in missing)}; allowed: an "
                        "object with " + ", ".join(repr(self.names[f]) for f in _REQUIRED),
                        (index,),
                    )
                    continue
                self.row(line, cells, index=index)
        except _TooMany:
            return

    def row(
        self, line: int | None, cells: dict[str, Any], *, column: bool = False, index: int = 0
    ) -> None:
        def where(field_name: str) -> str:
            name = self.names[field_name]
            return f"column {name!r}" if column else f"item {index} > {name}"

        before = len(self.problems)
        touchpoint = _text(cells["touchpoint"])
        if not touchpoint:
            self.fail(line, where("touchpoint"), "is empty; allowed: a touchpoint id")
        elif self.touchpoints is not None and touchpoint not in self.touchpoints:
            self.fail(line, where("touchpoint"), _unknown_touchpoint(touchpoint, self.touchpoints))
        kind = (_text(cells["kind"]) or "").lower()
        if kind not in SURVEY_RANGES:
            shown = _text(cells["kind"])
            self.fail(
                line,
                where("kind"),
                f"{shown!r} is not a survey metric; allowed: 'nps', 'csat', 'ces'"
                if shown
                else "is empty; allowed: 'nps', 'csat', 'ces'",
            )
            value = None
        else:
            value = self.value(line, where("value"), kind, cells["value"])
        optional = {}
        for field_name in _OPTIONAL:
            raw = cells.get(field_name)
            if isinstance(raw, bool) or not isinstance(raw, (str, int, float, type(None))):
                self.fail(line, where(field_name), f"is a {type(raw).__name__}; allowed: text")
                continue
            optional[field_name] = _text(raw)
        if len(self.problems) > before or value is None or touchpoint is None:
            return
        self.answers.append(
            Answer(
                touchpoint=touchpoint,
                kind=kind,  # type: ignore[arg-type]  # checked against SURVEY_RANGES
                value=value,
                respondent=optional.get("respondent"),
                date=optional.get("date"),
                segment=optional.get("segment"),
                source=self.named,
                line=line,
            )
        )

    def value(self, line: int | None, where: str, kind: str, raw: Any) -> int | None:
        lo, hi = SURVEY_RANGES[kind]
        allowed = f"allowed: an integer from {lo} to {hi}"
        if isinstance(raw, bool) or raw is None:
            self.fail(line, where, f"{raw!r} is not a number; {allowed}")
            return None
        if isinstance(raw, int):  # from JSON: any size (describe_number shortens it)
            if not lo <= raw <= hi:
                shown = describe_number(raw)
                self.fail(line, where, f"{kind} answer {shown} is out of range; {allowed}")
                return None
            return raw
        if isinstance(raw, float):
            number = raw
            typed = quoted = describe_number(raw)
        else:
            written = str(raw).strip()
            if not written:
                self.fail(line, where, f"is empty; {allowed}")
                return None
            typed = written if len(written) <= 40 else written[:39] + "…"
            quoted = repr(typed)
            try:
                number = float(written) if len(written) <= 40 else math.nan
            except ValueError:
                number = math.nan
        if not math.isfinite(number):
            self.fail(line, where, f"{quoted} is not a number; {allowed}")
            return None
        if not number.is_integer():
            self.fail(line, where, f"{kind} answer {typed} is not an integer; {allowed}")
            return None
        if not lo <= number <= hi:
            self.fail(line, where, f"{kind} answer {typed} is out of range; {allowed}")
            return None
        return int(number)


def _listed(names: Mapping[str, str], fields: Iterable[str]) -> str:
    return ", ".join(repr(names[f]) for f in fields)


def _text(raw: Any) -> str | None:
    if raw is None:
        return None
    text = str(raw).strip()
    return text or None


def _unknown_touchpoint(touchpoint: str, known: set[str]) -> str:
    close = difflib.get_close_matches(touchpoint, sorted(known), n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    ordered = sorted(known)
    shown = ", ".join(repr(t) for t in ordered[:12])
    if len(ordered) > 12:
        shown += f", … ({len(ordered) - 12} more)"
    return (
        f"touchpoint {touchpoint!r} is not on the map{hint}; allowed: "
        f"{shown or 'no touchpoints defined'}"
    )


# -- aggregating -----------------------------------------------------------------------


def summarise(
    kind: SurveyKind,
    values: Sequence[int],
    *,
    touchpoint: str = "",
    segment: str | None = None,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = 0.95,
) -> SurveyResult:
    """Aggregate one group of answers of one kind.

    Args:
        kind: ``nps``, ``csat`` or ``ces``.
        values: The answers (integers in the kind's range); may be empty.
        touchpoint: The touchpoint id to put in the result.
        segment: The segment to put in the result.
        min_n: Below this many answers the result is weak.
        confidence: The intervals' level.

    Returns:
        The result; without answers, every estimate is ``None`` and it is weak.

    Example:
        >>> r = summarise("csat", [5, 4, 4, 2, 1])
        >>> r.mean.value, r.top_box.value, r.n, r.weak
        (3.2, 60.0, 5, True)
    """
    lo, hi = SURVEY_RANGES[kind]
    if min_n < 1:
        raise JourneyMapError(f"min_n {min_n!r} is below 1; allowed: a whole number from 1")
    tally = dict.fromkeys(range(lo, hi + 1), 0)
    for value in values:
        if value not in tally:
            raise ValueError(f"{kind} answer {value!r} is out of range {lo}..{hi}")
        tally[value] += 1
    n = len(values)
    counts = tuple(tally.items())
    if n == 0:
        return SurveyResult(touchpoint, kind, segment, 0, True, counts=counts)
    net = top_box = average = None
    if kind == "nps":
        promoters = tally[9] + tally[10]
        detractors = sum(tally[v] for v in range(7))
        net = difference(promoters, detractors, n, confidence).scaled(100)
    else:
        average = mean(values, lo, hi, confidence)
        if kind == "csat":
            top_box = proportion(tally[4] + tally[5], n, confidence).scaled(100)
        else:
            high = tally[6] + tally[7]
            low = tally[1] + tally[2] + tally[3]
            net = difference(high, low, n, confidence).scaled(100)
    return SurveyResult(
        touchpoint,
        kind,
        segment,
        n,
        n < min_n,
        net=net,
        mean=average,
        top_box=top_box,
        counts=counts,
    )


def aggregate(
    answers: Iterable[Answer],
    *,
    by_segment: bool = False,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = 0.95,
) -> tuple[SurveyResult, ...]:
    """Aggregate answers per touchpoint and kind, and per segment when asked.

    Args:
        answers: The answers, in any order (the results do not depend on it).
        by_segment: Also give one result per segment: every segment that answered a
            kind anywhere gets a result at each touchpoint that has answers of that kind,
            with ``n == 0`` where it gave none there. Answers without a segment count in
            the overall result only.
        min_n: Below this many answers a result is weak.
        confidence: The intervals' level.

    Returns:
        The results sorted by touchpoint id, kind (NPS, CSAT, CES) and segment (the
        overall result, ``segment=None``, first).

    Example:
        >>> rows = [Answer("pay", "nps", v, segment=s) for v, s in [(10, "new"), (3, "new")]]
        >>> [(r.segment, r.n, r.net.value if r.net else None)
        ...  for r in aggregate(rows, by_segment=True)]
        [(None, 2, 0.0), ('new', 2, 0.0)]
    """
    groups: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
    by: defaultdict[tuple[str, str, str], list[int]] = defaultdict(list)
    segments: defaultdict[str, set[str]] = defaultdict(set)
    for answer in answers:
        groups[answer.touchpoint, answer.kind].append(answer.value)
        if by_segment and answer.segment is not None:
            by[answer.touchpoint, answer.kind, answer.segment].append(answer.value)
            segments[answer.kind].add(answer.segment)
    order: dict[str, int] = {kind: i for i, kind in enumerate(SURVEY_KINDS)}
    results: list[SurveyResult] = []
    for touchpoint, kind in sorted(groups, key=lambda key: (key[0], order[key[1]])):
        survey_kind: SurveyKind = kind  # type: ignore[assignment]
        values = sorted(groups[touchpoint, kind])
        results.append(
            summarise(
                survey_kind, values, touchpoint=touchpoint, min_n=min_n, confidence=confidence
            )
        )
        for segment in sorted(segments[kind]):
            results.append(
                summarise(
                    survey_kind,
                    sorted(by.get((touchpoint, kind, segment), [])),
                    touchpoint=touchpoint,
                    segment=segment,
                    min_n=min_n,
                    confidence=confidence,
                )
            )
    return tuple(results)


# -- onto the map ----------------------------------------------------------------------


def normalise(
    kind: SurveyKind,
    value: float,
    scale: EmotionScale,
    *,
    ces_better: Literal["higher", "lower"] = "lower",
) -> float:
    """Map a result onto an emotion scale, linearly, the best value at the scale's top.

    NPS -100..100, CSAT's mean 1..5 and CES's mean 1..7 map their whole range onto
    ``scale.min..scale.max``; CES is reversed when lower is better (an effort question,
    1 = very low effort), as it is by default. Rounded to 2 decimals.

    Example:
        >>> s = EmotionScale()  # -2..2
        >>> normalise("nps", 20, s), normalise("csat", 4.5, s), normalise("ces", 2.2, s)
        (0.4, 1.5, 1.2)
    """
    if kind == "nps":
        fraction = (value + 100) / 200
    else:
        lo, hi = SURVEY_RANGES[kind]
        fraction = (value - lo) / (hi - lo)
        if kind == "ces" and ces_better == "lower":
            fraction = 1 - fraction
    fraction = min(max(fraction, 0.0), 1.0)
    return round(scale.min + fraction * (scale.max - scale.min), 2) + 0.0


def on_scale(
    result: SurveyResult,
    scale: EmotionScale,
    *,
    ces_better: Literal["higher", "lower"] = "lower",
) -> Estimate | None:
    """A result's headline and its interval on an emotion scale, as the curve draws them.

    The bounds are normalised like the value (:func:`normalise`); a reversed CES swaps
    them, so ``low <= value <= high`` still holds. ``None`` for a result without answers.

    Example:
        >>> on_scale(summarise("csat", [4, 5, 5, 3]), EmotionScale())
        Estimate(value=1.25, low=-0.27, high=2.0)
    """
    estimate = result.headline
    if estimate is None:
        return None
    bounds = [
        normalise(result.kind, number, scale, ces_better=ces_better)
        for number in (estimate.low, estimate.high)
    ]
    value = normalise(result.kind, estimate.value, scale, ces_better=ces_better)
    return Estimate(value, min(*bounds, value), max(*bounds, value))


def apply_survey(
    journey_map: JourneyMap,
    answers: Iterable[Answer],
    *,
    metric: Literal["auto", "nps", "csat", "ces"] = "auto",
    segment: str | None = None,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = 0.95,
    ces_better: Literal["higher", "lower"] = "lower",
    curve_id: str = "survey",
    curve_name: str | None = None,
) -> JourneyMap:
    """A new map with the survey's measured curve and metrics; the emotions stay as they are.

    * **The curve** (``source="measured"``, id ``curve_id``, replacing a curve of that id)
      has a point at every touchpoint with answers of the chosen kind: with ``metric=
      "auto"``, per touchpoint, NPS if it has NPS answers, else CSAT, else CES; or the
      kind named. Each value is :func:`normalise`\\ d onto the map's scale; the curve's
      ``n`` is the number of respondents behind its points (answers without a respondent
      count one each), its description says how the values were made.
    * **The metrics**: each touchpoint's first metric of each kind answered gets the
      survey's value (NPS; CSAT's mean, or its top-2-box % when the metric's unit is
      ``%``; CES's mean), ``n`` and ``source`` (``survey: FILE``), keeping its target; a
      touchpoint without one gets a new metric (unit ``/5`` or ``/7``). CES metrics say
      ``better=ces_better``.

    Args:
        journey_map: The map the answers are about.
        answers: The answers (see :func:`read_answers`).
        metric: Which kind feeds the curve.
        segment: Use only the answers of this segment.
        min_n: The minimum number of answers for a result that is not weak (kept in
            the curve's description; every point is drawn, its ``n`` on its metric).
        confidence: The intervals' level (not stored on the map).
        ces_better: ``"lower"`` when the CES question asks for effort (1 = very low
            effort, the default) or ``"higher"`` when it asks for ease (7 = very easy).
        curve_id: The measured curve's id.
        curve_name: Its legend text (default: ``Measured (NPS, CSAT)`` or, for a Spanish
            map, ``Medido (…)``).

    Returns:
        The new, validated map.

    Raises:
        JourneyMapError: If an answer names a touchpoint the map lacks, or no answer is
            left to use (none at all, none in ``segment``, none of ``metric``).
    """
    chosen = list(answers)
    known = {tp.id for tp in journey_map.touchpoints}
    bad = [
        Problem(
            "touchpoint",
            _unknown_touchpoint(a.touchpoint, known),
            source=a.source,
            line=a.line,
        )
        for a in chosen
        if a.touchpoint not in known
    ]
    if bad:
        raise JourneyMapError(bad[:MAX_PROBLEMS])
    if segment is not None:
        found = sorted({a.segment for a in chosen if a.segment is not None})
        chosen = [a for a in chosen if a.segment == segment]
        if not chosen:
            raise JourneyMapError(
                f"no survey answer is in segment {segment!r}; allowed: "
                + (", ".join(repr(s) for s in found) or "none (no answer has a segment)")
            )
    if not chosen:
        raise JourneyMapError("the survey has no answers; allowed: at least one answer")
    results = {
        (r.touchpoint, r.kind): r for r in aggregate(chosen, min_n=min_n, confidence=confidence)
    }
    kinds = SURVEY_KINDS if metric == "auto" else (metric,)
    feeding: dict[str, SurveyKind] = {}
    for tp in journey_map.touchpoints:
        for kind in kinds:
            if (tp.id, kind) in results:
                feeding[tp.id] = kind
                break
    if not feeding:
        raise JourneyMapError(
            f"the survey has no {_NAMES.get(metric, metric)} answers to draw a curve from; "
            "allowed: metric='auto' or a kind it has: "
            + ", ".join(k for k in SURVEY_KINDS if any(key[1] == k for key in results))
        )
    sources = list(dict.fromkeys(Path(a.source).name for a in chosen if a.source))
    survey_source = "survey: " + (", ".join(sources) if sources else "answers")

    data = journey_map.model_dump(mode="json")
    for phase in data["phases"]:
        for tp in phase["touchpoints"]:
            tp["metrics"] = _metrics(
                tp["metrics"],
                [results[tp["id"], k] for k in SURVEY_KINDS if (tp["id"], k) in results],
                survey_source,
                ces_better,
            )
    used = [a for a in chosen if feeding.get(a.touchpoint) == a.kind]
    anonymous = sum(1 for a in used if a.respondent is None)
    respondents = len({a.respondent for a in used if a.respondent is not None}) + anonymous
    names = [_NAMES[k] for k in SURVEY_KINDS if k in feeding.values()]
    spanish = journey_map.locale.split("-")[0] == "es"
    name = curve_name or ("Medido" if spanish else "Measured") + f" ({', '.join(names)})"
    weak = sum(1 for tp, kind in feeding.items() if results[tp, kind].weak)
    description = (
        f"From {len(used):,} survey answers ({survey_source}"
        + (f", segment {segment!r}" if segment is not None else "")
        + f"): {_describe_feed(feeding, ces_better)}, mapped linearly onto "
        + journey_map.scale.describe()
        + (
            f"; {weak} of {len(feeding)} point{'s' if len(feeding) != 1 else ''} "
            f"{'rest' if weak != 1 else 'rests'} on fewer than {min_n} answers"
            if weak
            else ""
        )
    )
    curve = {
        "id": curve_id,
        "name": name,
        "source": "measured",
        "description": description,
        "n": respondents,
        "points": [
            _curve_point(tp_id, results[tp_id, kind], journey_map, ces_better)
            for tp_id, kind in feeding.items()
        ],
    }
    data["curves"] = [c for c in data["curves"] if c["id"] != curve_id] + [curve]
    return JourneyMap.model_validate(data)


def _curve_point(
    tp_id: str,
    result: SurveyResult,
    journey_map: JourneyMap,
    ces_better: Literal["higher", "lower"],
) -> dict[str, Any]:
    """A measured curve's point: the value on the scale, its interval and its n."""
    point: dict[str, Any] = {
        "touchpoint": tp_id,
        "value": normalise(
            result.kind, _headline(result), journey_map.scale, ces_better=ces_better
        ),
        "n": result.n,
    }
    estimate = on_scale(result, journey_map.scale, ces_better=ces_better)
    if estimate is not None and estimate.low is not None and estimate.high is not None:
        low, high = sorted((estimate.low, estimate.high))
        point["low"] = min(low, point["value"])
        point["high"] = max(high, point["value"])
    return point


def _headline(result: SurveyResult) -> float:
    estimate = result.headline
    assert estimate is not None  # a result with answers has its headline
    return estimate.value


def _describe_feed(feeding: Mapping[str, str], ces_better: str) -> str:
    used = [k for k in SURVEY_KINDS if k in feeding.values()]
    parts = {
        "nps": "NPS (-100..100)",
        "csat": "CSAT mean (1..5)",
        "ces": "CES mean (1..7"
        + (", reversed: low effort is good)" if ces_better == "lower" else ")"),
    }
    return ", ".join(parts[k] for k in used)


def _metrics(
    existing: list[dict[str, Any]],
    results: list[SurveyResult],
    source: str,
    ces_better: str,
) -> list[dict[str, Any]]:
    metrics = [dict(m) for m in existing]
    for result in results:
        if result.n == 0:
            continue
        index = next((i for i, m in enumerate(metrics) if m["kind"] == result.kind), None)
        metric: dict[str, Any] = {"kind": result.kind} if index is None else metrics[index]
        interval: Estimate | None
        if result.kind == "csat" and metric.get("unit") == "%":
            interval = result.top_box
        else:
            interval = result.headline
        assert interval is not None  # a result with answers has its headline
        digits = 1 if result.kind == "nps" else 2
        metric["value"] = round(interval.value, digits) + 0.0
        metric["n"] = result.n
        metric["low"] = min(round(interval.low, digits) + 0.0, metric["value"])
        metric["high"] = max(round(interval.high, digits) + 0.0, metric["value"])
        metric["source"] = source
        if result.kind != "nps" and not metric.get("unit"):
            metric["unit"] = f"/{SURVEY_RANGES[result.kind][1]}"
        if result.kind == "ces":
            metric["better"] = ces_better
        if index is None:
            metrics.append(metric)
    return metrics


def with_surveys(
    journey_map: JourneyMap,
    base_dir: str | os.PathLike[str],
    *,
    extra: Sequence[str | os.PathLike[str]] = (),
    source: str | None = None,
    **options: Any,
) -> JourneyMap:
    """Apply the survey files the map names in ``surveys`` and ``extra`` ones, pooled.

    :func:`journeymap.load` reads the field but never applies it; the command line, lint
    and the docs integrations call this. A map without survey files is returned as it
    is. A file named twice (by the map and in ``extra``, under any spelling) counts once.
    A file's problems are located at its path from the working folder.

    Args:
        journey_map: The map.
        base_dir: The folder the map file is in (its survey paths are relative to it).
        extra: More answer files (``.csv`` or ``.json``), as given on the command line.
        source: The map's file, for the messages of a file that cannot be read and of
            answers that do not fit the map.
        **options: Passed to :func:`apply_survey`.

    Returns:
        The map with the measured curve and metrics, or the same map.

    Raises:
        JourneyMapError: If a path is absolute, a file cannot be read or is bad, or the
            answers do not fit the map.

    Example:
        >>> with_surveys(JourneyMap(title="T"), ".") == JourneyMap(title="T")
        True
    """
    if not journey_map.surveys and not extra:
        return journey_map
    named: list[tuple[Path, str]] = []
    for written in journey_map.surveys:
        if Path(written).is_absolute() or Path(written).drive:
            raise JourneyMapError(
                [
                    Problem(
                        "surveys",
                        f"{written!r} is absolute; allowed: a path relative to the map's folder",
                        source=source,
                    )
                ]
            )
        named.append((Path(base_dir) / written, f"surveys: {written!r}"))
    given = [(Path(path), f"survey answers {str(path)!r}") for path in extra]
    seen: set[str] = set()
    answers: list[Answer] = []
    for path, how in [*named, *given]:
        key = os.path.realpath(path)
        if key in seen:
            continue
        seen.add(key)
        try:
            answers += read_answers(path, journey_map)
        except OSError as exc:  # named by the map or the caller: say which
            raise JourneyMapError(
                [Problem("", f"{how}: cannot read {path}: {exc.strerror or exc}", source=source)]
            ) from None
    try:
        return apply_survey(journey_map, answers, **options)
    except JourneyMapError as exc:
        raise (exc.with_source(source) if source else exc) from None
