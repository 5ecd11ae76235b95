package reference

import (
	"fmt"
	"time"

	"photosync/model"
)

// ttl is a cache's time to live: a duration, or forever (the words
// until-restart and until-cleared of SPEC §3).
type ttl struct {
	d       time.Duration
	forever bool
}

// valid reports whether an entry filled at instant at is unexpired at now
// (R5: an entry expires once its TTL has passed; a TTL of 0s means every
// entry is expired at once).
func (t ttl) valid(at, now time.Duration) bool { return t.forever || now-at < t.d }

// rules is a rule set as the reference reads it: every knob of SPEC §3 and
// §6 by its public name, as text, through model.LookupKnob, so that nothing
// here depends on how the model stores a rule set.
type rules struct {
	window               time.Duration // sharepoint.window
	windowFromLastChange bool          // sharepoint.windowFrom last-change
	visit                string        // sharepoint.visit: after-change, once, never
	visitQueues          bool          // sharepoint.visitQueues
	owa, lync            ttl           // owa.cacheTTL, lync.cacheTTL
	outlook, browser     ttl           // outlookClient.cacheTTL, browser.cacheTTL
	lyncOfflineHides     bool          // lync.offlineHidesPhoto
	hoverSharePoint      bool          // hover.source sharepoint
	pickerBusting        bool          // picker.cacheBusting
	mysiteWritesExchange bool          // mysite.writesExchange
	yammerSync           string        // yammer.sync: none, from-exchange, two-way, on-use
	thumbnails           bool          // dirsync.thumbnails
	interval             time.Duration // dirsync.interval
	once                 bool          // dirsync.once (R14)
	conflict             string        // dirsync.conflict (R15): ad-wins, either, latest-wins
	setUserPhotoRetired  bool          // setUserPhoto retired (R16)
	photoSource          string        // photo.source (R17): any, cloud, on-premises
	service              bool          // sharepoint.trigger service (R18)
	maxDelay             time.Duration // sharepoint.maxDelay (R18)
	teamsService         ttl           // teams.serviceCacheTTL (R19)
	teamsClient          ttl           // teams.clientCacheTTL (R19)
	yammerDelay          time.Duration // yammer.delay (R20)
	yammerEditable       bool          // yammer.editable (R21)
	adminsOnly           bool          // photo.userEdits admins-only (§6.5)
}

// knobReader reads knobs by name from one rule set and remembers the first
// error.
type knobReader struct {
	r   model.Rules
	err error
}

// text returns the knob's value; def when the model has no such knob yet
// (a knob of the SPEC the model does not know is read at its default).
func (k *knobReader) text(name, def string) string {
	knob, err := model.LookupKnob(name)
	if err != nil {
		if def != "" {
			return def
		}
		k.fail(fmt.Errorf("reference: %v", err))
		return ""
	}
	return knob.Get(k.r)
}

func (k *knobReader) fail(err error) {
	if k.err == nil {
		k.err = err
	}
}

func (k *knobReader) oneOf(name string, values ...string) string {
	v := k.text(name, "")
	for _, w := range values {
		if v == w {
			return v
		}
	}
	k.fail(fmt.Errorf("reference: knob %s is %q (want one of %v)", name, v, values))
	return values[0]
}

func (k *knobReader) flag(name string) bool { return k.oneOf(name, "true", "false") == "true" }

func (k *knobReader) duration(name string) time.Duration {
	v := k.text(name, "")
	d, err := model.ParseDuration(v)
	if err != nil || d < 0 {
		k.fail(fmt.Errorf("reference: knob %s is %q (want a duration)", name, v))
	}
	return d
}

// ttl reads a cache TTL: a duration, or word for no expiry.
func (k *knobReader) ttl(name, word string) ttl {
	if word != "" && k.text(name, "") == word {
		return ttl{forever: true}
	}
	return ttl{d: k.duration(name)}
}

// readRules reads every knob of r by name.
func readRules(r model.Rules) (rules, error) {
	k := &knobReader{r: r}
	rs := rules{
		window:               k.duration("sharepoint.window"),
		windowFromLastChange: k.oneOf("sharepoint.windowFrom", "last-import", "last-change") == "last-change",
		visit:                k.oneOf("sharepoint.visit", "after-change", "once", "never"),
		visitQueues:          k.flag("sharepoint.visitQueues"),
		owa:                  k.ttl("owa.cacheTTL", ""),
		lync:                 k.ttl("lync.cacheTTL", ""),
		outlook:              k.ttl("outlookClient.cacheTTL", "until-restart"),
		browser:              k.ttl("browser.cacheTTL", "until-cleared"),
		lyncOfflineHides:     k.flag("lync.offlineHidesPhoto"),
		hoverSharePoint:      k.oneOf("hover.source", "outlook-online", "sharepoint") == "sharepoint",
		pickerBusting:        k.flag("picker.cacheBusting"),
		mysiteWritesExchange: k.flag("mysite.writesExchange"),
		yammerSync:           k.oneOf("yammer.sync", "none", "from-exchange", "two-way", "on-use"),
		thumbnails:           k.flag("dirsync.thumbnails"),
		interval:             k.duration("dirsync.interval"),
		once:                 k.flag("dirsync.once"),
		conflict:             k.oneOf("dirsync.conflict", "ad-wins", "either", "latest-wins"),
		setUserPhotoRetired:  k.oneOf("setUserPhoto", "enabled", "retired") == "retired",
		photoSource:          k.oneOf("photo.source", "any", "cloud", "on-premises"),
		service:              k.oneOf("sharepoint.trigger", "visit", "service") == "service",
		maxDelay:             k.duration("sharepoint.maxDelay"),
		teamsService:         k.ttl("teams.serviceCacheTTL", ""),
		teamsClient:          k.ttl("teams.clientCacheTTL", ""),
		yammerDelay:          k.duration("yammer.delay"),
		yammerEditable:       k.flag("yammer.editable"),
	}
	// §6.5 photo.userEdits: read at its default (allowed) while the model
	// does not have it.
	switch v := k.text("photo.userEdits", "allowed"); v {
	case "allowed":
	case "admins-only":
		rs.adminsOnly = true
	default:
		k.fail(fmt.Errorf("reference: knob photo.userEdits is %q (want allowed or admins-only)", v))
	}
	if k.err == nil && rs.interval <= 0 {
		k.fail(fmt.Errorf("reference: knob dirsync.interval is %s (want a positive duration)", model.FormatDuration(rs.interval)))
	}
	return rs, k.err
}

// subjectSources are the sources by which the subject (not an
// administrator) changes the photo (SPEC §1, §6.1, §6.5).
var subjectSources = map[string]bool{"sharepoint-mysite": true, "outlook-client": true, "outlook-online": true,
	"lync-client": true, "teams-client": true, "yammer": true}

// refused reports whether a change through the source named src is refused
// (§6.1): R16, R17, R21 and §6.5.
func (rs *rules) refused(src string) bool {
	switch {
	case src == "set-userphoto" && rs.setUserPhotoRetired: // R16
		return true
	case src == "yammer" && !rs.yammerEditable: // R21
		return true
	case rs.photoSource == "on-premises" && src != "active-directory" && src != "yammer": // R17
		return true
	case rs.adminsOnly && subjectSources[src]: // §6.5
		return true
	}
	return false
}
