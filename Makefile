# kgtool task runner. `make demo` and `make test` are the two commands of the README.
.PHONY: setup setup-system demo test lint check docs bench

# The demo needs only the virtualenv; the full test suite also wants the system packages
# (servers, browser, Graphviz, CJK font). Tests whose package is missing skip with a reason.
setup:
	scripts/setup.sh

setup-system:
	scripts/setup.sh --system

demo: setup
	.venv/bin/kgtool build
	.venv/bin/kgtool query funders

# one pytest worker per core (pytest-xdist); each worker builds its own session fixtures
test: setup-system
	.venv/bin/python -m pytest -n auto --dist worksteal

check:
	.venv/bin/kgtool --quiet build
	.venv/bin/kgtool check

docs:
	.venv/bin/kgtool docs --out build/ontology.html

bench:
	.venv/bin/python bench/run.py
