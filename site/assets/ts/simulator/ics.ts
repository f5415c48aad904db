// The 普通徴収 instalments as an iCalendar file (RFC 5545), made in the browser and handed to
// the resident as a download from a blob: URL: nothing is sent anywhere.

export interface IcsEvent {
  uid: string;
  date: Date; // all-day, UTC date parts
  summary: string;
  description: string;
}

function ymd(d: Date): string {
  return String(d.getUTCFullYear()).padStart(4, "0") + String(d.getUTCMonth() + 1).padStart(2, "0") + String(d.getUTCDate()).padStart(2, "0");
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

// escapeText escapes TEXT values (RFC 5545 §3.3.11).
function escapeText(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

// fold splits a content line into lines of at most 75 octets, never inside a UTF-8 character
// (RFC 5545 §3.1): Japanese text is 3 octets a character.
export function fold(line: string): string {
  const enc = new TextEncoder();
  const out: string[] = [];
  let cur = "";
  let octets = 0;
  for (const ch of line) {
    const n = enc.encode(ch).length;
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + n > limit) {
      out.push(cur);
      cur = "";
      octets = 0;
    }
    cur += ch;
    octets += n;
  }
  out.push(cur);
  return out.join("\r\n ");
}

export function calendar(events: IcsEvent[], now: Date, name: string): string {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//zeisim//resident tax simulator//JA", "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:" + escapeText(name)];
  for (const e of events) {
    const next = new Date(e.date.getTime() + 86_400_000);
    lines.push("BEGIN:VEVENT", "UID:" + e.uid, "DTSTAMP:" + stamp(now), "DTSTART;VALUE=DATE:" + ymd(e.date), "DTEND;VALUE=DATE:" + ymd(next), "SUMMARY:" + escapeText(e.summary), "DESCRIPTION:" + escapeText(e.description), "TRANSP:TRANSPARENT", "END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return lines.map(fold).join("\r\n") + "\r\n";
}
