// Several lists in one statement. A select's fields become one JSON object per row
// (`jsonObject`), its rows one JSON array (`jsonList`), and `readJsonRows` reads them back,
// each value decoded as drizzle decodes that field in a plain select (a timestamp to a Date, a
// count to a number). A public page that needs a neighbourhood, its priorities, their tasks and
// their updates asks for them in one round trip instead of one each: on the 2-core bench machine
// each statement cost the app and PostgreSQL about 0.4 ms between them, more than most of these
// queries take to run.
import { Column, is, type SQL, SQL as SQLClass, type SQLWrapper, sql } from "drizzle-orm";
import type { SelectResultFields } from "drizzle-orm/query-builders/select.types";

type Field = Column | SQL | SQL.Aliased;
/** A flat selection, as given to `select()`: each key a column or an SQL expression. */
export type JsonFields = Record<string, Field>;

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function expressionOf(field: Field): SQLWrapper {
  return is(field, SQLClass.Aliased) ? field.sql : field;
}

/** `json_build_object('key', field, …)` for one row of `fields`. */
export function jsonObject(fields: JsonFields): SQL {
  const pairs = Object.entries(fields).map(([key, field]) => {
    if (!KEY.test(key)) throw new Error(`jsonObject: "${key}" is not a plain name`);
    return sql`${sql.raw(`'${key}'`)}, ${expressionOf(field)}`;
  });
  return sql`json_build_object(${sql.join(pairs, sql`, `)})`;
}

/** The selection for a list's select: one column, `row`, the JSON object of `fields`. */
export const jsonRowOf = (fields: JsonFields) => ({ row: jsonObject(fields).as("row") });

/**
 * The rows of `query` as one JSON array, in its order (`[]` when none). `query` selects one
 * column, `row` (`jsonRowOf`). Aggregated straight from the ordered subquery, the array
 * keeps the subquery's order.
 */
export function jsonList(query: SQLWrapper): SQL {
  return sql`(select coalesce(json_agg(listed.row), '[]'::json) from ${query} as listed)`;
}

type Decoder = { mapFromDriverValue: (value: unknown) => unknown };

function decoderOf(field: Field): Decoder | null {
  if (is(field, Column)) return field;
  const expression = is(field, SQLClass.Aliased) ? field.sql : field;
  return (expression as unknown as { decoder?: Decoder }).decoder ?? null;
}

/** A JSON value as a driver gives it: parsed already (postgres.js, PGlite) or as its text. */
export const jsonValue = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value);

// Each field's decoder, worked out once per selection (they are module constants).
const decodersOf = new WeakMap<JsonFields, Array<[string, Decoder | null]>>();
function decoders(fields: JsonFields) {
  let list = decodersOf.get(fields);
  if (!list) {
    list = Object.entries(fields).map(([key, field]) => [key, decoderOf(field)]);
    decodersOf.set(fields, list);
  }
  return list;
}

/** One object made by `jsonObject(fields)`, decoded field by field; null stays null. */
export function readJsonRow<Row>(fields: JsonFields, value: unknown): Row | null {
  const object = jsonValue(value) as Record<string, unknown> | null;
  if (object == null) return null;
  const row: Record<string, unknown> = {};
  for (const [key, decoder] of decoders(fields)) {
    const raw = object[key];
    row[key] = raw == null ? null : decoder ? decoder.mapFromDriverValue(raw) : raw;
  }
  return row as Row;
}

/** The array made by `jsonList`, each row decoded as `readJsonRow` does. */
export function readJsonRows<Row>(fields: JsonFields, value: unknown): Row[] {
  const list = (jsonValue(value) ?? []) as unknown[];
  return list.map((item) => readJsonRow<Row>(fields, item) as Row);
}

/** The row a select of `fields` gives (every join an inner join). */
export type RowOf<F> = SelectResultFields<F>;
