// Counts the queries a read model runs, whatever the driver: a proxy over the
// database that counts every query builder (or raw execute) it hands out.
import type { Database } from "~db/client.server";

const QUERY_METHODS = new Set([
  "select",
  "selectDistinct",
  "selectDistinctOn",
  "execute",
  "insert",
  "update",
  "delete",
]);

export function countingDatabase(database: Database): {
  db: Database;
  count: () => number;
  reset: () => void;
} {
  let queries = 0;
  const proxy = new Proxy(database, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop === "string" && QUERY_METHODS.has(prop) && typeof value === "function") {
        return (...args: unknown[]) => {
          queries += 1;
          return value.apply(target, args);
        };
      }
      if (prop === "query") throw new Error("countingDatabase: relational queries are not counted");
      return value;
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
