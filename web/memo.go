package web

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
)

// memo computes the answer of each key once, in one of the server's
// slots, for every request that asks for it while it computes, and keeps
// the last max answers. It serves deterministic computations only: the
// eras table, a round of the diagnosis.
//
// A computation no request waits for any more (each was cancelled or
// reached the time limit) is stopped at once: its compute's stop reports
// true from then on, the engine and the search it runs stop within a
// fraction of a step, and the key is forgotten, so that the next request
// for it computes it anew. A computation started for requests to come
// (start: the eras table at startup) runs to its end.
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
	waiters int           // requests waiting for it
	keep    bool          // started for requests to come: never stopped
	over    bool          // finished
	stop    atomic.Bool   // nobody wants it any more
	stopped chan struct{} // closed when stop is set
}

// errAbandoned is the answer of a computation nobody wanted any more.
var errAbandoned = errors.New("abandoned")

func newMemo(s *Server, max int) *memo {
	return &memo{s: s, max: max, m: map[string]*memoEntry{}}
}

// get returns key's answer, computing it (compute) if no request has
// yet; while says what it computes, for the message of a request that
// ends first. compute asks stop as often as it can and returns
// errAbandoned once it reports true.
func (m *memo) get(ctx context.Context, key, while string, compute func(stop func() bool) (any, error)) (any, error) {
	m.mu.Lock()
	e := m.entry(key, compute)
	e.waiters++
	m.mu.Unlock()
	select {
	case <-e.done:
		m.leave(key, e)
		if errors.Is(e.err, errAbandoned) { // stopped as this request came: compute anew
			return m.get(ctx, key, while, compute)
		}
		return e.val, e.err
	case <-ctx.Done():
		m.leave(key, e)
		return nil, m.s.stopped(ctx, while)
	}
}

// start starts computing key's answer for requests to come: it runs to
// its end with nobody waiting.
func (m *memo) start(key string, compute func(stop func() bool) (any, error)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.entry(key, compute).keep = true
}

// entry returns key's entry, starting its computation if there is none;
// m.mu is held.
func (m *memo) entry(key string, compute func(stop func() bool) (any, error)) *memoEntry {
	e, ok := m.m[key]
	if !ok {
		e = &memoEntry{done: make(chan struct{}), stopped: make(chan struct{})}
		m.m[key] = e
		go m.run(key, e, compute)
	}
	return e
}

// leave says that a request no longer waits for e; the last one stops it
// unless it is kept or over.
func (m *memo) leave(key string, e *memoEntry) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e.waiters--
	if e.waiters == 0 && !e.keep && !e.over && !e.stop.Load() {
		e.stop.Store(true)
		close(e.stopped)
		if m.m[key] == e {
			delete(m.m, key) // the next request for it computes it anew
		}
	}
}

// run computes e in a slot and keeps it, unless it was stopped.
func (m *memo) run(key string, e *memoEntry, compute func(stop func() bool) (any, error)) {
	defer close(e.done)
	select {
	case m.s.slots <- struct{}{}:
	case <-e.stopped: // nobody wants it any more: it never takes a slot
		e.err = errAbandoned
		return
	}
	defer func() { <-m.s.slots }()
	stop := e.stop.Load
	if stop() {
		e.err = errAbandoned
		return
	}
	var val any
	err := m.s.safely(func() error {
		var err error
		val, err = compute(stop)
		return err
	})
	m.mu.Lock()
	defer m.mu.Unlock()
	if stop() || errors.Is(err, errAbandoned) {
		e.err = errAbandoned
		return
	}
	e.val, e.err, e.over = val, err, true
	m.finished = append(m.finished, key)
	for len(m.finished) > m.max {
		delete(m.m, m.finished[0])
		m.finished = m.finished[1:]
	}
}
