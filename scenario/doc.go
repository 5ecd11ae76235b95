// Package scenario is the scenario language of SPEC §5: one text format for
// scenarios, counterexamples, distinguishing experiments and observation
// logs from a real tenant. Parse reads it, Format writes it back, and Run
// checks it against the model.
//
// # Grammar
//
// A file is UTF-8 text, read line by line (LF or CRLF; at most
// MaxLineLength bytes a line; no control characters but tab). Tokens are
// separated by spaces and tabs; '#' starts a comment that runs to the end of
// the line, on a line of its own or after a directive. Blank lines and
// comments are kept, so Format reproduces them. Each other line is one
// directive:
//
//	rules NAME|FILE                  at most once, before every other directive
//	set KNOB VALUE                   any number, before the first at; each knob once
//	violates PROPERTY                any number, before the first at; each property once
//	at TIME ACTION                   times from the start, never decreasing
//
// NAME is a built-in rule set (model.NamedRuleSets: observed, documented,
// ideal and the eras of SPEC §6); anything else is a rules file (SPEC §5,
// JSON) relative to the scenario's directory. KNOB and VALUE are a knob of
// model.Knobs and a value it accepts (`photosync rules` lists them). TIME
// is a Go duration with "d" for days: 0s, 9s, 1m9.5s, 72h, 3d, 1d12h.
//
// # Vocabulary
//
// The names of SPEC §1 and §6.1, each with the rule it is about. ACTION is
// one of
//
//	change SOURCE                    a change makes the next photo: v1, v2, … in time order (R1–R4)
//	visit                            the subject visits their My Site (R7)
//	edit-cancel                      the subject edits the photo on My Site and cancels (R9)
//	restart-outlook VIEWER           empties the viewer's Outlook desktop cache (R5)
//	clear-browser-cache VIEWER       empties the viewer's browser entries (R5)
//	restart-teams VIEWER             signs out of Teams and in: empties the viewer's Teams client cache (R19)
//	lync-signin                      the subject signs in to Lync (R10)
//	lync-signout                     the subject signs out of Lync (R10)
//	dirsync                          an administrator runs DirSync now (R3)
//	open-yammer                      the subject opens Yammer / Viva Engage (R20)
//	view SURFACE VIEWER              a view whose photo is not checked
//	expect SURFACE VIEWER = SET      a view; SET must be exactly what it can show
//	observe SURFACE VIEWER PHOTO     a view; PHOTO must be possible; keep only the runs that showed it
//
// SOURCE, the way a photo is changed, is one of
//
//	sharepoint-mysite                the subject on their My Site: Exchange, then SharePoint by R8 (R1)
//	outlook-client                   the subject in Outlook desktop (R2)
//	outlook-online                   the subject in Outlook on the web (R2)
//	lync-client                      the subject in Lync (R2)
//	yammer                           the subject in Yammer: Yammer only, unless yammer.sync two-way (R4, R12)
//	set-userphoto                    an administrator with Set-UserPhoto (R2; refused when retired, R16)
//	active-directory                 an administrator edits AD; DirSync carries it on (R3)
//	graph                            an administrator or an app through Microsoft Graph (§6.1)
//	admin-center                     an administrator in the Microsoft 365 admin center (§6.1)
//	teams-client                     the subject in Teams (§6.1)
//
// A change through a source the rule set disables is refused (§6.1): it
// still makes its photo, and nothing else happens. SURFACE, where a photo is
// seen, is one of
//
//	sharepoint-mysite                SharePoint's large rendition, through the viewer's browser
//	sharepoint-people-search         the medium rendition, through the browser
//	sharepoint-newsfeed              the small rendition, through the browser
//	sharepoint-people-picker         the small rendition, uncached while picker.cacheBusting (C4, R11)
//	sharepoint-search-hover          Outlook on the web's panel (C10), or SharePoint's per hover.source (R11)
//	outlook-online-contact-card      Exchange, through the viewer's Outlook on the web cache
//	outlook-online-email             the same
//	outlook-online-draft             the same
//	outlook-client                   Exchange, through the viewer's Outlook desktop cache
//	lync-client                      Exchange, through Lync's cache; none while the subject is signed out (R10)
//	yammer                           Yammer's own store, uncached (C1)
//	teams-client                     Exchange, through the Teams service cache and the viewer's Teams client cache (R19)
//
// VIEWER, who looks, is one of
//
//	subject                          the user whose photo changes
//	observer                         another user
//	observer2                        a third, when Options.Viewers allows (--viewers 3)
//	observer3                        a fourth (--viewers 4)
//
// PHOTO is none, v0, v1, …; SET is photos joined by '|' without spaces or
// duplicates, such as v0|v1 or none. For example:
//
//	# C6: Outlook on the web caches for less than 10 s.
//	set owa.cacheTTL 10s
//	at 0s   view outlook-online-contact-card observer
//	at 0s   change outlook-online                            # v1
//	at 9s   expect outlook-online-contact-card observer = v0|v1
//	at 10s  expect outlook-online-contact-card observer = v1
//
// Every error names its place and what was wanted:
//
//	s.scenario:12: unknown surface "sharepoint-foo" (want one of sharepoint-mysite, …)
//
// # Running
//
// ResolveRules finds the rule set (a --rules override replaces the rules
// line; set lines apply on top either way), and Run plays the lines in
// order. At each `at` line, time passes to TIME first: the timers due at or
// before it (DirSync's schedule, R8's window opening, the deadlines of R18
// and R20) fire in time order; then the action happens. Lines with the same time happen in file order.
//
// A view through a filled, unexpired cache may show the cached photo or a
// fresh one (R5), so Run follows the set of states the system may be in,
// deduplicated. expect compares the photos shown over all of them with SET;
// observe keeps the states whose view showed PHOTO, and an impossible
// observe stops the run (later lines are "not reached"). After the last
// line, a violates line holds when every remaining run violated the
// property, as judged by Options.Judge (the property catalog); a scenario
// with violates lines cannot run without one.
//
// Run reports one Outcome per checked line, in line order:
//
//	s.scenario:5: ok
//	s.scenario:6: expect outlook-online-contact-card observer = v1: the model allows v0|v1
//	s.scenario:7: observe sharepoint-mysite subject v2: the model allows only v0|v1
//	s.scenario:2: violates sharepoint-change-sticks: not violated (in 2 of 3 possible runs it holds)
//
// # Keeping the state set small
//
// The model forgets what cannot matter (an expired cache entry is an empty
// one; a cache that never expires does not time its entries), and Run merges
// equal states, so an observation log of any length tracks a handful of
// states (see BenchmarkObservationLog);
// TestRunAgainstBruteForce checks Run against a reference that follows every
// branch without forgetting anything.
package scenario
