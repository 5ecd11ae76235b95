package engine

import "photosync/model"

// ResetBeliefs makes the Set hold the beliefs given, each as it is (a
// merged belief stays merged, standing for the same states), with nothing
// applied: as Reset does with states, but without listing every state a
// merged belief stands for. A caller that runs one Set's beliefs on under
// other rules (infer's groups of candidates, when one splits) copies them
// so. The beliefs may be another Set's: a Set never changes a belief's
// merged entries in place.
func (s *Set) ResetBeliefs(bs []Belief) {
	s.list, s.acts, s.err = s.list[:0], 0, nil
	s.changed()
	clear(s.index)
	for _, b := range bs {
		s.add(&s.list, b)
	}
	if len(s.list) == 0 {
		s.list = append(s.list, Belief{State: model.Initial()})
	}
	s.merge()
	s.bound(len(s.list), s.bytes(s.list))
}

// AppendKey appends to buf the identity of the belief as bytes: its state
// (model.AppendState), its mask and its merged entries. Two beliefs with
// the same key stand for the same states with the same violations; two
// Sets whose beliefs have the same keys hold the same states.
func (b *Belief) AppendKey(buf []byte) []byte {
	at := len(buf)
	buf = append(buf, 0, 0, 0, 0) // the state's length, then the state
	buf = model.AppendState(buf, &b.State)
	n := len(buf) - at - 4
	buf[at], buf[at+1], buf[at+2], buf[at+3] = byte(n>>24), byte(n>>16), byte(n>>8), byte(n)
	for i := range 8 {
		buf = append(buf, byte(b.Mask>>(8*i)))
	}
	at = len(buf)
	buf = append(buf, 0, 0, 0, 0) // the merged entries' length, then each entry and its values
	if b.alts != nil {
		for _, a := range b.alts.list {
			buf = appendEncoded(buf, a.e, a.vals)
		}
	}
	n = len(buf) - at - 4
	buf[at], buf[at+1], buf[at+2], buf[at+3] = byte(n>>24), byte(n>>16), byte(n>>8), byte(n)
	return buf
}
