// Package experiment finds distinguishing experiments: the shortest
// scenario after which some view can show a photo under one rule set that
// it cannot under another. It answers "does my tenant follow rule set A or
// rule set B?" with the fewest steps, as a scenario (Experiment.Scenario)
// that `photosync run` passes under A and fails under B, or as a plan an
// administrator follows in a real tenant (Experiment.Plan).
//
// # Experiments
//
// An experiment is a sequence of steps from the start of R13: actions of
// SPEC §5 (change SOURCE, visit, edit-cancel, restart-outlook VIEWER,
// clear-browser-cache VIEWER, lync-signin, lync-signout, dirsync and views)
// at the current instant, and waits. It runs under A and under B as the
// scenario runner runs a scenario: views through a filled cache may show
// the cached photo or a fresh one, so each rule set has a set of states the
// system may be in. The experiment distinguishes A from B when its last
// step is a view whose set of possible photos under A differs from the one
// under B. Written as a scenario, that view is an expect line with A's set:
// it holds under A and fails under B. Every earlier view shows the same set
// under both (otherwise a shorter experiment would end there).
//
// # The search
//
// Search is breadth-first over situations: a situation is the pair (states
// under A, states under B) after the same steps. From each situation the
// successors are, in this order, every action of model.Actions for the
// configured viewers, then a wait to each instant properties.Deadlines
// gives for the states of both rule sets (each under its own rules),
// soonest first: a second before, at and a second after every instant where
// a running clock reaches a constant of the rules or of the properties,
// and one and five seconds from now. At every situation every view is
// probed; the first situation, in breadth-first order, with a view whose
// sets differ gives a shortest experiment. Among the views of one
// situation, observers' views come before the subject's (they change
// nothing but a cache) and the surfaces read through no cache (the people
// picker, Yammer) before the others, since what they show does not depend
// on a cache the tenant kept from before the experiment.
//
// The length of an experiment is its number of steps, actions and waits
// alike, the final view included. A scenario writes a wait as the time of
// the next line, so it has one line per action.
//
// # What the search covers
//
// A search that finds nothing has tried every experiment of at most
// Result.Covered steps whose waits end at the deadline-aimed instants
// above; Result.Statement says so in one sentence. It has not tried:
//
//   - waits to other instants (halfway between two deadlines, say, or a
//     wait aimed at a clock that is not running yet). The model changes
//     behaviour only when a clock crosses a constant, which these instants
//     straddle, but the search does not prove that every combination of
//     clock values an experiment could reach is among the ones it visits;
//   - adaptive experiments: an observe line narrows the states by what a
//     view showed, and a plan that branches on it could be shorter;
//   - more viewers than Config.Viewers, or more than Config.MaxDepth steps,
//     or more than Config.MaxSituations situations (Result.OutOfBudget).
//
// When no new situation appears before the bounds, Result.Exhausted
// reports that no experiment of any length (with such waits) tells the
// rule sets apart. That takes meeting every situation the rule sets reach,
// and the clocks' ages alone make hundreds of thousands of them, so in
// practice a search of two rule sets that nothing tells apart ends on its
// bounds (the normalizer's doc says why no exact merging avoids it). Two
// rule sets that set every knob alike (model.Changed finds nothing and
// neither plants a defect; only the names differ, as with a rules file
// that restates the defaults) behave alike: Search answers at once,
// without a search, that no experiment of any length tells them apart
// (Result.Equivalent, with Exhausted). One rule set given twice, names
// included, is searched all the same, to measure the search's reach.
//
// Every step of the search, and of the replay, runs through engine.Set, the
// one belief-state loop of photosync: each worker keeps one Set per rule
// set and resets it to each situation it looks at.
//
// A found experiment is always real: Search replays its steps from the
// start in absolute time, without the merging below, and Experiment.Check
// runs its scenario with the scenario runner under both rule sets. The
// command line checks every experiment it prints, and the tests check
// every experiment they find.
//
// # Among many rule sets
//
// Among runs the same search over any number of rule sets at once, each
// with the states it starts in (photosync infer's groups of candidates, at
// the end of a log) and a weight (how many candidates it stands for). A
// situation is then one list of states per rule set; an experiment ends at
// a view whose photos differ under some two of them; and at the first
// level where any does, every situation and view of that level is probed
// and the one whose worst outcome (the most weight under which one photo
// can show) is least wins, the first in breadth-first order on a tie.
// Search is Among of two rule sets that stops at the first view, which
// keeps diff's experiments and counts as they were. Rule sets that track
// their reads (model.Rules.TrackReads) have each worker's copy track its
// own, and Among reports what the search read from each.
//
// # Merging situations
//
// Two situations with the same future are explored once. Before a
// situation is looked up, its states are normalized, exactly: time is
// made relative to now (a clock is kept as its age, which keeps DirSync's
// phase, since DirSync's clock restarts at each scheduled run); an age
// beyond every constant of both rule sets and of the properties by more
// than a second is cut to that bound (nothing compares it or aims a
// deadline at it any more); the History, read only by properties, is
// dropped; photos are renumbered in order over both rule sets at once (only
// which stores and caches hold the same photo matters); and each rule
// set's states are sorted and deduplicated. A situation is kept as its
// compact encoding (model.AppendState of each state), which is also its
// key. TestNormalizationIsExact checks along random experiments that a
// situation and its normal form agree on every view and every wait, and
// TestAgainstReference checks the search against a plain depth-first one
// that merges nothing.
//
// # Figures
//
// On the development machine (two cores): observed against documented
// finds its 3-step experiment after 147 situations in about 20 ms;
// observed against a window counted from the last change, 3 steps after
// 61 situations; observed against visits that do not queue, 4 steps after
// 567. Observed against itself tries every experiment of at most 4 steps
// in 7,770 situations (0.4 s) and of at most 5 steps in 98,757 (4 s): the
// number of situations grows about twelvefold a step, so the default bound
// (DefaultMaxSituations) stops the search of two rule sets that cannot be
// told apart after 5 steps, in about 7 s and 100 MB, and the statement
// says so. The search spreads each batch of situations over the
// processors and merges the results in order, so its result does not
// depend on how many there are.
package experiment
