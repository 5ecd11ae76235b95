// Package engine runs a set of possible states of the model through time:
// the one belief-state loop of photosync.
//
// A view through a filled cache may show the cached photo or a fresh one
// (R5), so after a few views the system may be in any of several states. A
// Set holds them, each as a Belief: the state, the properties the run that
// led to it has violated, and (when asked) where each was first violated.
// Its operations are the ones every command needs:
//
//   - Advance lets time pass to an instant: the timers due on the way fire
//     in time order (model.Advance), and a Monitor judges every firing and
//     every quiet interval between them.
//   - Apply applies an action to every belief and returns every outcome,
//     each judged by the Monitor; Shown lists the photos a view can show.
//   - Commit makes the outcomes the new beliefs, keeping those that agree
//     with an observation (an `observe` line) or one chosen outcome (a
//     rapid run); duplicates merge.
//
// # Why a package of its own
//
// The model answers one question: what can one action do in one state. The
// engine answers the next: what can a sequence of actions at instants do to
// everything the system may be. Keeping it out of the model keeps the model
// free of monitors and findings; keeping it out of the scenario runner lets
// the reports, the rapid checker and the experiment search use it without
// the scenario language.
//
// # Callers
//
// Every loop over possible states is this one:
//
//   - scenario.Run: `photosync run`, expect, observe and violates lines;
//   - counterexamples.NewReport: the timeline of a bug report (`photosync
//     report`, `check --out`), with Options.Record;
//   - counterexamples.Scenario: a counterexample written as a scenario;
//   - properties.Run: the rapid checker's single runs and the explorer's
//     confirmation of a counterexample (one belief, Commit with a chosen
//     outcome);
//   - experiment: `photosync diff`, the situations of the search and the
//     replay of the experiment found.
//
// The exhaustive explorer (properties/explore) is not a belief-state loop:
// it runs the model on clock zones, one symbolic state at a time.
//
// # Deduplication
//
// Two beliefs with the same state and the same violated properties have
// the same future, so they merge; a merged belief keeps the findings of the
// first. States compare with ==; model.AppendState is the same identity as
// bytes, for searches that key by encoding.
package engine
