package zone

// Project returns a zone over len(keep) clocks: its clock k+1 is clock
// keep[k] of z, or, where keep[k] is 0, a clock that reads 0 now (as just
// reset). A clock may be kept twice (the copies are equal) and clocks left
// out are forgotten. The submatrix of a canonical matrix is canonical, and
// a copy of the reference clock is a reset clock, so the result needs no
// closing. It is how a search whose clocks come and go (experiment's belief
// states) renumbers, drops, merges and adds clocks in one pass.
func (z Zone) Project(keep []int) Zone {
	for _, k := range keep {
		if k != 0 {
			z.checkClock(k, false)
		}
	}
	out := New(len(keep))
	if z.Empty() {
		out.setEmpty()
		return out
	}
	from := func(i int) int {
		if i == 0 {
			return 0
		}
		return keep[i-1]
	}
	dim, odim := len(keep)+1, z.n+1
	for i := range dim {
		fi := from(i)
		for j := range dim {
			out.d[i*dim+j] = z.d[fi*odim+from(j)]
		}
	}
	return out
}

// Bound returns the tightest bound the zone puts on x_i − x_j (Infinity
// for none). The zone must not be empty.
func (z Zone) Bound(i, j int) Bound {
	z.checkClock(i, true)
	z.checkClock(j, true)
	return z.at(i, j)
}
