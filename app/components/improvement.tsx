// "Has this got better where you live?": the answers as counted, for the public
// page and the chair's pages alike (lines and wording come from the domain via
// the loader; below the minimum there are no lines).
export function ImprovementCountList(props: {
  lines: Array<{ value: string; label: string; count: number }> | null;
  tooFew: string;
}) {
  if (!props.lines) return <p>{props.tooFew} The answers are shown once there are enough of them.</p>;
  return (
    <ul className="list-disc pl-6" aria-label="Residents’ answers">
      {props.lines.map((line) => (
        <li key={line.value}>
          {line.label}: {line.count}
        </li>
      ))}
    </ul>
  );
}
