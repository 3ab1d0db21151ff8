// What must not be published, and warnings for public text (pure: also used by
// the pages in the browser, so nothing here touches the database).

/** The reminder shown before public text is posted (DESIGN.md §2.5). */
export const PUBLIC_TEXT_REMINDER =
  "Residents will read this. It must not name anyone (residents, victims, suspects or officers), give a house number, or say anything that could identify a young person. Safeguarding referrals are never published.";

/**
 * Things in public text that often identify someone: shown as warnings on the
 * "check your public text" step (the author decides; nothing is blocked).
 */
export function publicTextWarnings(text: string): string[] {
  const warnings: string[] = [];
  if (
    /\b\d+[a-z]?\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:Road|Street|Avenue|Close|Lane|Drive|Way|Crescent|Grove|Court|Place|Terrace|Gardens|View|Rise)\b/.test(
      text,
    ) ||
    /\b(?:number|no\.|flat|house)\s*\d+/i.test(text)
  ) {
    warnings.push("It seems to give a house or flat number.");
  }
  if (/\baged?\s+\d{1,2}\b|\(\d{1,2}\)|\b\d{1,2}[- ]year[- ]old\b/i.test(text)) {
    warnings.push("It gives someone’s age, which can identify a young person.");
  }
  if (/\b[A-Z]\.\s?[A-Z]\.(?:\s|$|,)/.test(text)) {
    warnings.push("It seems to give someone’s initials.");
  }
  if (/\b(?:PC|PCSO|Sgt|Sergeant|Inspector|Mr|Mrs|Ms|Miss|Dr)\.?\s+[A-Z][a-z]+/.test(text)) {
    warnings.push("It seems to name a person.");
  }
  return warnings;
}
