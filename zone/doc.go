// Package zone implements difference-bound matrices (DBMs) for exact
// dense-time reachability analysis of timed automata, in the style of
// UPPAAL (Bengtsson & Yi, "Timed Automata: Semantics, Algorithms and
// Tools", 2004), together with a difference-constraint solver that turns a
// symbolic path into concrete instants.
//
// # Encoding
//
// Clocks are numbered 1..n and clock 0 is a reference clock that is always
// 0, so a bound on x_i alone is written as a bound on x_i - x_0. A zone over
// n clocks is an (n+1)×(n+1) matrix d in which d[i][j] is an upper bound on
// x_i - x_j. Each entry is a [Bound]: the value c shifted left by one with
// the low bit set for "≤ c" and clear for "< c", or [Infinity] for no
// bound. With this encoding the integer order of two bounds is their
// tightness order, so intersection is min and inclusion is ≤ on integers.
// Values are nanoseconds, matching time.Duration, and sums of bounds
// saturate at Infinity.
//
// # Canonical form
//
// Many matrices describe the same set of valuations. The package keeps
// every non-empty zone canonical: each entry is the tightest bound implied
// by the whole matrix, i.e. the shortest-path closure of the constraint
// graph. In canonical form equality and inclusion are entry-wise, a zone is
// empty exactly when the closure would contain a negative cycle, and a
// canonical matrix is a deterministic key for hashing visited states
// ([Zone.Key]). Operations preserve canonical form cheaply: delay ([Zone.Up]),
// [Zone.Reset], [Zone.Assign] and [Zone.Free] overwrite rows and columns in
// a way that stays closed, and [Zone.Constrain] re-closes in O(n²) because a
// newly shortened path must pass through the single tightened edge. Only
// [Zone.Extrapolate] needs a full Floyd–Warshall pass. Empty zones are
// normalised to a single fixed matrix so that they also compare equal.
//
// # Extrapolation
//
// Delay makes the set of reachable zones infinite, so exploration would not
// terminate without abstraction. [Zone.Extrapolate] applies Extra_M: given
// for every clock the largest constant M(x) it is ever compared with,
// bounds x_i - x_j ≤ c with c > M(x_i) are removed and bounds with
// -c > M(x_j) are weakened to x_i - x_j < -M(x_j). Beyond M(x) a guard or
// invariant cannot distinguish values of x, so every valuation added by the
// abstraction is simulated by (region-equivalent to) one already in the
// zone. Extra_M is therefore sound and complete for location reachability
// for automata whose guards and invariants compare single clocks with
// constants (diagonal-free), which is all the model uses; with diagonal
// guards it could report unreachable states. Clocks that will never be read
// again (M(x) < 0) are freed outright, which merges zones that differ only
// in dead clocks. Extra_M has a finite range for fixed M, so the reachable
// symbolic state space is finite and exploration terminates.
//
// # Concrete times from a symbolic path
//
// A symbolic path fixes which transitions happen but not when. Recording
// for every step k the instant t_k at which it fires, each guard, invariant
// and reset along the path becomes a difference constraint t_I - t_J ⋈ c
// (for example "clock x, reset at step 2, is < 10 at step 5" becomes
// t_5 - t_2 < 10), and the caller adds the ordering t_k ≤ t_{k+1}. [Solve]
// rounds the bounds onto a time grid (a strict < c becomes ≤ the largest
// multiple of the unit below c), builds the constraint graph and runs
// Bellman–Ford from t_0 = 0. The negated shortest distances are the least
// value each instant can take, and since a difference system's component-wise
// least solution is itself a solution, they form the earliest schedule. A
// negative cycle means the path is infeasible at that granularity: with
// strict bounds a path can be feasible over the reals yet need a finer unit.
package zone
