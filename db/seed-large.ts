// npm run seed:large -- --neighbourhoods N --tasks M [--agencies A] [--updates-per-task U]
// Fills the configured database (server or PGlite) with varied data at scale,
// in batches of set-based INSERT … SELECT generate_series, with progress.
import { sql } from "drizzle-orm";
import { databaseOptions, env } from "../app/config/env.server";
import { type Database, openDatabase, rowsOf } from "./client.server";
import { migrateDatabase } from "./migrate";

type Options = {
  neighbourhoods: number;
  tasks: number;
  agencies: number;
  updatesPerTask: number;
  batch: number;
};

export function parseArgs(argv: string[]): Options {
  const value = (name: string, fallback: number) => {
    const index = argv.indexOf(`--${name}`);
    if (index === -1) return fallback;
    const parsed = Number(argv[index + 1]);
    if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name} must be a whole number ≥ 1`);
    return parsed;
  };
  return {
    neighbourhoods: value("neighbourhoods", 500),
    tasks: value("tasks", 100_000),
    agencies: value("agencies", 300),
    updatesPerTask: value("updates-per-task", 3),
    batch: value("batch", 50_000),
  };
}

class Progress {
  private started = Date.now();
  private done = 0;
  private lastPrint = 0;
  constructor(private total: number) {}
  add(label: string, rows: number) {
    this.done += rows;
    const now = Date.now();
    if (now - this.lastPrint < 1000 && this.done < this.total) return;
    this.lastPrint = now;
    const seconds = (now - this.started) / 1000;
    const rate = this.done / Math.max(seconds, 0.001);
    const left = (this.total - this.done) / Math.max(rate, 1);
    const pct = ((this.done / this.total) * 100).toFixed(1);
    process.stdout.write(
      `  ${label.padEnd(12)} ${this.done.toLocaleString("en-GB")} / ${this.total.toLocaleString("en-GB")} rows (${pct}%) · ${Math.round(rate).toLocaleString("en-GB")} rows/s · about ${Math.ceil(left)} s left\n`,
    );
  }
  get elapsed() {
    return (Date.now() - this.started) / 1000;
  }
}

async function inBatches(
  total: number,
  batch: number,
  run: (from: number, to: number) => Promise<void>,
  progress: Progress,
  label: string,
) {
  for (let from = 1; from <= total; from += batch) {
    const to = Math.min(total, from + batch - 1);
    await run(from, to);
    progress.add(label, to - from + 1);
  }
}

// Numbers and the run tag are generated here, never user input; inlined so
// PostgreSQL knows their types (parameters in `||` and arithmetic are ambiguous).
const lit = (value: number | string) =>
  sql.raw(typeof value === "number" ? String(Math.trunc(value)) : `'${value.replace(/[^a-z0-9]/g, "")}'`);

export async function seedLarge(db: Database, options: Options, log = console.log) {
  const { neighbourhoods: N, tasks: M, agencies: A, updatesPerTask: U, batch } = options;
  const assembliesCount = Math.max(1, Math.ceil(N / 5));
  const priorities = Math.max(1, Math.ceil(M / 3));
  const total = assembliesCount + N + A + priorities + M + M * U + M;
  log(
    `Generating ${assembliesCount.toLocaleString("en-GB")} assemblies, ${N.toLocaleString("en-GB")} neighbourhoods, ${A} agencies, ${priorities.toLocaleString("en-GB")} priorities, ${M.toLocaleString("en-GB")} tasks and ${(M * U).toLocaleString("en-GB")} updates…`,
  );
  const progress = new Progress(total);
  const run = (query: ReturnType<typeof sql>) => db.execute(query);

  // A run id keeps slugs unique when the generator runs twice on one database.
  const tag = Date.now().toString(36);
  const base = await db.execute<{ a: number; n: number; g: number; p: number; t: number; u: number }>(sql`
    select coalesce((select max(id) from assemblies), 0)::int as a,
           coalesce((select max(id) from neighbourhoods), 0)::int as n,
           coalesce((select max(id) from agencies), 0)::int as g,
           coalesce((select max(id) from priorities), 0)::int as p,
           coalesce((select max(id) from tasks), 0)::int as t,
           coalesce((select max(id) from task_updates), 0)::int as u`);
  const rows = rowsOf<Record<string, number>>(base);
  const { a: a0, n: n0, g: g0, p: p0, t: t0, u: u0 } = rows[0];

  await run(sql`
    insert into assemblies (id, slug, name)
    select ${lit(a0)} + i, 'assembly-' || ${lit(tag)} || '-' || i, 'Area Assembly ' || i
    from generate_series(1, ${lit(assembliesCount)}) i`);
  progress.add("assemblies", assembliesCount);

  await inBatches(
    N,
    batch,
    async (from, to) => {
      await run(sql`
      insert into neighbourhoods (id, assembly_id, slug, name, wards, postcode_districts, police_force_id, police_neighbourhood_id)
      select ${lit(n0)} + i, ${lit(a0)} + 1 + ((i - 1) % ${lit(assembliesCount)}),
             'n-' || ${lit(tag)} || '-' || i,
             (array['Ash','Oak','Birch','Elm','Holly','Brook','Mill','Church','Castle','Park'])[1 + i % 10]
               || (array['field','ton','ley','bury','thorpe','wood','gate','side'])[1 + (i / 10) % 8] || ' ' || i,
             array['Ward ' || i], array['ZZ' || (i % 99)], 'bench-force', 'bench-' || ${lit(tag)} || '-' || i
      from generate_series(${lit(from)}, ${lit(to)}) i`);
    },
    progress,
    "neighbourhoods",
  );

  await run(sql`
    insert into agencies (id, slug, name, kind, inbox_email, default_confidentiality)
    select ${lit(g0)} + i, 'agency-' || ${lit(tag)} || '-' || i, 'Agency ' || i,
           (enum_range(null::agency_kind))[1 + i % 9], 'agency' || i || '@example.org',
           case when i % 9 = 3 then 'partners_only'::confidentiality else 'public'::confidentiality end
    from generate_series(1, ${lit(A)}) i`);
  progress.add("agencies", A);

  await inBatches(
    priorities,
    batch,
    async (from, to) => {
      await run(sql`
      insert into priorities (id, neighbourhood_id, title, you_said, status, agreed_on, review_date, outcome_summary, closed_reason, referred_to, closed_at, created_at)
      select ${lit(p0)} + i, ${lit(n0)} + 1 + ((i::bigint * 7919) % ${lit(N)}),
             (array['Speeding on','Parking on','Litter in','Youths gathering at','Drug dealing near','Fly-tipping behind'])[1 + i % 6]
               || ' ' || (array['High Street','the park','Station Road','the shops','School Lane','the canal path'])[1 + (i / 6) % 6],
             'Residents said this is a problem in the evenings and at weekends.',
             s.status, d.agreed, d.agreed + 90,
             case when s.status = 'resolved' then 'Things improved after partners acted.' end,
             case when s.status = 'closed' then 'No further reports for three months.' end,
             case when s.status = 'referred' then 'Highways' end,
             case when s.status in ('resolved','closed','referred') then d.agreed + 120 end,
             d.agreed
      from generate_series(${lit(from)}, ${lit(to)}) i,
           lateral (select (array['active','active','monitoring','resolved','closed','referred'])[1 + i % 6]::priority_status as status) s,
           lateral (select (date '2023-01-01' + (i % 1400))::date as agreed) d`);
    },
    progress,
    "priorities",
  );

  await inBatches(
    M,
    batch,
    async (from, to) => {
      await run(sql`
      insert into tasks (id, priority_id, agency_id, title, ask, confidentiality, status, offered_at, acknowledge_by, action_plan_due_by, due_date,
                         accepted_at, decline_reason, outcome_summary, residents_asked, completed_at, created_at)
      select ${lit(t0)} + i, ${lit(p0)} + 1 + ((i - 1) % ${lit(priorities)}), ${lit(g0)} + 1 + ((i * 31) % ${lit(A)}),
             'Task ' || i, 'Please act on this priority.',
             case when i % 9 = 3 then 'partners_only'::confidentiality else 'public'::confidentiality end,
             s.status, o.offered, (o.offered::date + 7), (o.offered::date + 10), (o.offered::date + 60),
             case when s.status not in ('offered','declined') then o.offered + interval '2 days' end,
             case when s.status = 'declined' then 'Not for us.' end,
             case when s.status = 'done' then 'Completed as asked.' end,
             case when s.status = 'done' then (i % 2 = 0) end,
             case when s.status = 'done' then o.offered + interval '40 days' end,
             o.offered
      from generate_series(${lit(from)}, ${lit(to)}) i,
           lateral (select (array['offered','accepted','in_progress','in_progress','done','done','declined','withdrawn'])[1 + i % 8]::task_status as status) s,
           lateral (select (timestamp '2023-01-01' + ((i % 1400) || ' days')::interval) as offered) o`);
    },
    progress,
    "tasks",
  );

  await inBatches(
    M * U,
    batch,
    async (from, to) => {
      await run(sql`
      insert into task_updates (id, task_id, body, visibility, created_at)
      select ${lit(u0)} + i, ${lit(t0)} + 1 + ((i - 1) / ${lit(U)}),
             (array['Patrols carried out.','Visited the site.','Letters sent to households.','Met residents.','Work ordered.'])[1 + i % 5],
             case when i % 4 = 0 then 'partners_only'::visibility else 'public'::visibility end,
             timestamp '2023-01-02' + (((i / ${lit(U)}) % 1400) || ' days')::interval + ((i % ${lit(U)}) || ' days')::interval
      from generate_series(${lit(from)}, ${lit(to)}) i`);
    },
    progress,
    "updates",
  );

  await inBatches(
    M,
    batch,
    async (from, to) => {
      await run(sql`
      insert into update_figures (update_id, label, value, unit)
      select ${lit(u0)} + (i - 1) * ${lit(U)} + 1,
             (array['patrols','warning letters','fixed penalty notices issued','premises visited','items removed'])[1 + i % 5],
             1 + (i % 40), ''
      from generate_series(${lit(from)}, ${lit(to)}) i`);
    },
    progress,
    "figures",
  );

  // Keep sequences ahead of the ids written above.
  for (const table of ["assemblies", "neighbourhoods", "agencies", "priorities", "tasks", "task_updates"]) {
    await run(
      sql.raw(`select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`),
    );
  }
  log("Analysing tables…");
  await run(sql`analyze`);
  const seconds = progress.elapsed;
  log(
    `Done: ${total.toLocaleString("en-GB")} rows in ${seconds.toFixed(1)} s (${Math.round(total / seconds).toLocaleString("en-GB")} rows/s).`,
  );
  return { rows: total, seconds };
}

if (process.argv[1]?.endsWith("seed-large.ts")) {
  const options = parseArgs(process.argv.slice(2));
  const config = env();
  const handle = openDatabase(databaseOptions(config));
  console.log(
    `Database: ${handle.driver === "pglite" ? `embedded (PGlite) in ${config.PGLITE_DATA_DIR}` : "PostgreSQL server"}`,
  );
  await migrateDatabase(handle, config.MIGRATIONS_DIR);
  await seedLarge(handle.db, options);
  await handle.close();
}
