import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireAnyAgency } from "~/auth/guards.server";
import { OnDay, StatusTag } from "~/components/public-feedback";
import { parseId } from "~/domain/core/ids";
import { isTaskIn } from "~/domain/lifecycle/tasks";
import { getInbox, type InboxFilters, listInboxAgencies } from "~/domain/tasks/inbox";
import { INBOX_STATUS_FILTERS, INBOX_STATUS_LABEL } from "~/domain/tasks/inbox-filters";
import { readOrRefuse } from "~/http/responses.server";

/** Filters come from the address (GET), so they can be bookmarked; a bad value is ignored. */
function filtersFrom(url: URL, agencyId: number): InboxFilters {
  const get = (key: string) => url.searchParams.get(key) ?? undefined;
  const number = (key: string) => parseId(get(key)) ?? undefined;
  const status = z.enum(INBOX_STATUS_FILTERS).safeParse(get("status"));
  const assigned = z.enum(["me", "unassigned"]).safeParse(get("assigned"));
  return {
    agencyId,
    status: status.success ? status.data : "open",
    neighbourhoodId: number("neighbourhood"),
    assemblyId: number("assembly"),
    priorityId: number("priority"),
    overdue: get("overdue") === "1",
    assigned: assigned.success ? assigned.data : undefined,
    page: Math.min(number("page") ?? 1, 100_000),
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireAnyAgency(request);
  const url = new URL(request.url);
  const agencies = await listInboxAgencies(viewer);
  const agencyId = parseId(url.searchParams.get("agency")) ?? (agencies.length === 1 ? agencies[0].id : null);
  if (agencyId == null) return { agencies, agency: null, inbox: null, filters: null };
  const agency = agencies.find((a) => a.id === agencyId);
  if (!agency) throw new Response("You are not a member of that agency.", { status: 403 });
  const filters = filtersFrom(url, agencyId);
  const inbox = await readOrRefuse(() => getInbox(viewer, filters));
  return { agencies, agency, inbox, filters };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.agency ? `Task inbox: ${data.agency.name} — One Dialogue` : "Task inbox — One Dialogue" },
];

function query(filters: InboxFilters, changes: Partial<Record<string, string | number | undefined>>) {
  const params = new URLSearchParams();
  const all: Record<string, string | number | undefined> = {
    agency: filters.agencyId,
    status: filters.status === "open" ? undefined : filters.status,
    assembly: filters.assemblyId,
    neighbourhood: filters.neighbourhoodId,
    priority: filters.priorityId,
    overdue: filters.overdue ? "1" : undefined,
    assigned: filters.assigned,
    page: filters.page > 1 ? filters.page : undefined,
    ...changes,
  };
  for (const [key, value] of Object.entries(all))
    if (value !== undefined && value !== "") params.set(key, String(value));
  return `/partner?${params.toString()}`;
}

function AgencyChooser({
  agencies,
  current,
}: {
  agencies: Array<{ id: number; name: string }>;
  current?: number;
}) {
  return (
    <Form method="get" className="mb-6 flex flex-wrap items-end gap-3">
      <div>
        <label htmlFor="agency" className="field-label">
          Agency
        </label>
        <select
          id="agency"
          name="agency"
          defaultValue={current ? String(current) : ""}
          className="field-input"
        >
          {current ? null : <option value="">Choose an agency</option>}
          {agencies.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button">
        Show its tasks
      </button>
    </Form>
  );
}

/** A place filter: its choices, and a hint when there were too many to offer. */
function PlaceFilter(props: {
  name: string;
  label: string;
  choices: Array<{ id: number; name: string }>;
  chosen: number | undefined;
  /** How many there were, when too many to offer; what to do instead, and what they are called. */
  tooMany: number;
  plural: string;
  advice: string;
}) {
  const hintId = `${props.name}-hint`;
  return (
    <div className="mb-4">
      <label htmlFor={props.name} className="field-label">
        {props.label}
      </label>
      <select
        id={props.name}
        name={props.name}
        defaultValue={props.chosen ?? ""}
        className="field-input"
        aria-describedby={props.tooMany ? hintId : undefined}
      >
        <option value="">{`Any ${props.label.toLowerCase()}`}</option>
        {props.choices.map((choice) => (
          <option key={choice.id} value={choice.id}>
            {choice.name}
          </option>
        ))}
      </select>
      {props.tooMany ? (
        <p id={hintId} className="mt-1 text-muted">
          {`${props.tooMany} ${props.plural} have open work: ${props.advice}`}
        </p>
      ) : null}
    </div>
  );
}

export default function PartnerInbox() {
  const { agencies, agency, inbox, filters } = useLoaderData<typeof loader>();
  if (!agency || !inbox || !filters) {
    return (
      <>
        <h1>Task inbox</h1>
        <p>You work for more than one agency. Choose whose tasks to see.</p>
        <ul className="mb-6 space-y-2">
          {agencies.map((a) => (
            <li key={a.id}>
              <Link to={`/partner?agency=${a.id}`}>{a.name}</Link>
            </li>
          ))}
        </ul>
        <p>
          <Link to="/partner/settings">Your e-mail settings</Link>
        </p>
      </>
    );
  }
  const counts = [
    {
      label: "Offered",
      value: inbox.counts.offered,
      to: query(filters, { status: "offered", page: undefined, overdue: undefined }),
    },
    {
      label: "Accepted",
      value: inbox.counts.accepted,
      to: query(filters, { status: "accepted", page: undefined, overdue: undefined }),
    },
    {
      label: "In progress",
      value: inbox.counts.inProgress,
      to: query(filters, { status: "in_progress", page: undefined, overdue: undefined }),
    },
    {
      label: "Done this month",
      value: inbox.counts.doneThisMonth,
      to: query(filters, { status: "done", page: undefined, overdue: undefined }),
    },
    {
      label: "Overdue",
      value: inbox.counts.overdue,
      to: query(filters, { status: undefined, overdue: "1", page: undefined }),
    },
  ];
  return (
    <>
      <span className="text-muted">{agency.name}</span>
      <h1>Task inbox</h1>
      {agencies.length > 1 ? <AgencyChooser agencies={agencies} current={agency.id} /> : null}
      <ul className="flex flex-wrap gap-x-6 gap-y-2">
        <li>
          <Link to={`/dashboard/${agency.id}`}>{agency.name}: how we’re doing</Link>
        </li>
        <li>
          <Link to="/partner/settings">Your e-mail settings</Link>
        </li>
      </ul>

      <h2>At a glance</h2>
      <ul className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-5">
        {counts.map((c) => (
          <li key={c.label} className="border-2 border-gray-300 p-3">
            <Link to={c.to} className="block">
              <span className="block text-2xl font-bold">{c.value}</span>
              {c.label}
            </Link>
          </li>
        ))}
      </ul>

      <details
        className="mb-6"
        open={Boolean(
          filters.assemblyId || filters.neighbourhoodId || filters.priorityId || filters.assigned,
        )}
      >
        <summary className="cursor-pointer font-bold">Filter the tasks</summary>
        <Form method="get" className="mt-3">
          <input type="hidden" name="agency" value={agency.id} readOnly />
          <div className="grid gap-x-4 sm:grid-cols-2">
            <div className="mb-4">
              <label htmlFor="status" className="field-label">
                Status
              </label>
              <select id="status" name="status" defaultValue={filters.status} className="field-input">
                {INBOX_STATUS_FILTERS.map((s) => (
                  <option key={s} value={s}>
                    {INBOX_STATUS_LABEL[s]}
                  </option>
                ))}
              </select>
            </div>
            <div className="mb-4">
              <label htmlFor="assigned" className="field-label">
                Assigned to
              </label>
              <select
                id="assigned"
                name="assigned"
                defaultValue={filters.assigned ?? ""}
                className="field-input"
              >
                <option value="">Anyone</option>
                <option value="me">Me</option>
                <option value="unassigned">No one yet</option>
              </select>
            </div>
            <PlaceFilter
              name="assembly"
              label="Assembly"
              choices={inbox.options.assemblies}
              chosen={filters.assemblyId}
              tooMany={inbox.options.tooMany.assemblies}
              plural="assemblies"
              advice="filter by neighbourhood or priority from a task instead."
            />
            <PlaceFilter
              name="neighbourhood"
              label="Neighbourhood"
              choices={inbox.options.neighbourhoods}
              chosen={filters.neighbourhoodId}
              tooMany={inbox.options.tooMany.neighbourhoods}
              plural="neighbourhoods"
              advice="choose an assembly and apply to pick one."
            />
            <PlaceFilter
              name="priority"
              label="Priority"
              choices={inbox.options.priorities}
              chosen={filters.priorityId}
              tooMany={inbox.options.tooMany.priorities}
              plural="priorities"
              advice="choose a neighbourhood or assembly and apply to pick one."
            />
            <div className="mb-4 flex items-center gap-2 self-end">
              <input
                type="checkbox"
                id="overdue"
                name="overdue"
                value="1"
                defaultChecked={filters.overdue}
                className="h-8 w-8 shrink-0"
              />
              <label htmlFor="overdue">Only overdue tasks</label>
            </div>
          </div>
          <div className="flex flex-wrap items-center gap-4">
            <button type="submit" className="button">
              Apply filters
            </button>
            <Link to={`/partner?agency=${agency.id}`}>Clear filters</Link>
          </div>
        </Form>
      </details>

      <h2 id="tasks-heading">
        {inbox.total} {inbox.total === 1 ? "task" : "tasks"}:{" "}
        {INBOX_STATUS_LABEL[filters.status].toLowerCase()}
        {filters.overdue ? ", overdue" : ""}
      </h2>
      {inbox.items.length ? (
        <ul aria-labelledby="tasks-heading" className="space-y-4">
          {inbox.items.map((task) => (
            <li key={task.id} className="border-l-4 border-brand pl-3">
              <h3 className="mt-0">
                <Link to={`/tasks/${task.id}`}>{task.title}</Link>
              </h3>
              <p className="mb-1">
                <StatusTag label={task.statusLabel} />{" "}
                {task.partnersOnly ? <strong className="status-tag">Partners only</strong> : null}{" "}
                {task.isOverdue ? <strong className="status-tag text-red-700">Overdue</strong> : null}{" "}
                {task.notAcceptedInTime ? (
                  <strong className="status-tag text-red-700">Not accepted in time</strong>
                ) : null}
              </p>
              <p className="mb-1">
                {isTaskIn("awaitingAnswer", task.status) ? (
                  <>
                    Accept or decline by <OnDay day={task.acknowledgeBy} />.{" "}
                  </>
                ) : null}
                Due by <OnDay day={task.dueDate} />.{" "}
                {task.assignedToMe
                  ? "Assigned to you."
                  : task.assigneeName
                    ? `Assigned to ${task.assigneeName}.`
                    : "Not assigned."}
              </p>
              <p className="mb-0 text-muted">
                {task.priorityTitle} — {task.neighbourhoodName}, {task.assemblyName}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p>No tasks match these filters.</p>
      )}
      {inbox.pageCount > 1 ? (
        <nav aria-label="Pages" className="mt-6 flex flex-wrap items-center gap-4">
          {filters.page > 1 ? (
            <Link to={query(filters, { page: filters.page - 1 })} rel="prev">
              Previous page
            </Link>
          ) : null}
          <span>
            Page {filters.page} of {inbox.pageCount}
          </span>
          {filters.page < inbox.pageCount ? (
            <Link to={query(filters, { page: filters.page + 1 })} rel="next">
              Next page
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
