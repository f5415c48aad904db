package tax

import (
	"slices"
	"testing"
	"time"
)

// TestCivilArithmetic checks the hand-written day numbers and weekdays against package time
// (used here in the test only) for every day of 1990–2100.
func TestCivilArithmetic(t *testing.T) {
	for d := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() <= 2100; d = d.AddDate(0, 0, 1) {
		c := civil{d.Year(), int(d.Month()), d.Day()}
		n := dayNumber(c)
		if want := int(d.Unix() / 86400); n != want {
			t.Fatalf("%v: day number %d, want %d", c, n, want)
		}
		if back := civilOf(n); back != c {
			t.Fatalf("%v: back %v", c, back)
		}
		if w := weekday(c); w != int(d.Weekday()) {
			t.Fatalf("%v: weekday %d, want %d", c, w, d.Weekday())
		}
		if c.iso() != d.Format("2006-01-02") {
			t.Fatalf("%v: iso %s", c, c.iso())
		}
		if last := d.AddDate(0, 1, -d.Day()); lastDay(c.y, c.m) != (civil{last.Year(), int(last.Month()), last.Day()}) {
			t.Fatalf("%v: last day %v, want %v", c, lastDay(c.y, c.m), last)
		}
	}
}

// equinoxes are 春分の日 and 秋分の日 (国民の祝日に関する法律2条: 春分日・秋分日, as published
// by 国立天文台 in 暦要項; 2028 computed).
var equinoxes = map[int][2]int{2025: {320, 923}, 2026: {320, 923}, 2027: {321, 923}, 2028: {320, 922}}

// holidaysByLaw rebuilds a year's holidays from 国民の祝日に関する法律 2条 and 3条.
func holidaysByLaw(y int) []int {
	nthMonday := func(m, n int) int {
		d := 1
		for weekday(civil{y, m, d}) != 1 {
			d++
		}
		return m*100 + d + 7*(n-1)
	}
	eq := equinoxes[y]
	set := map[int]bool{}
	for _, d := range []int{101, 211, 223, 429, 503, 504, 505, 811, 1103, 1123, eq[0], eq[1],
		nthMonday(1, 2), nthMonday(7, 3), nthMonday(9, 3), nthMonday(10, 2)} {
		set[d] = true
	}
	day := func(md int) civil { return civil{y, md / 100, md % 100} }
	md := func(c civil) int { return c.m*100 + c.d }
	base := map[int]bool{}
	for d := range set {
		base[d] = true
	}
	// 3条3項: a day between two holidays (not itself one) is a holiday.
	for d := range base {
		n := dayNumber(day(d))
		mid, next := civilOf(n+1), civilOf(n+2)
		if next.y == y && base[md(next)] && !base[md(mid)] && weekday(mid) != 0 {
			set[md(mid)] = true
		}
	}
	// 3条2項: a holiday on a Sunday gives the next day that is not a holiday.
	for d := range base {
		if weekday(day(d)) != 0 {
			continue
		}
		n := dayNumber(day(d)) + 1
		for set[md(civilOf(n))] {
			n++
		}
		set[md(civilOf(n))] = true
	}
	out := make([]int, 0, len(set))
	for d := range set {
		out = append(out, d)
	}
	slices.Sort(out)
	return out
}

// TestHolidayTableFollowsTheLaw: the dated holiday table is what the law gives each year.
func TestHolidayTableFollowsTheLaw(t *testing.T) {
	for _, h := range nationalHolidays {
		if want := holidaysByLaw(h.Y); !slices.Equal(h.Days, want) {
			t.Errorf("%d: table %v, by the law %v", h.Y, h.Days, want)
		}
		if h.Law == "" {
			t.Errorf("%d: no citation", h.Y)
		}
	}
}

// TestHolidayTableCoversCollectionYears: every calendar year of every supported fiscal
// year's collection months (April of FY … February of FY+1) is in the table.
func TestHolidayTableCoversCollectionYears(t *testing.T) {
	have := map[int]bool{}
	for _, h := range nationalHolidays {
		have[h.Y] = true
	}
	for _, y := range years {
		if !have[y.FY] || !have[y.FY+1] {
			t.Errorf("FY%d needs the holidays of %d and %d", y.FY, y.FY, y.FY+1)
		}
	}
}

// TestDueDates: 普通徴収 納期限 = the month's last day, moved to the next open day
// (地方税法20条の5第2項, 施行令6条の18: 土日・祝日・12/29〜1/3).
func TestDueDates(t *testing.T) {
	for _, c := range []struct {
		y, m int
		want string
		why  string
	}{
		{2026, 6, "2026-06-30", "火曜日"},
		{2026, 8, "2026-08-31", "月曜日"},
		{2026, 10, "2026-11-02", "10/31 土曜日 → 月曜日"},
		{2027, 1, "2027-02-01", "1/31 日曜日 → 月曜日"},
		{2025, 8, "2025-09-01", "8/31 日曜日 → 月曜日"},
		{2026, 1, "2026-02-02", "1/31 土曜日 → 2/2"},
		{2025, 12, "2026-01-05", "12/31 と 1/1〜1/3 は休日、1/4 日曜日 → 1/5"},
		{2027, 10, "2027-11-01", "10/31 日曜日 → 11/1"},
		{2028, 1, "2028-01-31", "月曜日"},
		{2025, 11, "2025-12-01", "11/30 日曜日 → 12/1"},
	} {
		if got := dueDate(c.y, c.m).iso(); got != c.want {
			t.Errorf("%d-%02d: due %s, want %s (%s)", c.y, c.m, got, c.want, c.why)
		}
	}
}

// TestPensionDays: pensions are paid on the 15th of even months, the working day before
// when the 15th is closed (日本年金機構「年金の支払日」).
func TestPensionDays(t *testing.T) {
	for _, c := range []struct {
		y, m int
		want string
	}{
		{2026, 4, "2026-04-15"}, // 水曜日
		{2026, 8, "2026-08-14"}, // 8/15 土曜日 → 金曜日
		{2026, 2, "2026-02-13"}, // 2/15 日曜日 → 金曜日
		{2027, 2, "2027-02-15"}, // 月曜日
		{2025, 6, "2025-06-13"}, // 6/15 日曜日
		{2027, 8, "2027-08-13"}, // 8/15 日曜日
	} {
		if got := pensionDay(c.y, c.m).iso(); got != c.want {
			t.Errorf("%d-%02d: pension day %s, want %s", c.y, c.m, got, c.want)
		}
	}
}
