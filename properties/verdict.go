package properties

import "fmt"

// Verdict is a property's verdict under a rule set (SPEC §4.1): holds
// (no run violates it and some run reaches its trigger), holds vacuously
// (no run reaches its trigger), violated (with a shortest counterexample)
// or unknown (a bound stopped the search first). The zero value is unset:
// no verdict was given. Every command speaks of verdicts through this one
// type; JSON writes it as its words.
type Verdict uint8

// The verdicts.
const (
	_              Verdict = iota // unset
	Holds                         // no run violates it, and some run reaches its trigger
	HoldsVacuously                // no run violates it, because no run reaches its trigger
	Violated                      // some run violates it
	Unknown                       // a bound stopped the search before either was shown
)

var verdictWords = [...]string{"", "holds", "holds vacuously", "violated", "unknown"}

// String returns the SPEC's words: "holds", "holds vacuously", "violated",
// "unknown"; "unset" for the zero value.
func (v Verdict) String() string {
	switch {
	case v == 0:
		return "unset"
	case int(v) < len(verdictWords):
		return verdictWords[v]
	}
	return fmt.Sprintf("Verdict(%d)", uint8(v))
}

// Decided reports whether the verdict is holds, holds vacuously or
// violated: the search showed it.
func (v Verdict) Decided() bool { return v == Holds || v == HoldsVacuously || v == Violated }

// Held reports whether no run violates the property: holds or holds
// vacuously.
func (v Verdict) Held() bool { return v == Holds || v == HoldsVacuously }

// MarshalText writes the verdict's words; an unset verdict is an error.
func (v Verdict) MarshalText() ([]byte, error) {
	if v == 0 || int(v) >= len(verdictWords) {
		return nil, fmt.Errorf("properties: cannot write verdict %s", v)
	}
	return []byte(verdictWords[v]), nil
}

// UnmarshalText reads a verdict's words.
func (v *Verdict) UnmarshalText(b []byte) error {
	for i, w := range verdictWords {
		if i > 0 && w == string(b) {
			*v = Verdict(i)
			return nil
		}
	}
	return fmt.Errorf("properties: %q is not a verdict (want holds, holds vacuously, violated or unknown)", b)
}
