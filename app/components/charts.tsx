// Server-rendered SVG charts. Each chart is a figure with a title, a text
// summary, the picture (role="img", named by the title and described by the
// summary), and the same numbers as a data table — the picture is never the
// only way to read a figure. Series differ by line style and marker shape as
// well as colour, and each line is labelled, so colour is never needed.
import type { BarChartModel, ChartModel, LineChartModel } from "~/domain/measures/how-were-doing";

const WIDTH = 640;
const PALETTE = ["#1d4f91", "#b3400a", "#00703c", "#5b2a86", "#0b0c0c", "#8a5300", "#a4134e", "#005a74"];
const DASHES = ["", "6 4", "2 3", "10 4 2 4", "1 0", "8 3", "3 3", "12 3"];

function niceMax(max: number) {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= max) return step * power;
  }
  return 10 * power;
}

function Marker({ shape, x, y, color }: { shape: number; x: number; y: number; color: string }) {
  const s = 4;
  switch (shape % 4) {
    case 1:
      return <rect x={x - s} y={y - s} width={s * 2} height={s * 2} fill={color} />;
    case 2:
      return (
        <polygon points={`${x},${y - s - 1} ${x + s + 1},${y + s} ${x - s - 1},${y + s}`} fill={color} />
      );
    case 3:
      return (
        <polygon
          points={`${x},${y - s - 1} ${x + s + 1},${y} ${x},${y + s + 1} ${x - s - 1},${y}`}
          fill={color}
        />
      );
    default:
      return <circle cx={x} cy={y} r={s} fill={color} />;
  }
}

function LineSvg({ chart, titleId, descId }: { chart: LineChartModel; titleId: string; descId: string }) {
  const height = 240;
  const left = 44;
  const right = 150;
  const top = 12;
  const bottom = 32;
  const plotW = WIDTH - left - right;
  const plotH = height - top - bottom;
  const values = chart.series.flatMap((s) => s.cells.map((c) => c.value ?? 0));
  const max = niceMax(Math.max(0, ...values));
  const n = chart.months.length;
  const x = (i: number) => left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const ticks = [0, max / 2, max];
  // End-of-line labels, nudged apart so they never overlap.
  const labels = chart.series
    .map((series, si) => {
      const last = [...series.cells].reverse().find((c) => c.value != null);
      return last ? { si, name: series.name, y: y(last.value ?? 0) + 4 } : null;
    })
    .filter((l): l is { si: number; name: string; y: number } => l != null)
    .sort((a, b) => a.y - b.y);
  for (let i = 1; i < labels.length; i++) {
    labels[i].y = Math.max(labels[i].y, labels[i - 1].y + 13);
  }
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-labelledby={`${titleId} ${descId}`}
      className="h-auto w-full max-w-2xl"
      focusable="false"
    >
      <title>{chart.title}</title>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={left} x2={left + plotW} y1={y(t)} y2={y(t)} stroke="#b1b4b6" strokeWidth="1" />
          <text x={left - 6} y={y(t) + 4} textAnchor="end" fontSize="11" fill="#0b0c0c">
            {Number.isInteger(t) ? t : t.toFixed(1)}
          </text>
        </g>
      ))}
      {chart.months.map((m, i) =>
        i % 2 === n % 2 || i === n - 1 ? (
          <text key={m.month} x={x(i)} y={height - 10} textAnchor="middle" fontSize="11" fill="#0b0c0c">
            {m.label.split(" ")[0]}
          </text>
        ) : null,
      )}
      {chart.series.map((series, si) => {
        const color = PALETTE[si % PALETTE.length];
        // Gaps where a month has no comparable value.
        const segments: Array<Array<[number, number]>> = [[]];
        series.cells.forEach((c, i) => {
          if (c.value == null) segments.push([]);
          else segments[segments.length - 1].push([x(i), y(c.value)]);
        });
        return (
          <g key={series.name}>
            {segments
              .filter((points) => points.length > 1)
              .map((points, k) => (
                <polyline
                  key={k}
                  points={points.map(([px, py]) => `${px},${py}`).join(" ")}
                  fill="none"
                  stroke={color}
                  strokeWidth="2.5"
                  strokeDasharray={DASHES[si % DASHES.length] || undefined}
                />
              ))}
            {series.cells.map((c, i) =>
              c.value == null ? null : <Marker key={i} shape={si} x={x(i)} y={y(c.value)} color={color} />,
            )}
          </g>
        );
      })}
      {labels.map((label) => (
        <text
          key={label.name}
          x={left + plotW + 8}
          y={label.y}
          fontSize="11"
          fill={PALETTE[label.si % PALETTE.length]}
          fontWeight="700"
        >
          {label.name.length > 22 ? `${label.name.slice(0, 21)}…` : label.name}
        </text>
      ))}
    </svg>
  );
}

function BarSvg({ chart, titleId, descId }: { chart: BarChartModel; titleId: string; descId: string }) {
  const row = 26;
  const left = 190;
  const right = 170;
  const height = chart.bars.length * row + 10;
  const plotW = WIDTH - left - right;
  const max = niceMax(Math.max(0, ...chart.bars.map((b) => b.cell.value ?? 0)));
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-labelledby={`${titleId} ${descId}`}
      className="h-auto w-full max-w-2xl"
      focusable="false"
    >
      <title>{chart.title}</title>
      {chart.bars.map((bar, i) => {
        const yTop = 5 + i * row;
        const w = bar.cell.value == null ? 0 : Math.max(1, (bar.cell.value / max) * plotW);
        return (
          <g key={bar.name}>
            <text x={left - 8} y={yTop + 16} textAnchor="end" fontSize="12" fill="#0b0c0c">
              {bar.name.length > 28 ? `${bar.name.slice(0, 27)}…` : bar.name}
            </text>
            <rect x={left} y={yTop + 3} width={w} height={row - 8} fill="#1d4f91" />
            <text x={left + w + 6} y={yTop + 16} fontSize="12" fill="#0b0c0c">
              {bar.cell.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function LineTable({ chart }: { chart: LineChartModel }) {
  return (
    <table className="data-table text-sm">
      <caption className="sr-only">{chart.title}: the figures</caption>
      <thead>
        <tr>
          <th scope="col">Area</th>
          {chart.months.map((m) => (
            <th key={m.month} scope="col">
              {m.label}
            </th>
          ))}
          <th scope="col">12 months</th>
        </tr>
      </thead>
      <tbody>
        {chart.series.map((series) => (
          <tr key={series.name}>
            <th scope="row">{series.name}</th>
            {series.cells.map((c, i) => (
              <td key={chart.months[i].month} data-month={chart.months[i].month}>
                {c.text}
              </td>
            ))}
            <td>{series.total}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function BarTable({ chart }: { chart: BarChartModel }) {
  return (
    <table className="data-table text-sm">
      <caption className="sr-only">{chart.title}: the figures</caption>
      <thead>
        <tr>
          <th scope="col">Area</th>
          <th scope="col">{chart.unit ? `Figure (${chart.unit})` : "Figure"}</th>
        </tr>
      </thead>
      <tbody>
        {chart.bars.map((bar) => (
          <tr key={bar.name}>
            <th scope="row">{bar.name}</th>
            <td>{bar.cell.text}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A wide table that scrolls sideways on a small screen, and can be scrolled from the keyboard. */
export function ScrollRegion({ label, children }: { label: string; children: React.ReactNode }) {
  // `relative`: screen-reader-only text (absolutely placed) inside a wide table stays inside the
  // scrolling region instead of widening the whole page on a phone.
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled by keyboard (WCAG 2.1.1, axe scrollable-region-focusable)
    // biome-ignore lint/a11y/useSemanticElements: a named region landmark is what a section would be; the div keeps the table's layout
    <div className="relative overflow-x-auto" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** A chart with its summary and its data table. `definitionHref` links the measure's definition. */
export function Chart({ chart, definitionHref }: { chart: ChartModel; definitionHref?: string }) {
  const titleId = `${chart.id}-title`;
  const descId = `${chart.id}-summary`;
  return (
    <figure className="my-8 break-inside-avoid" aria-labelledby={titleId} data-chart={chart.measure}>
      <figcaption>
        <h3 id={titleId} className="mt-0">
          {chart.title}
          {chart.unit ? ` (${chart.unit})` : ""}
        </h3>
      </figcaption>
      <p id={descId}>{chart.summary}</p>
      {/* Drawn no narrower than its own size, so its labels stay readable on a phone (it scrolls instead). */}
      <ScrollRegion label={`${chart.title}: chart`}>
        <div className="min-w-[40rem] max-w-2xl">
          {chart.kind === "line" ? (
            <LineSvg chart={chart} titleId={titleId} descId={descId} />
          ) : (
            <BarSvg chart={chart} titleId={titleId} descId={descId} />
          )}
        </div>
      </ScrollRegion>
      {chart.kind === "line" && chart.series.length > 1 ? <Legend chart={chart} /> : null}
      <details>
        <summary className="cursor-pointer">The figures as a table</summary>
        <ScrollRegion label={`${chart.title}: table`}>
          {chart.kind === "line" ? <LineTable chart={chart} /> : <BarTable chart={chart} />}
        </ScrollRegion>
      </details>
      {definitionHref ? (
        <p className="text-sm">
          {/* A link on its own line: at least 24 px tall to tap (WCAG 2.2 target size). */}
          <a href={definitionHref} className="inline-block min-h-6 py-0.5">
            How this figure is counted
          </a>
        </p>
      ) : null}
    </figure>
  );
}

function Legend({ chart }: { chart: LineChartModel }) {
  return (
    <ul className="my-2 flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label="Key">
      {chart.series.map((series, si) => {
        const color = PALETTE[si % PALETTE.length];
        return (
          <li key={series.name} className="flex items-center gap-1">
            <svg width="34" height="12" aria-hidden="true" focusable="false">
              <line
                x1="1"
                x2="33"
                y1="6"
                y2="6"
                stroke={color}
                strokeWidth="2.5"
                strokeDasharray={DASHES[si % DASHES.length] || undefined}
              />
              <Marker shape={si} x={17} y={6} color={color} />
            </svg>
            {series.name}
          </li>
        );
      })}
    </ul>
  );
}

/** Every chart's one-line summary, first on the page, each linking to its chart. */
export function ChartSummaries({ charts }: { charts: ChartModel[] }) {
  return (
    <section aria-labelledby="summary-heading">
      <h2 id="summary-heading">In short</h2>
      <ul className="list-disc space-y-1 pl-6">
        {charts.map((chart) => (
          <li key={chart.id}>
            <a href={`#${chart.id}-title`}>{chart.title}</a>: {chart.summary}
          </li>
        ))}
      </ul>
    </section>
  );
}
