package counterexamples

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"photosync/count"
	"photosync/model"
	"photosync/properties/explore"
)

// DefaultMaxSteps is how many steps a counterexample, or a report's
// timeline, may have before it is summarised: the default of --max-steps.
const DefaultMaxSteps = 1000

// Steps counts a counterexample's steps: its actions, each a line of the
// scenario that replays it, the timers' firings aside.
func Steps(ex *explore.Counterexample) int { return len(actions(ex)) }

// Bounded writes a counterexample for a reader who may not want megabytes:
// with at most maxSteps steps (0: DefaultMaxSteps), whole, as Scenario
// does (whole is true); a longer one as a summary of at most maxSteps
// lines, each block of steps repeated many times written once with its
// count ("… 129,597 more times the 2 steps above: …"). A summary leaves
// steps out, so it is not a scenario that replays the counterexample, and
// it says so in its first lines, with the --max-steps that writes it
// whole; its violates line is a comment, so that `photosync run` never
// reads it as the claim. When folding repeated blocks leaves more than
// maxSteps lines, the summary is the statement alone: "violated; the
// shortest counterexample has N steps, longer than --max-steps M". The
// verdict is the explorer's either way.
func Bounded(r model.Rules, ex *explore.Counterexample, maxSteps int) (text string, whole bool) {
	if maxSteps <= 0 {
		maxSteps = DefaultMaxSteps
	}
	n := Steps(ex)
	if n <= maxSteps {
		return Scenario(r, ex), true
	}
	p := ex.Property
	head := fmt.Sprintf("# %s (%s)\n# %s\n", p.Title(), p.Kind, ex.Message)
	long := fmt.Sprintf("violated; the shortest counterexample has %s steps, longer than --max-steps %s", count.N(n), count.N(maxSteps))
	text, starts := draft(r, ex)
	body := folded(ex, text, starts)
	if lines := strings.Count(body, "\n"); lines > maxSteps {
		return head + "# " + long + fmt.Sprintf(" (--max-steps %d writes it whole)\n", n), false
	}
	var b strings.Builder
	b.WriteString(head)
	fmt.Fprintf(&b, "# summarised: %s;\n", long)
	fmt.Fprintf(&b, "# the lines below leave out repeated blocks of steps, so they do not replay it (--max-steps %d writes it whole)\n", n)
	b.WriteString(RulesHeader(r))
	fmt.Fprintf(&b, "# violates %s\n", p.Name)
	b.WriteString(body)
	return b.String(), false
}

// folded returns the steps and the closing lines of a counterexample's
// draft, each run of a block of steps repeated at least foldAtLeast times
// written as its first and last repetitions with a comment between that
// counts the rest. starts are the offsets of the steps in text (draft's).
func folded(ex *explore.Counterexample, text string, starts []int) string {
	steps := actions(ex)
	chunks := make([]string, len(steps))
	for k := range steps {
		chunks[k] = strings.ReplaceAll(text[starts[k]:starts[k+1]], pinMark, "")
	}
	return foldSteps(steps, chunks) + strings.ReplaceAll(text[starts[len(steps)]:], pinMark, "")
}

// actions returns a counterexample's steps: its events but the timers'
// firings.
func actions(ex *explore.Counterexample) []explore.Event {
	var steps []explore.Event
	for _, e := range ex.Events {
		if e.Action.Kind != model.Tick {
			steps = append(steps, e)
		}
	}
	return steps
}

// foldSteps writes the text of each step (chunks, one per step), each run
// of a block of steps repeated at least foldAtLeast times written as its
// first and last repetitions with a comment between that counts the rest.
func foldSteps(steps []explore.Event, chunks []string) string {
	keys := make([]string, len(steps))
	at := make([]time.Duration, len(steps))
	for k := range steps {
		at[k] = steps[k].At
		keys[k] = shape(chunks[k])
	}
	var b strings.Builder
	f := folder{b: &b, steps: steps, chunks: chunks, keys: keys, at: at}
	f.fold(0, len(steps), true)
	return b.String()
}

// foldAtLeast is how many times a block must repeat to be folded: its
// first and last repetitions are written, the others counted.
const foldAtLeast = 4

// maxBlock is the longest block of steps folding looks for.
const maxBlock = 8

// folder writes the steps of a draft, folding repeated blocks.
type folder struct {
	b      *strings.Builder
	steps  []explore.Event
	chunks []string        // each step's text
	keys   []string        // each step's shape
	at     []time.Duration // each step's instant
}

// fold writes steps [i, j). Strict, it folds only blocks that repeat in
// time too (each repetition the same steps at the same offsets, one
// period after the previous) and hands each stretch between them to the
// loose fold, which folds blocks of the same steps at any times.
func (f *folder) fold(i, j int, strict bool) {
	plain := i // the first step not yet written
	for k := i; k < j; {
		size, reps := f.block(k, j, strict)
		if reps < foldAtLeast || (reps-2)*size < 2 {
			k++
			continue
		}
		if strict {
			f.fold(plain, k, false)
		} else {
			for ; plain < k; plain++ {
				f.b.WriteString(f.chunks[plain])
			}
		}
		for s := k; s < k+size; s++ {
			f.b.WriteString(f.chunks[s])
		}
		first, last := k+size, k+(reps-1)*size // the blocks left out: [first, last)
		f.b.WriteString(foldComment(f.steps[first:last], size, reps-2))
		for s := last; s < last+size; s++ {
			f.b.WriteString(f.chunks[s])
		}
		k += reps * size
		plain = k
	}
	if strict {
		f.fold(plain, j, false)
		return
	}
	for ; plain < j; plain++ {
		f.b.WriteString(f.chunks[plain])
	}
}

// block returns the block of steps at i (before j) that repeats over the
// most steps: its size and how many times it repeats back to back (1: not
// at all); of blocks that cover as many steps, the shortest.
func (f *folder) block(i, j int, strict bool) (size, reps int) {
	size, reps = 1, 1
	for l := 1; l <= maxBlock && i+2*l <= j; l++ {
		n := 1
		for i+(n+1)*l <= j && repeats(f.keys, f.at, i, l, n, strict) {
			n++
		}
		if n > 1 && n*l > size*reps {
			size, reps = l, n
		}
	}
	return size, reps
}

// repeats reports whether the n-th repetition of the block of l steps at
// i is the block again: the same shapes and, when strict, the same
// offsets from its first step and the same period as the first
// repetition.
func repeats(keys []string, at []time.Duration, i, l, n int, strict bool) bool {
	a, b := keys[i:i+l], keys[i+n*l:i+(n+1)*l]
	if !slices.Equal(a, b) {
		return false
	}
	if !strict {
		return true
	}
	j := i + n*l
	if at[j]-at[j-l] != at[i+l]-at[i] {
		return false
	}
	for k := 1; k < l; k++ {
		if at[j+k]-at[j] != at[i+k]-at[i] {
			return false
		}
	}
	return true
}

var (
	atTime   = regexp.MustCompile(`\bat [^ ]+ `)
	photoNum = regexp.MustCompile(`\bv[0-9]+\b`)
)

// shape is a step's text with its times and photo numbers gone: two steps
// of one shape do the same at other instants to other photos.
func shape(chunk string) string {
	return photoNum.ReplaceAllString(atTime.ReplaceAllString(chunk, "at T "), "v")
}

// foldComment says what a run of left-out blocks did: how many, of which
// steps, how often, until when.
func foldComment(left []explore.Event, size, blocks int) string {
	var kinds []string
	counts := map[string]int{}
	for _, e := range left {
		a := e.Action.String()
		if counts[a] == 0 {
			kinds = append(kinds, a)
		}
		counts[a]++
	}
	var what []string
	for _, a := range kinds {
		what = append(what, fmt.Sprintf("%s × %s", count.N(counts[a]), a))
	}
	gaps := map[time.Duration]bool{}
	for k := size; k < len(left); k += size {
		gaps[left[k].At-left[k-size].At] = true
	}
	every := ""
	if span := left[len(left)-size].At - left[0].At; blocks > 1 {
		avg := span / time.Duration(blocks-1)
		if len(gaps) == 1 {
			every = ", one every " + model.FormatDuration(avg)
		} else {
			every = ", on average one every " + model.FormatDuration(avg)
		}
	}
	steps := "step"
	if size > 1 {
		steps = fmt.Sprintf("%d steps", size)
	}
	return fmt.Sprintf("# … the %s above %s more, left out here (%s)%s, from %s to %s …\n",
		steps, count.Times(blocks), strings.Join(what, ", "), every,
		model.FormatDuration(left[0].At), model.FormatDuration(left[len(left)-1].At))
}
