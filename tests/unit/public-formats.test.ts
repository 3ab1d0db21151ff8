// The small formatting rules behind the feeds, downloads and pages.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  dayInWords,
  figureInWords,
  isoDateInWords,
  meetingTimeInWords,
  timeInWords,
} from "~/domain/core/words";
import { csv, csvCell, csvFile, escapeIcsText, escapeXml, foldIcsLine } from "~/http/feeds.server";

describe("iCalendar lines", () => {
  it("fold at 75 octets without splitting a character, and unfold back to the original", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 400 }), (text) => {
        const line = `DESCRIPTION:${escapeIcsText(text)}`;
        const folded = foldIcsLine(line);
        for (const part of folded.split("\r\n"))
          expect(Buffer.byteLength(part, "utf8")).toBeLessThanOrEqual(75);
        expect(folded.replace(/\r\n /g, "")).toBe(line);
      }),
    );
  });

  it("escape backslashes, semicolons, commas and new lines in text", () => {
    expect(escapeIcsText("a\\b; c, d\ne\r\nf\rg")).toBe("a\\\\b\\; c\\, d\\ne\\nf\\ng");
  });
});

describe("CSV cells", () => {
  it("quote commas, quotes and new lines, and defuse formulas", () => {
    expect(csvCell('He said "hi", then left')).toBe('"He said ""hi"", then left"');
    expect(csvCell("line one\r\nline two")).toBe('"line one\r\nline two"');
    expect(csvCell("=SUM(A1:A9)")).toBe("'=SUM(A1:A9)");
    expect(csvCell("@cmd")).toBe("'@cmd");
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(true)).toBe("yes");
    expect(csvCell(null)).toBe("");
  });
});

describe("CSV files as bytes", () => {
  it("are the same file as the text, byte for byte, at and around each 500-row chunk's edge", () => {
    const header = ["place", "month", "figure"];
    const row = (i: number) => [`Sitwell, "East" £${i}`, i % 2 ? null : "2026-11", i % 3 ? i / 4 : "=1+1"];
    for (const count of [0, 1, 499, 500, 501, 1000, 1001]) {
      const rows = Array.from({ length: count }, (_, i) => row(i));
      const bytes = csvFile(header, rows);
      expect(Buffer.from(bytes).equals(Buffer.from(csv(header, rows), "utf8"))).toBe(true);
    }
  });

  it("read rows from any iterable, once", () => {
    let yielded = 0;
    function* rows() {
      for (let i = 0; i < 3; i++) {
        yielded++;
        yield [i, `row ${i}`];
      }
    }
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(csvFile(["n", "name"], rows()))).toBe(
      csv(
        ["n", "name"],
        [
          [0, "row 0"],
          [1, "row 1"],
          [2, "row 2"],
        ],
      ),
    );
    expect(yielded).toBe(3);
  });
});

describe("XML text", () => {
  it("escapes markup and drops characters XML cannot carry", () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>\u0007`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;",
    );
  });
});

describe("dates, times and figures in words", () => {
  it("uses UK time and GOV.UK style", () => {
    expect(dayInWords(new Date("2026-03-03T18:00:00Z"))).toBe("Tuesday 3 March 2026");
    // 23:30 UTC in summer is already the next day in the UK.
    expect(dayInWords(new Date("2026-07-03T23:30:00Z"))).toBe("Saturday 4 July 2026");
    expect(isoDateInWords("2026-12-25")).toBe("Friday 25 December 2026");
    expect(timeInWords(new Date("2026-03-03T18:00:00Z"))).toBe("6pm");
    expect(timeInWords(new Date("2026-07-03T17:30:00Z"))).toBe("6:30pm");
    expect(timeInWords(new Date("2026-03-03T12:00:00Z"))).toBe("12pm");
    expect(meetingTimeInWords(new Date("2026-03-03T18:00:00Z"), new Date("2026-03-03T20:00:00Z"))).toBe(
      "Tuesday 3 March 2026, 6pm to 8pm",
    );
    expect(figureInWords({ label: "alcohol seized", value: 31, unit: "litres" })).toBe(
      "alcohol seized: 31 litres",
    );
    expect(figureInWords({ label: "fixed penalty notices issued", value: 1234.5, unit: "" })).toBe(
      "fixed penalty notices issued: 1,234.5",
    );
  });
});
