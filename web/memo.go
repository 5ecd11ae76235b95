package web

import (
	"context"
	"errors"
	"sync"
)

// memo computes the answer of each key once, in one of the server's
// slots, for every request that asks for it while it computes, and keeps
// the last max answers. It serves deterministic computations only: the
// eras table, a round of the diagnosis.
//
// A computation no request waits for any more is forgotten at the next
// point it checks (its compute's wanted), unless a request gave up on it
// at the time limit after it started: then it runs on, so that the same
// request made again finds its answer (a round that takes longer than the
// limit still ends, and the person asks again). A request the client
// cancelled leaves nothing wanted behind.
type memo struct {
	s        *Server
	max      int
	mu       sync.Mutex
	m        map[string]*memoEntry
	finished []string // keys of the finished entries, oldest first
}

type memoEntry struct {
	done    chan struct{} // closed when val and err are set
	val     any
	err     error
	waiters int  // requests waiting for it
	started bool // it holds a slot and computes
	keep    bool // a request gave up on it at the time limit: finish it anyway
}

// errAbandoned is the answer of a computation nobody wanted any more.
var errAbandoned = errors.New("abandoned")

func newMemo(s *Server, max int) *memo {
	return &memo{s: s, max: max, m: map[string]*memoEntry{}}
}

// get returns key's answer, computing it (compute) if no request has
// yet; while says what it computes, for the message of a request that
// ends first. compute calls wanted between its steps and stops, with
// errAbandoned, when it reports false.
func (m *memo) get(ctx context.Context, key, while string, compute func(wanted func() bool) (any, error)) (any, error) {
	m.mu.Lock()
	e := m.entry(key, compute)
	e.waiters++
	m.mu.Unlock()
	select {
	case <-e.done:
		m.leave(e, false)
		if errors.Is(e.err, errAbandoned) { // between its last check and now: compute anew
			return m.get(ctx, key, while, compute)
		}
		return e.val, e.err
	case <-ctx.Done():
		timedOut := errors.Is(ctx.Err(), context.DeadlineExceeded)
		m.leave(e, timedOut)
		if timedOut && m.started(e) {
			while += " (it goes on computing: ask again for its answer)"
		}
		return nil, m.s.stopped(ctx, while)
	}
}

// start starts computing key's answer for requests to come: it runs to
// its end with nobody waiting.
func (m *memo) start(key string, compute func(wanted func() bool) (any, error)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.entry(key, compute).keep = true
}

// entry returns key's entry, starting its computation if there is none;
// m.mu is held.
func (m *memo) entry(key string, compute func(wanted func() bool) (any, error)) *memoEntry {
	e, ok := m.m[key]
	if !ok {
		e = &memoEntry{done: make(chan struct{})}
		m.m[key] = e
		go m.run(key, e, compute)
	}
	return e
}

func (m *memo) leave(e *memoEntry, timedOut bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e.waiters--
	if timedOut && e.started {
		e.keep = true
	}
}

func (m *memo) started(e *memoEntry) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return e.started
}

// run computes e in a slot and keeps it, or forgets it when nobody wants
// it.
func (m *memo) run(key string, e *memoEntry, compute func(wanted func() bool) (any, error)) {
	defer close(e.done)
	m.s.slots <- struct{}{}
	defer func() { <-m.s.slots }()
	wanted := func() bool {
		m.mu.Lock()
		defer m.mu.Unlock()
		if e.waiters > 0 || e.keep {
			e.started = true
			return true
		}
		delete(m.m, key) // the next request for it computes it anew
		return false
	}
	if !wanted() {
		e.err = errAbandoned
		return
	}
	e.err = m.s.safely(func() error {
		var err error
		e.val, err = compute(wanted)
		return err
	})
	if errors.Is(e.err, errAbandoned) {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.finished = append(m.finished, key)
	for len(m.finished) > m.max {
		delete(m.m, m.finished[0])
		m.finished = m.finished[1:]
	}
}
