# The conf.py of the test projects (site/ and broken/): tests copy it into each one.
project = "Journeys"
extensions = ["journeymap.ext.sphinx", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "basic"
