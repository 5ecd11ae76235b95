// Package verdicts is the verdict table: rule sets × properties, each cell
// a typed verdict (properties.Verdict: holds, holds vacuously, violated,
// unknown) with its counterexample or witness, and each rule set's delta
// against its base. `photosync check` is a table of one rule set beside its
// base, `photosync eras` one of every named rule set beside observed, and
// `photosync serve` shows the same values; this package owns them and
// their renderings (text, Markdown, SVG, JSON), so that the command line
// only parses flags and prints.
//
// Compare is the one delta against a base (SPEC §4.1): it compares decided
// verdicts only, so a property unknown on either side is undecided, never
// "broken", "made to hold" or "made to fail". WriteJSON is the one JSON
// encoder of the command line's --json and the server's /api/.
//
// Tell is the one answer to "does any experiment tell this rule set from
// its base?" (SPEC §5; experiment.Compare within check's bounds): Check
// asks it for a rule set with a base, so that check's text ("experiments:"),
// check --json ("experiments") and the server's /api/check say the same.
package verdicts
