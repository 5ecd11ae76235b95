package scenario

import (
	"fmt"
	"time"

	"photosync/engine"
	"photosync/model"
)

// fakeJudge is a small stand-in for the property catalog: a few properties
// written plainly, enough to test violates lines and the masks the runner
// carries. Two have SPEC §4 names and meanings (simplified); the others are
// for tests only.
type fakeJudge struct {
	props []fakeProperty
}

type fakeProperty struct {
	name string
	step func(r *model.Rules, tr *model.Transition) bool
	wait func(r *model.Rules, s *model.State, until time.Duration) bool
}

func testJudge() *fakeJudge {
	return &fakeJudge{props: []fakeProperty{
		{name: "sharepoint-change-sticks", // a change made on My Site is SharePoint's photo right after it
			step: func(r *model.Rules, tr *model.Transition) bool {
				return tr.Action == model.Action{Kind: model.Change, Source: model.FromMySite} &&
					tr.State.Rendition(model.Large) != model.V(int(tr.State.Made))
			}},
		{name: "lync-always-shows-a-photo", // no Lync view shows none
			step: func(r *model.Rules, tr *model.Transition) bool {
				return tr.Action.Kind == model.View && tr.Action.Surface == model.LyncClientSurface && tr.Shown == model.NoPhoto
			}},
		{name: "test-cache-hit", // no view shows a cached photo
			step: func(r *model.Rules, tr *model.Transition) bool { return tr.Effects.Has(model.EffectCacheHit) }},
		{name: "test-cache-lingers", // while nothing happens, no Outlook on the web cache holds a photo
			wait: func(r *model.Rules, s *model.State, until time.Duration) bool {
				for v := range model.MaxViewers {
					if until > s.Now && s.Cache[v][model.CacheOutlookOnline] != model.NoPhoto {
						return true
					}
				}
				return false
			}},
		{name: "test-stale-72h", // SharePoint lacks Exchange's photo 72 h after Exchange took it
			step: func(r *model.Rules, tr *model.Transition) bool {
				return stale(&tr.Before, tr.Before.Now) || stale(&tr.State, tr.State.Now)
			},
			wait: func(r *model.Rules, s *model.State, until time.Duration) bool {
				return until > s.Now && stale(s, until-1)
			}},
	}}
}

// stale reports whether at instant at SharePoint has lacked Exchange's
// photo for 72 h, the state being s all along.
func stale(s *model.State, at time.Duration) bool {
	return s.Rendition(model.Large) != s.Exchange && s.Running.Has(model.ClockExchange) &&
		at-s.Start[model.ClockExchange] >= 72*time.Hour
}

func (j *fakeJudge) Transition(r *model.Rules, tr *model.Transition, found func(engine.Finding)) {
	for i, p := range j.props {
		if p.step != nil && p.step(r, tr) {
			found(engine.Finding{Property: i, At: tr.State.Now})
		}
	}
}

func (j *fakeJudge) Quiet(r *model.Rules, s *model.State, until time.Duration, found func(engine.Finding)) {
	for i, p := range j.props {
		if p.wait != nil && p.wait(r, s, until) {
			found(engine.Finding{Property: i, At: s.Now})
		}
	}
}

// stepMask and waitMask are a Judge's verdicts as masks, for the
// reference runner.
func stepMask(j Judge, r *model.Rules, tr model.Transition) uint64 {
	var mask uint64
	j.Transition(r, &tr, func(f engine.Finding) { mask |= 1 << f.Property })
	return mask
}

func waitMask(j Judge, r *model.Rules, s model.State, until time.Duration) uint64 {
	var mask uint64
	j.Quiet(r, &s, until, func(f engine.Finding) { mask |= 1 << f.Property })
	return mask
}

func (j *fakeJudge) Index(name string) (int, bool) {
	for i, p := range j.props {
		if p.name == name {
			return i, true
		}
	}
	return 0, false
}

func (j *fakeJudge) Names() []string {
	var out []string
	for _, p := range j.props {
		out = append(out, p.name)
	}
	return out
}

// recorder is a Judge that writes down how the runner calls it, one line
// per call, and violates nothing.
type recorder struct{ calls []string }

func (j *recorder) Transition(r *model.Rules, tr *model.Transition, found func(engine.Finding)) {
	j.calls = append(j.calls, fmt.Sprintf("step %s at %s (before at %s) shows %s",
		tr.Action, model.FormatDuration(tr.State.Now), model.FormatDuration(tr.Before.Now), tr.Shown))
}

func (j *recorder) Quiet(r *model.Rules, s *model.State, until time.Duration, found func(engine.Finding)) {
	j.calls = append(j.calls, fmt.Sprintf("wait %s to %s", model.FormatDuration(s.Now), model.FormatDuration(until)))
}

func (j *recorder) Index(name string) (int, bool) { return 0, name == "anything" }
func (j *recorder) Names() []string               { return []string{"anything"} }
