import { desc, eq } from "drizzle-orm";
import { followPath } from "~/domain/concerns/concern-replies";
import { moderateConcern } from "~/domain/concerns/concerns";
import { raiseOnlineConcern } from "~/domain/concerns/online-concerns";
import { requestSubscription, unsubscribeTokenFor } from "~/domain/concerns/subscriptions";
import { db } from "~db/client.server";
import * as t from "~db/schema";
import { viewer } from "../factories/demo";
import { addPriority } from "../factories/public";
import type { Fresh, RouteExpectation } from "./types";

// Public routes: everyone — signed in or not, whatever their role — gets the
// same answer. POSTs are valid (an answer, a concern, a sign-up with an address
// of its own, a real confirmation or unsubscribe link made afresh for each
// role), so "ok" means it was really done. (The public feedback pages, feeds,
// open data, subscriptions and online concerns are helper D's; see issue 6.)

/** A well-formed token that matches no subscription. */
const NO_SUCH_TOKEN = "A".repeat(43);

let count = 0;

/** Someone asked to follow Herringthorpe: the confirm token from their e-mail, and their unsubscribe token. */
async function subscription(): Promise<Fresh> {
  count += 1;
  const email = `matrix.follower.${count}@example.net`;
  await requestSubscription({
    email,
    neighbourhood: "herringthorpe",
    address: `192.0.2.${100 + count}`,
    baseUrl: "http://localhost:3000",
  });
  const [message] = await db()
    .select({ text: t.outboxMessages.text })
    .from(t.outboxMessages)
    .where(eq(t.outboxMessages.toAddress, email))
    .orderBy(desc(t.outboxMessages.id))
    .limit(1);
  const confirm = message?.text.match(/\/subscriptions\/confirm\/([A-Za-z0-9_-]+)/)?.[1];
  if (!confirm) throw new Error(`Matrix: no confirmation link sent to ${email}`);
  const [row] = await db().select().from(t.subscriptions).where(eq(t.subscriptions.email, email));
  return { confirm, unsubscribe: unsubscribeTokenFor(row.confirmTokenHash) };
}

async function anyCategory(): Promise<Fresh> {
  const [category] = await db().select({ id: t.categories.id }).from(t.categories).limit(1);
  return { category: category.id };
}

export const expectations: RouteExpectation[] = [
  { routeId: "routes/_index", path: () => "/", get: "ok" },
  {
    routeId: "routes/neighbourhoods.$slug._index",
    path: (ids) => `/neighbourhoods/${ids.neighbourhoodSlug}`,
    get: "ok",
  },
  {
    routeId: "routes/neighbourhoods.$slug.priorities.$id._index",
    // priorityX (Maynard Road) belongs to Sitwell.
    path: (ids) => `/neighbourhoods/sitwell/priorities/${ids.priorityX}`,
    get: "ok",
    // "Has this got better?": anyone may answer, no account, once the agreed work is done.
    post: {
      prepare: async () => {
        const { priority } = await addPriority(db(), {
          neighbourhood: "sitwell",
          title: "Matrix priority whose work is done",
          tasks: [{ agency: "council-asb-team", status: "done" }],
        });
        return { priority: priority.id };
      },
      path: (_ids, fresh) => `/neighbourhoods/sitwell/priorities/${fresh.priority}`,
      body: () => ({ answer: "better" }),
      expect: "ok",
    },
  },
  {
    routeId: "routes/neighbourhoods.$slug.archive",
    path: (ids) => `/neighbourhoods/${ids.neighbourhoodSlug}/archive`,
    get: "ok",
  },
  {
    routeId: "routes/neighbourhoods.$slug.feed[.]atom",
    path: (ids) => `/neighbourhoods/${ids.neighbourhoodSlug}/feed.atom`,
    get: "ok",
  },
  {
    routeId: "routes/neighbourhoods.$slug.meetings[.]ics",
    path: (ids) => `/neighbourhoods/${ids.neighbourhoodSlug}/meetings.ics`,
    get: "ok",
  },
  {
    routeId: "routes/neighbourhoods.$slug.priorities[.]csv",
    path: (ids) => `/neighbourhoods/${ids.neighbourhoodSlug}/priorities.csv`,
    get: "ok",
  },
  {
    routeId: "routes/neighbourhoods.$slug.concerns.new",
    path: (ids) => `/neighbourhoods/${ids.neighbourhoodSlug}/concerns/new`,
    get: "ok",
    // A concern raised online, by anyone (one per role's address: the per-address limit is not reached).
    post: {
      prepare: anyCategory,
      body: (_ids, fresh) => ({
        category: String(fresh.category),
        location: "Herringthorpe Avenue",
        wording: "Broken glass on the path by the shops.",
      }),
      expect: "ok",
    },
  },
  {
    routeId: "routes/neighbourhoods.$slug.concerns._index",
    path: (ids) => `/neighbourhoods/${ids.neighbourhoodSlug}/concerns`,
    get: "ok",
  },
  // The reference lookup and its form: a reference that matches no concern is a 404 for everyone.
  { routeId: "routes/concerns._index", path: () => "/concerns?reference=nonsense", get: "ok" },
  { routeId: "routes/concerns.$reference._index", path: () => "/concerns/RC-2222-2222", get: "not_found" },
  {
    routeId: "routes/concerns.$reference.follow",
    path: () => `/concerns/RC-2222-2222/follow?priority=1&token=${NO_SUCH_TOKEN}`,
    get: "not_found",
    // The link in a decision e-mail (a resident's concern adopted into the priority): whoever
    // holds it may follow the priority.
    post: {
      prepare: async (ids) => {
        count += 1;
        const raised = await raiseOnlineConcern({
          neighbourhoodSlug: "sitwell",
          address: `192.0.2.${200 + count}`,
          category: Number((await anyCategory()).category),
          location: "Maynard Road play area",
          wording: "The swings are broken again.",
          contactEmail: `matrix.resident.${count}@example.net`,
        });
        if (raised.kind !== "raised") throw new Error(`Matrix: the concern was ${raised.kind}`);
        await moderateConcern(await viewer("chair@example.org", db()), {
          concernId: raised.concernId,
          publicWording: "The swings are broken again.",
          location: "Maynard Road play area",
          decision: { status: "adopted", priorityId: ids.priorityX },
        });
        return { link: followPath(raised.reference, ids.priorityX) };
      },
      path: (_ids, fresh) => String(fresh.link),
      body: () => ({}),
      expect: "ok",
    },
  },
  { routeId: "routes/meetings.$id._index", path: (ids) => `/meetings/${ids.meetingX}`, get: "ok" },
  {
    routeId: "routes/subscribe",
    path: (ids) => `/subscribe?neighbourhood=${ids.neighbourhoodSlug}`,
    get: "ok",
    post: {
      prepare: async () => {
        count += 1;
        return { n: count };
      },
      body: (ids, fresh) => ({
        email: `matrix.signup.${fresh.n}@example.net`,
        neighbourhood: ids.neighbourhoodSlug,
      }),
      expect: "ok",
    },
  },
  {
    routeId: "routes/subscriptions.confirm.$token",
    // A made-up link is a 404 for everyone; a real one confirms, whoever holds it.
    path: () => `/subscriptions/confirm/${NO_SUCH_TOKEN}`,
    get: "not_found",
    post: {
      prepare: subscription,
      path: (_ids, fresh) => `/subscriptions/confirm/${fresh.confirm}`,
      body: () => ({}),
      expect: "ok",
    },
  },
  {
    routeId: "routes/subscriptions.unsubscribe.$token._index",
    path: () => `/subscriptions/unsubscribe/${NO_SUCH_TOKEN}`,
    get: "not_found",
    post: {
      prepare: subscription,
      path: (_ids, fresh) => `/subscriptions/unsubscribe/${fresh.unsubscribe}`,
      body: () => ({}),
      expect: "ok",
    },
  },
  {
    routeId: "routes/subscriptions.unsubscribe.$token.one-click",
    path: () => `/subscriptions/unsubscribe/${NO_SUCH_TOKEN}/one-click`,
    // GET redirects to the unsubscribe page; POST (RFC 8058) unsubscribes with a real link.
    get: "ok",
    post: {
      prepare: subscription,
      path: (_ids, fresh) => `/subscriptions/unsubscribe/${fresh.unsubscribe}/one-click`,
      body: () => ({ "List-Unsubscribe": "One-Click" }),
      expect: "ok",
    },
  },
  { routeId: "routes/api.v1.neighbourhoods._index", path: () => "/api/v1/neighbourhoods", get: "ok" },
  {
    routeId: "routes/api.v1.neighbourhoods.$slug._index",
    path: (ids) => `/api/v1/neighbourhoods/${ids.neighbourhoodSlug}`,
    get: "ok",
  },
  {
    routeId: "routes/api.v1.neighbourhoods.$slug.priorities",
    path: (ids) => `/api/v1/neighbourhoods/${ids.neighbourhoodSlug}/priorities`,
    get: "ok",
  },
  {
    routeId: "routes/api.v1.neighbourhoods.$slug.meetings",
    path: (ids) => `/api/v1/neighbourhoods/${ids.neighbourhoodSlug}/meetings`,
    get: "ok",
  },
  {
    routeId: "routes/api.v1.priorities.$id",
    path: (ids) => `/api/v1/priorities/${ids.priorityX}`,
    get: "ok",
  },
  { routeId: "routes/api.v1.meetings.$id", path: (ids) => `/api/v1/meetings/${ids.meetingX}`, get: "ok" },
  { routeId: "routes/api.v1.$", path: () => "/api/v1/no-such-endpoint", get: "not_found" },
  { routeId: "routes/api.v1.openapi[.]json", path: () => "/api/v1/openapi.json", get: "ok" },
  { routeId: "routes/api.police-uk.$", path: () => "/api/police-uk/no/such/endpoint", get: "not_found" },
  {
    routeId: "routes/api.police-uk.$force.$neighbourhood.priorities",
    path: (ids) => `/api/police-uk/${ids.force}/${ids.policeNeighbourhood}/priorities`,
    get: "ok",
  },
  { routeId: "routes/healthz", path: () => "/healthz", get: "ok" },
  { routeId: "routes/accessibility", path: () => "/accessibility", get: "ok" },
  { routeId: "routes/privacy", path: () => "/privacy", get: "ok" },
  { routeId: "routes/open-data", path: () => "/open-data", get: "ok" },
  { routeId: "routes/$", path: () => "/no-such-page", get: "not_found" },
];
