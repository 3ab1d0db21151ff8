// The one shell every e-mail is written in, and the one way it is rendered: a
// React Email tree, turned into HTML and into the plain-text part from the same
// words (React Email's toPlainText), so the two parts cannot say different things.
// Each component from its own package: the @react-email/components bundle also
// loads Tailwind, Markdown and Prism, over a second of every start-up here.
import { Body } from "@react-email/body";
import { Container } from "@react-email/container";
import { Head } from "@react-email/head";
import { Heading } from "@react-email/heading";
import { Html } from "@react-email/html";
import { Link } from "@react-email/link";
import { toPlainText } from "@react-email/render";
import { Text } from "@react-email/text";
import type { ReactElement, ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";

export const SIGN_OFF = "One Dialogue — you said, we did";

const colour = { text: "#0b0c0c", secondary: "#505a5f", link: "#1d70b8", border: "#b1b4b6" };

export function EmailLayout({ children }: { children: ReactNode }) {
  return (
    <Html lang="en-GB">
      <Head />
      <Body style={{ fontFamily: "Arial, sans-serif", color: colour.text, backgroundColor: "#ffffff" }}>
        <Container style={{ maxWidth: "40em", margin: "0", padding: "0 8px" }}>
          {children}
          <Text style={{ color: colour.secondary, fontSize: "16px" }}>{SIGN_OFF}</Text>
        </Container>
      </Body>
    </Html>
  );
}

/** A paragraph; `htmlOnly` leaves it out of the plain-text part (where it would only repeat). */
export function P({
  children,
  small,
  htmlOnly,
}: {
  children: ReactNode;
  small?: boolean;
  htmlOnly?: boolean;
}) {
  return (
    <Text
      style={{ fontSize: small ? "14px" : "16px", lineHeight: "1.5" }}
      {...(htmlOnly ? { "data-skip-in-text": "true" } : {})}
    >
      {children}
    </Text>
  );
}

/** A link its reader acts on: in the text part, its words then its address. */
export function A({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} style={{ color: colour.link, textDecoration: "underline" }}>
      {children}
    </Link>
  );
}

export function H1({ children }: { children: ReactNode }) {
  return (
    <Heading as="h1" style={{ fontSize: "22px", lineHeight: "1.3" }}>
      {children}
    </Heading>
  );
}

export function H2({ children }: { children: ReactNode }) {
  return (
    <Heading as="h2" style={{ fontSize: "18px", lineHeight: "1.3" }}>
      {children}
    </Heading>
  );
}

/** Someone's own words, quoted (a reason, an answer): line breaks kept. */
export function Quote({ children }: { children: string }) {
  const lines = children.split(/\r?\n/);
  return (
    <blockquote
      style={{ borderLeft: `4px solid ${colour.border}`, margin: "0", paddingLeft: "1em", fontSize: "16px" }}
    >
      {lines.map((line, i) => (
        <span key={i}>
          {i > 0 ? <br /> : null}
          {line}
        </span>
      ))}
    </blockquote>
  );
}

export type RenderedEmail = { subject: string; html: string; text: string };

/** The e-mail's two parts from one tree. */
export function renderEmail(subject: string, body: ReactElement): RenderedEmail {
  const html = `<!doctype html>${renderToStaticMarkup(<EmailLayout>{body}</EmailLayout>)}`;
  const text = toPlainText(html, {
    selectors: [
      // "Open the task <https://…>": the words, then the address in the brackets RFC 3986 suggests for plain text.
      { selector: "a", options: { linkBrackets: ["<", ">"], hideLinkHrefIfSameAsText: true } },
      { selector: "h1", options: { uppercase: false } },
    ],
  });
  return { subject, html, text };
}
