"""The command line: render, validate, schema; errors and atomic output."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from journeymap import load, render
from journeymap.cli import main

from .conftest import ROOT

GOOD_YAML = """\
title: Good map
phases:
  - id: buy
    name: Buy
    touchpoints:
      - {id: pay, name: Pay, channel: web, emotion: 1}
"""

BAD_YAML = """\
title: Bad map
phases:
  - id: buy
    name: Buy
    touchpoints:
      - id: pay
        name: Pay
        emotion: 9
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    good = tmp_path / "good.yaml"
    good.write_text(GOOD_YAML, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_YAML, encoding="utf-8")
    return {"good": good, "bad": bad}


def test_render_writes_one_file_per_input_and_format(
    tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["render", str(files["good"]), "-f", "markdown", "-f", "json", "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["good.json", "good.md"]
    model = load(files["good"])
    assert (out / "good.md").read_text(encoding="utf-8") == render(model, "markdown")
    assert (out / "good.json").read_text(encoding="utf-8") == render(model, "json")
    assert capsys.readouterr().out.splitlines() == [str(out / "good.md"), str(out / "good.json")]


def test_render_defaults_to_markdown(tmp_path: Path, files: dict[str, Path]) -> None:
    assert main(["render", str(files["good"]), "-o", str(tmp_path / "o"), "-q"]) == 0
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["good.md"]


def test_render_to_stdout(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(files["good"]), "-o", "-"]) == 0
    assert capsys.readouterr().out == render(load(files["good"]), "markdown")


def test_render_with_locale(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(files["good"]), "-o", "-", "--locale", "es"]) == 0
    assert "## Recorrido" in capsys.readouterr().out


def test_a_bad_input_is_reported_in_one_line_and_the_others_render(
    tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    status = main(["render", str(files["good"]), str(files["bad"]), "-o", str(out), "-j", "1"])
    assert status == 1
    assert (out / "good.md").read_text(encoding="utf-8") == render(load(files["good"]), "markdown")
    assert not (out / "bad.md").exists()
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [str(out / "good.md")]
    error, summary = captured.err.splitlines()
    assert error == (
        f"journeymap: error: {files['bad']}:8:18: phase 'Buy' > touchpoint 'Pay' > emotion: "
        "9 is outside the map's scale; allowed: a number from -2 to 2"
    )
    assert re.fullmatch(r"rendered 1, unchanged 0, failed 1 in \d+\.\d s", summary)


def test_a_bad_input_alone_writes_nothing_and_reports_one_line(
    tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["render", str(files["bad"]), "-o", str(out)]) == 1
    assert not out.exists()
    (error,) = capsys.readouterr().err.splitlines()
    assert error.startswith(f"journeymap: error: {files['bad']}:8:18: ")


def test_colliding_outputs_are_refused_before_writing(
    tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "sub"
    other.mkdir()
    twin = other / "good.yaml"
    twin.write_text(GOOD_YAML, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["render", str(files["good"]), str(twin), "-o", str(out)]) == 1
    assert not out.exists()
    assert "would both write" in capsys.readouterr().err


def test_unknown_format_exits_1(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(files["good"]), "-f", "pdf", "-o", "-"]) == 1
    assert (
        "unknown format 'pdf'; allowed: blueprint, dot, json, markdown, mermaid, svg, yaml; "
        "did you mean '-f svg --image pdf'?" in capsys.readouterr().err
    )


def test_missing_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(tmp_path / "nope.yaml"), "-o", str(tmp_path)]) == 1
    assert "nope.yaml" in capsys.readouterr().err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render"]) == 2
    assert "the following arguments are required: FILE" in capsys.readouterr().err


def test_validate_reports_each_file(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(files["good"]), str(files["bad"])]) == 1
    captured = capsys.readouterr()
    assert captured.out == f"{files['good']}: ok (1 phase, 1 touchpoint)\n"
    assert f"{files['bad']}:8:18:" in captured.err


def test_validate_ok_exits_0(files: dict[str, Path]) -> None:
    assert main(["validate", "-q", str(files["good"])]) == 0


def test_python_file_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "mine.py"
    script.write_text(
        textwrap.dedent(
            """
            from journeymap import Journey
            journey = Journey("From Python").phase("P").touchpoint("T", emotion=2)
            if __name__ == "__main__":
                raise SystemExit("the main block must not run")
            """
        ),
        encoding="utf-8",
    )
    assert main(["render", str(script), "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("# From Python\n")


def test_python_file_without_journey(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "empty.py"
    script.write_text("x = 1\n", encoding="utf-8")
    assert main(["validate", str(script)]) == 1
    assert "define a variable named 'journey'" in capsys.readouterr().err


def test_python_file_with_invalid_journey_names_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "bad.py"
    script.write_text(
        'from journeymap import Journey\nJourney("J").touchpoint("Orphan")\n', encoding="utf-8"
    )
    assert main(["validate", str(script)]) == 1
    err = capsys.readouterr().err
    assert f"{script}:2: touchpoint 'Orphan': touchpoint() was called before any phase()" in err


def test_schema_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["required"] == ["title"]
    target = tmp_path / "schema.json"
    assert main(["schema", "-o", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8")) == schema


def test_console_script_and_module_entry_point(files: dict[str, Path]) -> None:
    script = Path(sys.executable).parent / "journeymap"
    for command in ([str(script)], [sys.executable, "-m", "journeymap"]):
        result = subprocess.run(
            [*command, "validate", str(files["good"])], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"{files['good']}: ok (1 phase, 1 touchpoint)\n"
        bad = subprocess.run(
            [*command, "validate", str(files["bad"])], capture_output=True, text=True, check=False
        )
        assert bad.returncode == 1
        assert "bad.yaml:8:18:" in bad.stderr


def test_examples_render_from_the_command_line(tmp_path: Path) -> None:
    examples = sorted(str(p) for p in (ROOT / "examples").glob("*.py"))
    assert main(["render", *examples, "-o", str(tmp_path), "-q"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".journeymap-cache.json", *(Path(p).stem + ".md" for p in examples)]
    )


MERMAID = """\
journey
    title My day
    section Morning
      Make tea: 5: Me
      Commute: 2: Me, Bus driver
"""


def test_convert_turns_a_mermaid_journey_into_editable_yaml(tmp_path: Path) -> None:
    source = tmp_path / "day.mmd"
    source.write_text(MERMAID, encoding="utf-8")
    target = tmp_path / "day.yaml"
    assert main(["convert", str(source), "-o", str(target)]) == 0
    converted = load(target)
    assert converted == load(source)
    assert [tp.name for tp in converted.touchpoints] == ["Make tea", "Commute"]
    assert [a.name for a in converted.actors] == ["Bus driver", "Me"]


def test_render_takes_a_mermaid_journey(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "day.mmd"
    source.write_text(MERMAID, encoding="utf-8")
    assert main(["render", str(source), "-f", "svg", "-o", "-"]) == 0
    assert "Commute" in capsys.readouterr().out


def test_convert_to_an_unknown_suffix_writes_nothing(
    tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "map.docx"
    assert main(["convert", str(files["good"]), "-o", str(target)]) == 1
    assert not target.exists()
    assert "no renderer writes '.docx' files" in capsys.readouterr().err


QUIRKY_MERMAID = """\
journey
    title My day
    section Morning
      Make tea: 7: Me
"""


def test_import_warnings_are_located_one_line_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "day.mmd"
    source.write_text(QUIRKY_MERMAID, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["render", str(source), "-o", str(out), "-q"]) == 0
    assert (out / "day.md").exists()
    err = capsys.readouterr().err
    (line,) = err.splitlines()
    assert line.startswith(f"{source}:4:7: warning: score ")
    assert "'Make tea' is outside Mermaid's 1..5" in line
    assert "MermaidImportWarning" not in err
    assert "warnings.warn" not in err


def test_strict_turns_warnings_into_errors_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "day.mmd"
    source.write_text(QUIRKY_MERMAID, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["render", str(source), "-o", str(out), "--strict"]) == 1
    assert not out.exists()
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"journeymap: error: {source}:4:7: score ")
    assert "'Make tea' is outside Mermaid's 1..5" in line
    assert line.endswith(" (a warning, an error with --strict)")
    assert main(["render", str(source), "-o", "-", "--strict"]) == 1
    assert capsys.readouterr().out == ""
    assert main(["validate", "--strict", str(source)]) == 1
    assert main(["convert", "--strict", str(source), "-o", str(tmp_path / "day.yaml")]) == 1
    assert not (tmp_path / "day.yaml").exists()


def test_export_warnings_name_the_input(
    tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(files["good"]), "-f", "mermaid", "-o", "-"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("journey\n")
    (line,) = captured.err.splitlines()
    assert line.startswith(f"{files['good']}: warning: a Mermaid journey cannot hold ")
    assert "channel" in line


def test_warnings_of_a_python_map_point_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "warns.py"
    script.write_text(
        "import warnings\n"
        "from journeymap import Journey\n"
        "journey = Journey('J').phase('P').touchpoint('T')\n"
        "warnings.warn('check the survey dates')\n",
        encoding="utf-8",
    )
    assert main(["validate", "-q", str(script)]) == 0
    assert capsys.readouterr().err.splitlines() == [f"{script}:4: warning: check the survey dates"]
    assert main(["validate", "-q", "--strict", str(script)]) == 1


def test_import_warnings_inside_a_python_map_point_at_the_parse_call(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "imports.py"
    script.write_text(
        "from journeymap.interop.mermaid import parse\n"
        "\n"
        "journey = parse('journey\\n  section S\\n    Task: 9: Me')\n",
        encoding="utf-8",
    )
    assert main(["validate", "-q", str(script)]) == 0
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"{script}:3: warning: line 3, column 5: score ")


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["render", "X", "-f", "markdwon", "-o", "-"], "did you mean 'markdown'?"),
        (["render", "X", "-f", "md", "-o", "-"], "did you mean 'markdown'?"),
        (["render", "X", "-f", "yml", "-o", "-"], "did you mean 'yaml'?"),
        (["render", "X", "-f", "png", "-o", "-"], "did you mean '-f svg --image png'?"),
    ],
)
def test_unknown_format_suggests_the_nearest(
    files: dict[str, Path], argv: list[str], hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [str(files["good"]) if a == "X" else a for a in argv]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "unknown format" in err
    assert hint in err


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["rendr", "map.yaml"], "did you mean 'render'?"),
        (["validte", "map.yaml"], "did you mean 'validate'?"),
        (["render", "map.yaml", "--stirct"], "did you mean '--strict'?"),
        (["render", "map.yaml", "--image", "pgn", "-f", "dot"], "did you mean 'png'?"),
    ],
)
def test_usage_typos_suggest_the_nearest(
    argv: list[str], hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert hint in capsys.readouterr().err


def test_theme_show_refuses_an_unknown_theme(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["theme", "show", "neon"]) == 1
    assert capsys.readouterr().err == (
        "journeymap: error: unknown theme 'neon'; allowed: default, dark, print, auto\n"
    )


def test_theme_needs_an_action(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["theme", "shwo"]) == 2
    assert "did you mean 'show'?" in capsys.readouterr().err


def test_lint_is_a_command(capsys: pytest.CaptureFixture[str]) -> None:
    example = str(ROOT / "examples" / "online_checkout.yaml")
    assert main(["lint", example]) == 0  # warnings only
    assert main(["lint", example, "--fail-on", "warning"]) == 1
    out = capsys.readouterr().out
    assert "examples/online_checkout.yaml:69:5: JM401 warning:" in out.replace("\\", "/")


@pytest.mark.parametrize("command", ["render", "validate", "lint", "convert"])
def test_a_mistyped_map_name_gets_the_nearest_map_of_its_folder(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "checkout.yaml").write_text("title: T\nphases: []\n", encoding="utf-8")
    argv = [command, "maps/chekout.yaml", *(["-o", "x.json"] if command == "convert" else [])]
    assert main(argv) != 0
    assert (
        "journeymap: error: maps/chekout.yaml: no such file; did you mean 'maps/checkout.yaml'?"
        in capsys.readouterr().err
    )
