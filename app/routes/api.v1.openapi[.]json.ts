import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "~/config/env.server";
import { apiJson } from "~/http/open-data.server";
import { openApiDocument } from "~/http/openapi.server";
import { cachedPage, tagsOf } from "~/http/page-cache-rule";

export const handle = cachedPage({ tags: tagsOf.nothing });

// The machine-readable description of the API, generated from the schemas the routes use.
export async function loader({ request }: LoaderFunctionArgs) {
  return apiJson(request, openApiDocument(env().PUBLIC_URL));
}
