package main

import "fmt"

// properties is `photosync properties`: the catalog.
func (c cli) properties(args []string) int {
	fmt.Fprintln(c.stderr, "photosync properties: not built yet")
	return exitUsage
}
