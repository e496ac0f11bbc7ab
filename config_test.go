package main

import (
	"io"
	"testing"
)

// TestIssueLimitConfig: tickets a minute per client address default to
// 20, come from XEPHANG_ISSUE_LIMIT or --issue-limit (the flag wins), and
// 0 turns the limit off. (The limit itself: server TestIssueRateLimit;
// the crash test runs the binary with --issue-limit 0.)
func TestIssueLimitConfig(t *testing.T) {
	tests := []struct {
		args []string
		env  string
		want int
	}{
		{nil, "", 20},
		{nil, "5", 5},
		{[]string{"--issue-limit", "0"}, "", 0},
		{[]string{"--issue-limit", "60"}, "5", 60},
	}
	for _, tt := range tests {
		getenv := func(k string) string {
			if k == "XEPHANG_ISSUE_LIMIT" {
				return tt.env
			}
			return ""
		}
		c, err := parseConfig("xephang", tt.args, getenv, io.Discard)
		if err != nil || c.IssueLimit != tt.want {
			t.Errorf("args %v, env %q: limit %d, %v; want %d", tt.args, tt.env, c.IssueLimit, err, tt.want)
		}
	}
}
