import fs from "node:fs";
import path from "node:path";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { env } from "~/config/env.server";

export const meta: MetaFunction = () => [{ title: "Captured e-mail (development) — One Dialogue" }];

// Development only: without SMTP_URL, e-mails are written to a folder and listed here.
export async function loader(_: LoaderFunctionArgs) {
  if (env().NODE_ENV !== "development" || env().SMTP_URL) throw new Response("Not found", { status: 404 });
  const dir = path.resolve(env().MAIL_CAPTURE_DIR);
  const files = fs.existsSync(dir) ? (await fs.promises.readdir(dir)).filter((f) => f.endsWith(".json")) : [];
  const messages = await Promise.all(
    files
      .sort()
      .reverse()
      .slice(0, 100)
      .map(
        async (file) =>
          JSON.parse(await fs.promises.readFile(path.join(dir, file), "utf8")) as {
            id: number;
            to: string;
            subject: string;
            text: string;
            sentAt: string;
          },
      ),
  );
  return { messages, dir };
}

export default function DevMail() {
  const { messages, dir } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Captured e-mail</h1>
      <p>
        Development only. With no <code>SMTP_URL</code>, messages are written to <code>{dir}</code> instead of
        being sent. Newest first.
      </p>
      {messages.length === 0 ? <p>Nothing yet.</p> : null}
      {messages.map((m) => (
        <section key={m.id} className="mb-6 border-l-4 border-gray-400 pl-4">
          <h2 className="text-lg">{m.subject}</h2>
          <p className="text-sm text-muted">
            To {m.to} · {new Date(m.sentAt).toLocaleString("en-GB", { timeZone: "Europe/London" })}
          </p>
          <pre className="whitespace-pre-wrap">{m.text}</pre>
        </section>
      ))}
    </>
  );
}
