package model

import (
	"cmp"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestRuleIndex checks the package doc's rule index against the SPEC and
// the code: every rule R1–R21 and fact E1–E9 of docs/SPEC.md is indexed
// once, nothing else is, each function it names is declared in package
// model, and that function's doc comment cites the id.
func TestRuleIndex(t *testing.T) {
	spec, err := os.ReadFile(filepath.Join("..", "docs", "SPEC.md"))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, m := range regexp.MustCompile(`(?m)^- ([RE][0-9]+) `).FindAllStringSubmatch(string(spec), -1) {
		want = append(want, m[1])
	}
	// The index lists the rules, then the facts, each in number order.
	slices.SortStableFunc(want, func(a, b string) int {
		if a[0] != b[0] {
			return -cmp.Compare(a[0], b[0]) // R before E
		}
		na, _ := strconv.Atoi(a[1:])
		nb, _ := strconv.Atoi(b[1:])
		return cmp.Compare(na, nb)
	})
	if len(want) != 30 {
		t.Fatalf("docs/SPEC.md defines %d rules and facts (%v), want R1–R21 and E1–E9", len(want), want)
	}

	fset := token.NewFileSet()
	docs := map[string][]string{} // function or method name → doc comments
	var pkgDoc string
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if name == "doc.go" && f.Doc != nil {
			pkgDoc = f.Doc.Text()
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				docs[fd.Name.Name] = append(docs[fd.Name.Name], fd.Doc.Text())
			}
		}
	}

	line := regexp.MustCompile(`(?m)^\s*- ([RE][0-9]+) ([^:]+):`)
	indexed := map[string]bool{}
	var order []string
	for _, m := range line.FindAllStringSubmatch(pkgDoc, -1) {
		id := m[1]
		if indexed[id] {
			t.Errorf("%s is indexed twice", id)
		}
		indexed[id] = true
		order = append(order, id)
		cites := regexp.MustCompile(`\b` + id + `\b`)
		for _, fn := range strings.Split(m[2], ", ") {
			ds, ok := docs[fn]
			if !ok {
				t.Errorf("%s: %s is not a function of package model", id, fn)
				continue
			}
			if !cites.MatchString(strings.Join(ds, "\n")) {
				t.Errorf("%s: %s's doc comment does not cite %s", id, fn, id)
			}
		}
	}
	if strings.Join(order, " ") != strings.Join(want, " ") {
		t.Errorf("the rule index lists\n  %s\nwant the SPEC's\n  %s", strings.Join(order, " "), strings.Join(want, " "))
	}
}
