import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { z } from "zod";
import {
  Breadcrumbs,
  Figures,
  MeetingTime,
  OnDay,
  printLinks,
  StatusTag,
  SubscribeForm,
  Warnings,
  When,
} from "~/components/public-feedback";
import { priorityPage } from "~/domain/public-pages";
import { publicPage, publicPageHeaders } from "~/http/conditional.server";
import { notFound, pathParams, recordId, slug } from "~/http/public-params.server";
import type { RootData } from "~/root";

const params = z.object({ slug, id: recordId });

export const links = () => printLinks;
export const headers = publicPageHeaders;

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const { slug, id } = pathParams(params, raw);
  const page = await priorityPage(slug, id);
  if (!page) throw notFound("Priority not found");
  return publicPage(request, page);
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.priority.title} — ${data.neighbourhood.name} — One Dialogue` },
        { name: "description", content: `You said: ${data.priority.youSaid}`.slice(0, 300) },
      ]
    : [{ title: "Priority not found — One Dialogue" }];

function HowItEnded({ priority }: { priority: ReturnType<typeof useLoaderData<typeof loader>>["priority"] }) {
  if (priority.isCurrent && !priority.outcomeSummary) return null;
  return (
    <section aria-labelledby="outcome-heading">
      <h2 id="outcome-heading">{priority.isCurrent ? "Progress so far" : "How it ended"}</h2>
      {priority.status === "closed" && priority.closedReason ? (
        <p>
          <span className="font-bold">Closed with no further action because: </span>
          {priority.closedReason}
        </p>
      ) : null}
      {priority.status === "referred" && priority.referredTo ? (
        <p>
          <span className="font-bold">Referred to: </span>
          {priority.referredTo}
        </p>
      ) : null}
      {priority.outcomeSummary ? <p>{priority.outcomeSummary}</p> : null}
      {priority.closedAt ? (
        <p>
          Closed on <When at={priority.closedAt} />.
        </p>
      ) : null}
    </section>
  );
}

export default function PriorityPage() {
  const { neighbourhood, priority, agencies, nextMeeting } = useLoaderData<typeof loader>();
  const base = `/neighbourhoods/${neighbourhood.slug}`;
  const user = useRouteLoaderData<RootData>("root")?.user;
  const runsAssembly = user && (user.isAdmin || user.chairOf.includes(neighbourhood.assemblyId));
  return (
    <article>
      <Breadcrumbs
        items={[
          { to: "/", label: "Find your neighbourhood" },
          { to: base, label: neighbourhood.name },
          { label: priority.title },
        ]}
      />
      {runsAssembly ? (
        <p className="no-print">
          <Link to={`/chair/priorities/${priority.id}`}>Open this priority in the chair workspace</Link>
        </p>
      ) : null}
      <p className="text-muted">
        {priority.isCurrent ? "Current priority" : "Past priority"} for {neighbourhood.name}
        {priority.category ? ` · ${priority.category.name}` : ""}
      </p>
      <h1>{priority.title}</h1>
      <p>
        Status: <StatusTag label={priority.statusLabel} />
      </p>
      <p>{priority.statusMeaning}</p>
      <Warnings isOverdue={priority.isOverdue} isStale={priority.isStale} />

      <HowItEnded priority={priority} />

      <section aria-labelledby="you-said-heading">
        <h2 id="you-said-heading">You said</h2>
        <blockquote className="border-l-4 border-gray-400 pl-4">
          <p>{priority.youSaid}</p>
        </blockquote>
        <p>
          {priority.agreedAt ? (
            <>
              Raised and agreed as a priority at the{" "}
              <Link to={`/meetings/${priority.agreedAt.meetingId}`}>{priority.agreedAt.title}</Link> on{" "}
              <When at={priority.agreedAt.startsAt} />.
            </>
          ) : (
            <>
              Agreed as a priority on <OnDay day={priority.agreedOn} />.
            </>
          )}
        </p>
      </section>

      <section aria-labelledby="we-did-heading">
        <h2 id="we-did-heading">We did</h2>
        {agencies.length === 0 ? (
          <p>No agency has reported publicly on this priority yet.</p>
        ) : (
          agencies.map((agency) => (
            <section key={agency.agencyId} aria-labelledby={`agency-${agency.agencyId}`} className="mb-8">
              <h3 id={`agency-${agency.agencyId}`}>{agency.agencyName}</h3>
              {agency.tasks.map((task) => (
                <div key={task.id} className="mb-6 border-l-4 border-brand pl-4">
                  <h4 className="font-bold">{task.title}</h4>
                  <p className="mb-1">
                    <StatusTag label={task.statusLabel} />{" "}
                    {task.status === "done" && task.completedAt ? (
                      <>
                        on <When at={task.completedAt} />
                      </>
                    ) : (
                      <>
                        · due by <OnDay day={task.dueDate} />
                      </>
                    )}
                  </p>
                  {task.isOverdue ? (
                    <p className="border-l-4 border-red-700 pl-3">
                      <strong>Overdue:</strong> this was due by <OnDay day={task.dueDate} />.
                    </p>
                  ) : null}
                  <p>
                    <span className="font-bold">Asked to: </span>
                    {task.ask}
                  </p>
                  {task.updates.length ? (
                    <ol className="space-y-3" aria-label={`Updates from ${agency.agencyName}`}>
                      {task.updates.map((update) => (
                        <li key={update.id} id={`update-${update.id}`}>
                          <p className="mb-1 text-sm text-muted">
                            <When at={update.createdAt} />
                            {update.isOutcome ? " · Outcome" : ""}
                          </p>
                          <p className="mb-1">{update.body}</p>
                          <Figures figures={update.figures} />
                        </li>
                      ))}
                    </ol>
                  ) : (
                    <p>No public update yet.</p>
                  )}
                  {/* The outcome, unless it is already in the timeline as the final update. */}
                  {task.outcomeSummary && !task.updates.some((u) => u.isOutcome) ? (
                    <p className="mt-3 mb-1">
                      <span className="font-bold">Outcome: </span>
                      {task.outcomeSummary}
                    </p>
                  ) : null}
                  {task.residentsAsked ? (
                    <p className="mt-2">
                      Residents were asked whether things got better.
                      {task.residentsSaid ? (
                        <>
                          {" "}
                          <span className="font-bold">They said: </span>
                          {task.residentsSaid}
                        </>
                      ) : null}
                    </p>
                  ) : null}
                </div>
              ))}
            </section>
          ))
        )}
      </section>

      <section aria-labelledby="next-heading">
        <h2 id="next-heading">What happens next</h2>
        {priority.isCurrent ? (
          <>
            <p>
              Next review: <OnDay day={priority.reviewDate} />.
            </p>
            {nextMeeting ? (
              <p>
                The next meeting is the <Link to={`/meetings/${nextMeeting.id}`}>{nextMeeting.title}</Link>,{" "}
                <MeetingTime startsAt={nextMeeting.startsAt} endsAt={nextMeeting.endsAt} />, at{" "}
                {nextMeeting.venue}.
              </p>
            ) : null}
            <SubscribeForm
              target={{ priority: priority.id }}
              label="Get updates on this priority by e-mail"
            />
          </>
        ) : (
          <p>
            This priority is closed. It stays in the{" "}
            <Link to={`${base}/archive`}>archive of past priorities</Link>.
          </p>
        )}
        <p className="no-print">
          <Link to={base}>Back to {neighbourhood.name}</Link>
        </p>
      </section>
    </article>
  );
}
