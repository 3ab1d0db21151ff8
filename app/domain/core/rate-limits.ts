// Sliding-window rate limits on the generic rate_limit_events table (online
// concerns, subscriptions). Addresses are hashed before they are stored.
import { createHash } from "node:crypto";
import { and, count, eq, gte, sql } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { rateLimitEvents } from "~db/schema";

/** A bucket name that does not store the address or e-mail itself. */
export function bucketFor(kind: string, key: string): string {
  return `${kind}:${createHash("sha256").update(key.trim().toLowerCase()).digest("base64url").slice(0, 22)}`;
}

/**
 * Counts one event in `bucket` unless `limit` events already happened within
 * `windowMs`; returns whether this one is allowed. Run it inside the write's
 * transaction: a per-bucket lock makes concurrent requests count one by one.
 */
export async function takeRateLimit(
  executor: Executor,
  bucket: string,
  rule: { limit: number; windowMs: number },
  now = new Date(),
): Promise<boolean> {
  await executor.execute(sql`select pg_advisory_xact_lock(hashtext(${bucket}))`);
  const [{ recent }] = await executor
    .select({ recent: count() })
    .from(rateLimitEvents)
    .where(
      and(
        eq(rateLimitEvents.bucket, bucket),
        gte(rateLimitEvents.createdAt, new Date(now.getTime() - rule.windowMs)),
      ),
    );
  if (recent >= rule.limit) return false;
  await executor.insert(rateLimitEvents).values({ bucket, createdAt: now });
  return true;
}
