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
// # Reading the rules
//
// Each rule of SPEC §3 is one function whose doc comment starts with its id
// (R1 changeMySite, R2 changeExchange, R3 changeActiveDirectory and
// dirSyncRun, R4 and R12 changeYammer, R12 yammerFollows, R5 and R6 view,
// R7 visit, R8 settle, windowOpen and visitCondition, R9 editCancel, R10
// source, R11 source, R13 Initial; of §6, R15 exchangeStays), so a reader
// can check each against the SPEC line by line.
package model
