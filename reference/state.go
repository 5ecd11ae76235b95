package reference

import (
	"fmt"
	"strings"
	"time"

	"photosync/model"
)

// pic is a photo as the reference writes it: 0 is none (an empty cache, a
// view that shows no photo), k+1 is vk, the photo of the k-th change (v0 is
// 1: every store's photo at the start).
type pic int

func (p pic) photo() model.Photo {
	if p == 0 {
		return model.NoPhoto
	}
	return model.V(int(p) - 1)
}

func (p pic) String() string { return p.photo().String() }

// entry is one cache entry (R5): the photo it holds (0: empty) and the
// instant it was filled. An entry keeps its instant after it expires:
// nothing is forgotten.
type entry struct {
	p  pic
	at time.Duration
}

// The browser's entries of one viewer: one per SharePoint surface (R5).
const (
	brMySite = iota
	brPeopleSearch
	brNewsfeed
	brPicker
	brHover
	numBrowser
)

// caches are one viewer's caches (R5, R19).
type caches struct {
	owa     entry // Outlook on the web (the search hover shares it, C10)
	outlook entry // the Outlook desktop client
	lync    entry
	teams   entry // the Teams client
	browser [numBrowser]entry
}

// State is one possible state of the system, in full: every store, every
// cache entry with the instant it was filled, and every fact a rule of SPEC
// §3 or §6 reads about the past. It is a comparable value, so a set of
// possible states is a map; two states are one element only when equal in
// every field.
type State struct {
	ad, exchange, yammer pic
	sharepoint           [3]pic // small, medium, large
	made                 int    // how many changes were made: the next makes v(made+1)
	viewer               [model.MaxViewers]caches
	service              entry // the Teams service cache, one for all viewers (R19)

	signedOut     bool // the subject is signed out of Lync (R10)
	mysiteCreated bool // a visit happened (R7)
	// visitCounts: a qualifying visit was made since the last import and
	// counts for R8 (with sharepoint.visitQueues false only one made while
	// the window was open).
	visitCounts bool
	imported    bool          // an import happened (R8, R9)
	lastImport  time.Duration // when the last one happened (under sharepoint.trigger visit; see doc.go)

	exchangeChanges int           // how many times Exchange took a new photo (counted up to 2)
	exchangeLast    time.Duration // when Exchange last took a new photo
	exchangePrev    time.Duration // when it took the one before (R8 last-change)

	adSinceRun    bool // AD changed since DirSync's previous run (R3)
	otherSinceRun pic  // the last photo Exchange took from a source other than DirSync since the previous run (R15); 0: none

	spPending bool          // SharePoint lacks Exchange's photo and has not taken it yet (R18)
	spBegan   time.Duration // when it began to lack it
	yPending  bool          // a take of R20 is pending
	yOpened   time.Duration // the open-yammer that started it
}

// initial is R13 (and its §6.2 extension): every store holds v0, no import
// has happened, My Site not created, the subject signed in to Lync, every
// cache empty, no take pending, no DirSync run yet.
func initial() State {
	v0 := pic(1)
	return State{ad: v0, exchange: v0, yammer: v0, sharepoint: [3]pic{v0, v0, v0}}
}

// String describes the state for test failures.
func (s State) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "AD=%s EX=%s SP=%s/%s/%s YA=%s made=%d", s.ad, s.exchange, s.sharepoint[0], s.sharepoint[1],
		s.sharepoint[2], s.yammer, s.made)
	for v := range s.viewer {
		c := &s.viewer[v]
		name := model.Viewer(v + 1).String()
		for _, e := range []struct {
			n string
			e entry
		}{{"owa", c.owa}, {"outlook", c.outlook}, {"lync", c.lync}, {"teams", c.teams},
			{"browser:mysite", c.browser[brMySite]}, {"browser:people-search", c.browser[brPeopleSearch]},
			{"browser:newsfeed", c.browser[brNewsfeed]}, {"browser:picker", c.browser[brPicker]},
			{"browser:hover", c.browser[brHover]}} {
			if e.e.p != 0 {
				fmt.Fprintf(&b, " %s/%s=%s@%s", name, e.n, e.e.p, model.FormatDuration(e.e.at))
			}
		}
	}
	if s.service.p != 0 {
		fmt.Fprintf(&b, " teams-service=%s@%s", s.service.p, model.FormatDuration(s.service.at))
	}
	for _, f := range []struct {
		on   bool
		name string
	}{{s.signedOut, "signed-out"}, {s.mysiteCreated, "mysite"}, {s.visitCounts, "visit-counts"},
		{s.adSinceRun, "ad-since-run"}} {
		if f.on {
			b.WriteString(" " + f.name)
		}
	}
	if s.imported {
		fmt.Fprintf(&b, " imported@%s", model.FormatDuration(s.lastImport))
	}
	if s.otherSinceRun != 0 {
		fmt.Fprintf(&b, " other-since-run=%s", s.otherSinceRun)
	}
	if s.spPending {
		fmt.Fprintf(&b, " sharepoint-take-since=%s", model.FormatDuration(s.spBegan))
	}
	if s.yPending {
		fmt.Fprintf(&b, " yammer-take-since=%s", model.FormatDuration(s.yOpened))
	}
	return b.String()
}
