package scenario

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"photosync/model"
)

func TestParse(t *testing.T) {
	text := "\ufeff# a scenario\r\n" +
		"rules documented   # C16\r\n" +
		"\r\n" +
		"set\towa.cacheTTL 30s\n" +
		"violates sharepoint-change-sticks\n" +
		"  at 0s   change outlook-online#v1\n" +
		"at 1d12h expect lync-client observer = v1|none|v0\n" +
		"at 1d12h observe yammer observer2 v0\n" +
		"at 2d restart-outlook subject\n" +
		"at 2d clear-browser-cache observer3\n" +
		"at 2d visit\n" +
		"at 2d edit-cancel\n" +
		"at 2d lync-signout\n" +
		"at 2d lync-signin\n" +
		"at 2d dirsync\n" +
		"at 2d view sharepoint-mysite subject   #\n" +
		"#"
	got, err := Parse("s.scenario", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	at := func(d time.Duration, a model.Action) At { return At{Time: d, Action: a} }
	view := func(s model.Surface, v model.Viewer) model.Action {
		return model.Action{Kind: model.View, Surface: s, Viewer: v}
	}
	want := &Scenario{File: "s.scenario", Lines: []Line{
		{Num: 1, Comment: "# a scenario"},
		{Num: 2, Directive: UseRules{Ref: "documented"}, Comment: "# C16"},
		{Num: 3},
		{Num: 4, Directive: SetKnob{Knob: "owa.cacheTTL", Value: "30s"}},
		{Num: 5, Directive: Violates{Property: "sharepoint-change-sticks"}},
		{Num: 6, Directive: at(0, model.Action{Kind: model.Change, Source: model.FromOutlookOnline}), Comment: "#v1"},
		{Num: 7, Directive: At{Time: 36 * time.Hour, Action: view(model.LyncClientSurface, model.Observer), Check: Expect,
			Photos: []model.Photo{model.NoPhoto, model.V(0), model.V(1)}}},
		{Num: 8, Directive: At{Time: 36 * time.Hour, Action: view(model.YammerSurface, 3), Check: Observe,
			Photos: []model.Photo{model.V(0)}}},
		{Num: 9, Directive: at(48*time.Hour, model.Action{Kind: model.RestartOutlook, Viewer: model.Subject})},
		{Num: 10, Directive: at(48*time.Hour, model.Action{Kind: model.ClearBrowserCache, Viewer: 4})},
		{Num: 11, Directive: at(48*time.Hour, model.Action{Kind: model.Visit})},
		{Num: 12, Directive: at(48*time.Hour, model.Action{Kind: model.EditCancel})},
		{Num: 13, Directive: at(48*time.Hour, model.Action{Kind: model.LyncSignOut})},
		{Num: 14, Directive: at(48*time.Hour, model.Action{Kind: model.LyncSignIn})},
		{Num: 15, Directive: at(48*time.Hour, model.Action{Kind: model.DirSync})},
		{Num: 16, Directive: at(48*time.Hour, view(model.SharePointMySite, model.Subject)), Comment: "#"},
		{Num: 17, Comment: "#"},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}
	wantText := `# a scenario
rules documented  # C16

set owa.cacheTTL 30s
violates sharepoint-change-sticks
at 0s change outlook-online  #v1
at 36h expect lync-client observer = none|v0|v1
at 36h observe yammer observer2 v0
at 48h restart-outlook subject
at 48h clear-browser-cache observer3
at 48h visit
at 48h edit-cancel
at 48h lync-signout
at 48h lync-signin
at 48h dirsync
at 48h view sharepoint-mysite subject  #
#
`
	if diff := cmp.Diff(wantText, got.Format()); diff != "" {
		t.Errorf("Format (-want +got):\n%s", diff)
	}
	checkRoundTrip(t, got)
}

// TestFormatAlignsComments checks that the trailing comments of consecutive
// lines line up, and that a line without one ends a block.
func TestFormatAlignsComments(t *testing.T) {
	text := "at 0s change outlook-online # v1\n" +
		"at 5s expect outlook-online-contact-card observer = v1 # fresh\n" +
		"at 1h visit\n" +
		"at 2h visit # again\n" +
		"at 3h expect yammer subject = v0 # Yammer\n"
	sc, err := Parse("s", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	want := `at 0s change outlook-online                             # v1
at 5s expect outlook-online-contact-card observer = v1  # fresh
at 1h visit
at 2h visit                       # again
at 3h expect yammer subject = v0  # Yammer
`
	if diff := cmp.Diff(want, sc.Format()); diff != "" {
		t.Errorf("Format (-want +got):\n%s", diff)
	}
}

func TestParseEmpty(t *testing.T) {
	for _, text := range []string{"", "\n\n", "# only a comment\n"} {
		sc, err := Parse("e", []byte(text))
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		checkRoundTrip(t, sc)
	}
}

// TestFormatDuration checks the exact duration format against the model's.
func TestFormatDuration(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"},
		{10 * time.Second, "10s"},
		{72 * time.Hour, "72h"},
		{95 * time.Hour, "95h"},
		{96 * time.Hour, "4d"},
		{1440 * time.Hour, "60d"},
		{100*time.Hour + time.Second, "4d4h1s"},
		{1440*time.Hour - 4*time.Second, "59d23h59m56s"},
		{90 * time.Minute, "1h30m"},
		{1500 * time.Millisecond, "1.5s"},
		{time.Nanosecond, "1ns"},
		{999 * time.Nanosecond, "999ns"},
		{1500 * time.Nanosecond, "1.5µs"},
		{999999 * time.Nanosecond, "999.999µs"},
		{time.Millisecond, "0.001s"},
		{250 * time.Millisecond, "0.25s"},
		{time.Second + time.Nanosecond, "1.000000001s"},
		{time.Hour + time.Nanosecond, "1h1ns"},
		{72*time.Hour + 2*time.Microsecond, "72h2µs"},
		{13*time.Minute + 4428001659, "13m4.428001659s"},
		{72*time.Hour + 500*time.Millisecond, "72h0.5s"},
		{time.Minute + time.Millisecond, "1m0.001s"},
	} {
		got := model.FormatDuration(c.d)
		if got != c.want {
			t.Errorf("model.FormatDuration(%d) = %q, want %q", c.d, got, c.want)
		}
		if back, err := model.ParseDuration(got); err != nil || back != c.d {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", got, back, err, c.d)
		}
	}
}

// TestFormatDurationRoundTrip: whatever the duration, FormatDuration
// writes what ParseDuration reads back as the same duration, and a scenario
// line at that time parses back to it.
func TestFormatDurationRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const limit = 10000 * 24 * time.Hour // ParseDuration's
	for i := range 100000 {
		var d time.Duration
		switch i % 4 {
		case 0: // any instant
			d = time.Duration(rng.Int64N(int64(limit) + 1))
		case 1: // below a second
			d = time.Duration(rng.Int64N(int64(time.Second)))
		case 2: // below a millisecond
			d = time.Duration(rng.Int64N(int64(time.Millisecond)))
		case 3: // whole units and a few nanoseconds
			d = time.Duration(rng.Int64N(1000))*time.Hour + time.Duration(rng.Int64N(60))*time.Minute + time.Duration(rng.Int64N(1000))
		}
		s := model.FormatDuration(d)
		back, err := model.ParseDuration(s)
		if err != nil || back != d {
			t.Fatalf("ParseDuration(FormatDuration(%d) = %q) = %v, %v", d, s, int64(back), err)
		}
		sc, err := Parse("t", []byte("at "+s+" visit\n"))
		if err != nil || sc.Lines[0].Directive.(At).Time != d {
			t.Fatalf("at %s visit: %v", s, err)
		}
	}
	for _, d := range []time.Duration{-time.Nanosecond, -90 * time.Minute, math.MinInt64, math.MaxInt64} {
		s := model.FormatDuration(d)
		abs, err := time.ParseDuration(strings.Replace(s, "µ", "u", 1))
		if err != nil || (d != math.MinInt64 && abs != d) {
			t.Errorf("FormatDuration(%d) = %q, which Go reads as %v, %v", d, s, abs, err)
		}
	}
}

// TestValidate checks that a program-built scenario is checked like a parsed
// one, and that Append numbers lines.
func TestValidate(t *testing.T) {
	var sc Scenario
	sc.File = "built"
	sc.Append(nil, "# built by a program")
	sc.Append(At{Time: time.Hour, Action: model.Action{Kind: model.Visit}}, "")
	sc.Append(At{Time: 2 * time.Hour, Action: model.Action{Kind: model.View, Surface: model.YammerSurface, Viewer: model.Observer},
		Check: Expect, Photos: []model.Photo{model.V(0)}}, "# B predicts v0 instead")
	if err := sc.Validate(); err != nil {
		t.Fatal(err)
	}
	checkRoundTrip(t, &sc)
	for _, c := range []struct {
		d    Directive
		want string
	}{
		{At{Time: 3 * time.Hour, Action: model.Action{Kind: model.Tick}},
			`built:4: action "tick": not an action a scenario can write`},
		{At{Time: time.Minute, Action: model.Action{Kind: model.Visit}},
			"built:4: time 1m is before the previous 2h on line 3 (want times that never decrease)"},
		{At{Time: 3 * time.Hour, Action: model.Action{Kind: model.Visit, Viewer: model.Subject}},
			`built:4: action "visit": does not read back as built (want the fields Parse sets, photos without the Yammer mark)`},
		{At{Time: 3 * time.Hour, Action: model.Action{Kind: model.View, Surface: model.YammerSurface, Viewer: model.Subject},
			Check: Expect, Photos: []model.Photo{model.V(1).MadeInYammer()}},
			`built:4: action "expect yammer subject = v1": does not read back as built (want the fields Parse sets, photos without the Yammer mark)`},
		{At{Time: 3 * time.Hour, Action: model.Action{Kind: model.View, Surface: model.YammerSurface, Viewer: model.Subject},
			Check: Expect, Photos: []model.Photo{model.V(1), model.V(0)}},
			`built:4: action "expect yammer subject = v1|v0": does not read back as built (want the fields Parse sets, photos without the Yammer mark)`},
		{At{Time: 3 * time.Hour, Action: model.Action{Kind: model.View, Surface: model.YammerSurface, Viewer: model.Subject}, Check: Observe},
			`built:4: action "observe yammer subject ": the wrong number of photos`},
		{At{Time: 3 * time.Hour, Action: model.Action{Kind: model.View, Surface: model.YammerSurface, Viewer: 9}},
			`built:4: action "view yammer Viewer(9)": no such viewer`},
		{SetKnob{Knob: "owa.cacheTTL", Value: "5s"}, "built:4: set after the first at (want every set before line 2)"},
	} {
		bad := Scenario{File: sc.File, Lines: append([]Line(nil), sc.Lines...)}
		bad.Append(c.d, "")
		err := bad.Validate()
		if err == nil || err.Error() != c.want {
			t.Errorf("Validate(%v) = %v\nwant %s", c.d, err, c.want)
		}
		// Run checks as much as it needs not to break, without the read-back.
		if _, err := Run(&bad, model.Observed(), Options{}); err == nil && !strings.Contains(c.want, "read back") {
			t.Errorf("Run(%v) runs", c.d)
		}
	}
}

// TestValidateLines checks what Validate requires of lines built by hand.
func TestValidateLines(t *testing.T) {
	visit := At{Action: model.Action{Kind: model.Visit}}
	for _, c := range []struct {
		line Line
		want string
	}{
		{Line{Num: 2, Directive: visit}, "b:2: line numbered 2 is line 1 (want Append to number lines)"},
		{Line{Num: 1, Directive: visit, Comment: "no hash"}, `b:1: comment "no hash" (want # and text, without trailing blanks)`},
		{Line{Num: 1, Comment: "# two\nlines"}, "b:1: control character U+000A at byte 6 (want text)"},
		{Line{Num: 1, Directive: UseRules{Ref: "a b.json"}}, `b:1: bad rules name "a b.json" (want a rule set name or a file path)`},
		{Line{Num: 1, Directive: Violates{Property: "x\ny"}}, `b:1: bad property name "x\ny" (want a property name)`},
	} {
		sc := &Scenario{File: "b", Lines: []Line{c.line}}
		if err := sc.Validate(); err == nil || err.Error() != c.want {
			t.Errorf("Validate(%+v) = %v\nwant %s", c.line, err, c.want)
		}
	}
}

// TestParseErrorsNamePlace checks errors of lines that testdata/bad cannot
// hold conveniently: a bare carriage return, and errors on later lines.
func TestParseErrorsNamePlace(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"at 0s visit\rat 1s visit\n", "f:1: control character U+000D at byte 12 (want text)"},
		{"\n\n\nat 1s\tjump\n", `f:4: unknown action "jump" (want one of change, visit, edit-cancel, restart-outlook, clear-browser-cache, lync-signin, lync-signout, dirsync, restart-teams, open-yammer, view, expect, observe)`},
		{"at 0s expect yammer observer = v0|", `f:1: malformed set "v0|" (want photos joined by |, e.g. v0|v1, or none)`},
		{"at 0s expect yammer observer = v0 v1", `f:1: unexpected "v1" after expect yammer observer = v0 (want end of line or a # comment)`},
		{"at 0s expect yammer", `f:1: expect: missing VIEWER = SET (want expect SURFACE VIEWER = SET)`},
		{"at 0s expect yammer observer", `f:1: expect: missing = SET (want expect SURFACE VIEWER = SET)`},
		{"rules", "f:1: rules: missing NAME|FILE (want rules NAME|FILE)"},
		{"at 3d1h visit\nat 3d visit", "f:2: time 72h is before the previous 73h on line 1 (want times that never decrease)"},
	} {
		_, err := Parse("f", []byte(c.text))
		if err == nil || err.Error() != c.want {
			t.Errorf("Parse(%q) = %v\nwant %s", c.text, err, c.want)
		}
	}
}

func TestParseLongFile(t *testing.T) {
	text := strings.Repeat("at 0s visit\n", 10000)
	sc, err := Parse("long", []byte(text))
	if err != nil || len(sc.Lines) != 10000 {
		t.Fatalf("%v, %d lines", err, len(sc.Lines))
	}
}
