// The one rule for a record id from outside: digits only, within PostgreSQL's integer.
import { describe, expect, it } from "vitest";
import { idField, MAX_ID, parseId } from "~/domain/core/ids";

describe("parseId", () => {
  it("reads a plain positive whole number up to PostgreSQL's integer limit", () => {
    expect(parseId("1")).toBe(1);
    expect(parseId("42")).toBe(42);
    expect(parseId(String(MAX_ID))).toBe(MAX_ID);
    expect(MAX_ID).toBe(2 ** 31 - 1);
  });

  it.each([
    "",
    "0",
    "-1",
    "03",
    "3.0",
    "3e0",
    " 3",
    "3 ",
    "0x10",
    "+3",
    String(MAX_ID + 1),
    "99999999999",
    "abc",
  ])("refuses %j", (value) => {
    expect(parseId(value)).toBeNull();
  });

  it("refuses anything that is not text", () => {
    expect(parseId(undefined)).toBeNull();
    expect(parseId(null)).toBeNull();
    expect(parseId(["3"])).toBeNull();
  });
});

describe("idField", () => {
  it("gives the form's message for every way an id can be wrong", () => {
    const field = idField("Choose the agency");
    for (const value of [undefined, "", "03", "3.5", String(MAX_ID + 1)]) {
      const parsed = field.safeParse(value);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((issue) => issue.message)).toEqual(["Choose the agency"]);
    }
    expect(field.parse("7")).toBe(7);
  });
});
