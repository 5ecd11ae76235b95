package model

import (
	"encoding/binary"
	"time"
)

// AppendState appends the canonical encoding of s to buf: every field of
// the State, so that two states have the same encoding exactly when they
// are equal (a clock that is not running is 0 in every state, as the Envs
// keep it). It is the one encoding that every deduplicating search keys its
// states by; a test fails when a State field is missing from it. ReadState
// reads it back.
func AppendState(buf []byte, s *State) []byte {
	buf = binary.AppendVarint(buf, int64(s.Now))
	buf = binary.AppendUvarint(buf, uint64(s.Running))
	for c := Clock(0); c < NumClocks; c++ {
		if s.Running.Has(c) {
			buf = binary.AppendVarint(buf, int64(s.Start[c]))
		}
	}
	for _, p := range [...]Photo{s.ActiveDirectory, s.Exchange, s.SharePoint[Small], s.SharePoint[Medium],
		s.SharePoint[Large], s.Yammer, s.TeamsService} {
		buf = binary.AppendUvarint(buf, uint64(p))
	}
	buf = binary.AppendUvarint(buf, uint64(s.Made))
	var filled uint64
	for v := range s.Cache {
		for c := range s.Cache[v] {
			if s.Cache[v][c] != NoPhoto {
				filled |= 1 << (v*int(numCaches) + c)
			}
		}
	}
	buf = binary.AppendUvarint(buf, filled)
	for v := range s.Cache {
		for _, p := range s.Cache[v] {
			if p != NoPhoto {
				buf = binary.AppendUvarint(buf, uint64(p))
			}
		}
	}
	h := &s.History
	buf = binary.AppendUvarint(buf, flags(s.ADChanged, s.ExchangeChanged, s.MySiteCreated, s.VisitPending,
		s.LyncSignedOut, s.ADNewer, s.ExchangeOther, h.QualifiedSinceImport, h.QualifiedWhileHeld, h.SharePointHeld,
		h.VisitedSinceChange))
	return append(buf, h.RestartedSinceChange, h.ClearedSinceChange, h.RestartedNotViewed, h.RestartedTeams)
}

func flags(bits ...bool) uint64 {
	var f uint64
	for i, b := range bits {
		if b {
			f |= 1 << i
		}
	}
	return f
}

// ReadState reads one state written by AppendState from the front of b and
// returns it with the rest of b. It trusts its input: only AppendState
// writes it.
func ReadState(b []byte) (State, []byte) {
	r := stateReader{b}
	var s State
	s.Now = time.Duration(r.varint())
	s.Running = ClockSet(r.uvarint())
	for c := Clock(0); c < NumClocks; c++ {
		if s.Running.Has(c) {
			s.Start[c] = time.Duration(r.varint())
		}
	}
	s.ActiveDirectory, s.Exchange = r.photo(), r.photo()
	for i := range s.SharePoint {
		s.SharePoint[i] = r.photo()
	}
	s.Yammer = r.photo()
	s.TeamsService = r.photo()
	s.Made = uint32(r.uvarint())
	filled := r.uvarint()
	for v := range s.Cache {
		for c := range s.Cache[v] {
			if filled&(1<<(v*int(numCaches)+c)) != 0 {
				s.Cache[v][c] = r.photo()
			}
		}
	}
	f := r.uvarint()
	h := &s.History
	for i, p := range [...]*bool{&s.ADChanged, &s.ExchangeChanged, &s.MySiteCreated, &s.VisitPending,
		&s.LyncSignedOut, &s.ADNewer, &s.ExchangeOther, &h.QualifiedSinceImport, &h.QualifiedWhileHeld,
		&h.SharePointHeld, &h.VisitedSinceChange} {
		*p = f&(1<<i) != 0
	}
	h.RestartedSinceChange, h.ClearedSinceChange, h.RestartedNotViewed, h.RestartedTeams = r.b[0], r.b[1], r.b[2], r.b[3]
	return s, r.b[4:]
}

type stateReader struct{ b []byte }

func (r *stateReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	r.b = r.b[n:]
	return v
}

func (r *stateReader) varint() int64 {
	v, n := binary.Varint(r.b)
	r.b = r.b[n:]
	return v
}

func (r *stateReader) photo() Photo { return Photo(r.uvarint()) }
