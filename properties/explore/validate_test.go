package explore

import (
	"testing"

	"photosync/model"
	"photosync/properties"
)

// TestExploreValidatesFirst: Explore runs properties.Validate on its
// properties before it starts; an invalid catalog explores nothing and
// comes back with Err set, Complete false and every verdict undecided (the
// check command exits 3 on it). A valid one has no Err.
func TestExploreValidatesFirst(t *testing.T) {
	bad := properties.Catalog()
	bad[3].Sources = append(bad[3].Sources, "C99")
	dup := append(properties.Catalog(), properties.Catalog()[0])
	noMonitor := properties.Catalog()[:2]
	noMonitor[1].Transition = nil
	for _, c := range []struct {
		name  string
		props []*properties.Property
	}{{"bad source", bad}, {"duplicate", dup}, {"no monitor", noMonitor}} {
		props := c.props
		t.Run(c.name, func(t *testing.T) {
			want := properties.Validate(props)
			if want == nil {
				t.Fatal("the catalog under test is valid")
			}
			res := Explore(Config{Rules: model.Observed(), Props: props})
			if res.Err == nil || res.Err.Error() != want.Error() {
				t.Fatalf("Err = %v, want Validate's error %v", res.Err, want)
			}
			if res.Complete || res.States != 0 || res.Transitions != 0 || res.Groups != 0 {
				t.Errorf("complete=%v states=%d transitions=%d groups=%d, want nothing explored",
					res.Complete, res.States, res.Transitions, res.Groups)
			}
			if len(res.Verdicts) != len(props) {
				t.Fatalf("%d verdicts for %d properties", len(res.Verdicts), len(props))
			}
			for i, v := range res.Verdicts {
				if v.Property != props[i] || v.Verdict.Decided() || v.Verdict.Held() || v.Example != nil || v.Err != nil {
					t.Errorf("verdict %d: %+v, want property %q undecided", i, v, props[i].Name)
				}
			}
		})
	}
	p, _ := properties.Lookup("sharepoint-change-reaches-exchange")
	res := Explore(Config{Rules: model.Observed(), Props: []*properties.Property{p},
		Alphabet: []model.Action{{Kind: model.Change, Source: model.FromMySite}}})
	if res.Err != nil || !res.Complete {
		t.Errorf("a valid property: err=%v complete=%v", res.Err, res.Complete)
	}
}
