package infer

import (
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"

	"photosync/engine"
	"photosync/model"
	"photosync/scenario"
)

// long runs the measurements of the diagnosis (TestDrive…Measure).
var long = flag.Bool("long", false, "drive whole diagnoses and print each round's figures")

var pickLast = flag.Bool("last", false, "drive: the tenant shows the last photo it can, not the first")
var maxRounds = flag.Int("rounds", 40, "drive: at most this many rounds")

// round is one round of a diagnosis driven against a hidden tenant (drive):
// the log it started from, what infer answered, and how long each part
// took.
type round struct {
	log   string
	sum   Summary
	next  *Next
	err   error         // why there is no next experiment
	time  time.Duration // NewRound: the run of the log and the next experiment
	shown model.Photo   // the photo the tenant showed at the experiment's last view
}

// drive diagnoses a hidden tenant round by round, as a person at
// photosync infer (or the web page's outcome buttons) does: run the log
// over space sp and ask for the next experiment, as `photosync infer`
// does (NewRound); do the experiment in the tenant (run its steps under the tenant's
// rules from the states the log leaves) and take the first photo, in photo
// order, that its last view can show there; append the experiment's lines
// with that observe line (Next.Observed) and go round again, until fewer
// than two candidates fit, infer finds no next experiment, or maxRounds
// rounds have run. The tenant need not be a candidate of the space (issue
// 18's is modern with two knobs changed, outside the default space). It returns every round; the last has no next
// experiment unless maxRounds stopped it.
func drive(t testing.TB, sp Space, tenant model.Rules, start string, maxRounds int) []round {
	t.Helper()
	log := start
	var rounds []round
	for len(rounds) < maxRounds {
		sc, err := scenario.Parse("tenant.log", []byte(log))
		if err != nil {
			t.Fatalf("round %d: %v\n%s", len(rounds)+1, err, log)
		}
		rd := round{log: log}
		begin := time.Now()
		r, err := NewRound(sp, []*scenario.Scenario{sc}, RoundOptions{})
		rd.time = time.Since(begin)
		if err != nil {
			t.Fatalf("round %d: %v", len(rounds)+1, err)
		}
		rd.sum, rd.next, rd.err = r.Summary, r.Next, r.NextErr
		if rd.sum.Fitting == 0 {
			t.Fatalf("round %d: no candidate fits the tenant's log:\n%s", len(rounds)+1, log)
		}
		if rd.next == nil {
			return append(rounds, rd)
		}
		rd.shown = tenantShows(t, tenant, sc, rd.next)
		rounds = append(rounds, rd)
		if testing.Verbose() {
			t.Logf("%s", roundsText(rounds)[strings.LastIndex(strings.TrimSuffix(roundsText(rounds), "\n"), "\n")+1:])
		}
		log += rd.next.Observed(rd.shown)
	}
	return rounds
}

// tenantShows runs the log and then the experiment's steps under the
// tenant's rules, and returns the first photo, in photo order, that the
// experiment's last view can show there.
func tenantShows(t testing.TB, tenant model.Rules, sc *scenario.Scenario, next *Next) model.Photo {
	t.Helper()
	set := engine.New(&tenant, engine.Options{Forget: true})
	for _, l := range sc.Lines {
		d, ok := l.Directive.(scenario.At)
		if !ok {
			continue
		}
		outs := set.Apply(d.Time, d.Action, nil)
		if held, shown := scenario.Conclude(set, d, outs); !held {
			t.Fatalf("%s:%d: the tenant cannot show this (it can show %s)", sc.File, l.Num, scenario.JoinPhotos(shown))
		}
	}
	var shown []model.Photo
	for _, m := range next.Moves {
		outs := set.Apply(m.At, m.Action, nil)
		shown = outs.Shown()
		set.Commit(outs, nil)
	}
	if err := set.Err(); err != nil {
		t.Fatal(err)
	}
	if len(shown) == 0 {
		t.Fatalf("the experiment's last view shows nothing under the tenant:\n%s", next.Observed(model.NoPhoto))
	}
	if *pickLast {
		return shown[len(shown)-1]
	}
	return shown[0]
}

// tenantRules returns a named rule set with some knobs set.
func tenantRules(t testing.TB, name string, set ...string) model.Rules {
	t.Helper()
	r, err := model.Named(name)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(set); i += 2 {
		if err := r.Set(set[i], set[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// roundsText writes one line per round: its log's length, the fitting
// candidates, how long Run and Next took, and the experiment.
func roundsText(rounds []round) string {
	var b strings.Builder
	for i, rd := range rounds {
		lines := strings.Count(rd.log, "\n")
		fmt.Fprintf(&b, "round %2d: %3d lines, %7d fitting (%d kinds), %6.2fs", i+1, lines, rd.sum.Fitting, rd.sum.Kinds, rd.time.Seconds())
		switch {
		case rd.next != nil:
			fmt.Fprintf(&b, ", %d steps, worst %d, saw %s\n", rd.next.Steps, rd.next.Worst, rd.shown)
		case rd.err != nil:
			fmt.Fprintf(&b, ": %v\n", rd.err)
		default:
			b.WriteString("\n")
		}
	}
	return b.String()
}

// TestDriveIssue18Measure drives issue 18's tenant and prints each round;
// a measurement, not a check (run it with -run and -v).
func TestDriveIssue18Measure(t *testing.T) {
	if testing.Short() || !*long {
		t.Skip("a measurement: -long")
	}
	tenant := tenantRules(t, "modern", "photo.source", "cloud", "picker.cacheBusting", "false")
	rounds := drive(t, Default(), tenant, "", *maxRounds)
	t.Logf("\n%s", roundsText(rounds))
	last := rounds[len(rounds)-1]
	log := last.log
	if last.next != nil {
		log += last.next.Observed(last.shown)
	}
	t.Logf("log:\n%s", log)
}
