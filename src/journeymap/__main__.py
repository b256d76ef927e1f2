"""``python -m journeymap``: the command-line interface."""

from journeymap.cli import console_main

__all__: list[str] = []

if __name__ == "__main__":
    console_main()
