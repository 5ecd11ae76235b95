package main

import (
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportSVG: the pictures report writes are well-formed XML
// (testdata/transcripts/report.txtar shows the Markdown).
func TestReportSVG(t *testing.T) {
	dir := files(t, map[string]string{
		"sticks.scenario": "violates sharepoint-change-sticks\nat 0s change sharepoint-mysite\nat 0s change sharepoint-mysite\n" +
			"at 0s expect sharepoint-people-picker observer = v1\n",
		"mismatch.scenario": "at 0s change outlook-online\nat 0s expect yammer observer = v1\n",
	})
	code, stdout, stderr := call(t, dir, nil, "report", "sticks.scenario", "mismatch.scenario")
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, path := range strings.Fields(stdout) {
		if strings.HasSuffix(path, ".svg") {
			wellFormed(t, filepath.Join(dir, path))
		}
	}
}

func wellFormed(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(strings.NewReader(string(data)))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", path, err)
		}
	}
}

// TestReportRefusesOverwritingInput: a report that would overwrite an
// input by another path (a symbolic link, which a transcript cannot make)
// is refused with exit 2 (testdata/transcripts/report-overwrite.txtar
// shows the other cases).
func TestReportRefusesOverwritingInput(t *testing.T) {
	scen := "at 0s change outlook-online\nat 0s expect outlook-online-contact-card observer = v1\n"
	dir := files(t, map[string]string{"real/x.md": scen})
	if err := os.Symlink("real", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := call(t, dir, nil, "report", "--out", "link", "real/x.md")
	want := "photosync report: real/x.md: the report link/x.md would overwrite the input real/x.md (want a FILE.scenario, or --out DIR)\n"
	if code != exitUsage || stdout != "" || stderr != want {
		t.Errorf("exit %d, stdout %q, stderr %q\nwant exit 2, stderr %q", code, stdout, stderr, want)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "real/x.md")); err != nil || string(data) != scen {
		t.Errorf("real/x.md was overwritten: %q, %v", data, err)
	}
}
