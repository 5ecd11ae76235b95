// Command scalegen prints the inputs of issue 15's benchmarks, for
// measuring whole processes (/usr/bin/time -v photosync run FILE):
//
//	scalegen pairs N [RULES]                 N change+view pairs
//	scalegen unchecked N RULES [teams] [KNOB=VALUE…]  N lines of changes and unchecked views
//	scalegen obslog N RULES                  an ObservationLog of N lines over 10 weeks
//	scalegen rules N DIR                     N random valid rules files, DIR/random-K.json (K = 1…N)
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"photosync/model"
	"photosync/scenario/scenariotest"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: scalegen pairs|unchecked|obslog|rules N [RULES|DIR] [teams] [KNOB=VALUE…]")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "scalegen:", err)
		os.Exit(2)
	}
	rules := "observed"
	if len(os.Args) > 3 {
		rules = os.Args[3]
	}
	switch os.Args[1] {
	case "pairs":
		fmt.Print(scenariotest.Pairs(rules, n))
	case "unchecked":
		teams := false
		var set [][2]string
		for _, a := range os.Args[4:] {
			if a == "teams" {
				teams = true
			} else if k, v, ok := strings.Cut(a, "="); ok {
				set = append(set, [2]string{k, v})
			}
		}
		fmt.Print(scenariotest.Unchecked(rules, set, n, teams, 1))
	case "rules":
		if len(os.Args) < 4 {
			fmt.Fprintln(os.Stderr, "usage: scalegen rules N DIR")
			os.Exit(2)
		}
		dir := os.Args[3]
		if err := os.MkdirAll(dir, 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "scalegen:", err)
			os.Exit(2)
		}
		for k := 1; k <= n; k++ {
			path := filepath.Join(dir, fmt.Sprintf("random-%d.json", k))
			if err := os.WriteFile(path, []byte(scenariotest.RandomRules(uint64(k))), 0o644); err != nil {
				fmt.Fprintln(os.Stderr, "scalegen:", err)
				os.Exit(2)
			}
		}
	case "obslog":
		r, err := model.Named(rules)
		if err != nil {
			fmt.Fprintln(os.Stderr, "scalegen:", err)
			os.Exit(2)
		}
		fmt.Print(scenariotest.ObservationLog(r, n, 70*24*time.Hour, 1, true))
	default:
		fmt.Fprintln(os.Stderr, "scalegen: unknown input", os.Args[1])
		os.Exit(2)
	}
}
