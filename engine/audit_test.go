package engine

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"photosync/model"
)

// This file holds slow twins for fast paths of the value lists that an
// audit found untested by planting bugs: join with base's last value in
// extra, extra's skip of a shared list, and the merges' groups on a hash
// collision. Each compares the fast path with the naive union of sorted
// values on random lists built as the engine builds them.

// randomValue returns one of a few dozen values an entry may hold.
func randomValue(rng *rand.Rand) value {
	return value{photo: model.Photo(1 + rng.IntN(12)), running: rng.IntN(4) != 0,
		start: time.Duration(rng.IntN(4)) * time.Second}
}

// newerValues returns 1 to 3 values, sorted and unique, each after last.
func newerValues(rng *rand.Rand, last value) []value {
	var out []value
	for range 8 {
		v := randomValue(rng)
		v.photo = last.photo + model.Photo(rng.IntN(3))
		if compareValues(v, last) > 0 {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, compareValues)
	out = slices.Compact(out)
	if len(out) == 0 {
		return []value{{photo: last.photo + 1, running: true}}
	}
	return out[:1+rng.IntN(min(3, len(out)))]
}

// union returns the values of the lists, sorted and unique: the naive
// twin of join and of the merges.
func union(lists ...[]value) []value {
	var out []value
	for _, l := range lists {
		out = append(out, l...)
	}
	slices.SortFunc(out, compareValues)
	return slices.Compact(out)
}

// pooled is a list of a pool, with the values it held when it was made.
type pooled struct {
	a       alt
	want    []value
	parent  int  // the list it was extended from, or -1
	inPlace bool // it was grown in place: it starts where its parent does
}

// listPool is a pool of value lists of one entry of one Set, built as the
// engine builds them: sorted lists (newAlts), lists extended from them and
// from each other (extend, in place where a list ends where its array's
// claimed part does, copied otherwise), and joins.
type listPool struct {
	s    *Set
	e    entry
	rng  *rand.Rand
	list []pooled
}

func (p *listPool) add(a alt, parent int) {
	in := parent >= 0 && &a.vals[0] == &p.list[parent].a.vals[0]
	p.list = append(p.list, pooled{a: a, want: slices.Clone(a.vals), parent: parent, inPlace: in})
}

// root adds a list of 2 to 4 values, sorted by newAlts or by extend from
// none.
func (p *listPool) root() {
	var vals []value
	for len(union(vals)) < 2 {
		vals = append(vals, randomValue(p.rng))
	}
	if p.rng.IntN(2) == 0 {
		p.add(newAlts([]alt{{e: p.e, vals: vals}}).list[0], -1)
		return
	}
	p.add(p.s.extend(alt{e: p.e, ready: true}, union(vals)), -1)
}

// grow adds a list extended from a pooled one, most often the newest
// (which may grow in place).
func (p *listPool) grow() {
	i := len(p.list) - 1
	if p.rng.IntN(3) == 0 {
		i = p.rng.IntN(len(p.list))
	}
	a := p.list[i].a
	p.add(p.s.extend(a, newerValues(p.rng, a.vals[len(a.vals)-1])), i)
}

// build makes a pool of a few roots and many lists grown from them.
func (p *listPool) build() {
	for range 3 {
		p.root()
	}
	for range 25 {
		p.grow()
	}
}

// check fails t when a pooled list no longer holds the values it was
// made with (another list grew into its array) or is not ready.
func (p *listPool) check(t *testing.T, round int) {
	t.Helper()
	for i, x := range p.list {
		if !slices.Equal(x.a.vals, x.want) || x.a.sum != sumValues(x.want) || !x.a.ready {
			t.Fatalf("round %d: pooled list %d (from %d, in place %v) = %v (sum %x), made as %v (sum %x)",
				round, i, x.parent, x.inPlace, x.a.vals, x.a.sum, x.want, sumValues(x.want))
		}
	}
}

// TestJoinNaive: join returns the sorted union of base's values and
// extra's, ready, summed and with no room past its end, whatever extra
// holds: values of base, base's last, values before it, newer ones,
// repeated; and it changes no other list.
func TestJoinNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 4))
	e := entryOf(model.Observer, model.CacheOutlookClient)
	lastToo := 0
	for round := range 60 {
		p := &listPool{s: newSet(), e: e, rng: rng}
		p.build()
		for range 30 {
			var base alt
			if rng.IntN(5) == 0 {
				base = alt{e: e, vals: []value{randomValue(rng)}} // one value, not ready
			} else {
				base = p.list[len(p.list)-1-rng.IntN(min(6, len(p.list)))].a
			}
			last := base.vals[len(base.vals)-1]
			var extra []value
			switch kind := rng.IntN(4); kind {
			case 0, 1: // newer values only; with base's last too
				extra = newerValues(rng, last)
				if kind == 0 {
					extra = append(extra, last)
					lastToo++
				}
			case 2: // values of base, and newer ones
				for range 1 + rng.IntN(3) {
					extra = append(extra, base.vals[rng.IntN(len(base.vals))])
				}
				extra = append(extra, newerValues(rng, last)...)
			default: // any values
				for range 1 + rng.IntN(4) {
					extra = append(extra, randomValue(rng))
				}
			}
			if rng.IntN(3) == 0 {
				extra = append(extra, extra[rng.IntN(len(extra))])
			}
			rng.Shuffle(len(extra), func(i, j int) { extra[i], extra[j] = extra[j], extra[i] })
			want := union(base.vals, extra)
			baseVals := slices.Clone(base.vals)
			j := p.s.join(e, base, slices.Clone(extra))
			if j.e != e || !j.ready || !slices.Equal(j.vals, want) || j.sum != sumValues(want) || cap(j.vals) != len(j.vals) {
				t.Fatalf("round %d: join(%v, %v) = %v (ready %v, sum %x, cap %d), want %v (sum %x)",
					round, baseVals, extra, j.vals, j.ready, j.sum, cap(j.vals), want, sumValues(want))
			}
			if len(j.vals) >= 2 {
				p.add(j, -1)
			}
			p.grow()
			p.check(t, round)
		}
	}
	if lastToo < 100 {
		t.Errorf("only %d joins had base's last value in extra", lastToo)
	}
}

// member is what one belief of a group holds in the merged entry: a
// pooled list, or a single value.
type member struct {
	list   int // the pooled list, or -1
	single value
}

func (m member) values(p *listPool) []value {
	if m.list < 0 {
		return []value{m.single}
	}
	return p.list[m.list].a.vals
}

// randomGroup returns 2 to 5 members of a group. Half the groups hold a
// list grown in place and the one it grew from, and no other member
// holding the values it added: only values of the shorter.
func randomGroup(p *listPool) []member {
	rng := p.rng
	var grown []int
	for i, x := range p.list {
		if x.inPlace {
			grown = append(grown, i)
		}
	}
	var ms []member
	if len(grown) > 0 && rng.IntN(2) == 0 {
		q := grown[rng.IntN(len(grown))]
		from := p.list[q].parent
		ms = append(ms, member{list: from}, member{list: q})
		for range rng.IntN(4) {
			switch vals := p.list[from].a.vals; rng.IntN(3) {
			case 0:
				ms = append(ms, member{list: from})
			case 1:
				ms = append(ms, member{list: -1, single: vals[rng.IntN(len(vals))]})
			default:
				if up := p.list[from].parent; up >= 0 {
					ms = append(ms, member{list: up}) // a prefix of from's
				}
			}
		}
		return ms
	}
	for range 2 + rng.IntN(4) {
		if rng.IntN(4) == 0 {
			ms = append(ms, member{list: -1, single: randomValue(rng)})
		} else {
			ms = append(ms, member{list: rng.IntN(len(p.list))})
		}
	}
	return ms
}

// belief returns a belief of group g (its mask) whose entry e holds the
// member's values.
func (m member) belief(p *listPool, g int) Belief {
	b := Belief{State: model.Initial(), Mask: uint64(g)}
	if m.list < 0 {
		p.e.set(&b.State, m.single)
		return b
	}
	b.alts = newAlts([]alt{p.list[m.list].a})
	b.alts.canonical(&b.State)
	return b
}

// TestMergeAlongLists: mergeAlong, and mergeMarginal (marginalUnion) in an
// unobserved Set, merge groups of beliefs equal but for one entry, in any
// order, into the sorted union of their values, and change no list. The
// groups hold lists that share their start: one grown in place from
// another is longer, and only its own values bring what it added.
func TestMergeAlongLists(t *testing.T) {
	e := entryOf(model.Observer, model.CacheOutlookClient)
	for _, marginal := range []bool{false, true} {
		name := "mergeAlong"
		if marginal {
			name = "mergeMarginal"
		}
		t.Run(name, func(t *testing.T) { mergeLists(t, e, marginal) })
	}
}

// mergeLists is TestMergeAlongLists for mergeAlong, or for mergeMarginal
// when marginal is true.
func mergeLists(t *testing.T, e entry, marginal bool) {
	rng := rand.New(rand.NewPCG(23, 6))
	if marginal {
		rng = rand.New(rand.NewPCG(23, 7))
	}
	shared := 0 // groups whose first list starts another, longer one that alone brings values
	for round := range 150 {
		p := &listPool{s: newSet(), e: e, rng: rng}
		p.build()
		type placed struct {
			m member
			g int
		}
		var all []placed
		groups := make([][]member, 3+rng.IntN(6))
		for g := range groups {
			for _, m := range randomGroup(p) {
				all = append(all, placed{m, g})
			}
		}
		rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		var order []int // the groups in the order of their first beliefs
		s := p.s
		s.list = s.list[:0]
		for _, x := range all {
			if len(groups[x.g]) == 0 {
				order = append(order, x.g)
			}
			groups[x.g] = append(groups[x.g], x.m)
			s.list = append(s.list, x.m.belief(p, x.g))
		}
		for _, ms := range groups {
			first := ms[0].values(p)
			var lists, kept [][]value
			for _, m := range ms {
				vs := m.values(p)
				lists = append(lists, vs)
				if len(vs) <= len(first) || &vs[0] != &first[0] {
					kept = append(kept, vs)
				}
			}
			if !slices.Equal(union(kept...), union(lists...)) {
				shared++
			}
		}
		if marginal {
			s.unobserved, s.marginalList = true, nil
			s.mergeMarginal()
		} else {
			s.mergeAlong(e)
		}
		if len(s.list) != len(order) {
			t.Fatalf("round %d: %d groups merged into %d beliefs", round, len(order), len(s.list))
		}
		for i := range s.list {
			b := &s.list[i]
			g := int(b.Mask)
			var lists [][]value
			for _, m := range groups[g] {
				lists = append(lists, m.values(p))
			}
			want := union(lists...)
			var one [1]value
			got := valuesOf(b, e, &one)
			if g != order[i] || !slices.Equal(got, want) || e.get(&b.State) != want[0] {
				var of [][]value
				for _, m := range groups[g] {
					of = append(of, slices.Clone(m.values(p)))
				}
				t.Fatalf("round %d, marginal %v: belief %d (group %d, want %d) holds %v, state %v; want %v, the union of %v",
					round, marginal, i, g, order[i], got, e.get(&b.State), want, of)
			}
			if len(want) >= 2 {
				a := &b.alts.list[b.alts.find(e)]
				if len(b.alts.list) != 1 || !a.ready || a.sum != sumValues(a.vals) || cap(a.vals) != len(a.vals) ||
					b.alts.sum != sumAlt(e, a.sum) {
					t.Fatalf("round %d: belief %d: alts %+v, merged entry not ready, summed and clipped", round, i, b.alts)
				}
			}
		}
		p.check(t, round)
	}
	if shared < 50 {
		t.Errorf("marginal %v: only %d groups had a first list another, longer, grew from in place", marginal, shared)
	}
}

// collide makes every sum of the alts 7, as a 64-bit collision would.
func collide(a *alts) *alts {
	a.sum = 7
	for i := range a.list {
		a.list[i].sum = 7
	}
	return a
}

// TestMergeGroupsCollide: mergeMarginal's and uncoverBeliefs' groups
// compare the values of the merged entries they keep, not only their
// hashes: beliefs whose kept lists collide but differ stay apart, those
// whose lists are equal (other arrays) merge.
func TestMergeGroupsCollide(t *testing.T) {
	const n = 8
	// kept returns the i-th list of a kept entry: all start with one value
	// (the state holds it), have one length and collide.
	kept := func(i int) []value { return append(filled(1, 1), filled(2+i, 1)...) }
	belief := func(e entry, vals []value) Belief {
		b := Belief{State: model.Initial(), alts: collide(newAlts([]alt{{e: e, vals: vals}}))}
		b.alts.canonical(&b.State)
		return b
	}
	t.Run("mergeMarginal", func(t *testing.T) {
		s := newSet()
		s.unobserved = true
		core := entryOf(model.Observer, model.CacheTeamsClient) // not marginal: the Set does not forget
		marg := entryOf(model.Observer, model.CacheOutlookClient)
		if s.marginal(core) || !s.marginal(marg) {
			t.Fatalf("marginal(core) = %v, marginal(marg) = %v", s.marginal(core), s.marginal(marg))
		}
		s.list = s.list[:0]
		for _, twin := range []int{0, 100} {
			for i := range n {
				b := belief(core, kept(i))
				marg.set(&b.State, value{photo: model.Photo(100 + twin + i)})
				s.list = append(s.list, b)
			}
		}
		s.mergeMarginal()
		if len(s.list) != n {
			t.Fatalf("%d beliefs of %d pairs with colliding core lists merged into %d", 2*n, n, len(s.list))
		}
		for i := range s.list {
			var one [1]value
			b := &s.list[i]
			want := []value{{photo: model.Photo(100 + i)}, {photo: model.Photo(200 + i)}}
			if got := valuesOf(b, core, &one); !slices.Equal(got, kept(i)) {
				t.Errorf("belief %d: core entry %v, want %v", i, got, kept(i))
			}
			if got := valuesOf(b, marg, &one); !slices.Equal(got, want) {
				t.Errorf("belief %d: marginal entry %v, want %v", i, got, want)
			}
		}
	})
	t.Run("uncoverBeliefs", func(t *testing.T) {
		r := model.Observed()
		s := New(&r, Options{MergeCaches: true, Forget: true})
		outside := entryOf(model.Observer, model.CacheOutlookClient)
		if !s.dominating() || teamsEntry(outside) {
			t.Fatalf("the Set does not drop covered values")
		}
		s.list = s.list[:0]
		// Each belief is named by its outside list and when its service
		// entry was filled.
		type name struct {
			list int
			at   time.Duration
		}
		var want []name // the beliefs kept
		for i := range n {
			for _, at := range []time.Duration{1, 2} { // the one filled later covers the other
				if at == 2 && i%2 == 1 {
					continue // none covers the odd ones
				}
				b := belief(outside, kept(i))
				serviceEntry.set(&b.State, value{photo: 1, running: true, start: at * time.Second})
				if at == 2 || i%2 == 1 {
					want = append(want, name{i, at * time.Second})
				}
				s.list = append(s.list, b)
			}
		}
		s.uncoverBeliefs()
		var got []name
		for i := range s.list {
			var one [1]value
			b := &s.list[i]
			got = append(got, name{int(valuesOf(b, outside, &one)[1].photo) - 2, serviceEntry.get(&b.State).start})
		}
		if !slices.Equal(got, want) {
			t.Errorf("kept beliefs %v, want %v: a belief was covered by one whose other lists differ", got, want)
		}
	})
}
