package model

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"
	"time"
)

// TestEncodingCoversEveryField sets each field of a State (each element of
// its arrays, each field of its nested structs) to a value of its own and
// checks that the encoding tells it from the base state and reads it back.
// A field added to State and forgotten by AppendState fails here, so no
// deduplicating search can merge states that differ in it.
func TestEncodingCoversEveryField(t *testing.T) {
	var base State
	for c := Clock(0); c < NumClocks; c++ {
		base.Running = base.Running.With(c)
	}
	baseCode := AppendState(nil, &base)
	leaves := 0
	s := base
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				walk(path+"."+v.Type().Field(i).Name, v.Field(i))
			}
			return
		case reflect.Array:
			for i := range v.Len() {
				walk(fmt.Sprintf("%s[%d]", path, i), v.Index(i))
			}
			return
		}
		leaves++
		old := reflect.ValueOf(v.Interface())
		switch v.Kind() {
		case reflect.Bool:
			v.SetBool(true)
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			v.SetInt(-12345)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			v.SetUint(0x5a)
		default:
			t.Fatalf("%s: a field of kind %s: teach this test and AppendState about it", path, v.Kind())
		}
		code := AppendState(nil, &s)
		if bytes.Equal(code, baseCode) {
			t.Errorf("%s: the encoding does not change when it does", path)
		}
		got, rest := ReadState(code)
		if got != s || len(rest) != 0 {
			t.Errorf("%s: read back as %v (rest %d bytes), want %v", path, got, len(rest), s)
		}
		v.Set(old)
	}
	walk("State", reflect.ValueOf(&s).Elem())
	if leaves < 60 {
		t.Fatalf("walked %d fields: the walk missed some", leaves)
	}
}

func TestEncodingRoundTripsRuns(t *testing.T) {
	r := Observed()
	s := Initial()
	actions := Actions(MaxViewers)
	for i := range 400 {
		a := actions[(i*7)%len(actions)]
		s, _ = Advance(&r, s, s.Now+37*time.Minute)
		outs := Step(&r, s, a)
		if len(outs) == 0 {
			continue
		}
		s = outs[len(outs)-1].State
		got, rest := ReadState(AppendState([]byte{1, 2}, &s)[2:])
		if got != s || len(rest) != 0 {
			t.Fatalf("after %d steps: %v read back as %v", i, s, got)
		}
	}
}
