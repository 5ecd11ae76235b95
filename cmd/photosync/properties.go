package main

import (
	"fmt"
	"strings"

	"photosync/properties"
)

// properties is `photosync properties`: the catalog with docs, kinds and
// sources, in the SPEC's order.
func (c cli) properties(args []string) int {
	fs := c.flags("properties", "")
	if code, done := parse(fs, args, c.stdout); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(c.stderr, "photosync properties: unexpected argument %q (want none)\n", fs.Arg(0))
		return exitUsage
	}
	fmt.Fprint(c.stdout, describeCatalog(properties.Catalog()))
	return exitOK
}

// describeCatalog writes each property: kind and name, its title, the rest
// of its doc, and the claims and rules it comes from.
func describeCatalog(ps []*properties.Property) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s %s\n    %s\n", p.Kind, p.Name, p.Title())
		if _, rest, ok := strings.Cut(p.Doc, "\n"); ok {
			for _, line := range wrap(rest, 76) {
				fmt.Fprintf(&b, "    %s\n", line)
			}
		}
		fmt.Fprintf(&b, "    from: %s\n", strings.Join(p.Sources, ", "))
	}
	return b.String()
}

// wrap breaks text into lines of at most width bytes, keeping a number with
// its unit ("10 s", "72 h").
func wrap(text string, width int) []string {
	var words []string
	for _, w := range strings.Fields(text) {
		if n := len(words); n > 0 && (w == "s" || w == "h" || strings.HasPrefix(w, "s,") || strings.HasPrefix(w, "h,") ||
			strings.HasPrefix(w, "s.") || strings.HasPrefix(w, "h.")) && strings.IndexFunc(words[n-1], notDigit) < 0 {
			words[n-1] += " " + w
			continue
		}
		words = append(words, w)
	}
	var lines []string
	line := ""
	for _, w := range words {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

func notDigit(r rune) bool { return r < '0' || r > '9' }
