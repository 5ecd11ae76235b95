package web

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestMemoOnce: requests for one key at once share one computation.
func TestMemoOnce(t *testing.T) {
	s := New(Options{})
	var calls atomic.Int32
	release := make(chan struct{})
	compute := func(func() bool) (any, error) { calls.Add(1); <-release; return "v", nil }
	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, err := s.roundMemo.get(context.Background(), "k", "computing", compute); v != "v" || err != nil {
				t.Errorf("%v %v", v, err)
			}
		}()
	}
	time.Sleep(20 * time.Millisecond)
	close(release)
	wg.Wait()
	if v, _ := s.roundMemo.get(context.Background(), "k", "computing", compute); v != "v" || calls.Load() != 1 {
		t.Errorf("%d computations, want 1", calls.Load())
	}
}

// untilStopped is a computation that runs until stop reports true (at
// most 10 s), then tells stopped when it saw it.
func untilStopped(calls *atomic.Int32, stopped chan<- time.Time) func(func() bool) (any, error) {
	return func(stop func() bool) (any, error) {
		calls.Add(1)
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			if stop() {
				stopped <- time.Now()
				return nil, errAbandoned
			}
		}
		stopped <- time.Time{}
		return "v", nil
	}
}

// TestMemoCancelled: a computation whose requests were all cancelled is
// told to stop at once, and the next request computes anew.
func TestMemoCancelled(t *testing.T) {
	s := New(Options{})
	var calls atomic.Int32
	stopped := make(chan time.Time, 1)
	ctx, cancel := context.WithCancel(context.Background())
	var cancelled time.Time
	time.AfterFunc(20*time.Millisecond, func() { cancelled = time.Now(); cancel() })
	_, err := s.roundMemo.get(ctx, "k", "computing", untilStopped(&calls, stopped))
	if e, ok := err.(*apiError); !ok || e.Status != 499 || !strings.HasPrefix(e.Message, "cancelled while computing") {
		t.Fatalf("cancelled: %v", err)
	}
	// Under load the cancel may come before the memo starts the
	// computation, which it then rightly never starts; a computation that
	// started must stop when told, long before its own 10 s deadline.
	select {
	case at := <-stopped:
		if at.IsZero() || at.Sub(cancelled) > 5*time.Second {
			t.Fatalf("the computation went on with nobody waiting (stopped %v after the cancel)", at.Sub(cancelled))
		}
	case <-time.After(12 * time.Second):
		if calls.Load() != 0 {
			t.Fatal("the computation started and never stopped")
		}
	}
	if v, err := s.roundMemo.get(context.Background(), "k", "computing", func(func() bool) (any, error) { return "again", nil }); v != "again" || err != nil {
		t.Errorf("the next request: %v %v, want a new computation", v, err)
	}
}

// TestMemoTimeLimit: a request that reaches the time limit stops its
// computation and says which limit stopped it; the same request made
// again computes anew. A computation started for requests to come
// (start) runs on when a request for it gives up.
func TestMemoTimeLimit(t *testing.T) {
	s := New(Options{Timeout: 30 * time.Millisecond})
	var calls atomic.Int32
	stopped := make(chan time.Time, 1)
	ctx, cancel := context.WithTimeout(context.Background(), s.opts.Timeout)
	defer cancel()
	_, err := s.roundMemo.get(ctx, "k", "computing the round", untilStopped(&calls, stopped))
	if e, ok := err.(*apiError); !ok || e.Status != 503 ||
		e.Message != "stopped after the time limit of 0.03 s while computing the round (photosync serve --timeout raises it)" {
		t.Fatalf("past the limit: %v", err)
	}
	if at := <-stopped; at.IsZero() {
		t.Fatal("the computation went on past the limit")
	}
	if v, err := s.roundMemo.get(context.Background(), "k", "computing", func(func() bool) (any, error) { calls.Add(1); return "v", nil }); v != "v" || err != nil || calls.Load() != 2 {
		t.Errorf("asked again: %v %v after %d computations, want a second", v, err, calls.Load())
	}

	release := make(chan struct{})
	s.erasMemo.start("2", func(stop func() bool) (any, error) {
		<-release
		if stop() {
			return nil, errAbandoned
		}
		return "table", nil
	})
	ctx2, cancel2 := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel2()
	if _, err := s.erasMemo.get(ctx2, "2", "computing", nil); err == nil {
		t.Fatal("the table came before it was computed")
	}
	close(release)
	if v, err := s.erasMemo.get(context.Background(), "2", "computing", nil); v != "table" || err != nil {
		t.Errorf("the started table: %v %v", v, err)
	}
}

// TestMemoWaitsForSlot: a request that gives up while its computation
// waits for a slot leaves nothing to compute.
func TestMemoWaitsForSlot(t *testing.T) {
	s := New(Options{Workers: 1})
	s.slots <- struct{}{}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	var calls atomic.Int32
	compute := func(func() bool) (any, error) { calls.Add(1); return "v", nil }
	if _, err := s.roundMemo.get(ctx, "k", "computing", compute); err == nil || strings.Contains(err.Error(), "goes on") {
		t.Fatalf("waiting: %v", err)
	}
	<-s.slots
	for range 100 {
		s.roundMemo.mu.Lock()
		n := len(s.roundMemo.m)
		s.roundMemo.mu.Unlock()
		if n == 0 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if calls.Load() != 0 || len(s.roundMemo.m) != 0 {
		t.Errorf("%d computations, %d entries, want none", calls.Load(), len(s.roundMemo.m))
	}
}

// TestMemoKeepsTheLast: the memo keeps its last max answers; an error is
// an answer; a panic is the checker's (500).
func TestMemoKeepsTheLast(t *testing.T) {
	s := New(Options{})
	m := newMemo(s, 2)
	var calls atomic.Int32
	compute := func(v string) func(func() bool) (any, error) {
		return func(func() bool) (any, error) { calls.Add(1); return v, nil }
	}
	for _, k := range []string{"a", "b", "c", "b", "a"} {
		m.get(context.Background(), k, "computing", compute(k))
	}
	if calls.Load() != 4 { // a, b, c, then a again (b was kept)
		t.Errorf("%d computations, want 4", calls.Load())
	}
	bad := errors.New("bad")
	m.get(context.Background(), "e", "computing", func(func() bool) (any, error) { calls.Add(1); return nil, bad })
	if _, err := m.get(context.Background(), "e", "computing", compute("x")); err != bad {
		t.Errorf("error: %v", err)
	}
	if _, err := m.get(context.Background(), "p", "computing", func(func() bool) (any, error) { panic("boom") }); err == nil || !strings.Contains(err.Error(), "panic: boom") {
		t.Errorf("panic: %v", err)
	}
}
