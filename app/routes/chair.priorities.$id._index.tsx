import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ChairCrumbs, Day, Flag, PriorityFlags, Saved } from "~/components/chair";
import { ImprovementCountList } from "~/components/improvement";
import { StatusTag, When } from "~/components/public-feedback";
import { isTaskIn } from "~/domain/lifecycle/tasks";
import { getPriorityForChair } from "~/domain/priorities/priorities";
import { idParam, requireChairFor } from "~/http/chair.server";
import { readOrRefuse } from "~/http/responses.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const priorityId = idParam(params.id);
  const viewer = await requireChairFor(request, { priority: priorityId });
  return readOrRefuse(() => getPriorityForChair(viewer, priorityId));
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.priority.title ?? "Priority"} — Chair workspace — One Dialogue` },
];

const SAVED: Record<string, string> = {
  agreed: "The priority is agreed. Now offer tasks to the agencies who will work on it.",
  offered: "The task is offered. The agency has been e-mailed.",
  reviewed: "The review is saved.",
  withdrawn: "The task is withdrawn. The agency has been told.",
  decided: "Your decision on the declined task is saved.",
};

export default function ChairPriority() {
  const {
    priority,
    assembly,
    neighbourhood,
    category,
    meeting,
    concerns,
    tasks,
    lastPublicUpdateAt,
    improvement,
  } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const saved = SAVED[search.get("saved") ?? ""];
  return (
    <>
      <ChairCrumbs
        items={[{ to: `/chair/${assembly.id}`, label: assembly.name }, { label: priority.title }]}
      />
      {saved ? <Saved>{saved}</Saved> : null}
      <p className="text-muted">
        {neighbourhood.name}
        {category ? ` · ${category.name}` : ""}
      </p>
      <h1>{priority.title}</h1>
      <p>
        <StatusTag label={priority.statusLabel} />{" "}
        <PriorityFlags isOverdue={priority.isOverdue} isStale={priority.isStale} />
      </p>
      <p>
        <Link to={`/neighbourhoods/${neighbourhood.slug}/priorities/${priority.id}`}>
          See the public page for this priority
        </Link>
      </p>
      <dl className="mb-6 space-y-2">
        <div>
          <dt className="font-bold">You said</dt>
          <dd>{priority.youSaid}</dd>
        </div>
        <div>
          <dt className="font-bold">Agreed</dt>
          <dd>
            <Day day={priority.agreedOn} />
            {meeting ? (
              <>
                {" "}
                at <Link to={`/chair/meetings/${meeting.id}`}>{meeting.title}</Link>
              </>
            ) : null}
          </dd>
        </div>
        <div>
          <dt className="font-bold">Review</dt>
          <dd>
            <Day day={priority.reviewDate} />
          </dd>
        </div>
        <div>
          <dt className="font-bold">Last public update</dt>
          <dd>
            {lastPublicUpdateAt ? (
              <Day day={new Date(lastPublicUpdateAt).toISOString().slice(0, 10)} />
            ) : (
              "None yet"
            )}
          </dd>
        </div>
        {priority.outcomeSummary ? (
          <div>
            <dt className="font-bold">Outcome</dt>
            <dd>{priority.outcomeSummary}</dd>
          </div>
        ) : null}
        {priority.closedReason ? (
          <div>
            <dt className="font-bold">Closed because</dt>
            <dd>{priority.closedReason}</dd>
          </div>
        ) : null}
        {priority.referredTo ? (
          <div>
            <dt className="font-bold">Referred to</dt>
            <dd>{priority.referredTo}</dd>
          </div>
        ) : null}
      </dl>
      {priority.isCurrent ? (
        <ul className="mb-8 flex flex-wrap gap-4">
          <li>
            <Link to={`/chair/priorities/${priority.id}/tasks/new`} className="button">
              Offer a task
            </Link>
          </li>
          <li>
            <Link to={`/chair/priorities/${priority.id}/review`} className="button">
              Review this priority
            </Link>
          </li>
        </ul>
      ) : null}

      <h2>Tasks</h2>
      {tasks.length ? (
        <ul className="space-y-4">
          {tasks.map((t) => (
            <li key={t.id} className="border-l-4 border-brand pl-4">
              <Link to={`/chair/tasks/${t.id}`} className="font-bold">
                {t.title}
              </Link>{" "}
              — {t.agencyName} <StatusTag label={t.statusLabel} />
              {t.partnersOnly ? <> (partners only)</> : null}
              <p className="mb-1">
                {t.isAwaitingAnswer ? (
                  <>
                    Answer due <Day day={t.acknowledgeBy} />.{" "}
                  </>
                ) : null}
                Work due <Day day={t.dueDate} />.
              </p>
              {t.isOverdue ? <Flag>Overdue</Flag> : null}
              {t.isAnswerLate ? <Flag>Answer late</Flag> : null}
              {isTaskIn("needsChair", t.status) ? (
                <p className="mb-0">
                  Declined: {t.declineReason}.{" "}
                  <Link to={`/chair/tasks/${t.id}`}>Decide what happens to it</Link>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>No tasks yet.</p>
      )}

      <section aria-labelledby="improvement-heading">
        <h2 id="improvement-heading">Has it got better? Residents’ answers</h2>
        {improvement.total ? (
          <>
            <ImprovementCountList lines={improvement.lines} tooFew={improvement.tooFew} />
            <h3>Comments (private: never published)</h3>
            {improvement.comments.length ? (
              <ul className="space-y-3" aria-label="Residents’ private comments">
                {improvement.comments.map((c, index) => (
                  <li key={`${index}-${String(c.at)}`} className="border-l-4 border-gray-400 pl-3">
                    <p className="mb-1 text-sm text-muted">
                      <When at={c.at} />
                      {c.answer ? ` · ${c.answer}` : ""}
                    </p>
                    <p className="mb-0">{c.comment}</p>
                  </li>
                ))}
              </ul>
            ) : (
              <p>No comments.</p>
            )}
          </>
        ) : (
          <p>
            No answers yet. Residents are asked on the public page once every agreed action the public can see
            is done.
          </p>
        )}
      </section>

      <h2>Concerns it answers</h2>
      <ul className="list-disc pl-6">
        {concerns.map((c) => (
          <li key={c.id}>
            {c.publicWording} ({c.location})
          </li>
        ))}
      </ul>
    </>
  );
}
