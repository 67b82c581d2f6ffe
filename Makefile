# SPDX-License-Identifier: MIT
# Entry points: make build | test | demo | fmt | clean. CMake does the work.
JOBS ?= 2
BUILD_TYPE ?= RelWithDebInfo
C_FILES = $(shell find src tests/c -name '*.[ch]' 2>/dev/null | sort)

.PHONY: all deps test-deps build test demo fmt clean bench

all: build

deps:
	@bash scripts/install-deps.sh

# Chromium and a CJK font for the HTML screenshot test; when they cannot be
# installed that test is skipped, not failed.
test-deps:
	@bash scripts/install-deps.sh --test

build: deps
	cmake -S . -B build -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)
	cmake --build build -j$(JOBS)

test: build test-deps
	cd build && ctest --output-on-failure
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DHS_SANITIZE=ON
	cmake --build build-asan -j$(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 HS_TEST_SANITIZED=1 \
	  ctest --output-on-failure

demo: build
	@if [ -z "$$(ls -A examples/reports 2>/dev/null)" ]; then \
	  echo "demo: examples/reports/ is empty, nothing to run"; \
	else \
	  build/hanscan run examples/reports/ && \
	  mkdir -p build/demo && \
	  build/hanscan run examples/reports/ -o build/demo/facts.db && \
	  build/hanscan report scorecard build/demo/facts.db \
	    -o build/demo/report.html && \
	  echo "demo: facts stored in build/demo/facts.db" && \
	  echo "demo: HTML report: file://$(CURDIR)/build/demo/report.html"; \
	fi

# Speed (docs/performance.md): the corpus in bench/data/ (rebuilt only when
# its MANIFEST does not match the parameters), then one measured run.
# make bench BENCH_CORPUS="-n 2000" BENCH_RUN="-q"
bench: build
	bash bench/make-corpus.sh $(BENCH_CORPUS)
	bash bench/run.sh $(BENCH_RUN)

fmt:
	clang-format -i $(C_FILES)

clean:
	rm -rf build build-asan
