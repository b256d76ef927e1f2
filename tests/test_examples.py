"""The examples are valid, and the YAML example is the Python one written as data."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from journeymap import Journey, load

from .conftest import ROOT

EXAMPLES = ROOT / "examples"


def _python_example(name: str) -> Journey:
    journey = runpy.run_path(str(EXAMPLES / f"{name}.py"), run_name="__test__")["journey"]
    assert isinstance(journey, Journey)
    return journey


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_yaml_example_equals_its_python_twin(path: Path) -> None:
    assert load(path) == _python_example(path.stem).build()


def test_technical_office_follows_the_practitioners_example() -> None:
    m = _python_example("oficina_tecnica").build()
    assert m.locale == "es"
    assert [p.name for p in m.phases] == ["Captación", "Interés", "Compra", "Fidelización"]
    assert [tp.name for tp in m.touchpoints] == [
        "Redes sociales",
        "Blog",
        "Web",
        "Llamada telefónica",
        "Emails",
        "Entrega del proyecto",
        "Seguimiento del proyecto",
        "Facturación",
        "Seguimiento posventa",
        "Newsletter",
    ]
    invoicing = m.touchpoint("facturacion")
    assert m.moment_of(invoicing) == "critical"
    assert min(tp.emotion for tp in m.touchpoints if tp.emotion is not None) == invoicing.emotion
    assert [c.source for c in m.curves] == ["measured"]


def test_checkout_compares_survey_competitor_and_future_curves() -> None:
    m = _python_example("online_checkout").build()
    assert [c.source for c in m.curves] == ["competitor", "future"]
    assert all(tp.evidence_level == "measured" for tp in m.touchpoints)
    assert {metric.kind for tp in m.touchpoints for metric in tp.metrics} == {
        "conversion",
        "drop-off",
        "csat",
        "ces",
        "nps",
    }
