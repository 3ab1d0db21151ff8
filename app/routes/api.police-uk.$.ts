// Anything else under /api/police-uk is a JSON 404, as police.uk answers, not an HTML page.
export { unknownEndpoint as loader } from "~/http/open-data.server";
