# Dixian — the two commands of the quick start are `make run` and `make test`.
SWIFT  ?= swift
BIN    := .build/release/dixian

.PHONY: run test test-mpi build deps bench clean help

help:
	@echo "make run         build (release) and run the Lincang baseline"
	@echo "make test        run the test suite (what CI runs)"
	@echo "make test-mpi    MPI build (.build-mpi): mpirun -n 2 and -n 3 write the bytes of one process"
	@echo "make bench       engine throughput and memory, written to docs/performance.md"
	@echo "make  long statistical and scale checks"

deps:
	@scripts/ensure-deps.sh

build: deps
	$(SWIFT) build -c release --product dixian

# The main job: the embedded Lincang baseline, results in outputs/lincang-baseline/.
run: build
	$(BIN) run

bench: deps
	$(SWIFT) build -c release --product dixian-bench
	.build/release/dixian-bench --write docs/performance.md

# The browser test of report.html needs Chromium and a CJK font: installed here when
# missing and running as root (as in CI); otherwise that one test is skipped with a note.
# DIXIAN_REQUIRE_BROWSER=1 (set by .ci/run) makes a failed install an error instead.
BROWSER_DEPS := chromium fonts-wqy-microhei

test: deps
	@scripts/ensure-deps.sh $(BROWSER_DEPS) || { [ -z "$$DIXIAN_REQUIRE_BROWSER" ] && \
		echo "note: the browser test of report.html will be skipped (install: $(BROWSER_DEPS))"; }
	$(SWIFT) test

# The optional MPI build (trait MPI, scratch path .build-mpi): `mpirun -n 2` and `-n 3` write
# the same CSV bytes as one process. Needs libopenmpi-dev and openmpi-bin (installed as root).
MPI_DEPS := libopenmpi-dev openmpi-bin

test-mpi: deps
	@scripts/ensure-deps.sh $(MPI_DEPS)
	SWIFT=$(SWIFT) scripts/test-mpi.sh

clean:
	rm -rf .build .build-mpi
