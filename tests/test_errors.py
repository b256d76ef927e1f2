"""Every kind of bad input raises JourneyMapError saying where it is and what is allowed.

Three tables: calls on the fluent builder (the error must come from the offending call,
not from an earlier one), YAML/JSON text given to ``loads(..., source="map.yaml")``, and
files read with ``load(path)``. Each row names the location (phase, touchpoint, field,
or ``file:line:column``) and a fragment stating what is allowed, written by hand from
the input.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import pytest

from journeymap import Journey, JourneyMapError, load, loads

# -- builder ---------------------------------------------------------------------------


def nothing() -> None:
    """Setup for cases whose offending call is the ``Journey(...)`` constructor."""
    return


def empty() -> Journey:
    return Journey("Checkout")


def in_compra() -> Journey:
    return Journey("Checkout").phase("Compra")


def in_compra_1_to_5() -> Journey:
    return Journey("Checkout", scale="1..5").phase("Compra")


def with_two() -> Journey:
    """Phase 'Compra' with touchpoints 'carrito' and 'pago'."""
    return (
        Journey("Checkout")
        .phase("Compra")
        .touchpoint("Carrito", channel="web")
        .touchpoint("Pago", channel="web")
    )


ID_RULE = "allowed: 1 to 80 letters, digits, '-', '_' or '.', starting with a letter or digit"
NOT_EMPTY = "must not be empty; allowed: any text with at least one visible character"
TEXT_RULE = "allowed: printable text, tab and newline"

Setup = Callable[[], Any]
Offend = Callable[[Any], Any]

BUILDER_CASES = [
    # emotions
    pytest.param(
        in_compra,
        lambda j: j.touchpoint("Facturación", emotion=3),
        "phase 'Compra' > touchpoint 'Facturación' > emotion",
        "allowed: a number from -2 to 2",
        id="emotion-above-default-scale",
    ),
    pytest.param(
        in_compra_1_to_5,
        lambda j: j.touchpoint("Facturación", emotion=0),
        "phase 'Compra' > touchpoint 'Facturación' > emotion",
        "allowed: a number from 1 to 5",
        id="emotion-below-1-to-5-scale",
    ),
    pytest.param(
        in_compra,
        lambda j: j.touchpoint("Facturación", emotion=math.nan),
        "phase 'Compra' > touchpoint 'Facturación' > emotion",
        "allowed: a finite number",
        id="emotion-nan",
    ),
    pytest.param(
        in_compra,
        lambda j: j.touchpoint("Facturación", emotion=-math.inf),
        "phase 'Compra' > touchpoint 'Facturación' > emotion",
        "allowed: a finite number",
        id="emotion-minus-infinity",
    ),
    pytest.param(
        in_compra,
        lambda j: j.touchpoint("Facturación", emotion=True),
        "phase 'Compra' > touchpoint 'Facturación' > emotion",
        "allowed: a finite number",
        id="emotion-boolean",
    ),
    pytest.param(
        in_compra,
        lambda j: j.touchpoint("Facturación", emotion="high"),
        "phase 'Compra' > touchpoint 'Facturación' > emotion",
        "allowed: a finite number",
        id="emotion-word",
    ),
    # duplicate ids
    pytest.param(
        with_two,
        lambda j: j.touchpoint("Pago otra vez", id="pago"),
        "phase 'Compra' > touchpoint 'Pago otra vez' > id",
        "'pago' is used twice",
        id="duplicate-touchpoint-id",
    ),
    pytest.param(
        lambda: with_two().phase("Envío"),
        lambda j: j.touchpoint("Entrega", id="carrito"),
        "phase 'Envío' > touchpoint 'Entrega' > id",
        "'carrito' is used twice",
        id="duplicate-touchpoint-id-across-phases",
    ),
    pytest.param(
        lambda: Journey("Checkout").phase("Compra", id="buy"),
        lambda j: j.phase("Pago", id="buy"),
        "phase 'Pago'",
        "'buy' is used twice",
        id="duplicate-phase-id",
    ),
    pytest.param(
        lambda: Journey("Checkout").channel("WhatsApp"),
        lambda j: j.channel("Whatsapp"),
        "channel 'Whatsapp'",
        "'whatsapp' is already declared",
        id="duplicate-channel-declaration",
    ),
    pytest.param(
        lambda: Journey("Checkout").actor("Ana", role="customer"),
        lambda j: j.actor("Ana", role="frontstage"),
        "actor 'Ana'",
        "use a different id",
        id="conflicting-actor-declaration",
    ),
    # flows
    pytest.param(
        lambda: with_two().flow("envio", "pago"),
        lambda j: j.build(),
        "flow #1 > source",
        "allowed: 'carrito', 'pago'",
        id="flow-dangling-source",
    ),
    pytest.param(
        lambda: with_two().flow("carrito", "envio"),
        lambda j: j.build(),
        "flow #1 > target",
        "allowed: 'carrito', 'pago'",
        id="flow-dangling-target",
    ),
    pytest.param(
        with_two,
        lambda j: j.flow("carrito", kind="branch"),
        "flow 'carrito'",
        "only 'drop-off' may omit it",
        id="flow-branch-without-target",
    ),
    pytest.param(
        with_two,
        lambda j: j.flow("carrito", "pago", share=1.5),
        "flow 'carrito' -> 'pago' > share",
        "1.5 is not a share; allowed: a number from 0 to 1",
        id="flow-share-above-one",
    ),
    pytest.param(
        lambda: (
            with_two()
            .flow("carrito", "pago", share=0.7)
            .flow("carrito", kind="drop-off", share=0.5)
        ),
        lambda j: j.build(),
        "flows leaving 'carrito'",
        "allowed: at most 1",
        id="flow-shares-sum-over-one",
    ),
    # curves
    pytest.param(
        lambda: with_two().curve("Encuesta", {"carrito": 1, "envio": 1}),
        lambda j: j.build(),
        "curve 'Encuesta' > point 'envio' > touchpoint",
        "allowed: 'carrito', 'pago'",
        id="curve-point-unknown-touchpoint",
    ),
    pytest.param(
        # The value is checked against the scale on the call that gives it, as
        # touchpoint emotions are.
        with_two,
        lambda j: j.curve("Encuesta", [1, 5]),
        "curve 'Encuesta' > point 'pago' > value",
        "allowed: a number from -2 to 2",
        id="curve-value-off-scale",
    ),
    pytest.param(
        with_two,
        lambda j: j.curve("Encuesta", [1]),
        "curve 'Encuesta'",
        "1 values were given for 2 touchpoints",
        id="curve-list-wrong-length",
    ),
    # control characters
    pytest.param(
        in_compra,
        lambda j: j.touchpoint("Pago\x00"),
        "phase 'Compra' > touchpoint 'Pago\\x00' > name",
        TEXT_RULE,
        id="control-character-nul-in-name",
    ),
    pytest.param(
        in_compra,
        lambda j: j.touchpoint("Pago", thoughts=["Pulsa \x1b y sigue"]),
        "phase 'Compra' > touchpoint 'Pago' > thoughts",
        TEXT_RULE,
        id="control-character-escape-in-thoughts",
    ),
    pytest.param(
        nothing,
        lambda _: Journey("Check\x07out"),
        "Journey(...) > title",
        TEXT_RULE,
        id="control-character-bell-in-title",
    ),
    # empty names
    pytest.param(
        nothing,
        lambda _: Journey("   "),
        "Journey(...) > title",
        NOT_EMPTY,
        id="blank-title",
    ),
    pytest.param(
        nothing,
        lambda _: Journey("Checkout", persona=""),
        "Journey(...) > persona > name",
        NOT_EMPTY,
        id="empty-persona-name",
    ),
    pytest.param(
        empty,
        lambda j: j.phase(""),
        "phase '' > name",
        NOT_EMPTY,
        id="empty-phase-name",
    ),
    pytest.param(
        in_compra,
        lambda j: j.touchpoint(" \t"),
        "phase 'Compra' > touchpoint ' \\t' > name",
        NOT_EMPTY,
        id="blank-touchpoint-name",
    ),
    # wrong types
    pytest.param(
        in_compra,
        lambda j: j.touchpoint("Pago", channel=3),
        "phase 'Compra' > touchpoint 'Pago' > channel",
        "expected a channel id or name",
        id="channel-not-a-string",
    ),
    pytest.param(
        in_compra,
        lambda j: j.touchpoint("Pago", metrics=["nps"]),
        "phase 'Compra' > touchpoint 'Pago' > metric #1",
        "expected a mapping with the fields kind, value",
        id="metric-not-a-mapping",
    ),
    # unknown fields
    pytest.param(
        nothing,
        lambda _: Journey("Checkout", persona={"name": "Ana", "age": 34}),
        "Journey(...) > persona > age",
        "allowed: name, description, goals, needs, frustrations, quote",
        id="unknown-persona-field",
    ),
    pytest.param(
        in_compra,
        lambda j: j.touchpoint("Pago", metrics=[{"kind": "nps", "value": 20, "colour": "red"}]),
        "phase 'Compra' > touchpoint 'Pago' > metric 'nps' > colour",
        "allowed: kind, value, name, n, target, unit, source, better",
        id="unknown-metric-field",
    ),
    pytest.param(
        in_compra,
        lambda j: j.touchpoint("Pago", actors=[{"name": "Ana", "rol": "customer"}]),
        "phase 'Compra' > touchpoint 'Pago' > actors > rol",
        "(did you mean 'role'?); allowed: id, name, role, description",
        id="unknown-actor-field-with-hint",
    ),
    # unknown enum values
    pytest.param(
        in_compra,
        lambda j: j.touchpoint("Pago", moment="awful"),
        "phase 'Compra' > touchpoint 'Pago' > moment",
        "allowed: 'positive', 'neutral', 'negative' or 'critical'",
        id="unknown-moment",
    ),
    pytest.param(
        nothing,
        lambda _: Journey("Checkout", kind="past"),
        "Journey(...) > kind",
        "allowed: 'current' or 'future'",
        id="unknown-map-kind",
    ),
    pytest.param(
        empty,
        lambda j: j.channel("WhatsApp", mode="virtual"),
        "channel 'WhatsApp' > mode",
        "allowed: 'online', 'offline' or 'hybrid'",
        id="unknown-channel-mode",
    ),
    pytest.param(
        empty,
        lambda j: j.actor("Jefa", role="boss"),
        "actor 'Jefa' > role",
        "'customer', 'frontstage', 'backstage', 'support', 'system' or 'partner'",
        id="unknown-actor-role",
    ),
    pytest.param(
        with_two,
        lambda j: j.flow("carrito", "pago", kind="jump"),
        "flow 'carrito' -> 'pago' > kind",
        "allowed: 'next', 'branch', 'retry', 'skip', 'drop-off' or 'loop'",
        id="unknown-flow-kind",
    ),
    pytest.param(
        with_two,
        lambda j: j.curve("Encuesta", [1, 0], source="guess"),
        "curve 'Encuesta' > source",
        "allowed: 'assumed', 'measured', 'competitor' or 'future'",
        id="unknown-curve-source",
    ),
    pytest.param(
        in_compra,
        lambda j: j.touchpoint("Pago", evidence_level="guessed"),
        "phase 'Compra' > touchpoint 'Pago' > evidence_level",
        "allowed: 'assumed' or 'measured'",
        id="unknown-evidence-level",
    ),
    # call order
    pytest.param(
        empty,
        lambda j: j.touchpoint("Pago"),
        "touchpoint 'Pago'",
        "touchpoint() was called before any phase(); call .phase('Name') first",
        id="touchpoint-before-phase",
    ),
    # metrics
    pytest.param(
        in_compra,
        lambda j: j.touchpoint("Pago", metrics=[{"kind": "nps", "value": 150}]),
        "phase 'Compra' > touchpoint 'Pago' > metric 'nps'",
        "allowed: -100 to 100",
        id="metric-nps-150",
    ),
    pytest.param(
        in_compra,
        lambda j: j.touchpoint(
            "Pago", metrics=[{"kind": "conversion", "value": 40, "target": 120}]
        ),
        "phase 'Compra' > touchpoint 'Pago' > metric 'conversion'",
        "allowed: 0 to 100",
        id="metric-conversion-target-120",
    ),
    pytest.param(
        in_compra,
        lambda j: j.touchpoint("Pago", metrics=[{"kind": "custom", "value": 3}]),
        "phase 'Compra' > touchpoint 'Pago' > metric 'custom'",
        "a custom metric needs a name",
        id="metric-custom-without-name",
    ),
    pytest.param(
        in_compra,
        lambda j: j.touchpoint("Pago", metrics=[{"kind": "csat", "value": 4, "n": 0}]),
        "phase 'Compra' > touchpoint 'Pago' > metric 'csat' > n",
        "0 is too small; allowed: a whole number from 1 to 1000000000000000",
        id="metric-zero-respondents",
    ),
    # scales
    pytest.param(
        nothing,
        lambda _: Journey("Checkout", scale={"min": 5, "max": 1}),
        "Journey(...) > scale",
        "min (5) must be below max (1)",
        id="scale-min-above-max",
    ),
    pytest.param(
        nothing,
        lambda _: Journey("Checkout", scale="2..2"),
        "Journey(...) > scale",
        "min (2) must be below max (2)",
        id="scale-min-equals-max",
    ),
    pytest.param(
        nothing,
        lambda _: Journey("Checkout", scale={"min": 1, "max": 5, "labels": ["bad", "good"]}),
        "Journey(...) > scale",
        "5 labels are needed, 2 were given",
        id="scale-labels-count",
    ),
    pytest.param(
        nothing,
        lambda _: Journey("Checkout", scale={"min": -2, "max": 2, "neutral": 5}),
        "Journey(...) > scale",
        "neutral (5) must lie within -2..2",
        id="scale-neutral-outside",
    ),
    pytest.param(
        nothing,
        lambda _: Journey("Checkout", scale="one to five"),
        "Journey(...) > scale",
        "allowed: two integers [MIN, MAX] such as [1, 5], 'MIN..MAX' such as '1..5'",
        id="scale-unparsable",
    ),
    # ids
    pytest.param(
        in_compra,
        lambda j: j.touchpoint("Pago", id="-pago"),
        "phase 'Compra' > touchpoint 'Pago' > id",
        ID_RULE,
        id="touchpoint-id-leading-dash",
    ),
    pytest.param(
        empty,
        lambda j: j.phase("Compra", id="con espacio"),
        "phase 'Compra' > id",
        ID_RULE,
        id="phase-id-with-space",
    ),
    pytest.param(
        empty,
        lambda j: j.actor("Ana María", id="ana maría"),
        "actor 'Ana María' > id",
        ID_RULE,
        id="actor-id-with-accent",
    ),
    pytest.param(
        empty,
        lambda j: j.channel("A/B", id="a/b"),
        "channel 'A/B' > id",
        ID_RULE,
        id="channel-id-with-slash",
    ),
    pytest.param(
        in_compra,
        lambda j: j.touchpoint("Pago", id="x" * 81),
        "phase 'Compra' > touchpoint 'Pago' > id",
        ID_RULE,
        id="touchpoint-id-too-long",
    ),
]


@pytest.mark.parametrize(("setup", "offend", "where", "allowed"), BUILDER_CASES)
def test_builder_call_raises_located_error(
    setup: Setup, offend: Offend, where: str, allowed: str
) -> None:
    journey = setup()  # everything before the offending call is valid
    with pytest.raises(JourneyMapError) as info:
        offend(journey)
    message = str(info.value)
    assert isinstance(info.value, ValueError)
    assert len(info.value.problems) == 1
    assert where in message
    assert allowed in message


# -- YAML and JSON text ----------------------------------------------------------------

# The line given as ``{extra}`` is line 11, indented by 8 spaces, inside touchpoint
# 'Facturación' of phase 'Compra'. One actor, 'maya', is declared.
TOUCHPOINT_DOC = """\
title: Checkout
actors:
  - id: maya
    name: Maya
phases:
  - id: compra
    name: Compra
    touchpoints:
      - id: facturacion
        name: Facturación
        {extra}
"""

# Phase 'Compra' with touchpoints 'carrito' (lines 6-7) and 'pago' (lines 8-9); the
# text given as ``{tail}`` starts on line 10.
TAIL_DOC = """\
title: Checkout
phases:
  - id: compra
    name: Compra
    touchpoints:
      - id: carrito
        name: Carrito
      - id: pago
        name: Pago
{tail}"""

FACTURACION = "phase 'Compra' > touchpoint 'Facturación'"
TOP_FIELDS = "allowed: title, description, persona, objective, scenario"


def tp_doc(extra: str) -> str:
    return TOUCHPOINT_DOC.format(extra=extra)


def tail_doc(tail: str) -> str:
    return TAIL_DOC.format(tail=tail)


TEXT_CASES = [
    # emotions
    pytest.param(
        tp_doc("emotion: 3"),
        "yaml",
        "map.yaml:11:18: ",
        f"{FACTURACION} > emotion",
        "allowed: a number from -2 to 2",
        id="emotion-above-scale",
    ),
    pytest.param(
        "title: Checkout\n"
        "scale: 1..5\n"
        "phases:\n"
        "  - id: compra\n"
        "    name: Compra\n"
        "    touchpoints:\n"
        "      - id: pago\n"
        "        name: Pago\n"
        "        emotion: 6\n",
        "yaml",
        "map.yaml:9:18: ",
        "phase 'Compra' > touchpoint 'Pago' > emotion",
        "allowed: a number from 1 to 5",
        id="emotion-above-1-to-5-scale",
    ),
    pytest.param(
        tp_doc("emotion: .nan"),
        "yaml",
        "map.yaml:11:18: ",
        f"{FACTURACION} > emotion",
        "allowed: a finite number",
        id="emotion-nan",
    ),
    pytest.param(
        tp_doc("emotion: .inf"),
        "yaml",
        "map.yaml:11:18: ",
        f"{FACTURACION} > emotion",
        "allowed: a finite number",
        id="emotion-infinity",
    ),
    pytest.param(
        tp_doc("emotion: true"),
        "yaml",
        "map.yaml:11:18: ",
        f"{FACTURACION} > emotion",
        "allowed: a finite number",
        id="emotion-boolean",
    ),
    pytest.param(
        tp_doc("emotion: high"),
        "yaml",
        "map.yaml:11:18: ",
        f"{FACTURACION} > emotion",
        "allowed: a finite number",
        id="emotion-word",
    ),
    # references
    pytest.param(
        tp_doc("channel: telegram"),
        "yaml",
        "map.yaml:11:18: ",
        f"{FACTURACION} > channel",
        "or declare it under 'channels'",
        id="dangling-channel",
    ),
    pytest.param(
        tp_doc("actors: [bob]"),
        "yaml",
        "map.yaml:11:18: ",
        f"{FACTURACION} > actor",
        "allowed: 'maya'",
        id="dangling-actor",
    ),
    # duplicate ids
    pytest.param(
        tail_doc("      - id: pago\n        name: Pago otra vez\n"),
        "yaml",
        "map.yaml:10:",
        "phase 'Compra' > touchpoint 'Pago otra vez' > id",
        "'pago' is used twice",
        id="duplicate-touchpoint-id",
    ),
    pytest.param(
        tail_doc("  - id: compra\n    name: Envío\n"),
        "yaml",
        "map.yaml:10:",
        "phase 'Envío' > id",
        "'compra' is used twice",
        id="duplicate-phase-id",
    ),
    # flows
    pytest.param(
        tail_doc("flows:\n  - source: envio\n    target: pago\n"),
        "yaml",
        "map.yaml:11:",
        "flow #1 > source",
        "allowed: 'carrito', 'pago'",
        id="flow-dangling-source",
    ),
    pytest.param(
        tail_doc("flows:\n  - source: carrito\n    target: envio\n"),
        "yaml",
        "map.yaml:12:",
        "flow #1 > target",
        "allowed: 'carrito', 'pago'",
        id="flow-dangling-target",
    ),
    pytest.param(
        tail_doc("flows:\n  - source: carrito\n    kind: retry\n"),
        "yaml",
        "map.yaml:11:",
        "flow #1",
        "only 'drop-off' may omit it",
        id="flow-retry-without-target",
    ),
    pytest.param(
        tail_doc(
            "flows:\n"
            "  - {source: carrito, target: pago, share: 0.75}\n"
            "  - {source: carrito, kind: drop-off, share: 0.5}\n"
        ),
        "yaml",
        "map.yaml:12:46:",
        "flow #2 > share: the shares of the flows leaving 'carrito' add up to 1.25",
        "allowed: at most 1",
        id="flow-shares-sum-over-one",
    ),
    pytest.param(
        # Booleans are refused as numbers everywhere else (emotions, metrics).
        tail_doc("flows:\n  - {source: carrito, target: pago, share: true}\n"),
        "yaml",
        "map.yaml:11:",
        "flow #1 > share",
        "True is not a share; allowed: a number from 0 to 1",
        id="flow-share-boolean",
    ),
    pytest.param(
        tail_doc("flows:\n  - {source: carrito, target: pago, kind: jump}\n"),
        "yaml",
        "map.yaml:11:",
        "flow #1 > kind",
        "allowed: 'next', 'branch', 'retry', 'skip', 'drop-off' or 'loop'",
        id="flow-unknown-kind",
    ),
    # curves: the bad entry is on its own line (line 15)
    pytest.param(
        tail_doc(
            "curves:\n"
            "  - id: encuesta\n"
            "    name: Encuesta\n"
            "    points:\n"
            "      carrito: 1\n"
            "      envio: 0\n"
        ),
        "yaml",
        "map.yaml:15:",
        "curve 'Encuesta'",
        "allowed: 'carrito', 'pago'",
        id="curve-point-unknown-touchpoint",
    ),
    pytest.param(
        tail_doc(
            "curves:\n"
            "  - id: encuesta\n"
            "    name: Encuesta\n"
            "    points:\n"
            "      carrito: 1\n"
            "      pago: -3\n"
        ),
        "yaml",
        "map.yaml:15:",
        "curve 'Encuesta'",
        "allowed: a number from -2 to 2",
        id="curve-value-off-scale",
    ),
    pytest.param(
        tail_doc(
            "curves:\n"
            "  - id: encuesta\n"
            "    name: Encuesta\n"
            "    points:\n"
            "      - {touchpoint: carrito, value: 1}\n"
            "      - {touchpoint: pago, value: 7}\n"
        ),
        "yaml",
        "map.yaml:15:",
        "curve 'Encuesta' > point 'pago' > value",
        "allowed: a number from -2 to 2",
        id="curve-value-off-scale-list-form",
    ),
    # control characters
    pytest.param(
        tp_doc('thoughts: "Pulsa \\x1b y sigue"'),
        "yaml",
        "map.yaml:11:",
        f"{FACTURACION} > thoughts",
        TEXT_RULE,
        id="control-character-escaped-in-yaml",
    ),
    pytest.param(
        "title: Check\x00out\n",
        "yaml",
        "map.yaml:1:",
        "",
        "0000",
        id="control-character-raw-in-yaml",
    ),
    pytest.param(
        '{"title": "Check\\u001bout"}',
        "json",
        "map.yaml:1:",
        "title",
        TEXT_RULE,
        id="control-character-escaped-in-json",
    ),
    # empty names
    pytest.param(
        "title: ''\n",
        "yaml",
        "map.yaml:1:8: ",
        "title",
        NOT_EMPTY,
        id="empty-title",
    ),
    pytest.param(
        "title: Checkout\nphases:\n  - id: compra\n    name: '   '\n",
        "yaml",
        "map.yaml:4:11: ",
        "phase #1 > name",
        NOT_EMPTY,
        id="blank-phase-name",
    ),
    pytest.param(
        tail_doc('      - id: envio\n        name: ""\n'),
        "yaml",
        "map.yaml:11:",
        "phase 'Compra' > touchpoint #3 > name",
        NOT_EMPTY,
        id="empty-touchpoint-name",
    ),
    pytest.param(
        "phases: []\n",
        "yaml",
        "map.yaml:1:",
        "title",
        "this required field is missing",
        id="missing-title",
    ),
    # wrong types
    pytest.param(
        "title: Checkout\nphases: Compra, Pago\n",
        "yaml",
        "map.yaml:2:9: ",
        "phases",
        "expected a list; got 'Compra, Pago' (str)",
        id="phases-as-string",
    ),
    pytest.param(
        "title: Checkout\nphases: [Compra]\n",
        "yaml",
        "map.yaml:2:10: ",
        "phase #1",
        "expected a mapping with the fields id, name",
        id="phase-as-string",
    ),
    pytest.param(
        "title: [Checkout]\n",
        "yaml",
        "map.yaml:1:8: ",
        "title",
        "valid string",
        id="title-as-list",
    ),
    # unknown fields
    pytest.param(
        tp_doc("colour: red"),
        "yaml",
        "map.yaml:11:",
        f"{FACTURACION} > colour",
        "unknown field 'colour'; allowed: id, name, description, action, channel",
        id="unknown-touchpoint-field",
    ),
    pytest.param(
        tp_doc("emotoin: 1"),
        "yaml",
        "map.yaml:11:",
        f"{FACTURACION} > emotoin",
        "(did you mean 'emotion'?)",
        id="misspelt-touchpoint-field",
    ),
    pytest.param(
        "title: Checkout\ncolour: red\n",
        "yaml",
        "map.yaml:2:",
        "colour",
        TOP_FIELDS,
        id="unknown-top-level-field",
    ),
    pytest.param(
        '{\n  "title": "Checkout",\n  "colour": "red"\n}\n',
        "json",
        "map.yaml:3:",
        "colour",
        TOP_FIELDS,
        id="unknown-top-level-field-json",
    ),
    # unknown enum values
    pytest.param(
        tp_doc("moment: awful"),
        "yaml",
        "map.yaml:11:17: ",
        f"{FACTURACION} > moment",
        "allowed: 'positive', 'neutral', 'negative' or 'critical'",
        id="unknown-moment",
    ),
    pytest.param(
        "title: Checkout\nkind: past\n",
        "yaml",
        "map.yaml:2:7: ",
        "kind",
        "allowed: 'current' or 'future'",
        id="unknown-map-kind",
    ),
    pytest.param(
        "title: Checkout\nchannels:\n  - id: wa\n    name: WhatsApp\n    mode: virtual\n",
        "yaml",
        "map.yaml:5:11: ",
        "channel 'WhatsApp' > mode",
        "allowed: 'online', 'offline' or 'hybrid'",
        id="unknown-channel-mode",
    ),
    pytest.param(
        tp_doc("metrics: [{kind: happiness, value: 4}]"),
        "yaml",
        "map.yaml:11:",
        f"{FACTURACION} > metric 'happiness' > kind",
        "'nps', 'csat', 'ces', 'conversion', 'drop-off', 'time' or 'custom'",
        id="unknown-metric-kind",
    ),
    # metrics
    pytest.param(
        tp_doc("metrics: [{kind: nps, value: 150}]"),
        "yaml",
        "map.yaml:11:",
        f"{FACTURACION} > metric 'nps'",
        "allowed: -100 to 100",
        id="metric-nps-150",
    ),
    pytest.param(
        tp_doc("metrics: [{kind: custom, value: 3}]"),
        "yaml",
        "map.yaml:11:",
        f"{FACTURACION} > metric 'custom'",
        "a custom metric needs a name",
        id="metric-custom-without-name",
    ),
    # scales
    pytest.param(
        "title: Checkout\nscale: 5..1\n",
        "yaml",
        "map.yaml:2:8: ",
        "scale",
        "min (5) must be below max (1)",
        id="scale-min-above-max",
    ),
    pytest.param(
        "title: Checkout\nscale:\n  min: 1\n  max: 5\n  labels: [awful, bad, fine]\n",
        "yaml",
        "map.yaml:3:",
        "scale",
        "5 labels are needed, 3 were given",
        id="scale-labels-count",
    ),
    # ids
    pytest.param(
        "title: Checkout\nphases:\n  - id: con espacio\n    name: Compra\n",
        "yaml",
        "map.yaml:3:9: ",
        "phase 'Compra' > id",
        ID_RULE,
        id="phase-id-with-space",
    ),
    # malformed documents
    pytest.param(
        "title: Checkout\nphases:\n  - id: compra\n    name: Compra: Pago\n",
        "yaml",
        "map.yaml:4:17: ",
        "",
        "invalid YAML",
        id="malformed-yaml",
    ),
    pytest.param(
        '{"title": "Checkout",\n "phases": [}\n',
        "json",
        "map.yaml:2:13: ",
        "",
        "invalid JSON",
        id="malformed-json",
    ),
    pytest.param(
        "title: Checkout\ntitle: Pago\n",
        "yaml",
        "map.yaml:2:1: ",
        "",
        "key 'title' appears twice (first on line 1)",
        id="duplicate-top-level-key",
    ),
    pytest.param(
        tp_doc("name: Otra"),
        "yaml",
        "map.yaml:11:9: ",
        "",
        "key 'name' appears twice (first on line 10)",
        id="duplicate-touchpoint-key",
    ),
    pytest.param(
        # JSON objects with a repeated key are as ambiguous as YAML mappings.
        '{"title": "Checkout",\n "title": "Pago"}\n',
        "json",
        "map.yaml:2:",
        "",
        "'title'",
        id="duplicate-json-key",
    ),
    pytest.param(
        "- title: Checkout\n",
        "yaml",
        "map.yaml:1: ",
        "",
        "the document is a list; allowed: a mapping",
        id="document-is-a-list",
    ),
    pytest.param(
        "Checkout\n",
        "yaml",
        "map.yaml:1: ",
        "",
        "allowed: a mapping",
        id="document-is-a-string",
    ),
    pytest.param(
        "# nothing here\n",
        "yaml",
        "map.yaml:1: ",
        "",
        "allowed: a mapping",
        id="document-is-empty",
    ),
    pytest.param(
        '["Checkout"]',
        "json",
        "map.yaml:1: ",
        "",
        "allowed: a mapping",
        id="json-document-is-a-list",
    ),
]


@pytest.mark.parametrize(("text", "data_format", "at", "where", "allowed"), TEXT_CASES)
def test_text_raises_located_error(
    text: str, data_format: Literal["yaml", "json"], at: str, where: str, allowed: str
) -> None:
    with pytest.raises(JourneyMapError) as info:
        loads(text, data_format, source="map.yaml")
    message = str(info.value)
    assert isinstance(info.value, ValueError)
    assert len(info.value.problems) == 1
    assert message.startswith(at)
    assert where in message
    assert allowed in message


# -- files -----------------------------------------------------------------------------

FILE_CASES = [
    pytest.param(
        "map.yaml",
        tp_doc("emotion: -7").encode(),
        "{path}:11:18: ",
        f"{FACTURACION} > emotion: -7",
        id="yaml-file-emotion-off-scale",
    ),
    pytest.param(
        "map.yml",
        b"title: Checkout\nphases:\n  - id: compra\n    name: Compra: Pago\n",
        "{path}:4:17: ",
        "invalid YAML",
        id="yml-file-malformed",
    ),
    pytest.param(
        "map.json",
        b'{\n  "title": "Checkout",\n  "kind": "past"\n}\n',
        "{path}:3:",
        "allowed: 'current' or 'future'",
        id="json-file-unknown-kind",
    ),
    pytest.param(
        "map.yaml",
        b"title: Check\x07out\n",
        "{path}:1:",
        "0007",
        id="yaml-file-raw-control-character",
    ),
    pytest.param(
        "map.yaml",
        "title: Café\n".encode("latin-1"),
        "{path}:1:11: ",
        "UTF-8",
        id="file-not-utf8",
    ),
    pytest.param(
        "map.toml",
        b'title = "Checkout"\n',
        "{path}: ",
        "allowed: .json, .mermaid, .mmd, .yaml, .yml",
        id="file-unknown-suffix",
    ),
]


@pytest.mark.parametrize(("name", "content", "at", "allowed"), FILE_CASES)
def test_file_raises_located_error(
    tmp_path: Path, name: str, content: bytes, at: str, allowed: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(JourneyMapError) as info:
        load(path)
    message = str(info.value)
    assert len(info.value.problems) == 1
    assert message.startswith(at.format(path=path))
    assert allowed in message
