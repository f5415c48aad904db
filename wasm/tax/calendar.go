package tax

// Calendar arithmetic for the collection dates, by hand: the engine has no clock and does
// not need package time (whose zone tables would only add to the WebAssembly module). Dates
// are proleptic Gregorian civil dates; only 2025–2028 are ever asked for (the supported
// fiscal years' collection months), and nationalHolidays must cover every one of them
// (TestHolidayTableCoversCollectionYears).

type civil struct{ y, m, d int }

// dayNumber counts days from 1970-01-01 (H. Hinnant's days_from_civil).
func dayNumber(c civil) int {
	y := c.y
	if c.m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (c.m + 9) % 12
	doy := (153*mp+2)/5 + c.d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilOf is the inverse of dayNumber (civil_from_days).
func civilOf(z int) civil {
	z += 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	y := yoe + era*400
	if m <= 2 {
		y++
	}
	return civil{y, m, d}
}

// weekday is 0 for Sunday … 6 for Saturday (1970-01-01 was a Thursday).
func weekday(c civil) int { return ((dayNumber(c) % 7) + 11) % 7 }

func lastDay(y, m int) civil {
	if m == 12 {
		return civilOf(dayNumber(civil{y + 1, 1, 1}) - 1)
	}
	return civilOf(dayNumber(civil{y, m + 1, 1}) - 1)
}

// iso writes the date as YYYY-MM-DD.
func (c civil) iso() string {
	b := [10]byte{byte('0' + c.y/1000%10), byte('0' + c.y/100%10), byte('0' + c.y/10%10), byte('0' + c.y%10), '-',
		byte('0' + c.m/10), byte('0' + c.m%10), '-', byte('0' + c.d/10), byte('0' + c.d%10)}
	return string(b[:])
}

// holidayYear lists one year's 国民の祝日 and 休日 (振替休日, 国民の休日) as month*100+day.
type holidayYear struct {
	Y    int
	Days []int
	Conf Conf
	Law  string
}

// nationalHolidays are the days 国民の祝日に関する法律 (昭和23年法律第178号) 2条・3条 makes holidays:
// fixed dates, the Mondays of 成人の日・海の日・敬老の日・スポーツの日, 春分の日・秋分の日 as
// published by 国立天文台 (暦要項) and announced by 内閣府「国民の祝日について」, and the 振替休日
// (3条2項) and 国民の休日 (3条3項) that follow. TestHolidayTableFollowsTheLaw rebuilds every
// year from those rules. 2028's 春分・秋分 (3/20, 9/22) are computed, not yet published (暦要項
// for 2028 appears in February 2027): no collection month is March or September, so no date
// the engine gives depends on them.
var nationalHolidays = [...]holidayYear{
	{2025, []int{101, 113, 211, 223, 224, 320, 429, 503, 504, 505, 506, 721, 811, 915, 923, 1013, 1103, 1123, 1124}, Confirmed,
		"国民の祝日に関する法律2条・3条; 内閣府「令和7年（2025年）の国民の祝日」"},
	{2026, []int{101, 112, 211, 223, 320, 429, 503, 504, 505, 506, 720, 811, 921, 922, 923, 1012, 1103, 1123}, Confirmed,
		"国民の祝日に関する法律2条・3条; 内閣府「令和8年（2026年）の国民の祝日」"},
	{2027, []int{101, 111, 211, 223, 321, 322, 429, 503, 504, 505, 719, 811, 920, 923, 1011, 1103, 1123}, Likely,
		"国民の祝日に関する法律2条・3条; 春分・秋分は国立天文台 暦要項（令和9年）"},
	{2028, []int{101, 110, 211, 223, 320, 429, 503, 504, 505, 717, 811, 918, 922, 1009, 1103, 1123}, Likely,
		"国民の祝日に関する法律2条・3条; 春分・秋分は計算値（暦要項 未公表）"},
}

func isHoliday(c civil) bool {
	for i := range nationalHolidays {
		h := &nationalHolidays[i]
		if h.Y != c.y {
			continue
		}
		md := c.m*100 + c.d
		for _, d := range h.Days {
			if d == md {
				return true
			}
		}
	}
	return false
}

// closed is a day on which a 納期限 cannot fall (地方税法20条の5第2項, 同法施行令6条の18): 日曜日・
// 国民の祝日その他の休日 (民法142条), 土曜日, and 12月29日〜1月3日 (地方自治法4条の2第1項3号:
// 市の休日).
func closed(c civil) bool {
	if w := weekday(c); w == 0 || w == 6 {
		return true
	}
	if (c.m == 12 && c.d >= 29) || (c.m == 1 && c.d <= 3) {
		return true
	}
	return isHoliday(c)
}

// dueDate is the 納期限 of an instalment due at the end of month m of year y: the last day,
// or the next day that is not closed.
func dueDate(y, m int) civil {
	n := dayNumber(lastDay(y, m))
	for closed(civilOf(n)) {
		n++
	}
	return civilOf(n)
}

// pensionDay is the day pensions of month m are paid (国民年金法18条3項・厚生年金保険法36条3項:
// 偶数月; the 15th, or the working day before when the 15th is a Saturday, Sunday or holiday:
// 日本年金機構「年金の支払日」). The 特別徴収 is deducted from that payment.
func pensionDay(y, m int) civil {
	n := dayNumber(civil{y, m, 15})
	for c := civilOf(n); c.m == m && closed(c); c = civilOf(n) {
		n--
	}
	return civilOf(n)
}
