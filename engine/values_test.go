package engine

import (
	"slices"
	"testing"
	"time"

	"photosync/model"
)

func newSet() *Set {
	r := model.Observed()
	return New(&r, Options{MergeCaches: true})
}

// filled returns the values of photos from to from+n-1, each filled at
// the instant of its number in seconds.
func filled(from, n int) []value {
	var out []value
	for p := from; p < from+n; p++ {
		out = append(out, value{photo: model.Photo(p), running: true, start: time.Duration(p) * time.Second})
	}
	return out
}

// TestExtendShares: lists that grow from one list never see each other's
// values; the one that ends where its array's used part does grows in
// place, the others copy.
func TestExtendShares(t *testing.T) {
	s := newSet()
	e := entryOf(model.Observer, model.CacheOutlookClient)
	base := s.extend(alt{e: e, ready: true}, filled(1, 3))
	a := s.extend(base, filled(4, 1))
	if &a.vals[0] != &base.vals[0] {
		t.Errorf("a list at the end of its array was copied, not extended in place")
	}
	b := s.extend(base, filled(5, 2)) // base no longer ends where the array's used part does
	c := s.extend(a, filled(7, 1))
	d := newSet().extend(c, filled(8, 1)) // another Set's
	for _, tc := range []struct {
		name string
		got  alt
		want []value
	}{
		{"base", base, filled(1, 3)},
		{"a", a, filled(1, 4)},
		{"b", b, append(filled(1, 3), filled(5, 2)...)},
		{"c", c, append(filled(1, 4), filled(7, 1)...)},
		{"d", d, append(filled(1, 4), filled(7, 2)...)},
	} {
		if want := tc.want; !slices.Equal(tc.got.vals, want) || tc.got.sum != sumValues(want) || cap(tc.got.vals) != len(tc.got.vals) {
			t.Errorf("%s = %v (sum %x, cap %d), want %v (sum %x)", tc.name, tc.got.vals, tc.got.sum, cap(tc.got.vals), want, sumValues(want))
		}
	}
	if &c.vals[0] != &a.vals[0] {
		t.Errorf("a list at the end of its array was copied, not extended in place")
	}
	if &d.vals[0] == &c.vals[0] {
		t.Errorf("another Set extended a list in place")
	}
	j := s.join(e, c, []value{filled(3, 1)[0], {photo: 9}, filled(20, 1)[0], filled(20, 1)[0]})
	want := append([]value{{photo: 9}}, filled(1, 4)...)
	want = append(append(want, filled(7, 1)...), filled(20, 1)...)
	slices.SortFunc(want, compareValues)
	if !slices.Equal(j.vals, want) || j.sum != sumValues(j.vals) {
		t.Errorf("join = %v, want %v", j.vals, want)
	}
}

// TestHashCollisions: beliefs whose merged entries' hashes are equal but
// whose values differ stay apart, in the Set's index and in the merges'
// groups; beliefs with equal values in other lists are one.
func TestHashCollisions(t *testing.T) {
	s := newSet()
	e := entryOf(model.Observer, model.CacheOutlookClient)
	var list []Belief
	for i := range 2 * indexFrom {
		a := newAlts([]alt{{e: e, vals: filled(1+i, 3)}})
		a.sum, a.list[0].sum = 7, 7 // every one collides
		list = append(list, Belief{State: model.Initial(), alts: a})
	}
	s.ResetBeliefs(nil)
	s.list = s.list[:0]
	clear(s.index)
	for _, b := range list {
		s.add(&s.list, b)
	}
	if len(s.list) != len(list) {
		t.Fatalf("%d beliefs with colliding hashes kept of %d", len(s.list), len(list))
	}
	again := list[len(list)-1]
	again.alts = newAlts([]alt{{e: e, vals: filled(len(list), 3)}})
	again.alts.sum, again.alts.list[0].sum = 7, 7
	if s.add(&s.list, again); len(s.list) != len(list) {
		t.Errorf("a belief equal to one held, in another list, was added")
	}
	if sameBut(list[0].alts, list[1].alts, e+1) || !sameBut(list[0].alts, list[1].alts, e) {
		t.Errorf("sameBut compares hashes, not values")
	}
}
