# photosync: make test is what CI runs (.ci/run).
GO ?= go
FUZZTIME ?= 30s

.PHONY: test check fuzz bench bench-scale bench-diff build

test:
	bash scripts/test.sh

# The main job: every property under the default rule set.
check:
	$(GO) run ./cmd/photosync check

build:
	$(GO) build ./...

# Fuzz the scenario, rules-file and space-file parsers, and runs of
# scenarios, of random valid rules files and of logs under infer (small
# bounds: a run that blows up must stop with "bounded at N"), for a bounded
# time each; then the differential check against the naive reference on
# many more cases than make test runs.
fuzz:
	$(GO) test ./scenario -run '^$$' -fuzz '^FuzzParseScenario$$' -fuzztime $(FUZZTIME)
	$(GO) test ./scenario -run '^$$' -fuzz '^FuzzDecodeRules$$' -fuzztime $(FUZZTIME)
	$(GO) test ./scenario -run '^$$' -fuzz '^FuzzRunScenario$$' -fuzztime $(FUZZTIME)
	$(GO) test ./scenario -run '^$$' -fuzz '^FuzzRunRules$$' -fuzztime $(FUZZTIME)
	$(GO) test ./infer -run '^$$' -fuzz '^FuzzReadSpace$$' -fuzztime $(FUZZTIME)
	$(GO) test ./infer -run '^$$' -fuzz '^FuzzInfer$$' -fuzztime $(FUZZTIME)
	$(GO) test ./reference -run '^TestDifferential$$' -long -timeout 60m

# Explorer states per second and bytes per state, zone operations, the
# observation-log runner, and infer over the default space and over three
# knobs against one run; compare runs with benchstat.
bench:
	$(GO) test ./properties/explore ./zone ./scenario ./infer -run '^$$' -bench . -benchmem -count 6

# Issue 15's table on whole processes (/usr/bin/time -v): every row's input
# made by scalegen, one line per measurement with its goal beside it; a
# subset with ROWS="pairs infer" (rows: pairs teams knobs infer memory check).
bench-scale:
	bash scripts/bench-scale.sh $(ROWS)

# Issue 18's rows beside make bench: photosync diff of the five pairs that
# differ only in unobservable knobs (indistinguishable), of the 21 pairs of
# named rule sets (the shortest decisive experiment), and check --rules with
# the equivalence verdict, each as a whole process.
bench-diff:
	bash scripts/bench-diff.sh
