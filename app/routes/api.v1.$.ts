// Anything else under /api/v1 is a JSON 404 (not the HTML "page not found").
export { unknownEndpoint as loader } from "~/http/open-data.server";
