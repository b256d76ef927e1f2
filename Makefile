# journeymap: the two commands of the quick start, and a few helpers.
#   make examples   render every example into build/examples (the main job)
#   make test       lint, type-check and run the whole test suite
# Both create .venv and install what they need on first use; both are safe to rerun.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT := build/examples

.PHONY: docs examples test lint typecheck pytest golden schema bench bench-svg bench-dot bench-flow bench-images bench-mermaid bench-scale system-deps clean fuzz

examples: $(STAMP) system-deps
	rm -rf $(OUT)
	$(BIN)/journeymap render examples/*.py -f svg -f markdown -f dot -f yaml -f json -o $(OUT)
	$(BIN)/journeymap render examples/online_checkout.py -f svg --theme dark -o $(OUT)/dark
	$(BIN)/journeymap render examples/online_checkout.py -f svg --theme print -o $(OUT)/print
	$(BIN)/journeymap render examples/online_checkout.py -f svg --theme examples/themes/brand.yaml -o $(OUT)/brand
	$(BIN)/journeymap render examples/*.yaml -f svg -f markdown -o $(OUT)/from-yaml
	$(BIN)/journeymap render examples/*.py -f dot --image svg -o $(OUT)
	$(BIN)/journeymap render examples/online_checkout.yaml --survey examples/surveys/online_checkout_answers.csv -f svg -f markdown -o $(OUT)/measured
	$(BIN)/journeymap render examples/surveys/checkout_assumed.yaml -f svg -f markdown -o $(OUT)/measured
	$(BIN)/journeymap render examples/competitor/*.yaml examples/planned_vs_actual/*.yaml -f svg -f markdown -o $(OUT)/analysis
	$(BIN)/python scripts/render_analysis.py $(OUT)/analysis
	$(BIN)/journeymap render examples/blueprint_telefono.py -f blueprint -o $(OUT)
	$(BIN)/journeymap render examples/blueprint_telefono.py -f blueprint --actors -o $(OUT)/actors
	$(BIN)/journeymap render examples/*.py -f svg -f dot -f blueprint --image png -o $(OUT)/images
	$(BIN)/journeymap render examples/*.py -f svg -f blueprint --image pdf -o $(OUT)/images
	$(BIN)/journeymap render examples/online_checkout.yaml --survey examples/surveys/online_checkout_answers.csv -f svg --image pdf --paper a4 --lanes compact -o $(OUT)/a4
	@echo "examples rendered into $(OUT)/"

test: lint typecheck pytest

# The documentation as a site in build/site (MkDocs), every example drawn by the fence.
docs: $(STAMP) system-deps
	$(BIN)/mkdocs build --strict
	@echo "site built into build/site/"

lint: $(STAMP)
	$(BIN)/ruff check src tests examples scripts bench
	$(BIN)/ruff format --check src tests examples scripts bench
	$(BIN)/python scripts/gen_model_docs.py --check

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) system-deps
	$(BIN)/python -m pytest

# Chromium and fonts for the real-browser tests (installed with apt-get when root).
system-deps:
	bash scripts/system-deps.sh

# In-process SVG render time, split into layout and SVG writing.
bench-svg: $(STAMP)
	$(BIN)/python bench/bench_svg.py

# dot -Tsvg wall time of journeymap's DOT next to a naive DOT of the same journey.
bench-dot: $(STAMP)
	$(BIN)/python bench/bench_dot.py

# dot on a dense 1000-step flow (about 1300 edges), with Graphviz options compared.
bench-flow: $(STAMP) system-deps
	$(BIN)/python bench/bench_flow.py

# PNG and PDF per map through each image engine that is installed (Typst in dev).
bench-images: $(STAMP)
	$(BIN)/python bench/bench_images.py

# journeymap against Mermaid's journey drawn by the Mermaid CLI (mmdc, installed into
# build/mermaid-cli with npm when missing); writes docs/performance.md.
bench-mermaid: $(STAMP) system-deps
	$(BIN)/python -m compileall -q src  # as an installed package has it
	$(BIN)/python bench/bench_mermaid.py

# Time and peak memory of every loader and renderer at 1,000 and 10,000 touchpoints and of
# Mermaid imports of 100 kB and 1 MB, each in a fresh process; writes the scale section of
# docs/performance.md.
bench-scale: $(STAMP)
	$(BIN)/python -m compileall -q src  # as an installed package has it
	$(BIN)/python bench/bench_scale.py

bench: bench-svg bench-dot bench-flow bench-images bench-mermaid bench-scale

# The fuzz targets and hostile-input tests with 100 times the suite's examples and no
# deadline; a failing input is kept under tests/fuzz/<target>/ and replayed by every run.
fuzz: $(STAMP) system-deps
	JOURNEYMAP_FUZZ=long $(BIN)/python -m pytest tests/test_fuzz.py tests/test_hostile.py -q

# Regenerate the golden files and the generated docs after a deliberate change.
golden: $(STAMP)
	$(BIN)/python -m pytest tests --update-golden -q
	$(BIN)/python scripts/gen_model_docs.py
	$(BIN)/python scripts/gen_lint_docs.py
	$(BIN)/python scripts/gen_renderer_docs.py
	$(BIN)/python scripts/gen_gallery.py

schema: $(STAMP)
	$(BIN)/journeymap schema

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
		{ echo "journeymap needs Python 3.10 or newer ($(PYTHON) is older)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
