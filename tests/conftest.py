"""Shared fixtures and hooks: golden files, the repository's paths, required tools.

Tests marked ``needs_dot`` run Graphviz's ``dot``; tests marked ``needs_browser`` run
headless Chromium. When the tool is missing they are skipped, with the reason, on a
user's machine. Under ``JOURNEYMAP_REQUIRE_ALL=1`` (set by ``.ci/run``) a missing tool is
an error instead, and a session in which any test was skipped fails.
"""

from __future__ import annotations

import difflib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .browser import browser_missing

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"


#: Set to 1 in CI: every test must run; a missing tool or any skip fails the session.
REQUIRE_ALL = "JOURNEYMAP_REQUIRE_ALL"


def _required() -> bool:
    return os.environ.get(REQUIRE_ALL, "") not in ("", "0")


def _dot_missing() -> str | None:
    if shutil.which("dot") is None:
        return (
            "Graphviz's dot program is not on PATH: the README's test command (make test) "
            "installs it, or install the graphviz package of your system"
        )
    return None


_NEEDS: dict[str, Callable[[], str | None]] = {
    "needs_dot": _dot_missing,
    "needs_browser": browser_missing,
}


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a test whose tool is missing, or fail it when every test is required."""
    for marker, missing in _NEEDS.items():
        if item.get_closest_marker(marker) is None:
            continue
        reason = missing()
        if reason is None:
            continue
        if _required():
            pytest.fail(f"{reason} ({REQUIRE_ALL}=1: it is required)", pytrace=False)
        pytest.skip(reason)


_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append(report.nodeid)


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under JOURNEYMAP_REQUIRE_ALL=1, a session that skipped any test fails."""
    if _required() and _skipped and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _required() and _skipped:
        terminalreporter.section(f"{REQUIRE_ALL}=1: skipped tests fail the run", red=True)
        for nodeid in _skipped:
            terminalreporter.line(f"skipped: {nodeid}")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/golden/ from the current output",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/golden/<name>, or rewrite it with --update-golden."""
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="\n")
            return
        if not path.exists():
            pytest.fail(f"golden file {path} is missing; run `make golden` and review it")
        expected = path.read_text(encoding="utf-8")
        if actual != expected:
            diff = "".join(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    actual.splitlines(keepends=True),
                    fromfile=f"golden/{name}",
                    tofile="actual",
                )
            )
            pytest.fail(f"output differs from golden/{name}:\n{diff}", pytrace=False)

    return check


@pytest.fixture(autouse=True, scope="session")
def _render_cache_outside_the_repository(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    """Docs integrations cache drawings under the working directory: never the checkout."""
    folder = tmp_path_factory.mktemp("journeymap-cache")
    previous = os.environ.get("JOURNEYMAP_CACHE_DIR")
    os.environ["JOURNEYMAP_CACHE_DIR"] = str(folder)
    yield
    if previous is None:
        os.environ.pop("JOURNEYMAP_CACHE_DIR", None)
    else:
        os.environ["JOURNEYMAP_CACHE_DIR"] = previous
