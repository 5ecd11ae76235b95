package zone

import "fmt"

// Constraint says t_I - t_J ⋈ B for instants t_0..t_{n-1}.
//
// It uses the same Bound encoding as zones so that guards and invariants
// collected along a symbolic path can be handed over unchanged.
type Constraint struct {
	I, J int
	B    Bound
}

// Solve finds the earliest instants t_0 = 0 ≤ t_1, …, t_{n-1} satisfying
// every constraint with each t_i a multiple of unit, or reports ok=false
// if there is none at that granularity.
//
// Only t_i ≥ t_0 = 0 is added; any ordering between instants is the
// caller's business. Bounds are first rounded onto the unit grid
// (≤ c becomes ≤ ⌊c/unit⌋·unit, < c becomes ≤ (⌈c/unit⌉-1)·unit), which
// turns the system into an integer difference-constraint system. Its
// shortest-path distances from t_0 give, for every instant, its least value
// over all solutions, and that vector of least values is itself a solution,
// so "earliest" is well defined component-wise. Bellman–Ford is used
// because the constraint graph is sparse and it detects infeasibility as a
// negative cycle. Infinity bounds are ignored.
func Solve(n int, cs []Constraint, unit int64) (times []int64, ok bool) {
	if unit <= 0 {
		panic("zone: Solve needs a positive unit")
	}
	if n <= 0 {
		return []int64{}, true
	}
	type edge struct {
		from, to int
		w        int64
	}
	edges := make([]edge, 0, len(cs)+n)
	for i := 1; i < n; i++ {
		// t_0 - t_i ≤ 0: instants never precede the start.
		edges = append(edges, edge{0, i, 0})
	}
	for _, c := range cs {
		if c.I < 0 || c.I >= n || c.J < 0 || c.J >= n {
			panic(fmt.Sprintf("zone: Solve constraint on instants (%d,%d) outside [0,%d)", c.I, c.J, n))
		}
		if c.B == Infinity {
			continue
		}
		var w int64
		if c.B.Strict() {
			w = ceilDiv(c.B.Value(), unit) - 1
		} else {
			w = floorDiv(c.B.Value(), unit)
		}
		// dist[J] ≤ dist[I] + w, where dist[k] is the tightest bound on t_0 - t_k.
		edges = append(edges, edge{c.I, c.J, w})
	}

	dist := make([]int64, n) // all start at 0 thanks to the t_0 - t_i ≤ 0 edges
	for pass := 0; ; pass++ {
		changed := false
		for _, e := range edges {
			if v := satAdd(dist[e.from], e.w); v < dist[e.to] {
				dist[e.to] = v
				changed = true
			}
		}
		if !changed {
			break
		}
		// Without a negative cycle every shortest path has at most n-1
		// edges, so n-1 relaxing passes suffice; a change on pass n means
		// the constraints contradict each other.
		if pass >= n-1 {
			return nil, false
		}
	}
	if dist[0] != 0 {
		return nil, false
	}
	times = make([]int64, n)
	for i, d := range dist {
		times[i] = -d * unit
	}
	return times, true
}

// floorDiv rounds toward -∞, which Go's / does not do for negative values.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// ceilDiv rounds toward +∞.
func ceilDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) == (b < 0) {
		q++
	}
	return q
}

// satAdd keeps path sums from wrapping around when constraints are huge or
// a negative cycle drives distances down for many passes.
func satAdd(a, b int64) int64 {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		if b > 0 {
			return 1<<63 - 1
		}
		return -1 << 63
	}
	return s
}
