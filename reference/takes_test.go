package reference

import (
	"testing"

	"photosync/properties"
	"photosync/scenario"
)

// Does the take at the late end of a quiet interval (engine/branch.go,
// takeNow after the interval's quiet end) ever matter? Not to a view:
// between two events nothing but the take changes the state, and the only
// thing a take's instant writes is R8's import clock, which no rule reads
// under sharepoint.trigger service (R18), so a take early or late in one
// interval leaves states that every later view treats alike. The reference
// tries every slot and one instant between each two events (doc.go), and
// TestDifferential with the late take removed finds no view that differs
// (4,000 more cases under service and on-use, by hand, for issue 14).
//
// It matters to a Monitor: the instant of a take is the instant of an
// import, which sharepoint-imports-first-and-last compares with 72 h. So
// it is pinned here, with a violates line judged by the property catalog:
// a verdict over every possible run must count the runs whose take comes
// late in the interval.

// judgeLine runs text with the property catalog and returns the outcome of
// its violates line (the first outcome).
func judgeLine(t *testing.T, text string) scenario.Outcome {
	t.Helper()
	sc, r := parse(t, text)
	res, err := scenario.Run(sc, r, scenario.Options{Judge: properties.NewJudge(properties.Catalog(), 2), Viewers: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range res.Outcomes[1:] {
		if o.Status != scenario.Held {
			t.Fatalf("line %d: %s", o.Line, o)
		}
	}
	return res.Outcomes[0]
}

// TestLateTakeBeforeAction: under modern an edit-cancel imports at 0s and a
// change at 60h starts R18's span (deadline 84h); at 80h SharePoint shows
// v1, so the take happened in [60h, 80h]. A take at or after 72h is 72 h
// after the edit-cancel's import, so sharepoint-imports-first-and-last
// holds in those runs: not every run violates it. Without the take at the
// interval's late end (right before the 80h observe), only the take at 60h
// is left and the violates line would hold.
func TestLateTakeBeforeAction(t *testing.T) {
	o := judgeLine(t, `rules modern
violates sharepoint-imports-first-and-last
at 0s   edit-cancel
at 60h  change outlook-online
at 80h  observe sharepoint-people-picker observer v1
`)
	if want := "violates sharepoint-imports-first-and-last: not violated (in 1 of 2 possible runs it holds)"; o.Status != scenario.Failed || o.Check+": "+o.Message != want {
		t.Errorf("got %s\nwant t.scenario:2: %s", o, want)
	}
}

// TestLateTakeBeforeTimer is the same with the quiet interval closed by a
// timer: DirSync's run at 80h copies AD's v2, and at 80h Exchange shows v2
// while SharePoint shows v1, so the take happened in [60h, 80h), before
// the run; a take at 75h is 72 h after the import at 0s. The engine tries a
// take right after each event and right before an action, but not right
// before a timer (engine/branch.go: branch), so it misses those runs and
// says every run violates the property.
func TestLateTakeBeforeTimer(t *testing.T) {
	o := judgeLine(t, `rules modern
set dirsync.interval 80h
violates sharepoint-imports-first-and-last
at 0s   edit-cancel
at 60h  change outlook-online                       # v1
at 61h  change active-directory                     # v2, for DirSync's run at 80h
at 80h  observe outlook-online-contact-card observer v2
at 80h  observe sharepoint-people-picker observer v1
`)
	if o.Status != scenario.Failed {
		t.Errorf("got %s, want the violates line not to hold", o)
	}
}

// TestTakeBeforeTimersUnseen: a take right before the timers due at its
// instant happens in a state nobody sees at that instant (it belongs to
// the timers, model.TimersDue), so the monitors do not judge it. Under
// modern a change at 0s starts R18's span, due at 24h: in the state right
// before the deadline's take SharePoint lacks the photo Exchange has held
// for 24 h. Judged, the run whose take comes right before the deadline
// would be a third run, violating sharepoint-follows-within-a-day; every
// run takes by 24h, so none does.
func TestTakeBeforeTimersUnseen(t *testing.T) {
	o := judgeLine(t, `rules modern
violates sharepoint-follows-within-a-day
at 0s   change outlook-online
at 25h  view sharepoint-people-picker observer
`)
	if want := "violates sharepoint-follows-within-a-day: not violated (in 2 of 2 possible runs it holds)"; o.Check+": "+o.Message != want {
		t.Errorf("got %s\nwant t.scenario:2: %s", o, want)
	}
}
