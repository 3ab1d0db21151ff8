// Tables of measures and their definitions, shared by the public pages, the
// partner dashboard and the monthly report: every figure links to its rule.
import type { MeasureRow } from "~/domain/measures/how-were-doing";
import { ScrollRegion } from "./charts";

export function MeasuresTable({
  caption,
  columns,
  rows,
}: {
  caption: string;
  columns: string[];
  rows: MeasureRow[];
}) {
  return (
    <ScrollRegion label={`${caption}: table`}>
      <table className="data-table text-sm">
        <caption className="text-left font-bold">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-measure={row.id}>
              <th scope="row">
                <a href={`#measure-${row.id}`}>{row.label}</a>
              </th>
              {row.cells.map((text, i) => (
                <td key={columns[i]}>{text}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export function Definitions({
  definitions,
}: {
  definitions: Array<{ id: string; label: string; definition: string; timing: "during" | "at_end" }>;
}) {
  return (
    <section aria-labelledby="definitions-heading">
      <h2 id="definitions-heading">How each figure is counted</h2>
      <p>
        Months are UK calendar months. Working days leave out weekends and bank holidays in England and Wales.
        Percentages and typical (median) times are shown only when they rest on at least 5 cases.
      </p>
      <dl className="space-y-3">
        {definitions.map((d) => (
          <div key={d.id} id={`measure-${d.id}`}>
            <dt className="font-bold">{d.label}</dt>
            <dd>
              {d.definition}{" "}
              {d.timing === "at_end" ? "Counted at the end of the period (or today, for this month)." : ""}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
