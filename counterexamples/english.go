package counterexamples

import (
	"fmt"
	"strings"
	"time"

	"photosync/count"
	"photosync/model"
	"photosync/scenario"
)

// surfaceWords names each surface for a person: Label is short (a column
// or row heading), Where completes "looks at the subject's photo …".
var surfaceWords = map[model.Surface]struct{ Label, Where string }{
	model.SharePointMySite:         {"SharePoint My Site", "on the SharePoint My Site"},
	model.SharePointPeopleSearch:   {"SharePoint people search", "in SharePoint people search results"},
	model.SharePointNewsfeed:       {"SharePoint newsfeed", "in the SharePoint newsfeed"},
	model.SharePointPeoplePicker:   {"SharePoint people picker", "in the SharePoint people picker"},
	model.SharePointSearchHover:    {"SharePoint search hover", "in the people search contact hover"},
	model.OutlookOnlineContactCard: {"Outlook web contact card", "on the Outlook on the web contact card"},
	model.OutlookOnlineEmail:       {"Outlook web email", "on an email in Outlook on the web"},
	model.OutlookOnlineDraft:       {"Outlook web draft", "on a draft email in Outlook on the web"},
	model.OutlookClientSurface:     {"Outlook desktop", "in the Outlook desktop client"},
	model.LyncClientSurface:        {"Lync", "in the Lync client"},
	model.YammerSurface:            {"Yammer", "in Yammer"},
	model.TeamsClientSurface:       {"Teams", "in Teams"},
}

// SurfaceLabel is a surface's short name for a person: "SharePoint people
// picker" for sharepoint-people-picker.
func SurfaceLabel(s model.Surface) string {
	if w, ok := surfaceWords[s]; ok {
		return w.Label
	}
	return s.String()
}

// Label is the column's heading: "SharePoint people picker (observer)".
func (c Column) Label() string { return SurfaceLabel(c.Surface) + " (" + c.Viewer.String() + ")" }

var sourceWords = map[model.Source]string{
	model.FromMySite:          "the subject changes their photo on the SharePoint My Site",
	model.FromOutlookClient:   "the subject changes their photo in the Outlook desktop client",
	model.FromOutlookOnline:   "the subject changes their photo in Outlook on the web",
	model.FromLyncClient:      "the subject changes their photo in the Lync client",
	model.FromYammer:          "the subject changes their photo in Yammer",
	model.FromSetUserPhoto:    "an administrator sets the subject's photo with Set-UserPhoto",
	model.FromActiveDirectory: "an administrator changes the subject's thumbnailPhoto in on-premises Active Directory",
	model.FromGraph:           "an administrator sets a new photo through Microsoft Graph with Set-MgUserPhotoContent",
	model.FromAdminCenter:     "an administrator sets a new photo in the Microsoft 365 admin center",
	model.FromTeamsClient:     "the subject changes their photo in Teams",
}

// effectWords says what each effect of a step (model.Effects) means, in
// plain words; the steps say some of them as they stand, and the others
// with the photos and times they are about (replay.effects).
var effectWords = map[model.Effects]string{
	model.EffectImport:          "SharePoint imports Exchange's photo",
	model.EffectEditCancel:      "SharePoint imports at once, whatever its window, after an edit-and-cancel",
	model.EffectDirSyncRun:      "DirSync runs on its schedule",
	model.EffectDirSyncCopy:     "DirSync copies Active Directory's photo to Exchange",
	model.EffectYammerSync:      "Yammer and Exchange pass a photo between them",
	model.EffectVisit:           "a visit to the My Site",
	model.EffectMySiteCreated:   "this creates the subject's My Site",
	model.EffectCacheHit:        "the view shows a cached copy",
	model.EffectExchangeChanged: "Exchange takes a new photo",
	model.EffectChange:          "the photo changes",
	model.EffectRefused:         "the change is refused",
	model.EffectSharePointTake:  "SharePoint takes Exchange's photo by itself (the Graph photo service)",
	model.EffectYammerTake:      "Yammer takes Exchange's photo",
	model.EffectTeamsServiceHit: "Teams serves the photo from its service cache, which every viewer shares",
}

// storeWords names a store for a person: "SharePoint".
func storeWords(st model.Store) string {
	switch st {
	case model.StoreActiveDirectory:
		return "Active Directory"
	case model.StoreExchange:
		return "Exchange"
	case model.StoreSharePoint:
		return "SharePoint"
	case model.StoreYammer:
		return "Yammer"
	}
	return st.String()
}

// durations writes instants in words: "24h", "24h or 49h".
func durations(ds []time.Duration, and string) string {
	names := make([]string, len(ds))
	for i, d := range ds {
		names[i] = model.FormatDuration(d)
	}
	return List(names, and)
}

// List writes words as a sentence lists them, the last two joined by and
// (a word such as "and" or "or"): "a", "a and b", "a, b and c". Every
// list in words, in the reports and the plans, is written by it.
func List(words []string, and string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + and + " " + words[len(words)-1]
}

// Person names a viewer in a sentence: "the subject", "the observer", "the
// second observer (observer2)", …
func Person(v model.Viewer) string {
	switch v {
	case model.Subject:
		return "the subject"
	case model.Observer:
		return "the observer"
	}
	ordinals := []string{"second", "third", "fourth"}
	if i := int(v) - 3; i >= 0 && i < len(ordinals) {
		return "the " + ordinals[i] + " observer (" + v.String() + ")"
	}
	return v.String()
}

// photos writes a set of photos in words: "v1", "v0 or v1", "no photo".
func photos(ps []model.Photo) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.String()
		if p == model.NoPhoto {
			names[i] = "no photo"
		}
	}
	if len(names) == 0 {
		return "nothing"
	}
	if len(names) > maxPhotosNamed {
		// A cache that never expires may hold any of thousands: name the
		// first and the last, count the others.
		n := len(names)
		names = append(names[:maxPhotosNamed-1:maxPhotosNamed-1], count.Of(n-maxPhotosNamed, "other photo"), names[n-1])
	}
	return List(names, "or")
}

// maxPhotosNamed is the most photos a list of them names; a longer one
// names its first and last ones and counts the others.
const maxPhotosNamed = 12

// sentence says what an event is, in plain words, without its time: "the
// observer looks at the subject's photo in the SharePoint people picker and
// sees v1".
func (e *Event) sentence() string {
	a := e.Action
	var s string
	switch a.Kind {
	case 0:
		return "nobody does anything; wait until then"
	case model.Tick:
		return "nobody does anything, but " + strings.Join(e.Happened, ", and ")
	case model.Change:
		s = fmt.Sprintf("%s (the new photo is %s)", sourceWords[a.Source], e.Made)
		if a.Source == model.FromActiveDirectory {
			s += "; DirSync carries it on later"
		}
	case model.Visit:
		s = "the subject visits their own My Site"
	case model.EditCancel:
		s = "the subject starts editing their photo on the My Site and cancels"
	case model.RestartOutlook:
		s = Person(a.Viewer) + " restarts the Outlook desktop client"
	case model.ClearBrowserCache:
		s = Person(a.Viewer) + " clears their browser cache"
	case model.LyncSignIn:
		s = "the subject signs in to Lync"
	case model.LyncSignOut:
		s = "the subject signs out of Lync"
	case model.DirSync:
		s = "an administrator runs DirSync"
	case model.RestartTeams:
		s = Person(a.Viewer) + " signs out of Teams and signs back in (or clears its cache)"
	case model.OpenYammer:
		s = "the subject opens Viva Engage (Yammer)"
	case model.TakeSharePoint:
		s = "SharePoint takes Exchange's photo by itself (the Graph photo service)"
	case model.TakeYammer:
		s = "Yammer takes Exchange's photo"
	case model.View:
		whose := "the subject's"
		if a.Viewer == model.Subject {
			whose = "their own"
		}
		s = fmt.Sprintf("%s looks at %s photo %s and %s", Person(a.Viewer), whose, surfaceWords[a.Surface].Where, e.saw())
	default:
		s = a.String()
	}
	if len(e.Happened) > 0 {
		s += "; " + strings.Join(e.Happened, ", and ")
	}
	return s
}

// saw says what a view showed: "sees v1", "may see v0 or v1".
func (e *Event) saw() string {
	var s string
	switch len(e.Shown) {
	case 0:
		s = "sees nothing"
	case 1:
		s = "sees " + photos(e.Shown)
	default:
		s = "may see " + photos(e.Shown) + " (" + e.why() + ")"
	}
	if e.Check == scenario.Expect && !samePhotoSet(e.Shown, e.Wanted) {
		s += ", where the scenario expected " + photos(e.Wanted)
	}
	return s
}

// why says why a view may show several photos: "a cached or a fresh
// copy", unless the report found more to say (Event.because).
func (e *Event) why() string {
	if e.because != "" {
		return e.because
	}
	return "a cached or a fresh copy"
}

// cell writes what a view showed for a table cell.
func (e *Event) cell() string {
	s := photos(e.Shown)
	if e.Check == scenario.Expect && !samePhotoSet(e.Shown, e.Wanted) {
		s += " (expected " + photos(e.Wanted) + ")"
	}
	return s
}

// step writes the event as a short action: the scenario's step ("change
// outlook-online", "view yammer observer"), or what the model did.
func (e *Event) step() string {
	switch e.Action.Kind {
	case 0:
		return "wait"
	case model.Tick:
		return "by itself"
	case model.Change:
		return fmt.Sprintf("%s → %s", e.Action, e.Made)
	}
	return e.Action.String()
}

func samePhotoSet(a, b []model.Photo) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].String() != b[i].String() {
			return false
		}
	}
	return true
}

// claims are SPEC §2's claims of the field report, in short.
var claims = map[string]string{
	"C1":  "Yammer is separate: no photo sync between Yammer and SharePoint, Outlook or Lync.",
	"C2":  "A change made in Outlook or Lync may not show up in SharePoint.",
	"C3":  "A change made on the SharePoint My Site is immediately available in Outlook and Lync.",
	"C4":  "Browsers can cache images, so SharePoint people search can show a cached photo; the people picker's image URL carries a timestamp and is not cached.",
	"C5":  "The Outlook desktop client caches photos; a restart may be needed, though it sometimes picks a change up quickly.",
	"C6":  "Outlook on the web may cache a photo, for several seconds at most.",
	"C7":  "Lync notices a change very quickly, but shows no photo of a user who is signed out of Lync; after the user signs in, others see the photo quickly.",
	"C8":  "A change made in SharePoint within 72 hours of the previous one reaches Outlook and Lync but may not stick in SharePoint; editing the photo again on My Site and cancelling makes it stick.",
	"C9":  "Changes from Outlook, Lync, Set-UserPhoto or DirSync show quickly in Outlook and Lync.",
	"C10": "The people search contact hover shows such a change at once: it is Outlook on the web's panel.",
	"C11": "Otherwise SharePoint never shows such a change until the subject visits their My Site (or any page with the large thumbnail) after the change.",
	"C12": "If the photo was updated within the last 72 hours, SharePoint does not show the update until the 72 hours have passed.",
	"C13": "Of several changes within 72 hours, only the first and the last reach SharePoint.",
	"C14": "Editing the photo on My Site and cancelling bypasses the 72-hour rule.",
	"C15": "Hence a SharePoint change can show at once in Outlook and Lync but not in SharePoint until an edit-and-cancel or 72 hours.",
	"C16": "Microsoft's internal documentation reportedly says: once the user has visited My Site at least once, changes made elsewhere reach SharePoint without further visits. The report observed otherwise.",
	"C17": "Seen in three tenants, two with DirSync and one without.",

	// SPEC §6's facts about the service since the report, from Microsoft's documents.
	"E1": "SharePoint 2013 with Exchange 2013: Exchange is the master; SharePoint re-checks Exchange only when the owner requests their own large thumbnail and its copy has expired; no timer job.",
	"E2": "KB 3062745 (before 2023): Azure AD passes the on-premises thumbnailPhoto to Exchange Online only once.",
	"E3": "Entra Connect (since 2023-03): thumbnailPhoto is synced periodically (every 30 min by default); if the photo changes on premises and in the cloud within one cycle, the latest photo is not guaranteed.",
	"E4": "The Exchange Online photo cmdlets (Set-UserPhoto) were retired on 2023-11-30; Microsoft Graph (Set-MgUserPhotoContent) and the Microsoft 365 admin center replace them.",
	"E5": "photoUpdateSettings (2024): the source is the cloud, or on premises, which disables cloud updates for admins and users.",
	"E6": "SharePoint (2024): it takes images from the Graph photo service by itself; the manual steps (visit your profile, wait 24 hours) no longer apply.",
	"E7": "Teams (2025): the service caches user information up to 3 days and the client caches photos up to 60 days; the viewer signs out and in, or clears the cache.",
	"E8": "Viva Engage (2024): users with Microsoft 365 accounts cannot change their photo in Engage; it syncs when they open Engage, within a few hours.",
	"E9": "photoUpdateSettings (Graph beta, 2024): allowedRoles lists the directory roles that may update users' photos; once it is set, users can no longer change their own photo.",
}

// against lists, for each goal, the sources it cites that say the service
// does otherwise: a claim of what the field report observed, or a rule
// (SPEC §3, §6.2) that models it. A report cites them as the reason the
// goal is a goal, never as its support. Every other source a property
// cites supports what it expects (for an invariant, all of them); a test
// holds the whole table against SPEC §2 and §3.
var against = map[string][]string{
	"sharepoint-follows-without-visit": {"C11", "R7", "R8"}, // C16 (the documentation's claim) supports it
	"sharepoint-change-sticks":         {"C8", "C14", "C15", "R1", "R8"},
	"every-change-reaches-sharepoint":  {"C13", "R8"}, // C11, R7: a visit after the change is the premise
	"yammer-agrees":                    {"C1", "R4", "R12"},
	"lync-always-shows-a-photo":        {"C7", "R10"},
	"all-surfaces-agree-when-quiet":    {"C1", "C2", "C7"}, // C4, C5, C11, E7: the visit, restarts and cleared caches it asks for
	"teams-fresh-within-a-day":         {"E7", "R19"},
	"dirsync-latest-wins":              {"E3", "R15"}, // R3: when DirSync runs
	"sharepoint-follows-within-a-day":  nil,           // E6, R18: the photo service of 2024 does it
}

// rules are SPEC §3's rules, in short.
var rules = map[string]string{
	"R1":  "a change on My Site goes to Exchange at once and counts as a visit",
	"R2":  "a change in Outlook, Lync or with Set-UserPhoto goes to Exchange only",
	"R3":  "an Active Directory change reaches Exchange when DirSync next runs",
	"R4":  "a change in Yammer stays in Yammer",
	"R5":  "every cache shows a cached or a fresh photo until it expires or is emptied",
	"R6":  "a view shows first, then has its side effects",
	"R7":  "the subject's visits to their My Site, and which of them qualify",
	"R8":  "SharePoint imports Exchange's photo after a qualifying visit, at most once per 72 h window",
	"R9":  "edit-and-cancel on My Site imports at once, whatever the window",
	"R10": "Lync shows no photo while the subject is signed out",
	"R11": "the search hover is Outlook on the web's panel; the people picker is not cached",
	"R12": "Yammer does not sync with Exchange",
	"R13": "at the start every store holds v0 and every cache is empty",
	"R14": "with dirsync.once, DirSync never copies Active Directory's photo to Exchange",
	"R15": "dirsync.conflict decides which photo stays when Active Directory and another source both changed since DirSync's previous run",
	"R16": "with setUserPhoto retired, a change with Set-UserPhoto is refused",
	"R17": "photo.source cloud stops DirSync copying photos; photo.source on-premises refuses every change but Active Directory's and Yammer's",
	"R18": "with sharepoint.trigger service, SharePoint takes Exchange's photo by itself at some instant within sharepoint.maxDelay (24 h) of lacking it, visit or not",
	"R19": "Teams shows a photo through its service cache (3 days, shared) and the viewer's client cache (60 days); restart-teams empties the client cache",
	"R20": "with yammer.sync on-use, Yammer takes Exchange's photo at some instant within yammer.delay (4 h) of the subject opening it",
	"R21": "with yammer.editable false, a change in Yammer is refused",
}

// Wrap breaks text into lines of at most n characters, at spaces, keeping a
// number with its unit ("10 s", "72 h") on one line.
func Wrap(text string, n int) []string {
	var words []string
	for _, w := range strings.Fields(text) {
		if k := len(words); k > 0 && isUnit(w) && strings.IndexFunc(words[k-1], notDigit) < 0 {
			words[k-1] += " " + w
			continue
		}
		words = append(words, w)
	}
	var lines []string
	line := ""
	for _, word := range words {
		if line != "" && len([]rune(line))+1+len([]rune(word)) > n {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

func isUnit(w string) bool {
	u := strings.TrimRight(w, ".,;:)")
	return u == "s" || u == "h"
}

func notDigit(r rune) bool { return r < '0' || r > '9' }
