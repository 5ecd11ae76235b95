package infer

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"photosync/scenario"
	"photosync/verdicts"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the expected answers under testdata/ (review the diff)")

// TestDroppedGolden runs each log of testdata/dropped, which no candidate
// fits, and compares the answer, as text and as JSON, with NAME.out: one
// line a prediction, with the named rule sets among those that made it.
// A log runs over the default space, or over NAME.json when there is one.
func TestDroppedGolden(t *testing.T) {
	logs, err := filepath.Glob(filepath.Join("testdata", "dropped", "*.log"))
	if err != nil || len(logs) == 0 {
		t.Fatalf("no logs under testdata/dropped: %v", err)
	}
	for _, file := range logs {
		name := strings.TrimSuffix(filepath.Base(file), ".log")
		t.Run(name, func(t *testing.T) {
			sp := Default()
			spaceFile := strings.TrimSuffix(file, ".log") + ".json"
			if data, err := os.ReadFile(spaceFile); err == nil {
				if sp, err = ReadSpace(spaceFile, data, scenario.FileLoader(1<<20)); err != nil {
					t.Fatal(err)
				}
			}
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			lg, err := scenario.Parse(filepath.Base(file), data)
			if err != nil {
				t.Fatal(err)
			}
			in, err := Run(sp, []*scenario.Scenario{lg}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			sum := in.Summary()
			if sum.Fitting != 0 {
				t.Fatalf("%d candidates fit; the corpus is of logs none fits", sum.Fitting)
			}
			var got bytes.Buffer
			WriteText(&got, in, sum, nil, nil, false)
			got.WriteString("\n")
			if err := verdicts.WriteJSON(&got, NewJSON(in, sum, nil, nil)); err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(file, ".log") + ".out"
			if *rewrite {
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test ./infer -run TestDroppedGolden -rewrite writes it)", err)
			}
			if got.String() != string(want) {
				t.Errorf("%s differs (-rewrite rewrites it; review the diff):\n%s", golden, got.String())
			}
		})
	}
}
