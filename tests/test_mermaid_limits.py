"""Hostile and huge Mermaid input: linear time, guarded front-matter, located problems.

Time is never compared with a fixed number of seconds: each proof parses the same kind
of diagram at two sizes, ten times apart, in one run, and bounds the ratio of the best
times (linear is about 10; quadratic would be about 100).
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable

import pytest

from journeymap import Journey, JourneyMapError
from journeymap.errors import Problem
from journeymap.interop.mermaid import (
    MermaidExportWarning,
    MermaidImportWarning,
    export,
    parse,
)
from journeymap.io import MAX_INPUT_BYTES
from journeymap.model import JourneyMap

# --- linear time ------------------------------------------------------------------------

#: The largest ratio of times accepted for ten times the size (linear gives about 10).
GROWTH = 25


def best_time(call: Callable[[], object], runs: int = 5) -> float:
    """The shortest of ``runs`` timings of ``call``; a JourneyMapError counts as done."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                call()
        except JourneyMapError:
            pass
        times.append(time.perf_counter() - start)
    return min(times)


def growth(make: Callable[[int], str], n: int) -> float:
    """How much longer parsing ``make(10 * n)`` takes than parsing ``make(n)``.

    Measured up to three times, keeping the smallest ratio, so that a busy machine does
    not fail a linear path; a quadratic one is a hundred times slower on every try.
    """
    small, large = make(n), make(10 * n)
    best_time(lambda: parse(small), runs=1)  # warm up
    ratio = math.inf
    for _ in range(3):
        large_time = best_time(lambda: parse(large), runs=2)
        ratio = min(ratio, large_time / best_time(lambda: parse(small)))
        if ratio < GROWTH:
            break
    return ratio


HEAD = "journey\n  title T\n  section S\n"

#: Diagrams that grow in one direction each: (n, make). Each was slower than linear
#: before, or is a path of the importer that must stay linear.
SHAPES: dict[str, tuple[int, Callable[[int], str]]] = {
    # locating each task re-joined the whole text
    "tasks": (500, lambda n: HEAD + "".join(f"    Task {i}: 3: Me\n" for i in range(n))),
    "sections": (500, lambda n: "journey\n" + "".join(f"section S{i}\nT: 3\n" for i in range(n))),
    "warnings": (500, lambda n: HEAD + "".join(f"    T{i}: x: Me\n" for i in range(n))),
    # ids counted up from name-2 for every task of the same name
    "tasks of one name": (500, lambda n: HEAD + "    Task: 3: Me\n" * n),
    # actor ids checked against a copy of every id so far
    "actors of one task": (
        1000,
        lambda n: HEAD + "  T: 3: " + ", ".join(f"A{i}" for i in range(n)),
    ),
    # locating the problems of an invalid map
    "invalid task names": (
        200,
        lambda n: HEAD + "".join(f"    T{i}\x01: 3: Me\n" for i in range(n)),
    ),
    "invalid actor names": (
        200,
        lambda n: HEAD + "  T: 3: " + ", ".join(f"A{i}\x01" for i in range(n)),
    ),
    # the score pattern backtracked over a run of digits
    "score of digits": (4000, lambda n: HEAD + "  T: " + "1" * n + "x: Me\n"),
    "score with a fraction": (4000, lambda n: HEAD + "  T: 1." + "1" * n + "x: Me\n"),
    # the <br> pattern backtracked over white space
    "'<' and spaces": (4000, lambda n: HEAD + "  T <" + " " * n + "x: 3: Me\n"),
    "'<' and spaces in a section": (4000, lambda n: HEAD + "section <" + " " * n + "x\n"),
    "'<' and newlines": (20_000, lambda n: HEAD + "accDescr {<" + "\n" * n + "x}\n"),
    # long lines of the grammar's special characters
    "line of '%'": (4000, lambda n: HEAD + "  T: 3: Me\n" + "%" * n + "\n"),
    "'%' in a name": (4000, lambda n: HEAD + "  T" + "%" * n + ": 3: Me\n"),
    "line of '% '": (4000, lambda n: HEAD + "  T: 3: Me\n" + "% " * n + "\n"),
    "line of '#'": (4000, lambda n: HEAD + "  T: 3: Me\n" + "#" * n + "\n"),
    "entity without ';'": (4000, lambda n: HEAD + "  T #" + "a" * n + ": 3: Me\n"),
    "entity of digits": (4000, lambda n: HEAD + "  T #" + "1" * n + ";: 3: Me\n"),
    "line of ':'": (4000, lambda n: HEAD + "  T: 3:" + ":" * n + "\n"),
    "line of '{'": (4000, lambda n: HEAD + "  T" + "{" * n + ": 3: Me\n"),
    "accDescr of '{'": (4000, lambda n: HEAD + "accDescr {" + "{" * n + "\n  T: 3: Me\n"),
    "unclosed directives": (4000, lambda n: "%%{" * n + "\n" + HEAD),
    "directives": (5000, lambda n: "%%{x}%%\n" * n + HEAD + "  T: 3: Me\n"),
    "comment lines": (10_000, lambda n: HEAD + "  %% note\n" * n + "  T: 3: Me\n"),
    "indented comment": (4000, lambda n: HEAD + "  T: 3: Me\n" + " " * n + "%%x\n"),
    "accTitle and spaces": (4000, lambda n: HEAD + "accTitle" + " " * n + "x\n"),
    "title": (4000, lambda n: "journey\n  title " + "t" * n + "\n  section S\n    T: 3\n"),
    "blank lines": (20_000, lambda n: "\n" * n + HEAD + "  T: 3: Me\n"),
    "indentation": (4000, lambda n: "".join(" " * n + w + "\n" for w in HEAD.split("\n"))),
    # front-matter detection: an unclosed fence, a fence followed by spaces
    "unclosed front-matter": (10_000, lambda n: "---\n" + "a: 1\n" * n + HEAD),
    "front-matter fence": (4000, lambda n: "---" + " " * n + "x\n" + HEAD),
    "front-matter": (4000, lambda n: "---\ntitle: " + "t" * n + "\n---\n" + HEAD + "  T: 3\n"),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_import_time_grows_linearly(shape: str) -> None:
    n, make = SHAPES[shape]
    ratio = growth(make, n)
    assert ratio < GROWTH, f"{shape}: ten times the size took {ratio:.0f} times as long"


def one_megabyte(size: int) -> str:
    """A diagram of about ``size`` bytes written the way people write journeys."""
    parts = ["---\ntitle: A long day\n---\n%%{init: {'theme': 'forest'}}%%\njourney\n"]
    parts.append("  accTitle: A long day\n  accDescr: Everything, #35;1 to the end\n")
    total = sum(len(p) for p in parts)
    i = 0
    while total < size:
        block = (
            f"  %% part {i}\n"
            f"  section Part {i}\n"
            f"    Make tea #35;{i}: 5: Me\n"
            f"    Go upstairs<br>again: 3: Me, Cat\n"
            f"    Do work #58; step {i}: 1: Me, Cat, Boss #9829;\n"
            f"    Go home: 4\n"
        )
        parts.append(block)
        total += len(block)
        i += 1
    return "".join(parts)


def test_a_megabyte_of_mermaid_imports_in_linear_time() -> None:
    text = one_megabyte(1_000_000)
    assert 1_000_000 <= len(text.encode("utf-8")) < 1_001_000
    start = time.perf_counter()
    m = parse(text, strict=True, source="big.mmd")
    elapsed = time.perf_counter() - start
    assert len(m.touchpoints) == 4 * len(m.phases) > 20_000
    assert m.touchpoints[2].name == "Do work : step 0"
    assert [a.name for a in m.actors] == ["Boss ♥", "Cat", "Me"]
    small = one_megabyte(100_000)
    ratio = elapsed / best_time(lambda: parse(small), runs=3)
    assert ratio < GROWTH


EXPORT_SHAPES: dict[str, tuple[int, Callable[[int], JourneyMap]]] = {
    "touchpoints": (
        300,
        lambda n: parse(
            HEAD + "".join(f"    T{i} <br> #35; %%: 3: Me, A{i % 50}\n" for i in range(n))
        ),
    ),
    # reading a name back for '<br>' backtracked over white space
    "'<' and spaces in a name": (4000, lambda n: Journey("T <" + " " * n + "x").build()),
    "'%' in a name": (4000, lambda n: Journey("T " + "%" * n).build()),
}


@pytest.mark.parametrize("shape", EXPORT_SHAPES)
def test_export_time_grows_linearly(shape: str) -> None:
    n, make = EXPORT_SHAPES[shape]
    small, large = make(n), make(10 * n)
    ratio = math.inf
    for _ in range(3):
        large_time = best_time(lambda: export(large), runs=2)
        ratio = min(ratio, large_time / best_time(lambda: export(small)))
        if ratio < GROWTH:
            break
    assert ratio < GROWTH, f"{shape}: ten times the size took {ratio:.0f} times as long"


# --- front-matter -----------------------------------------------------------------------


def problem_of(text: str, source: str | None = "d.mmd") -> Problem:
    with pytest.raises(JourneyMapError) as info:
        parse(text, source=source)
    assert len(info.value.problems) == 1
    return info.value.problems[0]


#: 323 bytes of aliases: nine to the power of eight copies of a 32-character string.
ALIAS_FLOOD = (
    '---\na: &a ["'
    + "x" * 32
    + '"]\n'
    + "".join(
        f"{c}: &{c} [{','.join([f'*{p}'] * 9)}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
)


def test_front_matter_aliases_are_bounded() -> None:
    text = ALIAS_FLOOD + "title: *i\n---\njourney\n  section S\n    T: 3\n"
    start = time.perf_counter()
    problem = problem_of(text)
    elapsed = time.perf_counter() - start
    assert problem.source == "d.mmd"
    assert problem.line is not None
    assert 2 <= problem.line <= 10
    assert "aliases" in problem.message
    assert problem.message.startswith("front-matter: ")
    big = best_time(lambda: parse(text), runs=2)
    # Refused once what the aliases add passes a bound: the same time for nine times more.
    nine_times = text.replace("title: *i", "j: &j [" + ",".join(["*i"] * 9) + "]\ntitle: *j")
    assert best_time(lambda: parse(nine_times), runs=2) < GROWTH * big
    assert elapsed < 60  # it would take minutes and gigabytes if expanded


@pytest.mark.parametrize(
    ("yaml_line", "message"),
    [
        ("title: " + "[" * 5000 + "]" * 5000, "nest more than 100 levels"),
        ("width: " + "9" * 5000, "5,000 digits"),
        ("title: !!int abc", "'abc' is not an integer"),
        ("title: !!float abc", "abc"),
        ("title: !!timestamp 2024-13-45", "timestamp"),
        ("title: !!python/object:os.system x", "python/object"),
        ("title: [unclosed", "YAML"),
    ],
)
def test_bad_front_matter_is_a_located_error(yaml_line: str, message: str) -> None:
    text = f"  ---\n  config:\n    journey: {{}}\n  {yaml_line}\n  ---\n  journey\n  section S\n"
    problem = problem_of(text)
    assert problem.source == "d.mmd"
    assert problem.line in (4, 5)  # the line, or the end for an unclosed bracket
    assert problem.column is not None
    assert problem.column >= 3  # with the indentation
    assert problem.message.startswith("front-matter: ")
    assert message in problem.message


def test_front_matter_errors_name_the_diagram_line_and_column() -> None:
    problem = problem_of("\n\n  ---\n  title: A\n  title: B\n  ---\n  journey\n")
    assert (problem.source, problem.line, problem.column) == ("d.mmd", 5, 3)
    assert "'title' appears twice" in problem.message
    unnamed = problem_of("---\ntitle: A\ntitle: B\n---\njourney\n", source=None)
    assert (unnamed.source, unnamed.line, unnamed.column) == (None, 3, 1)
    assert str(unnamed).startswith("line 3: front-matter: ")


# --- every problem is located -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "where"),
    [
        ("journey\n  section S\n    T\x01: 3: Me\n", 3, 5, "touchpoint 'T\\x01' > name"),
        ("journey\n  section S\n    #8203;: 3: Me\n", 3, 5, "> name"),
        ("journey\n  section S\n    #173;#8203;: 3: Me\n", 3, 5, "> name"),
        ("journey\n  section S\x01\n    T: 3: Me\n", 2, 3, "phase 'S\\x01' > name"),
        ("journey\n  section #8203;\n    T: 3: Me\n", 2, 3, "> name"),
        ("journey\n  section S\n    T: 3: Me,  Yo\x01u\n", 3, 16, "actor 'Yo\\x01u' > name"),
        ("journey\n  section S\n    T: 3: Yo\x01u\n  section R\n    U: 3: Yo\x01u\n", 3, 11, ""),
        ("journey\n  title T\x01\n", 2, 3, "title"),
        ('---\ntitle: "\\u200b\\u200b"\n---\njourney\n', 2, 1, "title"),
        ("journey\n  accTitle: A\x01\n", 2, 3, "title"),
        ("journey\n  title T\n  accDescr: A\x01\n", 3, 3, "description"),
        ("journey\n  title T\n  accDescr {\n    A\x01\n  }\n", 3, 3, "description"),
        ("journey\n  title T\n  accTitle: A\x01\n  accDescr: B\n", 3, 3, "description"),
        ("journey\n  T\x01: 3\n", 2, 3, "name"),
    ],
)
def test_validation_problems_name_the_diagram_line(
    text: str, line: int, column: int, where: str
) -> None:
    problem = problem_of(text)
    assert (problem.source, problem.line, problem.column) == ("d.mmd", line, column)
    assert where in problem.where
    assert str(problem).startswith(f"d.mmd:{line}:{column}: ")


def test_validation_problems_without_a_file_say_the_line() -> None:
    with pytest.raises(JourneyMapError) as info:
        parse("journey\n  section S\n    A\x01: 3\n    B: 3\n    C\x02: 3\n")
    assert [(p.line, p.column) for p in info.value.problems] == [(3, 5), (5, 5)]
    assert [str(p).split(",")[0] for p in info.value.problems] == ["line 3", "line 5"]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("", 1),
        ("\n   \n", 1),
        ("%% only a comment\n", 1),
        ("---\ntitle: T\n---\n", 1),
        ("\n\n  flowchart LR\n", 3),
        ("journey\n  section S\n    T: 3: Me\n    x" + "9" * 5000 + "\n", 4),
        ("journey\n  section S\n    T: " + "9" * 5000 + "\n", 3),
    ],
)
def test_every_import_error_is_located(text: str, line: int) -> None:
    with pytest.raises(JourneyMapError) as info:
        parse(text, strict=True, source="d.mmd")
    assert [(p.source, p.line) for p in info.value.problems] == [("d.mmd", line)]
    assert info.value.problems[0].column is not None


def test_a_numeric_entity_of_thousands_of_digits_is_no_character() -> None:
    m = parse("journey\n  section S\n    T #" + "9" * 5000 + "; #0000000065;: 3\n")
    assert m.touchpoints[0].name == "T \ufffd A"


def test_long_lines_are_cut_in_messages() -> None:
    problem = problem_of("journey\n  section S\n    " + "x" * 100_000 + "\n")
    assert problem.line == 3
    assert len(problem.message) < 300
    assert problem.message.endswith("…'")


def test_a_diagram_over_the_size_limit_is_refused_before_it_is_read() -> None:
    text = "journey\n" + "é" * (MAX_INPUT_BYTES // 2)  # within the limit in characters
    start = time.perf_counter()
    problem = problem_of(text)
    assert time.perf_counter() - start < best_time(lambda: parse(HEAD * 1000), runs=1) * 50
    assert (problem.source, problem.line, problem.column) == ("d.mmd", 1, 1)
    assert problem.message == (
        f"the diagram is {MAX_INPUT_BYTES + 8:,} bytes; allowed: at most "
        f"{MAX_INPUT_BYTES:,} bytes (64 MiB)"
    )


# --- warnings carry their location ------------------------------------------------------


def test_import_warnings_carry_source_line_and_column() -> None:
    text = "journey\n  section S\n    Tea: Hello: Me\n    Pay: 7:\n"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parse(text, source="day.mmd")
    found = [w.message for w in caught]
    assert all(isinstance(w, MermaidImportWarning) for w in found)
    assert [(w.source, w.line, w.column) for w in found] == [  # type: ignore[union-attr]
        ("day.mmd", 3, 5),
        ("day.mmd", 4, 5),
        ("day.mmd", 4, 5),
    ]
    assert str(found[0]) == (
        "day.mmd:3:5: warning: score 'Hello' of task 'Tea' is not a number; the touchpoint "
        "has no emotion: 'Tea: Hello: Me'"
    )
    assert all("\n" not in str(w) for w in found)
    # The same problems, raised under strict, are the warnings' problems.
    with pytest.raises(JourneyMapError) as info:
        parse(text, strict=True, source="day.mmd")
    assert list(info.value.problems) == [w.problem for w in found]  # type: ignore[union-attr]


def test_import_warnings_without_a_file_say_the_line() -> None:
    with pytest.warns(MermaidImportWarning) as record:
        parse("journey\n  section S\n    Tea: 5:\n")
    warning = record[0].message
    assert isinstance(warning, MermaidImportWarning)
    assert (warning.source, warning.line, warning.column) == (None, 3, 5)
    assert str(warning).startswith("line 3: warning: empty actor name in task 'Tea'")
    assert str(warning.with_source("tea.mmd")).startswith("tea.mmd:3:5: warning: empty actor")
    assert str(warning.problem).startswith("line 3: empty actor name")


def test_the_export_warning_names_what_was_dropped() -> None:
    m = parse("journey\n  section S\n    Tea: 5: Me\n")
    model = m.model_copy(update={"objective": "Drink tea"})
    with pytest.warns(MermaidExportWarning) as record:
        export(model)
    warning = record[0].message
    assert isinstance(warning, MermaidExportWarning)
    assert warning.dropped == ("objective",)
    assert (warning.source, warning.line, warning.column) == (None, None, None)
    assert str(warning) == (
        "warning: a Mermaid journey cannot hold these parts of the map; left out: objective"
    )
    named = warning.with_source("tea.yaml")
    assert isinstance(named, MermaidExportWarning)
    assert named.dropped == ("objective",)
    assert str(named).startswith("tea.yaml: warning: a Mermaid journey cannot hold")
    assert str(named.problem) == "tea.yaml: " + warning.detail
