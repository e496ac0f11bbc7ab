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

// TestHardeningConfig: --trusted-proxy (CIDRs or addresses, comma
// separated), --ws-per-addr (default 256, 0 = no cap) and --ws-max
// (default 0 = below the open-files limit) come from flags or their
// XEPHANG_* equivalents; bad values are refused at start.
func TestHardeningConfig(t *testing.T) {
	env := func(vals map[string]string) func(string) string {
		return func(k string) string { return vals[k] }
	}
	c, err := parseConfig("xephang", nil, env(nil), io.Discard)
	if err != nil || c.WSPerAddr != 256 || c.WSMax != 0 || len(c.TrustedNets) != 0 {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	c, err = parseConfig("xephang", nil, env(map[string]string{
		"XEPHANG_TRUSTED_PROXY": "127.0.0.1/32, 10.0.0.0/8,::1", "XEPHANG_WS_PER_ADDR": "1000", "XEPHANG_WS_MAX": "5000",
	}), io.Discard)
	if err != nil || c.WSPerAddr != 1000 || c.WSMax != 5000 || len(c.TrustedNets) != 3 ||
		c.TrustedNets[1].String() != "10.0.0.0/8" || c.TrustedNets[2].String() != "::1/128" ||
		!c.TrustedNets[0].Contains([]byte{127, 0, 0, 1}) {
		t.Fatalf("from the environment: %+v %v", c, err)
	}
	c, err = parseConfig("xephang", []string{"--trusted-proxy", "192.168.0.1", "--ws-per-addr", "0", "--ws-max", "100"},
		env(map[string]string{"XEPHANG_TRUSTED_PROXY": "10.0.0.0/8", "XEPHANG_WS_PER_ADDR": "9"}), io.Discard)
	if err != nil || c.WSPerAddr != 0 || c.WSMax != 100 || len(c.TrustedNets) != 1 || c.TrustedNets[0].String() != "192.168.0.1/32" {
		t.Fatalf("flags win: %+v %v", c, err)
	}
	for _, args := range [][]string{
		{"--trusted-proxy", "10.0.0.0/33"}, {"--trusted-proxy", "proxy.local"}, {"--ws-per-addr", "-1"}, {"--ws-max", "-5"},
	} {
		if _, err := parseConfig("xephang", args, env(nil), io.Discard); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
	if _, err := parseConfig("xephang", nil, env(map[string]string{"XEPHANG_WS_MAX": "many"}), io.Discard); err == nil {
		t.Error("XEPHANG_WS_MAX=many accepted")
	}
}
