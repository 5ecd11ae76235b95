package main

import "fmt"

// report is `photosync report`: a bug report of any scenario.
func (c cli) report(args []string) int {
	fmt.Fprintln(c.stderr, "photosync report: not built yet")
	return exitUsage
}
