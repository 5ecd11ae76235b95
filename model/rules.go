package model

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// NoExpiry is the TTL of a cache that never expires by itself: the Outlook
// desktop cache empties only on restart-outlook, the browser cache only on
// clear-browser-cache.
const NoExpiry time.Duration = -1

// WindowFrom says what the 72-hour window of R8 is counted from.
type WindowFrom uint8

// The readings of C12.
const (
	_              WindowFrom = iota
	FromLastImport            // last-import: open when no import happened in the last window (default)
	FromLastChange            // last-change: open when the change before the current photo's lies a window back
)

var windowFromNames = [...]string{"", "last-import", "last-change"}

// String returns the knob value's name.
func (w WindowFrom) String() string { return enumName(windowFromNames[:], int(w), "windowFrom") }

// VisitCondition is R8's visit condition (knob sharepoint.visit).
type VisitCondition uint8

// The visit conditions.
const (
	_                VisitCondition = iota
	VisitAfterChange                // after-change: a qualifying visit since the last import (C11, default)
	VisitOnce                       // once: My Site created at any time (C16)
	VisitNever                      // never: no visit needed
)

var visitNames = [...]string{"", "after-change", "once", "never"}

// String returns the knob value's name.
func (v VisitCondition) String() string { return enumName(visitNames[:], int(v), "visit") }

// HoverSource says what the people search hover panel shows (R11).
type HoverSource uint8

// The hover sources.
const (
	_                  HoverSource = iota
	HoverOutlookOnline             // outlook-online: Outlook on the web's panel (C10, default)
	HoverSharePoint                // sharepoint: SharePoint's medium rendition through the browser cache
)

var hoverNames = [...]string{"", "outlook-online", "sharepoint"}

// String returns the knob value's name.
func (h HoverSource) String() string { return enumName(hoverNames[:], int(h), "hover") }

// YammerSync is R12's knob.
type YammerSync uint8

// The Yammer sync modes.
const (
	_                  YammerSync = iota
	YammerNone                    // none: Yammer is separate (C1, default)
	YammerFromExchange            // from-exchange: Yammer takes each Exchange photo
	YammerTwoWay                  // two-way: also, Exchange takes each Yammer photo
	YammerOnUse                   // on-use: Yammer takes Exchange's photo within yammer.delay of an open-yammer (R20, E8)
)

// DirSyncConflict is R15's knob: what a DirSync run that copies AD's photo
// does when Exchange also took a photo from another source since the
// previous run.
type DirSyncConflict uint8

// The conflict rules.
const (
	_          DirSyncConflict = iota
	ADWins                     // ad-wins: AD's photo replaces Exchange's (R3, default)
	EitherWins                 // either: AD's photo or Exchange's staying, both possible (E3)
	LatestWins                 // latest-wins: whichever change was made later stays
)

var conflictNames = [...]string{"", "ad-wins", "either", "latest-wins"}

// String returns the knob value's name.
func (c DirSyncConflict) String() string {
	return enumName(conflictNames[:], int(c), "dirsync.conflict")
}

// SetUserPhoto is R16's knob: whether the Set-UserPhoto cmdlet still works.
type SetUserPhoto uint8

// The cmdlet's states.
const (
	_                   SetUserPhoto = iota
	SetUserPhotoEnabled              // enabled (default)
	SetUserPhotoRetired              // retired: change set-userphoto is refused (E4)
)

var setUserPhotoNames = [...]string{"", "enabled", "retired"}

// String returns the knob value's name.
func (s SetUserPhoto) String() string { return enumName(setUserPhotoNames[:], int(s), "setUserPhoto") }

// PhotoSource is R17's knob: photoUpdateSettings' source (E5).
type PhotoSource uint8

// The photo sources.
const (
	_                     PhotoSource = iota
	PhotoSourceAny                    // any: every source works (default)
	PhotoSourceCloud                  // cloud: DirSync copies no photo to Exchange
	PhotoSourceOnPremises             // on-premises: every change but active-directory's and yammer's is refused
)

var photoSourceNames = [...]string{"", "any", "cloud", "on-premises"}

// String returns the knob value's name.
func (p PhotoSource) String() string { return enumName(photoSourceNames[:], int(p), "photo.source") }

// UserEdits is SPEC §6.5's knob photo.userEdits: who may change a photo
// (photoUpdateSettings' allowedRoles, E9). A tenant's choice, never an era's.
type UserEdits uint8

// Who may change a photo.
const (
	_                   UserEdits = iota
	UserEditsAllowed              // allowed: the subject changes their own photo (default)
	UserEditsAdminsOnly           // admins-only: every change by the subject is refused (E9)
)

var userEditsNames = [...]string{"", "allowed", "admins-only"}

// String returns the knob value's name.
func (u UserEdits) String() string { return enumName(userEditsNames[:], int(u), "photo.userEdits") }

// Trigger is R18's knob: what makes SharePoint take Exchange's photo.
type Trigger uint8

// The triggers.
const (
	_              Trigger = iota
	TriggerVisit           // visit: R7–R9, the owner's visits and the window (default)
	TriggerService         // service: within sharepoint.maxDelay of lacking it, whatever the visits (E6)
)

var triggerNames = [...]string{"", "visit", "service"}

// String returns the knob value's name.
func (t Trigger) String() string { return enumName(triggerNames[:], int(t), "sharepoint.trigger") }

var yammerSyncNames = [...]string{"", "none", "from-exchange", "two-way", "on-use"}

// String returns the knob value's name.
func (y YammerSync) String() string { return enumName(yammerSyncNames[:], int(y), "yammer.sync") }

// Amendment edits one outcome of a transition after the rules made it:
// the action, the state it happened in, and the outcome, which it may
// change. Tests use it to plant a defect on purpose (a model with a rule
// broken), so that each property is shown violated where it should be; the
// defects themselves live in test code, not here.
type Amendment func(a Action, before *State, n *Next)

// Rules is a rule set: the value of every knob of SPEC §3. A proposed rule
// change is a Rules value; nothing in the model reads knobs from elsewhere.
type Rules struct {
	Name        string // the rule set's name: observed, documented, ideal, or a rules file's name
	Description string // one line on what the rule set says
	Base        string // the named rule set it was derived from ("" for a named set itself)

	Window                time.Duration  // sharepoint.window
	WindowFrom            WindowFrom     // sharepoint.windowFrom
	Visit                 VisitCondition // sharepoint.visit
	VisitQueues           bool           // sharepoint.visitQueues
	OWACacheTTL           time.Duration  // owa.cacheTTL
	LyncCacheTTL          time.Duration  // lync.cacheTTL
	OutlookClientCacheTTL time.Duration  // outlookClient.cacheTTL (NoExpiry: until-restart)
	BrowserCacheTTL       time.Duration  // browser.cacheTTL (NoExpiry: until-cleared)
	LyncOfflineHidesPhoto bool           // lync.offlineHidesPhoto
	HoverSource           HoverSource    // hover.source
	PickerCacheBusting    bool           // picker.cacheBusting
	MySiteWritesExchange  bool           // mysite.writesExchange
	YammerSync            YammerSync     // yammer.sync
	DirSyncThumbnails     bool           // dirsync.thumbnails
	DirSyncInterval       time.Duration  // dirsync.interval

	DirSyncOnce          bool            // dirsync.once (R14)
	DirSyncConflict      DirSyncConflict // dirsync.conflict (R15)
	SetUserPhoto         SetUserPhoto    // setUserPhoto (R16)
	PhotoSource          PhotoSource     // photo.source (R17)
	Trigger              Trigger         // sharepoint.trigger (R18)
	MaxDelay             time.Duration   // sharepoint.maxDelay (R18)
	TeamsServiceCacheTTL time.Duration   // teams.serviceCacheTTL (R19)
	TeamsClientCacheTTL  time.Duration   // teams.clientCacheTTL (R19)
	YammerDelay          time.Duration   // yammer.delay (R20)
	YammerEditable       bool            // yammer.editable (R21)
	UserEdits            UserEdits       // photo.userEdits (§6.5, E9)

	// Amend, when set, edits every outcome of every transition (see
	// Amendment). No rules file can set it; the named rule sets have none.
	Amend Amendment

	reads *Reads // where to note the knobs the model reads (TrackReads); nil: nowhere
	fixed Reads  // knobs that a rule set tracking its reads may read freely (Fix)
}

// Observed returns the default rule set: the behaviour the field report saw.
func Observed() Rules {
	return Rules{
		Name:                  "observed",
		Description:           "the behaviour the field report observed (SPEC §3 defaults)",
		Window:                72 * time.Hour,
		WindowFrom:            FromLastImport,
		Visit:                 VisitAfterChange,
		VisitQueues:           true,
		OWACacheTTL:           10 * time.Second,
		LyncCacheTTL:          10 * time.Second,
		OutlookClientCacheTTL: NoExpiry,
		BrowserCacheTTL:       NoExpiry,
		LyncOfflineHidesPhoto: true,
		HoverSource:           HoverOutlookOnline,
		PickerCacheBusting:    true,
		MySiteWritesExchange:  true,
		YammerSync:            YammerNone,
		DirSyncThumbnails:     true,
		DirSyncInterval:       3 * time.Hour,
		DirSyncConflict:       ADWins,
		SetUserPhoto:          SetUserPhotoEnabled,
		PhotoSource:           PhotoSourceAny,
		Trigger:               TriggerVisit,
		MaxDelay:              24 * time.Hour,
		TeamsServiceCacheTTL:  3 * 24 * time.Hour,
		TeamsClientCacheTTL:   60 * 24 * time.Hour,
		YammerDelay:           4 * time.Hour,
		YammerEditable:        true,
		UserEdits:             UserEditsAllowed,
	}
}

// Documented returns observed with sharepoint.visit once: C16's claim.
func Documented() Rules {
	r := Observed()
	r.Name = "documented"
	r.Description = "observed, but a My Site created once is enough for changes to reach SharePoint (C16)"
	r.Visit = VisitOnce
	return r
}

// Ideal returns what users wish: no window, no visit, no caching, one identity.
func Ideal() Rules {
	r := Observed()
	r.Name = "ideal"
	r.Description = "what users wish: no window, no visit, no caches, Yammer in sync, Lync always shows a photo"
	r.Window = 0
	r.Visit = VisitNever
	r.OWACacheTTL = 0
	r.LyncCacheTTL = 0
	r.OutlookClientCacheTTL = 0
	r.BrowserCacheTTL = 0
	r.YammerSync = YammerTwoWay
	r.LyncOfflineHidesPhoto = false
	r.DirSyncConflict = LatestWins
	r.TeamsServiceCacheTTL = 0
	r.TeamsClientCacheTTL = 0
	return r
}

// SharePoint2013 is SharePoint 2013 on premises with Exchange 2013 (E1):
// SharePoint re-checks Exchange only when the owner requests their own
// photo, so a visit made while the window is closed is not remembered.
func SharePoint2013() Rules {
	r := Observed()
	r.Name = "sharepoint-2013"
	r.Description = "SharePoint 2013 on premises (E1): a visit counts only while the window is open"
	r.VisitQueues = false
	return r
}

// ExchangeOnline2016 is the service from 2015 to early 2023 (E2): Azure AD
// passed the on-premises photo to Exchange Online once, before time 0.
func ExchangeOnline2016() Rules {
	r := Observed()
	r.Name = "exchange-online-2016"
	r.Description = "2015 - early 2023 (E2): DirSync passed the on-premises photo once, never again"
	r.DirSyncOnce = true
	return r
}

// Transition2023 is the service from 2023-03 to mid-2024 (E3, E4, E6, E8).
func Transition2023() Rules {
	r := Observed()
	r.Name = "transition-2023"
	r.Description = "2023-03 - mid-2024 (E3, E4, E6, E8): Entra Connect every 30 min, Set-UserPhoto retired, " +
		"visit then wait 24 h, Viva Engage follows on use"
	r.DirSyncInterval = 30 * time.Minute
	r.DirSyncConflict = EitherWins
	r.SetUserPhoto = SetUserPhotoRetired
	r.Window = 24 * time.Hour
	r.YammerSync = YammerOnUse
	r.YammerEditable = false
	return r
}

// Modern is the service from mid-2024 on (E3–E8): transition-2023 with
// SharePoint taking photos from the Graph photo service by itself.
func Modern() Rules {
	r := Transition2023()
	r.Name = "modern"
	r.Description = "mid-2024 on (E3-E8): transition-2023, and SharePoint takes the photo within 24 h by itself"
	r.Trigger = TriggerService
	return r
}

// RuleSet describes a built-in rule set: its name, the period of the
// service it describes, and the facts it rests on.
type RuleSet struct {
	Name   string
	Period string   // "early 2014 (the field report)", "mid-2024 on"
	Facts  []string // the claims (C*) or facts (E*) it rests on
	Rules  func() Rules
}

var ruleSets = []RuleSet{
	{"observed", "early 2014 (the field report)", []string{"C1-C17"}, Observed},
	{"documented", "early 2014, as Microsoft documented it", []string{"C16"}, Documented},
	{"ideal", "what users wish", nil, Ideal},
	{"sharepoint-2013", "SharePoint 2013 on premises", []string{"E1"}, SharePoint2013},
	{"exchange-online-2016", "2015 - early 2023", []string{"E2"}, ExchangeOnline2016},
	{"transition-2023", "2023-03 - mid-2024", []string{"E3", "E4", "E6", "E8"}, Transition2023},
	{"modern", "mid-2024 on", []string{"E3", "E4", "E5", "E6", "E7", "E8"}, Modern},
}

// RuleSets lists the built-in rule sets: the report's three, then the eras
// of SPEC §6 in time order.
func RuleSets() []RuleSet { return ruleSets }

// NamedRuleSets lists the names of the built-in rule sets.
func NamedRuleSets() []string {
	out := make([]string, len(ruleSets))
	for i, rs := range ruleSets {
		out[i] = rs.Name
	}
	return out
}

// Eras lists the names of the era rule sets of SPEC §6.3, in time order.
func Eras() []string { return NamedRuleSets()[3:] }

// Named returns a built-in rule set by name.
func Named(name string) (Rules, error) {
	for _, rs := range ruleSets {
		if rs.Name == name {
			return rs.Rules(), nil
		}
	}
	return Rules{}, fmt.Errorf("unknown rule set %q (want one of %s, or a rules file ending in .json)",
		name, strings.Join(NamedRuleSets(), ", "))
}

// Knob describes one knob of SPEC §3: its public name, what it means, and
// how to read and write it as text.
type Knob struct {
	Name    string   // public name, e.g. "sharepoint.window"
	Doc     string   // what the knob decides
	Values  string   // the values it takes, for help and error messages
	Sources []string // the claims and rules it comes from
	get     func(*Rules) string
	set     func(*Rules, string) error
	choices []string // every value of an enumerated or boolean knob
}

// Choices returns every value an enumerated or boolean knob takes, in the
// SPEC's order (true before false); nil for a duration knob, whose values
// are not a list.
func (k Knob) Choices() []string { return k.choices }

var boolChoices = []string{"true", "false"}

// Get returns the knob's value in r, as text.
func (k Knob) Get(r Rules) string { return k.get(&r) }

// Knobs returns the catalog of knobs in the SPEC's order.
func Knobs() []Knob { return knobs }

// LookupKnob finds a knob by name.
func LookupKnob(name string) (Knob, error) {
	for _, k := range knobs {
		if k.Name == name {
			return k, nil
		}
	}
	names := make([]string, len(knobs))
	for i, k := range knobs {
		names[i] = k.Name
	}
	return Knob{}, fmt.Errorf("unknown knob %q (want one of %s)", name, strings.Join(names, ", "))
}

// Set sets the named knob from text, with an error naming the knob and the
// values it takes.
func (r *Rules) Set(name, value string) error {
	k, err := LookupKnob(name)
	if err != nil {
		return err
	}
	if err := k.set(r, value); err != nil {
		return fmt.Errorf("knob %s: bad value %q (want %s)", name, value, k.Values)
	}
	return nil
}

// Changed lists the knobs whose values differ between base and r, in catalog
// order, as "name value" pairs.
func Changed(base, r Rules) [][2]string {
	var out [][2]string
	for _, k := range knobs {
		if v := k.Get(r); v != k.Get(base) {
			out = append(out, [2]string{k.Name, v})
		}
	}
	return out
}

var knobs = []Knob{
	{Name: "sharepoint.window", Doc: "how long after an import (or change) SharePoint will not import again", Values: "a duration such as 72h, 3d, 0s",
		Sources: []string{"C12", "C13", "R8"},
		get:     func(r *Rules) string { return FormatDuration(r.Window) },
		set:     durationSetter(func(r *Rules) *time.Duration { return &r.Window })},
	{Name: "sharepoint.windowFrom", Doc: "what the window is counted from", Values: "last-import or last-change",
		Sources: []string{"C12", "R8"},
		get:     func(r *Rules) string { return r.WindowFrom.String() },
		choices: windowFromNames[1:],
		set:     enumSetter(windowFromNames[:], func(r *Rules, i int) { r.WindowFrom = WindowFrom(i) })},
	{Name: "sharepoint.visit", Doc: "which My Site visit lets SharePoint import Exchange's photo", Values: "after-change, once or never; never means that no visit is needed: SharePoint imports whenever its window allows",
		Sources: []string{"C11", "C16", "R7", "R8"},
		get:     func(r *Rules) string { return r.Visit.String() },
		choices: visitNames[1:],
		set:     enumSetter(visitNames[:], func(r *Rules, i int) { r.Visit = VisitCondition(i) })},
	{Name: "owa.cacheTTL", Doc: "how long Outlook on the web may show a cached photo", Values: "a duration such as 10s",
		Sources: []string{"C6", "C10", "R5"},
		get:     func(r *Rules) string { return FormatDuration(r.OWACacheTTL) },
		set:     durationSetter(func(r *Rules) *time.Duration { return &r.OWACacheTTL })},
	{Name: "lync.cacheTTL", Doc: "how long Lync may show a cached photo", Values: "a duration such as 10s",
		Sources: []string{"C7", "R5"},
		get:     func(r *Rules) string { return FormatDuration(r.LyncCacheTTL) },
		set:     durationSetter(func(r *Rules) *time.Duration { return &r.LyncCacheTTL })},
	{Name: "outlookClient.cacheTTL", Doc: "how long the Outlook desktop client may show a cached photo", Values: "a duration or until-restart",
		Sources: []string{"C5", "R5"},
		get:     func(r *Rules) string { return formatTTL(r.OutlookClientCacheTTL, "until-restart") },
		set:     ttlSetter("until-restart", func(r *Rules) *time.Duration { return &r.OutlookClientCacheTTL })},
	{Name: "browser.cacheTTL", Doc: "how long a browser may show a cached SharePoint photo", Values: "a duration or until-cleared",
		Sources: []string{"C4", "R5"},
		get:     func(r *Rules) string { return formatTTL(r.BrowserCacheTTL, "until-cleared") },
		set:     ttlSetter("until-cleared", func(r *Rules) *time.Duration { return &r.BrowserCacheTTL })},
	{Name: "lync.offlineHidesPhoto", Doc: "whether Lync shows no photo of a signed-out subject", Values: "true or false",
		Sources: []string{"C7", "R10"},
		get:     func(r *Rules) string { return strconv.FormatBool(r.LyncOfflineHidesPhoto) },
		choices: boolChoices,
		set:     boolSetter(func(r *Rules) *bool { return &r.LyncOfflineHidesPhoto })},
	{Name: "hover.source", Doc: "what the people search contact hover shows", Values: "outlook-online or sharepoint",
		Sources: []string{"C10", "R11"},
		get:     func(r *Rules) string { return r.HoverSource.String() },
		choices: hoverNames[1:],
		set:     enumSetter(hoverNames[:], func(r *Rules, i int) { r.HoverSource = HoverSource(i) })},
	{Name: "picker.cacheBusting", Doc: "whether the people picker's image URL bypasses the browser cache", Values: "true or false",
		Sources: []string{"C4", "R11"},
		get:     func(r *Rules) string { return strconv.FormatBool(r.PickerCacheBusting) },
		choices: boolChoices,
		set:     boolSetter(func(r *Rules) *bool { return &r.PickerCacheBusting })},
	{Name: "mysite.writesExchange", Doc: "whether a My Site change goes to Exchange at once (false: it goes to SharePoint only)", Values: "true or false",
		Sources: []string{"C3", "R1"},
		get:     func(r *Rules) string { return strconv.FormatBool(r.MySiteWritesExchange) },
		choices: boolChoices,
		set:     boolSetter(func(r *Rules) *bool { return &r.MySiteWritesExchange })},
	{Name: "sharepoint.visitQueues", Doc: "whether a qualifying visit made while the window is closed waits for it to open", Values: "true or false",
		Sources: []string{"C11", "C16", "R8"},
		get:     func(r *Rules) string { return strconv.FormatBool(r.VisitQueues) },
		choices: boolChoices,
		set:     boolSetter(func(r *Rules) *bool { return &r.VisitQueues })},
	{Name: "yammer.sync", Doc: "how Yammer's photo relates to Exchange's", Values: "none, from-exchange, two-way or on-use",
		Sources: []string{"C1", "E8", "R4", "R12", "R20"},
		get:     func(r *Rules) string { return r.YammerSync.String() },
		choices: yammerSyncNames[1:],
		set:     enumSetter(yammerSyncNames[:], func(r *Rules, i int) { r.YammerSync = YammerSync(i) })},
	{Name: "dirsync.thumbnails", Doc: "whether DirSync carries AD's thumbnail photo to Exchange", Values: "true or false",
		Sources: []string{"C17", "R3"},
		get:     func(r *Rules) string { return strconv.FormatBool(r.DirSyncThumbnails) },
		choices: boolChoices,
		set:     boolSetter(func(r *Rules) *bool { return &r.DirSyncThumbnails })},
	{Name: "dirsync.interval", Doc: "how often DirSync runs by itself", Values: "a positive duration such as 3h",
		Sources: []string{"C17", "R3"},
		get:     func(r *Rules) string { return FormatDuration(r.DirSyncInterval) },
		set:     positiveSetter(func(r *Rules) *time.Duration { return &r.DirSyncInterval })},
	{Name: "dirsync.once", Doc: "whether DirSync passed AD's photo once, before the start, and never copies it again", Values: "true or false",
		Sources: []string{"E2", "R14"},
		get:     func(r *Rules) string { return strconv.FormatBool(r.DirSyncOnce) },
		choices: boolChoices,
		set:     boolSetter(func(r *Rules) *bool { return &r.DirSyncOnce })},
	{Name: "dirsync.conflict", Doc: "which photo stays when AD and another source both changed since DirSync's previous run", Values: "ad-wins, either or latest-wins",
		Sources: []string{"E3", "R15"},
		get:     func(r *Rules) string { return r.DirSyncConflict.String() },
		choices: conflictNames[1:],
		set:     enumSetter(conflictNames[:], func(r *Rules, i int) { r.DirSyncConflict = DirSyncConflict(i) })},
	{Name: "setUserPhoto", Doc: "whether the Set-UserPhoto cmdlet still changes the photo", Values: "enabled or retired",
		Sources: []string{"E4", "R16"},
		get:     func(r *Rules) string { return r.SetUserPhoto.String() },
		choices: setUserPhotoNames[1:],
		set:     enumSetter(setUserPhotoNames[:], func(r *Rules, i int) { r.SetUserPhoto = SetUserPhoto(i) })},
	{Name: "photo.source", Doc: "where photos may be changed (photoUpdateSettings): anywhere, in the cloud only, or on premises only", Values: "any, cloud or on-premises",
		Sources: []string{"E5", "R17"},
		get:     func(r *Rules) string { return r.PhotoSource.String() },
		choices: photoSourceNames[1:],
		set:     enumSetter(photoSourceNames[:], func(r *Rules, i int) { r.PhotoSource = PhotoSource(i) })},
	{Name: "sharepoint.trigger", Doc: "what makes SharePoint take Exchange's photo: the owner's visits, or the photo service by itself", Values: "visit or service",
		Sources: []string{"E6", "R18"},
		get:     func(r *Rules) string { return r.Trigger.String() },
		choices: triggerNames[1:],
		set:     enumSetter(triggerNames[:], func(r *Rules, i int) { r.Trigger = Trigger(i) })},
	{Name: "sharepoint.maxDelay", Doc: "with sharepoint.trigger service, how long SharePoint may lack Exchange's photo", Values: "a positive duration such as 24h",
		Sources: []string{"E6", "R18"},
		get:     func(r *Rules) string { return FormatDuration(r.MaxDelay) },
		set:     positiveSetter(func(r *Rules) *time.Duration { return &r.MaxDelay })},
	{Name: "teams.serviceCacheTTL", Doc: "how long the Teams service (one for all viewers) may serve a cached photo", Values: "a duration such as 3d",
		Sources: []string{"E7", "R19"},
		get:     func(r *Rules) string { return FormatDuration(r.TeamsServiceCacheTTL) },
		set:     durationSetter(func(r *Rules) *time.Duration { return &r.TeamsServiceCacheTTL })},
	{Name: "teams.clientCacheTTL", Doc: "how long a viewer's Teams client may show a cached photo", Values: "a duration such as 60d",
		Sources: []string{"E7", "R19"},
		get:     func(r *Rules) string { return FormatDuration(r.TeamsClientCacheTTL) },
		set:     durationSetter(func(r *Rules) *time.Duration { return &r.TeamsClientCacheTTL })},
	{Name: "yammer.delay", Doc: "with yammer.sync on-use, how long after open-yammer Yammer may take Exchange's photo", Values: "a positive duration such as 4h",
		Sources: []string{"E8", "R20"},
		get:     func(r *Rules) string { return FormatDuration(r.YammerDelay) },
		set:     positiveSetter(func(r *Rules) *time.Duration { return &r.YammerDelay })},
	{Name: "yammer.editable", Doc: "whether the subject can change the photo in Yammer (Viva Engage)", Values: "true or false",
		Sources: []string{"E8", "R21"},
		get:     func(r *Rules) string { return strconv.FormatBool(r.YammerEditable) },
		choices: boolChoices,
		set:     boolSetter(func(r *Rules) *bool { return &r.YammerEditable })},
	{Name: "photo.userEdits", Doc: "who may change a photo (photoUpdateSettings' allowedRoles): the subject too, or administrators only, which refuses every change by the subject", Values: "allowed or admins-only",
		Sources: []string{"E9"},
		get:     func(r *Rules) string { return r.UserEdits.String() },
		choices: userEditsNames[1:],
		set:     enumSetter(userEditsNames[:], func(r *Rules, i int) { r.UserEdits = UserEdits(i) })},
}

func positiveSetter(field func(*Rules) *time.Duration) func(*Rules, string) error {
	return func(r *Rules, v string) error {
		d, err := ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("not a positive duration")
		}
		*field(r) = d
		return nil
	}
}

func durationSetter(field func(*Rules) *time.Duration) func(*Rules, string) error {
	return func(r *Rules, v string) error {
		d, err := ParseDuration(v)
		if err != nil {
			return err
		}
		*field(r) = d
		return nil
	}
}

func ttlSetter(word string, field func(*Rules) *time.Duration) func(*Rules, string) error {
	return func(r *Rules, v string) error {
		if v == word {
			*field(r) = NoExpiry
			return nil
		}
		return durationSetter(field)(r, v)
	}
}

func formatTTL(d time.Duration, word string) string {
	if d == NoExpiry {
		return word
	}
	return FormatDuration(d)
}

func boolSetter(field func(*Rules) *bool) func(*Rules, string) error {
	return func(r *Rules, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil || (v != "true" && v != "false") {
			return fmt.Errorf("not a boolean")
		}
		*field(r) = b
		return nil
	}
}

func enumSetter(names []string, set func(*Rules, int)) func(*Rules, string) error {
	return func(r *Rules, v string) error {
		i, err := enumParse(names, v, "value")
		if err != nil {
			return err
		}
		set(r, i)
		return nil
	}
}

// maxDuration is the longest duration ParseDuration reads.
const maxDuration = 10000 * 24 * time.Hour

// ParseDuration parses Go duration syntax plus "d" for days ("90s", "3h",
// "3d", "1d12h"). Negative durations are rejected.
func ParseDuration(s string) (time.Duration, error) {
	rest := s
	const limit = maxDuration
	var days time.Duration
	if i := strings.IndexByte(rest, 'd'); i >= 0 {
		n, err := strconv.ParseUint(rest[:i], 10, 16)
		if err != nil || i == 0 {
			return 0, fmt.Errorf("bad duration %q (want e.g. 10s, 3h, 3d, 1d12h)", s)
		}
		days = time.Duration(n) * 24 * time.Hour
		if days > limit {
			return 0, fmt.Errorf("bad duration %q (longer than 10000d)", s)
		}
		rest = rest[i+1:]
		if rest == "" {
			return days, nil
		}
	}
	if rest == "" || strings.ContainsAny(rest, "-+") {
		return 0, fmt.Errorf("bad duration %q (want e.g. 10s, 3h, 3d, 1d12h)", s)
	}
	d, err := time.ParseDuration(rest)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("bad duration %q (want e.g. 10s, 3h, 3d, 1d12h)", s)
	}
	if d > limit || days+d > limit {
		return 0, fmt.Errorf("bad duration %q (longer than 10000d)", s)
	}
	return days + d, nil
}

// FormatDuration prints a duration exactly, the way scenarios write it and
// ParseDuration reads it back: "0s", "10s", "72h", "72h10s", "1h30m",
// "60d", "4d12h" (days from 4 days on, as people write them; hours below,
// as the report counts its 72 h window),
// "1.5s", "0.25s", "13m4.428001659s". The part below a minute is in seconds
// with as many decimals as it needs, unless it is under a millisecond: then
// it is in µs or ns, as Go writes them ("1ns", "1.5µs", "1h999ns"), not
// "0.000000001s".
func FormatDuration(d time.Duration) string {
	if d == 0 {
		return "0s"
	}
	var b strings.Builder
	u := uint64(d) // the magnitude, in ns: exact even for the most negative duration
	if d < 0 {
		b.WriteByte('-')
		u = -u
	}
	const hour, minute, second = uint64(time.Hour), uint64(time.Minute), uint64(time.Second)
	const ms, µs = uint64(time.Millisecond), uint64(time.Microsecond)
	// decimal writes whole.frac, frac having digits digits, without trailing
	// zeros. Integer arithmetic: a float would print 4.428001659 as
	// 4.4280016589999995.
	decimal := func(whole, frac uint64, digits int) string {
		s := fmt.Sprint(whole)
		if frac != 0 {
			s += "." + strings.TrimRight(fmt.Sprintf("%0*d", digits, frac), "0")
		}
		return s
	}
	// People write 60d, not 1440h; 72h as the report counts its window.
	// Past what ParseDuration reads, hours, as Go reads them.
	if days := u / (24 * hour); days >= 4 && u <= uint64(maxDuration) {
		fmt.Fprintf(&b, "%dd", days)
		u %= 24 * hour
	}
	if h := u / hour; h > 0 {
		fmt.Fprintf(&b, "%dh", h)
		u %= hour
	}
	if m := u / minute; m > 0 {
		fmt.Fprintf(&b, "%dm", m)
		u %= minute
	}
	switch {
	case u == 0: // whole minutes or hours
	case u < µs:
		fmt.Fprintf(&b, "%dns", u)
	case u < ms:
		b.WriteString(decimal(u/µs, u%µs, 3) + "µs")
	default:
		b.WriteString(decimal(u/second, u%second, 9) + "s")
	}
	return b.String()
}

// Constants returns every duration the rules compare a clock with, sorted:
// the window, the finite cache TTLs and DirSync's period.
func (r Rules) Constants() []time.Duration {
	set := map[time.Duration]bool{r.Window: true, r.DirSyncInterval: true}
	if r.Trigger == TriggerService {
		set[r.MaxDelay] = true
	}
	if r.YammerSync == YammerOnUse {
		set[r.YammerDelay] = true
	}
	for _, d := range []time.Duration{r.OWACacheTTL, r.LyncCacheTTL, r.OutlookClientCacheTTL, r.BrowserCacheTTL,
		r.TeamsServiceCacheTTL, r.TeamsClientCacheTTL} {
		if d != NoExpiry {
			set[d] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}
