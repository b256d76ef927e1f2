"""The templates ship in the wheel built from the sdist, and editable installs find them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import journeymap
from journeymap import Journey, render
from journeymap.resources import templates_dir

from .conftest import ROOT

TEMPLATES = sorted(p.name for p in (ROOT / "templates").glob("*.j2"))


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the sdist, then the wheel from that sdist, as `python -m build` does."""
    out = tmp_path_factory.mktemp("dist")
    source = tmp_path_factory.mktemp("src") / "journeymap"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".venv", ".git", "build", "dist", "*cache*", ".hypothesis"),
    )
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    return out


@pytest.mark.slow
def test_sdist_contains_the_templates(dist: Path) -> None:
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    for name in TEMPLATES:
        assert f"journeymap-{journeymap.__version__}/templates/{name}" in names


@pytest.mark.slow
def test_wheel_from_sdist_contains_templates_and_renders(dist: Path, tmp_path: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    for name in TEMPLATES:
        assert f"journeymap/templates/{name}" in names
    assert "journeymap/py.typed" in names

    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import journeymap, journeymap.resources as r\n"
        "from journeymap import Journey, render\n"
        "print(journeymap.__file__)\nprint(r.templates_dir())\n"
        "print(render(Journey('Wheel').phase('P').touchpoint('T', emotion=1), 'markdown'))"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=tmp_path,
    )
    module_file, templates, markdown = result.stdout.split("\n", 2)
    assert Path(module_file).is_relative_to(target)
    assert Path(templates) == target / "journeymap" / "templates"
    expected = render(Journey("Wheel").phase("P").touchpoint("T", emotion=1), "markdown")
    assert markdown == expected + "\n"


def test_editable_install_uses_the_repository_templates() -> None:
    package = Path(journeymap.__file__).resolve().parent
    assert package == ROOT / "src" / "journeymap"
    assert not (package / "templates").exists()
    assert templates_dir() == ROOT / "templates"
    assert render(Journey("Editable"), "markdown").startswith("# Editable\n")
