"""Python map files: located errors, no exit, and nothing printed into the output."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from journeymap import Journey, render
from journeymap.cli import main

GOOD = """\
from journeymap import Journey
journey = Journey("From Python").phase("P").touchpoint("T", emotion=2)
"""


def _script(tmp_path: Path, name: str, body: str) -> Path:
    script = tmp_path / name
    script.write_text(textwrap.dedent(body), encoding="utf-8")
    return script


def _errors(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return capsys.readouterr().err.splitlines()


def test_an_exception_names_the_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = _script(
        tmp_path,
        "e7_pyerr.py",
        """\
        from journeymap import Journey

        journey = Journey("J").phase("P")


        journey.touchpoint(x)
        """,
    )
    assert main(["validate", str(script)]) == 1
    assert _errors(capsys) == [f"journeymap: error: {script}:6: NameError: name 'x' is not defined"]


def test_the_line_is_the_deepest_one_in_the_users_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = _script(
        tmp_path,
        "deep.py",
        """\
        import json

        def helper():
            return json.loads("{oops")

        helper()
        """,
    )
    assert main(["validate", str(script)]) == 1
    (line,) = _errors(capsys)
    assert line.startswith(f"journeymap: error: {script}:4: JSONDecodeError: Expecting")
    assert "json/decoder.py" not in line


def test_a_builder_error_gets_the_line_of_the_users_call(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = _script(
        tmp_path,
        "builder.py",
        """\
        from journeymap import Journey

        journey = Journey("J").phase("P")
        journey.touchpoint("Fine", emotion=1)
        journey.touchpoint("Too happy", emotion=7)
        """,
    )
    assert main(["validate", str(script)]) == 1
    (line,) = _errors(capsys)
    assert line.startswith(f"journeymap: error: {script}:5: phase 'P' > touchpoint 'Too happy'")


def test_a_syntax_error_names_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = _script(tmp_path, "syntax.py", "journey = 1\nx = (1,\ny = ]\n")
    assert main(["validate", str(script)]) == 1
    (line,) = _errors(capsys)
    assert line.startswith(f"journeymap: error: {script}:3:5: SyntaxError: ")


@pytest.mark.parametrize(
    ("call", "shown"),
    [("sys.exit(0)", "sys.exit(0)"), ("raise SystemExit('bye')", "sys.exit('bye')")],
)
def test_exiting_is_an_error_naming_the_line(
    tmp_path: Path, call: str, shown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    script = _script(tmp_path, "quits.py", f"import sys\n{GOOD}{call}\n")
    out = tmp_path / "out"
    assert main(["render", str(script), "-o", str(out)]) == 1
    assert not out.exists()
    assert _errors(capsys) == [
        f"journeymap: error: {script}:4: the map exits ({shown}) while it is being run, so "
        "nothing was rendered; a map file must define 'journey' and end normally (put "
        'code that exits under `if __name__ == "__main__":`)'
    ]


def test_printing_goes_to_standard_error_not_into_the_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = _script(tmp_path, "chatty.py", f"{GOOD}print('debugging the map')\n")
    assert main(["render", str(script), "-o", "-"]) == 0
    captured = capsys.readouterr()
    assert captured.out == render(_expected(script), "markdown")
    assert "debugging the map" in captured.err


def _expected(script: Path) -> Journey:
    """The journey GOOD defines, built here without the command line."""
    namespace: dict[str, object] = {}
    exec(compile(GOOD, str(script), "exec"), namespace)
    journey = namespace["journey"]
    assert isinstance(journey, Journey)
    return journey


def test_output_of_child_processes_stays_out_of_standard_output(tmp_path: Path) -> None:
    """Even bytes written straight to file descriptor 1 go to standard error."""
    script = tmp_path / "noisy.py"
    script.write_text(
        "import os, subprocess, sys\n"
        + GOOD
        + 'os.write(1, b"raw bytes on fd 1\\n")\n'
        + "subprocess.run([sys.executable, '-c', 'print(\"from a child\")'], check=True)\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "journeymap", "render", str(script), "-o", "-"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == render(_expected(script), "markdown")
    assert "raw bytes on fd 1" in result.stderr
    assert "from a child" in result.stderr


def test_keyboard_interrupt_is_not_swallowed(tmp_path: Path) -> None:
    script = _script(tmp_path, "interrupted.py", "raise KeyboardInterrupt\n")
    with pytest.raises(KeyboardInterrupt):
        main(["validate", str(script)])


def test_help_says_python_maps_are_trusted_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert ".py maps are code: they run with your permissions" in text


def test_a_hard_exit_is_an_error_too_and_the_process_goes_on(tmp_path: Path) -> None:
    # In a child process: were os._exit not caught, it would end the test run itself.
    import os

    script = _script(tmp_path, "quits.py", f"import os\n{GOOD}os._exit(0)\n")
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "journeymap", "render", str(script), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert f"{script}:4: the map exits (os._exit(0)) while it is being run" in result.stderr
    assert not out.exists()
    real = os._exit
    assert main(["validate", str(script)]) == 1  # in this process: it goes on
    assert os._exit is real  # and os._exit is itself again


def test_a_journey_variable_of_another_type_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = _script(tmp_path, "wrong.py", f"{GOOD}other = journey\njourney = 42\n")
    assert main(["validate", str(script)]) == 1
    assert _errors(capsys) == [
        f"journeymap: error: {script}: journey: holds an int; allowed: a Journey builder or "
        "a JourneyMap"
    ]


def test_a_relative_path_a_map_loads_says_where_it_was_looked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "inner.yaml").write_text("title: Inner\nphases: []\n", encoding="utf-8")
    script = _script(
        tmp_path / "maps",
        "outer.py",
        'import journeymap\njourney = journeymap.load("inner.yaml")\n',
    )
    monkeypatch.chdir(tmp_path)
    assert main(["validate", str(script)]) == 1
    (line,) = _errors(capsys)
    assert line.startswith(f"journeymap: error: {script}:2: FileNotFoundError: ")
    assert line.endswith(
        f"(a relative path starts from the working folder, {tmp_path}; the file beside the "
        "map is Path(__file__).parent / 'inner.yaml')"
    )
    monkeypatch.chdir(tmp_path / "maps")  # from the map's own folder it is found
    assert main(["validate", "outer.py"]) == 0


def test_a_problem_of_a_map_a_python_map_loads_says_where_it_was_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.yaml").write_text("title: T\nphases: 3\n", encoding="utf-8")
    _script(tmp_path, "chain.py", 'import journeymap\n\njourney = journeymap.load("bad.yaml")\n')
    assert main(["validate", "chain.py"]) == 1
    assert _errors(capsys) == [
        "journeymap: error: bad.yaml:2:9: phases: expected a list; got 3 (int) (read at chain.py:3)"
    ]
