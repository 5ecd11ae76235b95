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
//     Bengtsson and Yi). Each zone is then extrapolated with the largest
//     constant each clock is compared with (Extra_M). Extrapolation keeps a
//     valuation only if it is region-equivalent to one of the zone, and
//     region equivalence is a bisimulation for guards that compare one clock
//     with a constant no larger than its bound — the only guards the model
//     and the monitors have — so the set of reachable discrete states, and so
//     of violations, is unchanged, while the zone graph becomes finite.
//     Clocks that no rule and no monitor of the exploration compares are not
//     kept at all.
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
// A new state whose zone is included in the zone of a state already seen
// with the same discrete part (among the latest few, and any equal one) is
// dropped: every behaviour from it is a behaviour from the older one (zones
// are sets of valuations, and the older one is no deeper). Without this, a short cache TTL next to a 72 h clock
// makes chains of nested zones thousands of steps long.
//
// Exploring breadth first, the first violation of a property found lies on a
// shortest path of its projection; the projection's actions are actions of
// the whole system, so it is a shortest counterexample of the whole.
//
// # Counterexamples
//
// A violation is a symbolic path: the actions taken and, for each, the
// answers given to its time questions and choices. Replaying the path on
// exact (not extrapolated) zones writes every answer, invariant and urgency
// down as a difference constraint t_j − t_i ≤ c (or < c) between the instants
// of its steps; the earliest solution, in whole seconds when one exists, is
// found by shortest paths (zone.Solve). The run is then replayed on concrete
// time under the full rule set, with the concrete judge, and must violate the
// property: a counterexample that does not replay is reported as an error of
// the checker, never printed as a finding.
package explore
