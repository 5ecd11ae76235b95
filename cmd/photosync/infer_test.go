package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInferReadmeExample keeps the README's example of infer true: its
// lines are what infer prints on examples/notes.log.
func TestInferReadmeExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	code, stdout, _ := call(t, filepath.Join(wd, "../.."), nil, "infer", "examples/notes.log")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	lines := 0
	for _, line := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(line, "61,442 of") || strings.HasPrefix(line, "# observe ") || strings.HasPrefix(line, "Next experiment:") ||
			strings.HasPrefix(line, "at 2m view") || strings.HasPrefix(line, "  yammer.sync ") || strings.HasPrefix(line, "  photo.userEdits ") || strings.HasPrefix(line, "Named rule sets that fit:") {
			lines++
			if !strings.Contains(stdout, strings.TrimSuffix(line, " ...")) && !strings.Contains(stdout, strings.TrimSuffix(line, "...")) {
				t.Errorf("the README shows %q, infer prints:\n%s", line, stdout)
			}
		}
	}
	if lines < 7 {
		t.Errorf("found %d of the README's example lines", lines)
	}
}

// TestInferUncheckedLog: a log of changes and views without one observe
// keeps every candidate apart by what it may hold; infer stops at its
// bound with exit 1 rather than running out of memory.
func TestInferUncheckedLog(t *testing.T) {
	var b strings.Builder
	sources := []string{"outlook-online", "sharepoint-mysite", "yammer", "active-directory"}
	surfaces := []string{"outlook-client", "teams-client", "sharepoint-newsfeed", "lync-client"}
	for i := range 300 {
		if i%5 == 0 {
			fmt.Fprintf(&b, "at %dm change %s\n", i, sources[i/5%len(sources)])
		} else {
			fmt.Fprintf(&b, "at %dm view %s observer\n", i, surfaces[i%len(surfaces)])
		}
	}
	dir := files(t, map[string]string{"views.log": b.String()})
	code, stdout, _ := call(t, dir, nil, "infer", "--next=false", "views.log")
	if code == 0 && !strings.Contains(stdout, "442,371 of 442,371 candidates fit") {
		t.Errorf("exit 0, but not every candidate fits a log without checks:\n%s", stdout)
	}
	if code == 1 && !strings.Contains(stdout, "bounded at 20,000 possible states") {
		t.Errorf("exit 1 without a bound:\n%s", stdout)
	}
	if code > 1 {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
}

// TestInferTimeout: a round past --timeout says so, names the flag and
// exits 1 (a bound, never an answer); a negative duration is bad input.
func TestInferTimeout(t *testing.T) {
	dir := files(t, map[string]string{"tenant.log": "at 0s change outlook-online\nat 1m observe outlook-online-contact-card observer v1\n"})
	code, stdout, stderr := call(t, dir, nil, "infer", "--timeout", "1ns", "tenant.log")
	if code != exitMismatch || stdout != "stopped after the time limit of 1ns (--timeout raises it)\n" || stderr != "" {
		t.Errorf("--timeout 1ns: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	code, _, stderr = call(t, dir, nil, "infer", "--timeout", "-1s", "tenant.log")
	if code != exitUsage || stderr != "photosync infer: --timeout -1s (want a duration ≥ 0)\n" {
		t.Errorf("--timeout -1s: exit %d, stderr %q", code, stderr)
	}
}
