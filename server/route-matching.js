// Remix 2 matches a request's path against the route table from scratch on
// every request, twice: @remix-run/router flattens and ranks every route and
// compiles a regular expression for each route it tries. With ~90 routes that
// was over a third of the CPU of a small request. The route table of a server
// build never changes, so this loads the router's CommonJS build with two
// memos added: ranked branches per routes array (WeakMap: a new build gets new
// arrays), and compiled path patterns per (pattern, case, end).
//
// Installed by server/install-route-memos.js, which server.js imports first,
// before @remix-run/express loads the router.
// If a new router version no longer has the code this expects, the router is
// left as it is (with a warning) and only the speed-up is lost; the test in
// tests/unit/route-matching.test.ts fails in that case.
import fs from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";

const FLATTEN = "let branches = flattenRoutes(routes);\n  rankRouteBranches(branches);";
const COMPILE = "function compilePath(path, caseSensitive, end) {";

const MEMOS = `
const __odRankedBranches = new WeakMap();
function __odBranches(routes) {
  let branches = __odRankedBranches.get(routes);
  if (!branches) {
    branches = flattenRoutes(routes);
    rankRouteBranches(branches);
    __odRankedBranches.set(routes, branches);
  }
  return branches;
}
const __odCompiled = new Map();
function compilePath(path, caseSensitive, end) {
  const key = (caseSensitive === true ? "1" : "0") + (end === false ? "0" : "1") + path;
  let compiled = __odCompiled.get(key);
  if (!compiled) {
    compiled = __odCompilePath(path, caseSensitive, end);
    if (__odCompiled.size > 2000) __odCompiled.clear();
    __odCompiled.set(key, compiled);
  }
  return compiled;
}
`;

/** The router's source with the memos, or null when it does not have the expected code. */
export function withRouteMemos(source) {
  if (!source.includes(FLATTEN) || source.split(COMPILE).length !== 2) return null;
  return (
    source
      .replace(FLATTEN, "let branches = __odBranches(routes);")
      .replace(COMPILE, "function __odCompilePath(path, caseSensitive, end) {") + MEMOS
  );
}

/** Where the Remix server runtime loads the router from. */
export function routerFile() {
  const fromServerRuntime = createRequire(
    createRequire(import.meta.url).resolve("@remix-run/server-runtime"),
  );
  return fromServerRuntime.resolve("@remix-run/router");
}

/** Puts the memoised router in the module cache; true when it did. */
export function installRouteMemos() {
  const filename = routerFile();
  const require = createRequire(filename);
  if (require.cache[filename]) return false; // already loaded: too late to swap
  const patched = withRouteMemos(fs.readFileSync(filename, "utf8"));
  if (!patched) {
    console.warn("route-matching: @remix-run/router has changed; matching routes without memos");
    return false;
  }
  const module = new Module(filename);
  module.filename = filename;
  module.paths = Module._nodeModulePaths(path.dirname(filename));
  module._compile(patched, filename);
  module.loaded = true;
  require.cache[filename] = module;
  return true;
}
