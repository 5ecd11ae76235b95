package main

import (
	"photosync/properties"
	"photosync/scenario"
)

// newJudge returns the judge of the property catalog that `photosync run`
// checks violates lines with, for a configuration of that many viewers.
func newJudge(viewers int) scenario.Judge {
	return properties.NewJudge(properties.Catalog(), viewers)
}
