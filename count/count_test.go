package count

import (
	"math"
	"testing"
)

func TestCount(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{N(0), "0"}, {N(999), "999"}, {N(1000), "1,000"}, {N(5520), "5,520"}, {N(73728), "73,728"},
		{N(-1000), "-1,000"}, {N(-100), "-100"}, {N(1234567), "1,234,567"},
		{N(math.MinInt64), "-9,223,372,036,854,775,808"},
		{Of(1, "group"), "1 group"}, {Of(2, "group"), "2 groups"}, {Of(0, "group"), "0 groups"},
		{Of(5520, "state"), "5,520 states"}, {Of(100000, "possible state"), "100,000 possible states"},
		{Times(1), "once"}, {Times(2), "twice"}, {Times(3), "3 times"}, {Times(0), "0 times"}, {Times(1000), "1,000 times"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
