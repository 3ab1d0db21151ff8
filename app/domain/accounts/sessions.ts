// Sessions as rows: ending all of a user's at once (a password change,
// an account switched off). The cookie that carries a session is app/auth's.
import { and, eq, ne } from "drizzle-orm";
import { db, type Executor } from "~db/client.server";
import { sessions } from "~db/schema";

/** Ends every session of a user, except (optionally) the one in use. Returns how many ended. */
export async function endUserSessions(userId: number, exceptSessionId?: string, executor: Executor = db()) {
  const rows = await executor
    .delete(sessions)
    .where(
      exceptSessionId
        ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId))
        : eq(sessions.userId, userId),
    )
    .returning({ id: sessions.id });
  return rows.length;
}
