package experiment

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"photosync/count"
	"photosync/counterexamples"
	"photosync/model"
)

// Plan writes the experiment as numbered steps an administrator follows in
// a real tenant: what to change where and as whom, how long to wait, what
// to look at and as whom, with each rule set's prediction at each look, and
// at the end which outcome means which rule set. It answers "does my tenant
// follow A or B?" with the fewest steps the search found.
func (e *Experiment) Plan() string {
	var b strings.Builder
	a, bn := label(e.A), label(e.B)
	fmt.Fprintf(&b, "Does your tenant follow %s or %s?\n\n", a, bn)
	for _, r := range []model.Rules{e.A, e.B} {
		if r.Description != "" {
			fmt.Fprintf(&b, "%s: %s.\n", label(r), strings.TrimSuffix(strings.Join(strings.Fields(r.Description), " "), "."))
		}
	}
	if diffs := model.Changed(e.A, e.B); len(diffs) > 0 {
		word := "one setting"
		if len(diffs) > 1 {
			word = count.Of(len(diffs), "setting")
		}
		fmt.Fprintf(&b, "They differ in %s:\n", word)
		for _, kv := range diffs {
			k, _ := model.LookupKnob(kv[0])
			fmt.Fprintf(&b, "- %s (%s: %s under %s, %s under %s).\n", k.Doc, k.Name, k.Get(e.A), a, kv[1], bn)
		}
	}
	b.WriteString("\n")
	b.WriteString(e.people())
	b.WriteString("\n")
	b.WriteString(e.before())
	b.WriteString("\nThen follow these steps, each right after the one before unless a step says to wait.\n" +
		"v1 is the first new picture you set, v2 the second: use pictures you can tell apart at a glance.\n\n")

	n := 0
	var prev time.Duration
	anchor := "you start"
	if e.Moves[0].At == 0 {
		anchor = "step 1"
	}
	for _, s := range e.Moves {
		if s.At > prev {
			n++
			fmt.Fprintf(&b, "%d. Wait %s", n, HumanDuration(s.At-prev))
			if n > 1 {
				fmt.Fprintf(&b, " (until %s after %s)", HumanDuration(s.At), anchor)
			}
			b.WriteString(".\n")
			prev = s.At
		}
		n++
		fmt.Fprintf(&b, "%d. %s\n", n, Sentence(s.Action, s.Photo))
		if s.Action.Kind == model.Change {
			b.WriteString(refusals(&e.A, &e.B, a, bn, s.Action.Source))
		}
		if s.Action.Kind == model.View {
			if slices.Equal(s.A, s.B) {
				fmt.Fprintf(&b, "   Both predict %s.\n", photos(s.A, "or"))
			} else {
				fmt.Fprintf(&b, "   %s predicts %s; %s predicts %s.\n", a, photos(s.A, "or"), bn, photos(s.B, "or"))
			}
		}
	}
	last := e.Last()
	fmt.Fprintf(&b, "\nWhat you see in step %d tells you:\n", n)
	all := slices.Concat(last.A, last.B)
	slices.Sort(all)
	for _, p := range slices.Compact(all) {
		inA, inB := slices.Contains(last.A, p), slices.Contains(last.B, p)
		switch {
		case inA && inB:
			fmt.Fprintf(&b, "- %s: both allow it, so this run does not tell them apart.\n", photoName(p))
		case inA:
			fmt.Fprintf(&b, "- %s: your tenant follows %s, not %s.\n", photoName(p), period(e.A, a), bn)
		default:
			fmt.Fprintf(&b, "- %s: your tenant follows %s, not %s.\n", photoName(p), period(e.B, bn), a)
		}
	}
	b.WriteString("- anything else: your tenant follows neither.\n")
	b.WriteString("\n" + e.planDecisiveness(n))
	return b.String()
}

// planDecisiveness says whether whatever the tenant shows in step n (the
// last) decides, and when it may not, what the search for an experiment
// that always decides found.
func (e *Experiment) planDecisiveness(n int) string {
	switch {
	case e.Decisive && e.Length > e.Shortest && e.Shortest > 0:
		return fmt.Sprintf("This experiment is decisive: whatever you see in step %d tells you which. "+
			"It is the shortest that always decides; shorter ones (of %s) can leave you undecided.\n", n, stepsOf(e.Shortest))
	case e.Decisive:
		return fmt.Sprintf("This experiment is decisive: whatever you see in step %d tells you which.\n", n)
	}
	text := fmt.Sprintf("This experiment is not decisive: seeing %s in step %d tells you nothing", photos(e.Undeciding(), "or"), n)
	if e.NoDecisive != "" {
		text += ", and the search found no experiment that always decides (" + e.NoDecisive + ")"
	}
	return text + ".\n"
}

// refusals says which of the two rule sets refuses a change through src,
// and why, in the tenant's terms ("your tenant lets only administrators
// change photos"); "" when neither does.
func refusals(ra, rb *model.Rules, a, b string, src model.Source) string {
	switch inA, inB := ra.Refuses(src), rb.Refuses(src); {
	case inA && inB:
		return fmt.Sprintf("   Both refuse this change. Under %s: %s.\n", a, counterexamples.Refusal(ra, src))
	case inA:
		return fmt.Sprintf("   Under %s this change is refused: %s. Under %s it is not.\n", a, counterexamples.Refusal(ra, src), b)
	case inB:
		return fmt.Sprintf("   Under %s this change is refused: %s. Under %s it is not.\n", b, counterexamples.Refusal(rb, src), a)
	}
	return ""
}

// people says who takes part.
func (e *Experiment) people() string {
	var others []string
	for _, v := range e.viewers() {
		if v != model.Subject {
			others = append(others, counterexamples.Person(v))
		}
	}
	switch len(others) {
	case 0:
		return "You need one test user, the subject, whose photo you change and look at.\n"
	case 1:
		return fmt.Sprintf("You need two users: the subject, a test user whose photo you change, and %s, any other user who looks at it.\n", others[0])
	}
	return fmt.Sprintf("You need %d users: the subject, a test user whose photo you change, and %s, other users who look at it.\n",
		len(others)+1, counterexamples.List(others, "and"))
}

// viewers returns every viewer the experiment names, the subject first.
func (e *Experiment) viewers() []model.Viewer {
	vs := []model.Viewer{model.Subject}
	for _, s := range e.Moves {
		if v := s.Action.Viewer; v != 0 && !slices.Contains(vs, v) {
			vs = append(vs, v)
		}
	}
	slices.Sort(vs)
	return vs
}

// before lists what must hold before the first step: the model's start
// (R13), in the tenant's terms, as far as the experiment depends on it.
func (e *Experiment) before() string {
	uses := func(f func(model.Action) bool) bool {
		return slices.ContainsFunc(e.Moves, func(s Move) bool { return f(s.Action) })
	}
	items := []string{
		fmt.Sprintf("the subject has one photo everywhere (Active Directory, Outlook, Lync, SharePoint, Yammer) "+
			"and nobody has changed it for at least %s; call it v0", HumanDuration(max(e.A.Window, e.B.Window))),
		"the subject has never opened their My Site (a new test user is easiest)",
	}
	if uses(func(a model.Action) bool {
		return a.Kind == model.LyncSignIn || a.Kind == model.LyncSignOut || a.Surface == model.LyncClientSurface
	}) {
		items = append(items, "the subject is signed in to Lync")
	}
	if uses(func(a model.Action) bool {
		return a.Kind == model.Change && a.Source == model.FromActiveDirectory || a.Kind == model.DirSync
	}) {
		items = append(items, fmt.Sprintf("DirSync has just run: start right after one of its runs, which come every %s",
			HumanDuration(e.A.DirSyncInterval)))
	}
	var lookers []string
	for _, v := range e.viewers() {
		if uses(func(a model.Action) bool { return a.Kind == model.View && a.Viewer == v }) {
			lookers = append(lookers, counterexamples.Person(v))
		}
	}
	if len(lookers) > 0 {
		items = append(items, fmt.Sprintf("%s %s cleared the browser cache and restarted Outlook since the photo last changed",
			counterexamples.List(lookers, "and"), has(len(lookers))))
	}
	// The Teams client cache: a view through it (under either rule set),
	// or the action that empties it.
	emptier, _ := model.CacheTeamsClient.EmptiedBy()
	if uses(func(a model.Action) bool {
		for _, r := range []model.Rules{e.A.Untracked(), e.B.Untracked()} {
			if rt := model.RouteOf(&r, a.Surface); a.Kind == model.View && rt.Cached && rt.Cache == model.CacheTeamsClient {
				return true
			}
		}
		return a.Kind == emptier
	}) {
		items = append(items, "nobody has looked at the subject's photo in Teams for at least 3 days, and whoever looks "+
			"in Teams below has signed out of Teams and back in since the photo last changed")
	}
	if uses(func(a model.Action) bool { return a.Kind == model.OpenYammer || a.Surface == model.YammerSurface }) {
		items = append(items, "the subject has not opened Viva Engage (Yammer) since the photo last changed")
	}
	return "Before you start, make sure that:\n- " + strings.Join(items, ";\n- ") + ".\n"
}

func has(n int) string {
	if n == 1 {
		return "has"
	}
	return "have"
}

// Sentence says what to do in one step of a plan, as whom: action a, which
// makes photo p when it is a change.
func Sentence(a model.Action, p model.Photo) string {
	subject := "As the subject, "
	switch a.Kind {
	case model.Change:
		to := fmt.Sprintf(" to a new picture (%s).", p)
		switch a.Source {
		case model.FromMySite:
			return subject + "change your photo on your SharePoint My Site" + to
		case model.FromOutlookClient:
			return subject + "change your photo in the Outlook desktop client" + to
		case model.FromOutlookOnline:
			return subject + "change your photo in Outlook on the web" + to
		case model.FromLyncClient:
			return subject + "change your photo in the Lync client" + to
		case model.FromYammer:
			return subject + "change your photo in Yammer" + to
		case model.FromSetUserPhoto:
			return "As an administrator, set the subject's photo with the Set-UserPhoto cmdlet" + to
		case model.FromActiveDirectory:
			return "As an administrator, change the subject's photo (thumbnailPhoto) in on-premises Active Directory" + to
		case model.FromGraph:
			return "As an administrator, set the subject's photo through Microsoft Graph (Set-MgUserPhotoContent)" + to
		case model.FromAdminCenter:
			return "As an administrator, change the subject's photo in the Microsoft 365 admin center" + to
		case model.FromTeamsClient:
			return subject + "change your photo in Teams" + to
		}
	case model.Visit:
		return subject + "open your My Site."
	case model.EditCancel:
		return subject + "open your My Site, start editing your photo, and cancel without saving."
	case model.RestartOutlook:
		return as(a.Viewer) + "quit the Outlook desktop client and start it again."
	case model.ClearBrowserCache:
		return as(a.Viewer) + "clear the browser cache."
	case model.LyncSignIn:
		return subject + "sign in to Lync."
	case model.LyncSignOut:
		return subject + "sign out of Lync."
	case model.DirSync:
		return "As an administrator, run DirSync now."
	case model.RestartTeams:
		return as(a.Viewer) + "sign out of Teams and sign back in (or clear the Teams cache)."
	case model.OpenYammer:
		return subject + "open Viva Engage (Yammer)."
	case model.View:
		return as(a.Viewer) + look(a.Surface, a.Viewer) + "."
	}
	return as(a.Viewer) + a.String() + "."
}

// as starts a sentence with who acts.
func as(v model.Viewer) string { return "As " + counterexamples.Person(v) + ", " }

// look says how viewer v looks at the subject's photo on surf.
func look(surf model.Surface, v model.Viewer) string {
	who, whose := "the subject", "the subject's"
	if v == model.Subject {
		who, whose = "yourself", "your"
	}
	switch surf {
	case model.SharePointMySite:
		return "open " + whose + " My Site and look at the photo"
	case model.SharePointPeopleSearch:
		return "search for " + who + " in SharePoint people search and look at the photo in the results"
	case model.SharePointNewsfeed:
		return "look at " + whose + " photo in the SharePoint newsfeed"
	case model.SharePointPeoplePicker:
		return "open the SharePoint people picker, find " + who + " and look at the photo"
	case model.SharePointSearchHover:
		return "search for " + who + " in SharePoint people search, hover over the name and look at the photo on the contact card that opens"
	case model.OutlookOnlineContactCard:
		return "open " + whose + " contact card in Outlook on the web and look at the photo"
	case model.OutlookOnlineEmail:
		return "open an email from " + who + " in Outlook on the web and look at the photo"
	case model.OutlookOnlineDraft:
		return "start a new email to " + who + " in Outlook on the web and look at the photo next to the name"
	case model.OutlookClientSurface:
		return "look at " + whose + " photo in the Outlook desktop client"
	case model.LyncClientSurface:
		return "look at " + whose + " photo in the Lync client"
	case model.YammerSurface:
		return "look at " + whose + " photo in Yammer"
	case model.TeamsClientSurface:
		return "look at " + whose + " photo in Teams"
	}
	return "look at " + surf.String()
}

// photoName names a photo in a sentence.
func photoName(p model.Photo) string {
	if p == model.NoPhoto {
		return "no photo"
	}
	return p.String()
}

// photos names a set of photos: "v0", "v0 or v1".
func photos(ps []model.Photo, word string) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = photoName(p)
	}
	return counterexamples.List(names, word)
}

// HumanDuration writes a duration in words: "72 hours", "1 hour and 1
// second", "71 hours, 59 minutes and 59 seconds", "1.5 seconds".
func HumanDuration(d time.Duration) string {
	if d <= 0 {
		return "0 seconds"
	}
	var parts []string
	unit := func(n int64, name string) {
		if n >= 1 {
			parts = append(parts, count.Of(int(n), name))
		}
	}
	unit(int64(d/time.Hour), "hour")
	d %= time.Hour
	unit(int64(d/time.Minute), "minute")
	d %= time.Minute
	if d%time.Second != 0 {
		parts = append(parts, strings.TrimSuffix(model.FormatDuration(d), "s")+" seconds")
	} else {
		unit(int64(d/time.Second), "second")
	}
	return counterexamples.List(parts, "and")
}

// period names an era of SPEC §6.3 with the period of the service it
// describes ("modern, the service of mid-2024 on"), so that an outcome says
// which era it points to; any other rule set by its label.
func period(r model.Rules, label string) string {
	if r.Base != "" || !slices.Contains(model.Eras(), r.Name) {
		return label
	}
	for _, rs := range model.RuleSets() {
		if rs.Name == r.Name {
			return fmt.Sprintf("%s, the service of %s", label, rs.Period)
		}
	}
	return label
}
