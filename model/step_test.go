package model

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func observed() *Rules { r := Observed(); return &r }

// only returns the single outcome of a deterministic step.
func only(t *testing.T, r *Rules, s State, a Action) Next {
	t.Helper()
	ns := Step(r, s, a)
	if len(ns) != 1 {
		t.Fatalf("%s: want 1 outcome, got %d: %v", a, len(ns), ns)
	}
	return ns[0]
}

func at(t *testing.T, r *Rules, s State, d time.Duration) State {
	t.Helper()
	s, _ = Advance(r, s, d)
	return s
}

func TestStepChangeOutlookOnlineWritesExchangeOnly(t *testing.T) { // R2, C2, C9
	r := observed()
	s := Initial()
	got := only(t, r, s, Action{Kind: Change, Source: FromOutlookOnline})
	want := s
	want.Made = 1
	want.Exchange = V(1)
	want.ExchangeChanged = true
	want.Running = want.Running.With(ClockAnyChange)
	want.History.SharePointHeld = false
	if diff := cmp.Diff(want, got.State); diff != "" {
		t.Errorf("state after change outlook-online (-want +got):\n%s", diff)
	}
	if !got.Effects.Has(EffectExchangeChanged | EffectChange) {
		t.Errorf("effects %b lack the Exchange change", got.Effects)
	}
}

func TestStepChangeMySiteImportsAtOnceWhenWindowOpen(t *testing.T) { // R1, C3
	r := observed()
	s := at(t, r, Initial(), time.Hour)
	got := only(t, r, s, Action{Kind: Change, Source: FromMySite})
	want := s
	want.Made = 1
	want.Exchange = V(1)
	want.SharePoint = [3]Photo{V(1), V(1), V(1)}
	want.ExchangeChanged, want.MySiteCreated = true, true
	for _, c := range []Clock{ClockAnyChange, ClockSettled, ClockImport} {
		want.Running = want.Running.With(c)
		want.Start[c] = time.Hour
	}
	want.Start[ClockExchange] = time.Hour
	want.History = History{VisitedSinceChange: true, SharePointHeld: true, QualifiedWhileHeld: true}
	if diff := cmp.Diff(want, got.State); diff != "" {
		t.Errorf("state after change sharepoint-mysite (-want +got):\n%s", diff)
	}
	if !got.Effects.Has(EffectImport | EffectVisit | EffectMySiteCreated) {
		t.Errorf("effects %b lack import, visit, creation", got.Effects)
	}
}

func TestSecondMySiteChangeWaitsForWindow(t *testing.T) { // R8, C8, C12, C15
	r := observed()
	s := only(t, r, Initial(), Action{Kind: Change, Source: FromMySite}).State
	s = at(t, r, s, time.Hour)
	s = only(t, r, s, Action{Kind: Change, Source: FromMySite}).State
	if s.Exchange != V(2) || s.SharePoint[Large] != V(1) || !s.VisitPending {
		t.Fatalf("second change: want Exchange v2, SharePoint v1, a visit pending; got %s", s)
	}
	before, fired := Advance(r, s, 72*time.Hour-time.Nanosecond)
	if before.SharePoint[Large] != V(1) {
		t.Errorf("just before 72h SharePoint shows %s, want v1", before.SharePoint[Large])
	}
	after, fired := Advance(r, s, 72*time.Hour)
	if after.SharePoint != [3]Photo{V(2), V(2), V(2)} {
		t.Errorf("at 72h SharePoint holds %v, want v2 everywhere", after.SharePoint)
	}
	imports := 0
	for _, n := range fired {
		if n.Effects.Has(EffectImport) {
			imports++
			if n.State.Now != 72*time.Hour {
				t.Errorf("import fired at %s, want exactly 72h", FormatDuration(n.State.Now))
			}
		}
	}
	if imports != 1 {
		t.Errorf("want one import by 72h, got %d", imports)
	}
}

func TestViewBranchesCachedOrFresh(t *testing.T) { // R5, C6
	r := observed()
	s := only(t, r, Initial(), Action{Kind: View, Surface: OutlookOnlineContactCard, Viewer: Observer}).State
	s = at(t, r, s, 2*time.Second)
	s = only(t, r, s, Action{Kind: Change, Source: FromOutlookOnline}).State
	s = at(t, r, s, 9*time.Second)
	ns := Step(r, s, Action{Kind: View, Surface: OutlookOnlineContactCard, Viewer: Observer})
	var shown []Photo
	for _, n := range ns {
		shown = append(shown, n.Shown)
	}
	if diff := cmp.Diff([]Photo{V(0), V(1)}, shown); diff != "" {
		t.Errorf("at 9s (-want +got):\n%s", diff)
	}
	s = at(t, r, s, 10*time.Second)
	if n := only(t, r, s, Action{Kind: View, Surface: OutlookOnlineContactCard, Viewer: Observer}); n.Shown != V(1) {
		t.Errorf("at 10s the cache has expired: want v1, got %s", n.Shown)
	}
}

func TestStepDoesNotChangeItsInput(t *testing.T) {
	r := observed()
	s := Initial()
	s.Cache[0][CacheOutlookOnline] = V(0)
	s.Running = s.Running.With(CacheClock(Subject, CacheOutlookOnline))
	copyS := s
	for _, a := range Actions(2) {
		Step(r, s, a)
		if s != copyS {
			t.Fatalf("%s changed its input", a)
		}
	}
}

func TestTickWithNothingDueHasNoOutcome(t *testing.T) {
	if ns := Step(observed(), Initial(), Action{Kind: Tick}); len(ns) != 0 {
		t.Errorf("tick at 0: want no outcome, got %v", ns)
	}
}

func TestDirSyncRunsAtMultiplesOfInterval(t *testing.T) { // R3, C17
	r := observed()
	s := at(t, r, Initial(), time.Hour)
	s = only(t, r, s, Action{Kind: Change, Source: FromActiveDirectory}).State
	if s.Exchange != V(0) || !s.ADChanged {
		t.Fatalf("after AD change: %s", s)
	}
	s2, _ := Advance(r, s, 3*time.Hour-time.Nanosecond)
	if s2.Exchange != V(0) {
		t.Errorf("DirSync ran before 3h")
	}
	s3, fired := Advance(r, s, 3*time.Hour)
	if s3.Exchange != V(1) || s3.ADChanged {
		t.Errorf("at 3h DirSync should have copied v1 to Exchange: %s", s3)
	}
	if len(fired) != 1 || !fired[0].Effects.Has(EffectDirSyncRun|EffectDirSyncCopy) {
		t.Errorf("want one run that copied, got %v", fired)
	}
	r.DirSyncThumbnails = false
	s4, _ := Advance(r, s, 3*time.Hour)
	if s4.Exchange != V(0) || s4.ADChanged {
		t.Errorf("without thumbnails DirSync runs but copies nothing: %s", s4)
	}
}
