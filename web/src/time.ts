// Moments as people in the municipality read them: local time in
// Europe/Amsterdam (summer time included), in the words of the chosen
// language ("6 dec. 2026 22:31"). The server keeps and sends UTC; only the
// screen turns it into local time. A text that is not a moment is shown as
// it came.
import { lang } from "./i18n";

const zone = "Europe/Amsterdam";

function locale(): string {
  return lang() === "nl" ? "nl-NL" : "en-GB";
}

function parse(value: string | number): Date | null {
  const d = typeof value === "number" ? new Date(value * 1000) : new Date(/^\d{4}-\d{2}-\d{2} \d/.test(value) ? value.replace(" ", "T") + (/[Zz]|[+-]\d\d:?\d\d$/.test(value) ? "" : "Z") : value);
  return Number.isNaN(d.getTime()) ? null : d;
}

// A moment (RFC 3339 text in UTC, or Unix seconds) as local date and time.
export function localDateTime(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "–";
  const d = parse(value);
  if (!d) return String(value);
  return new Intl.DateTimeFormat(locale(), { timeZone: zone, dateStyle: "medium", timeStyle: "short" }).format(d);
}

// A moment as its local date only.
export function localDate(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "–";
  const d = parse(value);
  if (!d) return String(value);
  return new Intl.DateTimeFormat(locale(), { timeZone: zone, dateStyle: "medium" }).format(d);
}

// A calendar date (YYYY-MM-DD, no time and no zone) in words: "3 mei 2023".
export function calendarDate(value: string | null | undefined): string {
  if (!value) return "–";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return value;
  return new Intl.DateTimeFormat(locale(), { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" }).format(
    new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))),
  );
}

// The machine-readable form for a <time datetime> beside the words.
export function timeElement(value: string | number | null | undefined, text: string): HTMLTimeElement {
  const el = document.createElement("time");
  const d = value === null || value === undefined || value === "" ? null : parse(value);
  if (d) el.dateTime = d.toISOString();
  el.textContent = text;
  return el;
}
