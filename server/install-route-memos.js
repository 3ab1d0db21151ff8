// Imported first by server.js: see route-matching.js.
import { installRouteMemos } from "./route-matching.js";

if (process.env.ROUTE_MEMOS !== "off") installRouteMemos();
