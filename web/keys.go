package web

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
	"sync"

	"xephang/queue"
)

// checkKeys refuses, in a body that is valid JSON, what encoding/json lets
// through silently: an object key given twice (the last one wins, so a
// proxy or a log may read another request than the handler) and a key
// that names a field in another case ({"SERVICE_ID":…}: encoding/json
// matches keys case-insensitively). Keys are checked against the json
// names of v's struct fields, exactly, at every depth; inside maps and
// values of unknown shape only duplicates are refused.
func checkKeys(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	return walkKeys(dec, reflect.TypeOf(v))
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// shape returns the type whose keys a JSON value for t is checked against:
// t without pointers, or nil when t decodes itself (its keys are its own
// business) or is unknown.
func shape(t reflect.Type) reflect.Type {
	for t != nil {
		if t.Implements(unmarshalerType) || reflect.PointerTo(t).Implements(unmarshalerType) ||
			t.Implements(textUnmarshalerType) || reflect.PointerTo(t).Implements(textUnmarshalerType) {
			return nil
		}
		if t.Kind() != reflect.Pointer {
			return t
		}
		t = t.Elem()
	}
	return nil
}

// walkKeys reads one JSON value from dec, meant for a value of type t.
func walkKeys(dec *json.Decoder, t reflect.Type) error {
	tok, err := dec.Token()
	if err != nil {
		return jsonError(err)
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil // a scalar
	}
	t = shape(t)
	switch d {
	case '[':
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for dec.More() {
			if err := walkKeys(dec, elem); err != nil {
				return err
			}
		}
	case '{':
		var fields map[string]reflect.Type
		if t != nil && t.Kind() == reflect.Struct {
			fields = jsonFields(t)
		}
		seen := make(map[string]bool, 8)
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return jsonError(err)
			}
			key, _ := tok.(string)
			if seen[key] {
				e := queue.Errorf(queue.EINVALID, "Trường %q xuất hiện nhiều lần trong JSON.",
					"Field %q appears more than once in the JSON.", key)
				e.Field = key
				return e
			}
			seen[key] = true
			var next reflect.Type
			switch {
			case fields != nil:
				ft, ok := fields[key]
				if !ok {
					return keyError(fields, key)
				}
				next = ft
			case t != nil && t.Kind() == reflect.Map:
				next = t.Elem()
			}
			if err := walkKeys(dec, next); err != nil {
				return err
			}
		}
	}
	_, err = dec.Token() // the closing delimiter
	if err != nil {
		return jsonError(err)
	}
	return nil
}

// keyError is the error of a key that is no field name of the struct:
// in another case, or unknown.
func keyError(fields map[string]reflect.Type, key string) error {
	for name := range fields {
		if strings.EqualFold(name, key) {
			e := queue.Errorf(queue.EINVALID, "Trường %q không được chấp nhận: tên trường phân biệt chữ hoa, chữ thường (%q).",
				"Field %q is not accepted: field names are case-sensitive (%q).", key, name)
			e.Field = key
			return e
		}
	}
	e := queue.Errorf(queue.EINVALID, "Trường %q không được chấp nhận.", "Unknown field %q.", key)
	e.Field = key
	return e
}

// fieldsCache maps a struct type to its JSON field names and their types.
var fieldsCache sync.Map // reflect.Type → map[string]reflect.Type

// jsonFields returns the JSON names of the fields encoding/json decodes
// into for struct type t, with their types; embedded structs without a
// name give their fields, as in encoding/json.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	if f, ok := fieldsCache.Load(t); ok {
		return f.(map[string]reflect.Type)
	}
	fields := map[string]reflect.Type{}
	addFields(fields, t, 0)
	fieldsCache.Store(t, fields)
	return fields
}

func addFields(fields map[string]reflect.Type, t reflect.Type, depth int) {
	if depth > 8 {
		return
	}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			et := f.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				addFields(fields, et, depth+1)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if _, taken := fields[name]; !taken || depth == 0 {
			fields[name] = f.Type
		}
	}
}
