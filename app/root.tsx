import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { STALE_NOTICE_ID } from "~/lib/stale-notice";
import { getViewer } from "./auth/guards.server";
import { useNonce } from "./components/nonce";
import stylesheet from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.ico", sizes: "any" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "One Dialogue — you said, we did" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  if (!viewer) return { user: null };
  return {
    user: {
      name: viewer.name,
      isAdmin: viewer.isAdmin,
      chairs: viewer.chairOf.size > 0 || viewer.isAdmin,
      chairOf: [...viewer.chairOf],
      partner: viewer.agencies.size > 0 || viewer.isAdmin,
      coordinatorOf: [...viewer.agencies].filter(([, role]) => role === "coordinator").map(([id]) => id),
    },
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

function StaffLinks({ user }: { user: NonNullable<RootData["user"]> }) {
  return (
    <>
      {user.chairs ? (
        <li>
          <Link to="/chair" className="text-white hover:text-white">
            Chair workspace
          </Link>
        </li>
      ) : null}
      {user.chairs ? (
        <li>
          <Link to="/reports" className="text-white hover:text-white">
            Monthly reports
          </Link>
        </li>
      ) : null}
      {user.partner ? (
        <li>
          <Link to="/partner" className="text-white hover:text-white">
            Task inbox
          </Link>
        </li>
      ) : null}
      {user.coordinatorOf.length ? (
        <li>
          <Link to={`/agencies/${user.coordinatorOf[0]}/members`} className="text-white hover:text-white">
            Team members
          </Link>
        </li>
      ) : null}
      {user.isAdmin ? (
        <li>
          <Link to="/admin" className="text-white hover:text-white">
            Admin
          </Link>
        </li>
      ) : null}
      <li>
        <Link to="/account" className="text-white hover:text-white">
          {user.name}
          <span className="sr-only"> (your account)</span>
        </Link>
      </li>
      <li>
        <form method="post" action="/logout">
          <button type="submit" className="link-button text-white">
            Sign out
          </button>
        </form>
      </li>
    </>
  );
}

function HomeLink() {
  return (
    <li>
      <Link to="/" className="text-white hover:text-white">
        Find your neighbourhood
      </Link>
    </li>
  );
}

function SiteHeader() {
  const user = useRouteLoaderData<RootData>("root")?.user ?? null;
  return (
    <header className="bg-brand text-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-4 py-3">
        <Link to="/" className="text-xl font-bold text-white no-underline hover:text-white">
          One Dialogue
          <span className="block text-sm font-normal">You said, we did</span>
        </Link>
        <nav aria-label="Site">
          {user ? (
            <>
              {/* On a phone the staff links fold into a menu (a native disclosure: no JavaScript needed). */}
              <details className="md:hidden">
                <summary className="cursor-pointer font-bold text-white">Menu</summary>
                <ul className="mt-2 flex flex-col gap-2">
                  <HomeLink />
                  <StaffLinks user={user} />
                </ul>
              </details>
              <ul className="hidden flex-wrap gap-4 md:flex">
                <HomeLink />
                <StaffLinks user={user} />
              </ul>
            </>
          ) : (
            <ul className="flex flex-wrap gap-4">
              <HomeLink />
              <li>
                <Link to="/login" className="text-white hover:text-white">
                  Partner sign in
                </Link>
              </li>
            </ul>
          )}
        </nav>
      </div>
    </header>
  );
}

function SiteFooter() {
  return (
    <footer className="mt-12 border-t-4 border-brand bg-gray-100">
      <div className="mx-auto max-w-5xl px-4 py-6 text-sm">
        <nav aria-label="Footer">
          <ul className="flex flex-wrap gap-4">
            <li>
              <Link to="/accessibility">Accessibility statement</Link>
            </li>
            <li>
              <Link to="/privacy">Privacy notice</Link>
            </li>
            <li>
              <Link to="/how-were-doing">How we're doing</Link>
            </li>
            <li>
              <Link to="/open-data">Open data</Link>
            </li>
          </ul>
        </nav>
        <p className="mt-4 text-muted">
          One Dialogue is run by the community safety partnership. In an emergency call 999.
        </p>
      </div>
    </footer>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-screen flex-col bg-white">
        <a href="#main-content" className="skip-link">
          Skip to main content
        </a>
        <SiteHeader />
        <main id="main-content" tabIndex={-1} className="mx-auto w-full max-w-5xl flex-1 px-4 py-6">
          {/* Empty, except in copies the page cache serves while the database is down. */}
          <div id={STALE_NOTICE_ID} dangerouslySetInnerHTML={{ __html: "" }} />
          {children}
        </main>
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const title =
      error.status === 404
        ? "Page not found"
        : error.status === 403
          ? "You do not have access to this page"
          : error.status === 503
            ? "Sorry, the service is unavailable"
            : "Sorry, there is a problem";
    return (
      <>
        <title>{`${title} — One Dialogue`}</title>
        <h1>{title}</h1>
        {error.status === 404 ? (
          <>
            <p>If you typed the web address, check it is correct.</p>
            <p>
              You can <Link to="/">find your neighbourhood</Link> from the home page.
            </p>
          </>
        ) : error.status === 503 ? (
          <p>We cannot reach our records just now. Please try again in a few minutes.</p>
        ) : (
          <p>{typeof error.data === "string" ? error.data : "Please try again later."}</p>
        )}
      </>
    );
  }
  // Only development shows the details; production never shows a stack trace.
  const details = process.env.NODE_ENV === "development" && error instanceof Error ? error.stack : undefined;
  return (
    <>
      <title>Sorry, there is a problem — One Dialogue</title>
      <h1>Sorry, there is a problem with the service</h1>
      <p>Please try again later. Nothing you entered has been lost on our side.</p>
      {details ? <pre className="overflow-auto text-sm">{details}</pre> : null}
    </>
  );
}
