import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { AdminPage } from "~/components/admin";
import { auditFilterOptions, auditQuerySchema, readAuditLog } from "~/domain/accounts/audit-log";
import { queryOf } from "~/http/public-params.server";

export const meta: MetaFunction = () => [{ title: "Audit log — Administration — One Dialogue" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireAdmin(request);
  const query = auditQuerySchema.parse(queryOf(request));
  const [log, options] = await Promise.all([readAuditLog(viewer, query), auditFilterOptions()]);
  return { ...log, options, query };
}

type Changes = Array<{ field: string; before: string | null; after: string | null }>;

function ChangeList({ changes }: { changes: Changes }) {
  if (!changes.length) return null;
  return (
    <ul className="mt-1 list-disc pl-6 text-sm">
      {changes.map((c) => (
        <li key={c.field} className="break-words">
          <span className="font-bold">{c.field}</span>:{" "}
          {c.before === null ? (
            c.after
          ) : c.after === null ? (
            <>was {c.before}</>
          ) : (
            <>
              {c.before} <span aria-hidden="true">→</span>
              <span className="sr-only">changed to</span> {c.after}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

export default function AuditLog() {
  const { events, more, options, query } = useLoaderData<typeof loader>();
  const nextPage = new URLSearchParams(
    Object.entries({ ...query, before: more ?? undefined })
      .filter(([, v]) => v !== undefined && v !== "")
      .map(([k, v]) => [k, String(v)]),
  );
  return (
    <AdminPage title="Audit log">
      <p>Every sign-in, change and decision, newest first. Entries cannot be changed or removed.</p>
      <Form method="get" className="mb-6 grid gap-3 md:grid-cols-3">
        <div>
          <label htmlFor="user" className="field-label">
            Person
          </label>
          <select id="user" name="user" defaultValue={query.user ?? ""} className="field-input">
            <option value="">Anyone</option>
            {options.people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="entityType" className="field-label">
            Kind of record
          </label>
          <select
            id="entityType"
            name="entityType"
            defaultValue={query.entityType ?? ""}
            className="field-input"
          >
            <option value="">Any</option>
            {options.types.map((t) => (
              <option key={t} value={t}>
                {t.replace(/_/g, " ")}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="entityId" className="field-label">
            Record number
          </label>
          <input id="entityId" name="entityId" defaultValue={query.entityId ?? ""} className="field-input" />
        </div>
        <div>
          <label htmlFor="from" className="field-label">
            From
          </label>
          <input id="from" name="from" type="date" defaultValue={query.from ?? ""} className="field-input" />
        </div>
        <div>
          <label htmlFor="to" className="field-label">
            To
          </label>
          <input id="to" name="to" type="date" defaultValue={query.to ?? ""} className="field-input" />
        </div>
        <div className="self-end">
          <button type="submit" className="button">
            Filter
          </button>
        </div>
      </Form>
      {events.length === 0 ? (
        <p>Nothing matches these filters.</p>
      ) : (
        <ol className="space-y-4" aria-label="Audit events">
          {events.map((e) => (
            <li key={e.id} className="border-l-4 border-brand pl-3">
              <p className="mb-0 font-bold">{e.summary}</p>
              <p className="mb-0 text-sm text-muted">
                {new Date(e.at).toLocaleString("en-GB", { timeZone: "Europe/London" })}
                {e.address ? ` · from ${e.address}` : ""} · {e.action}
              </p>
              <ChangeList changes={e.changes} />
            </li>
          ))}
        </ol>
      )}
      {more ? (
        <p className="mt-4">
          <Link to={`/admin/audit?${nextPage}`}>Older entries</Link>
        </p>
      ) : null}
    </AdminPage>
  );
}
