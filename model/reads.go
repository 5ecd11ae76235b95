package model

import (
	"math/bits"
	"time"
)

// Reads is a set of knobs, each by its index in Knobs(): the knobs the
// model read while a rule set tracked its reads (Rules.TrackReads).
//
// It is what makes `photosync infer` lazy. The model decides everything
// from the state, the action and the knobs it reads, so two rule sets that
// differ only in knobs a step did not read give that step the same
// outcomes. A search over many candidate rule sets can therefore run one
// representative of a group of candidates and split the group only when a
// step reads a knob on which its members differ.
type Reads uint32

// Has reports whether the knob with index k is in the set.
func (rs Reads) Has(k int) bool { return k >= 0 && k < 32 && rs&(1<<k) != 0 }

// Add returns the set with the knob of index k added.
func (rs Reads) Add(k int) Reads { return rs | 1<<k }

// Len returns how many knobs the set holds.
func (rs Reads) Len() int { return bits.OnesCount32(uint32(rs)) }

// Knobs returns the indices of the knobs in the set, in catalog order.
func (rs Reads) Knobs() []int {
	var out []int
	for k := range 32 {
		if rs.Has(k) {
			out = append(out, k)
		}
	}
	return out
}

// TrackReads makes every knob the model reads from r, or from a copy of r
// made afterwards, be added to *into; nil stops tracking. Not safe for
// concurrent use: copies that run at once need trackers of their own.
//
// While r tracks, BranchesInTime answers true without reading a knob (see
// there), so that choosing how to let time pass reads nothing.
func (r *Rules) TrackReads(into *Reads) { r.reads = into }

// Untracked returns a copy of r that tracks no reads: for a question about
// the rules that is no part of a run (the order a search tries views in,
// the words of a plan), which must not count as the run's reading them.
func (r Rules) Untracked() Rules {
	r.reads = nil
	return r
}

// Tracking reports whether r tracks its reads.
func (r *Rules) Tracking() bool { return r.reads != nil }

// Fix says that every rule set r stands for (infer's group of candidates,
// run under r as its representative) holds r's values of the knobs ks, so
// that reading them tells none apart. While r tracks its reads, the
// choices that would otherwise avoid reading a knob for nothing read the
// fixed ones as an untracked rule set does: BranchesInTime answers from
// them when dirsync.conflict, sharepoint.trigger and yammer.sync are all
// fixed, and Forget clears the window clocks when sharepoint.trigger is
// (and sharepoint.windowFrom too, under the visit trigger). Copies of r keep it; TrackReads does not
// change it. The reads are still noted: a caller masks them with the
// knobs that vary.
func (r *Rules) Fix(ks Reads) { r.fixed = ks }

// Fixed returns the knobs Fix fixed.
func (r *Rules) Fixed() Reads { return r.fixed }

// Settled reports whether reading the TTL of cache c (Rules.TTL) tells
// none of the rule sets r stands for apart: r does not track its reads, or
// the knob of c's TTL is fixed (Fix). The engine infers what becomes of a
// merged cache entry from the TTL only then, so that no knob is read for
// speed alone.
func (r *Rules) Settled(c Cache) bool {
	k := kBrowserCacheTTL
	switch c {
	case CacheOutlookOnline:
		k = kOWACacheTTL
	case CacheOutlookClient:
		k = kOutlookClientCacheTTL
	case CacheLync:
		k = kLyncCacheTTL
	case CacheTeamsClient:
		k = kTeamsClientCacheTTL
	}
	return !r.varies(k)
}

// varies reports whether r tracks its reads and knob k is not fixed (Fix):
// reading it might tell apart the rule sets r stands for.
func (r *Rules) varies(k int) bool { return r.reads != nil && !r.fixed.Has(k) }

// The knobs' indices in the catalog (Knobs), for the accessors below;
// TestKnobIndices checks each against its name.
const (
	kWindow = iota
	kWindowFrom
	kVisit
	kOWACacheTTL
	kLyncCacheTTL
	kOutlookClientCacheTTL
	kBrowserCacheTTL
	kLyncOfflineHidesPhoto
	kHoverSource
	kPickerCacheBusting
	kMySiteWritesExchange
	kVisitQueues
	kYammerSync
	kDirSyncThumbnails
	kDirSyncInterval
	kDirSyncOnce
	kDirSyncConflict
	kSetUserPhoto
	kPhotoSource
	kTrigger
	kMaxDelay
	kTeamsServiceCacheTTL
	kTeamsClientCacheTTL
	kYammerDelay
	kYammerEditable
	kUserEdits
	numKnobs
)

// read notes that the model read knob k.
func (r *Rules) read(k int) {
	if r.reads != nil {
		*r.reads |= 1 << k
	}
}

// The model reads every knob through these, never through the field, so
// that a tracked rule set sees each read (model's rules_test checks that no
// file of the model but rules.go names a knob's field).

func (r *Rules) window() time.Duration       { r.read(kWindow); return r.Window }
func (r *Rules) windowFrom() WindowFrom      { r.read(kWindowFrom); return r.WindowFrom }
func (r *Rules) visit() VisitCondition       { r.read(kVisit); return r.Visit }
func (r *Rules) owaCacheTTL() time.Duration  { r.read(kOWACacheTTL); return r.OWACacheTTL }
func (r *Rules) lyncCacheTTL() time.Duration { r.read(kLyncCacheTTL); return r.LyncCacheTTL }
func (r *Rules) outlookClientCacheTTL() time.Duration {
	r.read(kOutlookClientCacheTTL)
	return r.OutlookClientCacheTTL
}
func (r *Rules) browserCacheTTL() time.Duration { r.read(kBrowserCacheTTL); return r.BrowserCacheTTL }
func (r *Rules) lyncOfflineHidesPhoto() bool {
	r.read(kLyncOfflineHidesPhoto)
	return r.LyncOfflineHidesPhoto
}
func (r *Rules) hoverSource() HoverSource { r.read(kHoverSource); return r.HoverSource }
func (r *Rules) pickerCacheBusting() bool { r.read(kPickerCacheBusting); return r.PickerCacheBusting }
func (r *Rules) mySiteWritesExchange() bool {
	r.read(kMySiteWritesExchange)
	return r.MySiteWritesExchange
}
func (r *Rules) visitQueues() bool              { r.read(kVisitQueues); return r.VisitQueues }
func (r *Rules) yammerSync() YammerSync         { r.read(kYammerSync); return r.YammerSync }
func (r *Rules) dirSyncThumbnails() bool        { r.read(kDirSyncThumbnails); return r.DirSyncThumbnails }
func (r *Rules) dirSyncInterval() time.Duration { r.read(kDirSyncInterval); return r.DirSyncInterval }
func (r *Rules) dirSyncOnce() bool              { r.read(kDirSyncOnce); return r.DirSyncOnce }
func (r *Rules) dirSyncConflict() DirSyncConflict {
	r.read(kDirSyncConflict)
	return r.DirSyncConflict
}
func (r *Rules) setUserPhoto() SetUserPhoto { r.read(kSetUserPhoto); return r.SetUserPhoto }
func (r *Rules) photoSource() PhotoSource   { r.read(kPhotoSource); return r.PhotoSource }
func (r *Rules) trigger() Trigger           { r.read(kTrigger); return r.Trigger }
func (r *Rules) maxDelay() time.Duration    { r.read(kMaxDelay); return r.MaxDelay }
func (r *Rules) teamsServiceCacheTTL() time.Duration {
	r.read(kTeamsServiceCacheTTL)
	return r.TeamsServiceCacheTTL
}
func (r *Rules) teamsClientCacheTTL() time.Duration {
	r.read(kTeamsClientCacheTTL)
	return r.TeamsClientCacheTTL
}
func (r *Rules) yammerDelay() time.Duration { r.read(kYammerDelay); return r.YammerDelay }
func (r *Rules) yammerEditable() bool       { r.read(kYammerEditable); return r.YammerEditable }
func (r *Rules) userEdits() UserEdits       { r.read(kUserEdits); return r.UserEdits }
