// "Has this got better where you live?": the answers as counted, for the public
// page and the chair's pages alike (hidden below the minimum, as the domain says).
import {
  IMPROVEMENT_ANSWER_LABEL,
  type ImprovementAnswer,
  type ImprovementCounts,
  TOO_FEW_ANSWERS,
} from "~/domain/improvement-answers";

export const IMPROVEMENT_ANSWERS = Object.keys(IMPROVEMENT_ANSWER_LABEL) as ImprovementAnswer[];

export function ImprovementCountList({ counts }: { counts: ImprovementCounts | null }) {
  if (!counts) return <p>{TOO_FEW_ANSWERS} The answers are shown once there are enough of them.</p>;
  return (
    <ul className="list-disc pl-6" aria-label="Residents’ answers">
      {IMPROVEMENT_ANSWERS.map((answer) => (
        <li key={answer}>
          {IMPROVEMENT_ANSWER_LABEL[answer]}: {counts[answer]}
        </li>
      ))}
    </ul>
  );
}
