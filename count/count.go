// Package count writes numbers as every output of photosync writes them:
// digits in groups of three ("5,520 states", "73,728 candidates"), a noun
// singular for one ("1 group", "2 groups"), and how often something was
// given ("once", "twice", "3 times"). It is the one place of that style:
// reports, errors, the CLI, infer and experiment all call it.
package count

import (
	"strconv"
)

// N writes n with commas between groups of three digits: "7", "5,520",
// "-1,000,000".
func N(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Of writes n and a noun, plural (the noun and "s") unless n is 1:
// "1 state", "5,520 states", "0 groups".
func Of(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return N(n) + " " + noun + "s"
}

// Times writes how many times something happened: "once", "twice",
// "3 times", "0 times".
func Times(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return N(n) + " times"
}
