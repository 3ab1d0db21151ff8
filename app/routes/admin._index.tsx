import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { AdminPage } from "~/components/admin";
import { outboxSummary } from "~/domain/accounts/outbox-admin";

export const meta: MetaFunction = () => [{ title: "Administration — One Dialogue" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { outbox: await outboxSummary() };
}

export default function AdminHome() {
  const { outbox } = useLoaderData<typeof loader>();
  return (
    <AdminPage title="Administration">
      <p>Set up the borough's area assemblies, neighbourhoods and agencies, and manage who can sign in.</p>
      {outbox.failed > 0 ? (
        <p className="notice" role="status">
          {outbox.failed} e-mail{outbox.failed === 1 ? "" : "s"} could not be delivered.{" "}
          <Link to="/admin/outbox?status=failed">See the failed e-mails</Link>
        </p>
      ) : null}
      <ul className="list-disc pl-6">
        <li>
          <Link to="/admin/users/invite">Invite someone</Link>
        </li>
        <li>
          <Link to="/admin/audit">Read the audit log</Link>
        </li>
        <li>
          E-mail: {outbox.pending} waiting, {outbox.sentToday} sent today, {outbox.failed} failed
        </li>
      </ul>
    </AdminPage>
  );
}
