// Package model is the executable form of SPEC §3: every store, cache and
// transition of how a user's profile photo spreads across Microsoft 365.
//
// # State
//
// A State is a comparable value: the stores (Active Directory, Exchange,
// SharePoint's three renditions, Yammer), each viewer's caches, the flags of
// the rules (My Site created, a visit pending, AD changed since DirSync's last
// run, the subject signed out of Lync), the History the properties judge, and
// the instant each running clock started. Transitions return new values and
// never change their input.
//
// # Rules are data
//
// Every knob of SPEC §3 is a field of Rules, with the named rule sets
// observed, documented and ideal. A proposed rule change is a Rules value,
// read from a rules file by DecodeRules; nothing in the model reads a knob
// from anywhere else.
//
// # Time and choice
//
// The model has no clock and no randomness. Every question about time ("has
// the window opened?", "has this cache expired?") and every choice ("does
// this view show the cached photo or a fresh one?") goes through an Env.
// Step enumerates every outcome in concrete time; the exhaustive explorer
// runs the same code with an Env over clock zones, where a question can have
// both answers. Timers (DirSync's schedule, R8's window opening) fire at
// exactly their instant: Advance fires them in time order, and in the
// explorer a Tick is urgent.
//
// # Caches
//
// Every cache is R5's one mechanism: a viewer's entry holds a photo and
// the instant it was filled (its clock, CacheClock); a view through a
// filled, unexpired entry may show it or the store's photo, refilling it;
// an expired entry is an empty one (normalize forgets it). The route table
// answers every question about them: RouteOf says which cache a view of a
// surface goes through (or none), Rules.TTL how long its entries last, and
// Cache.EmptiedBy which action empties them.
//
// The Teams service cache (R19) has R5's semantics but is not a Cache, for
// a Cache is one entry per viewer (State.Cache) and the service cache is
// one entry for all of them: as a Cache it would be kept once per viewer,
// with every copy held equal to the others, and each place that takes a
// viewer's caches as that viewer's own (views fill only the viewer's
// entries; the explorer keeps one viewer's caches per projection) would
// have to treat it apart. It also sits behind another cache rather than
// before a store, and no action empties it. So it is one field
// (State.TeamsService, with ClockTeamsService), a route says a view reads
// through it (Route.Service), viewTeams stacks it under the client's
// entry, and serviceValid and normalize apply R5 to it.
//
// # Reading the rules
//
// Each rule of SPEC §3 and §6 (R1–R21) and each fact of §6 (E1–E9) is
// owned by the functions this index names, one line each: the id, the
// functions, and what each does for it. Each named function's doc comment
// cites the id, so a reader can check the code against the SPEC line by
// line (TestRuleIndex keeps the index whole and true).
//
//   - R1 changeMySite: a change on My Site writes Exchange and is a visit
//   - R2 changeExchange: the other sources write Exchange
//   - R3 changeActiveDirectory, dirSyncRun, Timers: AD takes the photo; a run copies it; the schedule
//   - R4 changeYammer: Yammer takes the photo, nothing else changes
//   - R5 valid, view, normalize, EmptiedBy, restartOutlook, clearBrowserCache: one mechanism for every cache
//     (a filled, unexpired entry may show its photo; an expired one is empty; an action empties some)
//   - R6 view: a view shows, then has its side effects
//   - R7 visit: visits, qualifying visits, My Site's creation
//   - R8 settle, importWaiting, windowOpen, visitCondition: the import and its two conditions
//   - R9 editCancel: an import at once, whatever the window
//   - R10 RouteOf, source: Lync shows none while the subject is signed out
//   - R11 RouteOf: hover.source and picker.cacheBusting choose the route
//   - R12 changeYammer, yammerFollows: Yammer to Exchange (two-way); Exchange to Yammer
//   - R13 Initial: the start state
//   - R14 DirSyncCopiesPhotos: dirsync.once
//   - R15 exchangeStays: dirsync.conflict
//   - R16 Refusal: setUserPhoto retired
//   - R17 DirSyncCopiesPhotos, Refusal: photo.source cloud; on-premises
//   - R18 settle, importWaiting, takeSharePoint: sharepoint.trigger service, its span and its take
//   - R19 viewTeams, serviceValid, restartTeams: the stacked Teams caches
//   - R20 openYammer, takeYammer: yammer.sync on-use
//   - R21 Refusal: yammer.editable false
//   - E1 SharePoint2013: a visit counts only while the window is open
//   - E2 ExchangeOnline2016: DirSync passed the photo once
//   - E3 Transition2023, exchangeStays: a 30 min cycle; either photo may stay
//   - E4 Transition2023: Set-UserPhoto retired
//   - E5 DirSyncCopiesPhotos, Refusal: photoUpdateSettings' source
//   - E6 Transition2023, takeSharePoint: visit, then wait 24 h; then the Graph photo service
//   - E7 viewTeams: the Teams service and client caches
//   - E8 Transition2023, openYammer: Viva Engage follows on use and cannot be edited
//   - E9 Refusal: photoUpdateSettings' allowedRoles (photo.userEdits)
package model
