package scenario

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// addFiles adds the files matching pattern to the fuzzer's seed corpus.
func addFiles(f *testing.F, pattern string) {
	f.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds match %s (%v)", pattern, err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// FuzzParseScenario checks that Parse never panics, and that whatever it
// accepts formats to text that parses back to an equal Scenario, which
// formats to the same text.
func FuzzParseScenario(f *testing.F) {
	addFiles(f, "testdata/*.scenario")
	addFiles(f, "testdata/*/*.scenario")
	f.Add([]byte("at 1.000000001s visit # a\tb\r\n\n#\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := Parse("f.scenario", data)
		if err != nil {
			return
		}
		text := sc.Format()
		back, err := Parse("f.scenario", []byte(text))
		if err != nil {
			t.Fatalf("Format gives text Parse rejects: %v\n%q", err, text)
		}
		if !reflect.DeepEqual(sc, back) {
			t.Fatalf("Parse(Format()) differs (-want +got):\n%s", cmp.Diff(sc, back))
		}
		if again := back.Format(); again != text {
			t.Fatalf("Format is not stable: %q then %q", text, again)
		}
	})
}
