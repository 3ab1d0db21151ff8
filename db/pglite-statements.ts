// Named prepared statements for the embedded database. PGlite's own query()
// sends every query as the unnamed statement, so PostgreSQL parses and plans
// it afresh on every call: in WebAssembly that was most of a query's time (the
// inbox's page of tasks 3.3 ms a call, 0.3 ms as a named statement). A server
// connection keeps its statements the same way (`preparing` in client.server.ts).
//
// A query text seen a second time outside a transaction becomes a named
// statement, kept for the instance's life; the least recently used are closed
// past a bound, so texts that differ call by call cannot pile up. Queries inside
// a transaction, and the first run of any text, go through PGlite's own path.
import { type PGlite, parse, protocol, type Results } from "@electric-sql/pglite";

type QueryOptions = Parameters<PGlite["query"]>[2];
type BackendMessage = Awaited<ReturnType<PGlite["execProtocolStream"]>>[number];
type Parser = (value: string, typeId: number) => unknown;
type RowDescription = InstanceType<typeof protocol.messages.RowDescriptionMessage>;
type DataRow = InstanceType<typeof protocol.messages.DataRowMessage>;
type CommandComplete = InstanceType<typeof protocol.messages.CommandCompleteMessage>;
type Statement = { name: string; parameterTypes: number[] };

const { serialize } = protocol;
/** Errors after which a kept statement is closed and the query run afresh. */
const STALE_STATEMENT = new Set([
  "0A000", // cached plan must not change result type (a table's columns changed)
  "26000", // the statement is gone (DEALLOCATE or DISCARD ALL)
]);

/** Protocol messages sent together, in one call into the database. */
const concat = (parts: Uint8Array[]) => Buffer.concat(parts);

/**
 * One statement's result, as PGlite's own parseResults gives it. Written here because that
 * copies every type's parser into a new object on each call when the caller brings parsers of
 * its own, as drizzle always does (a fifth of a millisecond a query).
 */
function toResults<T>(
  messages: BackendMessage[],
  defaults: Record<number | string, Parser>,
  options: QueryOptions,
): Results<T> {
  const own = options?.parsers as Record<number, Parser> | undefined;
  const arrays = options?.rowMode === "array";
  let fields: Array<{ name: string; dataTypeID: number }> = [];
  let parsers: Array<Parser | undefined> = [];
  const rows: unknown[] = [];
  for (const message of messages) {
    if (message.name === "rowDescription") {
      fields = (message as RowDescription).fields.map((field) => ({
        name: field.name,
        dataTypeID: field.dataTypeID,
      }));
      parsers = fields.map((field) => own?.[field.dataTypeID] ?? defaults[field.dataTypeID]);
    } else if (message.name === "dataRow") {
      const values = (message as DataRow).fields.map((value, i) => {
        if (value === null) return null;
        const parser = parsers[i];
        return parser ? parser(value, fields[i].dataTypeID) : value;
      });
      rows.push(arrays ? values : Object.fromEntries(fields.map((field, i) => [field.name, values[i]])));
    } else if (message.name === "commandComplete") {
      const words = (message as CommandComplete).text.split(" ");
      const command = words[0];
      const count = Number.parseInt(words[words.length - 1], 10);
      const changes = ["INSERT", "UPDATE", "DELETE", "COPY", "MERGE"].includes(command);
      return {
        rows: rows as T[],
        fields,
        command,
        affectedRows: changes ? count : 0,
        ...(Number.isNaN(count) ? {} : { rowCount: count }),
      } as Results<T>;
    }
  }
  return { rows: rows as T[], fields, affectedRows: 0 } as Results<T>;
}

// Names are unique in the process, so two wrappers of one instance never collide.
let counter = 0;

export type StatementStats = { kept: number; closed: number; runs: number };

/**
 * The instance, with query() running a repeated text as a named statement. Everything
 * else (transactions, exec, listen, close) is the instance's own.
 */
export function keepingStatements(pglite: PGlite, options: { max?: number } = {}) {
  const max = options.max ?? 1000;
  // Texts run once, waiting to be seen again (bounded like the statements).
  const seenOnce = new Set<string>();
  // Kept statements in least-recently-used order (a Map keeps insertion order).
  const statements = new Map<string, Statement>();
  const stats: StatementStats = { kept: 0, closed: 0, runs: 0 };

  const close = async (statement: Statement) => {
    stats.closed++;
    await pglite.execProtocolStream(
      concat([serialize.close({ type: "S", name: statement.name }), serialize.sync()]),
      { syncToFs: false },
    );
  };

  const prepare = async (text: string, types: number[] | undefined): Promise<Statement> => {
    const name = `od_${++counter}`;
    const messages = await pglite.execProtocolStream(
      concat([
        serialize.parse({ name, text, types }),
        serialize.describe({ type: "S", name }),
        serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const statement = { name, parameterTypes: parse.parseDescribeStatementResults(messages) };
    statements.set(text, statement);
    stats.kept++;
    while (statements.size > max) {
      const [oldest, evicted] = statements.entries().next().value as [string, Statement];
      statements.delete(oldest);
      await close(evicted);
    }
    return statement;
  };

  const run = async <T>(statement: Statement, params: unknown[], queryOptions?: QueryOptions) => {
    const values = params.map((param, i) => {
      if (param === null || param === undefined) return null;
      const oid = statement.parameterTypes[i];
      const serializer = queryOptions?.serializers?.[oid] ?? pglite.serializers[oid];
      return serializer ? serializer(param) : String(param);
    });
    const messages = await pglite.execProtocolStream(
      concat([
        serialize.bind({ statement: statement.name, values }),
        serialize.describe({ type: "P" }),
        serialize.execute({}),
        serialize.sync(),
      ]),
      { syncToFs: false },
    );
    stats.runs++;
    return toResults<T>(messages, pglite.parsers, queryOptions);
  };

  async function query<T>(text: string, params: unknown[] = [], queryOptions?: QueryOptions) {
    const kept = statements.get(text);
    if (!kept && !seenOnce.has(text)) {
      seenOnce.add(text);
      if (seenOnce.size > max) seenOnce.delete(seenOnce.values().next().value as string);
      return pglite.query<T>(text, params, queryOptions);
    }
    if (queryOptions?.blob) return pglite.query<T>(text, params, queryOptions);
    await pglite._checkReady();
    try {
      return await pglite._runExclusiveTransaction(() =>
        pglite._runExclusiveQuery(async () => {
          let statement = statements.get(text);
          if (statement) {
            // Most recently used last.
            statements.delete(text);
            statements.set(text, statement);
          } else {
            seenOnce.delete(text);
            statement = await prepare(text, queryOptions?.paramTypes);
          }
          const result = await run<T>(statement, params, queryOptions);
          await pglite.syncToFs();
          return result;
        }),
      );
    } catch (error) {
      const code = (error as { code?: string }).code;
      const statement = statements.get(text);
      if (!code || !STALE_STATEMENT.has(code) || !statement) throw error;
      statements.delete(text);
      await pglite._runExclusiveTransaction(() => pglite._runExclusiveQuery(() => close(statement)));
      return pglite.query<T>(text, params, queryOptions);
    }
  }

  const wrapped = new Proxy(pglite, {
    get(target, property) {
      if (property === "query") return query;
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { pglite: wrapped, stats };
}
