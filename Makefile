# ccr — see README.md. `make test` is what CI runs.
GO            ?= go
STATICCHECK   := honnef.co/go/tools/cmd/staticcheck@v0.8.2
ACTIONLINT    := github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
# Release tools, pinned: goreleaser v2.18+ needs a newer Go than go.mod's.
GORELEASER    := github.com/goreleaser/goreleaser/v2@v2.15.1
SYFT          := github.com/anchore/syft/cmd/syft@v1.57.1
FUZZTIME      ?= 60s
BIN           := bin

.PHONY: all build test unit lint demo bench fuzz clean release-check release

all: build

build:
	$(GO) build -o $(BIN)/ ./cmd/ccr ./cmd/aiven-sim

## test: lint, then every test with the race detector.
test: lint unit

# -timeout: go test's default of 10 minutes per package ends cmd/ccr's ~400
# ccr and aiven-sim processes on a 2-core machine that other jobs keep busy
# (load average 20+); a hung test still ends the run, 30 minutes on.
unit:
	$(GO) test -race -count=1 -timeout 30m ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	$(GO) run $(ACTIONLINT) -no-color

## demo: the main job end to end on the embedded emulator.
demo: build
	./examples/demo.sh

## bench: benchmarks that print figures (validate, plan, apply).
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 1x ./...

## fuzz: fuzz the config loader (FUZZTIME=5m make fuzz).
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzLoad -fuzztime $(FUZZTIME) ./schema

clean:
	rm -rf $(BIN)

## release-check: validate .goreleaser.yaml offline, build a snapshot release
## into dist/ (12 archives, SBOMs, checksums.txt; signing skipped) and install
## it with the action's install.sh. Not part of `make test`: about 7 minutes
## on 2 cores the first time (goreleaser, syft, 12 cross builds), 30 s after.
release-check:
	$(GO) run $(GORELEASER) check
	GO=$(GO) GORELEASER=$(GORELEASER) SYFT=$(SYFT) ./.github/release/snapshot.sh

## release: publish the pushed tag (release.yml only: needs GITHUB_TOKEN,
## cosign and the workflow's OIDC token for keyless signing).
release:
	GOBIN=$(CURDIR)/$(BIN)/tools $(GO) install $(SYFT)
	PATH="$(CURDIR)/$(BIN)/tools:$$PATH" $(GO) run $(GORELEASER) release --clean
