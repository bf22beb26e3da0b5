# Marquee: `make run` builds and serves the app; `make test` runs every check and test.
# Tools are installed on first use, at pinned versions, into $(TOOLS) (shared by all clones).

SHELL := /bin/bash
TOOLS ?= $(HOME)/.cache/marquee-tools
CARGO_LEPTOS_VERSION := 0.3.10
WASM_BINDGEN_VERSION := 0.2.130
BINARYEN_VERSION := 132.0.0
PLAYWRIGHT_VERSION := 1.57.0
MOTO_VERSION := 5.2.6
AIOSMTPD_VERSION := 1.4.6
PY := $(TOOLS)/py/bin
export PATH := $(TOOLS)/bin:$(TOOLS)/npm/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CARGO_TARGET_DIR ?= $(CURDIR)/target
PG_ADMIN_URL ?= postgres://postgres@127.0.0.1:5432/postgres
E2E_PORT ?= 3117
# The S3-compatible server the file tests run against (moto, on this machine only).
S3_PORT ?= 5055
TEST_S3 := http://127.0.0.1:$(S3_PORT)
# The SMTP server the email tests send through (aiosmtpd, on this machine only); it keeps what
# it receives in a maildir the tests read.
SMTP_PORT ?= 2525
TEST_SMTP := 127.0.0.1:$(SMTP_PORT)
TEST_MAILDIR := /tmp/marquee-mail-$(SMTP_PORT)
# cargo-leptos builds the debug server with components type-erased and its output name in the
# environment (leptos reads it as it compiles); clippy and the tests build with the same, so that
# all three share every compiled dependency instead of building leptos and the app in turns.
DEBUG_FLAGS := RUSTFLAGS="--cfg erase_components" LEPTOS_OUTPUT_NAME=marquee

.PHONY: s3 smtp run test bench bench-engine bench-gantt bench-phone bench-comments bench-live bench-channels bench-files bench-notify bench-retro tools browser postgres fmt-check clippy unit e2e build-release build-debug

run: tools build-release
	LEPTOS_SITE_ROOT=target/site $(CARGO_TARGET_DIR)/release/marquee

test: tools browser postgres s3 smtp fmt-check clippy unit e2e
	@echo "make test: all checks passed"

tools: $(TOOLS)/bin/cargo-leptos $(TOOLS)/bin/wasm-bindgen $(TOOLS)/npm/node_modules/.bin/wasm-opt
	@rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

$(TOOLS)/bin/cargo-leptos:
	cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked --root $(TOOLS)

$(TOOLS)/bin/wasm-bindgen:
	cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --root $(TOOLS)

$(TOOLS)/npm/node_modules/.bin/wasm-opt:
	mkdir -p $(TOOLS)/npm && cd $(TOOLS)/npm && npm install --no-audit --no-fund binaryen@$(BINARYEN_VERSION)

browser:
	@test -x /usr/bin/chromium || (apt-get install -y chromium || (apt-get update && apt-get install -y chromium))
	@test -d end2end/node_modules/playwright-core -a -d end2end/node_modules/jszip -a -d end2end/node_modules/axe-core || (cd end2end && npm install --no-audit --no-fund)

$(PY)/moto_server:
	python3 -m venv $(TOOLS)/py
	$(PY)/pip install --quiet 'moto[server]==$(MOTO_VERSION)'

$(PY)/aiosmtpd: | $(PY)/moto_server
	$(PY)/pip install --quiet 'aiosmtpd==$(AIOSMTPD_VERSION)'

# A local SMTP server for the email tests, started once and left running.
smtp: $(PY)/aiosmtpd
	@(echo > /dev/tcp/127.0.0.1/$(SMTP_PORT)) 2>/dev/null || (mkdir -p $(TEST_MAILDIR)/tmp $(TEST_MAILDIR)/new $(TEST_MAILDIR)/cur; setsid nohup $(PY)/python -m aiosmtpd -n -l $(TEST_SMTP) -c aiosmtpd.handlers.Mailbox $(TEST_MAILDIR) > /tmp/marquee-smtp-$(SMTP_PORT).log 2>&1 &)
	@for i in $$(seq 1 60); do (echo > /dev/tcp/127.0.0.1/$(SMTP_PORT)) 2>/dev/null && exit 0; sleep 0.5; done; echo "the SMTP test server did not start"; exit 1

# A local S3-compatible server for the file tests, started once and left running.
s3: $(PY)/moto_server
	@curl -sf -o /dev/null $(TEST_S3)/ || (setsid nohup $(PY)/moto_server -H 127.0.0.1 -p $(S3_PORT) > /tmp/marquee-moto-$(S3_PORT).log 2>&1 &)
	@for i in $$(seq 1 60); do curl -sf -o /dev/null $(TEST_S3)/ && exit 0; sleep 0.5; done; echo "the S3 test server did not start"; exit 1

postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done; echo "PostgreSQL did not start"; exit 1

fmt-check:
	cargo fmt --all -- --check

clippy:
	$(DEBUG_FLAGS) cargo clippy -p app --features ssr -p marquee-core -p marquee -p migrations --all-targets -- -D warnings
	$(DEBUG_FLAGS) cargo clippy -p marquee-core --features bench --all-targets -- -D warnings
	$(DEBUG_FLAGS) cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

# Unit tests, and integration tests against SQLite and PostgreSQL (each run makes and drops its own database).
unit:
	MARQUEE_TEST_POSTGRES=$(PG_ADMIN_URL) MARQUEE_TEST_S3=$(TEST_S3) MARQUEE_TEST_SMTP=$(TEST_SMTP) MARQUEE_TEST_MAILDIR=$(TEST_MAILDIR) $(DEBUG_FLAGS) cargo test -p marquee-core -p app --features ssr -p marquee -p migrations 2>&1 | tee $(CARGO_TARGET_DIR)/unit.log; \
	  status=$${PIPESTATUS[0]}; grep -E "^test result" $(CARGO_TARGET_DIR)/unit.log; exit $$status

# Figures for BENCHMARKS.md.
bench: tools build-release bench-engine
	@command -v wrk >/dev/null && command -v brotli >/dev/null || apt-get install -y wrk brotli
	scripts/bench.sh

# The Gantt chart at 50,000 tasks in headless Chromium (first paint, frame times).
bench-gantt: tools browser build-release
	scripts/gantt-bench.sh

# "My tasks" and a 1,000-task Gantt on an emulated mid-range phone (CPU 4× slower, Slow 4G).
bench-phone: tools browser build-release
	scripts/phone-bench.sh

# A task with 1,000 comments: time to the drawer with all of them drawn, and scrolling it.
bench-comments: tools browser build-release
	scripts/comments-bench.sh

# Live collaboration: change-to-client latency with 50 connections on one and on two servers,
# and memory per idle connection.
bench-live: tools browser postgres build-release
	scripts/live-bench.sh

# The scheduling engine (criterion): one move through 10,000 tasks, the critical path of 50,000.
bench-engine:
	cargo bench -p marquee-core --features bench --bench schedule

# Channel data: CSV import into SQLite (rows/s against a plain insert), reports over 1,000,000
# rows on SQLite and 10,000,000 on PostgreSQL. In a target directory of its own: cargo builds the
# package's binary for a bench, without cargo-leptos's settings, and would replace the release
# server that `make run`, `bench-gantt` and `bench-live` serve the site with.
bench-channels: postgres
	MARQUEE_TEST_POSTGRES=$(PG_ADMIN_URL) CARGO_TARGET_DIR=$(CARGO_TARGET_DIR)/bench cargo bench -p marquee --bench channel_data

# Files: a 1 GB upload's memory on the server while it streams, a 20-megapixel thumbnail.
bench-files:
	CARGO_TARGET_DIR=$(CARGO_TARGET_DIR)/bench cargo bench -p marquee --bench files

# A notification fanned out to a project's 1,000 people, in the app and queued for email.
bench-notify: postgres
	MARQUEE_TEST_POSTGRES=$(PG_ADMIN_URL) CARGO_TARGET_DIR=$(CARGO_TARGET_DIR)/bench cargo bench -p marquee --bench notify

# A retrospective drafted for a 2,000-task project with a year of channel data (SQLite, PostgreSQL).
bench-retro: postgres
	MARQUEE_TEST_POSTGRES=$(PG_ADMIN_URL) CARGO_TARGET_DIR=$(CARGO_TARGET_DIR)/bench cargo bench -p marquee --bench retro

build-release:
	cargo leptos build --release --split

build-debug:
	cargo leptos build --split

# Browser tests against a freshly built server on a temporary SQLite database.
e2e: build-debug
	@! curl -s -o /dev/null http://127.0.0.1:$(E2E_PORT)/ || { echo "port $(E2E_PORT) is taken by another server: stop it or set E2E_PORT"; exit 1; }
	@dir=$$(mktemp -d); \
	  MARQUEE_DATA_DIR=$$dir MARQUEE_ADDR=127.0.0.1:$(E2E_PORT) LEPTOS_SITE_ROOT=target/site RUST_LOG=warn MARQUEE_ALERT_SCAN_SECONDS=2 MARQUEE_OUTBOUND_ALLOW=127.0.0.1 \
	    $(CARGO_TARGET_DIR)/debug/marquee > $$dir/server.log 2>&1 & pid=$$!; \
	  for i in $$(seq 1 60); do curl -sf -o /dev/null http://127.0.0.1:$(E2E_PORT)/login && break; sleep 0.5; done; \
	  cd end2end && BASE_URL=http://127.0.0.1:$(E2E_PORT) MARQUEE_TEST_SMTP=$(TEST_SMTP) MARQUEE_TEST_MAILDIR=$(TEST_MAILDIR) npx playwright test; status=$$?; \
	  kill $$pid; rm -rf $$dir; exit $$status
