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
// [Zone.ExtrapolateLU] needs a full Floyd–Warshall pass, and only when it
// loosened a bound outside the rows it dropped whole: loosening makes no
// path shorter, so only loosened bounds can be undercut, and a row with no
// finite bound left has no path to undercut it. Empty zones are normalised
// to a single fixed matrix so that they also compare equal.
//
// # Extrapolation
//
// Delay makes the set of reachable zones infinite, so exploration would not
// terminate without abstraction. [Zone.ExtrapolateLU] applies Extra⁺_LU
// (Behrmann, Bouyer, Larsen and Pelánek, "Lower and upper bounds in
// zone-based abstractions of timed automata", 2006): given for every clock
// the largest constant L(x) of a guard x ≥ c or x > c and the largest U(x) of
// a guard or invariant x ≤ c or x < c, a bound x_i − x_j ⋈ c is removed when
// c > L(x_i), when x_i > L(x_i) throughout the zone, or (i ≠ 0) when x_j >
// U(x_j) throughout; a lower bound of x_j above U(x_j) is weakened to x_j >
// U(x_j). A negative constant means no such guard: a clock with no lower
// bound guard keeps no upper bounds at all. Every valuation the abstraction
// adds is LU-simulated by one already in the zone (for each clock, the same
// value, a smaller one above L or a larger one above U), so it is sound and
// complete for location reachability for automata whose guards and
// invariants compare single clocks with constants (diagonal-free), which is
// all the model uses; with diagonal guards it could report unreachable
// states. [Zone.Extrapolate] is the same with L = U = M, the largest
// constant (Extra⁺_M). Clocks that will never be read again (both negative)
// are freed outright, which merges zones that differ only in dead clocks.
// The operator has a finite range for fixed constants, so the reachable
// symbolic state space is finite and exploration terminates.
//
// [Zone.SimulatesLU] tests a new zone against one already seen with the
// coarsest abstraction sound and complete for reachability given the same
// bounds, a≼LU (Herbreteau, Srivathsan and Walukiewicz, "Better abstractions
// for timed automata", 2012): every valuation of the new zone is
// LU-simulated by one of the old. It needs no abstraction computed, only
// an O(n²) pass over both matrices, and accepts every zone that inclusion,
// or inclusion in the extrapolated zone, accepts.
//
// # Concrete times from a symbolic path
//
// A symbolic path fixes which transitions happen but not when. Recording
// for every step k the instant t_k at which it fires, each guard, invariant
// and reset along the path becomes a difference constraint t_I - t_J ⋈ c
// (for example "clock x, reset at step 2, is < 10 at step 5" becomes
// t_5 - t_2 < 10), and the caller adds the ordering t_k ≤ t_{k+1}. [Solve]
// rounds the bounds onto a time grid (a strict < c becomes ≤ the largest
// multiple of the unit below c), which makes the system an integer
// difference-constraint system. Its solutions are closed under
// component-wise minimum, so it has a least one, the earliest schedule. The
// solver eliminates the instants from the last to the first
// (Fourier–Motzkin, which on difference constraints only joins an
// instant's neighbours), then gives each instant, from the first, the least
// value its remaining bounds allow. On a path every constraint joins an
// instant to a recent one or to the last reset of one of a few clocks, so an
// instant has few neighbours and the work is linear in the path's length
// (a 100,000-step path solves at once). A contradiction (a negative cycle)
// shows up as a bound of an instant on itself below zero: the path is
// infeasible at that granularity; with strict bounds a path can be feasible
// over the reals yet need a finer unit. [SolveMultiples] also holds chosen
// instants to a periodic schedule from t_0 (multiples of a period): the
// solutions that do are still closed under minimum, and are found by
// moving an instant that is off its schedule up to the next multiple and
// solving again.
package zone
