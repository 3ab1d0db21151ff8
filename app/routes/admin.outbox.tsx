import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireAdmin } from "~/auth/guards.server";
import { AdminPage } from "~/components/admin";
import { ScrollRegion } from "~/components/charts";
import {
  listOutbox,
  OUTBOX_PAGE_SIZE,
  OUTBOX_STATUSES,
  type OutboxStatus,
  outboxSummary,
  retryMessage,
} from "~/domain/accounts/outbox-admin";
import { badRequest, parseFormData, readForm } from "~/http/forms.server";
import { queryOf } from "~/http/public-params.server";
import { runAction } from "~/http/responses.server";

export const meta: MetaFunction = () => [{ title: "E-mail outbox — Administration — One Dialogue" }];

const query = z.object({
  status: z.enum(OUTBOX_STATUSES).optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const q = query.parse(queryOf(request));
  const [messages, summary] = await Promise.all([listOutbox(q), outboxSummary()]);
  return {
    messages,
    summary,
    statuses: OUTBOX_STATUSES,
    status: q.status ?? "",
    more: messages.length === OUTBOX_PAGE_SIZE,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireAdmin(request);
  const parsed = parseFormData(await readForm(request), z.object({ id: z.coerce.number().int().positive() }));
  if (!parsed.ok) return badRequest(parsed);
  const done = await runAction(() => retryMessage(viewer, parsed.data.id), parsed.values);
  if (done) return done;
  throw redirect("/admin/outbox?status=pending");
}

const STATUS_WORDS: Record<OutboxStatus, string> = {
  pending: "Waiting",
  sending: "Sending",
  sent: "Sent",
  failed: "Failed — not retried",
  cancelled: "Cancelled — never sent",
};

export default function Outbox() {
  const { messages, summary, statuses, status, more } = useLoaderData<typeof loader>();
  const last = messages.at(-1);
  return (
    <AdminPage title="E-mail outbox">
      <p>
        {summary.pending} waiting · {summary.sentToday} sent in the last day · {summary.failed} failed.
        Messages that cannot be delivered are retried with growing gaps for 24 hours, then marked failed.
      </p>
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="status" className="field-label">
            Show
          </label>
          <select id="status" name="status" defaultValue={status} className="field-input">
            <option value="">All</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {STATUS_WORDS[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          Show
        </button>
      </Form>
      <ScrollRegion label="E-mail outbox: table">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Message</th>
              <th scope="col">To</th>
              <th scope="col">Status</th>
              <th scope="col">Tries</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id}>
                <td>
                  {m.subject}
                  <span className="block text-sm text-muted">
                    {m.template}, queued{" "}
                    {new Date(m.createdAt).toLocaleString("en-GB", { timeZone: "Europe/London" })}
                  </span>
                </td>
                <td className="break-all">{m.toAddress}</td>
                <td>
                  {STATUS_WORDS[m.status]}
                  {m.status === "pending" && new Date(m.nextAttemptAt).getTime() > Date.now() ? (
                    <span className="block text-sm text-muted">
                      held until{" "}
                      {new Date(m.nextAttemptAt).toLocaleString("en-GB", { timeZone: "Europe/London" })}
                    </span>
                  ) : null}
                  {m.status === "failed" ? (
                    <Form method="post">
                      <input type="hidden" name="id" value={m.id} />
                      <button type="submit" className="link-button">
                        Try again<span className="sr-only"> to send “{m.subject}”</span>
                      </button>
                    </Form>
                  ) : null}
                </td>
                <td>{m.attempts}</td>
                <td className="break-all">{m.lastError ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {more && last ? (
        <p className="mt-4">
          <Link
            to={`/admin/outbox?${new URLSearchParams({ ...(status ? { status } : {}), before: String(last.id) })}`}
          >
            Older messages
          </Link>
        </p>
      ) : null}
    </AdminPage>
  );
}
