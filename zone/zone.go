package zone

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Bound is an upper bound on a clock difference x_i - x_j: a value and whether it is strict.
//
// The encoding (c << 1) | 1 for "≤ c" and (c << 1) for "< c" makes the
// integer order of encoded bounds coincide with their tightness order
// (< c is tighter than ≤ c, which is tighter than < c+1), so min and
// comparison are plain integer operations. Values are int64 nanoseconds
// (time.Duration units) and must lie strictly inside ±2^62; sums saturate
// at Infinity so unbounded differences never wrap around.
type Bound int64

// Infinity is the absence of a bound. It is the largest Bound so that it
// never wins a min and any sum involving it stays unbounded.
const Infinity Bound = math.MaxInt64

// boundMax and boundMin delimit values that stay finite after encoding; a
// sum beyond boundMax is treated as unbounded and one below boundMin is
// clamped, which keeps "negative" (i.e. empty) results negative.
const (
	boundMax = math.MaxInt64>>1 - 1
	boundMin = math.MinInt64 >> 1
)

// zeroBound is ≤ 0, the bound of a clock against itself in a non-empty zone.
const zeroBound = Bound(1)

// LE builds the non-strict bound ≤ c.
func LE(c int64) Bound { return Bound(c<<1 | 1) }

// LT builds the strict bound < c.
func LT(c int64) Bound { return Bound(c << 1) }

// Value is the constant c of the bound; meaningless for Infinity.
func (b Bound) Value() int64 { return int64(b) >> 1 }

// Strict reports whether the bound excludes its value (< rather than ≤).
func (b Bound) Strict() bool { return b != Infinity && b&1 == 0 }

// String renders the bound in a form that round-trips visually through
// logs without depending on a duration formatter.
func (b Bound) String() string {
	switch {
	case b == Infinity:
		return "inf"
	case b.Strict():
		return "<" + strconv.FormatInt(b.Value(), 10)
	default:
		return "<=" + strconv.FormatInt(b.Value(), 10)
	}
}

// add composes two bounds along a path: the values add and the result is
// strict if either side is. It saturates at Infinity instead of overflowing.
func add(a, b Bound) Bound {
	if a == Infinity || b == Infinity {
		return Infinity
	}
	// Each value fits in 63 bits, so the sum cannot overflow int64.
	s := a.Value() + b.Value()
	if s > boundMax {
		return Infinity
	}
	if s < boundMin {
		s = boundMin
	}
	return Bound(s<<1 | int64(a&b&1))
}

// Zone is a canonical DBM over clocks 0..n. The zero Zone is not valid; use New.
//
// Zone has value semantics only for its methods with value receivers; the
// matrix is shared between copies, so callers that keep a zone must Clone it
// before calling a pointer-receiver method.
type Zone struct {
	n int
	d []Bound // row-major (n+1)×(n+1); d[i*(n+1)+j] bounds x_i - x_j
}

// New returns the zone in which every clock equals 0, which is where every
// run of a timed automaton starts.
func New(n int) Zone {
	if n < 0 {
		panic("zone: negative clock count")
	}
	dim := n + 1
	d := make([]Bound, dim*dim)
	for k := range d {
		d[k] = zeroBound
	}
	return Zone{n: n, d: d}
}

// Clone returns an independent copy so that the original survives mutation.
func (z Zone) Clone() Zone {
	d := make([]Bound, len(z.d))
	copy(d, z.d)
	return Zone{n: z.n, d: d}
}

// Entries is how many bounds the zone's matrix holds: (n+1)².
func (z Zone) Entries() int { return len(z.d) }

// CloneIn returns an independent copy of z whose matrix is buf[:z.Entries()],
// so that a caller keeping many zones can allocate their matrices in large
// blocks. buf must be at least that long and must not be used for anything
// else afterwards.
func (z Zone) CloneIn(buf []Bound) Zone {
	d := buf[:len(z.d):len(z.d)]
	copy(d, z.d)
	return Zone{n: z.n, d: d}
}

// CopyFrom makes z a copy of o, reusing z's memory when it is large enough:
// a search that tries many branches from one zone copies into a scratch zone
// instead of allocating a clone per branch.
func (z *Zone) CopyFrom(o Zone) {
	if cap(z.d) < len(o.d) {
		z.d = make([]Bound, len(o.d))
	}
	z.d = z.d[:len(o.d)]
	copy(z.d, o.d)
	z.n = o.n
}

// Clocks is the number of real clocks (not counting the reference clock 0).
func (z Zone) Clocks() int { return z.n }

// Empty reports whether no valuation satisfies the zone. An empty zone is
// recognised by a negative diagonal, which canonical non-empty zones never have.
func (z Zone) Empty() bool { return len(z.d) == 0 || z.d[0] < zeroBound }

// at returns d[i][j].
func (z Zone) at(i, j int) Bound { return z.d[i*(z.n+1)+j] }

// setEmpty overwrites the whole matrix with a fixed pattern, so that all
// empty zones over the same clocks share one Key and compare Equal.
func (z *Zone) setEmpty() {
	for k := range z.d {
		z.d[k] = LT(0)
	}
}

func (z Zone) checkClock(i int, allowRef bool) {
	lo := 1
	if allowRef {
		lo = 0
	}
	if i < lo || i > z.n {
		panic(fmt.Sprintf("zone: clock %d out of range [%d,%d]", i, lo, z.n))
	}
}

// Up lets an arbitrary amount of time pass. Removing the upper bounds keeps
// the matrix canonical because delay preserves all clock differences and
// lower bounds, and no shortest path can run through an infinite entry.
func (z *Zone) Up() {
	if z.Empty() {
		return
	}
	dim := z.n + 1
	for i := 1; i <= z.n; i++ {
		z.d[i*dim] = Infinity
	}
}

// Constrain intersects the zone with x_i - x_j ⋈ b and reports whether the
// result is non-empty. Because the old matrix is already closed, any newly
// shortened path must use the new edge exactly once, so one O(n²) pass
// over k→i→j→l restores canonical form without a full Floyd–Warshall.
func (z *Zone) Constrain(i, j int, b Bound) bool {
	z.checkClock(i, true)
	z.checkClock(j, true)
	if z.Empty() {
		return false
	}
	dim := z.n + 1
	if b >= z.d[i*dim+j] {
		return true
	}
	if add(b, z.d[j*dim+i]) < zeroBound {
		z.setEmpty()
		return false
	}
	z.d[i*dim+j] = b
	rowJ := z.d[j*dim : j*dim+dim]
	for k := 0; k < dim; k++ {
		dki := z.d[k*dim+i]
		if dki == Infinity {
			continue
		}
		viaEdge := add(dki, b)
		rowK := z.d[k*dim : k*dim+dim]
		for l, djl := range rowJ {
			if v := add(viaEdge, djl); v < rowK[l] {
				rowK[l] = v
			}
		}
	}
	return true
}

// Reset sets x_i := 0. Clock i then behaves exactly like the reference
// clock, so copying row and column 0 keeps the matrix canonical.
func (z *Zone) Reset(i int) {
	z.checkClock(i, false)
	if z.Empty() {
		return
	}
	dim := z.n + 1
	for k := 0; k < dim; k++ {
		z.d[i*dim+k] = z.d[k]
		z.d[k*dim+i] = z.d[k*dim]
	}
	z.d[i*dim+i] = zeroBound
}

// Assign sets x_dst := x_src. The destination becomes a twin of the source,
// so copying the source's row and column keeps the matrix canonical.
func (z *Zone) Assign(dst, src int) {
	z.checkClock(dst, false)
	z.checkClock(src, true)
	if z.Empty() || dst == src {
		return
	}
	dim := z.n + 1
	for k := 0; k < dim; k++ {
		z.d[dst*dim+k] = z.d[src*dim+k]
		z.d[k*dim+dst] = z.d[k*dim+src]
	}
	z.d[dst*dim+src] = zeroBound
	z.d[src*dim+dst] = zeroBound
	z.d[dst*dim+dst] = zeroBound
}

// Free forgets everything about x_i except that clocks are non-negative.
// The tightest remaining bound on x_k - x_i is then the upper bound on x_k
// (reached when x_i = 0), which is what the column receives.
func (z *Zone) Free(i int) {
	z.checkClock(i, false)
	if z.Empty() {
		return
	}
	dim := z.n + 1
	for k := 0; k < dim; k++ {
		if k != i {
			z.d[i*dim+k] = Infinity
			z.d[k*dim+i] = z.d[k*dim]
		}
	}
}

// Extrapolate applies Extra⁺_M so that the set of reachable zones is
// finite, given for every clock the largest constant it is compared with:
// it is ExtrapolateLU with the same constants as lower and upper bounds.
// max[i] < 0 marks clock i as never compared again; such clocks are freed
// so that zones differing only in dead clocks merge. len(max) must be n+1;
// max[0] is ignored.
func (z *Zone) Extrapolate(max []int64) { z.ExtrapolateLU(max, max) }

// ExtrapolateLU applies Extra⁺_LU (Behrmann, Bouyer, Larsen and Pelánek,
// "Lower and upper bounds in zone-based abstractions of timed automata",
// 2006). lower[i] is the largest constant c of a guard x_i ≥ c or x_i > c,
// upper[i] the largest of a guard or invariant x_i ≤ c or x_i < c; a
// negative value means there is no such guard (−∞). With canonical d, a
// bound d[i][j] on x_i − x_j (i ≠ 0) is dropped when it exceeds lower[i]
// (no guard tells larger values of x_i apart), when x_i lies above lower[i]
// everywhere in the zone, or when x_j lies above upper[j] everywhere: then
// only lower bounds of x_j can still be tested, and they all hold. A lower
// bound of x_j (d[0][j]) above upper[j] is weakened to x_j > upper[j].
//
// The result contains the zone, and every valuation it adds is simulated by
// one of the zone (the LU-simulation: a smaller value of x where no upper
// bound can be told apart, a larger one where no lower bound can), so
// location reachability is unchanged for diagonal-free automata; the range
// of the operator is finite. A clock with neither kind of guard (both
// negative) is never compared again and is freed outright. len(lower) and
// len(upper) must be n+1; index 0 is ignored.
func (z *Zone) ExtrapolateLU(lower, upper []int64) {
	if len(lower) != z.n+1 || len(upper) != z.n+1 {
		panic(fmt.Sprintf("zone: Extrapolate needs %d constants, got %d and %d", z.n+1, len(lower), len(upper)))
	}
	if z.Empty() {
		return
	}
	dim := z.n + 1
	// dropRow[i]: no bound on x_i − x_j matters (x_i is above lower[i], or
	// has no lower-bound guard); rowMax[i]: the largest that still does.
	// dropCol[j]: x_j is above upper[j]; colMin[j]: the bound d[0][j] then
	// becomes.
	var rowMaxA [16]Bound
	var dropRowA, dropColA [16]bool
	var rowMax []Bound
	var dropRow, dropCol []bool
	if dim > len(rowMaxA) {
		rowMax, dropRow, dropCol = make([]Bound, dim), make([]bool, dim), make([]bool, dim)
	} else {
		rowMax, dropRow, dropCol = rowMaxA[:dim], dropRowA[:dim], dropColA[:dim]
	}
	colMin := func(j int) Bound {
		if upper[j] < 0 {
			return LE(0)
		}
		return LT(-upper[j])
	}
	for i := 1; i < dim; i++ {
		if lower[i] < 0 && upper[i] < 0 {
			// A freed clock's column equals column 0 and its row is
			// unbounded: it stays so below.
			z.Free(i)
			rowMax[i] = LE(0)
			continue
		}
		neg := z.d[i] // d[0][i] bounds -x_i
		if lower[i] < 0 || neg <= LT(-lower[i]) {
			dropRow[i] = true
		} else {
			rowMax[i] = LE(lower[i])
		}
		if upper[i] < 0 || neg <= LT(-upper[i]) {
			dropCol[i] = true
		}
	}
	changed := false
	for i := 0; i < dim; i++ {
		for j := 0; j < dim; j++ {
			if i == j {
				continue
			}
			b := z.d[i*dim+j]
			if b == Infinity {
				continue
			}
			nb := b
			switch {
			case i != 0 && (dropRow[i] || b > rowMax[i] || dropCol[j]):
				nb = Infinity
			case i == 0 && dropCol[j]:
				nb = max(b, colMin(j))
			}
			if nb != b {
				z.d[i*dim+j] = nb
				// Loosening bounds of a closed matrix makes no path
				// shorter, so only the loosened entries can be undercut by
				// others; a row dropped whole has no finite edge left to
				// be undercut by, and needs no closing.
				if i == 0 || !dropRow[i] {
					changed = true
				}
			}
		}
	}
	if changed {
		z.close()
	}
}

// close runs Floyd–Warshall. It is only needed after Extrapolate, whose
// loosening can leave entries that a shorter path now undercuts.
func (z *Zone) close() {
	dim := z.n + 1
	for k := 0; k < dim; k++ {
		rowK := z.d[k*dim : k*dim+dim]
		for i := 0; i < dim; i++ {
			dik := z.d[i*dim+k]
			if dik == Infinity {
				continue
			}
			rowI := z.d[i*dim : i*dim+dim]
			for j, dkj := range rowK {
				if v := add(dik, dkj); v < rowI[j] {
					rowI[j] = v
				}
			}
		}
	}
	for i := 0; i < dim; i++ {
		if z.d[i*dim+i] < zeroBound {
			z.setEmpty()
			return
		}
	}
}

// Includes reports whether o ⊆ z. For canonical matrices inclusion is
// entry-wise comparison. Zones over different clock counts are unrelated.
func (z Zone) Includes(o Zone) bool {
	if o.Empty() {
		return o.n == z.n
	}
	if z.Empty() || z.n != o.n {
		return false
	}
	for k, b := range o.d {
		if b > z.d[k] {
			return false
		}
	}
	return true
}

// SimulatesLU reports whether every valuation of o is LU-simulated by one
// of z: o ⊆ a≼LU(z), the abstraction of Behrmann, Bouyer, Larsen and
// Pelánek that is the coarsest one sound and complete for reachability
// given the bounds (Herbreteau, Srivathsan and Walukiewicz, "Better
// abstractions for timed automata", 2012). lower and upper are as for
// ExtrapolateLU, valid in both zones. It is coarser than inclusion, and than
// inclusion after Extra⁺_LU: Extra⁺_LU(o) ⊆ a≼LU(o).
//
// v ≼LU v' when for every clock x, v'(x) = v(x), or L(x) < v'(x) < v(x),
// or U(x) < v(x) < v'(x): every guard x ≥ c (c ≤ L(x)) and x ≤ c (c ≤
// U(x)) that v satisfies, v' satisfies, and resets and time keep the
// relation; so every discrete state reachable from o is reachable from z,
// in as many steps. The test is the one of their paper: o ⊄ a≼LU(z) iff for
// some clocks x ≠ y (the reference clock included, with L = U = 0),
// o[0][x] ≥ (≤ −U(x)), z[y][x] < o[y][x] and z[y][x] + (< −L(y)) < o[0][x];
// a clock with no such guard (a negative bound) is no witness. O(n²).
func (z Zone) SimulatesLU(o Zone, lower, upper []int64) bool {
	if o.Empty() {
		return o.n == z.n
	}
	if z.Empty() || z.n != o.n {
		return false
	}
	if len(lower) != z.n+1 || len(upper) != z.n+1 {
		panic(fmt.Sprintf("zone: SimulatesLU needs %d constants, got %d and %d", z.n+1, len(lower), len(upper)))
	}
	dim := z.n + 1
	for x := 0; x < dim; x++ {
		ux := int64(0)
		if x > 0 {
			if ux = upper[x]; ux < 0 {
				continue
			}
		}
		o0x := o.d[x]
		if o0x < LE(-ux) {
			continue // x > U(x) throughout o
		}
		for y := 0; y < dim; y++ {
			if y == x {
				continue
			}
			ly := int64(0)
			if y > 0 {
				if ly = lower[y]; ly < 0 {
					continue
				}
			}
			zyx := z.d[y*dim+x]
			if zyx < o.d[y*dim+x] && add(zyx, LT(-ly)) < o0x {
				return false
			}
		}
	}
	return true
}

// Equal reports whether both zones denote the same set of valuations;
// canonical form makes this an entry-wise comparison.
func (z Zone) Equal(o Zone) bool {
	if z.n != o.n {
		return false
	}
	if z.Empty() || o.Empty() {
		return z.Empty() && o.Empty()
	}
	for k, b := range o.d {
		if b != z.d[k] {
			return false
		}
	}
	return true
}

// Key encodes the matrix as a compact string for use as a map key. Equal
// zones have equal keys because the representation is canonical (and all
// empty zones share one pattern). Each entry is zig-zag encoded and shifted
// so that Infinity, the most common large entry, takes a single byte.
func (z Zone) Key() string {
	buf := make([]byte, 0, 2+len(z.d)*3)
	buf = binary.AppendUvarint(buf, uint64(z.n))
	for _, b := range z.d {
		zz := uint64(int64(b)<<1) ^ uint64(int64(b)>>63)
		buf = binary.AppendUvarint(buf, zz+2)
	}
	return string(buf)
}

// Hash returns a hash of the zone for hash tables: equal zones (canonical
// form, and one pattern for every empty zone) have equal hashes.
func (z Zone) Hash() uint64 {
	h := uint64(z.n) ^ 0xcbf29ce484222325
	for _, b := range z.d {
		h = (h ^ uint64(b)) * 0x100000001b3
		h ^= h >> 29
	}
	h *= 0xbf58476d1ce4e5b9
	return h ^ h>>31
}

// Satisfies reports whether every valuation (always) and whether some
// valuation (sometimes) of the zone satisfies x_i - x_j ⋈ b. For an empty
// zone always is vacuously true and sometimes is false.
func (z Zone) Satisfies(i, j int, b Bound) (always, sometimes bool) {
	z.checkClock(i, true)
	z.checkClock(j, true)
	if z.Empty() {
		return true, false
	}
	return z.at(i, j) <= b, add(b, z.at(j, i)) >= zeroBound
}

// Upper is the bound on x_i from above, d[i][0].
func (z Zone) Upper(i int) Bound {
	z.checkClock(i, true)
	return z.at(i, 0)
}

// Lower is the bound on -x_i, d[0][i]; the clock's least value is its negation.
func (z Zone) Lower(i int) Bound {
	z.checkClock(i, true)
	return z.at(0, i)
}

// String describes the zone for debugging: every clock's range, then only
// those difference constraints that are not already implied by the ranges,
// so the output stays short and deterministic.
func (z Zone) String() string {
	if z.Empty() {
		return "false"
	}
	if z.n == 0 {
		return "true"
	}
	var parts []string
	for i := 1; i <= z.n; i++ {
		parts = append(parts, rangeString("x"+strconv.Itoa(i), z.at(0, i), z.at(i, 0)))
	}
	for i := 1; i <= z.n; i++ {
		for j := i + 1; j <= z.n; j++ {
			up, low := z.at(i, j), z.at(j, i)
			if up >= add(z.at(i, 0), z.at(0, j)) {
				up = Infinity
			}
			if low >= add(z.at(j, 0), z.at(0, i)) {
				low = Infinity
			}
			if up == Infinity && low == Infinity {
				continue
			}
			name := "x" + strconv.Itoa(i) + "-x" + strconv.Itoa(j)
			parts = append(parts, rangeString(name, low, up))
		}
	}
	return strings.Join(parts, " ∧ ")
}

// rangeString renders lo ⋈ name ⋈ hi from the DBM entries bounding -name
// (neg) and name (pos), leaving out a side that is unbounded.
func rangeString(name string, neg, pos Bound) string {
	rel := func(b Bound) string {
		if b.Strict() {
			return "<"
		}
		return "≤"
	}
	num := func(v int64) string { return strconv.FormatInt(v, 10) }
	switch {
	case neg == Infinity && pos == Infinity:
		return name + " free"
	case neg == Infinity:
		return name + rel(pos) + num(pos.Value())
	case pos == Infinity:
		if neg.Strict() {
			return name + ">" + num(-neg.Value())
		}
		return name + "≥" + num(-neg.Value())
	case !neg.Strict() && !pos.Strict() && -neg.Value() == pos.Value():
		return name + "=" + num(pos.Value())
	default:
		return num(-neg.Value()) + rel(neg) + name + rel(pos) + num(pos.Value())
	}
}
