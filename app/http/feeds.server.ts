// Serialisers for the public feeds and downloads: Atom 1.0 (RFC 4287),
// iCalendar (RFC 5545) and CSV (RFC 4180). Pure functions of the read models,
// so the same data always gives the same bytes (and the same ETag).
import type { InstallationIdentity } from "~/domain/core/installation";
import { escapeHtml, figureInWords, paragraphs } from "~/domain/core/words";
import type { PublicMeeting, PublicNeighbourhood } from "~/domain/publication";
import type { NeighbourhoodFeed } from "~/domain/reports/public-pages";

export { escapeHtml, paragraphs };

// ---------------------------------------------------------------- shared

export function escapeXml(text: string): string {
  return (
    text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
      // Characters XML 1.0 does not allow at all.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
  );
}

const origin = (baseUrl: string) => baseUrl.replace(/\/+$/, "");

// ---------------------------------------------------------------- Atom

/** When the feed last changed: its newest entry, or the neighbourhood itself. */
export function feedUpdatedAt(feed: NeighbourhoodFeed): Date {
  return feed.entries[0]?.at ?? feed.neighbourhood.updatedAt;
}

export function atomFeed(feed: NeighbourhoodFeed, baseUrl: string, identity: InstallationIdentity): string {
  const base = origin(baseUrl);
  const page = `${base}/neighbourhoods/${feed.neighbourhood.slug}`;
  const updated = feedUpdatedAt(feed).toISOString();
  // The installation's own authority, not PUBLIC_URL's host: ids survive a move to another domain.
  const tag = (what: string) => `tag:${identity.authority},${identity.year}:one-dialogue/${what}`;
  const entries = feed.entries.map((entry) => {
    if (entry.kind === "priority") {
      const p = entry.priority;
      const link = `${page}/priorities/${p.id}`;
      const html = `<p><strong>You said:</strong> ${escapeHtml(p.youSaid)}</p><p>Status: ${escapeHtml(p.publicStatus.label)}. ${escapeHtml(p.publicStatus.summary)}</p>`;
      return [
        "<entry>",
        `<id>${escapeXml(tag(`priority/${p.id}`))}</id>`,
        `<title type="text">${escapeXml(`New priority: ${p.title}`)}</title>`,
        `<published>${p.createdAt.toISOString()}</published>`,
        `<updated>${p.createdAt.toISOString()}</updated>`,
        `<author><name>${escapeXml(`${feed.neighbourhood.assemblyName} Area Assembly`)}</name></author>`,
        `<link rel="alternate" type="text/html" href="${escapeXml(link)}"/>`,
        p.category
          ? `<category term="${escapeXml(p.category.slug)}" label="${escapeXml(p.category.name)}"/>`
          : "",
        `<content type="html">${escapeXml(html)}</content>`,
        "</entry>",
      ].join("");
    }
    const u = entry.update;
    const link = `${page}/priorities/${u.priorityId}#update-${u.id}`;
    const figures = u.figures.length
      ? `<ul>${u.figures.map((f) => `<li>${escapeHtml(figureInWords(f))}</li>`).join("")}</ul>`
      : "";
    const html = `${paragraphs(u.body)}${figures}`;
    return [
      "<entry>",
      `<id>${escapeXml(tag(`update/${u.id}`))}</id>`,
      `<title type="text">${escapeXml(`${u.agencyName}: ${u.priorityTitle}`)}</title>`,
      `<published>${u.createdAt.toISOString()}</published>`,
      `<updated>${u.createdAt.toISOString()}</updated>`,
      `<author><name>${escapeXml(u.agencyName)}</name></author>`,
      `<link rel="alternate" type="text/html" href="${escapeXml(link)}"/>`,
      `<content type="html">${escapeXml(html)}</content>`,
      "</entry>",
    ].join("");
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">',
    `<id>${escapeXml(tag(`neighbourhood/${feed.neighbourhood.id}`))}</id>`,
    `<title type="text">${escapeXml(`${feed.neighbourhood.name}: you said, we did`)}</title>`,
    `<subtitle type="text">${escapeXml(`Public updates and new priorities for ${feed.neighbourhood.name}.`)}</subtitle>`,
    `<updated>${updated}</updated>`,
    `<author><name>${escapeXml(`${feed.neighbourhood.assemblyName} Area Assembly`)}</name></author>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(`${page}/feed.atom`)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(page)}"/>`,
    '<generator uri="https://github.com/one-dialogue">One Dialogue</generator>',
    ...entries,
    "</feed>",
    "",
  ].join("\n");
}

// ---------------------------------------------------------------- iCalendar

/** TEXT value escaping (RFC 5545 §3.3.11). */
export function escapeIcsText(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** Folds a content line at 75 octets (RFC 5545 §3.1), never splitting a UTF-8 character. */
export function foldIcsLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let bytes = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, "utf8");
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with a space
    if (bytes + size > limit) {
      parts.push(current);
      current = "";
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

const icsTime = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");

/** How often calendar programs should fetch the feed again (RFC 7986 REFRESH-INTERVAL). */
export const CALENDAR_REFRESH = "PT1H";

export function icalendar(
  calendar: { neighbourhood: PublicNeighbourhood; meetings: PublicMeeting[] },
  baseUrl: string,
  identity: InstallationIdentity,
): string {
  const base = origin(baseUrl);
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//One Dialogue//Public meetings//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeIcsText(`${calendar.neighbourhood.name} meetings`)}`,
    "X-WR-TIMEZONE:Europe/London",
    `REFRESH-INTERVAL;VALUE=DURATION:${CALENDAR_REFRESH}`,
    `X-PUBLISHED-TTL:${CALENDAR_REFRESH}`,
  ];
  for (const meeting of calendar.meetings) {
    const url = `${base}/meetings/${meeting.id}`;
    const description = [
      meeting.status === "cancelled" ? `Cancelled: ${meeting.cancellationReason ?? ""}` : "",
      meeting.accessibilityNote ? `Access: ${meeting.accessibilityNote}` : "",
      `Details: ${url}`,
    ]
      .filter(Boolean)
      .join("\n");
    lines.push(
      "BEGIN:VEVENT",
      `UID:meeting-${meeting.id}@${identity.authority}`,
      `DTSTAMP:${icsTime(meeting.updatedAt)}`,
      `LAST-MODIFIED:${icsTime(meeting.updatedAt)}`,
      // Counted by the database on every change, so calendars apply the newest version.
      `SEQUENCE:${meeting.sequence}`,
      `DTSTART:${icsTime(meeting.startsAt)}`,
      `DTEND:${icsTime(meeting.endsAt)}`,
      `SUMMARY:${escapeIcsText(meeting.status === "cancelled" ? `Cancelled: ${meeting.title}` : meeting.title)}`,
      `LOCATION:${escapeIcsText([meeting.venue, meeting.address].filter(Boolean).join(", "))}`,
      `DESCRIPTION:${escapeIcsText(description)}`,
      `URL:${url}`,
      `STATUS:${meeting.status === "cancelled" ? "CANCELLED" : "CONFIRMED"}`,
      "TRANSP:OPAQUE",
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return `${lines.map(foldIcsLine).join("\r\n")}\r\n`;
}

// ---------------------------------------------------------------- CSV

/** One CSV cell: quoted when needed; a leading = + - @ is defused so spreadsheets never run it. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "boolean" ? (value ? "yes" : "no") : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line, without its line ending. */
export function csvLine(row: Array<string | number | boolean | null | undefined>): string {
  return row.map(csvCell).join(",");
}

export function csv(
  header: string[],
  rows: Array<Array<string | number | boolean | null | undefined>>,
): string {
  // A byte-order mark so spreadsheet programs read the UTF-8 (’, £) correctly.
  return `\uFEFF${[header, ...rows].map(csvLine).join("\r\n")}\r\n`;
}

/**
 * The same file as `csv`, as UTF-8 bytes, written a few hundred rows at a time
 * as `rows` yields them: the borough's 72,000 rows at country size become one
 * buffer of 8 MB, never a string a cell or a line for all of them at once.
 */
export function csvFile(
  header: string[],
  rows: Iterable<Array<string | number | boolean | null | undefined>>,
): Uint8Array<ArrayBuffer> {
  const utf8 = new TextEncoder();
  const chunks = [utf8.encode(`\uFEFF${csvLine(header)}\r\n`)];
  let lines: string[] = [];
  const flush = () => {
    if (lines.length) chunks.push(utf8.encode(`${lines.join("\r\n")}\r\n`));
    lines = [];
  };
  for (const row of rows) {
    lines.push(csvLine(row));
    if (lines.length === CSV_LINES_A_CHUNK) flush();
  }
  flush();
  const file = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    file.set(chunk, at);
    at += chunk.length;
  }
  return file;
}
const CSV_LINES_A_CHUNK = 500;
