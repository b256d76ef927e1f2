"""Words the renderers print, in English and Spanish.

Lane names, column headers, moments, channel modes and the built-in channels' names
are looked up here by key. ``labels("es-MX")`` falls back to ``es``.

Example:
    >>> labels("es")["pain_points"]
    'Puntos de dolor'
    >>> labels("en-GB")["pain_points"]
    'Pain points'
"""

from __future__ import annotations

from collections.abc import Mapping

from journeymap.errors import JourneyMapError

__all__ = ["SUPPORTED_LOCALES", "channel_name", "labels", "scale_words"]

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
    "status.on target": "on target",
    "status.below target": "below target",
    "channels_by_phase": "Channels by phase",
    "pains_and_opportunities": "Pain points and opportunities",
    "emotion_curve": "Emotion curve",
    "curve": "Curve",
    "curve.main": "Touchpoints",
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
    "lane.thoughts": "Thoughts & doubts",
    "lane.pain_points": "Pain points",
    "lane.opportunities": "Opportunities",
    "lane.frontstage": "Frontstage",
    "lane.visibility": "Line of visibility",
    "lane.backstage": "Backstage",
    "lane.support": "Support",
    "lane.metrics": "Metrics",
    "legend": "Legend",
    "with": "with",
    "map_desc": (
        "Customer journey map of {persona} across {phases} phases and {touchpoints} touchpoints."
    ),
    "map_desc_no_persona": (
        "Customer journey map across {phases} phases and {touchpoints} touchpoints."
    ),
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
    "status.on target": "en meta",
    "status.below target": "bajo la meta",
    "channels_by_phase": "Canales por fase",
    "pains_and_opportunities": "Puntos de dolor y oportunidades",
    "emotion_curve": "Curva de la emoción",
    "curve": "Curva",
    "curve.main": "Puntos de contacto",
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
    "lane.thoughts": "Pensamientos y dudas",
    "lane.pain_points": "Puntos de dolor",
    "lane.opportunities": "Oportunidades",
    "lane.frontstage": "Interacción visible",
    "lane.visibility": "Línea de visibilidad",
    "lane.backstage": "Procesos internos",
    "lane.support": "Soporte",
    "lane.metrics": "Métricas",
    "legend": "Leyenda",
    "with": "con",
    "map_desc": (
        "Mapa de la experiencia de {persona} en {phases} fases y {touchpoints} puntos de contacto."
    ),
    "map_desc_no_persona": (
        "Mapa de la experiencia del cliente en {phases} fases y {touchpoints} puntos de contacto."
    ),
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


def _language(locale: str) -> str:
    language = locale.split("-")[0].split("_")[0].lower()
    if language not in _TABLES:
        raise JourneyMapError(
            f"locale {locale!r} is not supported; allowed: {', '.join(SUPPORTED_LOCALES)} "
            "(with any region, e.g. 'es-MX'); pass locale='en' to render the headers in English"
        )
    return language


def labels(locale: str) -> Mapping[str, str]:
    """The renderer words for ``locale``.

    Args:
        locale: A language tag such as ``en``, ``es`` or ``es-MX``.

    Returns:
        A read-only mapping from key to word.

    Raises:
        JourneyMapError: If the language is not supported.
    """
    return _TABLES[_language(locale)]


def channel_name(channel_id: str, name: str, locale: str) -> str:
    """A channel's display name: translated for built-in channels that keep their name.

    Example:
        >>> channel_name("phone", "Phone", "es"), channel_name("phone", "Hotline", "es")
        ('Teléfono', 'Hotline')
    """
    from journeymap.catalogue import BUILTIN_CHANNELS

    builtin = BUILTIN_CHANNELS.get(channel_id)
    if builtin is None or builtin[0] != name:
        return name
    return _CHANNELS[_language(locale)].get(channel_id, name)


def scale_words(locale: str) -> tuple[str, str, str, str, str]:
    """Words for very negative, negative, neutral, positive and very positive."""
    table = labels(locale)
    return (
        table["word.very_negative"],
        table["word.negative"],
        table["word.neutral"],
        table["word.positive"],
        table["word.very_positive"],
    )
