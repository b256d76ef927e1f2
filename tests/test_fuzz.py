"""Fuzz targets: one per loader, one per renderer, and the replay of every saved case.

Loaders (``load-yaml``, ``load-json``, ``load-mermaid``) get mutated bytes seeded from
``examples/``, ``tests/golden/inputs/`` and ``tests/corpus/mermaid/``, and (YAML and
JSON) mutated structures built from a small map: flipped bits, hostile fragments and
syntax inserted, ranges cut and repeated, values replaced by deep nests, huge numbers or
tags. Each input is read from a file with ``load`` and as text with ``loads``.
Renderers (``render-<format>``, one per registered renderer) get maps full of hostile
text and numbers.

A clean result or :class:`JourneyMapError` is fine; anything else fails, and the input
that failed (the one hypothesis shrank it to) is saved as
``tests/fuzz/<target>/<sha256 prefix>.<suffix>``. Every saved case is replayed on every
run by :func:`test_saved_case`, so a fixed bug stays fixed.

The budget is small in the suite; ``make fuzz`` (``JOURNEYMAP_FUZZ=long``) runs each
target with 100 times as many examples.
"""

from __future__ import annotations

import copy
import hashlib
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap import JourneyMapError, renderers
from journeymap.io import load, loads

from .conftest import ROOT
from .hostile import (
    FIELD_KINDS,
    HOSTILE_FRAGMENTS,
    NUMBER_KINDS,
    base_map,
    budget,
    hostile_numbers,
    hostile_strings,
    quiet,
    set_field,
    set_number,
)
from .safety import check_outputs
from .strategies import journey_maps

FUZZ = Path(__file__).resolve().parent / "fuzz"
LOADERS = {"load-yaml": "yaml", "load-json": "json", "load-mermaid": "mermaid"}
SUFFIXES = {"yaml": ".yaml", "json": ".json", "mermaid": ".mmd"}
RENDER_TARGETS = {f"render-{name}": name for name in renderers.names()}

# -- saving and replaying cases -----------------------------------------------------------


def _final_example() -> bool:
    """Whether hypothesis is replaying the example it will report (shrunk, final)."""
    from hypothesis.control import current_build_context

    try:
        return bool(getattr(current_build_context(), "is_final", True))
    except Exception:  # outside a hypothesis test: a replay, nothing to save
        return False


def save_case(target: str, data: bytes, suffix: str) -> Path:
    """Keep ``data`` as a regression case of ``target``, named by its content."""
    folder = FUZZ / target
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{hashlib.sha256(data).hexdigest()[:16]}{suffix}"
    path.write_bytes(data)
    return path


def _run(target: str, data: bytes, suffix: str, check: Callable[[bytes], None]) -> None:
    """Run ``check``; when hypothesis reports a failure, save its input first."""
    try:
        check(data)
    except Exception:
        if _final_example():
            save_case(target, data, suffix)
        raise


# -- loader targets -----------------------------------------------------------------------


def check_loader(fmt: str, raw: bytes) -> None:
    """Read ``raw`` as a file and, when it is UTF-8, as text: a map or JourneyMapError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"map{SUFFIXES[fmt]}"
        path.write_bytes(raw)
        try:
            with quiet():
                load(path)
        except JourneyMapError:
            pass
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return
    try:
        with quiet():
            loads(text, fmt)  # type: ignore[arg-type]
    except JourneyMapError:
        pass


def _seeds(fmt: str) -> list[bytes]:
    yaml_files = [ROOT / "examples" / "online_checkout.yaml"]
    yaml_files += sorted((ROOT / "tests" / "golden" / "inputs").glob("*.yaml"))
    if fmt == "mermaid":
        return [p.read_bytes() for p in sorted((ROOT / "tests/corpus/mermaid").glob("*.mmd"))]
    if fmt == "yaml":
        return [p.read_bytes() for p in yaml_files] + [yaml.safe_dump(base_map()).encode()]
    documents = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in yaml_files]
    return [json.dumps(d, indent=1, default=str).encode() for d in [*documents, base_map()]]


SEEDS = {fmt: _seeds(fmt) for fmt in SUFFIXES}

# Values at or past a limit of a reader: huge numbers, deep nests, bad tags, amplification.
_LIMITS: tuple[str, ...] = (
    "9" * 5000,
    "-" + "9" * 5000,
    "0." + "9" * 5000,
    "1e999",
    "[" * 1000 + "]" * 1000,
    '{"a":' * 1000 + "1" + "}" * 1000,
    "!!int abc",
    "!!float abc",
    "!!timestamp 2024-13-45",
    "!!binary AAA",
    "!!python/name:os.system",
    "&a [x, x, x, x, x, x, x, x]",
    "[*a, *a, *a, *a, *a, *a, *a, *a]",
    "012",
    "1:30",
    ": " + "9" * 5000,
    ": 1" + "0" * 40_000 + "x: Me",
)
# Syntax that means something to one of the three readers, or that tests a limit.
_SYNTAX: tuple[str, ...] = (
    "{",
    "}",
    "[",
    "]",
    ",",
    '"',
    "'",
    ": ",
    "- ",
    "? ",
    "\n",
    "\n  ",
    "&a ",
    "*a",
    "<<: *a\n",
    "!!int abc",
    "!!float abc",
    "!!timestamp 2024-13-45",
    "!!binary AAAA",
    "!!python/name:os.system",
    "!!set {a}",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "0x1F",
    "012",
    "1:30",
    "1e999",
    "-1e999",
    "NaN",
    "Infinity",
    "9" * 5000,
    "[" * 1000,
    "{" * 1000,
    '{"a":' * 1000,
    "[" * 1000 + "]" * 1000,
    '{"a":' * 1000 + "1" + "}" * 1000,
    "- " * 500,
    "\\ud83d\\ude00",
    "\\ud800",
    "\\u0000",
    "\ufeff",
    "journey\n",
    "title ",
    "section ",
    ": 5: ",
    ": 999999999999999999999: ",
    ": " + "9" * 5000 + ": ",
    "%%{init: {}}%%\n",
    "accDescr {\n",
    "}\n",
    "accTitle: ",
    "---\ntitle: " + "[" * 200 + "\n---\n",
    "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n---\n",
)


# Most mutations put syntax in place of a value: the document stays readable up to it.
_OPS = ("value",) * 6 + ("flip", "insert", "syntax", "delete", "repeat", "cut", "bytes")
# Where a value starts: after a key (YAML, JSON) or a task's colon (Mermaid).
_VALUE_STARTS = (b": ", b"title ", b"section ", b"- ")


def _value_positions(data: bytearray) -> list[int]:
    positions = []
    for marker in _VALUE_STARTS:
        start = data.find(marker)
        while start != -1 and len(positions) < 400:
            positions.append(start + len(marker))
            start = data.find(marker, start + 1)
    return sorted(set(positions))


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A seed changed by one to four mutations."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(_OPS))
        at = draw(st.integers(0, len(data)))
        positions = _value_positions(data) if op == "value" else []
        if positions:
            # Put syntax where a value starts, in place of the value (to the line end).
            at = draw(st.sampled_from(positions))
            end = data.find(b"\n", at)
            del data[at : len(data) if end == -1 else end]
            piece = draw(st.sampled_from(_LIMITS) | st.sampled_from(_SYNTAX))
            data[at:at] = piece.encode("utf-8", "surrogatepass")
        elif op == "flip" and data:
            at = min(at, len(data) - 1)
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            data[at:at] = draw(st.sampled_from(HOSTILE_FRAGMENTS)).encode("utf-8", "surrogatepass")
        elif op == "syntax":
            data[at:at] = draw(st.sampled_from(_SYNTAX)).encode("utf-8", "surrogatepass")
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "repeat":
            piece = bytes(data[at : at + draw(st.integers(1, 200))])
            data[at:at] = piece * draw(st.integers(1, 50))
        elif op == "cut":
            del data[at:]
        elif op == "bytes":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
    return bytes(data)


def _deep(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


_VALUES = st.one_of(
    hostile_strings(),
    hostile_numbers(),
    st.sampled_from([None, True, False, [], {}, _deep(50), _deep(600), {"": None}]),
    st.dictionaries(hostile_strings(long=False), hostile_strings(long=False), max_size=2),
    st.lists(hostile_strings(long=False), max_size=3),
)


@st.composite
def _paths(draw: st.DrawFn, data: Any) -> tuple[Any, ...]:
    """A path to some node of ``data`` (a dict key or a list index at each step)."""
    path: list[Any] = []
    node = data
    while isinstance(node, (dict, list)) and node and draw(st.integers(0, 3)) > 0:
        key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
        path.append(key)
        node = node[key]
    return tuple(path)


@st.composite
def restructured(draw: st.DrawFn, fmt: str) -> bytes:
    """A map whose some nodes were replaced by hostile values, written as YAML or JSON."""
    data: Any = base_map()
    for _ in range(draw(st.integers(1, 3))):
        path = draw(_paths(data))
        value = copy.deepcopy(draw(_VALUES))  # shared constants must stay as they are
        if not path:
            data = value
            continue
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = value
    if fmt == "json":
        text = json.dumps(data, ensure_ascii=draw(st.booleans()))
    else:
        try:
            text = yaml.safe_dump(data, allow_unicode=draw(st.booleans()))
        except (yaml.YAMLError, RecursionError):
            text = json.dumps(data)  # JSON is YAML too
    return text.encode("utf-8", "surrogatepass")


def _loader_inputs(fmt: str) -> st.SearchStrategy[bytes]:
    if fmt == "mermaid":
        return mutated(SEEDS[fmt])
    return mutated(SEEDS[fmt]) | restructured(fmt)


@budget(150)
@given(_loader_inputs("yaml"))
def test_fuzz_load_yaml(raw: bytes) -> None:
    _run("load-yaml", raw, ".yaml", lambda data: check_loader("yaml", data))


@budget(150)
@given(_loader_inputs("json"))
def test_fuzz_load_json(raw: bytes) -> None:
    _run("load-json", raw, ".json", lambda data: check_loader("json", data))


@budget(150)
@given(_loader_inputs("mermaid"))
def test_fuzz_load_mermaid(raw: bytes) -> None:
    _run("load-mermaid", raw, ".mmd", lambda data: check_loader("mermaid", data))


# -- renderer targets ---------------------------------------------------------------------


@st.composite
def _small_hostile_maps(draw: st.DrawFn) -> dict[str, Any]:
    """The data of a small map with hostile text in several fields, maybe a hostile number."""
    data = base_map()
    for kind in draw(st.lists(st.sampled_from(sorted(FIELD_KINDS)), min_size=1, max_size=6)):
        data = set_field(data, kind, draw(hostile_strings(invalid=False)))
    if draw(st.integers(0, 3)) == 0:
        kind = draw(st.sampled_from(sorted(NUMBER_KINDS)))
        data = set_number(data, kind, draw(hostile_numbers()))
    return data


#: Small maps with the hostile pieces of :mod:`hostile`, or maps of any shape (phases,
#: flows, curves, scales) with the hostile text of :mod:`strategies`.
hostile_maps = st.one_of(
    _small_hostile_maps(),
    journey_maps(max_phases=4, max_touchpoints=4).map(lambda m: m.model_dump(mode="json")),
)


def _encode_map(data: dict[str, Any]) -> bytes:
    """Map data as JSON that keeps everything: NaN, huge integers, lone surrogates."""
    return json.dumps(data, ensure_ascii=True, indent=1).encode("ascii")


def check_renderer(fmt: str, raw: bytes) -> None:
    """Render the map ``raw`` holds (when it is accepted) and check the output."""
    try:
        model = loads(raw.decode("ascii"), "json")
    except JourneyMapError:
        return
    check_outputs(model, formats=(fmt,))


@pytest.mark.needs_dot
@pytest.mark.parametrize("fmt", sorted(RENDER_TARGETS.values()))
@budget(30)
@given(hostile_maps)
def test_fuzz_render(fmt: str, data: dict[str, Any]) -> None:
    _run(f"render-{fmt}", _encode_map(data), ".json", lambda raw: check_renderer(fmt, raw))


# -- the saved cases ------------------------------------------------------------------------

TARGETS: dict[str, Callable[[bytes], None]] = {
    **{
        target: (lambda raw, fmt=fmt: check_loader(fmt, raw))  # type: ignore[misc]
        for target, fmt in LOADERS.items()
    },
    **{
        target: (lambda raw, fmt=fmt: check_renderer(fmt, raw))  # type: ignore[misc]
        for target, fmt in RENDER_TARGETS.items()
    },
}

CASES = sorted(path for path in FUZZ.glob("*/*") if path.is_file())


def test_saved_cases_belong_to_known_targets() -> None:
    folders = {path.name for path in FUZZ.iterdir() if path.is_dir()}
    assert folders <= set(TARGETS), folders - set(TARGETS)
    assert CASES, "tests/fuzz/ holds no case: the replay below would run nothing"


@pytest.mark.needs_dot
@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_saved_case(path: Path) -> None:
    TARGETS[path.parent.name](path.read_bytes())


def _refuse_non_zero(raw: bytes) -> None:
    if any(raw):
        raise ValueError("a non-zero byte")


def test_only_the_shrunk_failing_input_is_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.modules[__name__], "FUZZ", tmp_path)

    @settings(max_examples=200, database=None, deadline=None)
    @given(st.binary(min_size=1, max_size=64))
    def fuzz(raw: bytes) -> None:
        _run("demo", raw, ".bin", _refuse_non_zero)

    with pytest.raises(ValueError, match="a non-zero byte"):
        fuzz()
    saved = sorted((tmp_path / "demo").iterdir())
    assert [path.read_bytes() for path in saved] == [b"\x01"]
    assert saved[0].name == "4bf5122f344554c5.bin"  # sha256 of the content, its first 16 hex digits
    # A replay outside hypothesis saves nothing.
    with pytest.raises(ValueError, match="a non-zero byte"):
        _run("demo", b"\x02", ".bin", _refuse_non_zero)
    assert len(list((tmp_path / "demo").iterdir())) == 1
