package engine

// Splits returns how many times the Set split a merged entry because a
// step depended on it.
func (s *Set) Splits() int { return s.splits }

// Blind makes the Set ignore which entry an action reads, so that only
// the check of mapAlts finds it (and splits it).
func (s *Set) Blind() { s.blind = true }
