# Groupwise: `make serve` runs the app, `make test` runs every check. Both set up first.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
WASM := --target wasm32-unknown-unknown

.PHONY: setup serve test dist bench fmt-check clippy test-native test-browser build-release test-e2e clean

setup:
	@scripts/setup.sh

serve: setup
	trunk serve --address 127.0.0.1 --port 8080

# A release build whose asset paths are relative, so dist/ works from any sub-path.
dist: setup
	trunk build --release --public-url ./

# The page's own worker (dist/worker_bg.wasm) against onnxruntime-web and
# TensorFlow.js (wasm, one thread) in headless Chromium, then the page's
# main-thread long tasks at three sizes and its 256→256 224² job:
# docs/PERFORMANCE.md.
# Not part of `make test`: timings are reported, never asserted.
BENCH_ROUNDS ?= 5
bench: dist
	@[ -d node_modules/onnxruntime-web ] && [ -d node_modules/@tensorflow/tfjs-backend-wasm ] || npm ci --no-audit --no-fund
	@mkdir -p target
	node scripts/bench_browser.mjs --rounds $(BENCH_ROUNDS) --json target/bench-browser.json
	node scripts/longtasks.mjs dist
	node scripts/big_job.mjs dist

test: setup
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory fmt-check clippy test-native test-browser build-release test-e2e && \
	echo "[make test] all checks passed in $$(( $$(date +%s) - start ))s"

fmt-check:
	cargo fmt --all --check

# No function over 100 lines (clippy's too_many_lines, whose threshold is 100).
LINT := -D warnings -W clippy::too_many_lines

clippy:
	cargo clippy --workspace --all-targets -- $(LINT)
	cargo clippy -p groupwise --lib --bins $(WASM) -- $(LINT)
	cargo clippy -p groupwise --lib --bins --tests --features inline-compute $(WASM) -- $(LINT)
	cargo clippy -p conv-core -p groupwise-core -p groupwise-worker -p groupwise-model-worker -p onnx-import --lib --bins $(WASM) -- $(LINT)

test-native:
	cargo test --workspace

test-browser:
	cargo test $(WASM) -p groupwise --tests --features inline-compute

build-release:
	trunk build --release --public-url ./
	@test -f dist/index.html && ls dist/*.wasm >/dev/null
	@for f in dist/*.wasm; do echo "[make test] $$f: $$(stat -c %s $$f) bytes, $$(gzip -9c $$f | wc -c) gzipped, $$(wasm-opt --all-features $$f --print | grep -c f32x4) f32x4 instructions"; done
	@# The worker runs the kernels: it must ship vectorised (SIMD128), not scalar.
	@n=$$(wasm-opt --all-features dist/worker_bg.wasm --print | grep -c f32x4); \
	if [ "$$n" -eq 0 ]; then echo "[make test] FAIL dist/worker_bg.wasm has no f32x4 instruction: the page would run scalar kernels"; exit 1; fi
	@# The page's own wasm has a budget of 250 KB gzipped (docs/PERFORMANCE.md, "Bundle").
	@n=$$(gzip -9c dist/groupwise_bg.wasm | wc -c); \
	if [ "$$n" -gt 250000 ]; then echo "[make test] FAIL dist/groupwise_bg.wasm is $$n bytes gzipped, over its 250000-byte budget"; exit 1; fi

# The release build as a user meets it: served from a sub-path, under its CSP, offline.
test-e2e:
	node tests/e2e/smoke.mjs dist
	node tests/e2e/picture.mjs dist
	node tests/e2e/embed.mjs dist
	node tests/e2e/axe.mjs dist
	node tests/e2e/tasks.mjs dist
	node tests/e2e/networks.mjs dist

clean:
	cargo clean
	rm -rf dist
