"""journeymap test suite."""
