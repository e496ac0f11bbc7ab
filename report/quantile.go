package report

import "slices"

// Percentiles are exact over the data, computed as Excel's PERCENTILE.INC
// (and MEDIAN) do: for n values sorted ascending v[0..n-1] and a fraction
// p, h = p·(n−1), and the percentile is v[⌊h⌋] + (h−⌊h⌋)·(v[⌊h⌋+1]−v[⌊h⌋]).
// So the median of an even count is the mean of the two middle values, and
// a leader can check any figure against the XLSX with a spreadsheet.
// Durations are whole seconds.
//
// Without keeping every group's values: each duration is stored once per
// ticket (with the ticket's groups), all of them are sorted once, and the
// sorted values are walked, each handed to the cells of its ticket. Every
// cell then sees its own values in ascending order, and only has to note
// the ones at the ranks it needs, which it knows in advance from its count.
// Memory stays O(tickets), time O(n log n + n × cells per ticket).

// The wanted ranks: median low and high, 90th percentile low and high.
const (
	qMedLo = iota
	qMedHi
	qP90Lo
	qP90Hi
	nQ
)

// durAcc accumulates one cell's durations.
type durAcc struct {
	n    int
	sum  int64
	max  int32
	seen int
	rank [nQ]int
	val  [nQ]int32
}

func (a *durAcc) add(v int32) {
	if v < 0 {
		return
	}
	a.n++
	a.sum += int64(v)
	a.max = max(a.max, v)
}

// ranks returns, for p = num/den, the low rank ⌊p·(n−1)⌋, the high rank
// (the next one, or the same at the end) and the fraction between them as
// an exact ratio.
func ranks(n, num, den int) (lo, hi, fracNum int) {
	h := num * (n - 1)
	lo = h / den
	hi = min(lo+1, n-1)
	return lo, hi, h % den
}

// prepare sets the ranks to note during the walk.
func (a *durAcc) prepare() {
	a.seen = 0
	if a.n == 0 {
		a.rank = [nQ]int{-1, -1, -1, -1}
		return
	}
	a.rank[qMedLo], a.rank[qMedHi], _ = ranks(a.n, 1, 2)
	a.rank[qP90Lo], a.rank[qP90Hi], _ = ranks(a.n, 9, 10)
}

// visit takes the next value of the cell in ascending order.
func (a *durAcc) visit(v int32) {
	for j := range a.rank {
		if a.rank[j] == a.seen {
			a.val[j] = v
		}
	}
	a.seen++
}

func interpolate(lo, hi int32, fracNum, den int) float64 {
	return float64(lo) + float64(hi-lo)*float64(fracNum)/float64(den)
}

// durations returns the statistics in minutes.
func (a *durAcc) durations() Durations {
	d := Durations{Count: a.n}
	if a.n == 0 {
		return d
	}
	_, _, fm := ranks(a.n, 1, 2)
	_, _, f9 := ranks(a.n, 9, 10)
	d.Mean = ptr(float64(a.sum) / float64(a.n) / 60)
	d.Median = ptr(interpolate(a.val[qMedLo], a.val[qMedHi], fm, 2) / 60)
	d.P90 = ptr(interpolate(a.val[qP90Lo], a.val[qP90Hi], f9, 10) / 60)
	d.Max = ptr(float64(a.max) / 60)
	return d
}

// quantiles runs the sorted walk for the waiting and the service times.
func (b *builder) quantiles() {
	for d := range b.dims {
		for _, g := range b.dims[d].groups {
			for p := range g.parts {
				g.parts[p].wait.prepare()
				g.parts[p].svc.prepare()
			}
		}
	}
	keys := make([]uint64, 0, len(b.recs))
	for _, which := range [2]bool{false, true} {
		keys = keys[:0]
		for i := range b.recs {
			v := b.recs[i].wait
			if which {
				v = b.recs[i].svc
			}
			if v >= 0 {
				keys = append(keys, uint64(v)<<32|uint64(i))
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			r := &b.recs[uint32(k)]
			v := int32(k >> 32)
			part := partRegular
			if r.ext {
				part = partExtended
			}
			for d := range b.dims {
				g := b.dims[d].groups[r.g[d]]
				for _, p := range [2]int{partTotal, part} {
					a := &g.parts[p].wait
					if which {
						a = &g.parts[p].svc
					}
					a.visit(v)
				}
			}
		}
	}
}
