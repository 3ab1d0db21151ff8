// Bringing a neighbourhood's existing police.uk priorities in as priorities:
// the HTML police.uk publishes stripped to plain text, with their dates.
// Running it again adds nothing twice.
import { and, eq, or } from "drizzle-orm";
import type { PoliceUkCrimeClient } from "~/integrations/police-uk-crime.server";
import { db, type Executor } from "~db/client.server";
import { neighbourhoods, priorities } from "~db/schema";
import { recordAudit } from "../core/audit";
import { addCalendarDays, type IsoDate, toIsoDate } from "../core/deadlines";
import { notFound } from "../core/errors";
import { REVIEW_CYCLE_DAYS } from "../lifecycle/public-status";
import { policeUkIssue } from "./open-data";

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  rsquo: "’",
  lsquo: "‘",
  ldquo: "“",
  rdquo: "”",
  ndash: "–",
  mdash: "—",
  pound: "£",
};

/** HTML from police.uk as plain text: tags removed, entities decoded, paragraphs kept. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|h[1-6])>/gi, "\n\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
      if (code[0] === "#") {
        const n = code[1].toLowerCase() === "x" ? Number.parseInt(code.slice(2), 16) : Number(code.slice(1));
        return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : "";
      }
      return ENTITIES[code.toLowerCase()] ?? whole;
    })
    .split("\n")
    .map((line) => line.replace(/[ \t\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** A short title: the first sentence, at most 120 characters. */
export function titleFrom(text: string): string {
  const first = text.split(/(?<=[.!?])\s|\n/)[0]?.trim() ?? text;
  const title = first.replace(/[.!?]+$/, "");
  return title.length > 120 ? `${title.slice(0, 119).trimEnd()}…` : title;
}

function dayOf(value: string | null | undefined): IsoDate | null {
  const match = value ? /^(\d{4}-\d{2}-\d{2})/.exec(value) : null;
  return match ? match[1] : null;
}

export type PriorityImportSummary = {
  neighbourhood: string;
  found: number;
  imported: Array<{ id: number; title: string; agreedOn: IsoDate }>;
  alreadyThere: number;
  empty: number;
};

export async function importPolicePriorities(options: {
  client: PoliceUkCrimeClient;
  force: string;
  /** police.uk neighbourhood id (or our neighbourhood slug). */
  neighbourhood: string;
  now?: Date;
  database?: Executor;
}): Promise<PriorityImportSummary> {
  const database = options.database ?? db();
  const today = toIsoDate(options.now ?? new Date());
  const [place] = await database
    .select({
      id: neighbourhoods.id,
      slug: neighbourhoods.slug,
      assemblyId: neighbourhoods.assemblyId,
      force: neighbourhoods.policeForceId,
      code: neighbourhoods.policeNeighbourhoodId,
    })
    .from(neighbourhoods)
    .where(
      and(
        eq(neighbourhoods.policeForceId, options.force),
        or(
          eq(neighbourhoods.policeNeighbourhoodId, options.neighbourhood),
          eq(neighbourhoods.slug, options.neighbourhood),
        ),
      ),
    )
    .limit(1);
  if (!place?.code)
    throw notFound(`No neighbourhood with police.uk ids ${options.force}/${options.neighbourhood}.`);
  const answer = await options.client.priorities(options.force, place.code);
  if (answer.kind === "not_found") throw notFound("police.uk has no priorities for this neighbourhood.");
  if (answer.kind === "failed") throw new Error(`police.uk: ${answer.reason}`);

  const summary: PriorityImportSummary = {
    neighbourhood: place.slug,
    found: answer.value.length,
    imported: [],
    alreadyThere: 0,
    empty: 0,
  };
  await database.transaction(async (tx) => {
    const existing = await tx
      .select({ title: priorities.title, youSaid: priorities.youSaid, agreedOn: priorities.agreedOn })
      .from(priorities)
      .where(eq(priorities.neighbourhoodId, place.id));
    // A priority is already here if it came from police.uk before, or from our own export
    // (/api/police-uk), whose issue is the title and what residents said.
    const seen = new Set(
      existing.flatMap((p) => [
        `${p.agreedOn}\n${p.youSaid}`,
        `${p.agreedOn}\n${htmlToText(policeUkIssue(p))}`,
      ]),
    );
    for (const item of answer.value) {
      const issue = htmlToText(item.issue ?? "");
      if (!issue) {
        summary.empty += 1;
        continue;
      }
      const agreedOn = dayOf(item["issue-date"]) ?? today;
      const key = `${agreedOn}\n${issue}`;
      if (seen.has(key)) {
        summary.alreadyThere += 1;
        continue;
      }
      seen.add(key);
      const action = htmlToText(item.action ?? "");
      const actionDay = dayOf(item["action-date"]);
      const [row] = await tx
        .insert(priorities)
        .values({
          neighbourhoodId: place.id,
          title: titleFrom(issue),
          youSaid: issue,
          status: "active",
          agreedOn,
          reviewDate: addCalendarDays([today, agreedOn].sort()[1], REVIEW_CYCLE_DAYS),
          // police.uk's "action" is what the police said they did; kept with its date.
          outcomeSummary: action ? (actionDay ? `${action} (police.uk, ${actionDay})` : action) : null,
        })
        .returning({ id: priorities.id, title: priorities.title });
      await recordAudit(tx, {
        actorUserId: null,
        action: "priority.imported_from_police_uk",
        entityType: "priority",
        entityId: row.id,
        assemblyId: place.assemblyId,
        after: { title: row.title, agreedOn, source: `${options.force}/${place.code}` },
      });
      summary.imported.push({ id: row.id, title: row.title, agreedOn });
    }
  });
  return summary;
}
