package scenario

import (
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strings"
	"testing"

	"photosync/model"
)

// TestDocVocabulary checks the package doc against the parser: its lists of
// line forms, actions, sources, surfaces and viewers name exactly what
// Parse accepts, and each listed form parses.
func TestDocVocabulary(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	lists := docLists(f.Doc.Text())

	names := func(n int, name func(i int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = name(i)
		}
		return out
	}
	sources, surfaces, viewers := model.Sources(), model.Surfaces(), model.Viewers(model.MaxViewers)
	want := map[string][]string{
		"directive": strings.Split(directiveNames, ", "),
		"ACTION":    strings.Split(actionNames, ", "),
		"SOURCE":    names(len(sources), func(i int) string { return sources[i].String() }),
		"SURFACE":   names(len(surfaces), func(i int) string { return surfaces[i].String() }),
		"VIEWER":    names(len(viewers), func(i int) string { return viewers[i].String() }),
	}
	// Every action a scenario can write is in the parser's list.
	for k := model.ActionKind(1); k.Written(); k++ {
		if !slices.Contains(want["ACTION"], k.String()) {
			t.Errorf("the parser's list of actions lacks %s", k)
		}
	}

	// A placeholder of a listed form, replaced to make a line that parses.
	sample := strings.NewReplacer("NAME|FILE", "observed", "KNOB", "owa.cacheTTL", "VALUE", "10s",
		"PROPERTY", "yammer-agrees", "TIME", "0s", "ACTION", "visit", "SOURCE", "outlook-online",
		"SURFACE", "yammer", "VIEWER", "observer", "SET", "v0", "PHOTO", "v0")
	line := map[string]func(form string) string{
		"directive": sample.Replace,
		"ACTION":    func(form string) string { return "at 0s " + sample.Replace(form) },
		"SOURCE":    func(name string) string { return "at 0s change " + name },
		"SURFACE":   func(name string) string { return "at 0s view " + name + " observer" },
		"VIEWER":    func(name string) string { return "at 0s view yammer " + name },
	}
	for kind, w := range want {
		forms, ok := lists[kind]
		if !ok {
			t.Errorf("the package doc has no list of %s", kind)
			continue
		}
		var got []string
		for _, form := range forms {
			got = append(got, strings.Fields(form)[0])
			if _, err := Parse("doc.scenario", []byte(line[kind](form)+"\n")); err != nil {
				t.Errorf("%s %q of the package doc does not parse: %v", kind, form, err)
			}
		}
		slices.Sort(got)
		w = slices.Sorted(slices.Values(w))
		if !slices.Equal(got, w) {
			t.Errorf("the package doc lists the %s names\n  %s\nthe parser accepts\n  %s", kind,
				strings.Join(got, " "), strings.Join(w, " "))
		}
	}
}

// docLists returns the code blocks of a package doc that list a vocabulary,
// by what they list: the block after "… directive:" and those after
// "ACTION is one of", "SOURCE, …, is one of" and the like; each entry is a
// block's line without its description (the name and its arguments, in
// upper case).
func docLists(doc string) map[string][]string {
	out := map[string][]string{}
	intro := regexp.MustCompile(`(?:\b(ACTION|SOURCE|SURFACE|VIEWER)\b[^.:]* is one of|(directive):)$`)
	form := regexp.MustCompile(`^\t(\S+(?: [A-Z|=]+)*)`)
	paras := strings.Split(doc, "\n\n")
	for i := 1; i < len(paras); i++ {
		if !strings.HasPrefix(paras[i], "\t") {
			continue
		}
		m := intro.FindStringSubmatch(strings.Join(strings.Fields(paras[i-1]), " "))
		if m == nil {
			continue
		}
		kind := m[1] + m[2]
		for l := range strings.SplitSeq(paras[i], "\n") {
			if f := form.FindStringSubmatch(l); f != nil {
				out[kind] = append(out[kind], f[1])
			}
		}
	}
	return out
}
