// A write transaction held open while a test looks from another connection
// (PostgreSQL server only: PGlite has one connection, so nothing runs beside it).
import type { Database, Transaction } from "~db/client.server";

/** Runs `work` in a transaction on `database` and keeps it open until the returned function is called. */
export async function holdOpen(
  database: Database,
  work: (tx: Transaction) => Promise<unknown>,
): Promise<() => Promise<void>> {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let opened = () => {};
  const open = new Promise<void>((resolve) => {
    opened = resolve;
  });
  const holding = database.transaction(async (tx) => {
    await work(tx);
    opened();
    await held;
  });
  await open;
  return async () => {
    release();
    await holding;
  };
}
