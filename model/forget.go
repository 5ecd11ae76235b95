package model

// Forget clears from s what no rule reads under r, so that states that
// differ only there compare equal; what a view can show and how every
// store and cache changes are the same from s and from the cleared state,
// whatever the actions. It clears:
//
//   - the History, which only the properties read;
//   - the clocks only the properties read: the previous import, any
//     change, settled, and the Teams staleness clocks (which the model
//     reads only to restart themselves);
//   - R8's window clocks when no rule reads them: the import clock unless
//     SharePoint imports on visits (sharepoint.trigger visit) with the
//     window counted from the last import, and the Exchange change clocks
//     unless it imports on visits with the window counted from the last
//     change.
//
// A caller that judges properties must not call it. Under a rule set that
// tracks its reads (TrackReads) it leaves the window clocks unless
// sharepoint.trigger is fixed (Fix) and either is not visit or
// sharepoint.windowFrom is fixed too: deciding whether they are read would
// read those knobs, which a search over undecided knobs must not do for
// nothing.
func Forget(r *Rules, s *State) {
	s.History = History{}
	stop := func(c Clock) {
		s.Running = s.Running.Without(c)
		s.Start[c] = 0
	}
	for _, c := range []Clock{ClockPrevImport, ClockAnyChange, ClockSettled, ClockTeamsServiceStale} {
		stop(c)
	}
	for _, v := range Viewers(MaxViewers) {
		stop(TeamsStaleClock(v))
	}
	if r.varies(kTrigger) {
		return
	}
	visits := r.Trigger == TriggerVisit
	if visits && r.varies(kWindowFrom) {
		return
	}
	if !visits || r.WindowFrom != FromLastImport {
		stop(ClockImport)
	}
	if !visits || r.WindowFrom != FromLastChange {
		stop(ClockExchange)
		stop(ClockPrevExchange)
	}
}
