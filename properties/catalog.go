package properties

import (
	"fmt"
	"time"

	"photosync/model"
)

// Catalog returns the properties in the SPEC's order: those of §4, the
// invariants then the goals, then those of §6.4, the invariants then the
// goals. (§4's come first so that a property keeps its place, and its bit
// in a mask, as the catalog grows.) Each call returns fresh values.
func Catalog() []*Property {
	return []*Property{
		outlookOnlineConverges(), outlookClientFreshAfterRestart(), lyncConverges(),
		sharepointStaleOnlyWithinWindowOrWithoutVisit(), sharepointChangeReachesExchange(),
		searchHoverMatchesOutlookOnline(), peoplePickerShowsSharePoint(), sharepointImportsFirstAndLast(),
		yammerIsolated(), sharepointRenditionsAgree(), noPhantomPhotos(),
		sharepointFollowsWithoutVisit(), sharepointChangeSticks(), everyChangeReachesSharePoint(),
		yammerAgrees(), lyncAlwaysShowsAPhoto(), allSurfacesAgreeWhenQuiet(),
		teamsConvergesWithin63Days(), refusedChangesChangeNothing(),
		teamsFreshWithinADay(), sharepointFollowsWithinADay(), dirsyncLatestWins(),
	}
}

// Lookup finds a property of the catalog by name.
func Lookup(name string) (*Property, bool) {
	for _, p := range Catalog() {
		if p.Name == name {
			return p, true
		}
	}
	return nil, false
}

var outlookOnlineSurfaces = []model.Surface{model.OutlookOnlineContactCard, model.OutlookOnlineEmail,
	model.OutlookOnlineDraft, model.SharePointSearchHover}

func isView(tr *model.Transition, surfaces ...model.Surface) bool {
	if tr.Action.Kind != model.View {
		return false
	}
	for _, s := range surfaces {
		if tr.Action.Surface == s {
			return true
		}
	}
	return false
}

func viewed(tr *model.Transition) string {
	return fmt.Sprintf("%s's %s showed %s", tr.Action.Viewer, tr.Action.Surface, tr.Shown)
}

// outlookOnlineSettled is outlook-online-converges' trigger.
func outlookOnlineSettled(c *Context, tr *model.Transition) bool {
	return isView(tr, outlookOnlineSurfaces...) && c.Since(&tr.State, model.ClockExchange, Settle)
}

func outlookOnlineConverges() *Property {
	return &Property{
		Name: "outlook-online-converges", Kind: Invariant,
		Doc: "Outlook on the web shows Exchange's photo within 10 s\n" +
			"A view of an Outlook on the web surface or of the search hover, at least 10 s after " +
			"Exchange's last change, shows Exchange's photo.",
		Sources:   []string{"C6", "C9", "C10", "R5", "R11"},
		Reads:     outlookOnlineSurfaces,
		Deadlines: []Deadline{{model.ClockExchange, Settle}},
		Trigger: Trigger{
			Doc:        "a view of Outlook on the web or of the search hover 10 s or more after Exchange's last change",
			Transition: outlookOnlineSettled,
		},
		Transition: func(c *Context, tr *model.Transition) string {
			if !outlookOnlineSettled(c, tr) || tr.Shown == tr.State.Exchange {
				return ""
			}
			return fmt.Sprintf("%s, 10 s or more after Exchange took %s", viewed(tr), tr.State.Exchange)
		},
	}
}

// firstViewAfterRestart is outlook-client-fresh-after-restart's trigger.
func firstViewAfterRestart(c *Context, tr *model.Transition) bool {
	v := tr.Action.Viewer
	return isView(tr, model.OutlookClientSurface) && tr.Before.History.RestartedNotViewed&(1<<(v-1)) != 0
}

func outlookClientFreshAfterRestart() *Property {
	return &Property{
		Name: "outlook-client-fresh-after-restart", Kind: Invariant,
		Doc: "Restarting Outlook shows the current photo\n" +
			"The first Outlook desktop view after a restart shows Exchange's photo.",
		Sources: []string{"C5", "R5"},
		Reads:   []model.Surface{model.OutlookClientSurface},
		Facts:   RestartedNotViewed,
		Trigger: Trigger{Doc: "the first Outlook desktop view after a restart", Transition: firstViewAfterRestart},
		Transition: func(c *Context, tr *model.Transition) string {
			if !firstViewAfterRestart(c, tr) || tr.Shown == tr.Before.Exchange {
				return ""
			}
			return fmt.Sprintf("%s right after a restart, while Exchange held %s", viewed(tr), tr.Before.Exchange)
		},
	}
}

// lyncSettled is lync-converges' trigger.
func lyncSettled(c *Context, tr *model.Transition) bool {
	return isView(tr, model.LyncClientSurface) &&
		(tr.Before.LyncSignedOut || c.Since(&tr.State, model.ClockExchange, Settle))
}

func lyncConverges() *Property {
	return &Property{
		Name: "lync-converges", Kind: Invariant,
		Doc: "Lync shows Exchange's photo within 10 s, and none while the subject is signed out\n" +
			"With the subject signed in, a Lync view at least 10 s after Exchange's last change shows " +
			"Exchange's photo; signed out, it shows none.",
		Sources:   []string{"C7", "C9", "R5", "R10"},
		Reads:     []model.Surface{model.LyncClientSurface},
		Deadlines: []Deadline{{model.ClockExchange, Settle}},
		Trigger: Trigger{Doc: "a Lync view while the subject is signed out, or 10 s or more after Exchange's last change",
			Transition: lyncSettled},
		Transition: func(c *Context, tr *model.Transition) string {
			if !lyncSettled(c, tr) {
				return ""
			}
			if tr.Before.LyncSignedOut {
				if tr.Shown != model.NoPhoto {
					return viewed(tr) + " while the subject was signed out of Lync"
				}
				return ""
			}
			if tr.Shown != tr.State.Exchange {
				return fmt.Sprintf("%s, 10 s or more after Exchange took %s", viewed(tr), tr.State.Exchange)
			}
			return ""
		},
	}
}

// staleAfterVisit is sharepoint-stale-only-within-window-or-without-visit's
// trigger.
func staleAfterVisit(c *Context, s *model.State) bool {
	return s.SharePoint[model.Large] != s.Exchange && s.History.QualifiedSinceImport
}

func sharepointStaleOnlyWithinWindowOrWithoutVisit() *Property {
	return &Property{
		Name: "sharepoint-stale-only-within-window-or-without-visit", Kind: Invariant,
		Doc: "SharePoint lags Exchange only within 72 h of an import or for want of a visit\n" +
			"Whenever SharePoint's photo differs from Exchange's, either no qualifying visit has been made " +
			"since the last import, or the last import (edit-cancels included) lies less than 72 h back.",
		Sources:   []string{"C11", "C12", "R7", "R8"},
		Deadlines: []Deadline{{model.ClockImport, Window}},
		Facts:     QualifiedSinceImport | SharePointPhoto,
		Trigger: Trigger{Doc: "SharePoint lagging Exchange after a qualifying visit since the last import",
			Instant: staleAfterVisit},
		Instant: func(c *Context, s *model.State) string {
			if !staleAfterVisit(c, s) || !c.Since(s, model.ClockImport, Window) {
				return ""
			}
			return fmt.Sprintf("SharePoint shows %s while Exchange holds %s, after a qualifying visit, "+
				"and no import in the last 72 h", s.SharePoint[model.Large], s.Exchange)
		},
	}
}

// mySiteChange is the trigger of the properties of a change via My Site.
func mySiteChange(c *Context, tr *model.Transition) bool {
	return tr.Action.Kind == model.Change && tr.Action.Source == model.FromMySite
}

func sharepointChangeReachesExchange() *Property {
	return &Property{
		Name: "sharepoint-change-reaches-exchange", Kind: Invariant,
		Doc: "A My Site change reaches Exchange at once\n" +
			"Right after a change via sharepoint-mysite, Exchange holds that photo.",
		Sources: []string{"C3", "R1"},
		Trigger: Trigger{Doc: "a change via sharepoint-mysite", Transition: mySiteChange},
		Transition: func(c *Context, tr *model.Transition) string {
			if !mySiteChange(c, tr) {
				return ""
			}
			if p := model.V(int(tr.State.Made)); tr.State.Exchange != p {
				return fmt.Sprintf("the subject changed the photo to %s on My Site, but Exchange holds %s", p, tr.State.Exchange)
			}
			return ""
		},
	}
}

func searchHoverMatchesOutlookOnline() *Property {
	return &Property{
		Name: "search-hover-matches-outlook-online", Kind: Invariant,
		Doc: "The people search hover is Outlook on the web's panel\n" +
			"The hover can show exactly what the viewer's Outlook on the web contact card can show at the same instant.",
		Sources: []string{"C10", "R11"},
		Reads:   []model.Surface{model.SharePointSearchHover, model.OutlookOnlineContactCard},
		Joint:   true,
		// The instant monitor judges every instant; what it speaks of is
		// the hover beside the card, which a view of either looks at.
		Trigger: Trigger{Doc: "a view of the search hover or of the Outlook on the web contact card",
			Transition: func(c *Context, tr *model.Transition) bool {
				return isView(tr, model.SharePointSearchHover, model.OutlookOnlineContactCard)
			}},
		Instant: func(c *Context, s *model.State) string {
			for _, v := range model.Viewers(c.Viewers) {
				hover := c.Options(s, model.SharePointSearchHover, v)
				card := c.Options(s, model.OutlookOnlineContactCard, v)
				if !samePhotos(hover.Photos(), card.Photos()) {
					return fmt.Sprintf("%s's search hover can show %s while the contact card can show %s",
						v, join(hover.Photos()), join(card.Photos()))
				}
			}
			return ""
		},
	}
}

func peoplePickerShowsSharePoint() *Property {
	return &Property{
		Name: "people-picker-shows-sharepoint", Kind: Invariant,
		Doc: "The people picker is never stale\n" +
			"The people picker always shows SharePoint's photo (its URL carries a timestamp).",
		Sources: []string{"C4", "R11"},
		Reads:   []model.Surface{model.SharePointPeoplePicker},
		Trigger: Trigger{Doc: "a view of the people picker", Transition: func(c *Context, tr *model.Transition) bool {
			return isView(tr, model.SharePointPeoplePicker)
		}},
		Transition: func(c *Context, tr *model.Transition) string {
			if !isView(tr, model.SharePointPeoplePicker) || tr.Shown == tr.Before.SharePoint[model.Small] {
				return ""
			}
			return fmt.Sprintf("%s while SharePoint held %s", viewed(tr), tr.Before.SharePoint[model.Small])
		},
	}
}

// anImport is sharepoint-imports-first-and-last's trigger.
func anImport(c *Context, tr *model.Transition) bool { return tr.Effects.Has(model.EffectImport) }

func sharepointImportsFirstAndLast() *Property {
	return &Property{
		Name: "sharepoint-imports-first-and-last", Kind: Invariant,
		Doc: "SharePoint imports at most once per 72 h, and always Exchange's current photo\n" +
			"An import that is not an edit-cancel comes at least 72 h after the import before it " +
			"(edit-cancels included), and every import takes Exchange's photo of that instant.",
		Sources:   []string{"C12", "C13", "R8", "R9"},
		Facts:     SharePointPhoto,
		Deadlines: []Deadline{{model.ClockPrevImport, Window}},
		Trigger:   Trigger{Doc: "an import of SharePoint", Transition: anImport},
		Transition: func(c *Context, tr *model.Transition) string {
			if !anImport(c, tr) {
				return ""
			}
			s := &tr.State
			for _, got := range s.SharePoint {
				if got != s.Exchange {
					return fmt.Sprintf("SharePoint imported %s while Exchange held %s", got, s.Exchange)
				}
			}
			if !tr.Effects.Has(model.EffectEditCancel) && !c.Since(s, model.ClockPrevImport, Window) {
				return fmt.Sprintf("SharePoint imported %s less than 72 h after its previous import", s.Exchange)
			}
			return ""
		},
	}
}

func yammerIsolated() *Property {
	return &Property{
		Name: "yammer-isolated", Kind: Invariant,
		Doc: "Yammer is separate\n" +
			"Yammer's photo changes only by change yammer, and no other store ever holds a photo made in Yammer.",
		Sources: []string{"C1", "R4", "R12"},
		Facts:   YammerPhoto | SharePointPhoto | ADPhoto,
		// Only a photo made in Yammer can leave it, and Yammer's photo
		// changes only where it changes: before either, nothing is judged.
		Trigger: Trigger{Doc: "a change of Yammer's photo, or a photo made in Yammer in another store",
			Transition: func(c *Context, tr *model.Transition) bool {
				s := &tr.State
				return s.Yammer != tr.Before.Yammer || s.Exchange.FromYammer() || s.ActiveDirectory.FromYammer() ||
					s.SharePoint[model.Large].FromYammer()
			}},
		Transition: func(c *Context, tr *model.Transition) string {
			a, s := tr.Action, &tr.State
			if s.Yammer != tr.Before.Yammer && (a.Kind != model.Change || a.Source != model.FromYammer) {
				return fmt.Sprintf("Yammer's photo became %s by %s", s.Yammer, a)
			}
			for _, st := range []struct {
				name  string
				photo model.Photo
			}{{"Exchange", s.Exchange}, {"Active Directory", s.ActiveDirectory}, {"SharePoint", s.SharePoint[model.Large]}} {
				if st.photo.FromYammer() {
					return fmt.Sprintf("%s holds %s, a photo made in Yammer", st.name, st.photo)
				}
			}
			return ""
		},
	}
}

func sharepointRenditionsAgree() *Property {
	return &Property{
		Name: "sharepoint-renditions-agree", Kind: Invariant,
		Doc: "SharePoint's three sizes always hold one photo\n" +
			"The small, medium and large renditions always hold the same photo.",
		Sources: []string{"R8"},
		Facts:   SharePointPhoto,
		// At the start the three hold one photo; only SharePoint taking a
		// photo can part them.
		Trigger: Trigger{Doc: "SharePoint taking a photo", Transition: func(c *Context, tr *model.Transition) bool {
			return tr.State.SharePoint != tr.Before.SharePoint
		}},
		Instant: func(c *Context, s *model.State) string {
			sp := s.SharePoint
			if sp[model.Small] == sp[model.Medium] && sp[model.Medium] == sp[model.Large] {
				return ""
			}
			return fmt.Sprintf("SharePoint's renditions hold small %s, medium %s, large %s",
				sp[model.Small], sp[model.Medium], sp[model.Large])
		},
	}
}

func noPhantomPhotos() *Property {
	return &Property{
		Name: "no-phantom-photos", Kind: Invariant,
		Doc: "No surface shows a photo nobody made\n" +
			"Every view shows none, v0 or a photo that a change made before it.",
		Sources: []string{"R5", "R13"},
		Reads:   model.Surfaces(),
		Trigger: Trigger{Doc: "a view", Transition: func(c *Context, tr *model.Transition) bool {
			return tr.Action.Kind == model.View
		}},
		Transition: func(c *Context, tr *model.Transition) string {
			if tr.Action.Kind != model.View || tr.Shown == model.NoPhoto || tr.Shown.ID() <= int(tr.Before.Made) {
				return ""
			}
			return viewed(tr) + ", a photo no change had made yet"
		},
	}
}

// mySiteSettled is sharepoint-follows-without-visit's trigger.
func mySiteSettled(c *Context, s *model.State) bool {
	return s.MySiteCreated && c.Since(s, model.ClockSettled, Window)
}

func sharepointFollowsWithoutVisit() *Property {
	return &Property{
		Name: "sharepoint-follows-without-visit", Kind: Goal,
		Doc: "Once My Site exists, SharePoint follows Exchange without visits (C16's claim)\n" +
			"Once My Site is created, a photo that Exchange has held for 72 h (counted from the later of its " +
			"change and the My Site's creation) is in SharePoint, visit or not.",
		Sources:   []string{"C11", "C16", "R7", "R8"},
		Facts:     SharePointPhoto,
		Deadlines: []Deadline{{model.ClockSettled, Window}},
		Trigger: Trigger{Doc: "an instant 72 h or more after Exchange's photo and the My Site both exist",
			Instant: mySiteSettled},
		Instant: func(c *Context, s *model.State) string {
			if !mySiteSettled(c, s) || s.SharePoint[model.Large] == s.Exchange {
				return ""
			}
			return fmt.Sprintf("Exchange has held %s for 72 h since the My Site was created, but SharePoint shows %s",
				s.Exchange, s.SharePoint[model.Large])
		},
	}
}

func sharepointChangeSticks() *Property {
	return &Property{
		Name: "sharepoint-change-sticks", Kind: Goal,
		Doc: "A My Site change sticks in SharePoint\n" +
			"A change made on My Site is SharePoint's photo right after it.",
		Sources: []string{"C8", "C14", "C15", "R1", "R8"},
		Facts:   SharePointPhoto,
		Trigger: Trigger{Doc: "a change via sharepoint-mysite", Transition: mySiteChange},
		Transition: func(c *Context, tr *model.Transition) string {
			if !mySiteChange(c, tr) {
				return ""
			}
			if p := model.V(int(tr.State.Made)); tr.State.SharePoint[model.Large] != p {
				return fmt.Sprintf("the subject changed the photo to %s on My Site, but SharePoint still shows %s",
					p, tr.State.SharePoint[model.Large])
			}
			return ""
		},
	}
}

// leavesVisited is every-change-reaches-sharepoint's trigger.
func leavesVisited(c *Context, tr *model.Transition) bool {
	return tr.Effects.Has(model.EffectExchangeChanged) && tr.Before.History.QualifiedWhileHeld
}

func everyChangeReachesSharePoint() *Property {
	return &Property{
		Name: "every-change-reaches-sharepoint", Kind: Goal,
		Doc: "No visited photo is skipped by SharePoint\n" +
			"No photo leaves Exchange unseen by SharePoint once a qualifying visit was made while Exchange held it.",
		Sources: []string{"C11", "C13", "R7", "R8"},
		Facts:   QualifiedWhileHeld | SharePointHeld | SharePointPhoto,
		Trigger: Trigger{Doc: "Exchange leaving a photo while which a qualifying visit was made",
			Transition: leavesVisited},
		Transition: func(c *Context, tr *model.Transition) string {
			if !leavesVisited(c, tr) || tr.Before.History.SharePointHeld {
				return ""
			}
			return fmt.Sprintf("%s left Exchange without ever reaching SharePoint, although the subject visited "+
				"My Site while Exchange held it", tr.Before.Exchange)
		},
	}
}

func yammerAgrees() *Property {
	return &Property{
		Name: "yammer-agrees", Kind: Goal,
		Doc: "Yammer shows Exchange's photo\n" +
			"72 h after Exchange's last change (or after the start), Yammer shows Exchange's photo.",
		Sources:   []string{"C1", "R4", "R12"},
		Deadlines: []Deadline{{model.ClockExchange, Window}},
		Facts:     YammerPhoto,
		Trigger: Trigger{Doc: "an instant 72 h or more after Exchange's last change (or after the start)",
			Instant: func(c *Context, s *model.State) bool { return c.Since(s, model.ClockExchange, Window) }},
		Instant: func(c *Context, s *model.State) string {
			if !c.Since(s, model.ClockExchange, Window) || s.Yammer == s.Exchange {
				return ""
			}
			return fmt.Sprintf("Yammer shows %s, 72 h or more after Exchange took %s", s.Yammer, s.Exchange)
		},
	}
}

func lyncAlwaysShowsAPhoto() *Property {
	return &Property{
		Name: "lync-always-shows-a-photo", Kind: Goal,
		Doc: "Lync always shows a photo\n" +
			"No Lync view shows none.",
		Sources: []string{"C7", "R10"},
		Reads:   []model.Surface{model.LyncClientSurface},
		Trigger: Trigger{Doc: "a Lync view", Transition: func(c *Context, tr *model.Transition) bool {
			return isView(tr, model.LyncClientSurface)
		}},
		Transition: func(c *Context, tr *model.Transition) string {
			if !isView(tr, model.LyncClientSurface) || tr.Shown != model.NoPhoto {
				return ""
			}
			return viewed(tr)
		},
	}
}

// quietFor reports whether all-surfaces-agree-when-quiet judges viewer v
// in s: its trigger, for one viewer.
func quietFor(c *Context, s *model.State, v model.Viewer) bool {
	h := s.History
	bit := uint8(1) << (v - 1)
	return h.VisitedSinceChange && h.RestartedSinceChange&bit != 0 && h.ClearedSinceChange&bit != 0 &&
		h.RestartedTeams&bit != 0 && c.Since(s, model.ClockAnyChange, Window)
}

func allSurfacesAgreeWhenQuiet() *Property {
	return &Property{
		Name: "all-surfaces-agree-when-quiet", Kind: Goal,
		Doc: "After a quiet spell every surface shows one photo\n" +
			"72 h after the last change of any kind, once the subject has visited, the viewer has restarted " +
			"Outlook and Teams and cleared the browser cache, every surface, Teams included (§6.4), shows " +
			"that viewer one photo.",
		Sources:   []string{"C1", "C2", "C4", "C5", "C7", "C11", "E7"},
		Reads:     model.Surfaces(),
		Joint:     true,
		Deadlines: []Deadline{{model.ClockAnyChange, Window}},
		Facts:     VisitedSinceChange | RestartedSinceChange | ClearedSinceChange | RestartedTeams,
		Trigger: Trigger{Doc: "an instant 72 h or more after the last change, once the subject has visited and a " +
			"viewer has restarted Outlook and Teams and cleared the browser cache", Instant: func(c *Context, s *model.State) bool {
			for _, v := range model.Viewers(c.Viewers) {
				if quietFor(c, s, v) {
					return true
				}
			}
			return false
		}},
		Instant: func(c *Context, s *model.State) string {
			for _, v := range model.Viewers(c.Viewers) {
				if !quietFor(c, s, v) {
					continue
				}
				seen := map[model.Photo]model.Surface{}
				var first model.Photo
				for _, surf := range model.Surfaces() {
					for _, p := range c.Options(s, surf, v).Photos() {
						if len(seen) == 0 {
							first = p
						}
						if _, ok := seen[p]; !ok {
							seen[p] = surf
						}
						if p != first {
							return fmt.Sprintf("72 h after the last change, %s's %s can show %s while %s shows %s",
								v, surf, p, seen[first], first)
						}
					}
				}
			}
			return ""
		},
	}
}

// The bounds of SPEC §6.4's properties.
const (
	Day         = 24 * time.Hour
	TeamsBound  = 63 * Day // 3 days of the Teams service cache and 60 of the client's
	teamsPeriod = "63 days"
)

// teamsView is teams-converges-within-63-days' trigger.
func teamsView(c *Context, tr *model.Transition) bool { return isView(tr, model.TeamsClientSurface) }

func teamsConvergesWithin63Days() *Property {
	var deadlines []Deadline
	deadlines = append(deadlines, Deadline{model.ClockTeamsServiceStale, TeamsBound})
	for _, v := range model.Viewers(model.MaxViewers) {
		deadlines = append(deadlines, Deadline{model.TeamsStaleClock(v), TeamsBound})
	}
	return &Property{
		Name: "teams-converges-within-63-days", Kind: Invariant,
		Doc: "Teams shows a photo Exchange held in the last 63 days\n" +
			"Every Teams view shows Exchange's photo or a photo Exchange held at some instant in the last " +
			"63 days (3 days of the service cache and 60 of the client's).",
		Sources:   []string{"E7", "R19"},
		Reads:     []model.Surface{model.TeamsClientSurface},
		Deadlines: deadlines,
		Trigger:   Trigger{Doc: "a Teams view", Transition: teamsView},
		Transition: func(c *Context, tr *model.Transition) string {
			if !teamsView(c, tr) || tr.Shown == tr.Before.Exchange {
				return ""
			}
			// Where the photo came from says since when Exchange has not
			// held it: the entry's stale clock.
			clk := model.TeamsStaleClock(tr.Action.Viewer)
			switch {
			case tr.Effects.Has(model.EffectTeamsServiceHit):
				clk = model.ClockTeamsServiceStale
			case !tr.Effects.Has(model.EffectCacheHit):
				return viewed(tr) + ", fresh, while Exchange holds " + tr.Before.Exchange.String()
			}
			if c.Since(&tr.Before, clk, TeamsBound) {
				return fmt.Sprintf("%s, a photo Exchange has not held for %s or more", viewed(tr), teamsPeriod)
			}
			return ""
		},
	}
}

// refusedChange is refused-changes-change-nothing's trigger.
func refusedChange(c *Context, tr *model.Transition) bool {
	return tr.Action.Kind == model.Change && c.Rules.Refuses(tr.Action.Source)
}

func refusedChangesChangeNothing() *Property {
	return &Property{
		Name: "refused-changes-change-nothing", Kind: Invariant,
		Doc: "A refused change changes nothing\n" +
			"A change through a source the rule set disables leaves every store, cache and clock as it " +
			"was; it only makes its photo number.",
		Sources: []string{"E4", "E5", "E8", "E9", "R16", "R17", "R21"},
		// No facts: the stores group (Exchange and the flags, every
		// change and visit) is enough. A refusal is decided by the rule
		// set and the source alone (Rules.Refuses), before any rule reads
		// the state, so every refused change is seen in this group; what
		// a refused change could touch elsewhere is pinned by the model's
		// tests, the History recomputation and the scenario tests of R16,
		// R17, R21 and E9 (photo.userEdits admins-only).
		Trigger: Trigger{Doc: "a refused change", Transition: refusedChange},
		Transition: func(c *Context, tr *model.Transition) string {
			if !refusedChange(c, tr) {
				return ""
			}
			after := tr.State.Discrete
			after.Made = tr.Before.Made
			if after != tr.Before.Discrete || tr.State.Start != tr.Before.Start {
				return fmt.Sprintf("the refused change %s changed the system (%s)", tr.Action.Source, tr.State)
			}
			return ""
		},
	}
}

// teamsSettled is teams-fresh-within-a-day's trigger.
func teamsSettled(c *Context, tr *model.Transition) bool {
	return isView(tr, model.TeamsClientSurface) && c.Since(&tr.Before, model.ClockExchange, Day)
}

func teamsFreshWithinADay() *Property {
	return &Property{
		Name: "teams-fresh-within-a-day", Kind: Goal,
		Doc: "Teams shows a change within a day\n" +
			"A Teams view at least 24 h after Exchange's last change shows Exchange's photo.",
		Sources:   []string{"E7", "R19"},
		Reads:     []model.Surface{model.TeamsClientSurface},
		Deadlines: []Deadline{{model.ClockExchange, Day}},
		Trigger:   Trigger{Doc: "a Teams view 24 h or more after Exchange's last change", Transition: teamsSettled},
		Transition: func(c *Context, tr *model.Transition) string {
			if !teamsSettled(c, tr) || tr.Shown == tr.Before.Exchange {
				return ""
			}
			return fmt.Sprintf("%s at least 24 h after Exchange took %s", viewed(tr), tr.Before.Exchange)
		},
	}
}

func sharepointFollowsWithinADay() *Property {
	return &Property{
		Name: "sharepoint-follows-within-a-day", Kind: Goal,
		Doc: "SharePoint follows Exchange within a day, visit or not\n" +
			"Whenever Exchange has held its photo for 24 h or more, SharePoint holds it too.",
		Sources:   []string{"E6", "R18"},
		Deadlines: []Deadline{{model.ClockExchange, Day}},
		Facts:     SharePointPhoto,
		Trigger: Trigger{Doc: "an instant 24 h or more after Exchange's last change (or after the start)",
			Instant: func(c *Context, s *model.State) bool { return c.Since(s, model.ClockExchange, Day) }},
		Instant: func(c *Context, s *model.State) string {
			if !c.Since(s, model.ClockExchange, Day) || s.SharePoint[model.Large] == s.Exchange {
				return ""
			}
			return fmt.Sprintf("Exchange has held %s for 24 h or more, SharePoint still holds %s",
				s.Exchange, s.SharePoint[model.Large])
		},
	}
}

// dirSyncFindsChange is dirsync-latest-wins' trigger.
func dirSyncFindsChange(c *Context, tr *model.Transition) bool {
	run := tr.Action.Kind == model.DirSync ||
		(tr.Action.Kind == model.Tick && tr.Effects.Has(model.EffectDirSyncRun))
	return run && tr.Before.ADChanged && c.Rules.DirSyncCopiesPhotos()
}

func dirsyncLatestWins() *Property {
	return &Property{
		Name: "dirsync-latest-wins", Kind: Goal,
		Doc: "DirSync keeps the later of two changes\n" +
			"Right after a DirSync run that finds AD changed, Exchange holds the later of AD's last photo " +
			"and the last photo Exchange took from another source.",
		Sources: []string{"E3", "R3", "R15"},
		Facts:   ADPhoto,
		// Where DirSync carries no photo (dirsync.thumbnails false,
		// dirsync.once, photo.source cloud) no run speaks of photos: the
		// property holds vacuously there (SPEC §4.1).
		Trigger: Trigger{Doc: "a DirSync run, carrying photos, that finds AD changed", Transition: dirSyncFindsChange},
		Transition: func(c *Context, tr *model.Transition) string {
			if !dirSyncFindsChange(c, tr) {
				return ""
			}
			want, which := tr.Before.Exchange, "Exchange's own, taken after AD's"
			if tr.Before.ADNewer {
				want, which = tr.Before.ActiveDirectory, "AD's, made after Exchange's"
			}
			if tr.State.Exchange != want {
				return fmt.Sprintf("after a DirSync run Exchange holds %s, not %s (%s)", tr.State.Exchange, want, which)
			}
			return ""
		},
	}
}

func samePhotos(a, b []model.Photo) bool {
	in := func(p model.Photo, xs []model.Photo) bool {
		for _, x := range xs {
			if x == p {
				return true
			}
		}
		return false
	}
	for _, p := range a {
		if !in(p, b) {
			return false
		}
	}
	for _, p := range b {
		if !in(p, a) {
			return false
		}
	}
	return true
}

func join(ps []model.Photo) string {
	s := ""
	for i, p := range ps {
		if i > 0 {
			s += "|"
		}
		s += p.String()
	}
	return s
}
