// Counts the statements a read model runs, whatever the driver: a proxy over the
// database whose session counts every query it prepares each time that query runs.
import type { Database } from "~db/client.server";

/** drizzle's session (internal to its types), through which every query is prepared and run. */
type Session = { prepareQuery: (...args: unknown[]) => PreparedQuery };
type PreparedQuery = { execute: (...args: unknown[]) => unknown; all?: (...args: unknown[]) => unknown };

/**
 * The database, counting every statement it runs: each execution of a query it prepares, whether
 * built for one call or kept and run again (the reads `prepared()` keeps), and every raw execute.
 */
export function countingDatabase(database: Database): {
  db: Database;
  count: () => number;
  reset: () => void;
} {
  let queries = 0;
  const counted = (query: PreparedQuery) => {
    for (const method of ["execute", "all"] as const) {
      const run = query[method];
      if (typeof run !== "function") continue;
      query[method] = (...args: unknown[]) => {
        queries += 1;
        return run.apply(query, args);
      };
    }
    return query;
  };
  const session = new Proxy((database as unknown as { session: Session }).session, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === "prepareQuery" && typeof value === "function")
        return (...args: unknown[]) => counted(value.apply(receiver, args));
      return value;
    },
  });
  const proxy = new Proxy(database, {
    get(target, prop, receiver) {
      if (prop === "session") return session;
      if (prop === "query") throw new Error("countingDatabase: relational queries are not counted");
      const value = Reflect.get(target, prop, receiver);
      // Builders read `this.session`, so they are called on the proxy and run through it.
      return typeof value === "function" ? value.bind(receiver) : value;
    },
  });
  return {
    db: proxy,
    count: () => queries,
    reset: () => {
      queries = 0;
    },
  };
}
