package main

import (
	"fmt"
	"strings"

	"photosync/counterexamples"
	"photosync/properties"
	"photosync/srcpos"
)

// properties is `photosync properties`: the catalog with docs, kinds and
// sources, in the SPEC's order.
func (c cli) properties(args []string) int {
	fs := c.flags("properties", "", exitsOther)
	if code, done := c.parse(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return c.fail("properties", exitUsage, "unexpected argument %s (want none)", srcpos.Quote(fs.Arg(0)))
	}
	fmt.Fprint(c.stdout, describeCatalog(properties.Catalog()))
	return exitOK
}

// describeCatalog writes each property: kind and name, its title, the rest
// of its doc, its trigger (what it speaks of, SPEC §4.1), and the claims
// and rules it comes from.
func describeCatalog(ps []*properties.Property) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s %s\n    %s\n", p.Kind, p.Name, p.Title())
		if _, rest, ok := strings.Cut(p.Doc, "\n"); ok {
			for _, line := range counterexamples.Wrap(rest, 76) {
				fmt.Fprintf(&b, "    %s\n", line)
			}
		}
		for k, line := range counterexamples.Wrap("speaks of: "+p.Trigger.Doc, 76) {
			if k > 0 {
				line = "  " + line
			}
			fmt.Fprintf(&b, "    %s\n", line)
		}
		fmt.Fprintf(&b, "    from: %s\n", strings.Join(p.Sources, ", "))
	}
	return b.String()
}
