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

// TestMemoCancelled: a computation whose requests were all cancelled
// stops at its next check, and the next request computes anew.
func TestMemoCancelled(t *testing.T) {
	s := New(Options{})
	step := make(chan struct{})
	stopped := make(chan bool, 1)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-step; cancel() }()
	_, err := s.roundMemo.get(ctx, "k", "computing", func(wanted func() bool) (any, error) {
		step <- struct{}{}     // the first step is done: the client cancels
		for ctx.Err() == nil { // the handler returns at once; wait for it
			time.Sleep(time.Millisecond)
		}
		time.Sleep(10 * time.Millisecond)
		ok := wanted()
		stopped <- !ok
		if !ok {
			return nil, errAbandoned
		}
		return "v", nil
	})
	if e, ok := err.(*apiError); !ok || e.Status != 499 || strings.Contains(e.Message, "goes on") {
		t.Fatalf("cancelled: %v", err)
	}
	if !<-stopped {
		t.Fatal("the computation went on with nobody waiting")
	}
	if v, err := s.roundMemo.get(context.Background(), "k", "computing", func(func() bool) (any, error) { return "again", nil }); v != "again" || err != nil {
		t.Errorf("the next request: %v %v, want a new computation", v, err)
	}
}

// TestMemoTimeLimit: a request that reaches the time limit after its
// computation started leaves it running, and the same request made again
// gets its answer.
func TestMemoTimeLimit(t *testing.T) {
	s := New(Options{})
	release := make(chan struct{})
	var calls atomic.Int32
	compute := func(wanted func() bool) (any, error) {
		calls.Add(1)
		<-release
		if !wanted() {
			return nil, errAbandoned
		}
		return "v", nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	_, err := s.roundMemo.get(ctx, "k", "computing the round", compute)
	if e, ok := err.(*apiError); !ok || e.Status != 503 || !strings.Contains(e.Message, "goes on computing: ask again") {
		t.Fatalf("past the limit: %v", err)
	}
	close(release)
	if v, err := s.roundMemo.get(context.Background(), "k", "computing", compute); v != "v" || err != nil || calls.Load() != 1 {
		t.Errorf("asked again: %v %v after %d computations", v, err, calls.Load())
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
