package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the results in testdata/transcripts/*.txtar from what the commands print now (review the diff)")

// TestTranscripts runs every testdata/transcripts/*.txtar: commands of the
// real command line (run, with the property catalog), in process, and what
// each printed and the code it exited with. Adding a case is adding a file;
// go test ./cmd/photosync -rewrite writes the results of every command, and
// the diff is reviewed as the scenario corpus's is.
//
// A transcript is a txtar archive: a comment, then sections that each
// start with a line "-- NAME --". The comment (required) says what the
// transcript shows. The sections, in order:
//
//	-- PATH --                 an input file, written into the working
//	                           directory before the next command runs
//	-- $ photosync ARGS --     a command, run in the working directory;
//	                           ARGS are split at spaces, 'quoted words'
//	                           keep theirs ('' is an empty argument)
//	-- exit N --               the code it exits with (written always)
//	-- stdout --               what it prints on stdout (when not empty)
//	-- stderr --               what it prints on stderr (when not empty)
//	-- > PATH --               the content of a file it wrote; list the
//	                           files worth reading, not every one
//
// The working directory is a new temporary directory, $WORK; $ROOT is the
// repository. Both may appear in ARGS, and in every output either stands
// for its path, so that a transcript reads the same on every machine.
// Every output ends with a newline (a section cannot say otherwise), and
// -rewrite keeps the comment, the inputs and the commands as they are.
func TestTranscripts(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(root, "cmd/photosync/testdata/transcripts/*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/transcripts/*.txtar (%v)", err)
	}
	for _, file := range files {
		rel, _ := filepath.Rel(root, file)
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			tr, err := parseTranscript(file, data)
			if err != nil {
				t.Fatal(err)
			}
			got := tr.run(t, root)
			if *rewrite {
				if err := os.WriteFile(file, []byte(got.format()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if diff := cmp.Diff(tr.format(), got.format()); diff != "" {
				t.Errorf("%s differs (-file +now; if the change is meant, run go test ./cmd/photosync -rewrite and review the diff):\n%s", rel, diff)
			}
		})
	}
}

// A transcript is a parsed testdata/transcripts file.
type transcript struct {
	comment  string
	sections []section
}

// A section is one "-- NAME --" and the lines under it.
type section struct {
	name, data string
}

// parseTranscript reads a transcript, checking that every command is
// followed by results only and that results follow a command.
func parseTranscript(file string, data []byte) (*transcript, error) {
	tr := &transcript{}
	lines := strings.SplitAfter(string(data), "\n")
	if len(data) > 0 && !strings.HasSuffix(string(data), "\n") {
		return nil, fmt.Errorf("%s: the last line has no newline", file)
	}
	inCommand := false // the results of a command may follow
	for i, line := range lines {
		name, ok := marker(line)
		if !ok {
			if len(tr.sections) == 0 {
				tr.comment += line
			} else {
				tr.sections[len(tr.sections)-1].data += line
			}
			continue
		}
		switch kind, _ := sectionKind(name); kind {
		case "command":
			inCommand = true
		case "exit", "stdout", "stderr", "written":
			if !inCommand {
				return nil, fmt.Errorf("%s:%d: -- %s -- without a command before it (want it after -- $ photosync ARGS --)", file, i+1, name)
			}
		default:
			inCommand = false
		}
		tr.sections = append(tr.sections, section{name: name})
	}
	if strings.TrimSpace(tr.comment) == "" {
		return nil, fmt.Errorf("%s:1: no comment (want a first paragraph saying what the transcript shows)", file)
	}
	for i, s := range tr.sections {
		if kind, _ := sectionKind(s.name); kind == "command" && s.data != "" {
			return nil, fmt.Errorf("%s: -- %s -- has lines under it (want none: the results follow in their own sections)", file, s.name)
		} else if kind == "input" && (s.name == "" || filepath.IsAbs(s.name) || strings.Contains(s.name, "..")) {
			return nil, fmt.Errorf("%s: section %d: input file %q (want a relative path inside $WORK)", file, i+1, s.name)
		}
	}
	return tr, nil
}

// marker returns NAME of a line "-- NAME --".
func marker(line string) (string, bool) {
	line = strings.TrimSuffix(line, "\n")
	if !strings.HasPrefix(line, "-- ") || !strings.HasSuffix(line, " --") || len(line) < 6 {
		return "", false
	}
	return strings.TrimSpace(line[3 : len(line)-3]), true
}

// sectionKind returns what a section is (command, exit, stdout, stderr,
// written or input) and its argument: the command line, the code, the
// written path.
func sectionKind(name string) (string, string) {
	switch {
	case strings.HasPrefix(name, "$ photosync"):
		return "command", strings.TrimSpace(strings.TrimPrefix(name, "$ photosync"))
	case strings.HasPrefix(name, "exit "):
		return "exit", strings.TrimPrefix(name, "exit ")
	case name == "stdout" || name == "stderr":
		return name, ""
	case strings.HasPrefix(name, "> "):
		return "written", strings.TrimPrefix(name, "> ")
	}
	return "input", name
}

// run runs the transcript's commands in a new directory and returns the
// transcript with their results.
func (tr *transcript) run(t *testing.T, root string) *transcript {
	t.Helper()
	work := t.TempDir()
	t.Chdir(work)
	paths := []string{root, work} // the placeholders, in the order they are replaced
	if real, err := filepath.EvalSymlinks(work); err == nil && real != work {
		paths = append(paths, real)
	}
	placeholder := func(text string) string {
		for _, p := range paths {
			name := "$ROOT"
			if p != root {
				name = "$WORK"
			}
			text = strings.ReplaceAll(text, p, name)
		}
		return text
	}
	expand := strings.NewReplacer("$ROOT", root, "$WORK", work).Replace

	out := &transcript{comment: tr.comment}
	for _, s := range tr.sections {
		kind, arg := sectionKind(s.name)
		switch kind {
		case "input":
			path := filepath.Join(work, filepath.FromSlash(s.name))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(s.data), 0o644); err != nil {
				t.Fatal(err)
			}
			out.sections = append(out.sections, s)
		case "command":
			args, err := splitArgs(arg)
			if err != nil {
				t.Fatalf("-- %s --: %v", s.name, err)
			}
			for i := range args {
				args[i] = expand(args[i])
			}
			var stdout, stderr bytes.Buffer
			code := run(args, &stdout, &stderr)
			out.sections = append(out.sections, s, section{name: "exit " + strconv.Itoa(code)})
			for _, o := range []struct {
				name string
				text string
			}{{"stdout", stdout.String()}, {"stderr", stderr.String()}} {
				if o.text == "" {
					continue
				}
				out.sections = append(out.sections, section{name: o.name, data: checkText(t, s.name+" "+o.name, placeholder(o.text))})
			}
		case "written":
			data, err := os.ReadFile(filepath.Join(work, filepath.FromSlash(expand(arg))))
			text := ""
			switch {
			case errors.Is(err, os.ErrNotExist):
				text = "(no such file)\n"
			case err != nil:
				t.Fatal(err)
			default:
				text = checkText(t, s.name, placeholder(string(data)))
			}
			out.sections = append(out.sections, section{name: s.name, data: text})
		}
	}
	return out
}

// checkText fails the test on an output that a section cannot hold: one
// without a final newline, or with a line that reads as a section marker.
func checkText(t *testing.T, what, text string) string {
	t.Helper()
	if !strings.HasSuffix(text, "\n") {
		t.Errorf("%s does not end with a newline:\n%q", what, text)
		text += "\n"
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		if _, ok := marker(line); ok {
			t.Errorf("%s has a line %q, which would read as a section", what, line)
		}
	}
	return text
}

// format writes the transcript back as text.
func (tr *transcript) format() string {
	var b strings.Builder
	b.WriteString(tr.comment)
	for _, s := range tr.sections {
		fmt.Fprintf(&b, "-- %s --\n%s", s.name, s.data)
	}
	return b.String()
}

// splitArgs splits a command line at spaces; 'a quoted word' keeps its
// spaces, and two quotes with nothing between are an empty argument.
func splitArgs(line string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inWord, quoted := false, false
	for _, r := range line {
		switch {
		case r == '\'':
			quoted, inWord = !quoted, true
		case r == ' ' && !quoted:
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
			}
			inWord = false
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		return nil, errors.New("a quote is not closed")
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args, nil
}
