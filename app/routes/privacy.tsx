import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SESSION_COOKIE_NAME, SESSION_IDLE_MS } from "~/auth/session.server";
import { ANSWER_COOKIE } from "~/http/answer-cookie.server";
import { WROTE_COOKIE, WROTE_COOKIE_SECONDS } from "~/http/page-cache.server";

export const meta: MetaFunction = () => [{ title: "Privacy notice — One Dialogue" }];

/** The cookies the app sets, from where each is made, so this notice cannot drift from them. */
export const loader = () => ({
  session: { name: SESSION_COOKIE_NAME, idleHours: SESSION_IDLE_MS / 3_600_000 },
  answer: ANSWER_COOKIE,
  wrote: { name: WROTE_COOKIE, seconds: WROTE_COOKIE_SECONDS },
});

export default function PrivacyNotice() {
  const { session, answer, wrote } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Privacy notice</h1>
      <p>
        This notice explains what One Dialogue keeps about you, why, and for how long. One Dialogue is run by
        the community safety partnership: the police, the council and their partners working together on
        neighbourhood priorities.
      </p>
      <h2>What is public</h2>
      <p>
        The public pages show the concerns raised at meetings in words written for publication, the priorities
        agreed, and what each agency did. They never show your name, your contact details, your house number,
        or anything that could identify a young person, a victim or a suspect. Locations are given to street
        level at most.
      </p>
      <h2>What we keep privately</h2>
      <ul className="list-disc space-y-1 pl-6">
        <li>
          If you raise a concern and give contact details, only the meeting chair and the partners working on
          it can see them, so they can tell you what happened. If you give an e-mail address, we use it only
          for that concern: to send you its reference, and once to tell you what the chair decided.
        </li>
        <li>
          If you follow a neighbourhood or priority by e-mail, we keep your address only to send those
          updates. Every e-mail has a link to stop them at once.
        </li>
        <li>
          Partner staff have accounts. We keep a record of what each account does, so the work can be checked.
        </li>
      </ul>
      <h2>Cookies</h2>
      <p>One Dialogue sets only the cookies it needs to work, and none that track you or measure visits:</p>
      <ul className="list-disc space-y-1 pl-6">
        <li>
          <code>{session.name}</code>: keeps partner staff signed in. It ends when they sign out, or after{" "}
          {session.idleHours} hours without use.
        </li>
        <li>
          <code>{answer}</code>: set only if you answer “Has this got better?” on a priority, so that your
          browser gives one answer per priority. It holds a random number, not who you are, and is sent only
          to that neighbourhood’s priority pages.
        </li>
        <li>
          <code>{wrote.name}</code>: set for {wrote.seconds} seconds after you send any form, so that the next
          pages you see show what you just did rather than a copy saved a moment before.
        </li>
      </ul>
      <h2>How long we keep it</h2>
      <p>
        Records of meetings, priorities and what was done are kept for at least three years. Your contact
        details on a concern are removed three years after the priority it belongs to is closed. E-mail
        subscriptions end when you unsubscribe.
      </p>
      <h2>Your rights</h2>
      <p>
        You can ask to see what we hold about you, to correct it, or to have it removed. Ask the council’s
        data protection officer. If you are unhappy with how we use your information, you can complain to the
        Information Commissioner’s Office.
      </p>
    </>
  );
}
