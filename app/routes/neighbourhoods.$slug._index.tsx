import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CrimeFiguresSection } from "~/components/crime-figures";
import {
  Breadcrumbs,
  Figures,
  MeetingTime,
  OnDay,
  PublicStatusSummary,
  printLinks,
  StatusTag,
  SubscribeForm,
  When,
} from "~/components/public-feedback";
import { neighbourhoodPage } from "~/domain/reports/public-pages";
import { publicPage, publicPageHeaders } from "~/http/conditional.server";
import { cachedPage, tagsOf } from "~/http/page-cache-rule";
import { notFound, pathParams, slug } from "~/http/public-params.server";

export const handle = cachedPage({ tags: tagsOf.neighbourhood });

const params = z.object({ slug });

export const links = () => printLinks;
export const headers = publicPageHeaders;

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const { slug } = pathParams(params, raw);
  const page = await neighbourhoodPage(slug);
  if (!page) throw notFound("Neighbourhood not found");
  return publicPage(request, page);
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.neighbourhood.name}: priorities and what was done — One Dialogue` },
        {
          name: "description",
          content: `What ${data.neighbourhood.name} raised at its PACT meetings, and what the police, council and partners did about it.`,
        },
        {
          tagName: "link",
          rel: "alternate",
          type: "application/atom+xml",
          title: `${data.neighbourhood.name}: updates`,
          href: `/neighbourhoods/${data.neighbourhood.slug}/feed.atom`,
        },
      ]
    : [{ title: "Neighbourhood not found — One Dialogue" }];

export default function NeighbourhoodPage() {
  const { neighbourhood, priorities, meetings, whatsWorking, contacts, crime, latestReport } =
    useLoaderData<typeof loader>();
  const base = `/neighbourhoods/${neighbourhood.slug}`;
  return (
    <>
      <Breadcrumbs items={[{ to: "/", label: "Find your neighbourhood" }, { label: neighbourhood.name }]} />
      <p className="text-muted">{neighbourhood.assemblyName} Area Assembly</p>
      <h1>{neighbourhood.name}</h1>
      {neighbourhood.description ? <p>{neighbourhood.description}</p> : null}

      <section aria-labelledby="current-heading">
        <h2 id="current-heading">Current priorities</h2>
        {priorities.length === 0 ? (
          <p>There are no current priorities for {neighbourhood.name}.</p>
        ) : (
          <ul className="space-y-6">
            {priorities.map((priority) => (
              <li key={priority.id} className="border-l-4 border-brand pl-4">
                <h3 className="mt-0">
                  <Link to={`${base}/priorities/${priority.id}`}>{priority.title}</Link>
                </h3>
                <p>
                  <span className="font-bold">You said: </span>
                  {priority.youSaid}
                </p>
                <PublicStatusSummary status={priority.publicStatus} />
                {priority.latestUpdate ? (
                  <div className="my-2">
                    <p className="mb-1">
                      <span className="font-bold">Latest update</span> from {priority.latestUpdate.agencyName}
                      , <When at={priority.latestUpdate.createdAt} />:
                    </p>
                    <p className="mb-1">{priority.latestUpdate.body}</p>
                    <Figures figures={priority.latestUpdate.figures} />
                  </div>
                ) : (
                  <p>No public update yet.</p>
                )}
                <p>
                  Next review: <OnDay day={priority.reviewDate} />
                </p>
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to={`${base}/archive`}>Past priorities and how they ended</Link>
        </p>
      </section>

      <section aria-labelledby="working-heading">
        <h2 id="working-heading">What’s working</h2>
        {whatsWorking.length === 0 ? (
          <p>Nothing recorded yet.</p>
        ) : (
          <ul className="space-y-3">
            {whatsWorking.map((note) => (
              <li key={note.meetingId}>
                <p className="mb-1">{note.text}</p>
                <p className="text-sm text-muted">
                  From the meeting on{" "}
                  <Link to={`/meetings/${note.meetingId}`}>
                    <When at={note.startsAt} />
                  </Link>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="meetings-heading">
        <h2 id="meetings-heading">Next meetings</h2>
        {meetings.length === 0 ? (
          <p>No meetings are planned yet.</p>
        ) : (
          <ul className="space-y-4">
            {meetings.map((meeting) => (
              <li key={meeting.id}>
                <h3 className="mt-0">
                  <Link to={`/meetings/${meeting.id}`}>{meeting.title}</Link>
                </h3>
                {meeting.status === "cancelled" ? (
                  <p>
                    <StatusTag label="Cancelled" /> {meeting.cancellationReason}
                  </p>
                ) : null}
                <p className="mb-1">
                  <MeetingTime startsAt={meeting.startsAt} endsAt={meeting.endsAt} />
                </p>
                <p className="mb-1">
                  {meeting.venue}
                  {meeting.address ? `, ${meeting.address}` : ""}
                </p>
                {meeting.accessibilityNote ? (
                  <p className="mb-1">Access: {meeting.accessibilityNote}</p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href={`${base}/meetings.ics`}>Add {neighbourhood.name} meetings to your calendar</a> (iCalendar)
        </p>
      </section>

      <CrimeFiguresSection crime={crime} placeName={neighbourhood.name} />

      <section aria-labelledby="reports-heading">
        <h2 id="reports-heading">Monthly reports</h2>
        {latestReport ? (
          <p>
            The latest {neighbourhood.assemblyName} report:{" "}
            <Link to={latestReport.url}>{latestReport.monthLabel}</Link>.
          </p>
        ) : (
          <p>{neighbourhood.assemblyName} has not published a monthly report yet.</p>
        )}
        <p>
          <Link to={`/reports/${neighbourhood.assemblySlug}`}>
            All {neighbourhood.assemblyName} monthly reports
          </Link>
          {" · "}
          <Link to={`/how-were-doing/${neighbourhood.assemblySlug}`}>How we’re doing</Link>
        </p>
      </section>

      <section aria-labelledby="contact-heading">
        <h2 id="contact-heading">How to contact the services</h2>
        <p>In an emergency call 999. To report a crime that is not an emergency call 101.</p>
        {contacts.length ? (
          <dl className="space-y-2">
            {contacts.map((contact) => (
              <div key={contact.name}>
                <dt className="font-bold">{contact.name}</dt>
                <dd>{contact.contact}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        <p className="mt-4">
          <Link to={`${base}/concerns/new`}>Raise a concern about {neighbourhood.name}</Link> for the next
          meeting.
        </p>
        <p>
          <Link to={`${base}/concerns`}>What you told us, and what became of each concern</Link>
        </p>
      </section>

      <section aria-labelledby="follow-heading">
        <h2 id="follow-heading">Follow {neighbourhood.name}</h2>
        <SubscribeForm target={{ neighbourhood: neighbourhood.slug }} label="Get updates by e-mail" />
        <ul className="list-disc pl-6">
          <li>
            <a href={`${base}/feed.atom`}>News feed (Atom)</a>
          </li>
          <li>
            <a href={`${base}/meetings.ics`}>Meetings calendar (iCalendar)</a>
          </li>
          <li>
            <a href={`${base}/priorities.csv`}>Download priorities and outcomes (CSV)</a>
          </li>
          <li>
            <a href={`/api/v1/neighbourhoods/${neighbourhood.slug}/priorities`}>Open data (JSON)</a>
          </li>
        </ul>
      </section>
    </>
  );
}
