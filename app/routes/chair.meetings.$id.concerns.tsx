import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ChairCrumbs, Conflict, Saved } from "~/components/chair";
import { ErrorSummary, Field, TextArea, TextField, useFormFailure } from "~/components/forms";
import { env } from "~/config/env.server";
import { addMeetingConcern, listCategoryOptions, listMeetingConcerns } from "~/domain/concerns/concerns";
import { CONCERN_STATUS } from "~/domain/lifecycle/statuses";
import { getMeetingForChair } from "~/domain/meetings/meetings";
import { idParam, requireChairFor } from "~/http/chair.server";
import { concernEntrySchema } from "~/http/chair-forms.server";
import { badRequest, parseFormData, readForm } from "~/http/forms.server";
import { readOrRefuse, runAction } from "~/http/responses.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const meetingId = idParam(params.id);
  const viewer = await requireChairFor(request, { meeting: meetingId });
  return readOrRefuse(async () => {
    const [meeting, concerns, categories] = await Promise.all([
      getMeetingForChair(viewer, meetingId),
      listMeetingConcerns(viewer, meetingId),
      listCategoryOptions(),
    ]);
    return { ...meeting, concerns, categories };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const meetingId = idParam(params.id);
  const viewer = await requireChairFor(request, { meeting: meetingId });
  const form = await readForm(request);
  const parsed = parseFormData(form, concernEntrySchema);
  if (!parsed.ok) return badRequest(parsed);
  const result = await runAction(
    () => addMeetingConcern(viewer, { ...parsed.data, meetingId }, { publicUrl: env().PUBLIC_URL }),
    parsed.values,
  );
  if (!("id" in result)) return result;
  // Back to an empty form for the next concern, keeping the neighbourhood and category.
  throw redirect(
    `/chair/meetings/${meetingId}/concerns?added=${result.id}&n=${parsed.data.neighbourhoodId}&c=${parsed.data.categoryId}#concern-form`,
  );
}

export const meta: MetaFunction = () => [
  { title: "Concerns from the floor — Chair workspace — One Dialogue" },
];

const LABELS = {
  neighbourhoodId: "Neighbourhood",
  categoryId: "Category",
  location: "Where (street level at most)",
  publicWording: "The concern, as it will be published",
  contactName: "Name",
  contactEmail: "E-mail address",
  contactPhone: "Phone number",
};

export default function ConcernEntry() {
  const { meeting, assembly, neighbourhoods, concerns, categories } = useLoaderData<typeof loader>();
  const { errors, valueOr, message, failed } = useFormFailure<typeof action>();
  const [search] = useSearchParams();
  const added = search.get("added");
  const addedReference = concerns.find((c) => String(c.id) === added)?.reference;
  const neighbourhoodDefault = valueOr(
    "neighbourhoodId",
    search.get("n") ?? (neighbourhoods.length === 1 ? String(neighbourhoods[0].id) : ""),
  );
  const categoryDefault = valueOr("categoryId", search.get("c") ?? "");
  return (
    <>
      <ChairCrumbs
        items={[
          { to: `/chair/${assembly.id}`, label: assembly.name },
          { to: `/chair/meetings/${meeting.id}`, label: meeting.title },
          { label: "Concerns" },
        ]}
      />
      <h1>Concerns from the floor</h1>
      <p>
        {meeting.title}. Add each concern as it is raised. After each one the form is ready for the next: the
        neighbourhood and category stay as you chose them, and where and what was said are cleared. When you
        are done, <Link to={`/chair/meetings/${meeting.id}/priorities/new`}>agree priorities</Link>.
      </p>
      {added && !failed ? (
        <Saved>
          Concern added
          {addedReference ? (
            <>
              {" "}
              — reference <strong>{addedReference}</strong> (read it out to the resident)
            </>
          ) : null}
          . {concerns.length} so far. Add the next one.
        </Saved>
      ) : null}
      <Conflict message={message} />
      <ErrorSummary errors={errors} labels={LABELS} />
      <Form method="post" noValidate id="concern-form" key={added ?? "first"} className="mb-10">
        <Field name="neighbourhoodId" label={LABELS.neighbourhoodId} errors={errors}>
          {(field) => (
            // Focus starts here (and returns after each concern), so typing can start straight away;
            // after a refusal the error summary takes focus instead.
            <select
              {...field}
              defaultValue={neighbourhoodDefault}
              className="field-input"
              autoFocus={!failed}
            >
              <option value="">Choose the neighbourhood</option>
              {neighbourhoods.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="categoryId" label={LABELS.categoryId} errors={errors}>
          {(field) => (
            <select {...field} defaultValue={categoryDefault} className="field-input">
              <option value="">Choose a category</option>
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextField
          name="location"
          label={LABELS.location}
          hint="A street or landmark, like “Maynard Road play area”. No house or flat numbers."
          errors={errors}
          defaultValue={valueOr("location")}
        />
        <TextArea
          name="publicWording"
          label={LABELS.publicWording}
          hint="Plain words, no names of residents, victims, suspects or officers."
          errors={errors}
          defaultValue={valueOr("publicWording")}
          rows={3}
        />
        <fieldset className="mb-5">
          <legend className="field-label">Contact for follow-up (optional, never published)</legend>
          <TextField
            name="contactName"
            label={LABELS.contactName}
            errors={errors}
            defaultValue={valueOr("contactName")}
          />
          <TextField
            name="contactEmail"
            type="email"
            label={LABELS.contactEmail}
            errors={errors}
            defaultValue={valueOr("contactEmail")}
          />
          <TextField
            name="contactPhone"
            type="tel"
            label={LABELS.contactPhone}
            errors={errors}
            defaultValue={valueOr("contactPhone")}
          />
        </fieldset>
        <button type="submit" className="button">
          Add the concern
        </button>
      </Form>

      <h2>Raised at this meeting ({concerns.length})</h2>
      {concerns.length ? (
        <ol id="raised-concerns" className="list-decimal space-y-2 pl-6">
          {concerns.map((c) => (
            <li key={c.id}>
              {c.publicWording} — {c.neighbourhoodName}, {c.location}
              {c.categoryName ? ` (${c.categoryName})` : ""} · {CONCERN_STATUS[c.status]} · Reference{" "}
              <strong>{c.reference}</strong> ·{" "}
              <Link to={`/chair/concerns/${c.id}`}>
                Edit or decide<span className="sr-only">: {c.publicWording}</span>
              </Link>
            </li>
          ))}
        </ol>
      ) : (
        <p>No concerns yet.</p>
      )}
    </>
  );
}
