import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAnyChair } from "~/auth/guards.server";
import { reportsHome } from "~/domain/reports/reports";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireAnyChair(request);
  return reportsHome(viewer);
}

export const meta: MetaFunction = () => [{ title: "Monthly reports — One Dialogue" }];

export default function ReportsHome() {
  const { assemblies } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Monthly reports</h1>
      <p>
        Open a month to read and print its report. The report is made from the records as they are now; when
        you publish it, it is kept as it is and the public version appears on the public site.
      </p>
      {assemblies.map((assembly) => (
        <section key={assembly.id} aria-labelledby={`assembly-${assembly.id}`}>
          <h2 id={`assembly-${assembly.id}`}>{assembly.name}</h2>
          <ul className="list-disc pl-6">
            {assembly.months.map((m) => (
              <li key={m.month}>
                <Link to={`/reports/${assembly.slug}/${m.month}/draft`}>{m.monthLabel}</Link>
                {m.published ? (
                  <>
                    {" "}
                    — published (<Link to={`/reports/${assembly.slug}/${m.month}`}>public version</Link>)
                  </>
                ) : (
                  " — not published yet"
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
