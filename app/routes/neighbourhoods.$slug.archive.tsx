import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs, OnDay, Pager, printLinks, StatusTag, When } from "~/components/public-feedback";
import { listInWords } from "~/domain/lifecycle/public-status";
import { archivePage } from "~/domain/reports/public-pages";
import { publicPage, publicPageHeaders } from "~/http/conditional.server";
import { cachedPage, tagsOf } from "~/http/page-cache-rule";
import { notFound, pathParams, queryOf, slug } from "~/http/public-params.server";

export const handle = cachedPage({ tags: tagsOf.neighbourhood });

const params = z.object({ slug });
const blank = (value: unknown) => (value === "" ? undefined : value);
const filter = z.object({
  year: z.preprocess(blank, z.coerce.number().int().min(2000).max(2100).optional()).catch(undefined),
  category: z.preprocess(blank, slug.optional()).catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

export const links = () => printLinks;
export const headers = publicPageHeaders;

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const { slug } = pathParams(params, raw);
  const page = await archivePage(slug, filter.parse(queryOf(request)));
  if (!page) throw notFound("Neighbourhood not found");
  return publicPage(request, page);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `Past priorities — ${data.neighbourhood.name} — One Dialogue`
      : "Neighbourhood not found — One Dialogue",
  },
];

export default function ArchivePage() {
  const { neighbourhood, filter, years, categories, priorities, total, pages } =
    useLoaderData<typeof loader>();
  const base = `/neighbourhoods/${neighbourhood.slug}`;
  const filtered = Boolean(filter.year || filter.category);
  const pageLink = (page: number) => {
    const query = new URLSearchParams();
    if (filter.year) query.set("year", String(filter.year));
    if (filter.category) query.set("category", filter.category);
    if (page > 1) query.set("page", String(page));
    const text = query.toString();
    return `${base}/archive${text ? `?${text}` : ""}`;
  };
  return (
    <>
      <Breadcrumbs
        items={[
          { to: "/", label: "Find your neighbourhood" },
          { to: base, label: neighbourhood.name },
          { label: "Past priorities" },
        ]}
      />
      <h1>Past priorities in {neighbourhood.name}</h1>
      <p>
        Every priority the meeting closed, and how: <strong>resolved</strong>,{" "}
        <strong>closed with no further action</strong> (with the reason), or{" "}
        <strong>referred elsewhere</strong>.
      </p>

      {filtered || total > 0 ? (
        <form
          method="get"
          action={`${base}/archive`}
          className="no-print mb-6 flex flex-wrap items-end gap-4"
        >
          <div>
            <label htmlFor="year" className="field-label">
              Year closed
            </label>
            <select
              id="year"
              name="year"
              defaultValue={filter.year ? String(filter.year) : ""}
              className="field-input"
            >
              <option value="">Any year</option>
              {years.map((year) => (
                <option key={year} value={year}>
                  {year}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="category" className="field-label">
              Category
            </label>
            <select
              id="category"
              name="category"
              defaultValue={filter.category ?? ""}
              className="field-input"
            >
              <option value="">Any category</option>
              {categories.map((category) => (
                <option key={category.slug} value={category.slug}>
                  {category.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button">
            Show
          </button>
        </form>
      ) : null}

      {!filtered && total === 0 ? (
        <p>
          No priority in {neighbourhood.name} has been closed yet. When one is, it will appear here with how
          it ended. <Link to={base}>See the current priorities</Link>.
        </p>
      ) : (
        <>
          <h2 id="results-heading">
            {total === 1 ? "1 past priority" : `${total} past priorities`}
            {filter.year ? ` closed in ${filter.year}` : ""}
          </h2>
          {priorities.length === 0 ? (
            <p>No past priorities match these choices.</p>
          ) : (
            <ul aria-labelledby="results-heading" className="space-y-6">
              {priorities.map((priority) => (
                <li key={priority.id} className="border-l-4 border-brand pl-4">
                  <h3 className="mt-0">
                    <Link to={`${base}/priorities/${priority.id}`}>{priority.title}</Link>
                  </h3>
                  <p className="mb-1">
                    <StatusTag label={priority.publicStatus.label} />
                    {priority.closedAt ? (
                      <>
                        {" "}
                        on <When at={priority.closedAt} />
                      </>
                    ) : null}
                    {priority.category ? ` · ${priority.category.name}` : ""}
                  </p>
                  {priority.closedReason ? <p className="mb-1">Reason: {priority.closedReason}</p> : null}
                  {priority.referredTo ? <p className="mb-1">Referred to: {priority.referredTo}</p> : null}
                  {priority.outcomeSummary ? <p className="mb-1">{priority.outcomeSummary}</p> : null}
                  {priority.publicStatus.finishedAgencies.length ? (
                    <p className="mb-1">Done by: {listInWords(priority.publicStatus.finishedAgencies)}</p>
                  ) : null}
                  <p className="text-sm text-muted">
                    Agreed on <OnDay day={priority.agreedOn} />
                  </p>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <Pager label="Pages of past priorities" page={filter.page} pages={pages} link={pageLink} />
    </>
  );
}
