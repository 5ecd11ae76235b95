package model

import (
	"fmt"
	"strconv"
	"strings"
)

// Photo is one photo version, or NoPhoto. The k-th change in time order
// makes vk; v0 is the photo every store holds at the start. A photo also
// remembers whether it was made in Yammer, so that yammer-isolated can tell
// a Yammer photo wherever it ends up.
//
// A Photo has 31 bits for its number, so MaxPhotoID changes can be made
// before a run must stop; the scenario reader's size limit keeps every input
// far below that, and the runner refuses a scenario past it rather than
// wrap (an overflow would make a later photo equal an earlier one).
type Photo uint32

// NoPhoto is what a surface shows when it shows no photo ("none"), and what an
// empty cache holds.
const NoPhoto Photo = 0

const yammerBit Photo = 1 << 31

// MaxPhotoID is the largest photo number a Photo can carry.
const MaxPhotoID = int(yammerBit) - 2

// V returns the photo vk made by the k-th change (v0 is the initial photo).
func V(k int) Photo { return Photo(k + 1) }

// MadeInYammer returns p marked as made by a change in Yammer.
func (p Photo) MadeInYammer() Photo { return p | yammerBit }

// FromYammer reports whether p was made by a change in Yammer.
func (p Photo) FromYammer() bool { return p&yammerBit != 0 }

// Plain returns p without the mark of a photo made in Yammer: the photo as
// a scenario names it.
func (p Photo) Plain() Photo { return p &^ yammerBit }

// ID returns k for vk, and -1 for NoPhoto.
func (p Photo) ID() int { return int(p&^yammerBit) - 1 }

// String returns the SPEC's name: "none" or "vk".
func (p Photo) String() string {
	if p == NoPhoto {
		return "none"
	}
	return "v" + strconv.Itoa(p.ID())
}

// ParsePhoto parses "none" or "vk". The Yammer origin is not part of the name;
// callers that compare names compare String() values.
func ParsePhoto(s string) (Photo, error) {
	if s == "none" {
		return NoPhoto, nil
	}
	if !strings.HasPrefix(s, "v") || len(s) < 2 {
		return 0, fmt.Errorf("bad photo %q (want none, v0, v1, …)", s)
	}
	k, err := strconv.Atoi(s[1:])
	if err != nil || k < 0 || k > MaxPhotoID || strconv.Itoa(k) != s[1:] {
		return 0, fmt.Errorf("bad photo %q (want none, v0, v1, …)", s)
	}
	return V(k), nil
}
