package counterexamples

import (
	"fmt"
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
	for _, s := range foldPlan(keys, at) {
		if !s.folded {
			for k := s.i; k < s.j; k++ {
				b.WriteString(chunks[k])
			}
			continue
		}
		b.WriteString(foldComment(steps[s.i:s.j], s.size, (s.j-s.i)/s.size))
	}
	return b.String()
}

// foldAtLeast is how many times a block must repeat to be folded: its
// first and last repetitions are written, the others counted.
const foldAtLeast = 4

// maxBlock is the longest block of steps folding looks for.
const maxBlock = 8

// segment is a stretch [i, j) of a sequence of steps: shown step by step,
// or folded, left out but for one line that says what its steps did. A
// fold of repetitions of one block has the block's size; a fold of a
// stretch of any steps (capPlan's) has size 0.
type segment struct {
	i, j   int
	folded bool
	size   int
}

// foldPlan folds a sequence of steps, given each step's shape (keys: two
// steps of one shape do the same at other instants to other photos) and
// instant (at; nil: fold without looking at time): each run of a block of
// at most maxBlock steps repeated back to back at least foldAtLeast times
// is shown as its first and last repetitions with a fold between them.
// With instants, it first folds only blocks that repeat in time too (each
// repetition the same steps at the same offsets, one period after the
// previous), then, in each stretch between those, blocks of the same
// steps at any times. The segments cover every step, in order.
func foldPlan(keys []string, at []time.Duration) []segment {
	f := folder{keys: keys, at: at}
	f.fold(0, len(keys), at != nil)
	return f.segs
}

// folder plans the folds of a sequence of steps.
type folder struct {
	keys []string        // each step's shape
	at   []time.Duration // each step's instant
	segs []segment
}

// fold plans steps [i, j). Strict, it folds only blocks that repeat in
// time too and hands each stretch between them to the loose fold, which
// folds blocks of the same steps at any times.
func (f *folder) fold(i, j int, strict bool) {
	plain := i // the first step not yet planned
	for k := i; k < j; {
		size, reps := f.block(k, j, strict)
		if reps < foldAtLeast || (reps-2)*size < 2 {
			k++
			continue
		}
		if strict {
			f.fold(plain, k, false)
		} else {
			f.show(plain, k)
		}
		f.show(k, k+size)
		first, last := k+size, k+(reps-1)*size // the blocks left out: [first, last)
		f.segs = append(f.segs, segment{i: first, j: last, folded: true, size: size})
		f.show(last, last+size)
		k += reps * size
		plain = k
	}
	if strict {
		f.fold(plain, j, false)
		return
	}
	f.show(plain, j)
}

// show plans steps [i, j) shown, with the shown steps just before them.
func (f *folder) show(i, j int) {
	if i >= j {
		return
	}
	if n := len(f.segs); n > 0 && !f.segs[n-1].folded && f.segs[n-1].j == i {
		f.segs[n-1].j = j
		return
	}
	f.segs = append(f.segs, segment{i: i, j: j})
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

// capPlan folds more of a plan of n steps when it shows more than limit
// of them: every shown step but the first limit/2, the last ones up to
// limit and those pinned (nil: none) joins the folds, neighbouring folds
// becoming one (of size 0 unless it is one fold of the plan unchanged). So
// at most limit steps and the pinned ones are shown.
func capPlan(segs []segment, n, limit int, pinned func(int) bool) []segment {
	var shown []int
	for _, s := range segs {
		if !s.folded {
			for k := s.i; k < s.j; k++ {
				shown = append(shown, k)
			}
		}
	}
	if len(shown) <= limit {
		return segs
	}
	keep := make([]bool, n)
	for x, k := range shown {
		keep[k] = x < limit/2 || x >= len(shown)-(limit-limit/2) || pinned != nil && pinned(k)
	}
	sizes := map[[2]int]int{} // the plan's folds, by their stretch
	for _, s := range segs {
		if s.folded {
			sizes[[2]int{s.i, s.j}] = s.size
		}
	}
	var out []segment
	for k := 0; k < n; {
		j := k + 1
		for j < n && keep[j] == keep[k] {
			j++
		}
		out = append(out, segment{i: k, j: j, folded: !keep[k], size: sizes[[2]int{k, j}]})
		k = j
	}
	return out
}

// shownSteps counts the steps a plan shows.
func shownSteps(segs []segment) int {
	n := 0
	for _, s := range segs {
		if !s.folded {
			n += s.j - s.i
		}
	}
	return n
}

// shape is a step's text with its times and photo numbers gone: two steps
// of one shape do the same at other instants to other photos. Each `at`
// word's instant (the word after it, to the next space) becomes T, then
// each photo's number goes (v12 becomes v): what the regular expressions
// `\bat [^ ]+ ` and `\bv[0-9]+\b` would replace (TestShapeIsTheRegexps),
// a pass each over the text, since a summary shapes hundreds of
// thousands of steps.
func shape(chunk string) string {
	return plainPhotos(plainTimes(chunk))
}

// plainTimes writes "at T " for each "at " that starts a word and is
// followed by a word of no spaces and a space.
func plainTimes(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if strings.HasPrefix(s[i:], "at ") && (i == 0 || !wordByte(s[i-1])) {
			if k := strings.IndexByte(s[i+3:], ' '); k > 0 {
				b.WriteString("at T ")
				i += 3 + k + 1
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// plainPhotos writes "v" for each photo's name, v and digits as a word of
// its own.
func plainPhotos(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if s[i] == 'v' && (i == 0 || !wordByte(s[i-1])) {
			k := i + 1
			for k < len(s) && s[k] >= '0' && s[k] <= '9' {
				k++
			}
			if k > i+1 && (k == len(s) || !wordByte(s[k])) {
				b.WriteByte('v')
				i = k
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// wordByte reports whether c is a word character of a regular expression's
// \b: a letter, a digit or an underscore.
func wordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// foldComment says what a run of left-out blocks did: how many, of which
// steps, how often, until when.
func foldComment(left []explore.Event, size, blocks int) string {
	names := make([]string, len(left))
	at := make([]time.Duration, len(left))
	for k, e := range left {
		names[k], at[k] = e.Action.String(), e.At
	}
	what, every := leftOut(names, at, size)
	steps := "step"
	if size > 1 {
		steps = fmt.Sprintf("%d steps", size)
	}
	return fmt.Sprintf("# … the %s above %s more, left out here (%s)%s, from %s to %s …\n",
		steps, count.Times(blocks), what, every,
		model.FormatDuration(left[0].At), model.FormatDuration(left[len(left)-1].At))
}

// leftOut says what the steps a fold leaves out did (names, one per step,
// at their instants): how many of each ("259,196 × change
// sharepoint-mysite"), and how often a block of size steps (0: a step)
// came (", one every 1.999999s", ", on average one every 2s"; "" for one
// block).
func leftOut(names []string, at []time.Duration, size int) (what, every string) {
	size = max(size, 1)
	var kinds []string
	counts := map[string]int{}
	for _, a := range names {
		if counts[a] == 0 {
			kinds = append(kinds, a)
		}
		counts[a]++
	}
	var parts []string
	for _, a := range kinds {
		parts = append(parts, fmt.Sprintf("%s × %s", count.N(counts[a]), a))
	}
	gaps := map[time.Duration]bool{}
	for k := size; k < len(at); k += size {
		gaps[at[k]-at[k-size]] = true
	}
	if blocks := len(at) / size; blocks > 1 {
		avg := (at[len(at)-size] - at[0]) / time.Duration(blocks-1)
		if len(gaps) == 1 {
			every = ", one every " + model.FormatDuration(avg)
		} else {
			every = ", on average one every " + model.FormatDuration(avg)
		}
	}
	return strings.Join(parts, ", "), every
}
