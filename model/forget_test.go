package model

import (
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestForgetKeepsTheFuture: along random runs under random rules, a state
// and the state Forget makes of it have the same outcomes for every action
// and every wait (compared once forgotten, as the engine keeps them): what
// Forget clears, no rule reads.
func TestForgetKeepsTheFuture(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	actions := Actions(2)
	forgotten := func(r *Rules, ns []Next) []Next {
		out := make([]Next, len(ns))
		for i, n := range ns {
			Forget(r, &n.State)
			out[i] = n
		}
		slices.SortFunc(out, compareNext)
		return slices.CompactFunc(out, func(x, y Next) bool { return compareNext(x, y) == 0 })
	}
	compared := 0
	for run := range 80 {
		r := Observed()
		for _, k := range Knobs() {
			if c := k.Choices(); c != nil {
				if err := r.Set(k.Name, c[rng.IntN(len(c))]); err != nil {
					t.Fatal(err)
				}
			}
		}
		r.Window = []time.Duration{0, time.Hour, 72 * time.Hour}[rng.IntN(3)]
		s := Initial()
		for range 60 {
			f := s
			Forget(&r, &f)
			var a, b []Next
			var what string
			if rng.IntN(4) == 0 {
				to := s.Now + time.Duration(rng.IntN(80*3600))*time.Second
				na, fa := Advance(&r, s, to)
				nb, fb := Advance(&r, f, to)
				a, b, what = append(fa, Next{State: na}), append(fb, Next{State: nb}), "wait to "+FormatDuration(to)
			} else {
				act := actions[rng.IntN(len(actions))]
				a, b, what = Step(&r, s, act), Step(&r, f, act), act.String()
			}
			next := a[rng.IntN(len(a))].State
			a, b = forgotten(&r, a), forgotten(&r, b)
			compared++
			if !slices.Equal(a, b) {
				t.Fatalf("run %d under %v: %s from %v and from its forgotten form differ:\n%v\n%v", run, Changed(Observed(), r), what, s, a, b)
			}
			s = next
		}
	}
	if compared == 0 {
		t.Fatal("nothing compared")
	}
}

// compareNext orders outcomes by their encoding, so that outcomes that
// become equal once forgotten compare as sets.
func compareNext(x, y Next) int {
	code := func(n Next) []byte {
		b := binary.AppendUvarint(nil, uint64(n.Shown))
		b = binary.AppendUvarint(b, uint64(n.Effects))
		return AppendState(b, &n.State)
	}
	return slices.Compare(code(x), code(y))
}
