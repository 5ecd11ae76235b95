// Package web is `photosync serve`: a local web server whose pages do what
// the command line does, and a diagnosis the command line cannot do well.
//
// # Pages and API
//
// Every page is a plain HTML file with its script and style sheet, all
// embedded in the binary (static/); they load nothing from the network.
// Each page reads its JSON from one endpoint of /api/, which answers with
// the same objects as the command line's --json, written by the same
// encoder (verdicts.WriteJSON):
//
//   - /run?rules=NAME&scenario=TEXT, the workbench, on /api/run: a scenario
//     run as `photosync run` runs it (counterexamples.NewReport: the
//     timeline of its bug report, with the possible states after each
//     step, and the verdict of every checked line).
//   - /eras, on /api/eras: the object of `photosync eras --json`
//     (verdicts.Table.Report), every property under every named rule set.
//     The server computes it once per number of viewers and keeps it
//     (Server.Warm starts it at startup); every request after the first
//     answers at once.
//   - /check?rules=NAME, on /api/check: the object of `photosync check
//     --json` (verdicts.Table.CheckReport) for a named rule set or a
//     rules file (the field rulesFile), beside its base, with "bounded"
//     added when a bound left a verdict unknown.
//   - /infer?log=TEXT, the diagnosis, on /api/infer: the object of
//     `photosync infer --json` (infer.NewJSON), the next experiment as
//     steps (infer.PlanSteps) and one choice per outcome with the lines it
//     appends to the log (infer.Next.Observed).
//   - /api/vocab: the rule sets, actions, surfaces and viewers the controls
//     offer.
//
// An API request gives its fields in the query, a form or a JSON object.
//
// # Bounds and cancellation
//
// Every request is bounded as the command line bounds a run: the possible
// states (Options.MaxStates, MaxInferStates) and their memory (MaxBytes),
// then a time limit (Timeout) through the request's context, which also
// ends when the client goes away (the diagnosis page's Cancel button
// aborts its fetch). At most Workers computations run at once. The
// engine, the scenario runner, the report and the search for an
// experiment ask a Stop (engine.Options.Stop, infer.Options.Stop) at
// every step, and the explorer of /check and /eras (explore.Config.Stop,
// through verdicts.Check and verdicts.Eras) every 64 states: once the
// request has ended, a run, a round, a check or a table stops within a
// fraction of a second and frees its slot, and the request is answered
// at once with why: "cancelled while …" (499) or "stopped after the time
// limit of 60 s while … (photosync serve --timeout raises it)" (503),
// never with what the computation had found by then (a verdict the stop
// left unknown is never shown, nor kept). The eras table and the rounds
// of the diagnosis are deterministic: the server computes each once for
// every request that asks for it while it computes, keeps the table and
// the last 64 rounds (memo), and stops a table or a round as soon as no
// request waits for it; the table computed at
// startup (Warm) runs to its end. A bound reached is an answer that names the
// bound; a body over MaxBodyBytes is refused (413); bad input is a 400
// whose error names the input and its line. The server reads no files: a
// scenario names a built-in rule set, or the request carries the rules
// file (rulesFile, which the scenario calls rules.json).
//
// # The page contract
//
// The browser tests and any script that drives the pages rely on these
// element ids (id="…"), which stay as they are. Every page has the nav
// bar: links #nav-run, #nav-eras, #nav-check and #nav-infer, the current
// page's with aria-current="page". Messages: a region of class "msg" whose
// second class is its kind (info, ok, warn, error); hidden ones also have
// class "hidden".
//
// /run, the workbench:
//
//   - #rules (select: a named rule set, or "" as the scenario says),
//     #text (the scenario), #gutter (its line numbers; the marked line is a
//     span.bad), #error (a bad scenario's message), #note.
//   - buttons #run, #copy, #download, #link; file input #upload.
//   - Add a step: #at, #action, #source, #surface, #viewer, #check
//     ("", observe or expect), #photo, button #add. Each control but
//     #photo sits inside its label.field, which never breaks a line.
//   - Results: #summary (the run's verdict in words), #outcomes (li per
//     checked line), #violations, #timeline (tbody tr.step[data-step=I],
//     one td.cell per surface and viewer), #back, #where, #fwd,
//     #sentence, #states. A scenario that does not run empties them
//     (#where says "—"): the last run no longer matches the editor.
//
// /eras, every property under every named rule set:
//
//   - #eras-status (progress while the table is computed, then its
//     summary), #eras-error.
//   - #eras-table: thead th[data-ruleset=NAME]; tbody
//     tr[data-property=NAME]; each cell td.v[data-ruleset][data-property]
//     [data-verdict="holds"|"holds vacuously"|"violated"|"unknown"], with
//     data-differs="true" and class "differs" where it differs from
//     observed; a violated cell holds a.cx (data-testid
//     "cx-RULESET-PROPERTY") to the workbench at
//     /run?rules=RULESET&scenario=COUNTEREXAMPLE.
//   - #eras-rulesets: tr[data-ruleset=NAME] with the period, facts,
//     description and knobs changed; a.check links to /check?rules=NAME.
//   - #eras-changes: one li[data-ruleset=NAME] per rule set other than
//     observed, with what it changed against observed.
//
// /check, a rule set or a proposed rules file beside its base:
//
//   - #check-rules (select: a named rule set), button #check-named;
//     #check-file (the rules file's JSON), #check-gutter, buttons
//     #check-file-run (check the file), #check-start (fill the editor
//     with a file based on the selected rule set), #check-link.
//   - #check-status, #check-error (a bad rules file's message; its line
//     is marked in #check-gutter).
//   - #check-table: tbody tr[data-property=NAME] with td.verdict and
//     td.base (each [data-verdict]), data-differs="true" on the row where
//     they differ; a violated property's a.cx (data-testid
//     "cx-PROPERTY") opens its counterexample in the workbench.
//   - #check-delta: one li[data-delta=KEY] per non-empty list of the
//     delta (breaks_invariants, makes_goals_hold, makes_goals_fail,
//     undecided, holds_vacuously). A file or rule set that is not
//     checked empties #check-table and #check-delta.
//
// /infer, the diagnosis:
//
//   - #infer-log (the log), #infer-gutter, buttons #infer-run,
//     #infer-cancel (enabled while a round runs), #infer-download,
//     #infer-link, #infer-example; file input #infer-upload.
//   - #infer-status (progress while a round runs, with the round's
//     number; then what it found), #infer-error.
//   - #infer-count: the fitting candidates ("61,442 of 442,371
//     candidates fit"), with data-fitting and data-candidates.
//   - #infer-settled and #infer-open: tr[data-knob=NAME]; #infer-named:
//     the named rule sets that fit.
//   - #infer-state[data-state]: "open" (an experiment follows),
//     "settled" (one candidate fits), "none" (no
//     experiment can tell the rest apart), "bounded" (a bound stopped the
//     search or the run: the message names it), "nofit" (no candidate
//     fits: #infer-dropped says where the last ones dropped out).
//   - #infer-next: #infer-steps (ol, one li per step), #infer-choices
//     (one button per outcome, data-photo=PHOTO, data-testid
//     "choice-PHOTO", its label "I saw v1"; pressing it appends the
//     observe line to the log and runs the next round), #infer-plan
//     (the whole plan as `infer --plan` writes it).
//   - #infer-history: one li per round ("Round 2: I saw v1 → 30,720
//     fit").
package web
