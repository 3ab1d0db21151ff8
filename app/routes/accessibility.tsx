import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Accessibility statement — One Dialogue" }];

export default function AccessibilityStatement() {
  return (
    <>
      <h1>Accessibility statement</h1>
      <p>
        This statement covers One Dialogue, the website where residents see the neighbourhood priorities
        agreed at PACT and Area Assembly meetings, and what the police, the council and their partners did
        about them.
      </p>
      <h2>How you should be able to use this website</h2>
      <ul className="list-disc space-y-1 pl-6">
        <li>read every page without JavaScript</li>
        <li>use every part of the website with a keyboard alone</li>
        <li>zoom in up to 400% without the text spilling off the screen</li>
        <li>use the website with a screen reader, with headings and landmarks that make sense</li>
        <li>print a priority or a meeting pack on paper</li>
      </ul>
      <h2>How accessible this website is</h2>
      <p>
        We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA, as the Public
        Sector Bodies (Websites and Mobile Applications) Accessibility Regulations 2018 require. Every type of
        page is checked with automated tools in a real browser each time the website changes, and by hand with
        a keyboard.
      </p>
      <p>
        Charts always come with a table of the same figures and a short written summary. Status is never shown
        by colour alone.
      </p>
      <h2>Feedback and contact information</h2>
      <p>
        If you find a problem, or need information in a different format such as large print, easy read or
        audio, ask at your next PACT meeting or contact your council. We will reply within 10 working days.
      </p>
      <h2>Enforcement procedure</h2>
      <p>
        The Equality and Human Rights Commission is responsible for enforcing the accessibility regulations.
        If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support
        Service (EASS).
      </p>
      <p>
        <Link to="/">Back to find your neighbourhood</Link>
      </p>
    </>
  );
}
