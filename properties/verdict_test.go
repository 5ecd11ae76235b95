package properties

import (
	"encoding/json"
	"testing"
)

func TestVerdictWords(t *testing.T) {
	cases := []struct {
		v             Verdict
		word          string
		decided, held bool
	}{
		{Holds, "holds", true, true},
		{HoldsVacuously, "holds vacuously", true, true},
		{Violated, "violated", true, false},
		{Unknown, "unknown", false, false},
		{0, "unset", false, false},
	}
	for _, c := range cases {
		if c.v.String() != c.word || c.v.Decided() != c.decided || c.v.Held() != c.held {
			t.Errorf("%d: %q decided %v held %v; want %q %v %v", c.v, c.v, c.v.Decided(), c.v.Held(), c.word, c.decided, c.held)
		}
		if c.v == 0 {
			if _, err := json.Marshal(c.v); err == nil {
				t.Errorf("an unset verdict was written as JSON")
			}
			continue
		}
		b, err := json.Marshal(c.v)
		if err != nil || string(b) != `"`+c.word+`"` {
			t.Errorf("%s as JSON: %s %v", c.v, b, err)
		}
		var back Verdict
		if err := json.Unmarshal(b, &back); err != nil || back != c.v {
			t.Errorf("%s read back as %s (%v)", b, back, err)
		}
	}
	var v Verdict
	if err := json.Unmarshal([]byte(`"holds vacuous"`), &v); err == nil {
		t.Errorf("a misspelt verdict was read as %s", v)
	}
}
