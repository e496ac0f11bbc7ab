# The front door: `make run` and `make test` are the README's two commands.
GO       ?= go
VERSION  ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)
# `make run` issues tickets at any hour so a newcomer can try everything;
# `make run SCHEDULE=normal` keeps the center's opening hours.
SCHEDULE ?= always
ARGS     ?=

.PHONY: run test lint build clean voice

run:
	$(GO) run -ldflags "$(LDFLAGS)" . --data data/xephang.db --schedule $(SCHEDULE) $(ARGS)

test:
	$(GO) test -race -count=1 -timeout 9m ./...

lint:
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || { echo "not gofmt'ed:"; gofmt -l .; exit 1; }

build:
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/xephang .

clean:
	rm -rf bin

# The board's recorded voice (used when the browser has no Vietnamese
# speech voice): espeak-ng's "vi" voice and sox, reproducibly. The clips are
# committed; run this only to regenerate them.
voice:
	scripts/voice.sh assets/web/static/sounds
