package report

// The tables of the PDF: a header wrapped on several lines (with an
// optional group line above), rows that move to the next page under a
// repeated header.

type pcol struct {
	head  string
	w     float64
	align string
}

type rowStyle struct {
	bold   bool
	fill   *[3]int
	indent float64
}

var (
	styleTotal    = rowStyle{bold: true, fill: &colTotal}
	styleExtended = rowStyle{fill: &colExtended, indent: 4}
	styleSub      = rowStyle{indent: 4}
	stylePlain    = rowStyle{}
)

type ptable struct {
	d    *pdfDoc
	cols []pcol
	// groups, when set, names for each column the group its header
	// stands under ("" for none): a second header line above.
	groups []string
}

func (d *pdfDoc) table(cols []pcol) *ptable {
	t := &ptable{d: d, cols: cols}
	t.header()
	return t
}

// groupedTable is table with a group line above the column heads.
func (d *pdfDoc) groupedTable(cols []pcol, groups []string) *ptable {
	t := &ptable{d: d, cols: cols, groups: groups}
	t.header()
	return t
}

// header draws the header row, its cells wrapped on as many lines as the
// longest needs, under the group line when there is one.
func (t *ptable) header() {
	p := t.d.p
	t.d.font("B", 7)
	n := 1
	split := make([][]string, len(t.cols))
	for i, c := range t.cols {
		split[i] = p.SplitText(c.head, c.w)
		n = max(n, len(split[i]))
	}
	h := float64(n)*lineH + 1.6
	gh := 0.0
	if len(t.groups) > 0 {
		gh = lineH + 1.6
	}
	t.d.room(gh + h + rowH)
	x, y := p.GetX(), p.GetY()
	t.d.fill(colHead)
	t.d.draw(colGrid)
	p.SetLineWidth(0.2)
	text := func(lines []string, x, y, w, h float64) {
		top := y + (h-float64(len(lines))*lineH)/2
		for j, l := range lines {
			p.SetXY(x, top+float64(j)*lineH)
			p.CellFormat(w, lineH, l, "", 0, "C", false, 0, "")
		}
	}
	for i := 0; i < len(t.cols); i++ {
		c := t.cols[i]
		if gh == 0 || t.groups[i] == "" {
			p.Rect(x, y, c.w, gh+h, "FD")
			text(split[i], x, y, c.w, gh+h)
			x += c.w
			continue
		}
		// A run of columns under one group.
		gw, j := 0.0, i
		for ; j < len(t.cols) && t.groups[j] == t.groups[i]; j++ {
			gw += t.cols[j].w
		}
		p.Rect(x, y, gw, gh, "FD")
		text([]string{t.groups[i]}, x, y, gw, gh)
		for k := i; k < j; k++ {
			p.Rect(x, y+gh, t.cols[k].w, h, "FD")
			text(split[k], x, y+gh, t.cols[k].w, h)
			x += t.cols[k].w
		}
		i = j - 1
	}
	p.SetXY(margin, y+gh+h)
}

// row draws one row; the first cell wraps when too long. A row that does
// not fit goes to the next page, under a repeated header.
func (t *ptable) row(cells []string, st rowStyle) {
	p := t.d.p
	style := ""
	if st.bold {
		style = "B"
	}
	t.d.font(style, smallFont)
	first := p.SplitText(cells[0], t.cols[0].w-st.indent)
	if len(first) == 0 {
		first = []string{""}
	}
	h := max(rowH, float64(len(first))*lineH+1.6)
	if p.GetY()+h > pageH-bottom {
		p.AddPage()
		t.header()
		t.d.font(style, smallFont)
	}
	x, y := margin, p.GetY()
	t.d.draw(colGrid)
	if st.fill != nil {
		t.d.fill(*st.fill)
	}
	mode := "D"
	if st.fill != nil {
		mode = "FD"
	}
	for i, c := range t.cols {
		p.Rect(x, y, c.w, h, mode)
		if i == 0 {
			top := y + (h-float64(len(first))*lineH)/2
			for j, l := range first {
				p.SetXY(x+st.indent, top+float64(j)*lineH)
				p.CellFormat(c.w-st.indent, lineH, l, "", 0, "L", false, 0, "")
			}
		} else {
			p.SetXY(x, y)
			p.CellFormat(c.w, h, cells[i], "", 0, c.align, false, 0, "")
		}
		x += c.w
	}
	p.SetXY(margin, y+h)
}

// cols builds columns: a first one of width first, then the rest sharing
// what is left of the page width equally.
func cols(first float64, heads ...string) []pcol {
	out := []pcol{{head: heads[0], w: first, align: "L"}}
	w := (contentW - first) / float64(len(heads)-1)
	for _, h := range heads[1:] {
		out = append(out, pcol{head: h, w: w, align: "R"})
	}
	return out
}
