package engine

import "photosync/model"

// Splits returns how many times the Set split a merged entry because a
// step depended on it.
func (s *Set) Splits() int { return s.splits }

// Blind makes the Set ignore which entry an action reads, so that only
// the check of mapAlts finds it (and splits it).
func (s *Set) Blind() { s.blind = true }

// CoversState reports whether state y covers state x: they are alike but
// in their Teams entries, and each of y's covers x's (see covers).
func CoversState(y, x *model.State) bool {
	z := *x
	for e := range entry(numEntries) {
		if !teamsEntry(e) {
			continue
		}
		if !covers(e.get(y), e.get(x)) {
			return false
		}
		e.set(&z, e.get(y))
	}
	return z == *y
}

// OutsideTeams returns s with its Teams entries emptied.
func OutsideTeams(s model.State) model.State {
	for e := range entry(numEntries) {
		if teamsEntry(e) {
			e.set(&s, value{})
		}
	}
	return s
}
