package main

import "fmt"

// diff is `photosync diff`: the shortest experiment that tells two rule sets apart.
func (c cli) diff(args []string) int {
	fmt.Fprintln(c.stderr, "photosync diff: not built yet")
	return exitUsage
}
