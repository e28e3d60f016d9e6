# Dixian — the two commands of the quick start are `make run` and `make test`.
SWIFT  ?= swift
SHELL  := /bin/bash
BIN    := .build/release/dixian

.PHONY: run test test-mpi build deps bench bench-scale soak fuzz clean help

help:
	@echo "make run         build (release) and run the Lincang baseline"
	@echo "make test        run the test suite (what CI runs)"
	@echo "make test-mpi    MPI build (.build-mpi): mpirun -n 2 and -n 3 write the bytes of one process"
	@echo "make bench       engine throughput and memory, written to docs/performance.md"
	@echo "make bench-scale strong scaling 1 -> 2 MPI processes, weak scaling by population scale"
	@echo "                 1, 10, 100, 300 (time per household-year, peak memory): docs/performance.md"
	@echo "make soak        10^5 replications of a small scenario, memory sampled, written to docs/reliability.md"
	@echo "make fuzz        fuzz the scenario, household-file and patch parsers (docs/reliability.md)"

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

# `make bench-scale` (issue 7), 5 to 10 minutes on an idle 2-core machine after the builds:
# strong scaling `mpirun -n 1` -> `-n 2` of the MPI build (.build-mpi, as test-mpi), or
# threads 1 -> 2 when Open MPI cannot be had; weak scaling by population scale, each scale in
# its own process. Scale 300 needs about 19.5 GB free with 2 threads, 11 GB with 1: a scale
# that would not fit in the memory available runs on fewer threads, or is skipped, with a
# note. Only meaningful on an idle machine (the table records the load average).
# BENCH_SCALES=1,10 for a quick try; BENCH_SCALE_FLAGS="--threads 1" and the like are passed on.
BENCH_SCALES ?= 1,10,100,300
bench-scale: deps
	$(SWIFT) build -c release --product dixian-bench
	@if scripts/ensure-deps.sh $(MPI_DEPS) && $(SWIFT) build -c release --traits MPI --scratch-path .build-mpi --product dixian; then \
		mpi="--mpi-dixian .build-mpi/release/dixian"; \
	else echo "note: no MPI build: strong scaling measured with threads (1 -> 2) instead"; mpi=""; fi; \
	.build/release/dixian-bench scale --scales $(BENCH_SCALES) $$mpi $(BENCH_SCALE_FLAGS) --write docs/performance.md

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

# `make soak`: the release `dixian` runs 10^5 replications of a small scenario while
# dixian-soak samples its resident memory every 0.25 s; the result goes to
# docs/reliability.md between its markers. SOAK_REPLICATIONS=… to change the length.
SOAK_REPLICATIONS ?= 100000

soak: deps
	$(SWIFT) build -c release --product dixian
	$(SWIFT) build -c release --product dixian-soak
	.build/release/dixian-soak --binary .build/release/dixian --replications $(SOAK_REPLICATIONS) --write docs/reliability.md

# `make fuzz`: libFuzzer with AddressSanitizer on the three input parsers, each for a fixed
# number of inputs. Built in .build-fuzz (not .build: other flags). Seeds come from
# Tests/Fuzz/corpus/<target>/; new corpus entries go to .build-fuzz/corpus/<target>/ and
# crash, timeout and out-of-memory inputs to .build-fuzz/crashes/<target>/. A crash fails
# the make. Not part of `make test`. FUZZ_RUNS=… FUZZ_TARGETS=… to change the budget.
# Two separate --sanitize flags drop swiftc's coverage instrumentation, hence -sanitize-coverage.
# detect_leaks=0: LeakSanitizer reports what Swift globals hold at exit (the patch fuzzer's base
# scenario, reached through tagged enum payload pointers) as leaked; growth is caught by -rss_limit_mb.
FUZZ_TARGETS ?= scenario households patch
FUZZ_RUNS    ?= 20000
FUZZ_FLAGS   := -c release --scratch-path .build-fuzz --sanitize fuzzer --sanitize address \
	-Xswiftc -DFUZZING -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp

fuzz: deps
	@for t in $(FUZZ_TARGETS); do \
		$(SWIFT) build $(FUZZ_FLAGS) --product fuzz-$$t || exit 1; \
	done
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p .build-fuzz/corpus/$$t .build-fuzz/crashes/$$t; \
		echo "== fuzz-$$t: $(FUZZ_RUNS) inputs"; \
		SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 .build-fuzz/release/fuzz-$$t \
			.build-fuzz/corpus/$$t Tests/Fuzz/corpus/$$t -dict=Tests/Fuzz/dixian.dict \
			-runs=$(FUZZ_RUNS) -max_len=4096 -timeout=5 -rss_limit_mb=2048 -detect_leaks=0 -print_final_stats=1 \
			-artifact_prefix=.build-fuzz/crashes/$$t/ 2>&1 | tee .build-fuzz/fuzz-$$t.log \
			| grep -E "^(#[0-9]+.*(DONE|INITED)|==[0-9]+==|Done|stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|SUMMARY|artifact_prefix|Test unit written)"; \
		[ $${PIPESTATUS[0]} -eq 0 ] || { echo "fuzz-$$t found a problem: see .build-fuzz/fuzz-$$t.log"; exit 1; }; \
	done

clean:
	rm -rf .build .build-mpi .build-fuzz
