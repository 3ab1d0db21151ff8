// Dates, times and figures in words, the same on every public page, feed and
// e-mail: "Tuesday 3 March 2026", "6:30pm", "31 litres". UK time throughout.

const ZONE = "Europe/London";

const dayFormat = new Intl.DateTimeFormat("en-GB", {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: ZONE,
});
const calendarDayFormat = new Intl.DateTimeFormat("en-GB", {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});
const timeFormat = new Intl.DateTimeFormat("en-GB", {
  hour: "numeric",
  minute: "2-digit",
  hourCycle: "h12",
  timeZone: ZONE,
});

function joinDay(format: Intl.DateTimeFormat, date: Date) {
  const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
}

/** A moment's day in the UK: "Tuesday 3 March 2026". */
export function dayInWords(moment: Date | string): string {
  return joinDay(dayFormat, new Date(moment));
}

// Calendar dates repeat on a page (due dates in an inbox of 50 tasks) and
// formatting one is slow, so each is written out once and kept.
const calendarDays = new Map<string, string>();

/** A calendar date ("2026-03-03"): "Tuesday 3 March 2026". */
export function isoDateInWords(day: string): string {
  let words = calendarDays.get(day);
  if (words === undefined) {
    words = joinDay(calendarDayFormat, new Date(`${day}T00:00:00Z`));
    if (calendarDays.size >= 10_000) calendarDays.clear();
    calendarDays.set(day, words);
  }
  return words;
}

/** Names in the order a UK reader expects (one collator: `localeCompare` with a locale builds one per call). */
export const compareNames = new Intl.Collator("en-GB").compare;

/** GOV.UK style: "6pm", "6:30pm". */
export function timeInWords(moment: Date | string): string {
  const parts = Object.fromEntries(timeFormat.formatToParts(new Date(moment)).map((p) => [p.type, p.value]));
  const minutes = parts.minute === "00" ? "" : `:${parts.minute}`;
  return `${parts.hour}${minutes}${String(parts.dayPeriod).toLowerCase().replace(/\s|\./g, "")}`;
}

/** "Tuesday 3 March 2026, 6pm to 8pm". */
export function meetingTimeInWords(startsAt: Date | string, endsAt: Date | string): string {
  return `${dayInWords(startsAt)}, ${timeInWords(startsAt)} to ${timeInWords(endsAt)}`;
}

const numberFormat = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 });

/** A figure's number with its unit: "31 litres", "16". */
export function figureValue(figure: { value: number; unit: string }): string {
  const number = numberFormat.format(figure.value);
  return figure.unit ? `${number} ${figure.unit}` : number;
}

/** "alcohol seized: 31 litres". */
export function figureInWords(figure: { label: string; value: number; unit: string }): string {
  return `${figure.label}: ${figureValue(figure)}`;
}

/** Text made safe to put inside HTML. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Plain text as HTML paragraphs, escaped: a blank line starts a paragraph, a line break stays one. */
export function paragraphs(text: string): string {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((para) => para.trim())
    .filter(Boolean)
    .map((para) => `<p>${escapeHtml(para).replace(/\r?\n/g, "<br>")}</p>`)
    .join("");
}
