package explore

import (
	"slices"
	"testing"

	"photosync/model"
	"photosync/model/modeltest"
	"photosync/properties"
)

// TestProjectionsAreExact checks the reductions of the package doc against
// the model itself: for each property, under observed, ideal and the rule
// set that breaks it, the projected exploration and the unprojected one
// (every viewer, surface, store and clock, the rules unsimplified) agree on
// whether it holds and on the length of the shortest counterexample. The
// model is made small enough to explore whole by a smaller alphabet: the
// changes through Exchange, My Site and Yammer, the visits, Lync's sign-in
// and out, the observer's restart and clear, and the observer's views of
// the property's surfaces; DirSync is off, as no AD change is in the
// alphabet, and so are Teams' caches.
func TestProjectionsAreExact(t *testing.T) {
	if testing.Short() {
		t.Skip("explores the whole model")
	}
	base := []model.Action{{Kind: model.Change, Source: model.FromOutlookOnline},
		{Kind: model.Change, Source: model.FromMySite}, {Kind: model.Change, Source: model.FromYammer},
		{Kind: model.Visit}, {Kind: model.EditCancel}, {Kind: model.LyncSignOut}, {Kind: model.LyncSignIn},
		{Kind: model.RestartOutlook, Viewer: model.Observer}, {Kind: model.ClearBrowserCache, Viewer: model.Observer}}
	for _, p := range properties.Catalog() {
		alphabet := append([]model.Action(nil), base...)
		for _, s := range p.Reads {
			alphabet = append(alphabet, model.Action{Kind: model.View, Surface: s, Viewer: model.Observer})
		}
		for _, r := range []model.Rules{model.Observed(), model.Ideal(), modeltest.Breaking(p.Name)} {
			t.Run(p.Name+"/"+r.Name, func(t *testing.T) {
				r.DirSyncInterval = 0
				// Teams' caches of 3 and 60 days next to the 10 s ones make
				// the whole model too large here; without them Teams shows
				// Exchange's photo, a surface like the others.
				r.TeamsServiceCacheTTL, r.TeamsClientCacheTTL = 0, 0
				cfg := Config{Rules: r, Alphabet: alphabet, Props: []*properties.Property{p}, MaxStates: 60_000}
				proj := Explore(cfg)
				if !proj.Complete {
					t.Skipf("the projection is larger than %d states here", cfg.MaxStates)
				}
				cfg.Unprojected, cfg.MaxStates = true, 60_000
				whole := Explore(cfg)
				if !whole.Complete {
					t.Skipf("the whole model is larger than %d states here", cfg.MaxStates)
				}
				pv, wv := proj.Verdicts[0], whole.Verdicts[0]
				if pv.Err != nil || wv.Err != nil {
					t.Fatalf("counterexamples do not confirm: projected %v, whole %v", pv.Err, wv.Err)
				}
				if !proj.Complete || pv.Verdict.Held() != wv.Verdict.Held() {
					t.Fatalf("projected: holds %v (complete %v); whole model: holds %v", pv.Verdict.Held(), proj.Complete, wv.Verdict.Held())
				}
				if !pv.Verdict.Held() && actions(pv.Example) != actions(wv.Example) {
					t.Errorf("shortest counterexample: %d actions projected, %d in the whole model",
						actions(pv.Example), actions(wv.Example))
				}
			})
		}
	}
}

// actions counts a counterexample's actions, timers left out.
func actions(ex *Counterexample) int {
	n := 0
	for _, s := range ex.Events {
		if s.Action.Kind != model.Tick {
			n++
		}
	}
	return n
}

// TestOnPremisesKeepsDirSync pins the projections under photo.source
// on-premises (R17): every direct change is refused, so DirSync is
// Exchange's only way to change and no group may drop it, even one that
// does not read Active Directory. Each goal below is violated only by a
// change of AD that DirSync carries to Exchange; a projection that dropped
// DirSync would find them holding.
func TestOnPremisesKeepsDirSync(t *testing.T) {
	r := rulesWith(t, "on-premises", "photo.source", "on-premises")
	var props []*properties.Property
	for _, name := range []string{"every-change-reaches-sharepoint", "sharepoint-follows-within-a-day",
		"sharepoint-follows-without-visit", "teams-fresh-within-a-day"} {
		p, ok := properties.Lookup(name)
		if !ok {
			t.Fatalf("no property %s", name)
		}
		props = append(props, p)
	}
	res := Explore(Config{Rules: r, Props: props, MaxStates: 200_000})
	if !res.Complete {
		t.Fatalf("not complete within %d states", 200_000)
	}
	for _, v := range res.Verdicts {
		switch {
		case v.Err != nil:
			t.Errorf("%s: the counterexample does not confirm: %v", v.Property.Name, v.Err)
		case v.Verdict.Held():
			t.Errorf("%s holds under photo.source on-premises: DirSync's copies were projected away", v.Property.Name)
		case !slices.ContainsFunc(v.Example.Events, func(e Event) bool {
			return e.Action.Kind == model.Change && e.Action.Source == model.FromActiveDirectory
		}):
			t.Errorf("%s: the counterexample changes no photo in AD", v.Property.Name)
		}
	}
}
