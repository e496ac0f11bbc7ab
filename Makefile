# The front door: `make run` and `make test` are the README's two commands.
GO       ?= go
VERSION  ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)
# `make run` issues tickets at any hour so a newcomer can try everything;
# `make run SCHEDULE=normal` keeps the center's opening hours.
SCHEDULE ?= always
ARGS     ?=

.PHONY: run test test-fast test-long fuzz lint build clean demo bench bench-report voice images

run:
	$(GO) run -ldflags "$(LDFLAGS)" . --data data/xephang.db --schedule $(SCHEDULE) $(ARGS)

test:
	$(GO) test -race -count=1 -timeout 9m ./...

# The inner loop: every unit, store and HTTP test, without -race, the
# browser and the real binary (internal/e2e skips those under -short).
test-fast:
	$(GO) test -short -count=1 ./...

# The long variants of the reliability tests: 200 kill -9, 200 calls among
# hostile clients, 30 s of outage for the pages, 1000 sign-ins.
test-long:
	XEPHANG_LONG=1 $(GO) test -race -count=1 -timeout 60m ./...

# `make fuzz` runs every fuzz test for FUZZTIME each; a failing input is
# saved under the package's testdata/fuzz/: commit it with the fix. The
# engine shrinks every new interesting input for up to a minute by default,
# running nothing else meanwhile; 10 s keeps it searching.
FUZZTIME ?= 60s
fuzz:
	@for pkg in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f ($(FUZZTIME))"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 10s $$pkg || exit 1; \
	  done; \
	done

lint:
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || { echo "not gofmt'ed:"; gofmt -l .; exit 1; }

# `make demo` rebuilds data/demo.db from scratch with DAYS working days of
# the "Giờ thứ 9" campaign (default: all 21), then says how to serve it.
DAYS ?= 21
demo:
	rm -f data/demo.db
	$(GO) run -ldflags "$(LDFLAGS)" . demo-data --data data/demo.db --days $(DAYS)
	@echo "Serve it: make run ARGS='--data data/demo.db'   (then /admin, section Báo cáo)"

# `make bench` measures every performance budget of DESIGN.md against the
# real binary, each beside its physical anchor measured in the same run
# (fsync of the data disk, loopback round trips, the no-op HTTP floor), and
# prints one Markdown table: see docs/performance.md. Under a minute;
# BENCH='-strict' fails when a figure misses its budget.
BENCH ?=
bench:
	$(GO) run ./cmd/xephang-bench $(BENCH)

# The report of a year of a busy center (250 days x 400 tickets): JSON must
# take < 500 ms and the PDF < 2 s (median-ms).
bench-report:
	$(GO) test -run '^$$' -bench 'BenchmarkReport' -benchtime 5x ./report/

build:
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/xephang .

clean:
	rm -rf bin

# The board's recorded voice (used when the browser has no Vietnamese
# speech voice): espeak-ng's "vi" voice and sox, reproducibly. The clips are
# committed; run this only to regenerate them.
voice:
	scripts/voice.sh assets/web/static/sounds

# The public page's icons and its link preview (og.png), drawn from the
# embedded font. The PNGs are committed; a test fails when they are stale.
images:
	$(GO) run ./scripts/genimages -out assets/web/static
