// Package explore checks the property catalog exhaustively: it visits every
// reachable state of the model, judged by the properties' monitors, breadth
// first, with deduplication, and returns each violated property's shortest
// counterexample in concrete time.
//
// # Time
//
// Time is dense. The model compares clocks only with constants (the window,
// the cache TTLs, DirSync's period) and the monitors only with the fixed
// bounds of SPEC §4 (10 s, 72 h), so the explorer treats each clock as a
// clock of a timed automaton and each state as a pair (discrete state, zone):
// a zone is a conjunction of constraints x ≤ c, x ≥ c and x − y ≤ c (strict or
// not) stored as a canonical difference-bound matrix (package zone). Every
// question the model or a monitor asks about time ("has the window opened?",
// "has this cache expired?", "is this 10 s after Exchange's change?") splits
// the zone into the valuations that answer yes and those that answer no; both
// branches are explored. Letting time pass removes upper bounds, then
// intersects with the invariant of the state's pending timers (DirSync's next
// run, R8's window opening), which are urgent: a timer fires at exactly its
// instant, before any action at that instant. A monitor of an instant
// property judges every valuation of a state's zone at which no timer is due,
// which is every instant at which that state can be seen, including those
// strictly between two deadlines.
//
// # Why nothing is lost
//
//   - Zones are exact for dense time: the zone of a state is exactly the set
//     of clock valuations reachable with its discrete part (Alur and Dill;
//     Bengtsson and Yi). Each zone is then extrapolated (Extra⁺_LU of
//     Behrmann, Bouyer, Larsen and Pelánek, zone.Zone.ExtrapolateLU) with,
//     for each clock, the largest constant it is compared with, as a lower
//     bound (x ≥ c) and as an upper bound (x < c, and the timers' x ≤ c).
//     Every valuation the extrapolation adds is simulated by one of the zone
//     (LU-simulation): where no guard can tell larger values of a clock
//     apart, a smaller value does all a larger one can, and the other way
//     round; the guards of the model and the monitors compare one clock with
//     a constant within those bounds, so the set of reachable discrete
//     states, and so of violations, is unchanged, while the zone graph
//     becomes finite. A clock beyond its constant loses its relations to the
//     others (Extra⁺), so that a 10000-day window next to a 1 ns cache does
//     not keep the cache's refills apart. Clocks that no rule and no monitor
//     of the exploration compares are not kept at all.
//   - A cache's age keeps no upper bound (see "Abstractions" below).
//   - Photos are renamed in order of first appearance (keeping their Yammer
//     origin). The model and the monitors compare photos only for equality and
//     make each new photo distinct from all others, so renamed states have the
//     same futures.
//   - Each property is explored on its own projection: one viewer (views fill
//     only that viewer's caches), the surfaces it judges (with every surface
//     sharing one of their caches), the history it reads. Actions that touch
//     only what the projection leaves out (another viewer's views, restarts
//     and cache clears; views of other surfaces, whose only other effect, the
//     subject's visit, is the action visit) are left out: they cannot change
//     what the property sees.
//   - One photo everywhere. all-surfaces-agree-when-quiet compares every
//     surface with every other (it is Joint), yet it is explored one cache
//     at a time, like a property that judges each surface on its own: one
//     projection per cache the viewer's surfaces read through (surfaces
//     sharing it together, Teams' client with the service cache), each
//     keeping every store a surface shows and taking the restarts, the clear
//     and the visits the monitor waits for. The monitor finds a viewer's
//     surfaces disagreeing when the photos they can show are not one; every
//     surface can always show the photo its store holds (a fresh read, or
//     none where R10 hides it), so they are not one exactly when two
//     surfaces' fresh photos differ, or some surface can show, from its
//     cache (or the service's), another photo than those: a witness in the
//     stores alone, or in one cache. Caches change nothing but themselves
//     (a view shows and refills its own cache; the service fills the Teams
//     client): a run that breaks the property, its views of surfaces through
//     other caches left out (the subject's view of My Site is then the
//     action visit), is a run of the witness's projection, no longer, whose
//     stores, history, clocks and witness cache are as in the run, the
//     other caches empty; the monitor, which reads them only through what
//     the surfaces can show, finds it broken there too. And every run of a
//     projection is a run of the model. So the property holds exactly when it
//     holds in every projection, and the shortest counterexample is the
//     shortest of theirs. (Explored whole, one viewer's nine caches multiply:
//     BenchmarkRandomRules' random-45 did not finish within 500,000 states;
//     one cache at a time its whole exploration takes 43,664.) The explorer
//     recognises the property by its name and the facts, deadline and
//     monitor it declares (oneCacheEnough), and explores it whole under
//     amended rules.
//   - SharePoint is a sink: no store ever reads it. A projection whose
//     property reads neither SharePoint's photo nor a surface that shows it
//     lets SharePoint follow Exchange at once (window 0, visit never), which
//     changes nothing it can see and needs no import clock.
//   - DirSync only changes Exchange from outside SharePoint (R3), as a direct
//     change of Exchange does (R2). A run in which DirSync copies AD's photo
//     to Exchange at some instant looks, to every property that does not read
//     Active Directory, like the run in which the subject changes Exchange at
//     that instant instead: stores, caches and clocks agree at every instant;
//     only the "last change of any kind" may come earlier, which can only make
//     all-surfaces-agree-when-quiet judge more instants. So a projection that
//     does not read Active Directory leaves out change active-directory, the
//     dirsync action and DirSync's schedule, and misses no violation, nor a
//     shorter counterexample.
//   - Where DirSync never copies (dirsync.thumbnails false, dirsync.once,
//     photo.source cloud: the explorer asks the model, dirSyncCopies), AD's
//     photo reaches no other store, and the model reads it, and whether AD
//     changed after Exchange (R15's latest-wins), only in a run that copies.
//     A projection that does not read Active Directory then forgets both
//     (AD's photo otherwise tells apart states alike in all else, through
//     the renaming). It keeps whether AD changed since DirSync's previous run
//     and whether Exchange took a photo from another source, which decide
//     whether a run is idle (see "Abstractions"), so the runs taken, and the
//     counterexamples' lengths, are the same.
//
// # The rules of SPEC §6, argued again
//
//   - A take of R18 or R20 may happen at any instant of its span: it is a
//     transition enabled all along the span, whose deadline is an upper
//     bound (an invariant) on its clock, as in timed automata; at the
//     deadline the tick takes it, after DirSync's run and the window (§6.2's
//     order). Zones keep every instant of the span, so no take time is lost.
//   - DirSync's either conflict (R15) is a choice, both branches explored,
//     like a cached or fresh view.
//   - SharePoint is still a sink under sharepoint.trigger service: its takes
//     read Exchange, nothing reads SharePoint. A projection that does not
//     read it also sets the trigger to visit (with window 0, visit never):
//     SharePoint then follows Exchange at once.
//   - Under sharepoint.trigger service R8 is not used: no rule reads its
//     window, nor so the clock it is counted from (which a monitor may
//     still compare, by its own deadline). A projection sets the window to
//     0, which changes no behaviour, so that it keeps no clock for it.
//   - The DirSync reduction holds while some direct change of Exchange is
//     not refused: every conflict rule only decides whether Exchange changes
//     at a run's instant, which a direct change at that instant mimics. With
//     photo.source on-premises every direct change is refused, and DirSync
//     is Exchange's only way to change: the projection keeps it.
//   - Yammer is no longer isolated under yammer.sync on-use (R20 reads
//     Exchange), but it is still a sink: a projection that does not read it
//     leaves out open-yammer and Yammer's take, and forgets Yammer's photo.
//   - The Teams service cache is one for all viewers; a projection that does
//     not view Teams forgets it. refused-changes-change-nothing is explored
//     in the stores projection: a refusal is decided by the rule set and the
//     source alone, before any rule reads the state (its doc says more).
//
// A new state whose zone is simulated by the zone of a state already seen
// with the same discrete part (among the latest few, and any equal one) is
// dropped: every valuation of the new zone is LU-simulated by one of the
// older (zone.Zone.SimulatesLU, the a≼LU inclusion test of Herbreteau,
// Srivathsan and Walukiewicz, coarser than inclusion and than inclusion in
// the extrapolated zone), with the bounds of the extrapolation, which both
// states share; so every discrete state, and every violation, reachable from
// the new one is reachable from the older in as many steps, and the older
// one is no deeper. Without this, a short cache TTL next to a 72 h clock
// makes chains of nested zones thousands of steps long. A transition back
// to the discrete part it starts from that resets, copies and stops no clock
// the successor keeps only lets time pass under guards: its zone is
// simulated by the zone it starts from, so its successor is dropped without
// being built (it is still judged by the step monitors).
// TestReductionsChangeNoVerdict explores rule sets with and without the
// reductions of issue 8 (one cache at a time, what DirSync never copies,
// R18's unread window, LU simulation, these transitions, and the monitors'
// dead choices of "Cost") and finds every verdict alike and every
// counterexample exactly as long.
//
// Exploring breadth first, the first violation of a property found lies on a
// shortest path of its projection; the projection's actions are actions of
// the whole system, so it is a shortest counterexample of the whole. The
// instant monitors judge a state when it is added, not when it is expanded:
// every shorter path has been judged by then, so the counterexample is as
// short, and the rest of its depth need not be expanded.
//
// # Abstractions
//
// Two abstractions rest on how the model and the monitors use time rather
// than on zones alone. Both only add behaviours (every concrete run is a run
// of the abstraction, and the extrapolation only adds valuations), so a
// property they show to hold holds, and the first violation they show is no
// deeper than the shortest real one. A violation is kept only if its
// counterexample holds on exact zones and then on concrete time; then it is
// a shortest counterexample. If one does not, the projection is explored
// again without them (exploreGroup). Each alone only adds behaviours too,
// so the same holds of either alone: where both were used, the projection
// is first explored again with DirSync's phase still free and the cache
// ages kept exactly (the cache's age is what gives most counterexamples
// that do not hold, and keeping the phase is what makes most explorations
// large: teams-fresh-within-a-day under random-186 of
// scripts/bench-check.sh is 31 states so, and more than a million with
// the phase kept). If that attempt ends within 50,000 states with every
// counterexample and witness confirmed, it is the answer; otherwise the
// exact exploration follows with the budget it had before (the attempt is
// not charged to a bound, so no bound decides less). So they make the
// explorer faster, never a verdict or a counterexample different;
// TestAbstractionsChangeNoVerdict compares the two explorations on many
// rule sets, TestPartialAttemptChangesNoVerdict the attempt with both on
// the random rules files of scripts/bench-check.sh,
// TestDirSyncPhaseFallsBack shows a property that sees through one.
//
// DirSync's phase. DirSync runs at every multiple of dirsync.interval (R3),
// and a run in which AD has not changed since the previous one changes
// nothing but DirSync's own clock (delta sync). Kept as a clock, the phase of
// that schedule relative to the other clocks tells apart a new zone every
// period (the time since an import marching up to the window by one period a
// step): dirsync.interval 1 s next to a 72 h window is 259,200 zones. So
// wherever a run would be idle — the explorer asks the model: it fires
// DirSync's run alone in the state and compares the outcome
// (group.idleDirSync) — DirSync's clock is not kept, its timer is no
// invariant and its idle runs are not taken. On the transition out of such a
// state (an AD change), the clock takes every phase it can have: the time
// since the latest multiple of the period, anything in [0, period), unrelated
// to the other clocks (group.choosePhase). That is exactly what one run knows:
// the next run comes some time in (0, period] after the change, and an AD
// change at any instant is possible. What it forgets is that the schedule is
// anchored at time 0, so that the runs that act are whole periods apart from
// each other and from the start. A property sees that only through a clock
// started at one acting run (or at 0) and compared after the next with a
// constant that the exact lattice of runs puts on one side (two DirSync
// copies are never closer than a period, say, while the abstraction lets
// them be). The catalog's properties that read Active Directory, the only
// projections with DirSync unless R17 leaves Exchange no other source, ask
// no question about time; where one does see it, the counterexample does
// not solve with every run on the schedule (the counterexample's instants
// are solved with the runs held to multiples of the period,
// zone.SolveMultiples), and the projection is explored again with the phase
// kept.
//
// A cache's age. The model asks a cache's age one question: has the entry
// expired (R5)? An unexpired entry can do everything an expired one can (show
// the store's photo and fill the cache, the same outcome) and more (show the
// cached photo); so a younger entry simulates an older one, and the
// extrapolation keeps no upper bound of the age, as for a clock with no
// lower-bound guard (L = −∞), which ends the chains of zones in which a
// long-lived cache's age grows by a short window a step, and forgets in
// which order caches were filled. The Teams service cache's age is a
// cache's age too (R19): the model asks it only whether the entry has
// expired, and an unexpired entry can relay its photo or be read through as
// an expired one is; no monitor of the catalog compares it
// (teams-converges-within-63-days compares the time since the service's
// photo went stale, another clock). A monitor that compares what views
// through different caches can show (search-hover-matches-outlook-online,
// through Context.Options) can be broken by an expired entry where an
// unexpired one would not: a violation that only an older entry than the
// real one gives does not replay, and the projection is explored again.
//
// # Cost
//
// The model answers a transition from the discrete state and the choices
// alone; time enters only through the answers, whose choice points are the
// same on every zone, and through Surely, which does not branch. So each
// discrete state and action keeps the operations the transition asked of
// its zone, with Surely's answers (transCache): on the next zone of the same
// discrete state the transition is those operations replayed, unless a
// Surely answers otherwise there. A chain of zones of one discrete state
// then costs a replay a step, not a run of the model
// (TestReplaysAreTheModel checks replays against the model).
//
// A monitor is run once for every answer to its time questions that the
// zone allows: once an answer leaves the zone empty, the questions after it
// are answered without a choice point, so that the runs sharing a dead
// prefix are not enumerated one by one (a monitor's dead runs judge
// nothing; a transition's are recorded all, as they may live on another
// zone). Without this, a monitor that asks about every cache of a state
// runs 2ⁿ times for n caches, most on an empty zone. Extrapolation closes
// the matrix again only where it loosened a bound that others can undercut
// (zone.Zone.ExtrapolateLU).
//
// # Vacuity
//
// A property that no run violates holds only if some run reaches what it
// speaks of, its trigger (properties.Trigger); otherwise it holds
// vacuously (SPEC §4.1). Each projection asks the trigger of each of its
// properties, as a monitor of the property properties.Reaching returns, on
// every transition and quiet state until it is reached, and keeps where
// it was first reached: breadth first, a shortest run reaching it, turned
// into concrete time and confirmed by replay exactly as a counterexample
// is (a witness that does not confirm sends the projection back to exact
// exploration, as a counterexample does). The trigger reads only what its
// property reads, so the projection's argument above keeps it: some run
// of the model reaches it exactly when some run of the projection does.
// Once reached it is not asked again, so a trigger costs little but where
// it is never reached. TestReductionsChangeNoVerdict and
// TestAbstractionsChangeNoVerdict compare the four verdicts and the
// witnesses' lengths with and without the reductions.
//
// # Rule coverage
//
// With Config.Coverage the explorer counts, over every transition it takes
// (replayed ones included), the clauses of the rules each exercised
// (model.Exercised, from the action, the effects, the states and the knobs
// the model read: the group's rules track their reads while the model
// takes the transition) and the knob values read (Coverage). A branch of
// the transition cache keeps its reads and clauses, so a replay counts
// what the model did the first time. The counts are of the reduced model:
// a projection's simplified rules (a window of 0s where SharePoint is not
// read) show as knob values of their own, marked Simplified. So that a
// clause not reached means one the reduced model does not reach, each
// projection is then explored to its end instead of stopping once all its
// properties are violated; verdicts, counterexamples and witnesses are the
// same (TestCoverageKeepsVerdicts), only Result's counts grow.
//
// # Bounds
//
// Config.MaxStates bounds the states of all projections together, so a
// projection that spends it leaves every later one unexplored;
// Config.MaxProjectionStates bounds each projection on its own, so one
// that never ends (a window of 1 ns from the last change keeps a 72 h
// import waiting behind changes a nanosecond apart: its zones march up
// 72 h by less than a nanosecond a step) stops there while the others are
// decided. A projection stopped by either, or by Config.MaxDepth, leaves
// each of its properties that it found no violation of unknown, never
// holds, and Result.Stopped names the bound, its value and how many
// projections it stopped. Config.Stop is the caller's own bound (a request
// cancelled or out of time): asked before each projection and every 64
// states expanded, it stops the exploration within milliseconds, and the
// projection it stops and every later one are left unfinished as by a
// bound (BoundStop), a violation they found unconfirmed and dropped.
//
// # Counterexamples
//
// A violation is a symbolic path: the actions taken and, for each, the
// answers given to its time questions and choices. Replaying the path on
// exact (not extrapolated) zones writes every answer, invariant and urgency
// down as a difference constraint t_j − t_i ≤ c (or < c) between the instants
// of its events, and, where DirSync's phase was chosen, an instant on the
// schedule (a multiple of the period) less than a period before the event;
// the earliest solution, in whole seconds when one exists, is found by
// eliminating the instants from the last (zone.SolveMultiples), in time
// linear in the path: the shortest counterexample of a 10 s window counted
// from the last change has 51,841 changes. The run is then replayed on
// concrete time under the full rule set, with the concrete judge, and must
// violate the property: a counterexample that does not replay is reported as
// an error of the checker, never printed as a finding.
package explore
