// Package counterexamples turns a violation into what a person reads: the
// scenario that replays it with `photosync run`, what each surface showed
// over time, a Markdown bug report and a picture.
//
// # Counterexamples as scenarios
//
// Scenario writes an explorer's counterexample as a scenario: the rules, a
// violates line, each step at its time (a view that could show several
// photos pins the one it showed with observe), and at the instant of the
// violation expect lines for the views Involved shows the violation with.
// It names only the exploration's viewers (Counterexample.Viewers): with
// one, every view is the subject's. Under rules whose time branches (a take
// anywhere in its span, DirSync's either) the replay could leave the
// explorer's path between any two lines; Scenario pins a store with an
// observe line only where the replay's possible states disagree on it,
// then drops each pin without which the scenario still replays, so a
// counterexample is as short as the same one under rules that do not
// branch.
// RulesHeader writes the rules and set lines of a rule set.
//
// # Bug reports
//
// NewReport replays any scenario under its rules, following every state the
// system may be in on an engine.Set as scenario.Run does and judging each
// possible run with the property catalog. The Report it returns is data: the events of the
// timeline (each `at` line, and what the model did by itself between them,
// such as SharePoint importing when its window opens), what each surface
// and viewer the scenario views showed, and where each property was
// violated. A take of R18 or R20 may happen at any instant of its span, so
// it is not an event: the report records, from the possible states after
// each event, the stretches in which one is pending (Report.Spans), and
// makes an event of a take's instant only when a property is violated
// then. Two renderings read it:
//
//   - Markdown, a bug report for a tenant administrator or a Microsoft
//     engineer: a title (the violated property's), the rules and the knobs
//     that differ from observed, steps to reproduce in plain words,
//     Expected (the property, with the claims and rules it rests on),
//     Actual (the violation and when), a timeline table and the scenario.
//     Where a span of a pending take begins and ends, the steps say so,
//     and the table has a column of pending takes.
//   - SVG, the same timeline as a picture: a row per surface and viewer, a
//     column per event (not to scale: 0s and 72h sit side by side, labelled
//     with their times), a colour per photo, the violation outlined in red,
//     and each span of a pending take a translucent band across the rows
//     of its store, labelled "SharePoint may take v1 anywhere in here (by
//     24h)".
//
// A long run is folded for its reader (fold.go): the Markdown shows at most
// Report.MaxSteps events (DefaultMaxSteps), the picture at most 150
// columns (fewer with many rows), a cell at most six photos and a list of
// photos twelve. Runs of a repeated block of events (the same actions and
// views at other instants, with other photos) are shown as their first and
// last repetitions with one fold between ("… 99,998 events left out here
// (99,998 × change outlook-online), one every 2s, from 2s to 55h33m16s
// …": a row of the table, a dashed column of the picture), as a summary
// of a counterexample folds its steps; what is still too long folds
// between its first and last events, the events of violations always
// shown. A scenario of more lines than that is folded the same way in the
// page, which then says that its text does not replay and names the file
// that does. So no report grows with its run: one of 100,000 changes is a
// few kilobytes.
//
// WriteFiles writes a scenario with both renderings, the way
// `photosync check --out` saves counterexamples; `photosync report` writes
// them for scenario files.
//
// # The corpus
//
// testdata holds the counterexample of every goal under observed as
// GOAL.scenario, with its report as GOAL.md; testdata/report holds
// scenarios that are not counterexamples, with theirs. The tests replay
// each counterexample (a failure says whether the goal started to hold or
// the model now shows something else) and compare every report with its
// .md file. After a change to the model or the reports, regenerate them
// with
//
//	go test ./counterexamples -rewrite
//
// and review the diff.
package counterexamples
