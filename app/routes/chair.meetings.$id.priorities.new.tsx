import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ChairCrumbs, Checkboxes, Conflict, Day, useFailure } from "~/components/chair";
import { ErrorSummary, Select, TextArea, TextField } from "~/components/forms";
import { listCategoryOptions, listNewConcernsOf } from "~/domain/concerns";
import { getMeetingForChair } from "~/domain/meetings";
import { agreePriority, defaultReviewDate } from "~/domain/priorities";
import { env } from "~/env.server";
import { allValues, idParam, readOrRefuse, requireChairFor } from "~/http/chair.server";
import { agreeSchema } from "~/http/chair-forms.server";
import { echoValues, parseFormData, readForm } from "~/http/forms.server";
import { runAction } from "~/http/responses.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const meetingId = idParam(params.id);
  const viewer = await requireChairFor(request, { meeting: meetingId });
  return readOrRefuse(async () => {
    const meeting = await getMeetingForChair(viewer, meetingId);
    const ids = meeting.neighbourhoods.map((n) => n.id);
    const now = new Date();
    const [concerns, categories, reviewDates] = await Promise.all([
      listNewConcernsOf(ids),
      listCategoryOptions(),
      Promise.all(ids.map(async (id) => ({ id, day: await defaultReviewDate(id, now) }))),
    ]);
    return { ...meeting, concerns, categories, reviewDates };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const meetingId = idParam(params.id);
  const viewer = await requireChairFor(request, { meeting: meetingId });
  const form = await readForm(request);
  const selected = allValues(form, "concernIds");
  const parsed = parseFormData(form, agreeSchema);
  if (!parsed.ok) return data({ ...parsed, selected }, { status: 400 });
  const result = await runAction(() =>
    agreePriority(viewer, { ...parsed.data, meetingId }, { publicUrl: env().PUBLIC_URL }),
  );
  if (!("id" in result))
    return data({ ...result.data, values: echoValues(form), selected }, result.init ?? undefined);
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

export default function AgreePriority() {
  const { meeting, assembly, neighbourhoods, concerns, categories, reviewDates } =
    useLoaderData<typeof loader>();
  const { errors, values, message, failed } = useFailure();
  const selected = (useActionData() as { selected?: string[] } | undefined)?.selected ?? [];
  const [search] = useSearchParams();
  const v = (name: string, fallback = "") => (failed ? (values[name] ?? "") : fallback);
  return (
    <>
      <ChairCrumbs
        items={[
          { to: `/chair/${assembly.id}`, label: assembly.name },
          { to: `/chair/meetings/${meeting.id}`, label: meeting.title },
          { label: "Agree a priority" },
        ]}
      />
      <h1>Agree a priority</h1>
      <Conflict message={message} />
      <ErrorSummary errors={errors} labels={LABELS} />
      {concerns.length === 0 ? (
        <p>There are no new concerns for these neighbourhoods. Add the concerns raised first.</p>
      ) : (
        <Form method="post" noValidate>
          <Select
            name="neighbourhoodId"
            label={LABELS.neighbourhoodId}
            errors={errors}
            defaultValue={v(
              "neighbourhoodId",
              search.get("n") ?? (neighbourhoods.length === 1 ? String(neighbourhoods[0].id) : ""),
            )}
            placeholder="Choose the neighbourhood"
            options={neighbourhoods.map((n) => ({ value: String(n.id), label: n.name }))}
          />
          <Checkboxes
            name="concernIds"
            legend={LABELS.concernIds}
            hint="Choose one or more new concerns from the same neighbourhood."
            errors={errors}
            options={concerns.map((c) => ({
              value: String(c.id),
              label: (
                <>
                  {c.publicWording}{" "}
                  <span className="text-muted">
                    ({c.neighbourhoodName}, {c.location})
                  </span>
                </>
              ),
            }))}
            checked={(value) => selected.includes(value)}
          />
          <TextField name="title" label={LABELS.title} errors={errors} defaultValue={v("title")} />
          <TextArea
            name="youSaid"
            label={LABELS.youSaid}
            hint="What residents said, in plain words, as the public will read it."
            errors={errors}
            defaultValue={v("youSaid")}
            rows={4}
          />
          <Select
            name="categoryId"
            label={LABELS.categoryId}
            errors={errors}
            defaultValue={v("categoryId")}
            placeholder="No category"
            options={categories.map((c) => ({ value: String(c.id), label: c.name }))}
          />
          <TextField
            name="reviewDate"
            type="date"
            label={LABELS.reviewDate}
            hint="Leave empty to review it at the neighbourhood’s next meeting, or in three months if none is scheduled."
            errors={errors}
            defaultValue={v("reviewDate")}
          />
          <ul className="mb-5 text-muted">
            {reviewDates.map((r) => (
              <li key={r.id}>
                {neighbourhoods.find((n) => n.id === r.id)?.name}: by default <Day day={r.day} />
              </li>
            ))}
          </ul>
          <button type="submit" className="button">
            Agree the priority
          </button>
        </Form>
      )}
    </>
  );
}
