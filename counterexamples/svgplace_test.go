package counterexamples

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"photosync/model"
	"photosync/scenario"
)

// storeOf is the store whose photo a property of the corpus judges when it
// judges no surface (issue 16: a yammer-agrees violation was drawn without
// a Yammer row, across the column of an Outlook view).
var storeOf = map[string]model.Store{
	"yammer-agrees":                    model.StoreYammer,
	"sharepoint-change-sticks":         model.StoreSharePoint,
	"every-change-reaches-sharepoint":  model.StoreSharePoint,
	"sharepoint-follows-without-visit": model.StoreSharePoint,
	"sharepoint-follows-within-a-day":  model.StoreSharePoint,
	"dirsync-latest-wins":              model.StoreExchange,
}

// TestViolationsOnTheirRows reads the picture of every corpus
// counterexample back: each red outline lies on its violation's step,
// whose time is the violation's, and on the row of the surface it judges
// (for a property of a store, a surface that shows that store); only a
// property that compares surfaces spans every row.
func TestViolationsOnTheirRows(t *testing.T) {
	files, err := filepath.Glob("testdata/*.scenario")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	num := func(s string) int { n, _ := strconv.Atoi(s); return n }
	outline := regexp.MustCompile(`<g id="violation-(\d+)" class="violation">\n<rect x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)"`)
	lane := regexp.MustCompile(`<g id="lane-([a-z-]+)-([a-z0-9]+)">\n<rect x="\d+" y="(\d+)" width="\d+" height="(\d+)"`)
	step := regexp.MustCompile(`<g id="step-(\d+)">\n<text x="(\d+)"`)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			sc, err := scenario.Parse(f, data)
			if err != nil {
				t.Fatal(err)
			}
			r, err := scenario.ResolveRules(sc, "", scenario.FileLoader(1<<20))
			if err != nil {
				t.Fatal(err)
			}
			rep, err := NewReport("x", sc, r, 2)
			if err != nil {
				t.Fatal(err)
			}
			svg := rep.SVG()
			type span struct{ lo, hi int }
			lanes := map[string]span{} // surface → its row's y range
			var all span
			for i, m := range lane.FindAllStringSubmatch(svg, -1) {
				y, h := num(m[3]), num(m[4])
				lanes[m[1]] = span{y, y + h}
				if i == 0 {
					all.lo = y
				}
				all.hi = y + h
			}
			centre := map[int]int{}
			for _, m := range step.FindAllStringSubmatch(svg, -1) {
				centre[num(m[1])] = num(m[2])
			}
			outlines := outline.FindAllStringSubmatch(svg, -1)
			if len(outlines) != len(rep.Violations) {
				t.Fatalf("%d red outlines, %d violations", len(outlines), len(rep.Violations))
			}
			for _, m := range outlines {
				v := rep.Violations[num(m[1])-1]
				x, y, w, h := num(m[2]), num(m[3]), num(m[4]), num(m[5])
				name := v.Property.Name
				if got := rep.Events[v.Event].At; got != v.At {
					t.Errorf("%s: on step %d at %s, violated at %s", name, v.Event+1, model.FormatDuration(got), model.FormatDuration(v.At))
				}
				if c := centre[v.Event+1]; c < x || c > x+w {
					t.Errorf("%s: outline x %d–%d misses step %d (centre %d)", name, x, x+w, v.Event+1, c)
				}
				var want []string // the surfaces whose row it may be on; nil: across every row
				switch store, ok := storeOf[name]; {
				case ok:
					for s := range lanes {
						if surf, err := model.ParseSurface(s); err == nil && model.RouteOf(&r, surf).Store == store {
							want = append(want, s)
						}
					}
					if len(want) == 0 {
						t.Errorf("%s: no row shows its store %v", name, store)
					}
				case len(v.Property.Reads) == 1 || (len(v.Property.Reads) > 0 && !v.Property.Joint):
					for _, s := range v.Property.Reads {
						if _, ok := lanes[s.String()]; ok {
							want = append(want, s.String())
						}
					}
				}
				if want == nil {
					if y > all.lo || y+h < all.hi {
						t.Errorf("%s: outline y %d–%d, want across every row (%d–%d)", name, y, y+h, all.lo, all.hi)
					}
					continue
				}
				on := false
				for _, s := range want {
					on = on || (y >= lanes[s].lo && y+h <= lanes[s].hi)
				}
				if !on {
					t.Errorf("%s: outline y %d–%d is on none of the rows of %v (%v)", name, y, y+h, want, lanes)
				}
			}
		})
	}
}
