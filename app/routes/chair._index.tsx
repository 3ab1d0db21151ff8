import { type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAnyChair } from "~/auth/guards.server";
import { listChairAssemblies } from "~/domain/priorities/chair-workspace";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireAnyChair(request);
  const assemblies = await listChairAssemblies(viewer);
  // Nothing to choose between: go straight to the one assembly.
  if (assemblies.length === 1) throw redirect(`/chair/${assemblies[0].id}`);
  return { assemblies };
}

export const meta: MetaFunction = () => [{ title: "Chair workspace — One Dialogue" }];

export default function ChairHome() {
  const { assemblies } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Chair workspace</h1>
      <p>Choose the assembly you are working on.</p>
      <ul className="space-y-3">
        {assemblies.map((assembly) => (
          <li key={assembly.id} className="border-l-4 border-brand pl-4">
            <Link to={`/chair/${assembly.id}`} className="text-lg font-bold">
              {assembly.name}
            </Link>
            <p className="mb-0 text-muted">
              {assembly.neighbourhoodCount}{" "}
              {assembly.neighbourhoodCount === 1 ? "neighbourhood" : "neighbourhoods"}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
