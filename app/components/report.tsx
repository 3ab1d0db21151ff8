// The monthly report of an assembly, on screen and on paper. The same
// component shows the partners' version (to the chair) and the public one.
import { CrimeFiguresTables } from "~/components/crime-figures";
import { Definitions, MeasuresTable } from "~/components/measures";
import { Figures, OnDay, When } from "~/components/public-feedback";
import { dayInWords, timeInWords } from "~/domain/core/words";
import type { ReportContent } from "~/domain/reports/reports";
import { ScrollRegion } from "./charts";

function PartnersOnly() {
  return <strong className="status-tag ml-1 text-sm">Partners only</strong>;
}

export function MonthlyReport({ report }: { report: ReportContent }) {
  const partners = report.audience === "partners";
  return (
    <article aria-labelledby="report-heading">
      <h1 id="report-heading">
        {report.assembly.name}: monthly report, {report.monthLabel}
      </h1>
      <p className="text-muted">
        Covers up to <OnDay day={report.asOf} />. Made on <When at={report.generatedAt} />.
        {partners ? " This version includes partners-only work: do not share it with the public." : ""}
      </p>

      <section aria-labelledby="partnerships-heading">
        <h2 id="partnerships-heading">Partnerships active</h2>
        {report.partnerships.length ? (
          <ScrollRegion label="Partnerships active: table">
            <table className="data-table text-sm">
              <caption className="sr-only">Agencies working on this assembly’s priorities</caption>
              <thead>
                <tr>
                  <th scope="col">Agency</th>
                  <th scope="col">Tasks under way</th>
                  <th scope="col">Tasks done</th>
                  <th scope="col">Updates this month</th>
                </tr>
              </thead>
              <tbody>
                {report.partnerships.map((p) => (
                  <tr key={p.agencyName}>
                    <th scope="row">{p.agencyName}</th>
                    <td>{p.liveTasks}</td>
                    <td>{p.completed}</td>
                    <td>{p.updates}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        ) : (
          <p>No agency had work on this assembly’s priorities this month.</p>
        )}
      </section>

      <section aria-labelledby="progress-heading">
        <h2 id="progress-heading">Progress on each priority</h2>
        {report.priorities.length === 0 ? <p>No priorities were open this month.</p> : null}
        {report.priorities.map((priority) => (
          <section
            key={priority.id}
            aria-labelledby={`priority-${priority.id}`}
            className="border-l-4 border-brand pl-4"
          >
            <h3 id={`priority-${priority.id}`}>
              {priority.title} ({priority.neighbourhoodName})
            </h3>
            <p>
              <span className="font-bold">You said: </span>
              {priority.youSaid}
            </p>
            <p>
              Status: <strong className="status-tag">{priority.statusLabel}</strong>
              {priority.isStale ? " — no public update for over six weeks" : ""}. Agreed{" "}
              <OnDay day={priority.agreedOn} />, next review <OnDay day={priority.reviewDate} />.
            </p>
            {priority.tasks.length ? (
              <ul className="list-disc pl-6">
                {priority.tasks.map((task, i) => (
                  <li key={`${task.title}-${i}`}>
                    {task.agencyName}: {task.title} — {task.statusLabel}, due <OnDay day={task.dueDate} />
                    {task.isOverdue ? <strong> (overdue)</strong> : null}
                    {task.partnersOnly ? <PartnersOnly /> : null}
                  </li>
                ))}
              </ul>
            ) : null}
            <h4>This month</h4>
            {priority.updates.length ? (
              <ul className="space-y-2">
                {priority.updates.map((update, i) => (
                  <li key={`${update.createdAt}-${i}`}>
                    <p className="mb-1">
                      <span className="font-bold">{update.agencyName}</span>, <When at={update.createdAt} />
                      {update.partnersOnly ? <PartnersOnly /> : null}: {update.body}
                    </p>
                    <Figures figures={update.figures} />
                  </li>
                ))}
              </ul>
            ) : (
              <p>No updates this month.</p>
            )}
          </section>
        ))}
      </section>

      <section aria-labelledby="concerns-heading">
        <h2 id="concerns-heading">Areas of concern</h2>
        <h3>Priorities with no recent news</h3>
        {report.concerns.stale.length ? (
          <ul className="list-disc pl-6">
            {report.concerns.stale.map((p) => (
              <li key={p.title}>
                {p.title} ({p.neighbourhoodName})
              </li>
            ))}
          </ul>
        ) : (
          <p>None.</p>
        )}
        <h3>Overdue tasks</h3>
        {report.concerns.overdue.length ? (
          <ul className="list-disc pl-6">
            {report.concerns.overdue.map((t, i) => (
              <li key={`${t.taskTitle}-${i}`}>
                {t.agencyName}: {t.taskTitle} (for “{t.priorityTitle}”), due <OnDay day={t.dueDate} />
              </li>
            ))}
          </ul>
        ) : (
          <p>None.</p>
        )}
        {partners ? (
          <>
            <h3>
              Declined tasks <PartnersOnly />
            </h3>
            {report.concerns.declined.length ? (
              <ul className="list-disc pl-6">
                {report.concerns.declined.map((t, i) => (
                  <li key={`${t.taskTitle}-${i}`}>
                    {t.agencyName} declined “{t.taskTitle}” (for “{t.priorityTitle}”)
                    {t.reason ? `: ${t.reason}` : ""}
                  </li>
                ))}
              </ul>
            ) : (
              <p>None.</p>
            )}
            <h3>
              Not accepted in time <PartnersOnly />
            </h3>
            {report.concerns.unaccepted.length ? (
              <ul className="list-disc pl-6">
                {report.concerns.unaccepted.map((t, i) => (
                  <li key={`${t.taskTitle}-${i}`}>
                    {t.agencyName}: “{t.taskTitle}” (for “{t.priorityTitle}”), to be accepted by{" "}
                    <OnDay day={t.acknowledgeBy} />
                  </li>
                ))}
              </ul>
            ) : (
              <p>None.</p>
            )}
          </>
        ) : null}
      </section>

      <section aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">Upcoming meetings</h2>
        {report.upcoming.length ? (
          <ul className="list-disc pl-6">
            {report.upcoming.map((m) => (
              <li key={m.id}>
                {m.title}: {dayInWords(m.startsAt)}, {timeInWords(m.startsAt)}, {m.venue}
                {m.status === "cancelled" ? " (cancelled)" : ""}
              </li>
            ))}
          </ul>
        ) : (
          <p>No meetings are planned in the next two months.</p>
        )}
      </section>

      <section aria-labelledby="figures-heading">
        <h2 id="figures-heading">This month’s figures</h2>
        <MeasuresTable
          caption={`Measures for ${report.monthLabel}`}
          columns={report.figures.columns}
          rows={report.figures.rows}
        />
      </section>

      <section aria-labelledby="crime-heading">
        <h2 id="crime-heading">Crime and justice figures</h2>
        {report.crime.map((entry) => (
          <section key={entry.neighbourhoodName} aria-label={`Crime figures, ${entry.neighbourhoodName}`}>
            <h3>{entry.neighbourhoodName}</h3>
            {entry.figures ? (
              <CrimeFiguresTables crime={entry.figures} placeName={entry.neighbourhoodName} />
            ) : (
              <p>No figures from data.police.uk for this month or before.</p>
            )}
          </section>
        ))}
      </section>

      <Definitions definitions={report.definitions} />
    </article>
  );
}
