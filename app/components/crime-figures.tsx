// Crime and justice figures from data.police.uk, always with their source and
// the month they describe. Counts only: no locations.
import { Link } from "@remix-run/react";

type CrimeMonthView = {
  month: string;
  monthLabel: string;
  total: number;
  categories: Array<{ name: string; label: string; count: number }>;
  outcomes: Array<{ name: string; label: string; count: number }>;
  source: { name: string; url: string; licence: string; note: string };
};

export function CrimeFiguresTables({ crime, placeName }: { crime: CrimeMonthView; placeName: string }) {
  return (
    <>
      <p>
        {crime.total} {crime.total === 1 ? "crime was" : "crimes were"} reported in {placeName} in{" "}
        {crime.monthLabel}.
      </p>
      {crime.categories.length ? (
        <table className="data-table my-3 text-sm">
          <caption className="text-left font-bold">
            Crimes by type, {placeName}, {crime.monthLabel}
          </caption>
          <thead>
            <tr>
              <th scope="col">Type of crime</th>
              <th scope="col">Number</th>
            </tr>
          </thead>
          <tbody>
            {crime.categories.map((c) => (
              <tr key={c.name}>
                <th scope="row">{c.label}</th>
                <td>{c.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {crime.outcomes.length ? (
        <table className="data-table my-3 text-sm">
          <caption className="text-left font-bold">
            What happened: outcomes so far for crimes reported in {crime.monthLabel}
          </caption>
          <thead>
            <tr>
              <th scope="col">Outcome</th>
              <th scope="col">Number</th>
            </tr>
          </thead>
          <tbody>
            {crime.outcomes.map((o) => (
              <tr key={o.name}>
                <th scope="row">{o.label}</th>
                <td>{o.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p className="text-sm text-muted">
        Source: <a href={crime.source.url}>{crime.source.name}</a>, figures for {crime.monthLabel} (
        {crime.source.licence}). {crime.source.note}
      </p>
    </>
  );
}

export function CrimeFiguresSection({
  crime,
  placeName,
}: {
  crime: CrimeMonthView | null;
  placeName: string;
}) {
  return (
    <section aria-labelledby="crime-heading">
      <h2 id="crime-heading">Crime figures</h2>
      {crime ? (
        <CrimeFiguresTables crime={crime} placeName={placeName} />
      ) : (
        <p>No crime figures from data.police.uk have been loaded for {placeName} yet.</p>
      )}
      <p>
        <Link to="/how-were-doing">How we’re doing: every area compared</Link>
      </p>
    </section>
  );
}
