package zone

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// ---------------------------------------------------------------------------
// Bounds

func TestBoundEncoding(t *testing.T) {
	tests := []struct {
		b      Bound
		value  int64
		strict bool
		str    string
	}{
		{LE(0), 0, false, "<=0"},
		{LT(0), 0, true, "<0"},
		{LE(10_000_000_000), 10_000_000_000, false, "<=10000000000"},
		{LT(-3), -3, true, "<-3"},
		{LE(-3), -3, false, "<=-3"},
		{Infinity, 0, false, "inf"},
	}
	for _, tc := range tests {
		if tc.b != Infinity && tc.b.Value() != tc.value {
			t.Errorf("%v.Value() = %d, want %d", tc.b, tc.b.Value(), tc.value)
		}
		if tc.b.Strict() != tc.strict {
			t.Errorf("%v.Strict() = %v, want %v", tc.b, tc.b.Strict(), tc.strict)
		}
		if got := tc.b.String(); got != tc.str {
			t.Errorf("String() = %q, want %q", got, tc.str)
		}
	}
}

func TestBoundOrderIsTightness(t *testing.T) {
	ordered := []Bound{LT(-5), LE(-5), LT(-4), LT(0), LE(0), LT(1), LE(1), LE(1 << 40), Infinity}
	if !slices.IsSorted(ordered) {
		t.Fatalf("bounds not ordered by tightness: %v", ordered)
	}
}

func TestAdd(t *testing.T) {
	tests := []struct {
		a, b, want Bound
	}{
		{LE(3), LE(4), LE(7)},
		{LE(3), LT(4), LT(7)},
		{LT(3), LT(-4), LT(-1)},
		{LE(-2), LE(2), LE(0)},
		{Infinity, LE(-100), Infinity},
		{LT(5), Infinity, Infinity},
		{LE(boundMax), LE(1), Infinity},
		{LE(boundMax), LE(boundMax), Infinity},
		{LE(math.MaxInt64 >> 2), LE(math.MaxInt64 >> 2), LE(math.MaxInt64>>2) + LE(math.MaxInt64>>2) - 1},
		{LE(boundMin), LE(-5), LE(boundMin)},
	}
	for _, tc := range tests {
		if got := add(tc.a, tc.b); got != tc.want {
			t.Errorf("add(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// ---------------------------------------------------------------------------
// Operations, hand-checked

// op is one zone operation, used both by hand-written tables and by the
// random property tests.
type op struct {
	kind string // "up", "con", "reset", "assign", "free"
	i, j int
	b    Bound
}

func (o op) String() string {
	switch o.kind {
	case "con":
		return fmt.Sprintf("con(x%d-x%d %v)", o.i, o.j, o.b)
	case "assign":
		return fmt.Sprintf("x%d:=x%d", o.i, o.j)
	case "up":
		return "up"
	default:
		return fmt.Sprintf("%s(x%d)", o.kind, o.i)
	}
}

func (o op) apply(z *Zone) {
	switch o.kind {
	case "up":
		z.Up()
	case "con":
		z.Constrain(o.i, o.j, o.b)
	case "reset":
		z.Reset(o.i)
	case "assign":
		z.Assign(o.i, o.j)
	case "free":
		z.Free(o.i)
	default:
		panic("unknown op " + o.kind)
	}
}

func up() op                   { return op{kind: "up"} }
func con(i, j int, b Bound) op { return op{kind: "con", i: i, j: j, b: b} }
func reset(i int) op           { return op{kind: "reset", i: i} }
func assign(dst, src int) op   { return op{kind: "assign", i: dst, j: src} }
func free(i int) op            { return op{kind: "free", i: i} }

// build applies ops to the initial zone over n clocks.
func build(n int, ops ...op) Zone {
	z := New(n)
	for _, o := range ops {
		o.apply(&z)
	}
	return z
}

func entry(z Zone, i, j int) Bound { return z.at(i, j) }

// allFree makes every clock an arbitrary non-negative value, a neutral
// start for hand-written constraint sets.
func allFree(n int) (ops []op) {
	for i := 1; i <= n; i++ {
		ops = append(ops, free(i))
	}
	return ops
}

func TestCanonicalAndEmptiness(t *testing.T) {
	type cell struct {
		i, j int
		want Bound
	}
	tests := []struct {
		name  string
		n     int
		ops   []op
		empty bool
		cells []cell
		str   string
	}{
		{
			name:  "initial",
			n:     2,
			cells: []cell{{1, 0, LE(0)}, {0, 2, LE(0)}, {1, 2, LE(0)}},
			str:   "x1=0 ∧ x2=0",
		},
		{
			name:  "delay keeps clocks equal",
			n:     2,
			ops:   []op{up(), con(1, 0, LT(10))},
			cells: []cell{{2, 0, LT(10)}, {1, 2, LE(0)}, {2, 1, LE(0)}, {0, 1, LE(0)}},
			str:   "0≤x1<10 ∧ 0≤x2<10 ∧ x1-x2=0",
		},
		{
			name:  "reset one clock then delay",
			n:     2,
			ops:   []op{up(), con(0, 1, LE(-3)), reset(2), up(), con(1, 0, LE(8))},
			cells: []cell{{1, 2, LE(8)}, {2, 1, LE(-3)}, {2, 0, LE(5)}, {0, 1, LE(-3)}},
			str:   "3≤x1≤8 ∧ 0≤x2≤5 ∧ x1-x2≥3",
		},
		{
			name:  "upper bound via difference",
			n:     2,
			ops:   append(allFree(2), con(1, 0, LE(5)), con(2, 1, LE(2))),
			cells: []cell{{2, 0, LE(7)}, {1, 0, LE(5)}, {0, 2, LE(0)}},
			str:   "0≤x1≤5 ∧ 0≤x2≤7 ∧ x1-x2≥-2",
		},
		{
			name:  "strictness propagates",
			n:     2,
			ops:   append(allFree(2), con(1, 2, LT(3)), con(2, 0, LE(1))),
			cells: []cell{{1, 0, LT(4)}, {1, 2, LT(3)}},
			str:   "0≤x1<4 ∧ 0≤x2≤1 ∧ x1-x2<3",
		},
		{
			name:  "lower bound via difference",
			n:     2,
			ops:   append(allFree(2), con(0, 2, LE(-3)), con(2, 1, LE(-1))),
			cells: []cell{{0, 1, LE(-4)}, {0, 2, LE(-3)}},
			str:   "x1≥4 ∧ x2≥3 ∧ x1-x2≥1",
		},
		{
			name:  "x1<=5, x2>=7, x1-x2>=0 is empty",
			n:     2,
			ops:   append(allFree(2), con(1, 0, LE(5)), con(0, 2, LE(-7)), con(2, 1, LE(0))),
			empty: true,
			str:   "false",
		},
		{
			name:  "x<3 and x>=3 is empty",
			n:     1,
			ops:   []op{up(), con(1, 0, LT(3)), con(0, 1, LE(-3))},
			empty: true,
			str:   "false",
		},
		{
			name:  "x<=3 and x>=3 is a point",
			n:     1,
			ops:   []op{up(), con(1, 0, LE(3)), con(0, 1, LE(-3))},
			cells: []cell{{1, 0, LE(3)}, {0, 1, LE(-3)}},
			str:   "x1=3",
		},
		{
			name:  "free clock",
			n:     2,
			ops:   []op{up(), con(0, 1, LE(-2)), free(2)},
			cells: []cell{{2, 0, Infinity}, {0, 2, LE(0)}, {2, 1, Infinity}, {1, 2, Infinity}},
			str:   "x1≥2 ∧ x2≥0",
		},
		{
			name:  "assign copies",
			n:     3,
			ops:   []op{up(), con(0, 1, LT(-1)), reset(2), up(), con(2, 0, LE(4)), assign(3, 2)},
			cells: []cell{{3, 2, LE(0)}, {2, 3, LE(0)}, {3, 0, LE(4)}, {1, 3, Infinity}, {3, 1, LT(-1)}},
			str:   "x1>1 ∧ 0≤x2≤4 ∧ 0≤x3≤4 ∧ x1-x2>1 ∧ x1-x3>1 ∧ x2-x3=0",
		},
		{
			name: "no clocks",
			n:    0,
			ops:  []op{up()},
			str:  "true",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			z := build(tc.n, tc.ops...)
			if z.Empty() != tc.empty {
				t.Fatalf("Empty() = %v, want %v (zone %v)", z.Empty(), tc.empty, z)
			}
			for _, c := range tc.cells {
				if got := entry(z, c.i, c.j); got != c.want {
					t.Errorf("d[%d][%d] = %v, want %v", c.i, c.j, got, c.want)
				}
			}
			if !tc.empty {
				if msg := canonicalProblem(z); msg != "" {
					t.Error(msg)
				}
			}
			if got := z.String(); got != tc.str {
				t.Errorf("String() = %q, want %q", got, tc.str)
			}
		})
	}
}

func TestConstrainReportsEmptiness(t *testing.T) {
	z := build(2, up(), con(1, 0, LE(5)))
	if !z.Constrain(2, 0, LE(9)) {
		t.Fatal("redundant constraint reported empty")
	}
	if !z.Constrain(0, 1, LE(-5)) {
		t.Fatal("x1 = 5 should be satisfiable")
	}
	if z.Constrain(0, 2, LT(-5)) {
		t.Fatal("x2 > 5 with x1 = x2 = 5 should be unsatisfiable")
	}
	if !z.Empty() {
		t.Fatal("zone not empty after failed Constrain")
	}
	if z.Constrain(1, 0, Infinity) {
		t.Fatal("Constrain on an empty zone should report false")
	}
	z.Up()
	z.Reset(1)
	if !z.Empty() {
		t.Fatal("operations resurrected an empty zone")
	}
}

func TestCloneIsIndependent(t *testing.T) {
	z := build(2, up())
	c := z.Clone()
	c.Constrain(1, 0, LE(3))
	c.Reset(2)
	if !z.Equal(build(2, up())) {
		t.Fatalf("original changed through clone: %v", z)
	}
	if z.Equal(c) {
		t.Fatal("clone did not change")
	}
}

func TestSatisfies(t *testing.T) {
	// 2 ≤ x1 < 6, x2 = 0
	z := build(2, up(), con(0, 1, LE(-2)), con(1, 0, LT(6)), reset(2))
	tests := []struct {
		i, j              int
		b                 Bound
		always, sometimes bool
	}{
		{1, 0, LT(6), true, true},
		{1, 0, LE(5), false, true},
		{1, 0, LT(2), false, false},
		{1, 0, LE(2), false, true},
		{0, 1, LT(-6), false, false}, // x1 > 6
		{0, 1, LE(-6), false, false}, // x1 ≥ 6
		{0, 1, LT(-5), false, true},  // x1 > 5
		{0, 1, LE(-2), true, true},   // x1 ≥ 2
		{2, 0, LE(0), true, true},
		{1, 2, LT(2), false, false},
		{1, 2, LE(2), false, true},
		{1, 0, Infinity, true, true},
	}
	for _, tc := range tests {
		a, s := z.Satisfies(tc.i, tc.j, tc.b)
		if a != tc.always || s != tc.sometimes {
			t.Errorf("Satisfies(x%d-x%d %v) = (%v,%v), want (%v,%v)", tc.i, tc.j, tc.b, a, s, tc.always, tc.sometimes)
		}
	}
	e := build(1, up(), con(1, 0, LT(0)))
	if a, s := e.Satisfies(1, 0, LE(3)); !a || s {
		t.Errorf("empty zone Satisfies = (%v,%v), want (true,false)", a, s)
	}
}

func TestUpperLower(t *testing.T) {
	z := build(1, up(), con(0, 1, LT(-2)), con(1, 0, LE(7)))
	if got := z.Upper(1); got != LE(7) {
		t.Errorf("Upper = %v, want <=7", got)
	}
	if got := z.Lower(1); got != LT(-2) {
		t.Errorf("Lower = %v, want <-2", got)
	}
	if z.Clocks() != 1 {
		t.Errorf("Clocks = %d, want 1", z.Clocks())
	}
}

// ---------------------------------------------------------------------------
// Operations against a brute-force reference
//
// Points are handled in quarter units so that the grid of candidate
// valuations (multiples of 0.5 in [0,12]) and the witnesses searched for
// existential operations (multiples of 0.25) are integers. Since all
// constants are integers, any interval of witnesses a point can have has
// half-integer endpoints and thus contains a quarter-integer, which makes
// the reference exact on the grid.

const (
	quarter  = 4
	gridStep = 2  // 0.5 in quarter units
	gridMax  = 48 // 12 in quarter units
)

// member is the reference semantics of a DBM: a point is in it iff it
// satisfies every entry.
func member(z Zone, p []int64) bool {
	if z.Empty() {
		return false
	}
	dim := z.n + 1
	for i := 0; i < dim; i++ {
		for j := 0; j < dim; j++ {
			if !satisfiesPoint(p, i, j, z.at(i, j)) {
				return false
			}
		}
	}
	return true
}

func satisfiesPoint(p []int64, i, j int, b Bound) bool {
	if b == Infinity {
		return true
	}
	diff, lim := p[i]-p[j], quarter*b.Value()
	if b.Strict() {
		return diff < lim
	}
	return diff <= lim
}

// forGrid calls f with every grid point (p[0] = 0); f must not keep p.
func forGrid(n int, f func(p []int64)) {
	p := make([]int64, n+1)
	for {
		f(p)
		k := 1
		for ; k <= n; k++ {
			p[k] += gridStep
			if p[k] <= gridMax {
				break
			}
			p[k] = 0
		}
		if k > n {
			return
		}
	}
}

// existsValue reports whether some value v ≥ 0 of clock i puts p (with
// p[i] replaced) into z. The search range covers every finite entry of z,
// beyond which membership no longer depends on v.
func existsValue(z Zone, p []int64, i int) bool {
	var span int64
	for _, b := range z.d {
		if b != Infinity {
			span = max(span, abs(b.Value()))
		}
	}
	limit := gridMax + quarter*(span+1)
	q := slices.Clone(p)
	for v := int64(0); v <= limit; v++ {
		q[i] = v
		if member(z, q) {
			return true
		}
	}
	return false
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// expected is the reference result of applying o to before, at point p.
func expected(before Zone, o op, p []int64) bool {
	switch o.kind {
	case "con":
		return member(before, p) && satisfiesPoint(p, o.i, o.j, o.b)
	case "up":
		q := slices.Clone(p)
		lo := slices.Min(p[1:])
		for delta := int64(0); delta <= lo; delta++ {
			for k := 1; k < len(p); k++ {
				q[k] = p[k] - delta
			}
			if member(before, q) {
				return true
			}
		}
		return false
	case "reset":
		return p[o.i] == 0 && existsValue(before, p, o.i)
	case "free":
		return existsValue(before, p, o.i)
	case "assign":
		if o.i == o.j {
			return member(before, p)
		}
		return p[o.i] == p[o.j] && existsValue(before, p, o.i)
	}
	panic("unknown op " + o.kind)
}

// closeNaive is an independent Floyd–Warshall used to validate canonical form.
func closeNaive(z Zone) Zone {
	c := z.Clone()
	dim := c.n + 1
	for k := 0; k < dim; k++ {
		for i := 0; i < dim; i++ {
			for j := 0; j < dim; j++ {
				if v := add(c.d[i*dim+k], c.d[k*dim+j]); v < c.d[i*dim+j] {
					c.d[i*dim+j] = v
				}
			}
		}
	}
	return c
}

// canonicalProblem returns "" if z is a closed, consistent DBM with
// non-negative clocks, else a description of what is wrong.
func canonicalProblem(z Zone) string {
	dim := z.n + 1
	for i := 0; i < dim; i++ {
		if z.at(i, i) != LE(0) {
			return fmt.Sprintf("diagonal d[%d][%d] = %v in %v", i, i, z.at(i, i), z)
		}
		if z.at(0, i) > LE(0) {
			return fmt.Sprintf("clock %d may be negative: %v", i, z.at(0, i))
		}
	}
	if c := closeNaive(z); !slices.Equal(c.d, z.d) {
		return fmt.Sprintf("not canonical: %v vs closure %v", z.d, c.d)
	}
	return ""
}

// drawOp draws an operation with small integer constants, biased towards
// constraints that keep the zone interesting.
func drawOp(t *rapid.T, n int) op {
	clock := rapid.IntRange(1, n)
	switch rapid.IntRange(0, 9).Draw(t, "kind") {
	case 0, 1:
		return up()
	case 2:
		return reset(clock.Draw(t, "i"))
	case 3:
		return free(clock.Draw(t, "i"))
	case 4:
		return assign(clock.Draw(t, "dst"), rapid.IntRange(0, n).Draw(t, "src"))
	}
	i := rapid.IntRange(0, n).Draw(t, "i")
	j := rapid.IntRange(0, n).Draw(t, "j")
	var c int
	switch {
	case j == 0:
		c = rapid.IntRange(-1, 10).Draw(t, "c")
	case i == 0:
		c = rapid.IntRange(-10, 1).Draw(t, "c")
	default:
		c = rapid.IntRange(-6, 6).Draw(t, "c")
	}
	if rapid.Bool().Draw(t, "strict") {
		return con(i, j, LT(int64(c)))
	}
	return con(i, j, LE(int64(c)))
}

func TestOperationsMatchReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 3).Draw(t, "n")
		steps := 8
		if n == 3 {
			steps = 5
		}
		z := New(n)
		for s := 0; s < steps; s++ {
			o := drawOp(t, n)
			before := z.Clone()
			nonEmpty := !before.Empty()
			if o.kind == "con" {
				nonEmpty = z.Constrain(o.i, o.j, o.b)
			} else {
				o.apply(&z)
			}
			if nonEmpty == z.Empty() {
				t.Fatalf("%v: Constrain returned %v but Empty() = %v", o, nonEmpty, z.Empty())
			}
			if !z.Empty() {
				if msg := canonicalProblem(z); msg != "" {
					t.Fatalf("after %v on %v: %s", o, before, msg)
				}
			}
			forGrid(n, func(p []int64) {
				want := expected(before, o, p)
				if got := member(z, p); got != want {
					t.Fatalf("after %v on %v: point %v (quarters) in result = %v, want %v; result %v",
						o, before, p[1:], got, want, z)
				}
			})
			if !before.Empty() && z.Empty() && o.kind != "con" {
				t.Fatalf("%v emptied %v", o, before)
			}
		}
	})
}

// ---------------------------------------------------------------------------
// Extrapolation

func TestExtrapolateIncludesInput(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 4).Draw(t, "n")
		z := New(n)
		for s := rapid.IntRange(0, 10).Draw(t, "steps"); s > 0; s-- {
			drawOp(t, n).apply(&z)
		}
		m := make([]int64, n+1)
		for i := 1; i <= n; i++ {
			m[i] = int64(rapid.IntRange(-1, 8).Draw(t, "max"))
		}
		e := z.Clone()
		e.Extrapolate(m)
		if !e.Includes(z) {
			t.Fatalf("Extrapolate(%v, %v) = %v does not include input", z, m, e)
		}
		if z.Empty() != e.Empty() {
			t.Fatalf("emptiness changed: %v -> %v", z, e)
		}
		if !e.Empty() {
			if msg := canonicalProblem(e); msg != "" {
				t.Fatal(msg)
			}
		}
		for i := 1; i <= n; i++ {
			if m[i] < 0 && !e.Empty() && (e.Upper(i) != Infinity || e.Lower(i) != LE(0)) {
				t.Fatalf("unused clock %d not freed: %v", i, e)
			}
		}
		again := e.Clone()
		again.Extrapolate(m)
		if !again.Equal(e) {
			t.Fatalf("Extrapolate not idempotent: %v -> %v", e, again)
		}
	})
}

// TestExtrapolateLUSimulated checks Extra⁺_LU against its definition on a
// grid: every point of the extrapolated zone is LU-simulated by a point of
// the zone (for each clock, the same value, or a value between L and the
// point's, or a value above the point's when the point is above U), and
// the result contains the zone.
func TestExtrapolateLUSimulated(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 2).Draw(t, "n")
		z := New(n)
		for s := rapid.IntRange(0, 8).Draw(t, "steps"); s > 0; s-- {
			drawOp(t, n).apply(&z)
		}
		lower, upper := make([]int64, n+1), make([]int64, n+1)
		for i := 1; i <= n; i++ {
			lower[i] = int64(rapid.IntRange(-1, 4).Draw(t, "L"))
			upper[i] = int64(rapid.IntRange(-1, 4).Draw(t, "U"))
		}
		e := z.Clone()
		e.ExtrapolateLU(lower, upper)
		if !e.Includes(z) {
			t.Fatalf("ExtrapolateLU(%v, L=%v, U=%v) = %v does not include input", z, lower, upper, e)
		}
		if !e.Empty() {
			if msg := canonicalProblem(e); msg != "" {
				t.Fatal(msg)
			}
		}
		again := e.Clone()
		again.ExtrapolateLU(lower, upper)
		if !again.Equal(e) {
			t.Fatalf("ExtrapolateLU not idempotent: %v -> %v", e, again)
		}
		// candidates lists the values (quarter units) a simulating point may
		// give clock i when the point gives it v.
		const limit = 24 * quarter
		candidates := func(i int, v int64) []int64 {
			out := []int64{v}
			for w := int64(0); w <= limit; w++ {
				l, u := quarter*lower[i], quarter*upper[i]
				if (lower[i] < 0 || l < w) && w < v {
					out = append(out, w)
				}
				if (upper[i] < 0 || u < v) && v < w {
					out = append(out, w)
				}
			}
			return out
		}
		for k := rapid.IntRange(0, 20).Draw(t, "points"); k > 0; k-- {
			p := make([]int64, n+1)
			for i := 1; i <= n; i++ {
				p[i] = int64(rapid.IntRange(0, gridMax/gridStep).Draw(t, "p")) * gridStep
			}
			if !member(e, p) {
				continue
			}
			q := make([]int64, n+1)
			var search func(i int) bool
			search = func(i int) bool {
				if i > n {
					return member(z, q)
				}
				for _, w := range candidates(i, p[i]) {
					q[i] = w
					if search(i + 1) {
						return true
					}
				}
				return false
			}
			if !search(1) {
				t.Fatalf("point %v (quarters) of ExtrapolateLU(%v, L=%v, U=%v) = %v is simulated by no point of the zone",
					p, z, lower, upper, e)
			}
		}
	})
}

func TestExtrapolateMergesBeyondMax(t *testing.T) {
	max2 := []int64{0, 5, 3}
	tests := []struct {
		name string
		a, b []op
		max  []int64
		want string
	}{
		{
			name: "both clocks beyond max",
			a:    []op{up(), con(0, 1, LE(-7))},
			b:    []op{up(), con(0, 1, LE(-9))},
			max:  max2,
			want: "x1>5 ∧ x2>3", // Extra⁺: beyond their constants the difference no longer matters
		},
		{
			name: "one clock beyond max, other reset",
			a:    []op{up(), con(0, 1, LE(-6)), con(1, 0, LE(8)), reset(2), up(), con(2, 0, LE(2))},
			b:    []op{up(), con(0, 1, LE(-7)), con(1, 0, LT(20)), reset(2), up(), con(2, 0, LE(2))},
			max:  max2,
			want: "x1>5 ∧ 0≤x2≤2",
		},
		{
			name: "intervals above max",
			a:    []op{up(), con(0, 1, LE(-6)), con(1, 0, LE(8))},
			b:    []op{up(), con(0, 1, LT(-7)), con(1, 0, LT(100))},
			max:  []int64{0, 5},
			want: "x1>5",
		},
		{
			name: "unused clock",
			a:    []op{up(), con(1, 0, LE(1)), reset(1), up(), con(1, 0, LE(2))},
			b:    []op{up(), con(1, 0, LE(4)), con(0, 1, LE(-4)), reset(1), up(), con(1, 0, LE(2))},
			max:  []int64{0, 5, -1},
			want: "0≤x1≤2 ∧ x2≥0",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := len(tc.max) - 1
			a, b := build(n, tc.a...), build(n, tc.b...)
			if a.Equal(b) {
				t.Fatalf("test zones should differ before extrapolation: %v", a)
			}
			a.Extrapolate(tc.max)
			b.Extrapolate(tc.max)
			if a.Key() != b.Key() || !a.Equal(b) {
				t.Fatalf("extrapolated zones differ: %v vs %v", a, b)
			}
			if got := a.String(); got != tc.want {
				t.Errorf("extrapolated = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestExtrapolateKeepsZonesBelowMax(t *testing.T) {
	z := build(2, up(), con(1, 0, LE(4)), reset(2), up(), con(2, 0, LT(2)))
	e := z.Clone()
	e.Extrapolate([]int64{0, 10, 10})
	if !e.Equal(z) {
		t.Fatalf("zone within max changed: %v -> %v", z, e)
	}
}

// ---------------------------------------------------------------------------
// Inclusion, equality, keys

func TestIncludesEqualKey(t *testing.T) {
	big := build(2, up(), con(1, 0, LE(10)))
	small := build(2, up(), con(1, 0, LE(4)))
	shifted := build(2, up(), con(0, 1, LE(-2)), con(1, 0, LE(10)))
	sameAsBig := build(2, up(), con(2, 0, LE(10)))
	emptyA := build(2, up(), con(1, 0, LT(0)))
	emptyB := build(2, up(), con(0, 2, LE(-5)), con(2, 0, LE(4)))
	other := New(3)

	tests := []struct {
		name           string
		a, b           Zone
		aIncludesB     bool
		bIncludesA     bool
		equal, sameKey bool
	}{
		{"strictly larger", big, small, true, false, false, false},
		{"overlap with lower bound", big, shifted, true, false, false, false},
		{"disjoint-ish", small, shifted, false, false, false, false},
		{"same set built differently", big, sameAsBig, true, true, true, true},
		{"empty in nonempty", big, emptyA, true, false, false, false},
		{"two empties", emptyA, emptyB, true, true, true, true},
		{"different clock counts", New(2), other, false, false, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.Includes(tc.b); got != tc.aIncludesB {
				t.Errorf("a.Includes(b) = %v, want %v", got, tc.aIncludesB)
			}
			if got := tc.b.Includes(tc.a); got != tc.bIncludesA {
				t.Errorf("b.Includes(a) = %v, want %v", got, tc.bIncludesA)
			}
			if got := tc.a.Equal(tc.b); got != tc.equal {
				t.Errorf("Equal = %v, want %v", got, tc.equal)
			}
			if got := tc.a.Key() == tc.b.Key(); got != tc.sameKey {
				t.Errorf("same key = %v, want %v", got, tc.sameKey)
			}
		})
	}
}

func TestKeyMatchesEquality(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 3).Draw(t, "n")
		var ops []op
		for s := rapid.IntRange(0, 6).Draw(t, "steps"); s > 0; s-- {
			ops = append(ops, drawOp(t, n))
		}
		a, b := build(n, ops...), build(n, ops...)
		if a.Key() != b.Key() || a.String() != b.String() {
			t.Fatal("same construction gave different Key/String")
		}
		c := build(n)
		for s := rapid.IntRange(0, 6).Draw(t, "steps2"); s > 0; s-- {
			drawOp(t, n).apply(&c)
		}
		if (a.Key() == c.Key()) != a.Equal(c) {
			t.Fatalf("Key equality disagrees with Equal for %v and %v", a, c)
		}
		if a.Equal(c) != (a.Includes(c) && c.Includes(a)) {
			t.Fatalf("Equal disagrees with mutual inclusion for %v and %v", a, c)
		}
		// Tightening never leaves the original.
		d := a.Clone()
		d.Constrain(rapid.IntRange(0, n).Draw(t, "ci"), rapid.IntRange(0, n).Draw(t, "cj"),
			LE(int64(rapid.IntRange(-5, 5).Draw(t, "cc"))))
		if !a.Includes(d) {
			t.Fatalf("%v does not include its restriction %v", a, d)
		}
	})
}

func TestKeyIsCompact(t *testing.T) {
	z := build(3, up())
	if got, max := len(z.Key()), 1+16; got > max {
		t.Errorf("Key of 4×4 zone with small entries is %d bytes, want ≤ %d", got, max)
	}
}

// ---------------------------------------------------------------------------
// Solve

func TestSolve(t *testing.T) {
	const sec = int64(1_000_000_000)
	tests := []struct {
		name string
		n    int
		cs   []Constraint
		unit int64
		want []int64 // nil means infeasible
	}{
		{
			name: "no constraints",
			n:    3,
			unit: 1,
			want: []int64{0, 0, 0},
		},
		{
			name: "strict upper bound allows earliest 0",
			n:    2,
			cs:   []Constraint{{1, 0, LT(10)}},
			unit: 1,
			want: []int64{0, 0},
		},
		{
			name: "lower bound",
			n:    2,
			cs:   []Constraint{{0, 1, LE(-10)}},
			unit: 1,
			want: []int64{0, 10},
		},
		{
			name: "strict lower bound rounds up",
			n:    2,
			cs:   []Constraint{{0, 1, LT(-10)}},
			unit: 1,
			want: []int64{0, 11},
		},
		{
			name: "strict lower bound with coarse unit",
			n:    2,
			cs:   []Constraint{{0, 1, LT(-10)}},
			unit: 4,
			want: []int64{0, 12},
		},
		{
			name: "chain with ordering",
			n:    4,
			cs: []Constraint{
				{0, 1, LE(0)}, {1, 2, LE(0)}, {2, 3, LE(0)}, // ordering t1 ≤ t2 ≤ t3
				{0, 1, LE(-3)}, // t1 ≥ 3
				{1, 2, LE(-2)}, // t2 - t1 ≥ 2
				{3, 1, LE(4)},  // t3 - t1 ≤ 4
				{0, 3, LE(-6)}, // t3 ≥ 6
			},
			unit: 1,
			want: []int64{0, 3, 5, 6},
		},
		{
			name: "lower bound pushed by upper bound on difference",
			n:    3,
			cs: []Constraint{
				{0, 1, LE(0)}, {1, 2, LE(0)},
				{2, 1, LT(10)},  // t2 - t1 < 10
				{0, 2, LE(-15)}, // t2 ≥ 15
			},
			unit: 1,
			want: []int64{0, 6, 15},
		},
		{
			name: "strict chain infeasible at unit 1",
			n:    3,
			cs: []Constraint{
				{0, 1, LE(0)}, {1, 2, LE(0)},
				{1, 0, LT(10)}, {2, 1, LT(10)},
				{0, 2, LE(-19)},
			},
			unit: 1,
			want: nil,
		},
		{
			name: "same chain in ns feasible at 0.1s",
			n:    3,
			cs: []Constraint{
				{0, 1, LE(0)}, {1, 2, LE(0)},
				{1, 0, LT(10 * sec)}, {2, 1, LT(10 * sec)},
				{0, 2, LE(-19 * sec)},
			},
			unit: sec / 10,
			want: []int64{0, 91 * sec / 10, 19 * sec},
		},
		{
			name: "same chain in ns infeasible at 1s",
			n:    3,
			cs: []Constraint{
				{0, 1, LE(0)}, {1, 2, LE(0)},
				{1, 0, LT(10 * sec)}, {2, 1, LT(10 * sec)},
				{0, 2, LE(-19 * sec)},
			},
			unit: sec,
			want: nil,
		},
		{
			name: "contradiction",
			n:    2,
			cs:   []Constraint{{1, 0, LE(5)}, {0, 1, LE(-6)}},
			unit: 1,
			want: nil,
		},
		{
			name: "cannot precede t0",
			n:    2,
			cs:   []Constraint{{1, 0, LT(0)}},
			unit: 1,
			want: nil,
		},
		{
			name: "t0 is pinned at 0",
			n:    2,
			cs:   []Constraint{{0, 1, LE(-5)}, {1, 0, LE(5)}, {0, 0, LE(0)}},
			unit: 1,
			want: []int64{0, 5},
		},
		{
			name: "self contradiction",
			n:    2,
			cs:   []Constraint{{1, 1, LT(0)}},
			unit: 1,
			want: nil,
		},
		{
			name: "infinity ignored",
			n:    2,
			cs:   []Constraint{{1, 0, Infinity}, {0, 1, LE(-2)}},
			unit: 1,
			want: []int64{0, 2},
		},
		{
			name: "non-strict rounds down",
			n:    2,
			cs:   []Constraint{{0, 1, LE(-7)}, {1, 0, LE(9)}},
			unit: 5,
			want: nil, // t1 ≥ 7 → ≥ 10 on the grid, t1 ≤ 9 → ≤ 5
		},
		{
			name: "negative constants round away correctly",
			n:    2,
			cs:   []Constraint{{0, 1, LE(-7)}, {1, 0, LE(12)}},
			unit: 5,
			want: []int64{0, 10},
		},
		{
			name: "no instants",
			n:    0,
			unit: 1,
			want: []int64{},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Solve(tc.n, tc.cs, tc.unit)
			if tc.want == nil {
				if ok {
					t.Fatalf("Solve = %v, want infeasible", got)
				}
				return
			}
			if !ok {
				t.Fatalf("Solve infeasible, want %v", tc.want)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("Solve = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestSolveIsEarliest checks the solver against exhaustive search over a
// small integer grid: the answer must satisfy every constraint, and every
// other solution must be component-wise no earlier.
func TestSolveIsEarliest(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 4).Draw(t, "n")
		cs := drawConstraints(t, n, 8)
		unit := int64(rapid.IntRange(1, 3).Draw(t, "unit"))
		got, ok := Solve(n, cs, unit)

		satisfied := func(ts []int64) bool {
			p := make([]int64, len(ts))
			for i, v := range ts {
				p[i] = v * quarter // satisfiesPoint works in quarter units
			}
			for _, c := range cs {
				if !satisfiesPoint(p, c.I, c.J, c.B) {
					return false
				}
			}
			return true
		}
		found := false
		bruteForce(t, "Solve", n, 8, unit, satisfied, ok, got, func() { found = true })
		if ok {
			for _, v := range got {
				if v%unit != 0 {
					t.Fatalf("time %d not a multiple of unit %d", v, unit)
				}
			}
			if !found {
				t.Fatalf("Solve = %v but brute force found no solution for %v", got, cs)
			}
		}
	})
}

// TestSolveMultiplesIsEarliest checks SolveMultiples like
// TestSolveIsEarliest: instants held to a period must land on a multiple
// of it, and no solution that does is earlier.
func TestSolveMultiplesIsEarliest(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 4).Draw(t, "n")
		cs := drawConstraints(t, n, 12)
		var ms []Multiple
		for k := rapid.IntRange(0, 2).Draw(t, "multiples"); k > 0; k-- {
			ms = append(ms, Multiple{rapid.IntRange(0, n-1).Draw(t, "at"), int64(rapid.IntRange(1, 5).Draw(t, "period"))})
		}
		unit := int64(rapid.IntRange(1, 2).Draw(t, "unit"))
		got, ok := SolveMultiples(n, cs, unit, ms)
		valid := func(ts []int64) bool {
			for _, c := range cs {
				if d := ts[c.I] - ts[c.J]; d > c.B.Value() || (c.B.Strict() && d == c.B.Value()) {
					return false
				}
			}
			for _, m := range ms {
				if ts[m.I]%m.Period != 0 {
					return false
				}
			}
			return true
		}
		if ok && !valid(got) {
			t.Fatalf("SolveMultiples = %v violates %v %v", got, cs, ms)
		}
		bruteForce(t, "SolveMultiples", n, 12, unit, valid, ok, got, func() {})
	})
}

// TestSolveLongPath: a path of 100,000 instants whose constraints chain
// each instant to the one before and to the one two back, as a property
// that needs a change every window does, solves at once (the constraints
// push every instant back from the last one).
func TestSolveLongPath(t *testing.T) {
	const n = 100_000
	var cs []Constraint
	for k := 1; k < n; k++ {
		cs = append(cs, Constraint{k - 1, k, LE(0)}) // t_{k-1} ≤ t_k
		if k >= 2 {
			cs = append(cs, Constraint{k, k - 2, LT(10)}) // t_k − t_{k-2} < 10
		}
	}
	cs = append(cs, Constraint{0, n - 1, LE(-10 * n)}) // the last instant is late
	ts, ok := Solve(n, cs, 1)
	if ok {
		t.Fatalf("infeasible path solved: last instant %d", ts[n-1])
	}
	cs[len(cs)-1] = Constraint{0, n - 1, LE(-4 * n)}
	ts, ok = Solve(n, cs, 1)
	if !ok || ts[n-1] != 4*n {
		t.Fatalf("Solve: ok=%v, last instant %v, want %d", ok, ts[n-1:], 4*n)
	}
	for k := 2; k < n; k++ {
		if ts[k]-ts[k-2] >= 10 || ts[k] < ts[k-1] {
			t.Fatalf("instants %d..%d = %v break the chain", k-2, k, ts[k-2:k+1])
		}
	}
}

// ---------------------------------------------------------------------------
// Benchmark

func BenchmarkConstrainUpExtrapolate(b *testing.B) {
	const n = 10
	const sec = int64(1_000_000_000)
	m := make([]int64, n+1)
	for i := 1; i <= n; i++ {
		m[i] = int64(i) * 3 * sec
	}
	base := New(n)
	for b.Loop() {
		z := base.Clone()
		for i := 1; i <= n; i++ {
			z.Up()
			z.Constrain(i, 0, LE(int64(i)*4*sec))
			z.Constrain(0, i, LT(-int64(i)*sec))
			z.Reset(i)
			z.Extrapolate(m)
		}
		if z.Empty() {
			b.Fatal("benchmark zone became empty")
		}
	}
}

func TestCopyFrom(t *testing.T) {
	a := New(3)
	a.Up()
	a.Constrain(1, 0, LE(5))
	var b Zone
	b.CopyFrom(a)
	if !b.Equal(a) {
		t.Fatalf("copy %s differs from %s", b, a)
	}
	b.Reset(2)
	if b.Equal(a) {
		t.Fatalf("changing the copy changed the original: %s", a)
	}
	small := New(1)
	b.CopyFrom(small)
	if !b.Equal(small) || b.Clocks() != 1 {
		t.Fatalf("copy of a smaller zone: %s", b)
	}
}

// bruteForce tries every assignment of the instants 1 … n-1 (instant 0 is
// 0) to multiples of unit up to most, and fails the test when one that
// valid accepts shows the solver wrong: it said infeasible (ok false), or
// its solution got is not the earliest. found is told of each valid one.
func bruteForce(t *rapid.T, name string, n int, most, unit int64, valid func([]int64) bool, ok bool, got []int64, found func()) {
	ts := make([]int64, n)
	var search func(k int)
	search = func(k int) {
		if k == n {
			if !valid(ts) {
				return
			}
			found()
			if !ok {
				t.Fatalf("%s infeasible but %v satisfies the constraints", name, ts)
			}
			for i := range ts {
				if ts[i] < got[i] {
					t.Fatalf("%s = %v, but %v is earlier at %d", name, got, ts, i)
				}
			}
			return
		}
		for v := int64(0); v <= most; v += unit {
			ts[k] = v
			search(k + 1)
		}
	}
	search(1)
}

// drawConstraints draws up to six difference constraints between n
// instants, then bounds every instant by most, so that brute force ends.
func drawConstraints(t *rapid.T, n int, most int64) []Constraint {
	var cs []Constraint
	for k := rapid.IntRange(0, 6).Draw(t, "m"); k > 0; k-- {
		c := Constraint{I: rapid.IntRange(0, n-1).Draw(t, "I"), J: rapid.IntRange(0, n-1).Draw(t, "J")}
		v := int64(rapid.IntRange(-6, 6).Draw(t, "c"))
		if rapid.Bool().Draw(t, "strict") {
			c.B = LT(v)
		} else {
			c.B = LE(v)
		}
		cs = append(cs, c)
	}
	for i := 1; i < n; i++ {
		cs = append(cs, Constraint{i, 0, LE(most)})
	}
	return cs
}

// TestSimulatesLU checks SimulatesLU against the definition of a≼LU on a
// quarter grid: z simulates o exactly when every point of o is
// LU-simulated by a point of z (for each clock, the same value, a smaller
// one above L, or a larger one where the point is above U).
func TestSimulatesLU(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 2).Draw(t, "n")
		draw := func(name string) Zone {
			z := New(n)
			for s := rapid.IntRange(0, 8).Draw(t, name+" steps"); s > 0; s-- {
				drawOp(t, n).apply(&z)
			}
			return z
		}
		z, o := draw("z"), draw("o")
		lower, upper := make([]int64, n+1), make([]int64, n+1)
		for i := 1; i <= n; i++ {
			lower[i] = int64(rapid.IntRange(-1, 4).Draw(t, "L"))
			upper[i] = int64(rapid.IntRange(-1, 4).Draw(t, "U"))
		}
		const limit = 24 * quarter
		simulated := func(p []int64) bool {
			q := make([]int64, n+1)
			var search func(i int) bool
			search = func(i int) bool {
				if i > n {
					return member(z, q)
				}
				for w := int64(0); w <= limit; w++ {
					l, u := quarter*lower[i], quarter*upper[i]
					if w == p[i] || ((lower[i] < 0 || l < w) && w < p[i]) || ((upper[i] < 0 || u < p[i]) && p[i] < w) {
						q[i] = w
						if search(i + 1) {
							return true
						}
					}
				}
				return false
			}
			return search(1)
		}
		want := true
		var witness []int64
		p := make([]int64, n+1)
		var walk func(i int)
		walk = func(i int) {
			if !want {
				return
			}
			if i > n {
				if member(o, p) && !simulated(p) {
					want, witness = false, slices.Clone(p)
				}
				return
			}
			for v := int64(0); v <= 14*quarter; v++ {
				p[i] = v
				walk(i + 1)
			}
		}
		walk(1)
		if got := z.SimulatesLU(o, lower, upper); got != want {
			t.Fatalf("(%v).SimulatesLU(%v, L=%v, U=%v) = %v, want %v (point %v in quarters)", z, o, lower, upper, got, want, witness)
		}
		if z.Includes(o) && !z.SimulatesLU(o, lower, upper) {
			t.Fatalf("%v includes %v but does not simulate it", z, o)
		}
	})
}

// TestExtrapolateManyClocks: a zone of more clocks than the scratch space
// on the stack (16 rows) is extrapolated as a small one is, instead of
// slicing past that space (experiment's beliefs may have that many events).
func TestExtrapolateManyClocks(t *testing.T) {
	for _, n := range []int{15, 16, 20} {
		z := New(n)
		z.Up()
		m := make([]int64, n+1)
		for i := 1; i <= n; i++ {
			z.Constrain(i, 0, LE(int64(100*i)))
			m[i] = 10
		}
		z.ExtrapolateLU(m, m)
		if got := z.Upper(n); got != Infinity {
			t.Errorf("%d clocks: x%d's upper bound %s after extrapolating at 10", n, n, got)
		}
	}
}
