// The meeting pack's content sections besides the priorities: what's working
// and residents' own actions, and the partners' figures (recent crime against
// a year before, and the assembly's How we're doing).
import { Link } from "@remix-run/react";
import type { MeetingPack as Pack } from "~/domain/reports/meeting-pack";

type Content = Pick<Pack, "whatsWorking" | "residentsActions" | "crime" | "howWereDoing">;

const count = (value: number | null) => (value == null ? "not imported" : String(value));
const sum = (values: Array<number | null>) =>
  values.some((v) => v == null) ? null : values.reduce<number>((a, b) => a + (b ?? 0), 0);

/** The last meeting's "what's working" and the community groups' own tasks. */
export function WhatsWorking({ pack }: { pack: Content }) {
  return (
    <section aria-labelledby="working-heading" className="pack-working">
      <h2 id="working-heading">What’s working</h2>
      {pack.whatsWorking ? (
        <p>
          <strong>From {pack.whatsWorking.meetingTitle}:</strong> {pack.whatsWorking.text}
        </p>
      ) : (
        <p>Nothing recorded as working at the last meeting yet.</p>
      )}
      <h3 className="text-lg">What residents are doing themselves</h3>
      {pack.residentsActions.length ? (
        <ul className="list-disc space-y-1 pl-6">
          {pack.residentsActions.map((a) => (
            <li key={a.id}>
              {a.groupName}: {a.title} ({a.statusLabel})
            </li>
          ))}
        </ul>
      ) : (
        <p>No community group has a task on these priorities yet.</p>
      )}
    </section>
  );
}

/** Recent crime per neighbourhood and the assembly's How we're doing figures. */
export function PartnerFigures({ pack }: { pack: Content }) {
  return (
    <section aria-labelledby="figures-heading">
      <h2 id="figures-heading">Recent crime and how the services are doing</h2>
      {pack.crime.map(({ neighbourhood, trend }) => (
        <section
          key={neighbourhood.id}
          aria-labelledby={`crime-${neighbourhood.id}`}
          className="pack-crime mb-6"
        >
          <h3 id={`crime-${neighbourhood.id}`}>Street-level crime in {neighbourhood.name}</h3>
          {trend ? (
            <>
              <p>
                {trend.months[0].label} to {trend.months[trend.months.length - 1].label}:{" "}
                <strong>{count(sum(trend.total.counts))}</strong> crimes, against{" "}
                <strong>{count(sum(trend.total.yearBefore))}</strong> in the same months a year before.
              </p>
              <section
                aria-label={`Crime by category in ${neighbourhood.name}`}
                className="overflow-x-auto"
                // Scrollable by keyboard when the table is wider than a phone.
                // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus
                tabIndex={0}
              >
                <table className="pack-table mb-2">
                  <caption className="text-left font-bold">
                    Crimes by category, month by month, and the same three months a year before
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Category</th>
                      {trend.months.map((m) => (
                        <th scope="col" key={m.month}>
                          {m.label}
                        </th>
                      ))}
                      <th scope="col">Same months a year before</th>
                    </tr>
                  </thead>
                  <tbody>
                    {trend.rows.map((row) => (
                      <tr key={row.name}>
                        <th scope="row" className="text-left font-normal">
                          {row.label}
                        </th>
                        {row.counts.map((value, i) => (
                          <td key={trend.months[i].month}>{count(value)}</td>
                        ))}
                        <td>{count(sum(row.yearBefore))}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <p className="text-sm text-muted">
                Source: <a href={trend.source.url}>{trend.source.name}</a>, {trend.source.licence}.{" "}
                {trend.source.note}
              </p>
            </>
          ) : (
            <p>No figures yet: crime figures for {neighbourhood.name} have not been imported.</p>
          )}
        </section>
      ))}
      {pack.howWereDoing ? (
        <section aria-labelledby="how-heading">
          <h3 id="how-heading">How we’re doing in {pack.howWereDoing.assemblyName}</h3>
          <table className="pack-table mb-2">
            <caption className="text-left">
              {pack.howWereDoing.period.from} to {pack.howWereDoing.period.to}, the public figures
            </caption>
            <thead>
              <tr>
                <th scope="col">Measure</th>
                <th scope="col">12 months</th>
              </tr>
            </thead>
            <tbody>
              {pack.howWereDoing.rows.map((row) => (
                <tr key={row.id}>
                  <th scope="row" className="text-left font-normal">
                    {row.label}
                  </th>
                  <td>{row.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="no-print">
            <Link to={`/how-were-doing/${pack.howWereDoing.assemblySlug}`}>
              Every figure for {pack.howWereDoing.assemblyName}, month by month
            </Link>
          </p>
        </section>
      ) : null}
    </section>
  );
}
