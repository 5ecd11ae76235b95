package experiment

import (
	"encoding/binary"
	"slices"
	"time"

	"photosync/model"
)

// situation is a node of the search: what the system may be in under each
// rule set after the same experiment. Its states are normalized (see
// normalizer), so Now is 0 in every one of them.
type situation struct {
	a, b []model.State
}

// normalizer makes situations that have the same future compare equal, so
// that the search meets each once. Every change it makes is exact: nothing
// the rules, the views or properties.Deadlines read tells a situation from
// its normal form.
//
//   - Time is relative to Now: a running clock is kept as its age (a state
//     at 3h with a clock started at 1h is a state at 0s with the clock
//     started at -2h). The model reads time only through clocks, and
//     DirSync's phase is the age of its own clock, so this loses nothing.
//   - An age beyond limit is limit: the rules compare ages only with their
//     constants and properties.Deadlines aims only at the constants of the
//     rules and of the properties, so once a clock is older than all of them
//     by more than a second, how much older cannot matter.
//   - The History is dropped: only properties read it.
//   - Photos are renumbered in order, over both rule sets' states at once,
//     so that only which stores and caches hold the same photo counts, not
//     how many changes made them. Made becomes the highest number left, so
//     the next change still makes a photo no store holds.
type normalizer struct {
	limit time.Duration // the age every older clock is given
	ids   []int         // scratch: the photo numbers in use
	buf   []byte        // scratch: one state's encoding
}

func newNormalizer(a, b *model.Rules, consts []time.Duration) *normalizer {
	var longest time.Duration
	for _, d := range slices.Concat(a.Constants(), b.Constants(), consts) {
		longest = max(longest, d)
	}
	return &normalizer{limit: longest + 2*time.Second}
}

// normalize rewrites a situation in place into its normal form: relative
// time, capped ages, no history, photos renumbered, and each rule set's
// states without duplicates, sorted by their encoding. It returns the key
// that identifies the normal form.
func (n *normalizer) normalize(s *situation) string {
	n.ids = n.ids[:0]
	for _, list := range [][]model.State{s.a, s.b} {
		for i := range list {
			st := &list[i]
			for c := model.Clock(0); c < model.NumClocks; c++ {
				if !st.Running.Has(c) {
					st.Start[c] = 0
					continue
				}
				st.Start[c] = -min(st.Now-st.Start[c], n.limit)
			}
			st.Now = 0
			st.History = model.History{}
			st.EachPhoto(func(p *model.Photo) {
				if *p != model.NoPhoto {
					n.ids = append(n.ids, p.ID())
				}
			})
		}
	}
	slices.Sort(n.ids)
	n.ids = slices.Compact(n.ids)
	for _, list := range [][]model.State{s.a, s.b} {
		for i := range list {
			st := &list[i]
			st.EachPhoto(func(p *model.Photo) {
				if *p == model.NoPhoto {
					return
				}
				q := model.V(rank(n.ids, p.ID()))
				if p.FromYammer() {
					q = q.MadeInYammer()
				}
				*p = q
			})
			st.Made = uint16(max(len(n.ids)-1, 0))
		}
	}
	var key []byte
	s.a, key = n.sortStates(s.a, key)
	s.b, key = n.sortStates(s.b, key)
	return string(key)
}

func rank(ids []int, id int) int {
	i, _ := slices.BinarySearch(ids, id)
	return i
}

// sortStates sorts normalized states by their encoding, drops duplicates,
// and appends the list to key: the count, then each encoding with its
// length.
func (n *normalizer) sortStates(list []model.State, key []byte) ([]model.State, []byte) {
	type enc struct {
		code string
		s    model.State
	}
	encs := make([]enc, len(list))
	for i, s := range list {
		n.buf = encode(n.buf[:0], &s)
		encs[i] = enc{string(n.buf), s}
	}
	slices.SortFunc(encs, func(x, y enc) int {
		switch {
		case x.code < y.code:
			return -1
		case x.code > y.code:
			return 1
		}
		return 0
	})
	encs = slices.CompactFunc(encs, func(x, y enc) bool { return x.code == y.code })
	list = list[:0]
	key = binary.AppendUvarint(key, uint64(len(encs)))
	for _, e := range encs {
		list = append(list, e.s)
		key = binary.AppendUvarint(key, uint64(len(e.code)))
		key = append(key, e.code...)
	}
	return list, key
}

// The flags of Discrete, one bit each in an encoding.
const (
	flagADChanged = 1 << iota
	flagExchangeChanged
	flagMySiteCreated
	flagVisitPending
	flagLyncSignedOut
)

// encode appends a normalized state (Now 0, no history) to buf: the running
// clocks and their ages, the stores, Made, the filled cache entries and the
// flags. decode reads it back.
func encode(buf []byte, s *model.State) []byte {
	buf = binary.AppendUvarint(buf, uint64(s.Running))
	for c := model.Clock(0); c < model.NumClocks; c++ {
		if s.Running.Has(c) {
			buf = binary.AppendUvarint(buf, uint64(-s.Start[c]))
		}
	}
	for _, p := range []model.Photo{s.ActiveDirectory, s.Exchange, s.SharePoint[0], s.SharePoint[1], s.SharePoint[2], s.Yammer} {
		buf = binary.AppendUvarint(buf, uint64(p))
	}
	buf = binary.AppendUvarint(buf, uint64(s.Made))
	var filled uint64
	var photos []model.Photo
	i := 0
	for v := range s.Cache {
		for c := range s.Cache[v] {
			if p := s.Cache[v][c]; p != model.NoPhoto {
				filled |= 1 << i
				photos = append(photos, p)
			}
			i++
		}
	}
	buf = binary.AppendUvarint(buf, filled)
	for _, p := range photos {
		buf = binary.AppendUvarint(buf, uint64(p))
	}
	var flags byte
	for _, f := range []struct {
		on  bool
		bit byte
	}{{s.ADChanged, flagADChanged}, {s.ExchangeChanged, flagExchangeChanged}, {s.MySiteCreated, flagMySiteCreated},
		{s.VisitPending, flagVisitPending}, {s.LyncSignedOut, flagLyncSignedOut}} {
		if f.on {
			flags |= f.bit
		}
	}
	return append(buf, flags)
}

// reader reads an encoding; a key is only ever made by encode, so it
// trusts its input.
type reader struct {
	b []byte
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	r.b = r.b[n:]
	return v
}

func (r *reader) photo() model.Photo { return model.Photo(r.uvarint()) }

// decode reads a state written by encode.
func decode(b []byte) model.State {
	r := reader{b}
	var s model.State
	s.Running = model.ClockSet(r.uvarint())
	for c := model.Clock(0); c < model.NumClocks; c++ {
		if s.Running.Has(c) {
			s.Start[c] = -time.Duration(r.uvarint())
		}
	}
	s.ActiveDirectory, s.Exchange = r.photo(), r.photo()
	for i := range s.SharePoint {
		s.SharePoint[i] = r.photo()
	}
	s.Yammer = r.photo()
	s.Made = uint16(r.uvarint())
	filled := r.uvarint()
	i := 0
	for v := range s.Cache {
		for c := range s.Cache[v] {
			if filled&(1<<i) != 0 {
				s.Cache[v][c] = r.photo()
			}
			i++
		}
	}
	flags := r.b[0]
	s.ADChanged = flags&flagADChanged != 0
	s.ExchangeChanged = flags&flagExchangeChanged != 0
	s.MySiteCreated = flags&flagMySiteCreated != 0
	s.VisitPending = flags&flagVisitPending != 0
	s.LyncSignedOut = flags&flagLyncSignedOut != 0
	return s
}

// decodeKey reads a situation back from its key.
func decodeKey(key string) situation {
	r := reader{[]byte(key)}
	list := func() []model.State {
		n := int(r.uvarint())
		out := make([]model.State, n)
		for i := range out {
			l := int(r.uvarint())
			out[i] = decode(r.b[:l])
			r.b = r.b[l:]
		}
		return out
	}
	a := list()
	return situation{a: a, b: list()}
}
