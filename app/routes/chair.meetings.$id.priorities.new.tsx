import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ChairCrumbs, Checkboxes, Conflict, Day, Radios } from "~/components/chair";
import { ErrorSummary, Select, TextArea, TextField, useFormFailure } from "~/components/forms";
import { env } from "~/config/env.server";
import { listCategoryOptions, listNewConcernsOf } from "~/domain/concerns/concerns";
import { idSchema } from "~/domain/core/ids";
import { getMeetingForChair } from "~/domain/meetings/meetings";
import { agreePriority, defaultReviewDate, draftPriority } from "~/domain/priorities/priorities";
import { idParam, requireChairFor } from "~/http/chair.server";
import { agreeSchema } from "~/http/chair-forms.server";
import { badRequest, parseFormData, readForm } from "~/http/forms.server";
import { readOrRefuse, runAction } from "~/http/responses.server";

// Without JavaScript the page goes in GET steps: the neighbourhood (?n=), then its
// concerns (?c=…), then the details, drafted from the concerns chosen.
const steps = z.object({
  n: idSchema.optional().catch(undefined),
  c: z.array(idSchema).catch([]),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const meetingId = idParam(params.id);
  const viewer = await requireChairFor(request, { meeting: meetingId });
  const url = new URL(request.url);
  const step = steps.parse({ n: url.searchParams.get("n") ?? undefined, c: url.searchParams.getAll("c") });
  return readOrRefuse(async () => {
    const meeting = await getMeetingForChair(viewer, meetingId);
    const ids = meeting.neighbourhoods.map((n) => n.id);
    const only = ids.length === 1 ? ids[0] : undefined;
    const neighbourhoodId = step.n && ids.includes(step.n) ? step.n : only;
    const now = new Date();
    const [concerns, categories, reviewDate] = await Promise.all([
      neighbourhoodId ? listNewConcernsOf([neighbourhoodId]) : Promise.resolve([]),
      listCategoryOptions(),
      neighbourhoodId ? defaultReviewDate(neighbourhoodId, now) : Promise.resolve(null),
    ]);
    const chosen = concerns.filter((c) => step.c.includes(c.id));
    return {
      ...meeting,
      neighbourhoodId,
      concerns,
      chosen,
      draft: draftPriority(chosen),
      categories,
      reviewDate,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const meetingId = idParam(params.id);
  const viewer = await requireChairFor(request, { meeting: meetingId });
  const form = await readForm(request);
  const parsed = parseFormData(form, agreeSchema);
  if (!parsed.ok) return badRequest(parsed);
  const result = await runAction(
    () => agreePriority(viewer, { ...parsed.data, meetingId }, { publicUrl: env().PUBLIC_URL }),
    parsed.values,
  );
  if (!("id" in result)) return result;
  throw redirect(`/chair/priorities/${result.id}?saved=agreed`);
}

export const meta: MetaFunction = () => [{ title: "Agree a priority — Chair workspace — One Dialogue" }];

const LABELS = {
  neighbourhoodId: "Neighbourhood",
  concernIds: "Concerns this priority answers",
  title: "Title",
  youSaid: "You said (public summary)",
  categoryId: "Category",
  reviewDate: "Review date",
  form: "",
};

function ConcernLabel({ concern }: { concern: { publicWording: string; location: string; source: string } }) {
  return (
    <>
      {concern.publicWording}{" "}
      <span className="text-muted">
        ({concern.location}
        {concern.source === "online" ? ", raised online" : ""})
      </span>
    </>
  );
}

export default function AgreePriority() {
  const {
    meeting,
    assembly,
    neighbourhoods,
    neighbourhoodId,
    concerns,
    chosen,
    draft,
    categories,
    reviewDate,
  } = useLoaderData<typeof loader>();
  const { errors, valueOr, all, message, failed } = useFormFailure<typeof action>();
  const posted = failed ? all("concernIds") : undefined;
  const selected = posted ?? chosen.map((c) => String(c.id));
  const neighbourhood = neighbourhoods.find((n) => n.id === neighbourhoodId);
  const here = `/chair/meetings/${meeting.id}/priorities/new`;
  return (
    <>
      <ChairCrumbs
        items={[
          { to: `/chair/${assembly.id}`, label: assembly.name },
          { to: `/chair/meetings/${meeting.id}`, label: meeting.title },
          { label: "Agree a priority" },
        ]}
      />
      <h1>Agree a priority{neighbourhood ? ` for ${neighbourhood.name}` : ""}</h1>
      <Conflict message={message} />
      <ErrorSummary errors={errors} labels={LABELS} />
      {!neighbourhood ? (
        <Form method="get" action={here}>
          <Radios
            name="n"
            legend="Which neighbourhood is it for?"
            options={neighbourhoods.map((n) => ({ value: String(n.id), label: n.name }))}
          />
          <button type="submit" className="button">
            Continue
          </button>
        </Form>
      ) : concerns.length === 0 ? (
        <p>
          There are no new concerns for {neighbourhood.name}. Add the concerns raised first
          {neighbourhoods.length > 1 ? (
            <>
              , or <Link to={here}>choose another neighbourhood</Link>
            </>
          ) : null}
          .
        </p>
      ) : !chosen.length && !failed ? (
        <Form method="get" action={here}>
          <input type="hidden" name="n" value={neighbourhood.id} />
          <Checkboxes
            name="c"
            legend={LABELS.concernIds}
            hint="Choose one or more. The title and “you said” are drafted from them for you to edit."
            options={concerns.map((c) => ({ value: String(c.id), label: <ConcernLabel concern={c} /> }))}
            checked={() => false}
          />
          <button type="submit" className="button">
            Continue
          </button>
          {neighbourhoods.length > 1 ? (
            <p>
              <Link to={here}>Choose another neighbourhood</Link>
            </p>
          ) : null}
        </Form>
      ) : (
        <Form method="post" noValidate>
          <input type="hidden" name="neighbourhoodId" value={neighbourhood.id} />
          <Checkboxes
            name="concernIds"
            legend={LABELS.concernIds}
            hint={`New concerns in ${neighbourhood.name}.`}
            errors={errors}
            options={concerns.map((c) => ({ value: String(c.id), label: <ConcernLabel concern={c} /> }))}
            checked={(value) => selected.includes(value)}
          />
          <TextField
            name="title"
            label={LABELS.title}
            errors={errors}
            defaultValue={valueOr("title", draft.title)}
          />
          <TextArea
            name="youSaid"
            label={LABELS.youSaid}
            hint="What residents said, in plain words, as the public will read it. Drafted from the concerns: edit it."
            errors={errors}
            defaultValue={valueOr("youSaid", draft.youSaid)}
            rows={4}
          />
          <Select
            name="categoryId"
            label={LABELS.categoryId}
            errors={errors}
            defaultValue={valueOr("categoryId", draft.categoryId ? String(draft.categoryId) : "")}
            placeholder="No category"
            options={categories.map((c) => ({ value: String(c.id), label: c.name }))}
          />
          <TextField
            name="reviewDate"
            type="date"
            label={LABELS.reviewDate}
            hint="Leave empty to review it at the neighbourhood’s next meeting, or in three months if none is scheduled."
            errors={errors}
            defaultValue={valueOr("reviewDate")}
          />
          {reviewDate ? (
            <p className="mb-5 text-muted">
              By default: <Day day={reviewDate} />
            </p>
          ) : null}
          <button type="submit" className="button">
            Agree the priority
          </button>
        </Form>
      )}
    </>
  );
}
