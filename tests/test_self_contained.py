"""The repository tests itself: nothing in it reads a folder outside the checkout."""

from __future__ import annotations

import subprocess

import pytest

from .conftest import ROOT

# Spelled in two pieces so that this file does not match itself.
SHARED = "shared"
OUTSIDE = ("../" + SHARED, f'"{SHARED}" /', f"'{SHARED}' /")


def _tracked_text_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return [name for name in listed.split("\0") if name]


def test_no_tracked_file_refers_to_a_folder_beside_the_repository() -> None:
    files = _tracked_text_files()
    assert "tests/corpus/mermaid/expected_parse.json" in files
    offenders = []
    for name in files:
        try:
            text = (ROOT / name).read_text("utf-8")
        except (UnicodeDecodeError, FileNotFoundError):
            continue
        offenders += [f"{name}: {needle}" for needle in OUTSIDE if needle in text]
    assert offenders == []


@pytest.mark.parametrize("name", ["SOURCES.md", "LICENSES.md", "expected_parse.json"])
def test_the_copied_corpus_keeps_its_provenance(name: str) -> None:
    assert (ROOT / "tests" / "corpus" / "mermaid" / name).stat().st_size > 500
