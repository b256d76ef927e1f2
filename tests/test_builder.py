"""The fluent builder: ids, channels, actors, metrics, curves, flows and the built model."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from journeymap import (
    Actor,
    Channel,
    CurvePoint,
    EmotionScale,
    Flow,
    Journey,
    JourneyMap,
    JourneyMapError,
    Metric,
    Persona,
    load,
)

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "online_checkout.yaml"


def touchpoint_ids(journey_map: JourneyMap) -> list[str]:
    return [tp.id for tp in journey_map.touchpoints]


# -- ids ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("Pago", "pago", id="plain"),
        pytest.param("Facturación", "facturacion", id="accent-dropped"),
        pytest.param("Crème brûlée à emporter", "creme-brulee-a-emporter", id="many-accents"),
        pytest.param("  Sees an ad!  ", "sees-an-ad", id="punctuation-and-spaces"),
        pytest.param("Step 2: Pay", "step-2-pay", id="digits-kept"),
        pytest.param("E-mail / SMS", "e-mail-sms", id="runs-of-separators-collapse"),
        pytest.param("購入", "touchpoint", id="cjk-only-falls-back"),
        pytest.param("🙂🙂", "touchpoint", id="emoji-only-falls-back"),
        pytest.param("Pago 支払い", "pago", id="cjk-part-dropped"),
    ],
)
def test_touchpoint_id_derived_from_name(name: str, expected: str) -> None:
    m = Journey("Checkout").phase("Compra").touchpoint(name).build()
    assert touchpoint_ids(m) == [expected]
    assert m.touchpoints[0].name == name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("Compra", "compra", id="plain"),
        pytest.param("Después de la compra", "despues-de-la-compra", id="accent-dropped"),
        pytest.param("購入", "phase", id="cjk-only-falls-back"),
    ],
)
def test_phase_id_derived_from_name(name: str, expected: str) -> None:
    m = Journey("Checkout").phase(name).build()
    assert [p.id for p in m.phases] == [expected]


def test_colliding_touchpoint_ids_get_numbered_across_phases() -> None:
    m = (
        Journey("Checkout")
        .phase("Compra")
        .touchpoint("Pago")
        .touchpoint("Pago")
        .phase("Devolución")
        .touchpoint("Pago")
        .touchpoint("購入")
        .touchpoint("支払い")
        .build()
    )
    assert touchpoint_ids(m) == ["pago", "pago-2", "pago-3", "touchpoint", "touchpoint-2"]


def test_colliding_phase_ids_get_numbered() -> None:
    m = Journey("Checkout").phase("Compra").phase("Compra").phase("compra!").build()
    assert [p.id for p in m.phases] == ["compra", "compra-2", "compra-3"]


def test_explicit_ids_are_kept_and_reserved() -> None:
    m = (
        Journey("Checkout")
        .phase("Compra", id="buy")
        .touchpoint("Paga con tarjeta", id="pago")
        .touchpoint("Pago")  # "pago" is taken by the explicit id above
        .phase("Buy")  # "buy" is taken by the explicit phase id
        .build()
    )
    assert [p.id for p in m.phases] == ["buy", "buy-2"]
    assert touchpoint_ids(m) == ["pago", "pago-2"]


# -- channels ----------------------------------------------------------------------------


def test_builtin_channels_need_no_declaration() -> None:
    m = (
        Journey("Checkout")
        .phase("Compra")
        .touchpoint("Pago", channel="web")
        .touchpoint("Llamada", channel="phone")
        .build()
    )
    assert m.channels == ()
    assert [tp.channel for tp in m.touchpoints] == ["web", "phone"]
    assert m.used_channels() == (
        Channel(id="web", name="Website", mode="online"),
        Channel(id="phone", name="Phone", mode="offline"),
    )


def test_builtin_channel_named_in_another_case_is_the_builtin() -> None:
    m = Journey("Checkout").phase("Compra").touchpoint("Pago", channel="Web").build()
    assert m.channels == ()
    assert m.touchpoints[0].channel == "web"


def test_unknown_channel_is_refused_as_in_files() -> None:
    journey = Journey("Checkout").phase("Compra")
    with pytest.raises(JourneyMapError) as caught:
        journey.touchpoint("Pregunta", channel="WhatsApp")
    assert str(caught.value) == (
        "phase 'Compra' > touchpoint 'Pregunta' > channel: channel 'WhatsApp' is neither "
        "built in nor declared; allowed: 'advertising', 'app', 'chat', 'email', 'event', "
        "'face-to-face', 'kiosk', 'letter', 'messaging', 'phone', 'print', 'search', 'sms', "
        "'social', 'store', 'video-call', 'web', or declare it first with .channel('WhatsApp')"
    )
    assert journey.build().channels == ()


def test_declared_channel_is_named_by_id_or_name_in_any_case() -> None:
    m = (
        Journey("Checkout")
        .channel("WhatsApp")
        .channel("Tienda física")
        .phase("Compra")
        .touchpoint("Pregunta", channel="WhatsApp")
        .touchpoint("Responde", channel="whatsapp")
        .touchpoint("Visita", channel="tienda física")
        .touchpoint("Escribe", channel="E-mail")
        .build()
    )
    assert [tp.channel for tp in m.touchpoints] == [
        "whatsapp",
        "whatsapp",
        "tienda-fisica",
        "email",
    ]
    assert m.channels == (
        Channel(id="whatsapp", name="WhatsApp", mode=None),
        Channel(id="tienda-fisica", name="Tienda física", mode=None),
    )


def test_declared_channel_with_mode_and_explicit_id() -> None:
    m = (
        Journey("Checkout")
        .channel("WhatsApp Business", id="wa", mode="online")
        .channel("Oficina técnica", mode="offline")
        .phase("Compra")
        .touchpoint("Pregunta", channel="wa")
        .touchpoint("Visita", channel="oficina-tecnica")
        .build()
    )
    assert m.channels == (
        Channel(id="wa", name="WhatsApp Business", mode="online"),
        Channel(id="oficina-tecnica", name="Oficina técnica", mode="offline"),
    )
    assert [tp.channel for tp in m.touchpoints] == ["wa", "oficina-tecnica"]


def test_declaring_a_builtin_id_renames_it() -> None:
    m = (
        Journey("Checkout")
        .channel("Tienda online", id="web", mode="online")
        .phase("Compra")
        .touchpoint("Pago", channel="web")
        .build()
    )
    assert m.channel("web") == Channel(id="web", name="Tienda online", mode="online")


# -- actors --------------------------------------------------------------------------------


def test_actor_declarations() -> None:
    m = (
        Journey("Soporte")
        .actor("Support agent", role="frontstage", description="Answers the chat")
        .actor("Payment provider", id="psp", role="system")
        .phase("Ayuda")
        .touchpoint("Pregunta", actors=["support-agent", "psp"])
        .build()
    )
    assert m.actors == (
        Actor(
            id="support-agent",
            name="Support agent",
            role="frontstage",
            description="Answers the chat",
        ),
        Actor(id="psp", name="Payment provider", role="system"),
    )
    assert m.touchpoints[0].actors == ("support-agent", "psp")


def test_touchpoint_actors_as_str_dict_and_actor() -> None:
    m = (
        Journey("Soporte")
        .actor("Support agent", role="frontstage")
        .actor("María José")
        .phase("Ayuda")
        .touchpoint(
            "Pregunta",
            actors=[
                "Support agent",  # the name of a declared actor
                "María José",  # the name of a declared actor, a customer by default
                {"name": "Courier", "role": "partner"},  # a dict without an id
                {"id": "wh", "name": "Warehouse", "role": "backstage"},
                Actor(id="psp", name="Payment provider", role="system"),
            ],
        )
        .touchpoint("Responde", actors="maria-jose")  # one id given as a string
        .build()
    )
    assert m.touchpoints[0].actors == ("support-agent", "maria-jose", "courier", "wh", "psp")
    assert m.touchpoints[1].actors == ("maria-jose",)
    assert m.actors == (
        Actor(id="support-agent", name="Support agent", role="frontstage"),
        Actor(id="maria-jose", name="María José", role="customer"),
        Actor(id="courier", name="Courier", role="partner"),
        Actor(id="wh", name="Warehouse", role="backstage"),
        Actor(id="psp", name="Payment provider", role="system"),
    )


def test_redeclaring_the_same_actor_is_harmless() -> None:
    m = Journey("Soporte").actor("Ana").actor("Ana").build()
    assert m.actors == (Actor(id="ana", name="Ana", role="customer"),)


# -- metrics, persona, scale -----------------------------------------------------------


def test_metrics_as_dicts_and_models() -> None:
    m = (
        Journey("Checkout")
        .phase("Compra")
        .touchpoint(
            "Pago",
            metrics=[
                {"kind": "nps", "value": 21, "n": 1260, "target": 30},
                Metric(kind="csat", value=4.4, unit="/5"),
                {"kind": "custom", "name": "Retries", "value": 3},
            ],
        )
        .build()
    )
    assert m.touchpoints[0].metrics == (
        Metric(kind="nps", value=21, n=1260, target=30),
        Metric(kind="csat", value=4.4, unit="/5"),
        Metric(kind="custom", name="Retries", value=3),
    )
    assert m.touchpoints[0].metrics[0].status() == "below target"


def test_persona_as_str_dict_and_model() -> None:
    by_name = Journey("Checkout", persona="Maya").build()
    by_dict = Journey("Checkout", persona={"name": "Maya", "goals": "Pay fast"}).build()
    by_model = Journey("Checkout", persona=Persona(name="Maya", goals=("Pay fast",))).build()
    assert by_name.persona == Persona(name="Maya")
    assert by_dict.persona == Persona(name="Maya", goals=("Pay fast",))
    assert by_model == by_dict


@pytest.mark.parametrize(
    ("scale", "expected"),
    [
        pytest.param(None, EmotionScale(min=-2, max=2, neutral=0), id="default"),
        pytest.param("1..5", EmotionScale(min=1, max=5, neutral=3), id="text-1-to-5"),
        pytest.param("-3..3", EmotionScale(min=-3, max=3, neutral=0), id="text-negative"),
        pytest.param("1..4", EmotionScale(min=1, max=4, neutral=2.5), id="even-levels"),
        pytest.param({"min": 0, "max": 10}, EmotionScale(min=0, max=10, neutral=5), id="dict"),
        pytest.param(EmotionScale.five_point(), EmotionScale(min=1, max=5, neutral=3), id="model"),
    ],
)
def test_scale_forms(
    scale: EmotionScale | dict[str, int] | str | None, expected: EmotionScale
) -> None:
    assert Journey("Checkout", scale=scale).build().scale == expected


def test_five_point_scale_accepts_its_range_only() -> None:
    j = Journey("Checkout", scale="1..5").phase("Compra")
    m = j.touchpoint("Peor", emotion=1).touchpoint("Mejor", emotion=5).build()
    assert [tp.emotion for tp in m.touchpoints] == [1, 5]
    with pytest.raises(JourneyMapError, match="allowed: a number from 1 to 5"):
        j.touchpoint("Fuera", emotion=-2)


# -- curves and flows ------------------------------------------------------------------


def three_touchpoints() -> Journey:
    return (
        Journey("Checkout")
        .phase("Compra")
        .touchpoint("Carrito")
        .touchpoint("Pago")
        .phase("Envío")
        .touchpoint("Entrega")
    )


def test_curve_from_list_in_touchpoint_order_skipping_none() -> None:
    m = three_touchpoints().curve("Encuesta", [1, None, -0.5], n=40).build()
    curve = m.curves[0]
    assert (curve.id, curve.name, curve.source, curve.n) == ("encuesta", "Encuesta", "measured", 40)
    assert curve.points == (
        CurvePoint(touchpoint="carrito", value=1),
        CurvePoint(touchpoint="entrega", value=-0.5),
    )


def test_curve_from_mapping() -> None:
    m = (
        three_touchpoints()
        .curve("ShopCo", {"pago": -1, "entrega": 2}, source="competitor", id="shopco")
        .build()
    )
    assert m.curves[0].id == "shopco"
    assert m.curves[0].source == "competitor"
    assert m.curves[0].points == (
        CurvePoint(touchpoint="pago", value=-1),
        CurvePoint(touchpoint="entrega", value=2),
    )
    assert m.curves[0].value_at("carrito") is None


@pytest.mark.parametrize(
    ("values", "count"),
    [
        pytest.param([1, 2], "2 values were given for 3 touchpoints", id="too-few"),
        pytest.param([1, 2, 0, 1], "4 values were given for 3 touchpoints", id="too-many"),
        pytest.param([], "0 values were given for 3 touchpoints", id="empty"),
    ],
)
def test_curve_list_of_wrong_length(values: list[float], count: str) -> None:
    with pytest.raises(JourneyMapError) as info:
        three_touchpoints().curve("Encuesta", values)
    assert str(info.value).startswith(f"curve 'Encuesta': {count}")
    assert "or a mapping {touchpoint_id: value}" in str(info.value)


def test_curve_names_colliding_get_numbered_ids() -> None:
    m = three_touchpoints().curve("Encuesta", [0, 0, 0]).curve("Encuesta", [1, 1, 1]).build()
    assert [c.id for c in m.curves] == ["encuesta", "encuesta-2"]


def test_flows() -> None:
    m = (
        three_touchpoints()
        .flow("carrito", "pago", kind="next", share=0.6)
        .flow("carrito", kind="drop-off", label="Abandona", share=0.4)
        .flow("pago", "carrito", kind="retry")
        .build()
    )
    assert m.flows == (
        Flow(source="carrito", target="pago", kind="next", share=0.6),
        Flow(source="carrito", target=None, kind="drop-off", label="Abandona", share=0.4),
        Flow(source="pago", target="carrito", kind="retry"),
    )


def test_flow_may_name_a_touchpoint_added_later() -> None:
    journey = Journey("Checkout").phase("Compra").touchpoint("Carrito").flow("carrito", "pago")
    built = journey.touchpoint("Pago").build()
    assert built.flows == (Flow(source="carrito", target="pago"),)


# -- build -------------------------------------------------------------------------------


def rich_journey() -> Journey:
    return (
        Journey(
            "Compra online",
            persona={"name": "Maya", "goals": ["Regalo antes del viernes"]},
            objective="Ver dónde se abandona",
            scenario="Ve un anuncio",
            expectations=["Pagar en 3 minutos"],
            description="Línea uno\nLínea dos",
            kind="future",
            scale={"min": 1, "max": 5, "labels": ["Fatal", "Mal", "Normal", "Bien", "Genial"]},
            locale="es",
            tags=["e-commerce"],
        )
        .actor("Agente", role="frontstage")
        .channel("WhatsApp", mode="online")
        .phase("Compra", goal="Pagar sin sorpresas")
        .touchpoint(
            "Facturación",
            channel="web",
            emotion=1,
            actors=["agente"],
            thoughts="¿Cuánto cuesta el envío?",
            pain_points=["Gastos ocultos"],
            metrics=[{"kind": "drop-off", "value": 38, "target": 20, "unit": "%"}],
            evidence_level="measured",
        )
        .touchpoint("Pregunta", channel="whatsapp", emotion=4, moment="positive")
        .flow("facturacion", "pregunta", share=0.5)
        .curve("ShopCo", [2, 3], source="competitor")
    )


def test_build_is_idempotent() -> None:
    journey = rich_journey()
    first = journey.build()
    second = journey.build()
    assert first == second
    assert first is not second


def test_extending_after_build_leaves_the_first_model_alone() -> None:
    journey = rich_journey()
    first = journey.build()
    extended = journey.touchpoint("Confirmación", channel="email", emotion=5).build()
    assert touchpoint_ids(first) == ["facturacion", "pregunta"]
    assert touchpoint_ids(extended) == ["facturacion", "pregunta", "confirmacion"]
    assert extended.phases[0].touchpoints[:2] == first.phases[0].touchpoints


def test_from_map_rebuilds_an_equal_map() -> None:
    m = rich_journey().build()
    assert Journey.from_map(m).build() == m


def test_from_map_of_the_example_file() -> None:
    m = load(EXAMPLE)
    assert Journey.from_map(m).build() == m


def test_from_map_continues_in_the_last_phase_with_free_ids() -> None:
    m = rich_journey().build()
    extended = Journey.from_map(m).touchpoint("Facturación").phase("Compra").build()
    assert [p.id for p in extended.phases] == ["compra", "compra-2"]
    assert touchpoint_ids(extended) == ["facturacion", "pregunta", "facturacion-2"]
    assert m.phases[0].touchpoints == extended.phases[0].touchpoints[:2]


def test_model_is_frozen() -> None:
    m = rich_journey().build()
    with pytest.raises(ValidationError, match="frozen"):
        m.title = "Otro"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        m.phases[0].touchpoints[0].emotion = 2  # type: ignore[misc]
    assert m.title == "Compra online"
    assert m.phases[0].touchpoints[0].emotion == 1


def test_collections_are_tuples() -> None:
    m = rich_journey().build()
    tp = m.phases[0].touchpoints[0]
    assert m.persona is not None
    collections = {
        "phases": m.phases,
        "touchpoints": m.phases[0].touchpoints,
        "actors": m.actors,
        "channels": m.channels,
        "flows": m.flows,
        "curves": m.curves,
        "points": m.curves[0].points,
        "tags": m.tags,
        "expectations": m.expectations,
        "labels": m.scale.labels,
        "goals": m.persona.goals,
        "tp.actors": tp.actors,
        "tp.thoughts": tp.thoughts,
        "tp.pain_points": tp.pain_points,
        "tp.metrics": tp.metrics,
    }
    assert {name: type(value) for name, value in collections.items()} == dict.fromkeys(
        collections, tuple
    )
    assert tp.thoughts == ("¿Cuánto cuesta el envío?",)


def test_rejected_call_leaves_the_builder_unchanged() -> None:
    journey = Journey("Checkout").phase("Compra").touchpoint("Carrito", channel="web")
    before = journey.build()
    with pytest.raises(JourneyMapError, match="emotion"):
        journey.touchpoint("Pago", channel="web", actors=[{"name": "Maya"}], emotion=9)
    assert journey.build() == before


# -- moments -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scale", "emotion", "moment"),
    [
        pytest.param("-2..2", -2, "critical", id="bipolar-lowest-is-critical"),
        pytest.param("-2..2", -1.5, "negative", id="bipolar-just-above-lowest"),
        pytest.param("-2..2", -1, "negative", id="bipolar-negative"),
        pytest.param("-2..2", 0, "neutral", id="bipolar-neutral"),
        pytest.param("-2..2", 0.5, "positive", id="bipolar-slightly-positive"),
        pytest.param("-2..2", 2, "positive", id="bipolar-highest"),
        pytest.param("1..5", 1, "critical", id="five-lowest-is-critical"),
        pytest.param("1..5", 2, "negative", id="five-negative"),
        pytest.param("1..5", 3, "neutral", id="five-neutral"),
        pytest.param("1..5", 4, "positive", id="five-positive"),
        pytest.param("1..4", 2.5, "neutral", id="four-midpoint-neutral"),
        pytest.param("1..4", 2, "negative", id="four-below-midpoint"),
    ],
)
def test_moment_derived_from_emotion(scale: str, emotion: float, moment: str) -> None:
    m = Journey("Checkout", scale=scale).phase("Compra").touchpoint("Pago", emotion=emotion).build()
    tp = m.touchpoints[0]
    assert tp.moment is None
    assert m.moment_of(tp) == moment


@pytest.mark.parametrize(
    ("emotion", "moment"),
    [
        pytest.param(-2, "positive", id="positive-over-critical-emotion"),
        pytest.param(2, "critical", id="critical-over-positive-emotion"),
        pytest.param(None, "negative", id="moment-without-emotion"),
    ],
)
def test_explicit_moment_wins(emotion: float | None, moment: str) -> None:
    m = (
        Journey("Checkout")
        .phase("Compra")
        .touchpoint("Pago", emotion=emotion, moment=moment)  # type: ignore[arg-type]
        .build()
    )
    assert m.moment_of(m.touchpoints[0]) == moment


def test_no_moment_without_emotion() -> None:
    m = Journey("Checkout").phase("Compra").touchpoint("Pago").build()
    assert m.moment_of(m.touchpoints[0]) is None


# -- the cursor --------------------------------------------------------------------------


def test_two_builders_interleaved_do_not_interfere() -> None:
    a = Journey("A")
    b = Journey("B", scale="1..5")
    a.phase("Compra")
    b.phase("Registro")
    a.touchpoint("Pago", emotion=-2)
    b.touchpoint("Pago", emotion=5)
    b.phase("Uso")
    a.touchpoint("Factura")
    b.touchpoint("Abre la app")
    ma, mb = a.build(), b.build()
    assert [(p.id, [tp.id for tp in p.touchpoints]) for p in ma.phases] == [
        ("compra", ["pago", "factura"])
    ]
    assert [(p.id, [tp.id for tp in p.touchpoints]) for p in mb.phases] == [
        ("registro", ["pago"]),
        ("uso", ["abre-la-app"]),
    ]
    assert ma.scale.describe() == "-2..2"
    assert mb.scale.describe() == "1..5"


def test_repr_counts_phases_and_touchpoints() -> None:
    assert repr(three_touchpoints()) == "Journey('Checkout', phases=2, touchpoints=3)"


def test_an_undeclared_actor_name_is_an_error() -> None:
    journey = Journey("Soporte").actor("Support agent", id="agent").phase("Ayuda")
    with pytest.raises(JourneyMapError) as info:
        journey.touchpoint("Pregunta", actors=["Suport agent"])
    assert str(info.value) == (
        "phase 'Ayuda' > touchpoint 'Pregunta' > actors: actor 'Suport agent' is not "
        "declared; allowed: the id or name of an actor declared with .actor() ('agent'), "
        "or an Actor or dict to declare one here"
    )


def test_renaming_a_builtin_channel_keeps_its_mode() -> None:
    m = Journey("J").channel("Hotline", id="phone").phase("P").touchpoint("T", channel="phone")
    assert m.build().channel("phone") == Channel(id="phone", name="Hotline", mode="offline")


def test_a_builder_names_its_survey_files_and_from_map_keeps_them() -> None:
    m = Journey("T", surveys=["answers.csv"]).phase("P").touchpoint("A").build()
    assert m.surveys == ("answers.csv",)
    assert Journey.from_map(m).build() == m
    with pytest.raises(JourneyMapError, match="is not a survey file"):
        Journey("T", surveys=["answers.txt"]).build()
