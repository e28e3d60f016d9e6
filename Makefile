# Dixian — the two commands of the quick start are `make run` and `make test`.
SWIFT  ?= swift
BIN    := .build/release/dixian

.PHONY: run test build deps check-long clean help

help:
	@echo "make run         build (release) and run the Lincang baseline"
	@echo "make test        run the test suite (what CI runs)"
	@echo "make check-long  long statistical and scale checks"

deps:
	@scripts/ensure-deps.sh

build: deps
	$(SWIFT) build -c release --product dixian

# Until the engine lands, the main job summarises the calibrated Lincang population.
run: build
	$(BIN) population

test: deps
	$(SWIFT) test

check-long: deps
	DIXIAN_LONG_CHECKS=1 $(SWIFT) test -c release

clean:
	rm -rf .build
