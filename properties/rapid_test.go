package properties

import (
	"flag"
	"os"
	"testing"

	"pgregory.net/rapid"

	"photosync/model"
)

var (
	rulesFlag   = flag.String("rules", "observed", "rule set the rapid checker checks: a named set or a rules file")
	viewersFlag = flag.Int("viewers", 2, "number of viewers in generated runs")
)

func loadRules(t testing.TB, name string) model.Rules {
	t.Helper()
	if r, err := model.Named(name); err == nil {
		return r
	}
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("-rules %s: %v", name, err)
	}
	r, err := model.DecodeRules(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// drive runs generated actions, outcomes and waits, and fails as soon as
// property bit is violated, printing the run as a scenario.
func drive(rt *rapid.T, r *model.Rules, viewers, bit int) {
	j := NewJudge(Catalog(), viewers)
	m := NewRun(r, j)
	p := j.Props[bit]
	var changes, others, views, aimed []model.Action
	for _, a := range model.Actions(viewers) {
		switch {
		case a.Kind == model.Change:
			changes = append(changes, a)
		case a.Kind != model.View:
			others = append(others, a)
		default:
			views = append(views, a)
			for _, s := range p.Reads {
				if a.Surface == s {
					aimed = append(aimed, a)
				}
			}
		}
	}
	if len(aimed) == 0 {
		aimed = views
	}
	take := func(rt *rapid.T, from []model.Action, label string) {
		a := rapid.SampledFrom(from).Draw(rt, label)
		outs := m.Outcomes(a)
		m.Take(a, outs[rapid.IntRange(0, len(outs)-1).Draw(rt, "outcome")])
		rt.Log(m.Lines[len(m.Lines)-1])
	}
	rt.Repeat(map[string]func(*rapid.T){
		"": func(rt *rapid.T) {
			if m.Violated&(1<<bit) == 0 {
				return
			}
			for _, f := range m.Findings {
				if f.Property.Name == p.Name {
					rt.Fatalf("%s violated at %s: %s\n%s", p.Name, model.FormatDuration(f.At), f.Message,
						m.Scenario(p.Name))
				}
			}
		},
		"change": func(rt *rapid.T) { take(rt, changes, "change") },
		"other":  func(rt *rapid.T) { take(rt, others, "action") },
		"view":   func(rt *rapid.T) { take(rt, aimed, "view") },
		"xview":  func(rt *rapid.T) { take(rt, views, "any view") },
		"wait": func(rt *rapid.T) {
			ds := Deadlines(r, &m.State)
			to := ds[rapid.IntRange(0, len(ds)-1).Draw(rt, "wait")]
			m.Wait(to)
		},
	})
}

// TestInvariantsRapid checks every invariant with rapid-generated runs under
// the rule set of -rules (default observed). Under observed each must hold;
// under a proposal a failure is the proposal breaking that invariant.
func TestInvariantsRapid(t *testing.T) {
	r := loadRules(t, *rulesFlag)
	for i, p := range Catalog() {
		if p.Kind != Invariant {
			continue
		}
		t.Run(p.Name, func(t *testing.T) {
			rapid.Check(t, func(rt *rapid.T) { drive(rt, &r, *viewersFlag, i) })
		})
	}
}
