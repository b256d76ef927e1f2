"""Tests of the Mermaid ``journey`` importer against a corpus of real diagrams.

Every corpus file is parsed and compared with ``expected_parse.json`` (what Mermaid's own
grammar makes of it, after dedent and trim as ``mermaid.run()`` does). Where journeymap's
documented policy differs from Mermaid, the table below names the policy and gives, by
hand, what journeymap returns instead; the test also checks that Mermaid's value really
is different, so that no override hides a silent agreement.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from typing import Any

import pytest

import journeymap
from journeymap import JourneyMapError
from journeymap.interop.mermaid import MermaidImportWarning, parse
from journeymap.model import JourneyMap

from .conftest import ROOT

# Real third-party diagrams, copied into the repository with their provenance
# (tests/corpus/mermaid/SOURCES.md) and licences (LICENSES.md).
CORPUS = ROOT / "tests" / "corpus" / "mermaid"
EXPECTED: dict[str, Any] = json.loads((CORPUS / "expected_parse.json").read_text("utf-8"))
FILES = sorted(p.name for p in CORPUS.glob("*.mmd"))

# Policies (see the module docstring of journeymap.interop.mermaid):
TITLE_FALLBACK = "no title: the accTitle, else 'Journey', is the map's title"
TRIM = "names are stripped of surrounding whitespace"
ENTITIES = "entity codes are decoded to characters"
BR = "<br> variants become newlines"
EMPTY_ACTOR = "the empty actor of 'Task: 5:' is dropped"
NAN = "a non-numeric score leaves the touchpoint without an emotion"
WIDEN = "scores outside 1..5 are kept and the scale widened"
LOOSE = "tasks before any section go into a phase named after the title"


@dataclass(frozen=True)
class Case:
    """What journeymap gives where its policy differs from Mermaid's parse."""

    policies: tuple[str, ...] = ()
    title: str | None = None
    sections: list[str] | None = None
    tasks: dict[int, dict[str, Any]] = field(default_factory=dict)
    actors: list[str] | None = None
    scale: str = "1..5"
    #: TRIM applied to every task name (column-aligned sources pad names before ' : ')
    trimmed_task_names: bool = False
    warn_lines: tuple[int, ...] = ()


TABLE: dict[str, Case] = {
    "01_docs-my-working-day.mmd": Case(),
    "02_docs-accessibility-acctitle-accdescr.mmd": Case(),
    "03_demo-frontmatter-title-acc.mmd": Case(),
    "04_platform-go-shopping-blank-lines.mmd": Case(),
    "05_parser-title-only.mmd": Case(),
    "06_parser-accdescr-single-line.mmd": Case(warn_lines=(4,)),  # empty section
    "07_parser-accdescr-multiline-block.mmd": Case(warn_lines=(7,)),  # empty section
    "08_parser-acctitle-no-title.mmd": Case(
        policies=(TITLE_FALLBACK,), title="The title", warn_lines=(3,)
    ),
    "09_parser-section-br-variants.mmd": Case(
        policies=(BR,), sections=["Line1\nLine2\nLine3\nLine4\nLine5"], warn_lines=(3,)
    ),
    "10_parser-task-actor-variants.mmd": Case(
        policies=(EMPTY_ACTOR,),
        tasks={4: {"people": []}, 5: {"people": []}, 6: {"people": []}, 7: {"people": []}},
        actors=["Alice", "Bob", "Charlie"],
        warn_lines=(8, 10, 11, 12),
    ),
    "11_cypress-frontmatter-maxlabelwidth-trailing-colon.mmd": Case(
        policies=(EMPTY_ACTOR,),
        tasks={0: {"people": []}, 1: {"people": []}, 2: {"people": []}},
        actors=[],
        warn_lines=(10, 11, 12),
    ),
    "12_cypress-webhook-long-legend-repeated-section.mmd": Case(
        policies=(TRIM,),
        tasks={
            1: {"task": "register slug"},
            3: {"task": "set Darkoob slug as hook for an Event"},
            4: {"task": "listen to the events"},
            5: {"task": "call darkoob endpoint"},
            6: {"task": "check for inputs"},
            7: {"task": "run the prebuilt job"},
        },
        warn_lines=(11,),  # repeated section 'Darkoob'
    ),
    "13_cypress-long-word-actor-hyphenation.mmd": Case(),
    "14_cypress-long-actor-labels.mmd": Case(),
    "15_cypress-title-styling-frontmatter-stray-line.mmd": Case(
        policies=(NAN,), tasks={6: {"score": None}}, warn_lines=(21,)
    ),
    "16_theme-init-directive-acc.mmd": Case(),
    "17_pr6263-non-integer-score.mmd": Case(
        policies=(TITLE_FALLBACK, NAN),
        title="simple journey demo",
        tasks={0: {"score": None}},
        warn_lines=(7,),
    ),
    "18_pr6263-negative-score.mmd": Case(
        policies=(TITLE_FALLBACK, WIDEN), title="Journey", scale="-10..5", warn_lines=(4,)
    ),
    "19_pr6263-score-above-5.mmd": Case(
        policies=(TITLE_FALLBACK, WIDEN), title="Journey", scale="1..23", warn_lines=(4,)
    ),
    "20_langium-empty-journey-whitespace.mmd": Case(policies=(TITLE_FALLBACK,), title="Journey"),
    "21_langium-inline-title-and-acc.mmd": Case(),
    "22_langium-inline-accdescr-block.mmd": Case(policies=(TITLE_FALLBACK,), title="Journey"),
    "23_langium-task-no-section-inline-comment.mmd": Case(
        policies=(TITLE_FALLBACK, LOOSE),
        title="Journey",
        sections=["Journey"],
        tasks={0: {"section": "Journey"}},
        warn_lines=(2,),  # '%%' after the score is kept as text, as Mermaid does
    ),
    "24_langium-tasks-no-actors.mmd": Case(policies=(TITLE_FALLBACK,), title="Journey"),
    "33_kdense-multi-persona-emoji-sections.mmd": Case(policies=(TRIM,), trimmed_task_names=True),
    "34_kdense-login-experience-emoji.mmd": Case(policies=(TRIM,), trimmed_task_names=True),
    "38_pr6508-healthcare-preop-journey.mmd": Case(),
    "39_pr7110-title-hash-and-colon.mmd": Case(policies=(TRIM,), title="Book"),
    "40_pr7110-title-html-entities.mmd": Case(
        policies=(ENTITIES,), title="Text with <brackets> and symbols"
    ),
}


def read(name: str) -> str:
    return (CORPUS / name).read_bytes().decode("utf-8")


def parse_quietly(name: str) -> tuple[JourneyMap, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = parse(read(name), source=name)
    messages = [str(w.message) for w in caught if issubclass(w.category, MermaidImportWarning)]
    return result, messages


def mermaid_view(m: JourneyMap) -> dict[str, Any]:
    """The map seen the way expected_parse.json describes a diagram."""
    names = {a.id: a.name for a in m.actors}
    return {
        "title": m.title,
        "sections": [p.name for p in m.phases],
        "tasks": [
            {
                "section": phase.name,
                "task": tp.name,
                "score": tp.emotion,
                "people": [names[a] for a in tp.actors],
            }
            for phase, tp in m.iter_touchpoints()
        ],
        "actors": [a.name for a in m.actors],
    }


def test_table_covers_every_corpus_file() -> None:
    assert sorted(TABLE) == FILES
    assert set(FILES) == set(EXPECTED) - {"_about"}
    assert len(FILES) == 29


@pytest.mark.parametrize("name", FILES)
def test_corpus_matches_mermaid_except_documented_policy(name: str) -> None:
    expected = EXPECTED[name]
    case = TABLE[name]
    assert "error" not in expected  # every corpus file parses in Mermaid (after dedent+trim)
    got = mermaid_view(parse_quietly(name)[0])

    if case.title is None:
        assert got["title"] == expected["title"]
    else:
        assert case.policies, "an override needs a policy"
        assert expected["title"] != case.title
        assert got["title"] == case.title

    if case.sections is None:
        assert got["sections"] == expected["sections"]
    else:
        assert expected["sections"] != case.sections
        assert got["sections"] == case.sections

    want_tasks = []
    for index, task in enumerate(expected["tasks"]):
        changes = case.tasks.get(index, {})
        if case.trimmed_task_names and task["task"] != task["task"].strip():
            assert TRIM in case.policies
            changes = {**changes, "task": task["task"].strip()}
        for key, value in changes.items():
            assert task[key] != value, f"task {index}: {key} is not a difference"
        want_tasks.append({**task, **changes})
    assert got["tasks"] == want_tasks
    assert not case.trimmed_task_names or want_tasks != expected["tasks"]

    if case.actors is None:
        assert got["actors"] == expected["actors"]
    else:
        assert expected["actors"] != case.actors
        assert got["actors"] == case.actors


@pytest.mark.parametrize("name", FILES)
def test_corpus_description_scale_and_warning_lines(name: str) -> None:
    expected = EXPECTED[name]
    case = TABLE[name]
    m, messages = parse_quietly(name)
    parts = [p for p in (expected["accTitle"], expected["accDescr"]) if p and p != m.title]
    assert m.description == ("\n\n".join(parts) or None)
    assert m.scale.describe() == case.scale
    assert [int(msg.split(":")[1]) for msg in messages] == list(case.warn_lines)


@pytest.mark.parametrize("name", FILES)
def test_corpus_strict(name: str) -> None:
    case = TABLE[name]
    if not case.warn_lines:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            parse(read(name), strict=True)
        return
    with pytest.raises(JourneyMapError) as info:
        parse(read(name), strict=True, source=name)
    assert [p.line for p in info.value.problems] == list(case.warn_lines)
    lines = read(name).replace("\r\n", "\n").split("\n")
    for problem in info.value.problems:
        assert problem.line is not None
        assert problem.column is not None
        assert repr(lines[problem.line - 1].strip()) in problem.message


@pytest.mark.parametrize("name", FILES)
def test_corpus_validates_and_renders(name: str) -> None:
    m, _ = parse_quietly(name)
    assert JourneyMap.model_validate(m.model_dump(mode="json")) == m
    for renderer in ("svg", "markdown", "dot"):
        assert journeymap.render(m, renderer)


def test_policies_are_each_exercised() -> None:
    used = {p for case in TABLE.values() for p in case.policies}
    assert used == {TITLE_FALLBACK, TRIM, ENTITIES, BR, EMPTY_ACTOR, NAN, WIDEN, LOOSE}


# --- hand-written cases -------------------------------------------------------------------


def test_widened_scale_to_ten_points_keeps_scores() -> None:
    text = "journey\n  title T\n  section S\n    Not yet: 0: Me\n    Great: 9: Me\n"
    with pytest.warns(MermaidImportWarning) as record:
        m = parse(text)
    messages = [str(w.message) for w in record]
    assert [msg.split(": score")[0] for msg in messages] == [
        "line 4: warning",
        "line 5: warning",
    ]
    assert "widened to 0..10" in messages[0]
    assert m.scale.describe() == "0..10"
    assert [tp.emotion for tp in m.touchpoints] == [0, 9]


def test_non_numeric_score_warns_and_strict_fails() -> None:
    text = "journey\nsection S\n  Make tea: Hello: Me\n"
    with pytest.warns(MermaidImportWarning, match=r"^line 3: warning: .*'Hello'"):
        m = parse(text)
    assert m.touchpoints[0].emotion is None
    assert m.touchpoints[0].actors == ("me",)
    with pytest.raises(JourneyMapError) as info:
        parse(text, strict=True, source="tea.mmd")
    problem = info.value.problems[0]
    assert (problem.source, problem.line, problem.column) == ("tea.mmd", 3, 3)
    assert "'Make tea: Hello: Me'" in problem.message
    assert str(info.value).startswith("tea.mmd:3:3: ")


def test_empty_actor_dropped_with_warning() -> None:
    with pytest.warns(MermaidImportWarning, match=r"^line 3: warning: empty actor"):
        m = parse("journey\nsection S\nSign up: 5:\n")
    assert m.touchpoints[0].actors == ()
    assert m.actors == ()


def test_repeated_section_stays_separate_with_unique_ids() -> None:
    text = "journey\nsection A\nx: 3: me\nsection B\ny: 3: me\nsection A\nz: 3: me\n"
    with pytest.warns(MermaidImportWarning, match=r"^line 6: warning: section 'A' was used before"):
        m = parse(text)
    assert [(p.id, p.name) for p in m.phases] == [("a", "A"), ("b", "B"), ("a-2", "A")]


def test_contiguous_repeat_is_also_separate_but_not_warned_twice() -> None:
    text = "journey\nsection A\nx: 3: me\nsection A\ny: 3: me\n"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m = parse(text)
    assert [p.id for p in m.phases] == ["a", "a-2"]


def test_crlf_and_cr_line_ends() -> None:
    lf = "journey\n  title My day\n  section Work\n    Make tea: 5: Me\n    Do work: 1: Me, Cat\n"
    assert parse(lf.replace("\n", "\r\n")) == parse(lf)
    assert parse(lf.replace("\n", "\r")) == parse(lf)
    with pytest.raises(JourneyMapError) as info:
        parse("journey\r\n  section S\r\n    Pay 5\r\n")
    assert (info.value.problems[0].line, info.value.problems[0].column) == (3, 5)


def test_front_matter_directive_comments_and_entities() -> None:
    text = (
        "  ---\n  title: From front-matter\n  config:\n    journey:\n      maxLabelWidth: 9\n"
        "  ---\n  %%{init: {'theme': 'dark'}}%%\n  journey\n  %% a comment\n"
        "  section Pay #35;1 # a comment\n    Check #lt;total#gt;: 4: Me #9829;\n"
    )
    m = parse(text)
    assert m.title == "From front-matter"
    assert m.phases[0].name == "Pay #1"
    assert m.touchpoints[0].name == "Check <total>"
    assert [a.name for a in m.actors] == ["Me ♥"]
    once = parse("journey\nsection #35;lt#59;\nt: 3\n")  # entity codes are decoded once
    assert once.phases[0].name == "#lt;"


def test_title_line_overrides_front_matter_and_acc_goes_to_description() -> None:
    text = "---\ntitle: FM\n---\njourney\naccTitle: A11y\naccDescr {\n  two\n  lines\n}\ntitle T\n"
    m = parse(text)
    assert m.title == "T"
    assert m.description == "A11y\n\ntwo\nlines"


def test_errors_have_line_column_and_quote() -> None:
    with pytest.raises(JourneyMapError) as info:
        parse("journey\n  title X\n  section S: bad\n", source="d.mmd")
    problem = info.value.problems[0]
    assert (problem.line, problem.column) == (3, 12)
    assert "'section S: bad'" in problem.message
    with pytest.raises(JourneyMapError) as info:
        parse("flowchart LR\n  a --> b\n")
    assert info.value.problems[0].line == 1
    assert "journey" in str(info.value)


def test_dedent_keeps_original_columns() -> None:
    with pytest.raises(JourneyMapError) as info:
        parse("\n    journey\n      section S\n        Pay now\n")
    problem = info.value.problems[0]
    assert (problem.line, problem.column) == (4, 9)
    assert "'Pay now'" in problem.message


def test_front_matter_titles_keep_what_was_typed() -> None:
    def title(value: str) -> str:
        return parse(f"---\ntitle: {value}\n---\njourney\n").title

    typed = ("true", "no", "on", "1.5", "1.10", "012", "0x1F", "2024-01-02")
    assert [title(v) for v in typed] == [
        "true",
        "no",
        "on",
        "1.5",
        "1.10",
        "012",
        "0x1F",
        "2024-01-02",
    ]
