import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ChairCrumbs, Conflict } from "~/components/chair";
import { ErrorSummary, Field, Select, TextArea, TextField, useFormFailure } from "~/components/forms";
import { env } from "~/config/env.server";
import { getPriorityForChair } from "~/domain/priorities/priorities";
import { DEFAULT_DUE_WORKING_DAYS, listAgencyOptions, offerTask } from "~/domain/tasks/chair-tasks";
import { idParam, requireChairFor } from "~/http/chair.server";
import { offerSchema } from "~/http/chair-forms.server";
import { badRequest, parseFormData, readForm } from "~/http/forms.server";
import { readOrRefuse, runAction } from "~/http/responses.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const priorityId = idParam(params.id);
  const viewer = await requireChairFor(request, { priority: priorityId });
  return readOrRefuse(async () => ({
    ...(await getPriorityForChair(viewer, priorityId)),
    agencies: await listAgencyOptions(),
    defaultDueWorkingDays: DEFAULT_DUE_WORKING_DAYS,
  }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const priorityId = idParam(params.id);
  const viewer = await requireChairFor(request, { priority: priorityId });
  const form = await readForm(request);
  const parsed = parseFormData(form, offerSchema);
  if (!parsed.ok) return badRequest(parsed);
  const result = await runAction(
    () => offerTask(viewer, { ...parsed.data, priorityId }, { publicUrl: env().PUBLIC_URL }),
    parsed.values,
  );
  if (!("id" in result)) return result;
  throw redirect(`/chair/priorities/${priorityId}?saved=offered`);
}

export const meta: MetaFunction = () => [{ title: "Offer a task — Chair workspace — One Dialogue" }];

const LABELS = {
  agencyId: "Agency or community group",
  title: "Task title",
  ask: "What is asked",
  dueInWorkingDays: "Working days to do the work",
  dueDate: "Or a due date",
  confidentiality: "Who can see the task",
};

export default function OfferTask() {
  const { priority, assembly, agencies, defaultDueWorkingDays } = useLoaderData<typeof loader>();
  const { errors, valueOr, message } = useFormFailure<typeof action>();
  const partners = agencies.filter((a) => a.kind !== "community_group");
  const groups = agencies.filter((a) => a.kind === "community_group");
  const describe = (a: (typeof agencies)[number]) =>
    `${a.name} (accepts within ${a.acknowledgeWithinWorkingDays} working days${a.defaultConfidentiality === "partners_only" ? "; partners-only" : ""}${a.hasAccounts ? "" : "; nobody has an account yet"})`;
  return (
    <>
      <ChairCrumbs
        items={[
          { to: `/chair/${assembly.id}`, label: assembly.name },
          { to: `/chair/priorities/${priority.id}`, label: priority.title },
          { label: "Offer a task" },
        ]}
      />
      <h1>Offer a task</h1>
      <p>
        For “{priority.title}”. The agency’s inbox and its coordinators get an e-mail. Where nobody at the
        agency has an account yet, the e-mail tells them whom to ask for an invitation.
      </p>
      <Conflict message={message} />
      <ErrorSummary errors={errors} labels={LABELS} />
      {!priority.isCurrent ? (
        <p>This priority is no longer current, so no tasks can be offered.</p>
      ) : (
        <Form method="post" noValidate>
          <Field name="agencyId" label={LABELS.agencyId} errors={errors}>
            {(field) => (
              <select {...field} defaultValue={valueOr("agencyId")} className="field-input">
                <option value="">Choose one</option>
                <optgroup label="Agencies">
                  {partners.map((a) => (
                    <option key={a.id} value={a.id}>
                      {describe(a)}
                    </option>
                  ))}
                </optgroup>
                {groups.length ? (
                  <optgroup label="Community groups">
                    {groups.map((a) => (
                      <option key={a.id} value={a.id}>
                        {describe(a)}
                      </option>
                    ))}
                  </optgroup>
                ) : null}
              </select>
            )}
          </Field>
          <TextField name="title" label={LABELS.title} errors={errors} defaultValue={valueOr("title")} />
          <TextArea
            name="ask"
            label={LABELS.ask}
            hint="What the agency is asked to do, as the public will read it for a public task."
            errors={errors}
            defaultValue={valueOr("ask")}
            rows={4}
          />
          <TextField
            name="dueInWorkingDays"
            label={LABELS.dueInWorkingDays}
            hint="Counted from today, without weekends or bank holidays. The agency has its own working days to accept first."
            errors={errors}
            defaultValue={valueOr("dueInWorkingDays", String(defaultDueWorkingDays))}
          />
          <TextField
            name="dueDate"
            type="date"
            label={LABELS.dueDate}
            hint="Optional: a date replaces the working days above."
            errors={errors}
            defaultValue={valueOr("dueDate")}
          />
          <Select
            name="confidentiality"
            label={LABELS.confidentiality}
            hint="Youth offending work is always partners-only."
            errors={errors}
            defaultValue={valueOr("confidentiality", "default")}
            options={[
              { value: "default", label: "The agency’s default" },
              { value: "public", label: "Public: shown on the priority’s public page" },
              { value: "partners_only", label: "Partners only: never shown to the public" },
            ]}
          />
          <button type="submit" className="button">
            Offer the task
          </button>
        </Form>
      )}
    </>
  );
}
