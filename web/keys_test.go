package web_test

import (
	"encoding/json"
	"testing"

	"xephang/queue"
	"xephang/web"
)

type keysInner struct {
	Name string `json:"name"`
}

type keysEmbedded struct {
	Note string `json:"note"`
}

type keysTarget struct {
	keysEmbedded
	ServiceID string               `json:"service_id"`
	Inner     keysInner            `json:"inner"`
	List      []keysInner          `json:"list"`
	Ptr       *keysInner           `json:"ptr"`
	Tags      map[string]keysInner `json:"tags"`
	Raw       json.RawMessage      `json:"raw"`
	Any       any                  `json:"any"`
	Plain     string               // no tag: its Go name
}

// TestDecodeKeys: a key given twice or in another case than its field's is
// invalid at every depth (encoding/json takes the last duplicate and
// matches keys case-insensitively); inside maps and free-form values only
// duplicates count.
func TestDecodeKeys(t *testing.T) {
	for _, tc := range []struct {
		name, body, field string // field "" means accepted
	}{
		{"OK", `{"service_id":"dat-dai","inner":{"name":"a"},"list":[{"name":"b"}],"ptr":{"name":"c"},` +
			`"tags":{"X":{"name":"d"},"x":{"name":"e"}},"raw":{"A":1,"a":2},"any":{"B":[{"b":1}]},"note":"n","Plain":"p"}`, ""},
		{"Duplicate", `{"service_id":"x","service_id":"dat-dai"}`, "service_id"},
		{"Upper", `{"SERVICE_ID":"dat-dai"}`, "SERVICE_ID"},
		{"Mixed", `{"Service_Id":"dat-dai"}`, "Service_Id"},
		{"NestedDuplicate", `{"inner":{"name":"a","name":"b"}}`, "name"},
		{"NestedCase", `{"inner":{"NAME":"a"}}`, "NAME"},
		{"InList", `{"list":[{"name":"a"},{"Name":"b"}]}`, "Name"},
		{"InPointer", `{"ptr":{"nAme":"a"}}`, "nAme"},
		{"InMapValue", `{"tags":{"k":{"NAME":"a"}}}`, "NAME"},
		{"MapDuplicate", `{"tags":{"k":{},"k":{}}}`, "k"},
		{"RawDuplicate", `{"raw":{"a":1,"a":2}}`, "a"},
		{"AnyDuplicate", `{"any":[{"b":1,"b":2}]}`, "b"},
		{"EmbeddedCase", `{"NOTE":"n"}`, "NOTE"},
		{"UntaggedCase", `{"plain":"p"}`, "plain"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v keysTarget
			err := web.Decode([]byte(tc.body), &v)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("err=%v, want accepted", err)
				}
				return
			}
			if got := queue.ErrorCode(err); got != queue.EINVALID {
				t.Fatalf("code=%q (%v), want invalid", got, err)
			}
			if got := queue.ErrorField(err); got != tc.field {
				t.Fatalf("field=%q, want %q", got, tc.field)
			}
			if queue.ErrorMessage(err, false) == "" || queue.ErrorMessage(err, true) == "" {
				t.Fatal("no message")
			}
		})
	}
}

// TestDecodeKeysTicket: the kiosk's body, exactly as the issue found it.
func TestDecodeKeysTicket(t *testing.T) {
	type ticketRequest struct {
		ServiceID string `json:"service_id"`
		Priority  bool   `json:"priority"`
	}
	for _, body := range []string{
		`{"service_id":"x","service_id":"dat-dai"}`,
		`{"SERVICE_ID":"dat-dai"}`,
		`{"service_id":"dat-dai","Priority":true}`,
	} {
		var v ticketRequest
		if err := web.Decode([]byte(body), &v); queue.ErrorCode(err) != queue.EINVALID {
			t.Errorf("%s: err=%v, want invalid", body, err)
		}
	}
	var v ticketRequest
	if err := web.Decode([]byte(`{"service_id":"dat-dai","priority":true}`), &v); err != nil || v.ServiceID != "dat-dai" || !v.Priority {
		t.Fatalf("plain body: %+v, %v", v, err)
	}
}
