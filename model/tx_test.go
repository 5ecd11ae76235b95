package model

import (
	"math/rand/v2"
	"testing"
	"time"
)

// fresh is an Env that answers as the one it wraps but is not concrete,
// so that each transaction under it gets new memory (newTx).
type fresh struct{ Env }

// TestConcreteKeepsNoTransaction: along random runs under random rules,
// every action applied under one concrete Env, which keeps the memory of
// its transactions (newTx) from one to the next, has every outcome it has
// under an Env whose every transaction starts from new memory, in the same
// order: nothing of an earlier transaction is left in a later one.
func TestConcreteKeepsNoTransaction(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 17))
	actions := Actions(2)
	var kept Choices
	env := Concrete(&kept)
	compared := 0
	for run := range 40 {
		r := Observed()
		for _, k := range Knobs() {
			if c := k.Choices(); c != nil && rng.IntN(2) == 0 {
				if err := r.Set(k.Name, c[rng.IntN(len(c))]); err != nil {
					t.Fatal(err)
				}
			}
		}
		s := Initial()
		for range 40 {
			s, _ = Advance(&r, s, s.Now+[]time.Duration{0, time.Second, time.Minute, time.Hour, 72 * time.Hour}[rng.IntN(5)])
			var outs []Next
			for _, a := range actions {
				kept.Reset()
				for more := true; more; more = kept.Next() {
					kept.Rewind()
					n, ok := Apply(&r, s, a, env)
					m, refOK := Apply(&r, s, a, fresh{Concrete(Replay(kept.Picks()))})
					if ok != refOK || n != m {
						t.Fatalf("run %d under %v: %s from %v:\nunder a concrete Env %v %v\nwith new memory     %v %v",
							run, Changed(Observed(), r), a, s, ok, n, refOK, m)
					}
					compared++
					if ok {
						outs = append(outs, n)
					}
				}
			}
			if len(outs) > 0 {
				s = outs[rng.IntN(len(outs))].State
			}
		}
	}
	if compared == 0 {
		t.Fatal("nothing compared")
	}
}
