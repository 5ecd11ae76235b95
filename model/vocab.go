package model

import (
	"fmt"
	"strconv"
	"strings"
)

// Surface is a place where a photo is seen (SPEC §1). The zero value is unset.
type Surface uint8

// The surfaces of SPEC §1, in the SPEC's order.
const (
	_                        Surface = iota
	SharePointMySite                 // sharepoint-mysite: SharePoint's large rendition, through the viewer's browser
	SharePointPeopleSearch           // sharepoint-people-search: the medium rendition, through the browser
	SharePointNewsfeed               // sharepoint-newsfeed: the small rendition, through the browser
	SharePointPeoplePicker           // sharepoint-people-picker: the small rendition, uncached while picker.cacheBusting (C4)
	SharePointSearchHover            // sharepoint-search-hover: Outlook on the web's panel (C10), or SharePoint per hover.source
	OutlookOnlineContactCard         // outlook-online-contact-card: Exchange through Outlook on the web's cache
	OutlookOnlineEmail               // outlook-online-email: Exchange through Outlook on the web's cache
	OutlookOnlineDraft               // outlook-online-draft: Exchange through Outlook on the web's cache
	OutlookClientSurface             // outlook-client: Exchange through the Outlook desktop cache (C5)
	LyncClientSurface                // lync-client: Exchange through Lync's cache; none while the subject is signed out (C7)
	YammerSurface                    // yammer: Yammer's own store, uncached (C1)
	TeamsClientSurface               // teams-client: Exchange through the Teams service cache and the viewer's Teams client cache (R19)
	numSurfaces
)

var surfaceNames = [...]string{"", "sharepoint-mysite", "sharepoint-people-search", "sharepoint-newsfeed",
	"sharepoint-people-picker", "sharepoint-search-hover", "outlook-online-contact-card", "outlook-online-email",
	"outlook-online-draft", "outlook-client", "lync-client", "yammer", "teams-client"}

// Surfaces lists every surface in the SPEC's order.
func Surfaces() []Surface {
	out := make([]Surface, 0, numSurfaces-1)
	for s := Surface(1); s < numSurfaces; s++ {
		out = append(out, s)
	}
	return out
}

// Era reports whether the surface came with SPEC §6 (teams-client).
func (s Surface) Era() bool { return s >= TeamsClientSurface && s < numSurfaces }

// String returns the SPEC's name of the surface.
func (s Surface) String() string { return enumName(surfaceNames[:], int(s), "surface") }

// ParseSurface parses a SPEC surface name.
func ParseSurface(name string) (Surface, error) {
	i, err := enumParse(surfaceNames[:], name, "surface")
	return Surface(i), err
}

// Source is a way a photo is changed (SPEC §1). The zero value is unset.
type Source uint8

// The sources of SPEC §1.
const (
	_                   Source = iota
	FromMySite                 // sharepoint-mysite: by the subject on their My Site (R1)
	FromOutlookClient          // outlook-client: by the subject in Outlook desktop (R2)
	FromOutlookOnline          // outlook-online: by the subject in Outlook on the web (R2)
	FromLyncClient             // lync-client: by the subject in Lync (R2)
	FromYammer                 // yammer: by the subject in Yammer (R4)
	FromSetUserPhoto           // set-userphoto: by an administrator with the cmdlet (R2)
	FromActiveDirectory        // active-directory: an administrator edits AD; DirSync carries it on (R3)
	FromGraph                  // graph: Graph or Set-MgUserPhotoContent, by an administrator or an app (§6.1, E4)
	FromAdminCenter            // admin-center: the Microsoft 365 admin center (§6.1, E4)
	FromTeamsClient            // teams-client: by the subject in Teams (§6.1)
	numSources
)

var sourceNames = [...]string{"", "sharepoint-mysite", "outlook-client", "outlook-online", "lync-client",
	"yammer", "set-userphoto", "active-directory", "graph", "admin-center", "teams-client"}

// Sources lists every source in the SPEC's order.
func Sources() []Source {
	out := make([]Source, 0, numSources-1)
	for s := Source(1); s < numSources; s++ {
		out = append(out, s)
	}
	return out
}

// Era reports whether the source came with SPEC §6 (graph, admin-center,
// teams-client).
func (s Source) Era() bool { return s >= FromGraph && s < numSources }

// BySubject reports whether a change through the source is the subject's
// own (sharepoint-mysite, outlook-client, outlook-online, lync-client,
// yammer, teams-client), which photo.userEdits admins-only refuses (§6.5);
// set-userphoto, active-directory, graph and admin-center are an
// administrator's or an app's.
func (s Source) BySubject() bool {
	switch s {
	case FromMySite, FromOutlookClient, FromOutlookOnline, FromLyncClient, FromYammer, FromTeamsClient:
		return true
	}
	return false
}

// String returns the SPEC's name of the source.
func (s Source) String() string { return enumName(sourceNames[:], int(s), "source") }

// ParseSource parses a SPEC source name.
func ParseSource(name string) (Source, error) {
	i, err := enumParse(sourceNames[:], name, "source")
	return Source(i), err
}

// Viewer is a user who looks at the subject's photo. Subject (1) is the user
// whose photo changes; Observer (2) is another user; further viewers are
// named observer2, observer3, … The zero value is unset.
type Viewer uint8

// The default viewers.
const (
	Subject  Viewer = 1
	Observer Viewer = 2
)

// MaxViewers is the largest number of viewers a configuration can have.
const MaxViewers = 4

// Viewers returns the first n viewers: subject, observer, observer2, …
func Viewers(n int) []Viewer {
	out := make([]Viewer, 0, n)
	for v := Viewer(1); int(v) <= n; v++ {
		out = append(out, v)
	}
	return out
}

// String returns the viewer's scenario name.
func (v Viewer) String() string {
	switch {
	case v == Subject:
		return "subject"
	case v == Observer:
		return "observer"
	case v > Observer && v <= MaxViewers:
		return "observer" + strconv.Itoa(int(v)-1)
	}
	return fmt.Sprintf("Viewer(%d)", v)
}

// ParseViewer parses a viewer name among the first n viewers.
func ParseViewer(name string, n int) (Viewer, error) {
	names := make([]string, 0, n)
	for _, v := range Viewers(n) {
		if v.String() == name {
			return v, nil
		}
		names = append(names, v.String())
	}
	return 0, fmt.Errorf("unknown viewer %q (want one of %s)", name, strings.Join(names, ", "))
}

func (v Viewer) index() int { return int(v) - 1 }

func enumName(names []string, i int, kind string) string {
	if i <= 0 || i >= len(names) {
		return fmt.Sprintf("%s(%d)", kind, i)
	}
	return names[i]
}

func enumParse(names []string, name, kind string) (int, error) {
	for i, n := range names {
		if i > 0 && n == name {
			return i, nil
		}
	}
	return 0, fmt.Errorf("unknown %s %q (want one of %s)", kind, name, strings.Join(names[1:], ", "))
}
