// Package infer answers `photosync infer`: which candidate rule sets a
// tenant's observation logs fit, which knobs they settle, and the next
// experiment that would settle the most of the rest.
//
// # Candidates
//
// A Space is a base rule set, axes (a knob and the values to try) and named
// rule sets. Its candidates are every rule set of the product of the axes
// over the base, and each named rule set the product does not hold. The
// default space (Default) is observed with the 16 enumerated and boolean
// knobs of SPEC §3 and §6 over all their values (442,368 rule sets) and the
// seven built-in rule sets, three of which (ideal, transition-2023 and
// modern, whose durations differ) lie outside the product: 442,371.
//
// # Lazy splitting
//
// Running a log once per candidate is hopeless. The model decides every
// step from the state, the action and the knobs it reads, and a rule set
// can track those reads (model.Rules.TrackReads; model's
// TestUnreadKnobsDoNotMatter varies every unread knob along random runs
// and finds the same outcomes). So candidates are kept in groups: a group
// is a product of picks, one set of values per axis, and one engine.Set of
// possible states, run under a representative (each axis at its first
// picked value) that tracks its reads. When a line's action reads a knob
// whose values the group's candidates do not share, the group splits by
// that knob's values and each part runs the line afresh (its Set held the
// states before the line: Apply changes nothing until the line commits).
// Candidates that never differ on the log share all their work.
//
// A split that makes no difference is undone at once: when every part ends
// the line in the same states, having shown the same photos, they are one
// group again. And after every line, two groups of the product that hold
// the same states (their History aside, which no rule reads) and whose
// picks differ on one axis join: their union is a product, and its members
// behave alike until a step reads that axis's knob, which splits them
// again. Both are exact for the same reason as the splitting.
//
// A group's representative reads no knob it does not need, with two
// exceptions the model arranges: under tracking, BranchesInTime answers
// "may branch" without reading the three knobs it depends on (enumerating
// time's outcomes is exact under any rules), and model.Forget keeps the
// window clocks (deciding whether they are read would read
// sharepoint.trigger and windowFrom).
//
// Named rule sets outside the product are groups of one candidate of their
// own; they never split or join.
//
// # Merged beliefs
//
// Each group's Set merges cache entries and forgets what no rule reads,
// as `photosync run` does (engine.Options.MergeCaches and Forget): a
// belief may stand for every state that differs from its own only in what
// some cache entries hold. Such a belief is a set of states, not a claim
// about any rule set, so it stays exact when the group's representative
// changes: a split copies the beliefs as they are (engine.Set.ResetBeliefs,
// never listing the product they stand for), and a join keeps them. What
// the engine reads of the rules to step a merged belief (a cache's TTL) it
// reads through the representative, which tracks it, so a group whose
// candidates differ there splits as on any read. Two groups are compared
// by their beliefs' keys (engine.Belief.AppendKey): equal keys are equal
// states; states merged otherwise only keep apart two groups that could
// have joined.
//
// The representative tracks its reads, and the model then avoids reading a
// knob for nothing: it lets time branch without asking whether the rules
// can branch, keeps the window clocks that Forget would clear, and the
// engine infers nothing from a TTL. That is right for the knobs on which
// the candidates differ, and wasted on the rest, which every candidate of
// the group shares: the representative fixes those (model.Rules.Fix), and
// for them the model and the engine answer as under an untracked rule set.
// A group that has settled sharepoint.trigger forgets the import clock a
// pending take of SharePoint writes, as its candidates' own runs do.
//
// The bounds count what the groups hold, added up as each group runs a
// line, so that they hold in the middle of a line too: MaxStates the
// possible states, a merged belief counted by every state it stands for
// (engine.Set.Count), MaxBytes the memory of the beliefs and of what their
// merged entries hold (engine.Set.Bytes); each group's Set also measures
// the process against MaxBytes (engine's "Bounds"). A merged belief counted
// once would let a log of unchecked views run for minutes, each belief
// holding more photos at every line, before any bound said so.
//
// Before, the groups held every state apart and let time branch under
// every rule set, and a 10,000-line ObservationLog over the default space
// stopped "bounded at 20,000 possible states" near line 175 after 10 s.
//
// TestAgainstBruteForce compares the answer with one scenario.Run per
// candidate, unmerged, on random small spaces and random logs made under a
// random candidate (a third with an observation altered; half of them long,
// with unchecked views, so that the groups' Sets merge), checks that the
// candidate a log was made under fits it, and that each fitting
// candidate's group ends in the states a run of it alone ends in;
// TestSummaryAgainstBruteForce checks settled, open and named the same
// way.
//
// # The next experiment
//
// Next asks the experiment package's breadth-first search (experiment.Among)
// for the shortest experiments, continuing the last log from the states
// each fitting group is in, whose last view some groups predict
// differently and whose every outcome leaves out some candidate, and among
// those the one whose worst outcome leaves the fewest candidates (each
// group weighted by how many it holds). A view that some candidates
// predict v0 and the others v0 or v1 is not one: seeing v0 there leaves
// them all, and a diagnosis that saw it would be proposed it again
// (TestNextNarrowsWhateverItShows). The search
// runs each group under its representative and reports which knobs it
// read; a group whose candidates it read apart splits on those knobs and
// the search runs again, until no group is split. It deepens one step at a
// time: at each depth it splits until the groups are exact for experiments
// of that many steps, so that none found proves that no experiment of that
// length tells any two candidates apart, and it goes one step deeper. A
// search of one step reads few knobs; a single deep search would read
// nearly every knob at once and split the groups past any bound before it
// had tried the short experiments (issue 14: a three-line log whose two-step
// experiment a four-step search never found). The experiment found is then
// a shortest one; it is the best of the shortest (Next.Best) unless the
// groups would pass NextConfig.MaxGroups at its depth (then the experiment
// found among the coarser groups is kept: real and shortest, but perhaps
// not the sharpest, and the answer says so). A search stopped by a bound
// says "bounded, none found within" it, what it had shown by then and the
// flag that raises it (NoExperimentError). Its outcomes are then computed
// exactly, by running the experiment as lines of the log over every fitting
// group with the same splitting as a log: TestNextOutcomesAgainstBruteForce checks each
// against brute force.
//
// # Kinds of behaviour
//
// Candidates that the logs cannot tell apart may still differ in knobs
// that no experiment will ever read given the others: dirsync.* where
// DirSync copies nothing (photo.source cloud), R8's knobs under
// sharepoint.trigger service. When at most MaxKindCandidates fit, Summary
// sorts them into kinds: each candidate (each member of each group) with
// the states its group is in, by experiment.Behaviour, which reduces the
// rules to the knobs they read given the others and the states to what
// those rules read. Candidates of one kind are one system from the end of
// the logs on: every step of every experiment or log has the same outcomes
// under each, so nothing tells them apart (candidates of two kinds may be
// indistinguishable too: the key decides only that much, and says nothing
// then). Summary.Kinds counts them, and an open knob every kind of which
// holds every value still possible is one no experiment can settle
// (Summary.Unsettleable: an outcome leaves whole kinds). One kind left:
// Next says at once that the diagnosis is settled (NoExperimentError with
// Indistinguishable) instead of searching to a bound. With at most
// NextConfig.MaxGroups kinds, Next searches among the kinds, each under
// one of its candidates: exact at every depth, with no group to split.
// TestKindsAgainstBruteForce sorts the candidates of random small spaces
// one by one, each run by itself, and checks the kinds, the unsettleable
// knobs, and that no experiment of three steps tells two candidates of one
// kind apart.
//
// # A round, and writing it
//
// A Round (NewRound) is one round of a diagnosis: Run, the Summary and,
// when more than one candidate fits, Next. `photosync infer` prints one
// and `photosync serve` answers one per request of /api/infer; neither
// runs the steps itself. WriteText writes the answer as `photosync infer`
// prints it (Plan and PlanSteps: the next experiment as steps for a
// person), NewJSON (Round.JSON) is the object of `photosync infer --json`,
// which verdicts.WriteJSON, the one encoder, writes for the command line
// and the server alike. Next.Observed is what a person appends to the log
// once the experiment's last view showed a photo (Round.Choices: one per
// outcome, as the page offers them).
//
// # Figures
//
// On the development machine (two cores), BenchmarkInferDefaultSpace runs a
// 1,000-line log made under observed, transition-2023 or modern over the
// default space in 0.44 to 0.86 s, keeping at most 26 groups apart;
// photosync infer, next experiment included, peaks at 14 to 40 MB resident.
// BenchmarkInferThreeKnobs runs scenario's 100,000-line observation log
// over 12 candidates in 2.0 to 2.3 times one scenario.Run.
// BenchmarkInferLongLog is issue 15's rows: a 10,000-line log (scalegen
// obslog) made under observed, transition-2023 or modern, over the default
// space, `photosync infer --next=false` in 2.4 to 4.1 s of CPU on a busy
// machine, 49 to 68 MB resident, at most 6,720 possible states over every
// group after a line; a 100,000-line log under observed completes in 23 s
// of CPU, 139 MB (scripts/bench-scale.sh infer measures whole processes).
package infer
