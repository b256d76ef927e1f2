"""Words the renderers print, in English and Spanish, and how each language writes numbers.

Lane names, column headers, moments, channel modes and the built-in channels' names
are looked up by key in a :class:`Words` object: one immutable value per language, made
once by :func:`words_for` and passed down, so no renderer resolves a locale string
again. ``words_for("es-MX")`` falls back to ``es``. Numbers follow the language:
Spanish writes a decimal comma and a space before ``%`` (``4,6/5``, ``38 %``, the space
a no-break one so the two never part).

Example:
    >>> words = words_for("es")
    >>> words["pain_points"], words.lane("emotion")
    ('Puntos de dolor', 'Emoción')
    >>> words.number(4.6), words.percent(38), words_for("en").number(-1.5, signed=True)
    ('4,6', '38\\xa0%', '-1.5')
    >>> labels("en-GB")["pain_points"]
    'Pain points'
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from journeymap.errors import JourneyMapError

__all__ = [
    "NUMBER_STYLES",
    "SUPPORTED_LOCALES",
    "NumberStyle",
    "Words",
    "channel_name",
    "labels",
    "scale_words",
    "words_for",
]

_EN: dict[str, str] = {
    "persona": "Persona",
    "goals": "Goals",
    "needs": "Needs",
    "frustrations": "Frustrations",
    "objective": "Objective",
    "scenario": "Scenario",
    "expectations": "Expectations",
    "kind": "Map",
    "kind.current": "current state",
    "kind.future": "future state",
    "scale": "Scale",
    "journey": "Journey",
    "phase": "Phase",
    "goal": "Goal",
    "touchpoint": "Touchpoint",
    "description": "Description",
    "action": "Action",
    "channel": "Channel",
    "mode": "Mode",
    "actors": "Actors",
    "emotion": "Emotion",
    "feeling": "Feeling",
    "moment": "Moment",
    "thoughts": "Thoughts",
    "motivations": "Motivations",
    "doubts": "Doubts",
    "pain_points": "Pain points",
    "opportunities": "Opportunities",
    "frontstage": "Frontstage",
    "backstage": "Backstage",
    "support": "Support",
    "evidence": "Evidence",
    "owner": "Owner",
    "duration": "Duration",
    "metrics": "Metrics",
    "metric": "Metric",
    "value": "Value",
    "target": "Target",
    "n": "n",
    "source": "Source",
    "status": "Status",
    "interval": "95% interval",
    "gaps": "Assumed and measured emotion",
    "gap": "Gap",
    "gap.assumed": "Assumed",
    "gap.measured": "Measured",
    "gap_note": (
        "Gap: measured minus assumed, on the map's scale; a gap of 1 level or more is in bold."
    ),
    "status.on target": "on target",
    "status.below target": "below target",
    "status.above target": "above target",
    "channels_by_phase": "Channels by phase",
    "pains_and_opportunities": "Pain points and opportunities",
    "emotion_curve": "Emotion curve",
    "curve": "Curve",
    "curve.main": "Emotion",
    "sparkline_legend": "lowest {low} to highest {high}; │ separates phases; · no data",
    "moment.positive": "positive",
    "moment.neutral": "neutral",
    "moment.negative": "negative",
    "moment.critical": "critical",
    "mode.online": "online",
    "mode.offline": "offline",
    "mode.hybrid": "hybrid",
    "source.assumed": "assumed",
    "source.measured": "measured",
    "source.competitor": "competitor",
    "source.future": "future",
    "source.mixed": "partly measured",
    "metric.nps": "NPS",
    "metric.csat": "CSAT",
    "metric.ces": "CES",
    "metric.conversion": "Conversion",
    "metric.drop-off": "Drop-off",
    "metric.time": "Time",
    "metric.custom": "Metric",
    "evidence_level.assumed": "assumed",
    "evidence_level.measured": "measured",
    "no_touchpoints": "no touchpoints",
    "word.very_negative": "very negative",
    "word.negative": "negative",
    "word.neutral": "neutral",
    "word.positive": "positive",
    "word.very_positive": "very positive",
    "lane.touchpoints": "Touchpoints",
    "lane.actions": "Actions",
    "lane.channels": "Channels",
    "lane.evidence": "Physical evidence",
    "lane.emotion": "Emotion",
    "lane.thoughts": "Thoughts & feelings",
    "lane.motivations": "Motivations",
    "lane.doubts": "Doubts",
    "lane.pain_points": "Pain points",
    "lane.opportunities": "Opportunities",
    "lane.frontstage": "Frontstage",
    "lane.visibility": "Line of visibility",
    "lane.backstage": "Backstage",
    "lane.support": "Support",
    "lane.metrics": "Metrics",
    "blueprint.actions": "Customer actions",
    "blueprint.interaction": "Line of interaction",
    "blueprint.internal": "Line of internal interaction",
    "blueprint.failure": "failure point (critical moment)",
    "blueprint.failure_mark": "F",
    "blueprint.wait": "waiting time",
    "blueprint.wait_mark": "W",
    "blueprint.handoff": "who starts → who receives, on the channel",
    "blueprint.step": "next step in the same row",
    "blueprint.desc": "Service blueprint of {persona} across {phases} and {touchpoints}.",
    "blueprint.desc_no_persona": "Service blueprint across {phases} and {touchpoints}.",
    "role.customer": "customer",
    "role.frontstage": "frontstage",
    "role.backstage": "backstage",
    "role.support": "support",
    "role.system": "system",
    "role.partner": "partner",
    "legend": "Legend",
    "item.thoughts": "thought",
    "item.motivations": "motivation",
    "item.doubts": "doubt",
    "with": "with",
    "map_desc": "Customer journey map of {persona} across {phases} and {touchpoints}.",
    "map_desc_no_persona": "Customer journey map across {phases} and {touchpoints}.",
    "count.phases.one": "{n} phase",
    "count.phases.other": "{n} phases",
    "count.touchpoints.one": "{n} touchpoint",
    "count.touchpoints.other": "{n} touchpoints",
    "tp_title": "{phase} › {name}. Channel: {channel}. Emotion: {emotion}. Moment: {moment}.",
    "none": "none",
    "start": "start",
    "end": "end",
    "lost": "lost",
    "flow.next": "next",
    "flow.branch": "branch",
    "flow.retry": "retry",
    "flow.skip": "skip",
    "flow.loop": "loop",
    "flow.drop-off": "drop-off",
    # Analysis: critical moments, deviations from a plan, comparisons.
    "critical.low-emotion": "emotion {value}, at or below {limit}",
    "critical.emotion-drop": "drops {drop} levels after «{previous}»",
    "critical.metric-off-target.higher": "{metric} {value}, below target {target}",
    "critical.metric-off-target.lower": "{metric} {value}, above target {target}",
    "critical.drop-off": "{share} drop off here",
    "critical.marked": "marked critical",
    "critical.short.low-emotion": "very low emotion",
    "critical.short.emotion-drop": "sharp drop",
    "critical.short.metric-off-target": "{metric} off target",
    "critical.short.drop-off": "{share} drop off",
    "deviation.unplanned": "unplanned step",
    "deviation.missing": "missing: {name}",
    "deviation.out_of_order": "out of order: {detail}",
    "deviation.after": "after «{previous}»",
    "deviation.first": "the plan does not start here",
    "deviation.failing": "failing: {reasons}",
    "compare.title": "{own} compared with {competitor}",
    "compare.note": "Emotions on the scale {scale}; the difference is {own} minus {competitor}.",
    "compare.mean": "phase mean",
    "compare.difference": "Difference",
    "compare.metrics": "Metrics",
    "compare.better": "Better",
    "compare.same": "same",
    "compare.points": "{} pp",
    "deviations.title": "Deviations from the plan «{title}»",
    "deviations.step": "Step",
    "deviations.kind": "Deviation",
    "deviations.detail": "Detail",
    "deviations.none": "No deviations: the path followed the plan.",
    "deviations.summary": (
        "Steps taken: {steps}. Missing: {missing}; unplanned: {unplanned}; "
        "failing: {failing}; out of order: {out_of_order}."
    ),
    "deviations.planned_in": "planned in «{phase}»",
    "deviation.kind.missing": "missing",
    "deviation.kind.unplanned": "unplanned",
    "deviation.kind.failing": "failing",
    "deviation.kind.out_of_order": "out of order",
    "critical.title": "Critical moments",
    "critical.why": "Why",
    "critical.none": "No critical moments.",
}

_ES: dict[str, str] = {
    "persona": "Persona",
    "goals": "Metas",
    "needs": "Necesidades",
    "frustrations": "Frustraciones",
    "objective": "Objetivo",
    "scenario": "Escenario",
    "expectations": "Expectativas",
    "kind": "Mapa",
    "kind.current": "situación actual",
    "kind.future": "situación futura",
    "scale": "Escala",
    "journey": "Recorrido",
    "phase": "Fase",
    "goal": "Meta",
    "touchpoint": "Punto de contacto",
    "description": "Descripción",
    "action": "Acción",
    "channel": "Canal",
    "mode": "Modo",
    "actors": "Actores",
    "emotion": "Emoción",
    "feeling": "Sentimiento",
    "moment": "Momento",
    "thoughts": "Pensamientos",
    "motivations": "Motivaciones",
    "doubts": "Dudas",
    "pain_points": "Puntos de dolor",
    "opportunities": "Oportunidades",
    "frontstage": "Interacción visible",
    "backstage": "Procesos internos",
    "support": "Soporte",
    "evidence": "Evidencias",
    "owner": "Responsable",
    "duration": "Duración",
    "metrics": "Métricas",
    "metric": "Métrica",
    "value": "Valor",
    "target": "Valor meta",
    "n": "n",
    "source": "Fuente",
    "status": "Estado",
    "interval": "Intervalo del 95\u00a0%",
    "gaps": "Emoción supuesta y medida",
    "gap": "Diferencia",
    "gap.assumed": "Supuesta",
    "gap.measured": "Medida",
    "gap_note": (
        "Diferencia: la medida menos la supuesta, en la escala del mapa; "
        "una diferencia de 1 nivel o más va en negrita."
    ),
    "status.on target": "en meta",
    "status.below target": "bajo la meta",
    "status.above target": "sobre la meta",
    "channels_by_phase": "Canales por fase",
    "pains_and_opportunities": "Puntos de dolor y oportunidades",
    "emotion_curve": "Curva de la emoción",
    "curve": "Curva",
    "curve.main": "Emoción",
    "sparkline_legend": "de la más baja {low} a la más alta {high}; │ separa fases; · sin dato",
    "moment.positive": "positivo",
    "moment.neutral": "neutro",
    "moment.negative": "negativo",
    "moment.critical": "crítico",
    "mode.online": "online",
    "mode.offline": "offline",
    "mode.hybrid": "híbrido",
    "source.assumed": "supuesta",
    "source.measured": "medida",
    "source.competitor": "competidor",
    "source.future": "futura",
    "source.mixed": "medida en parte",
    "metric.nps": "NPS",
    "metric.csat": "CSAT",
    "metric.ces": "CES",
    "metric.conversion": "Conversión",
    "metric.drop-off": "Abandono",
    "metric.time": "Tiempo",
    "metric.custom": "Métrica",
    "evidence_level.assumed": "supuesta",
    "evidence_level.measured": "medida",
    "no_touchpoints": "sin puntos de contacto",
    "word.very_negative": "muy negativa",
    "word.negative": "negativa",
    "word.neutral": "neutra",
    "word.positive": "positiva",
    "word.very_positive": "muy positiva",
    "lane.touchpoints": "Puntos de contacto",
    "lane.actions": "Acciones",
    "lane.channels": "Canales",
    "lane.evidence": "Evidencias físicas",
    "lane.emotion": "Emoción",
    "lane.thoughts": "Pensamientos y sentimientos",
    "lane.motivations": "Motivaciones",
    "lane.doubts": "Dudas",
    "lane.pain_points": "Puntos de dolor",
    "lane.opportunities": "Oportunidades",
    "lane.frontstage": "Interacción visible",
    "lane.visibility": "Línea de visibilidad",
    "lane.backstage": "Procesos internos",
    "lane.support": "Soporte",
    "lane.metrics": "Métricas",
    "blueprint.actions": "Acciones del cliente",
    "blueprint.interaction": "Línea de interacción",
    "blueprint.internal": "Línea de interacción interna",
    "blueprint.failure": "punto de fallo (momento crítico)",
    "blueprint.failure_mark": "F",
    "blueprint.wait": "tiempo de espera",
    "blueprint.wait_mark": "E",
    "blueprint.handoff": "quien inicia → quien recibe, por el canal",
    "blueprint.step": "paso siguiente en la misma fila",
    "blueprint.desc": "Blueprint del servicio de {persona} en {phases} y {touchpoints}.",
    "blueprint.desc_no_persona": "Blueprint del servicio en {phases} y {touchpoints}.",
    "role.customer": "cliente",
    "role.frontstage": "personal de contacto",
    "role.backstage": "personal interno",
    "role.support": "soporte",
    "role.system": "sistema",
    "role.partner": "socio",
    "legend": "Leyenda",
    "item.thoughts": "pensamiento",
    "item.motivations": "motivación",
    "item.doubts": "duda",
    "with": "con",
    "map_desc": "Mapa de la experiencia de {persona} en {phases} y {touchpoints}.",
    "map_desc_no_persona": "Mapa de la experiencia del cliente en {phases} y {touchpoints}.",
    "count.phases.one": "{n} fase",
    "count.phases.other": "{n} fases",
    "count.touchpoints.one": "{n} punto de contacto",
    "count.touchpoints.other": "{n} puntos de contacto",
    "tp_title": "{phase} › {name}. Canal: {channel}. Emoción: {emotion}. Momento: {moment}.",
    "none": "ninguno",
    "start": "inicio",
    "end": "fin",
    "lost": "perdido",
    "flow.next": "siguiente",
    "flow.branch": "alternativa",
    "flow.retry": "reintento",
    "flow.skip": "salto",
    "flow.loop": "bucle",
    "flow.drop-off": "abandono",
    # Analysis: critical moments, deviations from a plan, comparisons.
    "critical.low-emotion": "emoción {value}, igual o inferior a {limit}",
    "critical.emotion-drop": "cae {drop} niveles tras «{previous}»",
    "critical.metric-off-target.higher": "{metric} {value}, bajo la meta {target}",
    "critical.metric-off-target.lower": "{metric} {value}, sobre la meta {target}",
    "critical.drop-off": "el {share} abandona aquí",
    "critical.marked": "marcado como crítico",
    "critical.short.low-emotion": "emoción muy baja",
    "critical.short.emotion-drop": "caída brusca",
    "critical.short.metric-off-target": "{metric} fuera de meta",
    "critical.short.drop-off": "abandona el {share}",
    "deviation.unplanned": "paso no previsto",
    "deviation.missing": "falta: {name}",
    "deviation.out_of_order": "fuera de orden: {detail}",
    "deviation.after": "tras «{previous}»",
    "deviation.first": "el plan no empieza aquí",
    "deviation.failing": "falla: {reasons}",
    "compare.title": "{own} frente a {competitor}",
    "compare.note": "Emociones en la escala {scale}; la diferencia es {own} menos {competitor}.",
    "compare.mean": "media de la fase",
    "compare.difference": "Diferencia",
    "compare.metrics": "Métricas",
    "compare.better": "Mejor",
    "compare.same": "igual",
    "compare.points": "{}\u00a0p.\u00a0p.",
    "deviations.title": "Desviaciones del plan «{title}»",
    "deviations.step": "Paso",
    "deviations.kind": "Desviación",
    "deviations.detail": "Detalle",
    "deviations.none": "Sin desviaciones: el recorrido siguió el plan.",
    "deviations.summary": (
        "Pasos dados: {steps}. Faltan: {missing}; no previstos: {unplanned}; "
        "fallan: {failing}; fuera de orden: {out_of_order}."
    ),
    "deviations.planned_in": "previsto en «{phase}»",
    "deviation.kind.missing": "falta",
    "deviation.kind.unplanned": "no previsto",
    "deviation.kind.failing": "falla",
    "deviation.kind.out_of_order": "fuera de orden",
    "critical.title": "Momentos críticos",
    "critical.why": "Por qué",
    "critical.none": "Sin momentos críticos.",
}

_CHANNEL_NAMES_ES: dict[str, str] = {
    "web": "Sitio web",
    "app": "App móvil",
    "email": "Correo electrónico",
    "chat": "Chat",
    "messaging": "Mensajería",
    "sms": "SMS",
    "social": "Redes sociales",
    "search": "Buscador",
    "video-call": "Videollamada",
    "phone": "Teléfono",
    "store": "Tienda",
    "face-to-face": "En persona",
    "letter": "Carta",
    "event": "Evento",
    "print": "Impreso",
    "kiosk": "Quiosco",
    "advertising": "Publicidad",
}

_TABLES: dict[str, Mapping[str, str]] = {"en": _EN, "es": _ES}
_CHANNELS: dict[str, Mapping[str, str]] = {"en": {}, "es": _CHANNEL_NAMES_ES}

#: The languages renderers can print.
SUPPORTED_LOCALES: tuple[str, ...] = tuple(sorted(_TABLES))


@dataclass(frozen=True)
class NumberStyle:
    """How a language writes numbers.

    Attributes:
        decimal: The decimal mark.
        percent: The percent form, ``{}`` standing for the number.
    """

    decimal: str
    percent: str


#: How each supported language writes numbers.
NUMBER_STYLES: Mapping[str, NumberStyle] = MappingProxyType(
    {
        "en": NumberStyle(decimal=".", percent="{}%"),
        "es": NumberStyle(decimal=",", percent="{}\u00a0%"),
    }
)


@dataclass(frozen=True, eq=False)
class Words(Mapping[str, str]):
    """The words and number style of one language; a read-only mapping of its words.

    Make one with :func:`words_for`. Templates see it as ``t`` (``t.pain_points`` or
    ``t["lane.emotion"]``).

    Attributes:
        locale: The language tag it was asked for, e.g. ``es-MX``.
        language: The supported language it resolved to, e.g. ``es``.
        table: Every word by key.
        numbers: How numbers are written.
    """

    locale: str
    language: str
    table: Mapping[str, str]
    numbers: NumberStyle

    def __getitem__(self, key: str) -> str:
        return self.table[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.table)

    def __len__(self) -> int:
        return len(self.table)

    def __getattr__(self, key: str) -> str:
        # Lets templates write ``t.pain_points``. No word key may be named like a field
        # or method of this class (a test checks), or ``t.<key>`` would find that first.
        table = self.__dict__.get("table")
        if table is not None and key in table:
            return str(table[key])
        raise AttributeError(key)

    def lane(self, key: str) -> str:
        """A lane's header: the word ``lane.<key>``, or the registered lane's own name."""
        word = self.table.get(f"lane.{key}")
        if word is not None:
            return word
        from journeymap.lanes import get_lane

        return get_lane(key).names[self.language]

    def number(self, value: float, *, decimals: int = 2, signed: bool = False) -> str:
        """A number with at most ``decimals`` decimals, in this language's style.

        Example:
            >>> words_for("es").number(0.1 + 0.2), words_for("en").number(2, signed=True)
            ('0,3', '+2')
        """
        from journeymap.formatting import format_number

        text = format_number(value, decimals=decimals, signed=signed)
        return text.replace(".", self.numbers.decimal) if self.numbers.decimal != "." else text

    def percent(self, value: float, *, decimals: int = 2, signed: bool = False) -> str:
        """A percentage (``38`` for 38 %), in this language's style."""
        return self.numbers.percent.format(self.number(value, decimals=decimals, signed=signed))

    def count(self, noun: str, n: int) -> str:
        """``n`` and the noun, singular or plural: the words ``count.<noun>.one|other``.

        Example:
            >>> words_for("en").count("phases", 1), words_for("es").count("touchpoints", 3)
            ('1 phase', '3 puntos de contacto')
        """
        return self.table[f"count.{noun}.{'one' if n == 1 else 'other'}"].format(n=n)

    def channel_name(self, channel_id: str, name: str) -> str:
        """A channel's display name: translated for built-in channels that keep their name."""
        from journeymap.catalogue import BUILTIN_CHANNELS

        builtin = BUILTIN_CHANNELS.get(channel_id)
        if builtin is None or builtin[0] != name:
            return name
        return _CHANNELS[self.language].get(channel_id, name)

    def scale_words(self) -> tuple[str, str, str, str, str]:
        """Words for very negative, negative, neutral, positive and very positive."""
        return (
            self.table["word.very_negative"],
            self.table["word.negative"],
            self.table["word.neutral"],
            self.table["word.positive"],
            self.table["word.very_positive"],
        )


def _language(locale: str) -> str:
    language = locale.split("-")[0].split("_")[0].lower()
    if language not in _TABLES:
        raise JourneyMapError(
            f"locale {locale!r} is not supported; allowed: {', '.join(SUPPORTED_LOCALES)} "
            "(with any region, e.g. 'es-MX'); pass locale='en' to render the headers in English"
        )
    return language


@lru_cache(maxsize=64)
def _words(locale: str) -> Words:
    language = _language(locale)
    return Words(
        locale=locale,
        language=language,
        table=MappingProxyType(_TABLES[language]),
        numbers=NUMBER_STYLES[language],
    )


def words_for(locale: str | Words) -> Words:
    """The words of ``locale``; a :class:`Words` is returned as it is.

    Args:
        locale: A language tag such as ``en``, ``es`` or ``es-MX``.

    Raises:
        JourneyMapError: If the language is not supported, or ``locale`` is not text.
    """
    if isinstance(locale, Words):
        return locale
    if not isinstance(locale, str):
        raise JourneyMapError(
            f"locale: expected a language such as 'en' or 'es'; got {type(locale).__name__}"
        )
    return _words(locale)


def labels(locale: str | Words) -> Words:
    """The renderer words for ``locale``: the same as :func:`words_for`."""
    return words_for(locale)


def channel_name(channel_id: str, name: str, locale: str | Words) -> str:
    """A channel's display name: translated for built-in channels that keep their name.

    Example:
        >>> channel_name("phone", "Phone", "es"), channel_name("phone", "Hotline", "es")
        ('Teléfono', 'Hotline')
    """
    return words_for(locale).channel_name(channel_id, name)


def scale_words(locale: str | Words) -> tuple[str, str, str, str, str]:
    """Words for very negative, negative, neutral, positive and very positive."""
    return words_for(locale).scale_words()
