"""Import from and export to other journey-map notations."""

__all__: list[str] = []
