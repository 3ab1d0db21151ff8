// The app's cookies found by name, in a Cookie header and in Set-Cookie headers.
import { describe, expect, it } from "vitest";
import { carriesCookie, cookieValue, setsCookie } from "~/lib/cookies";

describe("cookies by name", () => {
  it("reads a cookie's raw value by its exact name, never a name that merely contains it", () => {
    expect(cookieValue("theme=dark; od_session=abc.def", "od_session")).toBe("abc.def");
    expect(cookieValue("not_od_session=x", "od_session")).toBeUndefined();
    expect(cookieValue("a=od_session=x", "od_session")).toBeUndefined();
    expect(cookieValue(null, "od_session")).toBeUndefined();
    expect(carriesCookie("od_wrote=1", "od_wrote")).toBe(true);
    expect(carriesCookie("od_wrote=", "od_wrote")).toBe(false);
  });

  it("finds a cookie among the Set-Cookie lines, dates with commas and all", () => {
    const lines = ["od_answer=x; Path=/n; Expires=Thu, 01 Jan 2027 00:00:00 GMT", "od_session=s; Path=/"];
    expect(setsCookie(lines, "od_session")).toBe(true);
    expect(setsCookie(lines, "od_wrote")).toBe(false);
    expect(setsCookie("od_session=s; Path=/", "od_session")).toBe(true);
    expect(setsCookie(undefined, "od_session")).toBe(false);
  });
});
