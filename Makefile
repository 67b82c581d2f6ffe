# SPDX-License-Identifier: MIT
# Entry points: make build | test | demo | bench | fuzz | fmt | clean. CMake
# does the work.
JOBS ?= 2
BUILD_TYPE ?= RelWithDebInfo
C_FILES = $(shell find src tests/c tests/fuzz -name '*.[ch]' 2>/dev/null | sort)

.PHONY: all deps test-deps build test demo fmt clean bench fuzz

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

# Speed (docs/performance.md): generates the corpus in bench/data/ (kept
# while its MANIFEST matches), then every row and target of issue 8 in one
# run, printed as one table and saved as bench/data/results-<time>.md.
#   make bench                       20,000 documents (about 210 MB)
#   make bench BENCH_DOCS=2000       a small corpus (what bench/data holds is replaced)
#   make bench BENCH_ARGS="-q -d /tmp/bench"   more bench/run.sh options (-h)
BENCH_DOCS ?= 20000
BENCH_ARGS ?=
bench: build
	bash bench/run.sh -n $(BENCH_DOCS) $(BENCH_ARGS)

# The libFuzzer harnesses (tests/fuzz), built with clang under ASan and UBSan
# in build-fuzz/, each for FUZZ_SECONDS: fuzz_pipeline feeds documents to
# decoding, normalization and the bundled pack (seeds: the example reports,
# the test data and the devset when it is there); fuzz_source feeds one input
# file to the document source, archives and compressed streams (seeds: the
# example reports wrapped in zip, tar, gzip, bzip2, xz, zstd, a zip in a zip
# and a docx). A run stops at the first crash, leak, sanitizer report or
# 10-second input and leaves that input in build-fuzz/ (crash-*, leak-*,
# timeout-*). The corpora grow in build-fuzz/ from run to run.
#   make fuzz FUZZ_SECONDS=1800
FUZZ_SECONDS ?= 60
FUZZ_FLAGS = -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=3000 \
  -print_final_stats=1
fuzz: deps
	@bash scripts/install-deps.sh --fuzz
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DHS_SANITIZE=ON -DHS_FUZZ=ON
	cmake --build build-fuzz -j$(JOBS) --target fuzz_pipeline fuzz_source
	rm -rf build-fuzz/seeds build-fuzz/seeds-source
	mkdir -p build-fuzz/corpus build-fuzz/corpus-source build-fuzz/seeds \
	  build-fuzz/seeds-source/w/word
	find examples/reports tests/data $(wildcard ../shared/devset/docs) \
	  -type f -size -64k -exec cp {} build-fuzz/seeds/ \;
	cd build-fuzz/seeds-source && \
	  head -c 4000 ../../examples/reports/$$(ls ../../examples/reports | head -1) > a.txt && \
	  zip -q a.zip a.txt && tar cf a.tar a.txt && tar czf a.tgz a.txt && \
	  gzip -kc a.txt > a.txt.gz && bzip2 -kc a.txt > a.txt.bz2 && \
	  xz -kc a.txt > a.txt.xz && zstd -qc a.txt > a.txt.zst && \
	  zip -q nested.zip a.zip a.tgz && \
	  printf '<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:body></w:document>' \
	    "$$(head -c 300 a.txt)" > w/word/document.xml && \
	  (cd w && zip -q ../d.docx word/document.xml) && rm -rf w
	cd build-fuzz && ./fuzz_pipeline $(FUZZ_FLAGS) -max_len=16384 corpus seeds
	cd build-fuzz && ./fuzz_source $(FUZZ_FLAGS) -max_len=65536 \
	  corpus-source seeds-source

fmt:
	clang-format -i $(C_FILES)

clean:
	rm -rf build build-asan build-fuzz
