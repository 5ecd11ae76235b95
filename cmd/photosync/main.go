// Command photosync checks scenarios of how a user's profile photo spreads
// across Microsoft 365 against the model of SPEC §3. Run "photosync help".
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
