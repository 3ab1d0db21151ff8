// The meeting pack, for partners (partners-only items marked) or the public.
import type { LinkDescriptor } from "@remix-run/node";
import { dayInWords, isoDateInWords } from "~/domain/core/words";
import type { MeetingPack as Pack } from "~/domain/reports/meeting-pack";
import packStylesheet from "~/styles/pack.css?url";
import { ScrollRegion } from "./charts";
import { PartnerFigures, WhatsWorking } from "./meeting-pack-content";
import { Figures, MeetingTime, StatusTag, When } from "./public-feedback";

export const packLinks: LinkDescriptor[] = [{ rel: "stylesheet", href: packStylesheet }];

function Day({ day }: { day: string }) {
  return <time dateTime={day}>{isoDateInWords(day)}</time>;
}

function PartnersOnly() {
  return <strong className="partners-only mr-1 inline-block text-sm">Partners only</strong>;
}

type Serialised<T> = T extends Date
  ? Date | string
  : T extends object
    ? { [K in keyof T]: Serialised<T[K]> }
    : T;

export function MeetingPack({ pack }: { pack: Serialised<Pack> }) {
  const partners = pack.audience === "partners";
  return (
    <article>
      <p className="text-muted">
        {partners ? "Meeting pack for partners — contains partners-only information" : "Public meeting pack"}
      </p>
      <h1>{pack.meeting.title}</h1>
      <p>
        <MeetingTime startsAt={pack.meeting.startsAt} endsAt={pack.meeting.endsAt} />, {pack.meeting.venue}
        {pack.meeting.address ? `, ${pack.meeting.address}` : ""}
      </p>
      <p>For {pack.neighbourhoods.map((n) => n.name).join(", ")}.</p>
      <p className="no-print">
        <button type="button" className="button" onClick={() => window.print()}>
          Print the pack
        </button>{" "}
        <span className="text-muted">Or use your browser’s print command.</span>
      </p>

      <section aria-labelledby="agenda-heading">
        <h2 id="agenda-heading">Agenda</h2>
        <ol className="list-decimal space-y-1 pl-6">
          {pack.agenda.map((item) => (
            <li key={item.key}>{item.title}</li>
          ))}
        </ol>
        <p>
          Updates below are those since{" "}
          {pack.previousMeeting ? (
            <>
              the last meeting, {pack.previousMeeting.title} on <When at={pack.previousMeeting.startsAt} />
            </>
          ) : (
            <When at={pack.since} />
          )}
          .
        </p>
      </section>

      {pack.agendaOrder === "strengths_first" ? <WhatsWorking pack={pack} /> : null}

      {partners && pack.concernsRaised.length ? (
        <section aria-labelledby="floor-heading">
          <h2 id="floor-heading">Concerns from the floor</h2>
          <ol className="list-decimal space-y-1 pl-6">
            {pack.concernsRaised.map((c) => (
              <li key={c.id}>
                {c.publicWording} — {c.neighbourhoodName}, {c.location} ({c.statusLabel})
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <section aria-labelledby="priorities-heading">
        <h2 id="priorities-heading">Priorities</h2>
        {pack.sections.length === 0 ? <p>There are no current priorities for these neighbourhoods.</p> : null}
        {pack.sections.map((section) => (
          <section
            key={section.neighbourhood.id}
            aria-labelledby={`pack-n-${section.neighbourhood.id}`}
            className="pack-neighbourhood"
          >
            <h3 id={`pack-n-${section.neighbourhood.id}`}>{section.neighbourhood.name}</h3>
            {section.priorities.map((p) => (
              <div key={p.id} className="pack-priority mb-8 border-l-4 border-brand pl-4">
                <h4 className="text-lg font-bold">{p.title}</h4>
                <p>
                  <StatusTag label={p.statusLabel} />
                  {p.agreedHere ? " Agreed at this meeting." : ""} Agreed {isoDateInWords(p.agreedOn)}; review
                  by <Day day={p.reviewDate} />.
                </p>
                {p.isOverdue || p.isStale ? (
                  <ul className="mb-2 list-disc pl-6">
                    {p.isOverdue ? (
                      <li>
                        <strong>Overdue:</strong> at least one task is past its due date.
                      </li>
                    ) : null}
                    {p.isStale ? (
                      <li>
                        <strong>Stale:</strong> no public update for over six weeks.
                      </li>
                    ) : null}
                  </ul>
                ) : null}
                <p>
                  <strong>You said:</strong> {p.youSaid}
                </p>
                <ScrollRegion label={`Tasks for ${p.title}`}>
                  <table className="pack-table mb-3">
                    <caption className="text-left font-bold">Tasks</caption>
                    <thead>
                      <tr>
                        <th scope="col">Agency</th>
                        <th scope="col">Task</th>
                        <th scope="col">Status</th>
                        <th scope="col">Due</th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.tasks.length === 0 ? (
                        <tr>
                          <td colSpan={4}>No tasks yet.</td>
                        </tr>
                      ) : null}
                      {p.tasks.map((t) => (
                        <tr key={t.id} className="pack-task">
                          <td>{t.agencyName}</td>
                          <td>
                            {t.partnersOnly ? <PartnersOnly /> : null}
                            {t.title}
                            {t.outcomeSummary ? (
                              <span className="block">Outcome: {t.outcomeSummary}</span>
                            ) : null}
                          </td>
                          <td>{t.statusLabel}</td>
                          <td>
                            {t.acknowledgeBy ? (
                              <span className="block">
                                Answer by <Day day={t.acknowledgeBy} />
                              </span>
                            ) : null}
                            Work by <Day day={t.dueDate} />
                            {t.isOverdue ? <strong className="block">Overdue</strong> : null}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </ScrollRegion>
                <h5 className="font-bold">Updates since the last meeting</h5>
                {p.updates.length ? (
                  <ul className="space-y-2">
                    {p.updates.map((u) => (
                      <li key={u.id} className="pack-update">
                        {u.partnersOnly ? <PartnersOnly /> : null}
                        <span className="font-bold">{u.agencyName}</span>, {dayInWords(u.createdAt)}: {u.body}
                        <Figures figures={u.figures} />
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p>No updates since the last meeting.</p>
                )}
              </div>
            ))}
          </section>
        ))}
      </section>

      <PartnerFigures pack={pack} />
      {pack.agendaOrder === "strengths_first" ? null : <WhatsWorking pack={pack} />}
      <p className="text-muted">Pack made on {isoDateInWords(pack.generatedOn)}.</p>
    </article>
  );
}
