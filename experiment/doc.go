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
// it holds under A and fails under B. Every earlier view of a shortest
// experiment shows the same set under both (otherwise a shorter experiment
// would end there).
//
// # Decisive experiments
//
// A distinguishing experiment can be weak: its last view may show a photo
// that both rule sets allow (transition-2023 predicts v1 at the people
// picker after a My Site change, modern v0 or v1), and seeing it decides
// nothing. An experiment is decisive when no photo its last view can show
// is possible under both: whatever the tenant shows, it decides.
// photosync diff asks for the shortest decisive experiment
// (Config.Decisive), and gives the shortest one, saying which photos
// decide nothing (Experiment.Undeciding), only when the search finds no
// decisive one within its bounds; both answers come from the one search
// below, which goes on past the level of the shortest experiment until a
// view is decisive. A decisive experiment longer than the shortest may
// pass through views that predict differently without deciding: its
// scenario writes them as view lines (looked at, not checked), so that
// under B only its last line fails.
//
// Merging situations (below) is exact for this question too: a situation
// and its normal form have the same future views, with the same photos up
// to renaming over both rule sets at once, so the same decisive ones
// (TestNormalizationIsExact checks it). A situation met before was met at
// a level no deeper, with the same future, so skipping it skips no shorter
// decisive experiment, and the first decisive view in breadth-first order
// ends a shortest decisive experiment (among those with the search's
// waits). TestDecisiveAgainstReference checks it against a depth-first
// search that merges nothing. Once the shortest experiment is found, the
// search keeps at most Config.MaxDecisive situations in all (5,000 by
// default, photosync diff --max-decisive): between rule sets where caches
// make one's photos a superset of the other's (picker.cacheBusting, a
// cache's TTL), no decisive experiment exists within reach, and the
// twelvefold growth of situations a step makes a larger bound buy about
// nothing (20,000 situations reach the same 3 steps as 5,000, four times
// slower); the experiment then says "bounded", with the bound and its
// flag. Of the 21 pairs of named rule sets, 20 have a decisive shortest
// experiment; transition-2023 against modern has a decisive one of 3 steps
// beside the shortest of 2 (testdata/decisive-named.txt).
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
// a view whose photos differ under some two of them and every photo of
// which leaves out some weight (a view that some rule sets predict v0 and
// the others v0 or v1 teaches nothing when it shows v0: among many, it is
// no experiment); and at the first level where any does, every situation
// and view of that level is probed and the one whose worst outcome (the
// most weight under which one photo can show) is least wins, the first in
// breadth-first order on a tie.
// Search is Among of two rule sets that stops at the first view, which
// keeps diff's experiments and counts as they were. Rule sets that track
// their reads (model.Rules.TrackReads) have each worker's copy track its
// own, and Among reports what the search read from each.
//
// # Sharing steps among rule sets
//
// Among many rule sets (photosync infer's kinds of behaviour) most
// situations hold only a few distinct lists of states: the rule sets
// differ in knobs that the steps so far left unread. Rule sets in
// byte-identical states share a step (a view probed, an action, a wait)
// when it read no knob on which they differ: the later takes the earlier
// one's outcome instead of computing it (share.go). This is exact. The
// model and the engine decide a step from the states, the step and the
// values of the knobs they read, nothing else (model.Reads), and they
// compute deterministically. Run the step under both rule sets side by
// side: the two runs do the same thing up to their first read of a knob on
// which the rule sets differ, since every value read before it is the
// same; the earlier rule set's run read no such knob, so neither run ever
// comes to one, and they end in the same outcome, the same photos shown or
// the same successor states in the same order. The search's answer
// depends on the rule sets only through those outcomes (keys, counts,
// views), so it is the same with and without sharing. Two things make
// the reads a step notes all it read. The engine lets time pass once for
// every step of a Set at one instant (engine.Set.Apply) and the later
// steps read none of it, so each later step counts the first step's reads
// as its own. And the worker's copy of each rule set fixes every knob
// (model.Rules.Fix), so that how the engine chooses to let time pass is
// read from the knobs and not noted; that choice changes no outcome. A
// rule set that amends the model (a planted defect) or tracks its reads
// for its caller shares nothing. TestSharingIsExact runs Among and Search
// with and without sharing on random knob-varied rule sets;
// TestSharedStepsReadAll checks every step against the same step on a
// freshly reset Set, its outcome and its reads: letting time pass to a
// situation's own instant reads knobs but ends alike under every rule set
// in the same states, so outcomes alone never show a step that forgot
// those reads.
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
// # Deciding indistinguishability
//
// The search above proves nothing when it finds nothing: its situations
// keep every clock's exact age, so it meets a new one at every level
// (above). Decide answers the question exactly: whether some experiment of
// any length, with actions at any instants (dense time), gives some view a
// different set of possible photos under A than under B (SPEC §5). Compare
// puts the two together for photosync diff: the search for the shortest
// experiment, and Decide for the answer "indistinguishable" when there is
// none; a bound reached by either is "bounded", never an answer.
//
// Beliefs over event clocks. Every clock of the model is started by an
// action of the experiment (a change, a view filling a cache, a visit), by
// a timer (DirSync's run at each multiple of its period, R8's window, the
// deadline of a take) or at the start; it is then copied (the previous
// change's clock) or stopped. So every clock of every state the system may
// be in after an experiment reads the time since one instant of that
// experiment: the instants of its steps and of its timers' firings, all
// common to every possible state under A and under B. A symbolic belief is
// then the discrete parts of every possible state under A and under B
// (worlds), each world mapping each of its running clocks to one event (an
// instant), and one zone (package zone) over the events' ages. Its
// concrete beliefs are its worlds under each valuation of the zone. The
// system of beliefs is a timed automaton whose locations are the discrete
// parts of the beliefs and whose clocks are the events: each step adds the
// event "now", asks each world's time questions of the zone (a question
// with both answers splits the zone into cells, each world answering on
// each), and keeps in each cell the worlds that follow; a view whose photo
// sets under A and under B differ in a cell, or an action possible under
// one rule set only, tells them apart. Its guards compare one event's age
// with a constant (x ≥ c, x < c, and the timers' invariants x ≤ c), never
// two ages with each other, so it is diagonal-free: Extra⁺_LU
// extrapolation, with for each event the largest constant any world
// compares it with, and LU-simulation of zones (zone.Zone.SimulatesLU)
// keep exactly the locations reachable (Behrmann, Bouyer, Larsen and
// Pelánek), and the zone graph is finite once the discrete parts are. An
// event older than the largest constant of every clock reading it is one
// event, the ancient one (a clock beyond every constant it is compared
// with is "large", whatever its age). Events no world reads are dropped,
// equal ones merged, and the rest numbered by recency, so beliefs that
// differ only in how they got there compare equal. DirSync's schedule is a
// clock like the others, restarted by its timer: its phase against the
// other clocks is kept exactly.
//
// A take of R18 or R20 may happen at any instant of its span. Nothing it
// reads changes between two steps, and it starts no clock Decide tracks
// (under sharepoint.trigger service the import clock is read by nobody),
// so taking at the last step's instant stands for every instant until the
// next: each world with a take pending is joined by the world after it.
//
// Within a belief. Views do not narrow a belief (an experiment's views are
// expect lines, not observations): what a view can show is the union over
// the worlds. So a world can be dropped when another of the same belief
// does all it does: the same but for caches' ages, each at most as old (an
// unexpired entry shows its photo or the store's and refills, an expired
// one only the latter; the ages keep their order along every experiment).
// Photos are renumbered in order over both rule sets (only which stores
// and caches hold the same photo matters), and two dead photos (held by
// caches only, never again by a store) that play the same part are merged
// (decider.mergeDead argues it), which keeps the worlds of cached-or-fresh
// views from growing with every change.
//
// One cache at a time. A cache changes nothing but itself (a view fills
// its own cache; Teams' service cache fills the clients'), so what a view
// through a cache can show depends on the stores and that cache only. The
// decision runs on one projection per set of caches that some surface
// links under A or under B (the Teams service cache links every viewer's
// Teams client), keeping only those caches, comparing only the views
// through them, plus one projection of the stores for the surfaces with
// no cache; views through other caches are left out, but the subject's
// view of My Site, which is also a visit. A belief's projection follows
// the projections of its steps, so A and B are indistinguishable exactly
// when they are in every projection. Another viewer's caches are the
// subject's up to the viewer's name, but for My Site (a visit only when
// the subject views it): those projections are left out.
//
// Reductions. In each projection, each rule set is reduced
// (projection.reduce, canonical), each change leaving what every compared
// view can show, after any experiment, as it was:
//
//   - SharePoint is a sink (no rule reads it to change another store):
//     where no compared view reads it, it follows Exchange at once
//     (sharepoint.window 0, visit never), and its flags are forgotten;
//     Yammer likewise (yammer.sync none, but for two-way, whose Yammer
//     changes change Exchange: then only Yammer's photo is forgotten);
//   - where DirSync copies no photo (dirsync.thumbnails off, dirsync.once,
//     photo.source cloud), a run changes only R3's and R15's flags, which
//     only a run reads: it has no schedule, and Active Directory and those
//     flags are forgotten;
//   - a knob the model does not read given the others takes one fixed
//     value: the TTLs of caches the projection does not keep, the routes
//     of surfaces it does not compare, dirsync.* where DirSync copies
//     nothing, R8's knobs under sharepoint.trigger service,
//     sharepoint.visitQueues where the visit condition is not after-change,
//     sharepoint.windowFrom with no window, yammer.delay but for on-use;
//     R8's pending visit, My Site's existence and Lync's sign-out are
//     forgotten where no rule reads them.
//
// Two rule sets that reduce to one rule set in a projection have the same
// worlds after every experiment there: the projection is decided without a
// search (Decision.Reduced). That is how the pairs of issue 18 (visit
// never with and without queued visits; three ways of saying that DirSync
// copies nothing; a settled tenant's open knobs) are decided at once.
// TestReduceIsExact runs random experiments of random rule sets under
// each projection's reduced rules and the rules themselves and finds
// every compared view alike; rule sets that amend the model (a planted
// defect) are neither reduced nor projected.
//
// One system. Behaviour keys a rule set in given states (the end of a
// log) by what the reductions that need no projection (every cache kept,
// every view compared) leave of both: the rules' knobs, and each state
// without what those rules never read. Two rule sets with one key are one
// system from then on, step for step, so no experiment and no log of
// observations tells them apart; photosync infer merges its candidates so
// (its kinds of behaviour). TestBehaviourIsExact runs random pairs through
// a random log and, where their keys agree, through random steps and
// observations, and finds every view alike.
//
// From given states. Decide decides from the start of R13, or from the
// states a log leaves (DecideConfig.StartA and StartB: every state of both
// at one instant, absolute clocks, as engine.Set.States gives them): then
// whether any experiment continuing the log tells A in its states from B
// in its. The first belief is built from those states as every later one
// is from a step: each state's discrete part is a world, each running
// clock the model compares reads an event clock of its exact age (one
// event per age, equal ages one event), the zone is the point of those
// ages, and finish makes it a belief (the pending takes, the projection,
// the ancient clock, the extrapolation), which keeps the zone graph finite
// from there as from the start. What a log's states carry that worlds do
// not is dropped as after every step: the History (only properties read
// it); clocks a state does not run (model.Forget stops those no rule reads
// under the rules it was run under, which a candidate of the same group
// does not read either) are clocks no world tracks, and clocks the rules
// never compare are stopped; a pending take of R18 or R20 may happen at
// any instant from the log's end on, so its world is joined by the world
// after it, as after a step; DirSync's phase is the age of its clock,
// kept exactly; photos are renumbered over both rule sets at once, which
// keeps one photo of the log one photo under both; and each projection
// projects the start states with forget as it projects every belief,
// before their pending takes are taken (a log may have filled the caches
// of more viewers than the decision compares, whose clocks it does not
// track). Two
// things hold only from the start and are asked of the states: a
// projection whose two rule sets reduce to one rule set is decided without
// a search only when its first worlds are the same under both (then they
// are after every experiment), and another viewer's caches are left out as
// the same system as the subject's (or observer's, for My Site) only while
// both viewers' caches of that projection are empty in every start state.
// TestDecideFromStatesAgainstSearch, its slow twin, runs random
// knob-varied pairs (and rule sets against themselves, their states
// carried differently: merged, forgotten, or not) through random logs
// with observations, and checks Decide from the states they leave against
// the search from the same states: a pair called indistinguishable has no
// experiment the search finds, one separated is not one it exhausted, and
// every experiment found replays.
//
// Why the search is complete. Each symbolic step covers every instant at
// which the step can happen (the zone's valuations, timers urgent: an
// action happens only while no timer is due, and the tick fires each timer
// at its instant) and every outcome (each world's choices enumerated on
// each cell). The reductions and projections keep every answer, the
// extrapolation and the LU-simulation of zones keep every location
// reachable, and the dropped worlds and merged photos change no view's
// set. So when the breadth-first search over symbolic beliefs runs out of
// new ones, no experiment of any length tells A from B; when a cell shows
// a view that differs, one does (Decision.Depth symbolic steps); and when
// Config.MaxBeliefs stops it first, the answer is "bounded". The search
// over situations still finds the shortest experiment, which replays
// (Compare runs it only when Decide does not show the rule sets
// indistinguishable). TestDecideAgainstSearch checks Decide against it on
// the 21 pairs of named rule sets and 50 random pairs (fixed seed; -long:
// 300, searched further): a pair Decide calls indistinguishable has no
// experiment within the search's bound, one it separates is not one the
// search exhausted, and every experiment found replays.
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
