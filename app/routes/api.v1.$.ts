import { apiError } from "~/http/open-data.server";

// Anything else under /api/v1 is a JSON 404 (not the HTML "page not found").
export function loader() {
  throw apiError(404, "There is no such endpoint. See the API documentation: docs/api.md.");
}
