import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ConcernList } from "~/components/public-concerns";
import {
  Breadcrumbs,
  Figures,
  LinkList,
  MeetingWhenWhere,
  printLinks,
  StatusTag,
  When,
} from "~/components/public-feedback";
import { idSchema } from "~/domain/core/ids";
import { dayInWords } from "~/domain/core/words";
import { meetingPage } from "~/domain/reports/public-pages";
import { publicPage, publicPageHeaders } from "~/http/conditional.server";
import { cachedPage, tagsOf } from "~/http/page-cache-rule";
import { notFound, pathParams } from "~/http/public-params.server";

export const handle = cachedPage({ tags: tagsOf.meeting });

const params = z.object({ id: idSchema });

export const links = () => printLinks;
export const headers = publicPageHeaders;

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const { id } = pathParams(params, raw);
  const page = await meetingPage(id);
  if (!page) throw notFound("Meeting not found");
  return publicPage(request, page);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.meeting.title}, ${dayInWords(data.meeting.startsAt)} — One Dialogue`
      : "Meeting not found — One Dialogue",
  },
];

export default function MeetingPage() {
  const { meeting, neighbourhoods, upcoming, pack, concerns, moreConcerns } = useLoaderData<typeof loader>();
  const first = neighbourhoods[0];
  const neighbourhoodLinks = neighbourhoods.map((n) => ({ to: `/neighbourhoods/${n.slug}`, label: n.name }));
  return (
    <article>
      <Breadcrumbs
        items={[
          { to: "/", label: "Find your neighbourhood" },
          // The meeting serves all its neighbourhoods, so the trail names them all.
          ...(neighbourhoods.length ? [{ label: "neighbourhoods", links: neighbourhoodLinks }] : []),
          { label: meeting.title },
        ]}
      />
      <p className="text-muted">
        {meeting.kindLabel} · {meeting.assemblyName} Area Assembly
      </p>
      <h1>{meeting.title}</h1>
      {meeting.status === "cancelled" ? (
        <div className="mb-6 border-l-4 border-red-700 pl-4">
          <p className="mb-1">
            <StatusTag label="Cancelled" /> This meeting will not take place.
          </p>
          {meeting.cancellationReason ? <p>Reason: {meeting.cancellationReason}</p> : null}
        </div>
      ) : (
        <p>
          Status: <StatusTag label={meeting.statusLabel} />
        </p>
      )}
      <dl className="mb-6 space-y-2">
        <MeetingWhenWhere meeting={meeting} />
        {meeting.accessibilityNote ? (
          <div>
            <dt className="font-bold">Access</dt>
            <dd>{meeting.accessibilityNote}</dd>
          </div>
        ) : null}
        {neighbourhoods.length ? (
          <div>
            <dt className="font-bold">For</dt>
            <dd>
              <LinkList links={neighbourhoodLinks} />
            </dd>
          </div>
        ) : null}
        {meeting.attendance != null ? (
          <div>
            <dt className="font-bold">Attendance</dt>
            <dd>{meeting.attendance} people</dd>
          </div>
        ) : null}
      </dl>
      {first && upcoming ? (
        <p className="no-print">
          <a href={`/neighbourhoods/${first.slug}/meetings.ics`}>Add meetings to your calendar</a> (iCalendar)
        </p>
      ) : null}

      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading">Summary</h2>
        {meeting.publicSummary ? (
          <p>{meeting.publicSummary}</p>
        ) : (
          <p>
            {upcoming
              ? "The summary is published after the meeting."
              : "The summary has not been published yet."}
          </p>
        )}
        {meeting.whatsWorking ? (
          <>
            <h3>What’s working</h3>
            <p>{meeting.whatsWorking}</p>
          </>
        ) : null}
        {meeting.minutesReference ? <p>Minutes: {meeting.minutesReference}</p> : null}
      </section>

      <section aria-labelledby="pack-heading">
        <h2 id="pack-heading">Public pack</h2>
        <p>
          {upcoming
            ? "The priorities this meeting will review, with the latest public update on each."
            : "The priorities agreed at this meeting, and those it reviewed with the latest public update before it."}
        </p>
        <p>
          <Link to={`/meetings/${meeting.id}/pack`}>The full printable pack</Link> (agenda, every priority and
          what each agency has done)
        </p>
        {pack.length === 0 ? <p>There are no priorities in this pack.</p> : null}
        {pack.map((section) => (
          <section key={section.neighbourhood.id} aria-labelledby={`pack-${section.neighbourhood.id}`}>
            <h3 id={`pack-${section.neighbourhood.id}`}>{section.neighbourhood.name}</h3>
            {section.agreed.length ? (
              <>
                <h4 className="font-bold">Agreed at this meeting</h4>
                <ul className="mb-4 list-disc pl-6">
                  {section.agreed.map((priority) => (
                    <li key={priority.id}>
                      <Link to={`/neighbourhoods/${section.neighbourhood.slug}/priorities/${priority.id}`}>
                        {priority.title}
                      </Link>{" "}
                      — now <StatusTag label={priority.publicStatus.label} />
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {section.reviewed.length ? (
              <>
                <h4 className="font-bold">{upcoming ? "To review" : "Reviewed"}</h4>
                <ul className="mb-4 space-y-3">
                  {section.reviewed.map((priority) => (
                    <li key={priority.id} className="border-l-4 border-brand pl-4">
                      <Link to={`/neighbourhoods/${section.neighbourhood.slug}/priorities/${priority.id}`}>
                        {priority.title}
                      </Link>{" "}
                      — now <StatusTag label={priority.publicStatus.label} />
                      {priority.latestUpdate ? (
                        <>
                          <p className="mb-1">
                            Latest update from {priority.latestUpdate.agencyName},{" "}
                            <When at={priority.latestUpdate.createdAt} />: {priority.latestUpdate.body}
                          </p>
                          <Figures figures={priority.latestUpdate.figures} />
                        </>
                      ) : (
                        <p className="mb-1">No public update yet.</p>
                      )}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
        ))}
      </section>

      <section aria-labelledby="concerns-heading">
        <h2 id="concerns-heading">What you told us at this meeting</h2>
        {concerns.length ? (
          <ConcernList concerns={concerns} label="Concerns raised at this meeting" />
        ) : (
          <p>{upcoming ? "Concerns raised at the meeting are listed here." : "No concerns were recorded."}</p>
        )}
        {moreConcerns ? <p className="mt-4">Only the latest 100 are listed here.</p> : null}
        {neighbourhoods.length ? (
          <p className="mt-4">
            {neighbourhoods.map((n, index) => (
              <span key={n.id}>
                {index > 0 ? " · " : ""}
                <Link to={`/neighbourhoods/${n.slug}/concerns`}>
                  Everything people told us about {n.name}
                </Link>
              </span>
            ))}
          </p>
        ) : null}
      </section>
    </article>
  );
}
