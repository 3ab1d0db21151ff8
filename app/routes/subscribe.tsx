import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, TextField, useFormFailure } from "~/components/forms";
import { env } from "~/config/env.server";
import {
  findSubscriptionTarget,
  requestSubscription,
  subscribeSchema,
  targetName,
  targetPath,
} from "~/domain/concerns/subscriptions";
import { idSchema } from "~/domain/core/ids";
import { clientAddress } from "~/http/client-address.server";
import { NO_STORE } from "~/http/conditional.server";
import { badRequest, formProblem, parseFormData, readForm } from "~/http/forms.server";
import { notFound, queryOf } from "~/http/public-params.server";
import { runAction } from "~/http/responses.server";

const query = z.object({
  neighbourhood: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    .max(80)
    .optional()
    .catch(undefined),
  priority: idSchema.optional().catch(undefined),
  sent: z.literal("1").optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { neighbourhood, priority, sent } = query.parse(queryOf(request));
  const target = neighbourhood || priority ? await findSubscriptionTarget({ neighbourhood, priority }) : null;
  if ((neighbourhood || priority) && !target) throw notFound();
  return data(
    {
      target: target
        ? {
            name: targetName(target),
            path: targetPath(target),
            field:
              target.kind === "neighbourhood"
                ? { name: "neighbourhood", value: target.slug }
                : { name: "priority", value: String(target.priorityId) },
          }
        : null,
      sent: sent === "1",
    },
    { headers: { "Cache-Control": NO_STORE } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = parseFormData(form, subscribeSchema);
  if (!parsed.ok) return badRequest(parsed);
  const result = await runAction(
    () => requestSubscription({ ...parsed.data, address: clientAddress(context), baseUrl: env().PUBLIC_URL }),
    parsed.values,
  );
  if (!("kind" in result)) return result;
  if (result.kind === "rate_limited") {
    const message = "There have been too many sign-ups from your connection. Please try again in an hour.";
    return badRequest(formProblem(message, {}), 429);
  }
  const target = result.target;
  const back =
    target.kind === "neighbourhood" ? `neighbourhood=${target.slug}` : `priority=${target.priorityId}`;
  throw redirect(`/subscribe?${back}&sent=1`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.sent ? "Check your e-mail — One Dialogue" : "Get updates by e-mail — One Dialogue" },
];

export default function Subscribe() {
  const { target, sent } = useLoaderData<typeof loader>();
  const form = useFormFailure<typeof action>();
  if (!target) {
    return (
      <>
        <h1>Get updates by e-mail</h1>
        <p>
          First <Link to="/">find your neighbourhood</Link>, then use “Get updates by e-mail” on its page.
        </p>
      </>
    );
  }
  if (sent) {
    return (
      <>
        <h1>Check your e-mail</h1>
        <p>
          If the address you gave can receive updates about {target.name}, we have sent it a link. Open the
          link to confirm: nothing is sent until you do.
        </p>
        <p>The link works for 7 days. If nothing arrives, check your junk mail folder.</p>
        <p>
          <Link to={target.path}>Back to {target.name}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Get updates about {target.name} by e-mail</h1>
      <p>We send one e-mail a day at most, only when there is news. Every e-mail has a link to stop them.</p>
      <ErrorSummary errors={form.errors} labels={{ email: "E-mail address" }} />
      <Form
        method="post"
        action={`/subscribe?${new URLSearchParams([[target.field.name, target.field.value]])}`}
        noValidate
      >
        <input type="hidden" name={target.field.name} value={target.field.value} />
        <TextField
          name="email"
          label="E-mail address"
          type="email"
          autoComplete="email"
          hint="We use it only to send these updates. It is never shown to anyone."
          errors={form.errors}
          defaultValue={form.value("email")}
        />
        <button type="submit" className="button">
          Subscribe
        </button>
      </Form>
      <p className="mt-6">
        <Link to={target.path}>Back to {target.name}</Link>
      </p>
    </>
  );
}
