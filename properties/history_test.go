package properties_test

import (
	"flag"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"photosync/model"
	"photosync/properties"
)

// The model keeps, for the properties of SPEC §4, facts about the past
// (model.History) and clocks the rules never read (ClockPrevImport,
// ClockAnyChange, ClockSettled), and the properties read ClockExchange and
// ClockImport too. A property is only as right as that bookkeeping, so
// TestHistoryRecomputed proves each of them against a brute-force
// recomputation from the trace of a run: the actions, the states before and
// after each step, what each view showed, the step's effects and the
// instant of each timer firing. Every definition below is written from the
// SPEC's words, not from model code, and names the property it serves.

// event is one transition of a run: an action the run took, or a timer
// firing of model.Advance (Action.Kind model.Tick).
type event struct {
	at      time.Duration
	action  model.Action
	before  model.State // the state at the instant, before the step
	after   model.State
	shown   model.Photo
	effects model.Effects
	refused bool // a refused change (SPEC §6.1)
}

// trace is a run from model.Initial.
type trace struct {
	rules  *model.Rules
	events []event
}

// isChange: "a change of any kind" (all-surfaces-agree-when-quiet): every
// `change SOURCE` but a refused one (§6.1: "nothing else happens"), and a
// DirSync run that copies AD's photo to Exchange, which R3 makes a change
// of Exchange "as in R2". No other step changes Exchange's photo, so the
// second half reads: Exchange took a new photo.
func (e *event) isChange() bool {
	return (e.action.Kind == model.Change && !e.refused) || e.exchangeChanged()
}

// refused is SPEC §6.1's refused change, "a change through a source the
// rule set disables": set-userphoto when setUserPhoto is retired (R16),
// every source but active-directory and yammer when photo.source is
// on-premises (R17), yammer when yammer.editable is false (R21), every
// change by the subject when photo.userEdits is admins-only (§6.5). The
// knobs are looked up by name: without the eras' knobs no change is refused.
func refused(r *model.Rules, a model.Action) bool {
	if a.Kind != model.Change {
		return false
	}
	knob := func(name string) string {
		k, err := model.LookupKnob(name)
		if err != nil {
			return ""
		}
		return k.Get(*r)
	}
	src := a.Source.String()
	return (src == "set-userphoto" && knob("setUserPhoto") == "retired") ||
		(src != "active-directory" && src != "yammer" && knob("photo.source") == "on-premises") ||
		(src == "yammer" && knob("yammer.editable") == "false") ||
		(knob("photo.userEdits") == "admins-only" && slices.Contains([]string{"sharepoint-mysite",
			"outlook-client", "outlook-online", "lync-client", "teams-client", "yammer"}, src))
}

// exchangeChanged: Exchange took a new photo in this step ("Exchange's last
// change", outlook-online-converges, lync-converges, yammer-agrees;
// "while Exchange held it", every-change-reaches-sharepoint).
func (e *event) exchangeChanged() bool { return e.after.Exchange != e.before.Exchange }

// isVisit: R7's visits: the subject's view of sharepoint-mysite, the action
// visit, a change via sharepoint-mysite (unless refused: §6.1, "it is not a
// visit") and edit-cancel.
func (e *event) isVisit() bool {
	a := e.action
	switch a.Kind {
	case model.Visit, model.EditCancel:
		return true
	case model.Change:
		return a.Source == model.FromMySite && !e.refused
	case model.View:
		return a.Surface == model.SharePointMySite && a.Viewer == model.Subject
	}
	return false
}

// qualifying: R7's qualifying visit, "a visit made while SharePoint lacks
// Exchange's photo". SharePoint's photo is the large rendition, the one My
// Site shows. A view shows first and visits after (R6), and edit-cancel
// visits before it imports (R9): both visit in the state before the step.
// A My Site change visits after its write (R1): Exchange holds the new photo
// then, and SharePoint its old one, or, with mysite.writesExchange false,
// SharePoint the new photo and Exchange its old one.
func (e *event) qualifying(r *model.Rules) bool {
	if !e.isVisit() {
		return false
	}
	if e.action.Kind == model.Change {
		sp, ex := e.before.SharePoint[model.Large], e.after.Exchange
		if !r.MySiteWritesExchange {
			sp, ex = model.V(int(e.after.Made)), e.before.Exchange
		}
		return sp != ex
	}
	return e.before.SharePoint[model.Large] != e.before.Exchange
}

// isImport: SharePoint imported Exchange's photo (R8), or an edit-cancel
// did (R9, "it counts as an import"). An edit-cancel may import the photo
// SharePoint already holds, which no store shows, so the step's
// EffectImport is the record; checkEffects proves it against what the
// stores show.
func (e *event) isImport() bool { return e.effects.Has(model.EffectImport) }

// last returns the index of the last event satisfying f, or -1.
func (tr *trace) last(f func(*event) bool) int {
	for i := len(tr.events) - 1; i >= 0; i-- {
		if f(&tr.events[i]) {
			return i
		}
	}
	return -1
}

// instants returns the instants of the events satisfying f, in order.
func (tr *trace) instants(f func(*event) bool) []time.Duration {
	var out []time.Duration
	for i := range tr.events {
		if f(&tr.events[i]) {
			out = append(out, tr.events[i].at)
		}
	}
	return out
}

// any reports whether an event from index i on satisfies f.
func (tr *trace) any(from int, f func(*event) bool) bool {
	for i := max(from, 0); i < len(tr.events); i++ {
		if f(&tr.events[i]) {
			return true
		}
	}
	return false
}

// viewerBits returns the viewers (bit v-1) for which f holds.
func viewerBits(viewers int, f func(model.Viewer) bool) uint8 {
	var b uint8
	for _, v := range model.Viewers(viewers) {
		if f(v) {
			b |= 1 << (v - 1)
		}
	}
	return b
}

// history recomputes model.History from the trace alone.
func (tr *trace) history(viewers int) model.History {
	r := tr.rules
	var h model.History
	qualifying := func(e *event) bool { return e.qualifying(r) }

	// QualifiedSinceImport, for sharepoint-stale-only-within-window-or-without-visit
	// ("no qualifying visit (R7) has been made since the last import"): a
	// qualifying visit in a step after the last import's. A step that imports
	// and visits (edit-cancel, a My Site change) visits first (R1, R9), so its
	// visit is before its import.
	h.QualifiedSinceImport = tr.any(tr.last((*event).isImport)+1, qualifying)

	// QualifiedWhileHeld, for every-change-reaches-sharepoint ("a qualifying
	// visit was made while Exchange held it"): a qualifying visit in the step
	// in which Exchange took its current photo (a My Site change visits after
	// its write, R1) or later; since the start if Exchange never changed.
	lastEx := tr.last((*event).exchangeChanged)
	h.QualifiedWhileHeld = tr.any(lastEx, qualifying)

	// SharePointHeld, for every-change-reaches-sharepoint ("no photo leaves
	// Exchange unseen by SharePoint"): SharePoint held Exchange's current
	// photo at some instant since Exchange took it: at the start (before any
	// change, where every store holds v0) or after some step from then on.
	held := func(e *event) bool { return e.after.SharePoint[model.Large] == e.after.Exchange }
	start := model.Initial()
	h.SharePointHeld = (lastEx < 0 && start.SharePoint[model.Large] == start.Exchange) || tr.any(lastEx, held)

	// VisitedSinceChange, for all-surfaces-agree-when-quiet ("once the
	// subject has visited", after the last change of any kind): a visit in
	// the last change's step (a My Site change is a visit after its change,
	// R1) or later; any visit if nothing changed.
	lastChange := tr.last((*event).isChange)
	h.VisitedSinceChange = tr.any(lastChange, (*event).isVisit)

	// RestartedSinceChange and ClearedSinceChange, for
	// all-surfaces-agree-when-quiet ("the viewer has restarted Outlook and
	// cleared the browser cache", after the last change): the viewer's
	// restart-outlook or clear-browser-cache after the last change's step.
	did := func(k model.ActionKind, v model.Viewer) func(*event) bool {
		return func(e *event) bool { return e.action.Kind == k && e.action.Viewer == v }
	}
	h.RestartedSinceChange = viewerBits(viewers, func(v model.Viewer) bool {
		return tr.any(lastChange+1, did(model.RestartOutlook, v))
	})
	h.ClearedSinceChange = viewerBits(viewers, func(v model.Viewer) bool {
		return tr.any(lastChange+1, did(model.ClearBrowserCache, v))
	})

	// RestartedNotViewed, for outlook-client-fresh-after-restart ("the first
	// Outlook desktop view after a restart"): the viewer's last restart-outlook
	// comes after the viewer's last view of outlook-client, if any.
	h.RestartedNotViewed = viewerBits(viewers, func(v model.Viewer) bool {
		restart := tr.last(did(model.RestartOutlook, v))
		view := tr.last(func(e *event) bool {
			return e.action.Kind == model.View && e.action.Surface == model.OutlookClientSurface && e.action.Viewer == v
		})
		return restart >= 0 && restart > view
	})

	// RestartedTeams (§6's eras; looked up by name, so that the test builds
	// with and without them), for all-surfaces-agree-when-quiet as §6.4
	// extends it ("the viewer has restarted Teams", after the last change):
	// the viewer's restart-teams after the last change's step.
	if f := reflect.ValueOf(&h).Elem().FieldByName("RestartedTeams"); f.IsValid() {
		f.SetUint(uint64(viewerBits(viewers, func(v model.Viewer) bool {
			return tr.any(lastChange+1, func(e *event) bool {
				return e.action.Kind.String() == "restart-teams" && e.action.Viewer == v
			})
		})))
	}
	return h
}

// clockAt is a recomputed clock: whether it runs and since when.
type clockAt struct {
	running bool
	start   time.Duration
}

func lastOf(ts []time.Duration, back int) clockAt {
	if len(ts) < back {
		return clockAt{}
	}
	return clockAt{true, ts[len(ts)-back]}
}

// clocks recomputes, from the trace alone, the clocks the properties read
// (and R8's previous-exchange-change, which no property reads but which is
// as easy to state).
func (tr *trace) clocks() map[model.Clock]clockAt {
	out := map[model.Clock]clockAt{}
	exchange := tr.instants((*event).exchangeChanged)
	imports := tr.instants((*event).isImport)
	changes := tr.instants((*event).isChange)
	visits := tr.instants((*event).isVisit)

	// ClockExchange, for outlook-online-converges and lync-converges ("at
	// least 10 s after Exchange's last change") and yammer-agrees ("72 h
	// after Exchange's last change (or after the start)"): since Exchange's
	// last change, or since the start.
	out[model.ClockExchange] = clockAt{true, 0}
	if len(exchange) > 0 {
		out[model.ClockExchange] = lastOf(exchange, 1)
	}
	// ClockPrevExchange (R8 last-change; no property reads it): since the
	// Exchange change before the current photo's change.
	out[model.ClockPrevExchange] = lastOf(exchange, 2)
	// ClockImport, for sharepoint-stale-only-within-window-or-without-visit
	// ("the last import (edit-cancels included) lies less than 72 h back"):
	// since the last import.
	out[model.ClockImport] = lastOf(imports, 1)
	// ClockPrevImport, for sharepoint-imports-first-and-last ("at least 72 h
	// after the import before it (edit-cancels included)"), read right after
	// an import: since the import before the last one.
	out[model.ClockPrevImport] = lastOf(imports, 2)
	// ClockAnyChange, for all-surfaces-agree-when-quiet ("72 h after the
	// last change of any kind"): since the last change of any kind.
	out[model.ClockAnyChange] = lastOf(changes, 1)
	// ClockSettled, for sharepoint-follows-without-visit ("counted from the
	// later of its change and the My Site's creation"; My Site is created by
	// the first visit, R7): runs once My Site exists, since the later of the
	// first visit and Exchange's last change (the start if none).
	if len(visits) > 0 {
		from := visits[0]
		if len(exchange) > 0 {
			from = max(from, exchange[len(exchange)-1])
		}
		out[model.ClockSettled] = clockAt{true, from}
	}
	return out
}

// checkEffects proves the effects the recomputation relies on against what
// the stores show, so that the trace's record of imports is itself checked.
func checkEffects(rt *rapid.T, r *model.Rules, e *event) {
	sp, before := e.after.SharePoint, e.before.SharePoint
	spChanged := sp != before
	localWrite := e.action.Kind == model.Change && e.action.Source == model.FromMySite && !r.MySiteWritesExchange
	if e.isImport() && sp != [3]model.Photo{e.after.Exchange, e.after.Exchange, e.after.Exchange} {
		rt.Fatalf("at %s %s: an import, but SharePoint holds %v while Exchange holds %s",
			model.FormatDuration(e.at), e.action, sp, e.after.Exchange)
	}
	if spChanged && !e.isImport() && !localWrite {
		rt.Fatalf("at %s %s: SharePoint went from %v to %v without an import",
			model.FormatDuration(e.at), e.action, before, sp)
	}
	if e.action.Kind == model.EditCancel && !e.isImport() {
		rt.Fatalf("at %s edit-cancel: no import (R9 imports at once)", model.FormatDuration(e.at))
	}
	if e.exchangeChanged() != e.effects.Has(model.EffectExchangeChanged) {
		rt.Fatalf("at %s %s: Exchange %s -> %s but EffectExchangeChanged is %v", model.FormatDuration(e.at),
			e.action, e.before.Exchange, e.after.Exchange, e.effects.Has(model.EffectExchangeChanged))
	}
	if e.isChange() != e.effects.Has(model.EffectChange) {
		rt.Fatalf("at %s %s: a change of any kind is %v but EffectChange is %v", model.FormatDuration(e.at),
			e.action, e.isChange(), e.effects.Has(model.EffectChange))
	}
}

// checkHistory compares the state's bookkeeping with the recomputation.
// Each field fails at its own line, so that rapid shrinks to one of them.
func checkHistory(rt *rapid.T, tr *trace, s *model.State, viewers int) {
	want, got := tr.history(viewers), s.History
	if got != want {
		checkHistoryFields(rt, got, want, s)
	}
	checkClocks(rt, tr, s)
}

// checkHistoryFields fails on the first field that differs.
func checkHistoryFields(rt *rapid.T, got, want model.History, s *model.State) {
	if got.QualifiedSinceImport != want.QualifiedSinceImport {
		rt.Fatalf("QualifiedSinceImport = %v, recomputed %v\n%s", got.QualifiedSinceImport, want.QualifiedSinceImport, s)
	}
	if got.QualifiedWhileHeld != want.QualifiedWhileHeld {
		rt.Fatalf("QualifiedWhileHeld = %v, recomputed %v\n%s", got.QualifiedWhileHeld, want.QualifiedWhileHeld, s)
	}
	if got.SharePointHeld != want.SharePointHeld {
		rt.Fatalf("SharePointHeld = %v, recomputed %v\n%s", got.SharePointHeld, want.SharePointHeld, s)
	}
	if got.VisitedSinceChange != want.VisitedSinceChange {
		rt.Fatalf("VisitedSinceChange = %v, recomputed %v\n%s", got.VisitedSinceChange, want.VisitedSinceChange, s)
	}
	if got.RestartedSinceChange != want.RestartedSinceChange {
		rt.Fatalf("RestartedSinceChange = %02b, recomputed %02b\n%s", got.RestartedSinceChange, want.RestartedSinceChange, s)
	}
	if got.ClearedSinceChange != want.ClearedSinceChange {
		rt.Fatalf("ClearedSinceChange = %02b, recomputed %02b\n%s", got.ClearedSinceChange, want.ClearedSinceChange, s)
	}
	if got.RestartedNotViewed != want.RestartedNotViewed {
		rt.Fatalf("RestartedNotViewed = %02b, recomputed %02b\n%s", got.RestartedNotViewed, want.RestartedNotViewed, s)
	}
	// A field this test does not recompute: add its definition to history.
	rt.Fatalf("History %+v, recomputed %+v: a field differs that this test does not recompute\n%s", got, want, s)
}

// checkClocks compares the clocks the properties read with the
// recomputation.
func checkClocks(rt *rapid.T, tr *trace, s *model.State) {
	cs := tr.clocks()
	check := func(c model.Clock) string {
		w, running := cs[c], s.Running.Has(c)
		if running == w.running && (!running || s.Start[c] == w.start) {
			return ""
		}
		return fmt.Sprintf("clock %s: running %v since %s, recomputed running %v since %s\n%s", c, running,
			model.FormatDuration(s.Start[c]), w.running, model.FormatDuration(w.start), s)
	}
	if msg := check(model.ClockExchange); msg != "" {
		rt.Fatal(msg)
	}
	if msg := check(model.ClockPrevExchange); msg != "" {
		rt.Fatal(msg)
	}
	if msg := check(model.ClockImport); msg != "" {
		rt.Fatal(msg)
	}
	if msg := check(model.ClockPrevImport); msg != "" {
		rt.Fatal(msg)
	}
	if msg := check(model.ClockAnyChange); msg != "" {
		rt.Fatal(msg)
	}
	if msg := check(model.ClockSettled); msg != "" {
		rt.Fatal(msg)
	}
}

// knobValues are the values the random rule sets draw for each knob: the
// default first, then values that make the rules behave differently.
var knobValues = map[string][]string{
	"sharepoint.window":      {"72h", "0s", "1h", "24h"},
	"sharepoint.windowFrom":  {"last-import", "last-change"},
	"sharepoint.visit":       {"after-change", "once", "never"},
	"owa.cacheTTL":           {"10s", "0s", "30s"},
	"lync.cacheTTL":          {"10s", "0s", "30s"},
	"outlookClient.cacheTTL": {"until-restart", "0s", "1h"},
	"browser.cacheTTL":       {"until-cleared", "0s", "1h"},
	"lync.offlineHidesPhoto": {"true", "false"},
	"hover.source":           {"outlook-online", "sharepoint"},
	"picker.cacheBusting":    {"true", "false"},
	"mysite.writesExchange":  {"true", "false"},
	"sharepoint.visitQueues": {"true", "false"},
	"yammer.sync":            {"none", "from-exchange", "two-way"},
	"dirsync.thumbnails":     {"true", "false"},
	"dirsync.interval":       {"3h", "1h", "30m"},
	// §6.2's knobs, drawn once the model has them.
	"dirsync.once":          {"false", "true"},
	"dirsync.conflict":      {"ad-wins", "either", "latest-wins"},
	"setUserPhoto":          {"enabled", "retired"},
	"photo.source":          {"any", "cloud", "on-premises"},
	"sharepoint.trigger":    {"visit", "service"},
	"sharepoint.maxDelay":   {"24h", "1h"},
	"teams.serviceCacheTTL": {"3d", "0s", "1h"},
	"teams.clientCacheTTL":  {"60d", "0s", "1h"},
	"yammer.delay":          {"4h", "1h"},
	"yammer.editable":       {"true", "false"},
	"photo.userEdits":       {"allowed", "admins-only"},
}

// eraValues are values of §6.2 for knobs that exist before §6: drawn once
// the knob takes them.
var eraValues = map[string][]string{"yammer.sync": {"on-use"}}

// valuesOf returns the values to draw for knob k: knobValues' (and
// eraValues' that the knob takes), or for a knob added since, the words of
// its Values list ("a, b or c"). Every value of knobValues must be one the
// knob takes.
func valuesOf(k model.Knob) ([]string, bool) {
	if vs, ok := knobValues[k.Name]; ok {
		vs = slices.Clone(vs)
		for _, v := range vs {
			r := model.Observed()
			if r.Set(k.Name, v) != nil {
				return nil, false
			}
		}
		for _, v := range eraValues[k.Name] {
			r := model.Observed()
			if r.Set(k.Name, v) == nil {
				vs = append(vs, v)
			}
		}
		return vs, true
	}
	words := strings.FieldsFunc(strings.ReplaceAll(k.Values, " or ", ","), func(r rune) bool { return r == ',' })
	var out []string
	for _, w := range words {
		w = strings.TrimSpace(w)
		r := model.Observed()
		if strings.Contains(w, " ") || r.Set(k.Name, w) != nil {
			return nil, false
		}
		out = append(out, w)
	}
	return out, len(out) > 1
}

// randomRules draws a value for every knob.
func randomRules(rt *rapid.T) model.Rules {
	r := model.Observed()
	r.Name, r.Base = "random", "observed"
	for _, k := range model.Knobs() {
		vs, ok := valuesOf(k)
		if !ok {
			rt.Fatalf("knob %s: no values to draw, or one it does not take: fix knobValues", k.Name)
		}
		v := rapid.SampledFrom(vs).Draw(rt, k.Name)
		if err := r.Set(k.Name, v); err != nil {
			rt.Fatal(err)
		}
	}
	return r
}

// coverage counts, over every check of the test, how often each field of
// the bookkeeping was set, so that the test shows it compared something.
type coverage map[string]int

func (c coverage) note(s *model.State) {
	h := s.History
	for name, on := range map[string]bool{
		"QualifiedSinceImport": h.QualifiedSinceImport, "QualifiedWhileHeld": h.QualifiedWhileHeld,
		"!SharePointHeld": !h.SharePointHeld, "VisitedSinceChange": h.VisitedSinceChange,
		"RestartedSinceChange": h.RestartedSinceChange != 0, "ClearedSinceChange": h.ClearedSinceChange != 0,
		"RestartedNotViewed": h.RestartedNotViewed != 0,
	} {
		if on {
			c[name]++
		}
	}
	for _, k := range []model.Clock{model.ClockPrevExchange, model.ClockImport, model.ClockPrevImport,
		model.ClockAnyChange, model.ClockSettled} {
		if s.Running.Has(k) {
			c[k.String()]++
		}
	}
}

// historyRun drives one concrete run under r: each step either lets time
// pass to one of properties.Deadlines (model.Advance, firing the timers) or
// takes an action of model.Actions (model.Advance to now, then model.Step
// and one drawn outcome), and after each the bookkeeping is recomputed from
// the trace and compared.
func historyRun(rt *rapid.T, r *model.Rules, viewers int, cov coverage) {
	tr := &trace{rules: r}
	s := model.Initial()
	all := model.Actions(viewers)
	var changes []model.Action
	for _, a := range all {
		if a.Kind == model.Change {
			changes = append(changes, a)
		}
	}
	record := func(e event) {
		e.refused = refused(r, e.action)
		checkEffects(rt, r, &e)
		tr.events = append(tr.events, e)
	}
	advance := func(to time.Duration) {
		var fired []model.Next
		prev := s
		s, fired = model.Advance(r, s, to)
		for _, n := range fired {
			before := prev
			before.Now = n.State.Now
			record(event{at: n.State.Now, action: model.Action{Kind: model.Tick}, before: before, after: n.State,
				shown: n.Shown, effects: n.Effects})
			rt.Logf("# at %s timers fired (effects %010b)", model.FormatDuration(n.State.Now), n.Effects)
			prev = n.State
		}
	}
	act := func(rt *rapid.T, from []model.Action, label string) {
		a := rapid.SampledFrom(from).Draw(rt, label)
		advance(s.Now) // the timers due now fire first
		outs := model.Step(r, s, a)
		if len(outs) == 0 {
			rt.Fatalf("at %s %s: no outcome", model.FormatDuration(s.Now), a)
		}
		n := outs[rapid.IntRange(0, len(outs)-1).Draw(rt, "outcome")]
		record(event{at: s.Now, action: a, before: s, after: n.State, shown: n.Shown, effects: n.Effects})
		if a.Kind == model.View {
			rt.Logf("at %s observe %s %s %s", model.FormatDuration(s.Now), a.Surface, a.Viewer, n.Shown)
		} else {
			rt.Logf("at %s %s", model.FormatDuration(s.Now), a)
		}
		s = n.State
	}
	rt.Repeat(map[string]func(*rapid.T){
		"": func(rt *rapid.T) {
			checkHistory(rt, tr, &s, viewers)
			if cov != nil {
				cov.note(&s)
			}
		},
		"action": func(rt *rapid.T) { act(rt, all, "action") },
		"change": func(rt *rapid.T) { act(rt, changes, "change") },
		"wait": func(rt *rapid.T) {
			ds := properties.Deadlines(r, &s)
			advance(ds[rapid.IntRange(0, len(ds)-1).Draw(rt, "wait")])
		},
	})
}

// TestHistoryRecomputed: under every named rule set (observed, documented,
// ideal, and §6's eras where the model has them) and rule sets with every
// knob drawn at random, after every step of a random concrete
// run, each field of model.History and each clock the properties read
// equals its recomputation from the trace by the SPEC's words; and, with a
// full budget, every field and clock was set somewhere, so the comparison
// was not vacuous.
func TestHistoryRecomputed(t *testing.T) {
	cov := coverage{}
	for _, name := range append(model.NamedRuleSets(), "random") {
		t.Run(name, func(t *testing.T) {
			if name == "random" {
				rapid.Check(t, func(rt *rapid.T) {
					r := randomRules(rt)
					for _, kv := range model.Changed(model.Observed(), r) {
						rt.Logf("set %s %s", kv[0], kv[1])
					}
					historyRun(rt, &r, 3, cov)
				})
				return
			}
			r, err := model.Named(name)
			if err != nil {
				t.Fatal(err)
			}
			rapid.Check(t, func(rt *rapid.T) { historyRun(rt, &r, 2, cov) })
		})
	}
	if checks, _ := strconv.Atoi(flag.Lookup("rapid.checks").Value.String()); checks < 100 || testing.Short() || t.Failed() {
		return
	}
	var missing []string
	for _, name := range []string{"QualifiedSinceImport", "QualifiedWhileHeld", "!SharePointHeld", "VisitedSinceChange",
		"RestartedSinceChange", "ClearedSinceChange", "RestartedNotViewed", model.ClockPrevExchange.String(),
		model.ClockImport.String(), model.ClockPrevImport.String(), model.ClockAnyChange.String(), model.ClockSettled.String()} {
		if cov[name] == 0 {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("no run set %s: the recomputation compared nothing there", strings.Join(missing, ", "))
	}
	t.Logf("states with each field set: %v", map[string]int(cov))
}
