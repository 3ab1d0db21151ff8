// The Express layer of server.js, driven over HTTP in-process: what calling
// loaders alone never shows — the cross-site check, the page cache, security
// headers on pages and static files, and the client address behind a proxy.
import { createHash } from "node:crypto";
import { DOMParser, type Element } from "@xmldom/xmldom";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseEnv, resetEnv } from "~/config/env.server";
import { buildNeighbourhood, buildPriority, buildUser } from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { cookieFor } from "../support/app-client";
import { useFixedClock } from "../support/clock";
import { type Harness, startHarness } from "../support/http-harness";

const test = useTestDatabase();
useFixedClock();
let app: Harness;

// Two neighbourhoods to show (Sitwell's page is the one cached; Boston Castle's
// feed is the one a resident writes into), a chair who signs in, and a person
// with a password to sign in with once the limit allows.
const CHAIR = "chair@rotherham-south.example.org";
const MEMBER = { email: "officer@police.example.org", password: "correct horse battery" };
let bostonCastleId = 0;

beforeAll(async () => {
  const sitwell = await buildNeighbourhood(test.db, { slug: "sitwell", name: "Sitwell" });
  bostonCastleId = (await buildNeighbourhood(test.db, { slug: "boston-castle", name: "Boston Castle" })).id;
  await buildUser(test.db, { email: CHAIR, name: "Pat Chair", chairs: [sitwell.assemblyId] });
  await buildUser(test.db, { ...MEMBER, name: "Sam Officer" });
  app = await startHarness();
});
afterAll(() => app?.close());

const WRONG = { email: "nobody@example.org", password: "not the password" };

describe("security headers", () => {
  afterEach(() => {
    delete process.env.PUBLIC_URL;
    resetEnv();
  });

  it("gives a page a fresh CSP nonce that its own scripts carry, and the other headers", async () => {
    const first = await app.fetch("/");
    const html = await first.text();
    expect(first.status).toBe(200);
    const nonce = /'nonce-([^']+)'/.exec(first.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonce).toBeTruthy();
    expect(html).toContain(`nonce="${nonce}"`);
    const second = await app.fetch("/");
    expect(second.headers.get("content-security-policy")).not.toContain(`'nonce-${nonce}'`);
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("x-frame-options")).toBe("DENY");
    expect(first.headers.get("x-powered-by")).toBeNull();
    expect(first.headers.get("strict-transport-security")).toBeNull();
  });

  it("sends HSTS only when the public address is https", async () => {
    process.env.PUBLIC_URL = "https://one-dialogue.example";
    resetEnv();
    const response = await app.fetch("/");
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=31536000/);
  });

  it("forbids content sniffing on static files: scripts under /assets and the favicon", async () => {
    for (const file of ["/assets/entry.client-test.js", "/favicon.ico", "/favicon.svg"]) {
      const response = await app.fetch(file);
      expect(response.status, file).toBe(200);
      expect(response.headers.get("x-content-type-options"), file).toBe("nosniff");
    }
  });
});

describe("the cross-site check", () => {
  it("refuses a form sent from another site", async () => {
    const response = await app.post("/login", WRONG, { headers: { Origin: "https://evil.example" } });
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/sent from another site/);
  });

  it("refuses a POST that carries neither Origin nor Referer", async () => {
    const response = await app.fetch("/login", {
      method: "POST",
      body: new URLSearchParams(WRONG),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(403);
  });

  it("accepts a form from this site, named by its Origin or only by its Referer", async () => {
    expect((await app.post("/login", WRONG)).status).toBe(400);
    const byReferer = await app.fetch("/login", {
      method: "POST",
      body: new URLSearchParams(WRONG),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Referer: `${app.url}/login` },
    });
    expect(byReferer.status).toBe(400);
  });

  it("answers 403, not 500, and logs why, when the Origin is the public address but the request reached another host", async () => {
    // PUBLIC_URL is http://localhost:3000 here; the harness listens on 127.0.0.1 (as behind a proxy rewriting Host).
    const response = await app.post("/login", WRONG, { headers: { Origin: "http://localhost:3000" } });
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/another address/);
    expect(app.warnings.join("\n")).toContain(
      `Origin http://localhost:3000 but the request reached host ${new URL(app.url).host}`,
    );
  });
});

describe("pages as sent", () => {
  it("sends a page whole, in one body with its length, its data script and its end", async () => {
    for (const path of ["/neighbourhoods/sitwell", "/accessibility"]) {
      const response = await app.fetch(path, { headers: { "Accept-Encoding": "identity" } });
      expect(response.status).toBe(200);
      const body = new Uint8Array(await response.arrayBuffer());
      expect(response.headers.get("transfer-encoding")).toBeNull();
      expect(Number(response.headers.get("content-length"))).toBe(body.byteLength);
      const html = new TextDecoder().decode(body);
      expect(html).toContain("</html>");
      expect(html).toContain("window.__remixContext.streamController.close()");
    }
  });

  it("still compresses a page for a browser that asks", async () => {
    const response = await app.fetch("/accessibility", { headers: { "Accept-Encoding": "gzip" } });
    expect(response.headers.get("content-encoding")).toBe("gzip");
    expect(await response.text()).toContain("</html>");
  });
});

describe("the page cache over HTTP", () => {
  let cached: Harness;
  beforeAll(async () => {
    cached = await startHarness({ pageCache: true });
    // The cache serves nothing until it has read the change counter once.
    for (let i = 0; i < 50; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await cached.fetch("/neighbourhoods/sitwell");
      if ((await cached.fetch("/neighbourhoods/sitwell")).headers.get("x-page-cache") === "hit") break;
    }
  });
  afterAll(() => cached?.close());

  it("answers a repeat visit from the cache, allowing by hash exactly the scripts the app wrote", async () => {
    const page = "/neighbourhoods/sitwell?from=cache-test";
    const miss = await cached.fetch(page);
    const html = await miss.text();
    expect(miss.headers.get("x-page-cache")).toBe("miss");
    // The miss is sent as every later hit will be: the page's own scripts carry the nonce it
    // was rendered with, and the CSP allows them by hash instead.
    expect(miss.headers.get("content-security-policy")).not.toMatch(/'nonce-/);
    const nonce = /<script[^>]* nonce="([^"]+)"/.exec(html)?.[1];
    const ownScripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
      .filter(([, attributes, body]) => body && attributes.includes(`nonce="${nonce}"`))
      .map(([, , body]) => `'sha256-${createHash("sha256").update(body).digest("base64")}'`);
    expect(ownScripts.length).toBeGreaterThan(0);
    const hit = await cached.fetch(page);
    expect(hit.headers.get("x-page-cache")).toBe("hit");
    expect(await hit.text()).toBe(html);
    const scriptSrc = /script-src ([^;]*)/.exec(hit.headers.get("content-security-policy") ?? "")?.[1] ?? "";
    expect(
      scriptSrc
        .split(" ")
        .filter((source) => source.startsWith("'sha256-"))
        .sort(),
    ).toEqual([...new Set(ownScripts)].sort());
    expect(hit.headers.get("content-security-policy")).toBe(miss.headers.get("content-security-policy"));
    expect(hit.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("never reads or writes the cache for a request with a cookie or an Authorization header", async () => {
    const page = "/neighbourhoods/sitwell?from=personal-test";
    const signedIn = await cookieFor(CHAIR);
    const personalHeaders: Record<string, string>[] = [
      { Cookie: signedIn },
      { Cookie: "theme=dark" },
      { Authorization: "Bearer x" },
    ];
    for (const headers of personalHeaders) {
      const response = await cached.fetch(page, { headers });
      expect(response.status).toBe(200);
      expect(response.headers.get("x-page-cache"), JSON.stringify(headers)).toBeNull();
    }
    // Nothing was written by those: the first anonymous visit is still a miss…
    expect((await cached.fetch(page)).headers.get("x-page-cache")).toBe("miss");
    // …and once the page is cached, a request with a cookie still is not answered from it.
    expect((await cached.fetch(page)).headers.get("x-page-cache")).toBe("hit");
    const personal = await cached.fetch(page, { headers: { Cookie: signedIn } });
    expect(personal.headers.get("x-page-cache")).toBeNull();
    expect(await personal.text()).toMatch(/Sign out/);
  });
});

describe("the Atom feed as served", () => {
  const HOSTILE_YOU_SAID = `Kids & adults shout <script>alert("you said")</script> by the "bus" station`;

  it('escapes a priority\'s "you said" inside the entry content, so a feed reader shows it as text', async () => {
    await buildPriority(test.db, {
      neighbourhood: bostonCastleId,
      title: "Shouting by the bus station",
      youSaid: HOSTILE_YOU_SAID,
      agreedDaysAgo: 1,
    });
    const response = await app.fetch("/neighbourhoods/boston-castle/feed.atom");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/atom\+xml/);
    const xml = await response.text();
    // No markup from the resident anywhere in the bytes, escaped or not as XML.
    expect(xml).not.toMatch(/<script/i);
    const problems: string[] = [];
    const feed = new DOMParser({
      onError: (level, message) => {
        if (level !== "warning") problems.push(message);
      },
    }).parseFromString(xml, "application/xml").documentElement as unknown as Element;
    expect(problems).toEqual([]);
    const entry = Array.from(feed.getElementsByTagName("entry")).find(
      (e) => e.getElementsByTagName("title")[0]?.textContent === "New priority: Shouting by the bus station",
    );
    const content = entry?.getElementsByTagName("content")[0];
    expect(content?.getAttribute("type")).toBe("html");
    // The element's text is the entry's HTML; in that HTML the resident's words are escaped once
    // more, so a reader rendering it shows the words, and never runs them.
    const html = content?.textContent ?? "";
    expect(html).toContain(
      "Kids &amp; adults shout &lt;script&gt;alert(&quot;you said&quot;)&lt;/script&gt; by the &quot;bus&quot; station",
    );
    expect(html).not.toMatch(/<script/i);
  });
});

describe("the client's address behind a proxy", () => {
  it("with TRUST_PROXY=1, a forged X-Forwarded-For from the client does not reset the per-address limit", async () => {
    const behindProxy = await startHarness({ trustProxy: parseEnv({ TRUST_PROXY: "1" }).TRUST_PROXY });
    try {
      const fromProxy = (forged: string) => ({ "X-Forwarded-For": `${forged}, 198.51.100.7` });
      for (let i = 0; i < 10; i++) {
        const tried = await behindProxy.post(
          "/login",
          { email: `stranger${i}@example.org`, password: "guess" },
          { headers: fromProxy(`10.9.8.${i}`) },
        );
        expect(tried.status).toBe(400);
      }
      const refused = await behindProxy.post("/login", MEMBER, { headers: fromProxy("10.9.8.200") });
      expect(refused.status).toBe(429);
      // The proxy's own view of another client is not affected.
      const other = await behindProxy.post("/login", MEMBER, {
        headers: { "X-Forwarded-For": "198.51.100.8" },
      });
      expect(other.status).toBe(302);
    } finally {
      await behindProxy.close();
    }
  });
});
