// Package reference is a naive reference engine: SPEC §3 and §6 (§6.5
// too) read literally, with no reduction at all, so that every fast path
// of photosync can be checked against something slow and obviously right
// (issue 14). It is test-only: only _test.go files import it, and nothing
// a user runs depends on it.
//
// It is written from the SPEC, not from the model: it reads every knob by
// its public name as text (model.LookupKnob and the knob's Get), knows the
// sources, surfaces, actions and viewers by their SPEC names, and has its
// own State. It borrows from the model only the vocabulary's types
// (model.Action, model.Photo, as scenario.Parse's AST carries them) and the
// SPEC's duration syntax (model.ParseDuration). A knob the SPEC names and
// the model does not have yet (photo.userEdits, §6.5, until it lands) is
// read at its default.
//
// # What it does
//
// Run (or a Runner, line by line) plays a scenario's `at` lines on the set
// of every state the system may be in, in concrete time (time.Duration
// since the start), and says for every view line which photos it can show;
// observe lines keep the states whose view showed the photo; Result.Final
// is the set of possible states at the end. A State holds every store,
// every cache entry with the instant it was filled (expired entries stay:
// R5 compares the instant at each view), and each fact a rule reads about
// the past. The set is a set: two states are one element only when equal
// in every field. Nothing is merged (no cache merging), nothing forgotten
// (no clearing of clocks or expired entries), no DirSync run skipped.
//
// # Time
//
// Every DirSync run fires, one by one, at each multiple of
// dirsync.interval after time 0 (R3), whether or not AD changed; R8's
// window opens at its exact instant; R18's and R20's deadlines take at
// theirs. Timers due at one instant fire in §6.2's order (DirSync's run,
// R8's window, the deadlines of R18 and R20), before the scenario's
// actions of that instant (SPEC §5).
//
// A pending take of R18 or R20 may happen at any instant of its span. The
// reference tries it at these instants, which are enough:
//   - at every instant where something happens (the scenario's instants
//     and every timer of any possible state: DirSync's runs, windows
//     opening, deadlines), in a slot before each timer, after the last one,
//     and between and after the scenario's actions of that instant;
//   - at one instant strictly between each two consecutive such instants.
//
// Why enough: between two consecutive instants where something happens,
// nothing but the take changes the state, so a take at any instant of that
// open interval leaves the same stores, caches and flags as a take at any
// other; the take's instant itself is written only where a rule reads it
// (R8's window counts from the last import, and a take is an import). A
// take at instant t in the interval (a, b) therefore gives the same states
// as the midpoint, up to that instant; and at a or b, the order against
// the events of that instant is what differs (before or after DirSync's
// copy, before or after a view), which the slots enumerate. Cache expiry
// instants are not among the instants: a take touches no cache, and a
// cache is read only by a view, at a scenario instant.
//
// Under sharepoint.trigger service no rule reads when the last import was
// (R18: "R8's visit condition and window are not used"), so there a take,
// or an edit-cancel, writes no instant: the state holds what the rules in
// force read, and takes at different instants of one interval are then
// one state. This is the SPEC's own statement, not a reduction:
// Options.KeepImportInstant writes the instant anyway, and
// TestImportInstantUnread checks that the views come out the same.
//
// # Bounds
//
// The reference is slow by design: every run of a 1 ns DirSync schedule
// over hours would be billions of firings. Options.MaxStates and
// Options.MaxWork bound a run; past either it stops with a *TooBigError
// ("too big"), never with an answer. The differential check keeps its
// intervals sane for the reference's sake (at most a few thousand runs a
// scenario) and counts the cases too big.
//
// # Checks
//
// TestCorpus replays the scenario corpus (scenario/testdata) on the
// reference. TestDifferential draws random rule sets over every knob and
// random scenarios, runs them on the reference and on scenario.Run (the
// engine with cache merging, forgetting, the idle DirSync skip and takes
// at the ends of quiet intervals; and without merging or forgetting), and
// requires the same photos at every view; make test runs a fixed, seeded
// budget, make fuzz (-long) many more. A disagreement is shrunk and
// printed as a scenario for the corpus.
package reference
