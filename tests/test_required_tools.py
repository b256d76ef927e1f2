"""The ``needs_dot`` and ``needs_browser`` markers, and CI's rule that nothing is skipped.

Each case runs pytest in a subprocess on a tiny test file with tests/conftest.py loaded
as a plugin, with ``dot`` or Chromium made unavailable, with and without
``JOURNEYMAP_REQUIRE_ALL=1``. ``dot`` is a stand-in on a PATH of its own; Chromium is
hidden by naming a binary that does not exist, and is the real one when a case needs it
present (those cases are marked ``needs_browser`` themselves).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

_INI = """[pytest]
markers =
    needs_dot: runs dot
    needs_browser: runs Chromium
"""

_TESTS = """
import pytest

@pytest.mark.needs_dot
def test_uses_dot():
    pass

@pytest.mark.needs_browser
def test_uses_chromium():
    pass

def test_plain():
    pass

@pytest.mark.skipif("{skip}" == "yes", reason="skipped on purpose")
def test_maybe_skipped():
    pass
"""


def _run(
    tmp_path: Path, *, require: bool, dot: bool, browser: bool, skip: bool = False
) -> subprocess.CompletedProcess[str]:
    (tmp_path / "pytest.ini").write_text(_INI, encoding="utf-8")
    (tmp_path / "test_tiny.py").write_text(
        _TESTS.replace("{skip}", "yes" if skip else "no"), encoding="utf-8"
    )
    env = {k: v for k, v in os.environ.items() if k != "JOURNEYMAP_REQUIRE_ALL"}
    if require:
        env["JOURNEYMAP_REQUIRE_ALL"] = "1"
    # PATH holds a stand-in for dot, or nothing at all.
    programs = tmp_path / "programs"
    programs.mkdir(exist_ok=True)
    if dot:
        fake = programs / "dot"
        fake.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
        fake.chmod(0o755)
    env["PATH"] = str(programs)
    if not browser:
        env["JOURNEYMAP_CHROMIUM"] = str(tmp_path / "no-chromium")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.conftest",
            "-p",
            "no:cacheprovider",
            "-c",
            str(tmp_path / "pytest.ini"),
            "--rootdir",
            str(tmp_path),
            "-rA",
            str(tmp_path / "test_tiny.py"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_missing_tools_skip_with_their_reasons_on_a_users_machine(tmp_path: Path) -> None:
    result = _run(tmp_path, require=False, dot=False, browser=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SKIPPED" in result.stdout
    assert "Graphviz's dot program is not on PATH" in result.stdout
    assert "no-chromium is missing" in result.stdout
    assert "2 passed, 2 skipped" in result.stdout, result.stdout


def test_missing_tools_fail_when_every_test_is_required(tmp_path: Path) -> None:
    result = _run(tmp_path, require=True, dot=False, browser=False)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Graphviz's dot program is not on PATH" in result.stdout
    assert "no-chromium is missing" in result.stdout
    # Each error's report says why; the short summary may repeat it, depending on the
    # terminal's width, so only the lower bound is fixed.
    assert result.stdout.count("(JOURNEYMAP_REQUIRE_ALL=1: it is required)") >= 2
    assert "ERROR at setup of test_uses_dot" in result.stdout, result.stdout
    assert "ERROR at setup of test_uses_chromium" in result.stdout, result.stdout
    assert "2 passed, 2 errors" in result.stdout, result.stdout


@pytest.mark.needs_browser
def test_any_skip_fails_the_session_when_every_test_is_required(tmp_path: Path) -> None:
    result = _run(tmp_path, require=True, dot=True, browser=True, skip=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "JOURNEYMAP_REQUIRE_ALL=1: skipped tests fail the run" in result.stdout
    assert "skipped: test_tiny.py::test_maybe_skipped" in result.stdout
    assert "3 passed, 1 skipped" in result.stdout, result.stdout


@pytest.mark.needs_browser
def test_nothing_missing_nothing_skipped_passes_when_required(tmp_path: Path) -> None:
    result = _run(tmp_path, require=True, dot=True, browser=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout, result.stdout
