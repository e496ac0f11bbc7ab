package report

import (
	"fmt"
	"strings"
)

// SummaryText writes the summary paragraph of the report in Vietnamese,
// from the figures: what a leader would write at the head of the report.
func SummaryText(rep *Report) string {
	s, ext := &rep.Summary.Total, &rep.Summary.Extended
	var b strings.Builder
	fmt.Fprintf(&b, "Trong thời gian từ ngày %s đến ngày %s", viDate(rep.From), viDate(rep.To))
	if s.Issued == 0 {
		b.WriteString(", Trung tâm chưa cấp số thứ tự nào.")
		return b.String()
	}
	fmt.Fprintf(&b, " (%s ngày có giao dịch", fmtInt(rep.Days))
	if rep.ExtendedDays > 0 {
		fmt.Fprintf(&b, ", trong đó %s ngày có Giờ thứ 9", fmtInt(rep.ExtendedDays))
	}
	fmt.Fprintf(&b, "), Trung tâm đã tiếp nhận %s lượt công dân (cấp số thứ tự), trong đó %s lượt trong Giờ thứ 9 (%s).",
		fmtInt(s.Issued), fmtInt(ext.Issued), fmtPct(share(ext.Issued, s.Issued)))

	fmt.Fprintf(&b, " Đã phục vụ xong %s lượt (%s số lượt tiếp nhận), trong đó %s lượt trong Giờ thứ 9",
		fmtInt(s.Served), fmtPct(share(s.Served, s.Issued)), fmtInt(ext.Served))
	var rest []string
	if s.NoShow > 0 {
		rest = append(rest, fmtInt(s.NoShow)+" lượt vắng mặt khi được gọi")
	}
	if s.Transferred > 0 {
		rest = append(rest, fmtInt(s.Transferred)+" lượt được chuyển sang lĩnh vực khác")
	}
	if s.Expired > 0 {
		rest = append(rest, fmtInt(s.Expired)+" lượt hết hạn cuối ngày")
	}
	if s.InProgress > 0 {
		rest = append(rest, fmtInt(s.InProgress)+" lượt đang được xử lý")
	}
	if len(rest) > 0 {
		b.WriteString("; " + strings.Join(rest, ", "))
	}
	b.WriteString(".")

	if s.Wait.Count > 0 {
		fmt.Fprintf(&b, " Thời gian chờ trung bình %s phút (trung vị %s phút, 90%% số lượt chờ không quá %s phút)",
			fmtMin(s.Wait.Mean), fmtMin(s.Wait.Median), fmtMin(s.Wait.P90))
		if ext.Wait.Count > 0 {
			fmt.Fprintf(&b, "; trong Giờ thứ 9 là %s phút", fmtMin(ext.Wait.Mean))
		}
		b.WriteString(".")
	}
	if s.Service.Count > 0 {
		fmt.Fprintf(&b, " Thời gian phục vụ trung bình %s phút một lượt.", fmtMin(s.Service.Mean))
	}

	on := &rep.Online
	if on.Total.Issued > 0 {
		fmt.Fprintf(&b, " Riêng %s: %s lượt, trong đó %s lượt trong Giờ thứ 9; đã hướng dẫn xong %s lượt.",
			lowerFirst(on.Name), fmtInt(on.Total.Issued), fmtInt(on.Extended.Issued), fmtInt(on.Total.Served))
	} else {
		b.WriteString(" Chưa có lượt hướng dẫn nộp hồ sơ trực tuyến nào.")
	}

	if s.Rated > 0 {
		fmt.Fprintf(&b, " Có %s lượt công dân đánh giá (%s số lượt đã phục vụ); tỷ lệ hài lòng và rất hài lòng đạt %s",
			fmtInt(s.Rated), fmtPct(s.ResponseRate), fmtPct(s.Satisfied))
		if ext.Rated > 0 {
			fmt.Fprintf(&b, " (trong Giờ thứ 9: %s trên %s lượt đánh giá)", fmtPct(ext.Satisfied), fmtInt(ext.Rated))
		}
		b.WriteString(".")
	} else {
		b.WriteString(" Chưa có lượt đánh giá mức độ hài lòng nào.")
	}
	return b.String()
}
