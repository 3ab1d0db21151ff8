import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireChairOf } from "~/auth/guards.server";
import { ChairCrumbs, Day, Flag, PriorityFlags } from "~/components/chair";
import { MeetingTime, StatusTag } from "~/components/public-feedback";
import { MEETING_STATUS } from "~/domain/lifecycle/statuses";
import { MEETING_KIND_NAME } from "~/domain/meetings/meeting-kinds";
import { getChairWorkspace } from "~/domain/priorities/chair-workspace";
import { idParam } from "~/http/chair.server";
import { readOrRefuse } from "~/http/responses.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const assemblyId = idParam(params.assemblyId);
  const viewer = await requireChairOf(request, assemblyId);
  return readOrRefuse(() => getChairWorkspace(viewer, assemblyId));
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.assembly.name ?? "Assembly"} — Chair workspace — One Dialogue` },
];

type Meeting = ReturnType<typeof useLoaderData<typeof loader>>["upcomingMeetings"][number];

function MeetingItem({ meeting }: { meeting: Meeting }) {
  return (
    <li className="border-l-4 border-brand pl-4">
      <Link to={`/chair/meetings/${meeting.id}`} className="font-bold">
        {meeting.title || MEETING_KIND_NAME[meeting.kind]}
      </Link>
      <p className="mb-0">
        <MeetingTime startsAt={meeting.startsAt} endsAt={meeting.endsAt} /> · {meeting.venue} ·{" "}
        <StatusTag label={MEETING_STATUS[meeting.status]} />
        {meeting.status === "held" && !meeting.publishedAt ? <> Not published yet</> : null}
        {meeting.needsRecording ? (
          <>
            {" "}
            <Flag>Needs recording</Flag>
          </>
        ) : null}
      </p>
    </li>
  );
}

export default function Workspace() {
  const w = useLoaderData<typeof loader>();
  return (
    <>
      <ChairCrumbs items={[{ label: w.assembly.name }]} />
      <h1>{w.assembly.name}</h1>

      {w.needsRecording.length ? (
        <div role="status" className="mb-6 border-4 border-red-700 p-4">
          <h2 className="mt-0">Needs your attention</h2>
          <ul className="list-disc pl-6">
            {w.needsRecording.map((m) => (
              <li key={m.id}>
                <Link to={`/chair/meetings/${m.id}/record`}>Record {m.title}</Link> (ended more than two days
                ago)
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <section aria-labelledby="meetings-heading" className="mb-8">
        <h2 id="meetings-heading">Meetings</h2>
        <p>
          <Link to={`/chair/${w.assembly.id}/meetings/new`} className="button">
            Schedule a meeting
          </Link>
        </p>
        <h3>Upcoming</h3>
        {w.upcomingMeetings.length ? (
          <ul className="space-y-3">
            {w.upcomingMeetings.map((m) => (
              <MeetingItem key={m.id} meeting={m} />
            ))}
          </ul>
        ) : (
          <p>No meetings are scheduled.</p>
        )}
        <h3>Past</h3>
        {w.pastMeetings.length ? (
          <ul className="space-y-3">
            {w.pastMeetings.map((m) => (
              <MeetingItem key={m.id} meeting={m} />
            ))}
          </ul>
        ) : (
          <p>No past meetings.</p>
        )}
      </section>

      <section aria-labelledby="concerns-heading" className="mb-8">
        <h2 id="concerns-heading">Concerns waiting for a decision</h2>
        <p>
          {w.concernsAwaitingDecision} waiting, of which {w.unmoderatedConcerns} raised online and not yet
          moderated. <Link to={`/chair/${w.assembly.id}/concerns`}>Decide concerns</Link>
        </p>
      </section>

      <section aria-labelledby="priorities-heading" className="mb-8">
        <h2 id="priorities-heading">Priorities by neighbourhood</h2>
        {w.neighbourhoods.map((n) => (
          <section key={n.id} aria-labelledby={`n-${n.id}`} className="mb-6">
            <h3 id={`n-${n.id}`}>
              {n.name}{" "}
              <span className="text-base font-normal">
                ({n.activeCount} of {n.maxActivePriorities} active)
              </span>
            </h3>
            {n.priorities.length ? (
              <ul className="space-y-3">
                {n.priorities.map((p) => (
                  <li key={p.id} className="border-l-4 border-brand pl-4">
                    <Link to={`/chair/priorities/${p.id}`} className="font-bold">
                      {p.title}
                    </Link>{" "}
                    <StatusTag label={p.statusLabel} />
                    <p className="mb-1">
                      Review by <Day day={p.reviewDate} />.{" "}
                      {p.tasks.filter((t) => t.status !== "withdrawn").length} tasks.
                    </p>
                    <PriorityFlags isOverdue={p.isOverdue} isStale={p.isStale} isReviewDue={p.isReviewDue} />
                  </li>
                ))}
              </ul>
            ) : (
              <p>No current priorities.</p>
            )}
          </section>
        ))}
      </section>

      <section aria-labelledby="awaiting-heading" className="mb-8">
        <h2 id="awaiting-heading">Tasks waiting for an agency’s answer</h2>
        {w.awaitingAnswer.length ? (
          <ul className="space-y-2">
            {w.awaitingAnswer.map((t) => (
              <li key={t.id}>
                <Link to={`/chair/tasks/${t.id}`}>{t.title}</Link> — {t.agencyName}, for {t.priorityTitle} (
                {t.neighbourhoodName}). Answer due <Day day={t.acknowledgeBy} />.{" "}
                {t.isAnswerLate ? <Flag>Answer late</Flag> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>No tasks are waiting for an answer.</p>
        )}
      </section>

      <section aria-labelledby="declined-heading" className="mb-8">
        <h2 id="declined-heading">Declined tasks that need your decision</h2>
        {w.declined.length ? (
          <ul className="space-y-2">
            {w.declined.map((t) => (
              <li key={t.id}>
                <Link to={`/chair/tasks/${t.id}`}>Decide: {t.title}</Link> — declined by {t.agencyName}
                {t.declineReason ? `: “${t.declineReason}”` : ""}
              </li>
            ))}
          </ul>
        ) : (
          <p>No declined tasks.</p>
        )}
      </section>
    </>
  );
}
