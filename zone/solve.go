package zone

import (
	"fmt"
	"math"
)

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
// solutions are closed under component-wise minimum, so it has a least
// solution when it has one, and that is "the earliest".
//
// The instants are eliminated one by one, from the last to the first
// (Fourier–Motzkin: every lower bound of the eliminated instant is combined
// with every upper bound), which leaves, for each instant, its bounds
// relative to earlier instants that hold whenever the later instants can
// still be placed. Then, from the first to the last, each instant takes the
// least value its bounds allow given the earlier ones. A contradiction (a
// negative cycle) shows up as a bound of an instant on itself below zero.
// The cost is linear in the number of constraints for a path whose
// constraints each join an instant to a recent one or to one of a few
// earlier instants (the resets of a path's clocks): elimination only joins
// the neighbours of an instant, of which such a path has few. Infinity
// bounds are ignored.
func Solve(n int, cs []Constraint, unit int64) (times []int64, ok bool) {
	return SolveMultiples(n, cs, unit, nil)
}

// Multiple asks that instant I be a whole multiple of Period after t_0: an
// instant of a periodic schedule that started at 0.
type Multiple struct {
	I      int
	Period int64
}

// SolveMultiples is Solve with some instants held to a periodic schedule:
// the earliest instants, on the unit grid, that satisfy the constraints and
// put every ms[k].I on a multiple of ms[k].Period. Solutions of the
// difference constraints with those instants on their schedules are still
// closed under minimum, so the earliest is found by solving, moving each
// instant that is off its schedule up to the next multiple (no solution has
// it earlier), and solving again, until all are on it or the system has no
// solution. A schedule that cannot be met within maxRounds rounds is
// reported as no solution.
func SolveMultiples(n int, cs []Constraint, unit int64, ms []Multiple) (times []int64, ok bool) {
	if unit <= 0 {
		panic("zone: Solve needs a positive unit")
	}
	if n <= 0 {
		return []int64{}, true
	}
	s := &solver{n: n}
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
		s.base = append(s.base, diff{int32(c.I), int32(c.J), w})
	}
	steps := make([]int64, len(ms)) // each period in units of the grid
	for k, m := range ms {
		if m.I < 0 || m.I >= n || m.Period <= 0 {
			panic(fmt.Sprintf("zone: Solve multiple of %d at instant %d outside [0,%d)", m.Period, m.I, n))
		}
		l := lcm(m.Period, unit)
		if l <= 0 {
			return nil, false // the period and the grid meet beyond int64
		}
		steps[k] = l / unit
	}
	const maxRounds = 1000
	for round := 0; round < maxRounds; round++ {
		ts, ok := s.solve()
		if !ok {
			return nil, false
		}
		moved := false
		for k, m := range ms {
			if r := ts[m.I] % steps[k]; r != 0 {
				// t_0 - t_I ≤ -(next multiple)
				s.base = append(s.base, diff{0, int32(m.I), -(ts[m.I] - r + steps[k])})
				moved = true
			}
		}
		if !moved {
			for i := range ts {
				ts[i] *= unit
			}
			return ts, true
		}
	}
	return nil, false
}

// diff is t_I − t_J ≤ W on the unit grid.
type diff struct {
	I, J int32
	W    int64
}

// solver holds a difference system on the unit grid.
type solver struct {
	n    int
	base []diff
}

// bound is one bound of an instant relative to an earlier one, kept at
// the later instant: t_k ≥ t_Other − W when Lower, t_k ≤ t_Other + W when not.
type bound struct {
	other int32
	lower bool
	w     int64
}

// solve returns the least solution of the system in grid units.
func (s *solver) solve() ([]int64, bool) {
	at := make([][]bound, s.n)
	keep := func(i, j int32, w int64) bool { // t_i − t_j ≤ w
		switch {
		case i == j:
			return w >= 0
		case i > j:
			at[i] = append(at[i], bound{j, false, w})
		default:
			at[j] = append(at[j], bound{i, true, w})
		}
		return true
	}
	for k := 1; k < s.n; k++ {
		keep(0, int32(k), 0) // t_k ≥ t_0
	}
	for _, d := range s.base {
		if !keep(d.I, d.J, d.W) {
			return nil, false
		}
	}
	// Eliminate from the last instant down, keeping at each instant only
	// its tightest bound per earlier instant and direction.
	seen := make([]int32, 2*s.n) // other·2+lower → 1 + index in the kept list, for the instant being eliminated
	for k := s.n - 1; k >= 1; k-- {
		list := at[k]
		kept := list[:0]
		for _, b := range list {
			key := b.other << 1
			if b.lower {
				key |= 1
			}
			if i := seen[key]; i > 0 {
				kept[i-1].w = min(kept[i-1].w, b.w)
				continue
			}
			kept = append(kept, b)
			seen[key] = int32(len(kept))
		}
		for _, b := range kept {
			key := b.other << 1
			if b.lower {
				key |= 1
			}
			seen[key] = 0
		}
		at[k] = kept
		for _, lo := range kept {
			if !lo.lower {
				continue
			}
			for _, hi := range kept {
				if hi.lower {
					continue
				}
				// t_lo − w_lo ≤ t_k ≤ t_hi + w_hi
				if !keep(lo.other, hi.other, satAdd(lo.w, hi.w)) {
					return nil, false
				}
			}
		}
	}
	ts := make([]int64, s.n)
	for k := 1; k < s.n; k++ {
		lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
		for _, b := range at[k] {
			if b.lower {
				lo = max(lo, satSub(ts[b.other], b.w))
			} else {
				hi = min(hi, satAdd(ts[b.other], b.w))
			}
		}
		if lo > hi {
			return nil, false // cannot happen after a successful elimination
		}
		ts[k] = lo
	}
	return ts, true
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// lcm is the least common multiple of two positive numbers, or 0 when it
// does not fit in an int64.
func lcm(a, b int64) int64 {
	q := a / gcd(a, b)
	if q > math.MaxInt64/b {
		return 0
	}
	return q * b
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

// satSub is a − b, saturating like satAdd.
func satSub(a, b int64) int64 {
	if b == math.MinInt64 {
		return satAdd(satAdd(a, math.MaxInt64), 1)
	}
	return satAdd(a, -b)
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
