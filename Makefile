# kgtool task runner. `make demo` and `make test` are the two commands of the README.
.PHONY: setup demo test lint check docs bench

setup:
	scripts/setup.sh

demo: setup
	.venv/bin/kgtool build
	.venv/bin/kgtool query funders

test: setup
	.venv/bin/python -m pytest

check:
	.venv/bin/kgtool --quiet build
	.venv/bin/kgtool check

docs:
	.venv/bin/kgtool docs --out build/ontology.html

bench:
	.venv/bin/python bench/run.py
