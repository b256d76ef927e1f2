"""The SVG renderers: the swimlane map and the service blueprint."""

__all__: list[str] = []
