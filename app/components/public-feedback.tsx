// Shared pieces of the public "You said, we did" pages.

import type { LinkDescriptor } from "@remix-run/node";
import { Form, Link } from "@remix-run/react";
import { dayInWords, figureValue, isoDateInWords, meetingTimeInWords } from "~/domain/core/words";
import { listInWords, type PublicStatus } from "~/domain/lifecycle/public-status";
import { CONCERN_STATUS, MEETING_STATUS, PRIORITY_STATUS, TASK_STATUS } from "~/domain/lifecycle/statuses";
import printStylesheet from "~/styles/print.css?url";

/** Every public page prints cleanly: no navigation, forms or footer on paper. */
export const printLinks: LinkDescriptor[] = [{ rel: "stylesheet", href: printStylesheet, media: "print" }];

/** A moment, in words, with its machine-readable form. */
export function When({ at }: { at: Date | string }) {
  const date = new Date(at);
  return <time dateTime={date.toISOString()}>{dayInWords(date)}</time>;
}

/** A calendar date ("2026-03-03"), in words. */
export function OnDay({ day }: { day: string }) {
  return <time dateTime={day}>{isoDateInWords(day)}</time>;
}

/** A meeting's "When" and "Where", as rows of a description list. */
export function MeetingWhenWhere({
  meeting,
}: {
  meeting: { startsAt: Date | string; endsAt: Date | string; venue: string; address: string | null };
}) {
  return (
    <>
      <div>
        <dt className="font-bold">When</dt>
        <dd>
          <MeetingTime startsAt={meeting.startsAt} endsAt={meeting.endsAt} />
        </dd>
      </div>
      <div>
        <dt className="font-bold">Where</dt>
        <dd>
          {meeting.venue}
          {meeting.address ? `, ${meeting.address}` : ""}
        </dd>
      </div>
    </>
  );
}

export function MeetingTime({ startsAt, endsAt }: { startsAt: Date | string; endsAt: Date | string }) {
  return <time dateTime={new Date(startsAt).toISOString()}>{meetingTimeInWords(startsAt, endsAt)}</time>;
}

export type TagTone = "grey" | "green" | "turquoise" | "blue" | "purple" | "red" | "orange" | "yellow";

// Colours follow the status (not its words, which may be reworded): GOV.UK tag colours, all AA.
const TONES = new Map<string, TagTone>([
  [PRIORITY_STATUS.active.label, "blue"],
  [PRIORITY_STATUS.monitoring.label, "turquoise"],
  [PRIORITY_STATUS.resolved.label, "green"],
  [PRIORITY_STATUS.closed.label, "grey"],
  [PRIORITY_STATUS.referred.label, "purple"],
  [TASK_STATUS.offered, "yellow"],
  [TASK_STATUS.accepted, "blue"],
  [TASK_STATUS.in_progress, "turquoise"],
  [TASK_STATUS.done, "green"],
  [TASK_STATUS.declined, "red"],
  [TASK_STATUS.withdrawn, "grey"],
  [CONCERN_STATUS.new, "blue"],
  [CONCERN_STATUS.adopted, "green"],
  [CONCERN_STATUS.answered, "turquoise"],
  [CONCERN_STATUS.referred, "purple"],
  [CONCERN_STATUS.not_adopted, "grey"],
  [MEETING_STATUS.scheduled, "blue"],
  [MEETING_STATUS.held, "green"],
  [MEETING_STATUS.cancelled, "red"],
  ["Overdue", "red"],
]);

/** Status in words inside a coloured tag: the words carry the meaning, the colour only helps. */
export function StatusTag({ label, tone }: { label: string; tone?: TagTone }) {
  return <strong className={`status-tag tag-${tone ?? TONES.get(label) ?? "grey"}`}>{label}</strong>;
}

/** Overdue and stale, said plainly, naming who is late. */
export function Warnings({
  status,
}: {
  status: Pick<PublicStatus, "isOverdue" | "isStale" | "overdueAgencies">;
}) {
  if (!status.isOverdue && !status.isStale) return null;
  return (
    <ul className="my-2 space-y-1 border-l-4 border-red-700 pl-3">
      {status.isOverdue ? (
        <li>
          <strong>Overdue:</strong> work by {listInWords(status.overdueAgencies)} is past its due date.
        </li>
      ) : null}
      {status.isStale ? (
        <li>
          <strong>No recent news:</strong> there has been no public update for over six weeks.
        </li>
      ) : null}
    </ul>
  );
}

/** What the public is told is happening: the tag, who is doing what, and any warnings. */
export function PublicStatusSummary({ status }: { status: PublicStatus }) {
  return (
    <>
      <p className="mb-1">
        Status: <StatusTag label={status.label} />
      </p>
      <p>{status.summary}</p>
      <Warnings status={status} />
    </>
  );
}

export function Figures({ figures }: { figures: Array<{ label: string; value: number; unit: string }> }) {
  if (!figures.length) return null;
  return (
    <dl className="my-2 space-y-1">
      {figures.map((figure, index) => (
        <div key={index} className="flex flex-wrap gap-x-2">
          <dt>{figure.label}:</dt>
          <dd className="font-bold">{figureValue(figure)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Subscribe by e-mail to a neighbourhood or a priority (a plain form; works without JavaScript). */
export function SubscribeForm({
  target,
  label,
}: {
  target: { neighbourhood: string } | { priority: number };
  label: string;
}) {
  const fieldId = "neighbourhood" in target ? "subscribe-email" : `subscribe-email-${target.priority}`;
  return (
    <Form
      method="post"
      action={`/subscribe?${"neighbourhood" in target ? `neighbourhood=${target.neighbourhood}` : `priority=${target.priority}`}`}
      className="no-print my-4"
    >
      {"neighbourhood" in target ? (
        <input type="hidden" name="neighbourhood" value={target.neighbourhood} />
      ) : (
        <input type="hidden" name="priority" value={target.priority} />
      )}
      <label htmlFor={fieldId} className="field-label">
        {label}
      </label>
      <p className="text-muted" id={`${fieldId}-hint`}>
        We send one e-mail a day at most, only when there is news. Your address is never shown.
      </p>
      <div className="flex flex-wrap gap-2">
        <input
          id={fieldId}
          name="email"
          type="email"
          autoComplete="email"
          required
          aria-describedby={`${fieldId}-hint`}
          className="field-input max-w-sm"
        />
        <button type="submit" className="button">
          Subscribe
        </button>
      </div>
    </Form>
  );
}

type Crumb = { to: string; label: string };

/** Links to several places in words: "Sitwell, Boston Castle and Herringthorpe". */
export function LinkList({ links }: { links: Crumb[] }) {
  return (
    <>
      {links.map((link, index) => (
        <span key={link.to}>
          {index === 0 ? "" : index === links.length - 1 ? " and " : ", "}
          <Link to={link.to}>{link.label}</Link>
        </span>
      ))}
    </>
  );
}

export function Breadcrumbs({
  items,
}: {
  items: Array<{ to?: string; label: string } | { label: string; links: Crumb[] }>;
}) {
  return (
    <nav aria-label="Breadcrumb" className="no-print mb-4 text-sm">
      <ol className="flex flex-wrap gap-2">
        {items.map((item, index) => (
          <li key={item.label}>
            {index > 0 ? <span aria-hidden="true">›&nbsp;</span> : null}
            {"links" in item ? (
              <LinkList links={item.links} />
            ) : item.to ? (
              <Link to={item.to}>{item.label}</Link>
            ) : (
              <span aria-current="page">{item.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** Previous / next links between the pages of a long public list. */
export function Pager({
  label,
  page,
  pages,
  link,
}: {
  label: string;
  page: number;
  pages: number;
  link: (page: number) => string;
}) {
  if (pages <= 1) return null;
  return (
    <nav aria-label={label} className="no-print mt-6">
      <ul className="flex flex-wrap gap-4">
        {page > 1 ? (
          <li>
            <Link to={link(page - 1)} rel="prev">
              Previous page
            </Link>
          </li>
        ) : null}
        <li>
          Page {page} of {pages}
        </li>
        {page < pages ? (
          <li>
            <Link to={link(page + 1)} rel="next">
              Next page
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
