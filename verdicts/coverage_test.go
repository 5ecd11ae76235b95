package verdicts

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"photosync/model"
	"photosync/properties/explore"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the expected coverage under testdata/coverage (review the diff)")

// Every case explores with one viewer to depth 4, so that the goldens cost
// a fraction of a second each; the text says it is bounded.
const (
	coverageViewers = 1
	coverageDepth   = 4
)

// TestCoverageGolden: for each rules file testdata/coverage/NAME.json,
// check's coverage text is NAME.txt (rewrite with -rewrite), and the JSON
// names the same rules not reached as the text.
func TestCoverageGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "coverage", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases under testdata/coverage: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			r, err := model.DecodeRules(file, data)
			if err != nil {
				t.Fatal(err)
			}
			cfg := explore.Config{Rules: r, Viewers: coverageViewers, MaxDepth: coverageDepth, Coverage: true}
			tb, err := Check(cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(tb.Columns) > 1 && tb.Columns[1].Result.Coverage != nil {
				t.Errorf("the base %s has coverage: it is column 0's alone", tb.Columns[1].Name)
			}
			res := tb.Columns[0].Result
			if res.Coverage == nil {
				t.Fatal("no coverage")
			}
			got := CoverageText(res.Coverage)
			if !strings.Contains(tb.CheckText(false), got) {
				t.Errorf("check's text does not carry the coverage text")
			}
			golden := filepath.Join("testdata", "coverage", name+".txt")
			if *rewrite {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -rewrite to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs (run with -rewrite and review the diff); got:\n%s", golden, got)
			}

			var buf bytes.Buffer
			if err := WriteJSON(&buf, tb.CheckReport(false)); err != nil {
				t.Fatal(err)
			}
			var rep struct {
				Coverage *CoverageReport `json:"coverage"`
			}
			if err := json.Unmarshal(buf.Bytes(), &rep); err != nil || rep.Coverage == nil {
				t.Fatalf("--json: %v, coverage %v", err, rep.Coverage)
			}
			line := "not reached: none"
			if len(rep.Coverage.NotReached) > 0 {
				var names []string
				for _, id := range rep.Coverage.NotReached {
					for _, sr := range model.SpecRules() {
						if sr.ID == id {
							names = append(names, id+" ("+sr.Title+")")
						}
					}
				}
				line = "not reached: " + strings.Join(names, ", ")
			}
			if !strings.Contains(got, line+"\n") {
				t.Errorf("the JSON's not_reached %v is not the text's", rep.Coverage.NotReached)
			}
			if len(rep.Coverage.Rules) != len(model.SpecRules()) || rep.Coverage.Transitions != res.Transitions {
				t.Errorf("JSON: %d rules, %d transitions (want %d, %d)", len(rep.Coverage.Rules),
					rep.Coverage.Transitions, len(model.SpecRules()), res.Transitions)
			}
		})
	}
}

// TestNoCoverageWithout: without Config.Coverage, neither the text nor the
// JSON says anything of coverage.
func TestNoCoverageWithout(t *testing.T) {
	tb, err := Check(explore.Config{Rules: model.Ideal(), Viewers: 1, MaxDepth: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	WriteJSON(&buf, tb.CheckReport(false))
	if strings.Contains(tb.CheckText(false), "rule coverage") || strings.Contains(buf.String(), `"coverage"`) {
		t.Error("coverage printed without --coverage")
	}
}
