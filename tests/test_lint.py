"""``journeymap lint``: every rule fires and stays quiet, the configuration, the command."""

from __future__ import annotations

import argparse
import json
import re
import runpy
from collections.abc import Callable
from pathlib import Path

import pytest

from journeymap import Journey, JourneyMap, JourneyMapError
from journeymap.lint import (
    DEFAULT_MIN_N,
    Finding,
    LintConfig,
    add_lint_command,
    lint,
    lint_file,
    run_lint,
    select_rules,
)
from journeymap.lint_rules import RULES, RULES_BY_CODE, SEVERITIES

from .conftest import ROOT
from .timing import GROWTH, growth_ratio

# --- small maps -------------------------------------------------------------------------


def _journey(**touchpoint: object) -> Journey:
    """One phase, one touchpoint that no rule objects to, with ``touchpoint`` changed."""
    fields: dict[str, object] = {
        "channel": "web",
        "emotion": 1,
        "evidence_level": "measured",
        **touchpoint,
    }
    return Journey("Checkout").phase("Buy").touchpoint("Pays", **fields)  # type: ignore[arg-type]


def _map(**touchpoint: object) -> JourneyMap:
    return _journey(**touchpoint).build()


def _codes(model: JourneyMap, **config: object) -> list[str]:
    return [f.code for f in lint(model, config=LintConfig(**config))]  # type: ignore[arg-type]


def _two_in_phase(first: str, second: str) -> JourneyMap:
    return (
        _journey()
        .touchpoint(first, channel="web", emotion=1, evidence_level="measured")
        .touchpoint(second, channel="web", emotion=1, evidence_level="measured")
        .build()
    )


def _assumed(**touchpoint: object) -> JourneyMap:
    return _map(evidence_level=None, **touchpoint)


def _with_curve(source: str, n: int | None) -> JourneyMap:
    return _journey().curve("Survey", [1], source=source, n=n).build()  # type: ignore[arg-type]


def _metric(**metric: object) -> JourneyMap:
    return _map(metrics=[metric])


def test_the_clean_map_has_no_finding() -> None:
    assert lint(_map()) == []


# (code, the map that breaks the rule, where the finding is in words)
FIRES: list[tuple[str, Callable[[], JourneyMap], str]] = [
    ("JM101", lambda: _journey().phase("Pay later").build(), "phase 'Pay later'"),
    (
        "JM102",
        lambda: _two_in_phase("Checks out", " checks  OUT"),
        "phase 'Buy' > touchpoint ' checks  OUT'",
    ),
    ("JM201", lambda: _map(channel=None), "phase 'Buy' > touchpoint 'Pays'"),
    ("JM202", lambda: _map(emotion=None), "phase 'Buy' > touchpoint 'Pays'"),
    (
        "JM203",
        lambda: _map(frontstage=["Fraud check"], backstage=["fraud  check"]),
        "phase 'Buy' > touchpoint 'Pays' > backstage #1",
    ),
    (
        "JM203",
        lambda: _map(evidence=["Invoice PDF"], backstage=["Ledger entry", "Invoice PDF"]),
        "phase 'Buy' > touchpoint 'Pays' > backstage #2",
    ),
    ("JM301", lambda: _assumed(), ""),
    (
        "JM301",
        lambda: (
            _journey(evidence_level="assumed", emotion=None)
            .curve("Team guess", [1], source="assumed")
            .build()
        ),
        "",
    ),
    (
        "JM302",
        lambda: _metric(kind="nps", value=20, n=DEFAULT_MIN_N - 1),
        "phase 'Buy' > touchpoint 'Pays' > metric 'nps'",
    ),
    ("JM302", lambda: _with_curve("measured", 12), "curve 'Survey'"),
    ("JM302", lambda: _with_curve("competitor", 5), "curve 'Survey'"),
    (
        "JM303",
        lambda: _metric(kind="csat", value=4.1),
        "phase 'Buy' > touchpoint 'Pays' > metric 'csat'",
    ),
    ("JM303", lambda: _with_curve("measured", None), "curve 'Survey'"),
    (
        "JM304",
        lambda: _metric(kind="ces", value=2.1, n=300, target=2),
        "phase 'Buy' > touchpoint 'Pays' > metric 'ces'",
    ),
    (
        "JM304",
        lambda: _metric(kind="custom", name="Queue", value=7, target=3),
        "phase 'Buy' > touchpoint 'Pays' > metric 'custom'",
    ),
    ("JM401", lambda: _map(emotion=-2), "phase 'Buy' > touchpoint 'Pays'"),
    ("JM401", lambda: _map(emotion=1, moment="critical"), "phase 'Buy' > touchpoint 'Pays'"),
    (  # a metric on the wrong side of its target makes the moment critical
        "JM401",
        lambda: _metric(kind="drop-off", value=38, target=20, n=5000),
        "phase 'Buy' > touchpoint 'Pays'",
    ),
    (  # so does a drop-off flow that loses a fifth of the customers
        "JM401",
        lambda: _journey().flow("pays", kind="drop-off", share=0.2).build(),
        "phase 'Buy' > touchpoint 'Pays'",
    ),
    ("JM402", lambda: _map(pain_points=["Hidden fees", "Slow"]), "phase 'Buy'"),
]

# (code, a near miss that the rule must accept)
QUIET: list[tuple[str, Callable[[], JourneyMap]]] = [
    ("JM101", lambda: _journey().phase("Pay later").touchpoint("Pays in 30 days").build()),
    ("JM102", lambda: _two_in_phase("Checks out", "Checks out again")),
    (  # the same name in another phase is another moment
        "JM102",
        lambda: _journey().phase("Return").touchpoint("Pays", channel="web").build(),
    ),
    ("JM201", lambda: _map(channel="store")),
    ("JM202", lambda: _map(emotion=0)),
    ("JM203", lambda: _map(frontstage=["Fraud check shown"], backstage=["Fraud check"])),
    (  # a backstage actor taking part is how a blueprint says who works behind the line
        "JM203",
        lambda: (
            Journey("Checkout")
            .actor("Warehouse", role="backstage")
            .phase("Buy")
            .touchpoint("Order confirmation", channel="email", emotion=1, actors=["warehouse"])
            .build()
        ),
    ),
    ("JM301", lambda: _map()),  # a touchpoint measured
    (  # the touchpoints are assumed, but a measured curve stands beside them
        "JM301",
        lambda: _journey(evidence_level=None).curve("Survey", [1], n=40).build(),
    ),
    ("JM301", lambda: _map(evidence_level=None, emotion=None)),  # no curve to call assumed
    ("JM302", lambda: _metric(kind="nps", value=20, n=DEFAULT_MIN_N)),
    ("JM302", lambda: _with_curve("future", 3)),  # a target curve, not answers
    ("JM303", lambda: _metric(kind="conversion", value=2.4)),  # analytics, not a survey
    ("JM303", lambda: _with_curve("future", None)),
    ("JM304", lambda: _metric(kind="ces", value=2.1, n=300, target=2, better="lower")),
    ("JM304", lambda: _metric(kind="time", value=90, target=120)),  # lower by its kind
    ("JM304", lambda: _metric(kind="ces", value=2.1, n=300)),  # no target to judge
    ("JM401", lambda: _map(emotion=-2, opportunities=["Show the total earlier"])),
    ("JM401", lambda: _map(emotion=-1)),  # negative, not critical
    ("JM401", lambda: _metric(kind="drop-off", value=12, target=20, n=5000)),  # on target
    ("JM401", lambda: _journey().flow("pays", kind="drop-off", share=0.19).build()),
    (
        "JM402",
        lambda: (
            _journey(pain_points=["Hidden fees"])
            .touchpoint("Gets a receipt", channel="email", emotion=1, opportunities="Itemise it")
            .build()
        ),
    ),
]


def test_every_rule_is_shown_firing_and_quiet() -> None:
    assert {code for code, _, _ in FIRES} == set(RULES_BY_CODE)
    assert {code for code, _ in QUIET} == set(RULES_BY_CODE)


@pytest.mark.parametrize(("code", "make", "where"), FIRES, ids=[c for c, _, _ in FIRES])
def test_rule_fires(code: str, make: Callable[[], JourneyMap], where: str) -> None:
    findings = [f for f in lint(make()) if f.code == code]
    assert [f.where for f in findings] == [where]
    (finding,) = findings
    assert finding.name == RULES_BY_CODE[code].name
    assert finding.severity == RULES_BY_CODE[code].severity


@pytest.mark.parametrize(("code", "make"), QUIET, ids=[c for c, _ in QUIET])
def test_rule_stays_quiet(code: str, make: Callable[[], JourneyMap]) -> None:
    assert code not in _codes(make())


def test_messages_fill_their_templates() -> None:
    (dup,) = lint(_two_in_phase("Checks out", "checks out"))
    assert dup.message == (
        "the name 'checks out' is already used by touchpoint #2 of this phase; give each "
        "moment its own name, or merge them"
    )
    assert dup.path == ("phases", 0, "touchpoints", 2, "name")
    (small,) = lint(_metric(kind="nps", value=20, n=8))
    assert small.message == (
        "n = 8 is below the minimum of 30: too few answers to rely on this NPS metric"
    )
    (gap,) = lint(_map(emotion=None))
    assert gap.message.endswith("say how the customer feels on the scale -2..2")
    (target,) = lint(_metric(kind="custom", name="Queue", value=7, n=50, target=2.5))
    assert target.message.startswith("target 2.5 but no direction: set better: higher")
    (pain,) = lint(_map(pain_points=["Hidden fees"]))
    assert pain.message.startswith("1 pain point and no opportunity in this phase")
    (visible,) = lint(_map(frontstage=["Fraud check"], backstage=["Fraud check"]))
    assert visible.message.startswith(
        "'Fraud check' is listed under backstage and under frontstage"
    )


def test_every_rule_of_a_map_comes_in_document_order() -> None:
    m = (
        Journey("Checkout")
        .phase("Browse")
        .touchpoint("Sees an ad", emotion=1)  # JM201
        .phase("Empty")  # JM101
        .phase("Buy")
        .touchpoint("Pays", channel="web", emotion=-2, pain_points="Fees")  # JM401
        .touchpoint("Pays", channel="web", metrics=[{"kind": "nps", "value": 3}])
        .curve("Survey", {"pays": 1}, n=4)
        .build()
    )
    assert [(f.code, f.where) for f in lint(m)] == [
        ("JM201", "phase 'Browse' > touchpoint 'Sees an ad'"),
        ("JM101", "phase 'Empty'"),
        ("JM402", "phase 'Buy'"),
        ("JM401", "phase 'Buy' > touchpoint 'Pays'"),
        ("JM102", "phase 'Buy' > touchpoint 'Pays'"),
        ("JM202", "phase 'Buy' > touchpoint 'Pays'"),
        ("JM303", "phase 'Buy' > touchpoint 'Pays' > metric 'nps'"),
        ("JM302", "curve 'Survey'"),
    ]


# --- the table ----------------------------------------------------------------------------


def test_the_rules_have_stable_well_formed_codes() -> None:
    codes = [rule.code for rule in RULES]
    assert codes == sorted(set(codes))
    assert codes == [
        "JM101",
        "JM102",
        "JM201",
        "JM202",
        "JM203",
        "JM301",
        "JM302",
        "JM303",
        "JM304",
        "JM401",
        "JM402",
    ]
    for rule in RULES:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name), rule.name
        assert rule.severity in SEVERITIES
        assert rule.summary.endswith(".")
        assert rule.rationale.endswith(".")
    assert len({rule.name for rule in RULES}) == len(RULES)


def test_the_docs_list_every_rule_as_the_table_says() -> None:
    script = runpy.run_path(str(ROOT / "scripts" / "gen_lint_docs.py"), run_name="lint_docs")
    page = ROOT / "docs" / "lint.md"
    current = page.read_text(encoding="utf-8")
    assert script["render_page"](current) == current, "docs/lint.md is stale: run the script"
    for rule in RULES:
        assert f"| `{rule.code}` | `{rule.name}` | {rule.severity} |" in current


def test_the_docs_show_what_the_command_prints(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (ROOT / "docs" / "lint.md").read_text(encoding="utf-8")
    shown = re.search(r"```console\n\$ (journeymap lint \S+)\n(.*?)```", text, re.DOTALL)
    assert shown is not None
    monkeypatch.chdir(ROOT)
    assert run_lint(shown[1].split()[2:]) == 0
    out, err = capsys.readouterr()
    assert out + err == shown[2]


# --- configuration ------------------------------------------------------------------------


def _noisy() -> JourneyMap:
    """JM201, JM202 and JM301 (assumed: the emotion of the second touchpoint)."""
    return (
        Journey("Checkout")
        .phase("Buy")
        .touchpoint("Pays", channel="web")
        .touchpoint("Gets a receipt", emotion=1)
        .build()
    )


def test_select_ignore_and_severity_choose_rules_by_code_prefix_or_name() -> None:
    assert _codes(_noisy()) == ["JM301", "JM202", "JM201"]
    assert _codes(_noisy(), select=("JM2",)) == ["JM202", "JM201"]
    assert _codes(_noisy(), select=("missing-channel", "JM301")) == ["JM301", "JM201"]
    assert _codes(_noisy(), ignore=("jm20",)) == ["JM301"]
    assert _codes(_noisy(), select=("JM2",), ignore=("JM202",)) == ["JM201"]
    assert _codes(_noisy(), severities={"JM3": "off"}) == ["JM202", "JM201"]
    graded = lint(_noisy(), config=LintConfig(severities={"missing-emotion": "error"}))
    assert [f.severity for f in graded] == ["warning", "error", "warning"]
    # A severity for a rule that is not selected does not bring it back.
    assert _codes(_noisy(), select=("JM201",), severities={"JM202": "error"}) == ["JM201"]


def test_critical_moments_say_why_and_follow_the_thresholds() -> None:
    from journeymap.analysis.critical import Thresholds

    m = _metric(kind="nps", value=21, target=30, n=1260)
    (finding,) = lint(m)
    assert finding.message == (
        "a critical moment (NPS +21, below target +30) without an opportunity: a hot spot "
        "where customers may be lost needs an idea to work on it"
    )
    assert _codes(m, thresholds=Thresholds(metric_targets=False)) == []
    dropping = _map(emotion=-1)
    assert _codes(dropping) == []
    assert _codes(dropping, thresholds=Thresholds(emotion_fraction=0.25)) == ["JM401"]


def test_min_n_is_configurable() -> None:
    m = _metric(kind="csat", value=4.2, n=12)
    assert _codes(m) == ["JM302"]
    assert _codes(m, min_n=12) == []
    assert _codes(m, min_n=13) == ["JM302"]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"select": ("JM9",)}, "'JM9' names no lint rule; allowed: a code"),
        ({"ignore": ("",)}, "'' names no lint rule"),
        ({"severities": {"JM201": "fatal"}}, "severity of JM201: 'fatal' is not allowed"),
        ({"min_n": 0}, "min_n: 0 is not allowed; allowed: an integer ≥ 1"),
        ({"min_n": True}, "min_n: True is not allowed"),
    ],
)
def test_a_bad_configuration_is_refused_when_made(config: dict[str, object], message: str) -> None:
    with pytest.raises(JourneyMapError, match=re.escape(message)):
        LintConfig(**config)  # type: ignore[arg-type]


def test_select_rules_names_every_rule_in_its_error() -> None:
    with pytest.raises(JourneyMapError) as caught:
        select_rules("missing-chanel")
    assert "JM201 (missing-channel)" in str(caught.value)


# --- findings -----------------------------------------------------------------------------


def test_a_finding_reads_as_one_located_line_and_as_json_data() -> None:
    finding = Finding(
        "JM201",
        "missing-channel",
        "warning",
        "no channel",
        ("phases", 0, "touchpoints", 0),
        "phase 'Buy' > touchpoint 'Pays'",
        "map.yaml",
        7,
        9,
    )
    assert (
        str(finding) == "map.yaml:7:9: JM201 warning: phase 'Buy' > touchpoint 'Pays': no channel"
    )
    assert finding.to_dict() == {
        "file": "map.yaml",
        "line": 7,
        "column": 9,
        "code": "JM201",
        "name": "missing-channel",
        "severity": "warning",
        "message": "no channel",
        "path": "phase 'Buy' > touchpoint 'Pays'",
    }
    whole = Finding("JM301", "assumed-curve", "warning", "assumed", source="map.py")
    assert str(whole) == "map.py: JM301 warning: assumed"


# --- files and the command ------------------------------------------------------------------

MAP_YAML = """\
title: Checkout
phases:
  - id: buy
    name: Buy
    touchpoints:
      - id: pays
        name: Pays
        emotion: 1
        evidence_level: measured
        metrics:
          - kind: nps
            value: 12
            n: 9
  - id: later
    name: Later
"""


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_findings_in_a_yaml_file_are_located(tmp_path: Path) -> None:
    path = _write(tmp_path, "map.yaml", MAP_YAML)
    findings = lint_file(path)
    assert [(f.code, f.line, f.column) for f in findings] == [
        ("JM201", 6, 9),  # the missing channel: where the touchpoint starts
        ("JM302", 13, 16),  # the n itself
        ("JM101", 14, 5),
    ]
    assert all(f.source == path for f in findings)


def test_findings_in_a_json_file_are_located(tmp_path: Path) -> None:
    data = {
        "title": "Checkout",
        "phases": [{"id": "buy", "name": "Buy", "touchpoints": [{"id": "p", "name": "Pays"}]}],
    }
    path = _write(tmp_path, "map.json", json.dumps(data, indent=1))
    # Lines: 1 {, 2 title, 3 phases, 4 {, 5 id, 6 name, 7 touchpoints, 8 the touchpoint's
    # '{' after four spaces.
    assert [(f.code, f.line, f.column) for f in lint_file(path)] == [
        ("JM201", 8, 5),
        ("JM202", 8, 5),
    ]


def test_findings_in_python_and_mermaid_maps_are_named_by_path(tmp_path: Path) -> None:
    py = _write(
        tmp_path,
        "map.py",
        "from journeymap import Journey\n"
        "journey = Journey('T').phase('Buy').touchpoint('Pays', emotion=1)\n",
    )
    mmd = _write(tmp_path, "map.mmd", "journey\n  section Buy\n    Pays: 1: Me\n")
    assert [str(f) for f in lint_file(py, config=LintConfig(select=("JM201",)))] == [
        f"{py}: JM201 warning: phase 'Buy' > touchpoint 'Pays': " + RULES_BY_CODE["JM201"].message
    ]
    assert [(f.code, f.line) for f in lint_file(mmd)] == [
        ("JM301", None),
        ("JM201", None),
        ("JM401", None),  # 1 is the lowest score of a 1..5 scale: critical
    ]


def test_the_command_prints_one_line_per_finding_and_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "map.yaml", MAP_YAML)
    assert run_lint([path]) == 0  # warnings do not fail by default
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{path}:6:9: JM201 warning: phase 'Buy' > touchpoint 'Pays': "
        + RULES_BY_CODE["JM201"].message,
        f"{path}:13:16: JM302 warning: phase 'Buy' > touchpoint 'Pays' > metric 'nps': "
        "n = 9 is below the minimum of 30: too few answers to rely on this NPS metric",
        f"{path}:14:5: JM101 warning: phase 'Later': " + RULES_BY_CODE["JM101"].message,
    ]
    assert err == "0 errors, 3 warnings, 0 info in 1 file\n"


def test_the_command_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "map.yaml", MAP_YAML)
    assert run_lint([path, "--format", "json", "-q"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert err == ""
    assert isinstance(data, list)
    assert len(data) == 3
    for item in data:
        assert list(item) == [
            "file",
            "line",
            "column",
            "code",
            "name",
            "severity",
            "message",
            "path",
        ]
        assert item["file"] == path
        assert isinstance(item["line"], int)
        assert isinstance(item["column"], int)
        assert item["severity"] in SEVERITIES
    assert data[1] == {
        "file": path,
        "line": 13,
        "column": 16,
        "code": "JM302",
        "name": "small-sample",
        "severity": "warning",
        "message": "n = 9 is below the minimum of 30: too few answers to rely on this NPS metric",
        "path": "phase 'Buy' > touchpoint 'Pays' > metric 'nps'",
    }


def test_json_with_no_finding_is_an_empty_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "map.yaml", "title: Nothing yet\n")
    assert run_lint(["-f", "json", path]) == 0
    out, err = capsys.readouterr()
    assert out == "[]\n"
    assert err == "0 errors, 0 warnings, 0 info in 1 file\n"


@pytest.mark.parametrize(
    ("flags", "status", "codes"),
    [
        ([], 0, ["JM201", "JM302", "JM101"]),
        (["--fail-on", "warning"], 1, ["JM201", "JM302", "JM101"]),
        (["--fail-on", "info", "--select", "JM1"], 1, ["JM101"]),
        (["--severity", "JM302=error"], 1, ["JM201", "JM302", "JM101"]),
        (["--severity", "small-sample=off"], 0, ["JM201", "JM101"]),
        (["--severity", "JM3=info", "--fail-on", "warning", "--ignore", "JM1,JM2"], 0, ["JM302"]),
        (["--ignore", "JM201", "--ignore", "JM101"], 0, ["JM302"]),
        (["--select", "JM2", "--select", "JM3"], 0, ["JM201", "JM302"]),
        (["--min-n", "9"], 0, ["JM201", "JM101"]),
        (["--min-n", "10", "--fail-on", "warning", "--select", "JM302"], 1, ["JM302"]),
    ],
)
def test_exit_status_follows_the_severity(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    flags: list[str],
    status: int,
    codes: list[str],
) -> None:
    path = _write(tmp_path, "map.yaml", MAP_YAML)
    assert run_lint([path, "-q", "-f", "json", *flags]) == status
    assert [item["code"] for item in json.loads(capsys.readouterr().out)] == codes


def test_an_error_finding_fails_and_is_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = MAP_YAML.replace(
        "emotion: 1", "emotion: 1\n        frontstage: [Card form]\n        backstage: [Card form]"
    )
    path = _write(tmp_path, "map.yaml", text)
    assert run_lint([path, "--select", "JM203"]) == 1
    out, err = capsys.readouterr()
    assert out == (
        f"{path}:10:21: JM203 error: phase 'Buy' > touchpoint 'Pays' > backstage #1: "
        "'Card form' is listed under backstage and under frontstage: an internal process the "
        "customer sees; keep it on one side of the line of visibility\n"
    )
    assert err == "1 error, 0 warnings, 0 info in 1 file\n"


@pytest.mark.parametrize(
    "flags",
    [
        ["--select", "JM999"],
        ["--ignore", ","],
        ["--severity", "JM201"],
        ["--severity", "JM201=fatal"],
        ["--severity", "nothing=error"],
        ["--min-n", "0"],
        ["--min-n", "many"],
        ["--format", "xml"],
        ["--fail-on", "never"],
    ],
)
def test_usage_errors_exit_with_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flags: list[str]
) -> None:
    path = _write(tmp_path, "map.yaml", MAP_YAML)
    assert run_lint([path, *flags]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "usage: journeymap lint" in err


def test_unreadable_and_invalid_files_exit_with_2_after_linting_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _write(tmp_path, "good.yaml", MAP_YAML)
    bad = _write(tmp_path, "bad.yaml", "title: Bad\nphases:\n  - {id: a, name: A, colour: red}\n")
    missing = str(tmp_path / "missing.yaml")
    assert run_lint([bad, good, missing, "--select", "JM101"]) == 2
    out, err = capsys.readouterr()
    assert (
        out
        == f"{good}:14:5: JM101 warning: phase 'Later': " + RULES_BY_CODE["JM101"].message + "\n"
    )
    lines = err.splitlines()
    assert lines[0].startswith(f"journeymap: error: {bad}:3:30: phase 'A' > colour: unknown field")
    assert lines[1].startswith("journeymap: error: ")
    assert "missing.yaml" in lines[1]
    assert lines[2] == "0 errors, 1 warning, 0 info in 3 files; 2 files could not be linted"


def test_import_warnings_are_shown_but_are_not_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "map.mmd", "journey\n  section Buy\n    Pays: 5: Me,\n")
    assert run_lint([path, "--select", "JM101", "-q"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"{path}:3:5: warning: empty actor name in task 'Pays' (a trailing ':' or ','); "
        "dropped: 'Pays: 5: Me,'\n"
    )


QUIRKY_MMD = "journey\n  section Buy\n    Pays: 5: Me,\n"
WARNING_PY = (
    "import warnings\n"
    "from journeymap import Journey\n"
    "\n"
    "journey = Journey('T').phase('Buy')\n"
    "\n"
    "warnings.warn('my own warning')\n"
)


def test_warnings_of_a_python_map_point_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "warn.py", WARNING_PY)
    assert run_lint([path, "--select", "JM101", "-q"]) == 0
    out, err = capsys.readouterr()
    assert out == f"{path}: JM101 warning: phase 'Buy': " + RULES_BY_CODE["JM101"].message + "\n"
    assert err == f"{path}:6: warning: my own warning\n"


def test_strict_turns_an_import_warning_into_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quirky = _write(tmp_path, "map.mmd", QUIRKY_MMD)
    good = _write(tmp_path, "map.yaml", MAP_YAML)
    assert run_lint(["--strict", quirky, good, "--select", "JM101"]) == 2
    out, err = capsys.readouterr()
    # The quirky file is refused like an invalid map; the other file is still linted.
    assert out == (
        f"{good}:14:5: JM101 warning: phase 'Later': " + RULES_BY_CODE["JM101"].message + "\n"
    )
    assert err.splitlines() == [
        f"journeymap: error: {quirky}:3:5: empty actor name in task 'Pays' (a trailing ':' or "
        "','); dropped: 'Pays: 5: Me,' (a warning, an error with --strict)",
        "0 errors, 1 warning, 0 info in 2 files; 1 file could not be linted",
    ]


def test_strict_turns_a_python_maps_warning_into_an_error_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "warn.py", WARNING_PY)
    assert run_lint([path, "--strict", "-q", "-f", "json"]) == 2
    out, err = capsys.readouterr()
    assert json.loads(out) == []
    assert err == (
        f"journeymap: error: {path}:6: my own warning (a warning, an error with --strict)\n"
    )


def test_strict_changes_nothing_for_a_map_without_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "map.yaml", MAP_YAML)
    assert run_lint([path, "--strict", "--select", "JM101", "-q"]) == 0
    out, err = capsys.readouterr()
    assert out == (
        f"{path}:14:5: JM101 warning: phase 'Later': " + RULES_BY_CODE["JM101"].message + "\n"
    )
    assert err == ""


def test_a_python_map_that_prints_does_not_mix_into_the_output(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = _write(
        tmp_path,
        "map.py",
        "from journeymap import Journey\nprint('hello')\njourney = Journey('T').phase('Buy')\n",
    )
    assert run_lint([path, "-f", "json", "-q"]) == 0
    out, err = capfd.readouterr()
    assert json.loads(out)[0]["code"] == "JM101"
    assert "hello" in err


def test_the_command_plugs_into_any_parser(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser(prog="tool")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("other")
    lint_parser = add_lint_command(commands, epilog="EPILOG")
    assert lint_parser.prog == "tool lint"
    assert lint_parser.epilog == "EPILOG"
    path = _write(tmp_path, "map.yaml", MAP_YAML)
    args = parser.parse_args(["lint", path, "--fail-on", "warning", "--select", "JM101"])
    assert args.run(args) == 1
    assert "JM101 warning" in capsys.readouterr().out


def test_help_lists_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_lint(["--help"]) == 0
    text = capsys.readouterr().out
    flags = ("--format", "--select", "--ignore", "--severity", "--min-n", "--fail-on", "--strict")
    for flag in flags:
        assert flag in text


# --- every example ---------------------------------------------------------------------------

EXAMPLES = ROOT / "examples"
INPUTS = ROOT / "tests" / "golden" / "inputs"

# Written by hand from reading each map (see the comments), not from the linter's output.
EXPECTED: dict[Path, list[str]] = {
    # Buy: 'Adds to cart' converts 62 % against a target of 70 %; Receive: 'Tracks the
    # parcel' has a pain point and neither touchpoint an opportunity; After the purchase:
    # 'Recommends the shop' has an NPS of 21 against 30. The critical moments 'Creates an
    # account' and 'Sees shipping costs' have opportunities.
    EXAMPLES / "online_checkout.yaml": ["JM401", "JM402", "JM401"],
    EXAMPLES / "online_checkout.py": ["JM401", "JM402", "JM401"],
    # Fidelización: one pain point, no opportunity in the phase; 'Seguimiento posventa'
    # has an NPS of 34 against 40 and no opportunity ('Emails' and 'Facturación', also
    # critical, have one).
    EXAMPLES / "oficina_tecnica.py": ["JM402", "JM401"],
    # Discover: conversion 8.5 % against 10 %; Checkout: two pain points and no
    # opportunity, 'Creates an account' drops two levels, 'Sees shipping costs' is at -2,
    # 'Pays' takes 95 s against 60 s; 'Recommends the shop': NPS 18 against 30. None of
    # these critical moments has an opportunity.
    EXAMPLES / "competitor" / "ours.yaml": ["JM401", "JM402", "JM401", "JM401", "JM401", "JM401"],
    # The same journey with its survey applied: 'Adds to cart' still converts 62 % against
    # 70 %; Receive's pain point still has no opportunity; 'Asks about returns' has 18 CES
    # answers; the survey puts the NPS of 'Recommends the shop' at +16.7 against 30.
    EXAMPLES / "surveys" / "checkout_assumed.yaml": ["JM401", "JM402", "JM302", "JM401"],
    # Nothing measured; no target, no drop of two levels, a drop-off share of 0.18.
    EXAMPLES / "competitor" / "theirs.yaml": ["JM301"],
    # Nothing measured; the critical moment 'Llega a la tienda' has an opportunity.
    EXAMPLES / "blueprint_telefono.py": ["JM301"],
    # Nothing measured; 'Pays' drops from 2 to 0 after 'Picks up the phone'.
    EXAMPLES / "planned_vs_actual" / "planned.yaml": ["JM301", "JM401"],
    # Nothing measured; 'Calls the shop' drops from 1 to -1; 'Drops off the phone' waits
    # 25 min against 10; Collect has a pain point and no opportunity; 'Picks up the phone'
    # is at -2.
    EXAMPLES / "planned_vs_actual" / "actual.yaml": ["JM301", "JM401", "JM401", "JM402", "JM401"],
    # Order: a pain point without opportunity; four critical moments (three at -2, one
    # marked) without one; the measured curve has n = 12.
    INPUTS / "all_critical.yaml": ["JM402", "JM401", "JM401", "JM401", "JM401", "JM302"],
    # The empty phase; the explicit critical moment; no channel nor emotion on the second
    # touchpoint; no channel on the third.
    INPUTS / "edge_cases.yaml": ["JM101", "JM401", "JM201", "JM202", "JM201"],
    INPUTS / "no_emotions.yaml": ["JM202", "JM202", "JM202"],
    INPUTS / "one_touchpoint.yaml": ["JM301"],
    INPUTS / "title_only.yaml": [],
}


def test_every_example_is_listed() -> None:
    maps = {*EXAMPLES.rglob("*.yaml"), *EXAMPLES.rglob("*.json"), *EXAMPLES.rglob("*.py")}
    themes = set((EXAMPLES / "themes").rglob("*"))
    found = {*(maps - themes), *INPUTS.glob("*.yaml")}
    assert found == set(EXPECTED)


@pytest.mark.parametrize("path", sorted(EXPECTED), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_lint_on_every_example(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_lint([str(path), "-f", "json", "-q"]) == 0  # no example has an error
    data = json.loads(capsys.readouterr().out)
    assert [item["code"] for item in data] == EXPECTED[path]
    if path.suffix == ".yaml":
        assert all(isinstance(item["line"], int) for item in data)


def test_lint_on_every_mermaid_diagram_of_the_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    diagrams = sorted((ROOT / "tests" / "corpus" / "mermaid").glob("*.mmd"))
    assert len(diagrams) > 20
    status = run_lint([*map(str, diagrams), "-f", "json", "-q"])
    data = json.loads(capsys.readouterr().out)
    assert status == 0
    assert {item["code"] for item in data} <= {"JM101", "JM201", "JM202", "JM301", "JM401"}
    assert {item["file"] for item in data} <= set(map(str, diagrams))
    # Mermaid's own example, by hand: the scores are assumed, no task has a channel,
    # 'Go upstairs' drops two levels (5 to 3) and 'Do work' (score 1, the bottom of 1..5)
    # is critical.
    working_day = [item for item in data if item["file"] == str(diagrams[0])]
    assert diagrams[0].name == "01_docs-my-working-day.mmd"
    assert [(item["code"], item["path"]) for item in working_day] == [
        ("JM301", ""),
        ("JM201", "phase 'Go to work' > touchpoint 'Make tea'"),
        ("JM201", "phase 'Go to work' > touchpoint 'Go upstairs'"),
        ("JM401", "phase 'Go to work' > touchpoint 'Go upstairs'"),
        ("JM201", "phase 'Go to work' > touchpoint 'Do work'"),
        ("JM401", "phase 'Go to work' > touchpoint 'Do work'"),
        ("JM201", "phase 'Go home' > touchpoint 'Go downstairs'"),
        ("JM201", "phase 'Go home' > touchpoint 'Sit down'"),
    ]


# --- size -----------------------------------------------------------------------------------


def _big(touchpoints: int) -> JourneyMap:
    """Phases of ten touchpoints without channels, one critical and one with a pain point."""
    phases = [
        {
            "id": f"p{p}",
            "name": f"Phase {p}",
            "touchpoints": [
                {
                    "id": f"t{p}-{t}",
                    "name": f"Step {t}",
                    "emotion": -2 if t == 3 else 1,
                    "pain_points": ["Slow"] if t == 5 else [],
                }
                for t in range(10)
            ],
        }
        for p in range(touchpoints // 10)
    ]
    return JourneyMap.model_validate({"title": "Big", "phases": phases})


def test_lint_time_grows_linearly_with_the_map() -> None:
    small, large = _big(500), _big(5000)
    for model in (small, large):
        # JM201 per touchpoint, JM401 and JM402 per phase, JM301 once.
        assert len(lint(model)) == len(model.touchpoints) + 2 * len(model.phases) + 1
    ratio = growth_ratio(lambda: lint(small), lambda: lint(large))
    assert ratio < GROWTH, f"10x the touchpoints took {ratio:.1f}x as long to lint"


# --- surveys ----------------------------------------------------------------------------------

SURVEYED_YAML = """\
title: Checkout
surveys: [answers.csv]
phases:
  - id: buy
    name: Buy
    touchpoints:
      - {id: pays, name: Pays, channel: web, emotion: 1}
"""
ANSWERS = "touchpoint,kind,value\npays,csat,4\npays,csat,5\npays,csat,3\n"


def test_the_survey_files_a_map_names_are_applied_before_linting(tmp_path: Path) -> None:
    path = _write(tmp_path, "map.yaml", SURVEYED_YAML)
    _write(tmp_path, "answers.csv", ANSWERS)
    # Without the answers the curve would be only assumed (JM301); with them it is
    # measured, from three answers: the CSAT metric and the curve are both too small.
    assert [(f.code, f.where) for f in lint_file(path)] == [
        ("JM302", "phase 'Buy' > touchpoint 'Pays' > metric 'csat'"),
        ("JM302", "curve 'Measured (CSAT)'"),
    ]
    assert [f.code for f in lint_file(path, config=LintConfig(min_n=3))] == []


def test_survey_option_pools_answers_with_the_maps_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "map.yaml", SURVEYED_YAML)
    _write(tmp_path, "answers.csv", ANSWERS)
    more = _write(tmp_path, "more.csv", "touchpoint,kind,value\n" + "pays,csat,4\n" * 27)
    assert run_lint([path, "-q", "-f", "json", "--survey", more]) == 0
    assert json.loads(capsys.readouterr().out) == []  # 3 + 27 answers: n = 30
    bare = _write(tmp_path, "bare.yaml", SURVEYED_YAML.replace("surveys: [answers.csv]\n", ""))
    assert run_lint([bare, "-q", "-f", "json", "--survey", more]) == 0
    assert [item["code"] for item in json.loads(capsys.readouterr().out)] == ["JM302", "JM302"]


def test_a_bad_survey_file_exits_with_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "map.yaml", SURVEYED_YAML)
    _write(tmp_path, "answers.csv", "touchpoint,kind,value\nrefund,csat,4\n")
    assert run_lint([path, "-q"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    # Located at the file as it can be opened from here, as validate and render do.
    assert err.startswith(
        f"journeymap: error: {tmp_path / 'answers.csv'}:2: column 'touchpoint': touchpoint"
    )


def test_a_missing_survey_file_is_named_with_the_map(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "map.yaml", SURVEYED_YAML)  # names answers.csv, not written
    assert run_lint([path, "-q"]) == 2
    assert f"{path}: surveys: 'answers.csv': cannot read " in capsys.readouterr().err


@pytest.mark.parametrize(
    ("flags", "hint"),
    [
        (["--ignore", "missing-chanel"], "did you mean 'missing-channel'? allowed: a code"),
        (
            ["--severity", "JM401=eror"],
            "one of error, warning, info, off; did you mean JM401=error?",
        ),
    ],
)
def test_a_mistyped_rule_or_level_gets_the_nearest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flags: list[str], hint: str
) -> None:
    path = _write(tmp_path, "map.yaml", "title: T\nphases: []\n")
    assert run_lint([path, *flags]) == 2
    assert hint in capsys.readouterr().err
