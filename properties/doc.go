// Package properties is SPEC §4: the property catalog, the monitors that
// judge a run against it, and the verdicts a check gives.
//
// # The catalog
//
// Catalog returns every property of SPEC §4 and §6.4 as a value: a public
// Name, a Kind (Invariant: the system as observed, which must hold under
// observed; Goal: what users would wish, violated under observed), a Doc
// whose first line is a title, the claims and rules it comes from
// (Sources), and what it reads: the surfaces it judges (Reads, Joint when
// it compares them with each other), the clocks and constants it compares
// (Deadlines: the fixed bounds of SPEC §4, never the knobs of the rules
// under check) and the history facts it needs (Facts). Validate checks a
// catalog the way go/analysis validates analyzers; there is no registry,
// and callers pass the list they judge.
//
// # Triggers
//
// Every property names its Trigger (SPEC §4.1): what it speaks of, in words
// for people (`photosync properties` prints them) and as predicates on a
// transition or an instant. A monitor judges nothing until its trigger is
// reached. Reaching turns a property into one violated exactly where its
// trigger is reached, so the search that finds counterexamples also finds
// a shortest witness run of a property that holds.
//
// # Verdicts
//
// A property's Verdict under a rule set is one of four: Holds (no run
// violates it, and some run reaches its trigger), HoldsVacuously (no run
// reaches its trigger), Violated (with a shortest counterexample) and
// Unknown (a bound stopped the search first). Comparing two rule sets
// (verdicts.Compare) compares decided verdicts only: where either is
// Unknown the property is undecided, never broken or made to hold.
//
// # Monitors and the explorer
//
// A property's monitors (Transition and Instant) are functions of a
// Context, a transition or a state, and ask every question about time
// through the Context's model.Env, so the same code judges concrete time
// and clock zones. Judge runs them on concrete time: after each transition
// (and at the instants just before and after it) and over each quiet
// interval, at the critical instants where a clock reaches a constant of
// the rules or of the properties. It is the engine.Monitor that the
// scenario runner and Run use; Run is one concrete path, which the rapid
// checker drives with generated actions and waits aimed at Deadlines, and
// which confirms the explorer's counterexamples. Package explore runs the
// same monitors over clock zones, exhaustively: it gives the verdicts and
// the shortest counterexamples and witnesses that `photosync check` and
// `photosync eras` print. The rapid checker is its slow twin (TestCrossCheck
// in package explore): a violation one finds and the other misses is a bug
// of one of them.
package properties
