import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ConcernRecord, ReferenceForm } from "~/components/public-concerns";
import { Breadcrumbs, When } from "~/components/public-feedback";
import { type ConcernLookup, lookUpConcern } from "~/domain/concerns/public-concerns";
import { clientAddress } from "~/http/client-address.server";
import { NO_STORE } from "~/http/conditional.server";

const STATUS: Record<ConcernLookup["kind"], number> = {
  public: 200,
  waiting: 200,
  not_found: 404,
  rate_limited: 429,
};

export async function loader({ params, context }: LoaderFunctionArgs) {
  const typed = (params.reference ?? "").slice(0, 40);
  const found = await lookUpConcern({ reference: typed, address: clientAddress(context) });
  // The reference is the secret: no shared cache (nor the page cache) may keep what it shows.
  return data({ ...found, typed }, { status: STATUS[found.kind], headers: { "Cache-Control": NO_STORE } });
}

export const headers = () => ({ "Cache-Control": NO_STORE });

export const meta: MetaFunction = () => [
  { title: "Your concern — One Dialogue" },
  { name: "robots", content: "noindex" },
];

export default function ConcernByReference() {
  const found = useLoaderData<typeof loader>();
  if (found.kind === "rate_limited") {
    return (
      <>
        <h1>Too many look-ups</h1>
        <p>You have looked up a lot of references in the last hour. Please try again later.</p>
      </>
    );
  }
  if (found.kind === "not_found") {
    return (
      <>
        <h1>We cannot find that reference</h1>
        <p>Check the reference you were given: it starts RC-, like RC-7K3Q-9XMP.</p>
        <ReferenceForm typed={found.typed} heading={false} />
      </>
    );
  }
  if (found.kind === "waiting") {
    const base = `/neighbourhoods/${found.neighbourhood.slug}`;
    return (
      <>
        <Breadcrumbs
          items={[
            { to: "/", label: "Find your neighbourhood" },
            { to: base, label: found.neighbourhood.name },
            { label: found.reference },
          ]}
        />
        <h1>Your concern {found.reference}</h1>
        <p>
          <strong className="status-tag">Waiting for the chair</strong>
        </p>
        <p>
          You raised it on <When at={found.raisedAt} />. The chair of the {found.neighbourhood.name} meeting
          has not read it yet. Until they do, only someone with this reference can see it.
        </p>
        <h2>What you told us</h2>
        <p className="whitespace-pre-line">{found.wording}</p>
        <p>
          <Link to={`${base}/concerns`}>What people told us about {found.neighbourhood.name}</Link>
        </p>
      </>
    );
  }
  const { concern } = found;
  const base = `/neighbourhoods/${concern.neighbourhood.slug}`;
  return (
    <>
      <Breadcrumbs
        items={[
          { to: "/", label: "Find your neighbourhood" },
          { to: base, label: concern.neighbourhood.name },
          { to: `${base}/concerns`, label: "What you told us" },
          { label: found.reference },
        ]}
      />
      <h1>What happened to your concern</h1>
      <article className="border-l-4 border-brand pl-4">
        <ConcernRecord concern={concern} headingLevel={2} />
      </article>
      <p className="mt-6">
        <Link to={`${base}/concerns`}>Everything people told us about {concern.neighbourhood.name}</Link>
      </p>
    </>
  );
}
