// The session cookie is Secure exactly when the site is served over https
// (PUBLIC_URL), as the README says: over plain http a browser would drop it.
import { afterEach, describe, expect, it } from "vitest";
import { sessionCookie } from "~/auth/session.server";
import { resetEnv } from "~/config/env.server";

const saved = {
  PUBLIC_URL: process.env.PUBLIC_URL,
  NODE_ENV: process.env.NODE_ENV,
  SESSION_SECRET: process.env.SESSION_SECRET,
};

function configure(values: Record<string, string>) {
  Object.assign(process.env, values);
  resetEnv();
}

afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnv();
});

describe("the session cookie", () => {
  it("is not Secure on an http:// address, even in production", async () => {
    configure({
      NODE_ENV: "production",
      PUBLIC_URL: "http://portal.internal:8080",
      SESSION_SECRET: "s".repeat(40),
    });
    const header = await sessionCookie().serialize("a".repeat(43));
    expect(header).not.toMatch(/;\s*Secure/i);
    expect(header).toMatch(/HttpOnly/);
  });

  it("is Secure on an https:// address", async () => {
    configure({
      NODE_ENV: "production",
      PUBLIC_URL: "https://priorities.example",
      SESSION_SECRET: "s".repeat(40),
    });
    expect(await sessionCookie().serialize("a".repeat(43))).toMatch(/;\s*Secure/i);
  });
});
