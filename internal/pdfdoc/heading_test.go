package pdfdoc

import "testing"

func TestPlace(t *testing.T) {
	for _, tc := range []struct{ address, want string }{
		{"xã Luận Thành, tỉnh Thanh Hóa", "Luận Thành"},
		{"Phường Đông Vệ, tỉnh Thanh Hóa", "Đông Vệ"},
		{"thị trấn Thường Xuân", "Thường Xuân"},
		{"  Luận Thành ", "Luận Thành"},
		{"", ""},
	} {
		if got := Place(tc.address); got != tc.want {
			t.Errorf("Place(%q) = %q, want %q", tc.address, got, tc.want)
		}
	}
}
