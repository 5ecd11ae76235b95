// Package web is `photosync serve`: a local web server whose pages do what
// the command line does, and a diagnosis the command line cannot do well.
//
// # Pages and API
//
// Every page is a plain HTML file with its script and style sheet, all
// embedded in the binary (static/); they load nothing from the network.
// Each page reads its JSON from one endpoint of /api/, which answers with
// the same objects as the command line's --json, written by the same
// encoders:
//
//   - /run?rules=NAME&scenario=TEXT, the workbench, on /api/run: a scenario
//     run as `photosync run` runs it (counterexamples.NewReport: the
//     timeline of its bug report, with the possible states after each
//     step, and the verdict of every checked line).
//   - /api/infer (its page is not built yet): the object of
//     `photosync infer --json` (infer.NewJSON), the next experiment as steps
//     (infer.PlanSteps) and one choice per outcome with the lines it
//     appends to the log (infer.Next.Observed).
//   - /eras and /check are not built yet (see issue 17).
//   - /api/vocab: the rule sets, actions, surfaces and viewers the controls
//     offer.
//
// An API request gives its fields in the query, a form or a JSON object.
//
// # Bounds
//
// Every request is bounded as the command line bounds a run: the possible
// states (Options.MaxStates, MaxInferStates) and their memory (MaxBytes),
// then a time limit (Timeout) through the request's context, which also
// ends when the client goes away. At most Workers requests compute at
// once; a computation whose request ended runs on in its slot to its end or
// its bound (the engine has no way to be stopped midway), so abandoned
// work never piles up. A bound reached is an answer that names the bound;
// a body over MaxBodyBytes is refused (413); bad input is a 400 whose
// error names the input and its line. The server reads no files: a
// scenario names a built-in rule set, or the request carries the rules
// file (rulesFile, which the scenario calls rules.json).
package web
