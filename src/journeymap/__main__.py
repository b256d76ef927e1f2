"""``python -m journeymap``: the command-line interface."""

from journeymap.cli import main

__all__: list[str] = []

if __name__ == "__main__":
    raise SystemExit(main())
