package properties_test

import (
	"strings"
	"testing"

	"photosync/model"
	"photosync/properties"
)

// TestCatalogValid: the catalog passes properties.Validate.
func TestCatalogValid(t *testing.T) {
	if err := properties.Validate(properties.Catalog()); err != nil {
		t.Fatal(err)
	}
}

// TestValidateRejects: Validate rejects a catalog with each kind of defect,
// each for its own reason: its error names the property and says what is
// wrong.
func TestValidateRejects(t *testing.T) {
	// good returns a valid property: the catalog's first, with fresh slices.
	good := func() *properties.Property {
		p := properties.Catalog()[0]
		p.Sources = append([]string(nil), p.Sources...)
		p.Reads = append([]model.Surface(nil), p.Reads...)
		p.Deadlines = append([]properties.Deadline(nil), p.Deadlines...)
		return p
	}
	with := func(f func(*properties.Property)) []*properties.Property {
		p := good()
		f(p)
		return []*properties.Property{p}
	}
	noMonitor := func(p *properties.Property) { p.Transition, p.Instant = nil, nil }
	cases := []struct {
		name    string
		catalog []*properties.Property
		want    string // in the error
	}{
		{"empty name", with(func(p *properties.Property) { p.Name = "" }), "name must be"},
		{"upper-case name", with(func(p *properties.Property) { p.Name = "Outlook-converges" }), "name must be"},
		{"space in name", with(func(p *properties.Property) { p.Name = "outlook converges" }), "name must be"},
		{"underscore in name", with(func(p *properties.Property) { p.Name = "outlook_converges" }), "name must be"},
		{"leading dash", with(func(p *properties.Property) { p.Name = "-outlook" }), "name must be"},
		{"trailing dash", with(func(p *properties.Property) { p.Name = "outlook-" }), "name must be"},
		{"double dash", with(func(p *properties.Property) { p.Name = "outlook--converges" }), "name must be"},
		{"punctuation in name", with(func(p *properties.Property) { p.Name = "outlook.converges" }), "name must be"},
		{"duplicate", []*properties.Property{good(), good()}, "duplicate name"},
		{"duplicate in the catalog", append(properties.Catalog(), good()), "duplicate name"},
		{"no kind", with(func(p *properties.Property) { p.Kind = 0 }), "kind not set"},
		{"bad kind", with(func(p *properties.Property) { p.Kind = 7 }), "kind not set"},
		{"no doc", with(func(p *properties.Property) { p.Doc = "" }), "no title line"},
		{"blank title", with(func(p *properties.Property) { p.Doc = "  \nwhat it requires" }), "no title line"},
		{"no sources", with(func(p *properties.Property) { p.Sources = nil }), "no claims or rules cited"},
		{"claim out of range", with(func(p *properties.Property) { p.Sources = append(p.Sources, "C18") }), `source "C18"`},
		{"claim zero", with(func(p *properties.Property) { p.Sources = []string{"C0"} }), `source "C0"`},
		{"leading zero", with(func(p *properties.Property) { p.Sources = []string{"R01"} }), `source "R01"`},
		{"rule out of range", with(func(p *properties.Property) { p.Sources = []string{"R22"} }), `source "R22"`},
		{"era fact out of range", with(func(p *properties.Property) { p.Sources = []string{"E10"} }), `source "E10"`},
		{"lower-case source", with(func(p *properties.Property) { p.Sources = []string{"c1"} }), `source "c1"`},
		{"unknown letter", with(func(p *properties.Property) { p.Sources = []string{"X1"} }), `source "X1"`},
		{"trailing text", with(func(p *properties.Property) { p.Sources = []string{"C1a"} }), `source "C1a"`},
		{"sign", with(func(p *properties.Property) { p.Sources = []string{"C+1"} }), `source "C+1"`},
		{"letter only", with(func(p *properties.Property) { p.Sources = []string{"C"} }), `source "C"`},
		{"section", with(func(p *properties.Property) { p.Sources = []string{"§4"} }), `source "§4"`},
		{"no monitor", with(func(p *properties.Property) { noMonitor(p); p.Reads = nil }), "no monitor"},
		{"reads without a monitor", with(noMonitor), "reads surfaces but has no Transition or Instant monitor"},
		{"unset surface", with(func(p *properties.Property) { p.Reads = append(p.Reads, 0) }), "not a surface"},
		{"surface out of range", with(func(p *properties.Property) { p.Reads = append(p.Reads, 200) }), "not a surface"},
		{"clock out of range", with(func(p *properties.Property) {
			p.Deadlines = append(p.Deadlines, properties.Deadline{Clock: model.NumClocks, After: properties.Window})
		}), "not a clock"},
		{"deadline not positive", with(func(p *properties.Property) {
			p.Deadlines = append(p.Deadlines, properties.Deadline{Clock: model.ClockExchange})
		}), "want a positive duration"},
		{"nil property", []*properties.Property{good(), nil}, "property 1: nil"},
	}
	if err := properties.Validate([]*properties.Property{good()}); err != nil {
		t.Fatalf("the property the cases start from is invalid: %v", err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := properties.Validate(c.catalog)
			if err == nil {
				t.Fatalf("Validate accepted it")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("Validate: %v; want an error saying %q", err, c.want)
			}
		})
	}
	// Every source the SPEC defines is accepted: claims, rules (the era
	// rules of §6.2 too) and era facts.
	for _, src := range []string{"C1", "C17", "R1", "R13", "R14", "R21", "E1", "E8", "E9"} {
		p := good()
		p.Sources = []string{src}
		if err := properties.Validate([]*properties.Property{p}); err != nil {
			t.Errorf("source %s: %v", src, err)
		}
	}
}
