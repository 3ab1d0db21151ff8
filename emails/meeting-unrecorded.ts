// To the chair: a meeting ended two days ago and is still not recorded as held.
import { escapeHtml, meetingTimeInWords } from "~/domain/words";

export function meetingUnrecordedEmail(input: {
  chairName: string;
  assemblyName: string;
  meetingTitle: string;
  startsAt: Date;
  endsAt: Date;
  venue: string;
  recordUrl: string;
}) {
  const when = meetingTimeInWords(input.startsAt, input.endsAt);
  const subject = `Please record the meeting: ${input.meetingTitle}`;
  const text = [
    `Dear ${input.chairName},`,
    "",
    `${input.meetingTitle} (${input.assemblyName}) on ${when} at ${input.venue} has not been recorded yet.`,
    "",
    "Residents look for the summary of what was said and agreed. Record the attendance and the public summary, then publish it:",
    input.recordUrl,
    "",
    "If the meeting did not take place, cancel it with a public reason on the same page.",
    "",
    "One Dialogue",
  ].join("\n");
  const html = `<!doctype html><html lang="en-GB"><body style="font-family: Arial, sans-serif; color: #0b0c0c;">
<p>Dear ${escapeHtml(input.chairName)},</p>
<p><strong>${escapeHtml(input.meetingTitle)}</strong> (${escapeHtml(input.assemblyName)}) on ${escapeHtml(when)} at ${escapeHtml(input.venue)} has not been recorded yet.</p>
<p>Residents look for the summary of what was said and agreed. Record the attendance and the public summary, then publish it.</p>
<p><a href="${escapeHtml(input.recordUrl)}">Record the meeting</a></p>
<p>If the meeting did not take place, cancel it with a public reason on the same page.</p>
<p>One Dialogue</p>
</body></html>`;
  return { subject, html, text };
}
