# photosync: make test is what CI runs (.ci/run).
GO ?= go
FUZZTIME ?= 30s

.PHONY: test check fuzz bench build

test:
	bash scripts/test.sh

# The main job: every property under the default rule set.
check:
	$(GO) run ./cmd/photosync check

build:
	$(GO) build ./...

# Fuzz the scenario and rules-file parsers, and runs of scenarios and of
# random valid rules files (small bounds: a run that blows up must stop
# with "bounded at N"), for a bounded time each.
fuzz:
	$(GO) test ./scenario -run '^$$' -fuzz '^FuzzParseScenario$$' -fuzztime $(FUZZTIME)
	$(GO) test ./scenario -run '^$$' -fuzz '^FuzzDecodeRules$$' -fuzztime $(FUZZTIME)
	$(GO) test ./scenario -run '^$$' -fuzz '^FuzzRunScenario$$' -fuzztime $(FUZZTIME)
	$(GO) test ./scenario -run '^$$' -fuzz '^FuzzRunRules$$' -fuzztime $(FUZZTIME)

# Explorer states per second and bytes per state, zone operations, and the
# observation-log runner; compare runs with benchstat.
bench:
	$(GO) test ./properties/explore ./zone ./scenario -run '^$$' -bench . -benchmem -count 6
