"""The public API exactly as the project promises it."""

from __future__ import annotations

from pathlib import Path

import pytest

import journeymap
from journeymap import Journey, JourneyMap, JourneyMapError, load, render, save
from journeymap.model import Actor, Metric


def _office() -> Journey:
    return (
        Journey("Oficina técnica", persona="Director de obra", objective="Find why quotes are lost")
        .phase("Captación", goal="Get noticed")
        .touchpoint(
            "Redes sociales",
            channel="social",
            emotion=1,
            action="Sees a post",
            thoughts=["Looks professional"],
            doubts=["Are they local?"],
            pain_points=[],
            opportunities=["Show past projects"],
            frontstage=["Community manager replies"],
            backstage=["Content calendar"],
            metrics=[Metric(kind="nps", value=30), {"kind": "csat", "value": 4.2, "unit": "/5"}],
            actors=[
                Actor(id="cm", name="Community manager", role="frontstage"),
                {"id": "lead", "name": "Lead", "role": "customer"},
            ],
            moment=None,
            id=None,
        )
        .phase("Compra")
        .touchpoint("Facturación", channel="email", emotion=-2)
    )


def test_the_promised_api_works_as_written(tmp_path: Path) -> None:
    journey = _office()
    m: JourneyMap = journey.build()
    assert isinstance(m, JourneyMap)
    assert [p.id for p in m.phases] == ["captacion", "compra"]
    assert [tp.id for tp in m.touchpoints] == ["redes-sociales", "facturacion"]
    assert [a.id for a in m.actors] == ["cm", "lead"]
    assert [metric.kind for metric in m.touchpoint("redes-sociales").metrics] == ["nps", "csat"]

    text = render(m, "markdown")
    assert render(journey, "markdown") == text

    written = save(journey, tmp_path / "map.md")
    assert written == tmp_path / "map.md"
    assert written.read_text(encoding="utf-8") == text

    save(journey, tmp_path / "map.yaml")
    save(journey, tmp_path / "map.json")
    assert load(tmp_path / "map.yaml") == m
    assert load(tmp_path / "map.json") == m
    save(journey, tmp_path / "map.yml", format="yaml")
    assert load(tmp_path / "map.yml") == m


def test_error_type_is_a_value_error() -> None:
    assert issubclass(JourneyMapError, ValueError)


def test_touchpoint_before_phase_names_the_call() -> None:
    with pytest.raises(JourneyMapError) as info:
        Journey("J").touchpoint("Orphan")
    assert str(info.value) == (
        "touchpoint 'Orphan': touchpoint() was called before any phase(); "
        "call .phase('Name') first to open the phase it belongs to"
    )


def test_public_names() -> None:
    from journeymap import builder, errors, io, model, renderers

    # Each public name is the object of the module that defines it, not a stand-in.
    defined = {
        "Journey": builder.Journey,
        "JourneyMap": model.JourneyMap,
        "JourneyMapError": errors.JourneyMapError,
        "render": renderers.render,
        "save": renderers.save,
        "render_image": renderers.render_image,
        "load": io.load,
        "loads": io.loads,
        "dumps": io.dumps,
    }
    for name, obj in defined.items():
        assert name in journeymap.__all__
        assert getattr(journeymap, name) is obj, name
    assert journeymap.renderers.names() == sorted(journeymap.renderers.names())


def _trip() -> Journey:
    return Journey("Trip").phase("Go").touchpoint("Leave", emotion=1)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: journeymap.dumps("x"), "expected a JourneyMap or a Journey builder; got str"),
        (lambda: journeymap.loads(5), "loads() reads text (str or bytes); got int"),
        (lambda: journeymap.loads(None), "loads() reads text (str or bytes); got NoneType"),
        (lambda: journeymap.loads(b"title: \xff"), "<string>:1:8: is not UTF-8 text (byte 7)"),
        (lambda: load(5), "load() takes a path; got int"),
        (lambda: load("maps/a\0b.yaml"), "load(): the path 'maps/a\\x00b.yaml' holds a NUL"),
        (lambda: save(_trip(), "a\0b.svg"), "save(): the path 'a\\x00b.svg' holds a NUL"),
    ],
    ids=[
        "dumps-str",
        "loads-int",
        "loads-none",
        "loads-bad-bytes",
        "load-int",
        "load-nul",
        "save-nul",
    ],
)
def test_wrong_arguments_to_the_file_functions_are_journeymap_errors(
    call: object, message: str
) -> None:
    with pytest.raises(JourneyMapError) as info:
        call()  # type: ignore[operator]
    assert message in str(info.value)


def test_bytes_and_builders_are_taken_where_text_and_maps_are() -> None:
    assert journeymap.loads(b"\xef\xbb\xbftitle: Caf\xc3\xa9").title == "Café"
    assert journeymap.dumps(_trip()) == journeymap.dumps(_trip().build())


def test_bytes_over_the_size_limit_are_refused_with_their_size() -> None:
    from journeymap.io import MAX_INPUT_BYTES

    with pytest.raises(JourneyMapError, match=f"the input is {MAX_INPUT_BYTES + 1:,} bytes"):
        journeymap.loads(b" " * (MAX_INPUT_BYTES + 1))


def test_loads_reads_the_format_of_its_sources_suffix() -> None:
    mermaid = "journey\n  title Trip\n  section Go\n    Leave: 3: Me\n"
    assert journeymap.loads(mermaid, source="trip.mmd").title == "Trip"
    assert journeymap.loads('{"title": "Trip"}', source="maps/trip.JSON").title == "Trip"
    assert journeymap.loads("title: Trip", source="notes.txt").title == "Trip"  # else YAML
    with pytest.raises(JourneyMapError, match=r"^trip\.mmd:1:1: "):  # a format given wins
        journeymap.loads(mermaid, "json", source="trip.mmd")
