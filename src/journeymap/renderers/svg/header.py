"""The head of the SVG map: title, subtitle, persona card and the map's information.

The title and a subtitle (the map's kind, its emotion scale and tags) run across the
map; below them the persona card (name, description, goals, needs, frustrations, quote)
sits on the left and the map's description, objective, scenario and expectations on its
right. :func:`description` is the map's accessible description.

Example:
    >>> from journeymap import Journey
    >>> from journeymap.renderers.svg.context import Context
    >>> m = Journey("Tiny", persona="Ana").phase("P").touchpoint("T").build()
    >>> ctx = Context.plain(m)
    >>> description(ctx)
    'Customer journey map of Ana across 1 phase and 1 touchpoint.'
    >>> group, bottom = header(ctx, 24, 24, 600)
    >>> group.id, bottom > 24
    ('header', True)
"""

from __future__ import annotations

from journeymap.renderers.svg.cards import Block, card, measure_blocks, place_blocks, wrap_text
from journeymap.renderers.svg.context import Context
from journeymap.renderers.svg.scene import Element, Group, Text

__all__ = ["description", "header"]


def description(ctx: Context) -> str:
    """The map's accessible description: persona, counts and objective, in words."""
    model, words = ctx.model, ctx.words
    key = "map_desc" if model.persona else "map_desc_no_persona"
    text = words[key].format(
        persona=model.persona.name if model.persona else "",
        phases=words.count("phases", len(model.phases)),
        touchpoints=words.count("touchpoints", len(model.touchpoints)),
    )
    if model.objective:
        text += f" {words['objective']}: {model.objective}"
    return text


def header(
    ctx: Context, x: float, y: float, width: float, *, context: bool = True
) -> tuple[Group, float]:
    """The header from ``y`` down across ``width``, and its bottom.

    Without ``context``, only the title and its subtitle line: no persona, no objective.
    """
    t, space = ctx.type, ctx.space
    model, theme, words = ctx.model, ctx.theme, ctx.words
    children: list[Element] = []
    title_lines = wrap_text(ctx, model.title, width, t.title, bold=True)
    children.append(Text(x, y + t.title, tuple(title_lines), t.title, theme.text, bold=True))
    y += len(title_lines) * t.title * t.line_height
    subtitle = [words[f"kind.{model.kind}"], f"{words['scale']} {model.scale.describe()}"]
    subtitle += list(model.tags)
    sub_lines = wrap_text(ctx, " · ".join(subtitle), width, t.subtitle)
    children.append(Text(x, y + t.subtitle, tuple(sub_lines), t.subtitle, theme.muted))
    y += len(sub_lines) * t.subtitle * t.line_height + space.subtitle_gap
    if not context:
        return Group(tuple(children), id="header"), y

    persona_width = (
        min(space.persona_width_max, width * space.persona_share) if model.persona else 0.0
    )
    bottom = y
    if model.persona is not None:
        persona = model.persona
        style = theme.cards["persona"]
        blocks = [Block(persona.name, t.card_title, style.text, bold=True)]
        if persona.description:
            blocks.append(Block(persona.description, t.body, style.text))
        for key in ("goals", "needs", "frustrations"):
            items: tuple[str, ...] = getattr(persona, key)
            if items:
                blocks.append(Block(words[key], t.caption, theme.muted, bold=True))
                blocks.extend(Block(item, t.body, style.text, marker=theme.muted) for item in items)
        if persona.quote:
            blocks.append(Block(persona.quote, t.body, style.text, italic=True))
        measured = card(ctx, x, persona_width, blocks, style, id="persona")
        children.extend(measured.place(y))
        bottom = max(bottom, y + measured.height)

    info: list[Block] = []
    if model.description:
        info.append(Block(model.description, t.body, theme.text))
    for key in ("objective", "scenario"):
        value = getattr(model, key)
        if value:
            info.append(Block(words[key], t.caption, theme.muted, bold=True))
            info.append(Block(value, t.body, theme.text))
    if model.expectations:
        info.append(Block(words["expectations"], t.caption, theme.muted, bold=True))
        info.extend(
            Block(item, t.body, theme.text, marker=theme.muted) for item in model.expectations
        )
    if info:
        info_x = x + persona_width + (space.info_gap if persona_width else 0)
        info_width = min(width - (info_x - x), space.info_width_max)
        wrapped, height = measure_blocks(ctx, info_width, info)
        place_blocks(ctx, info_x, y, wrapped, children)
        bottom = max(bottom, y + height)
    return Group(tuple(children), id="header"), bottom
