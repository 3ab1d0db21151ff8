// The layers, checked on every `npm run lint` (and so in CI):
//
//   routes, components   the pages: read requests, render, call the layers below
//        │
//   http, auth           adapters: forms, headers, caching, sessions, guards
//        │
//   domain               the rules, one home each; reads and writes through db/
//        │
//   lib                  plain helpers with no knowledge of the product (password hashing)
//        │
//   db                   schema, client, migrations
//
// A layer imports only layers below it; e-mails (emails/) are rendered by the domain.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "pages-never-touch-the-database",
      comment:
        "Routes and components read and write through app/domain (or app/http, app/auth), never db/ directly.",
      severity: "error",
      from: { path: "^app/(routes|components)/" },
      to: { path: "^db/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "domain-stays-below-the-adapters",
      comment:
        "The domain never imports routes, components, app/http or app/auth: they call it, not the other way.",
      severity: "error",
      from: { path: "^app/domain/" },
      to: { path: "^app/(routes|components|http|auth)/" },
    },
    {
      name: "emails-stay-below-the-adapters",
      comment: "E-mail templates are called by the domain: they never import routes, app/http or app/auth.",
      severity: "error",
      from: { path: "^emails/" },
      to: { path: "^app/(routes|http|auth)/" },
    },
    {
      name: "lib-knows-nothing-above",
      comment: "app/lib is plain helpers: it imports no other part of the app.",
      severity: "error",
      from: { path: "^app/lib/" },
      to: { path: "^(app/(?!lib/)|db/|emails/)" },
    },
    {
      name: "db-knows-nothing-above",
      comment:
        "db/ (schema, client, migrations) never imports the app; the seed and import scripts may, as entry points.",
      severity: "error",
      from: { path: "^db/(schema|relations|client\\.server|migrate|backup)\\.ts$" },
      to: { path: "^(app|emails)/" },
    },
    {
      name: "no-cycles-between-folders",
      comment: "Two folders that import each other are one layer pretending to be two.",
      severity: "error",
      scope: "folder",
      // emails/ is the domain's own rendering of its messages and uses the domain's words;
      // no module cycle may run through it (the rule below).
      from: { pathNot: "^emails$" },
      to: { circular: true, pathNot: "^emails$" },
    },
    {
      name: "no-cycles-through-emails",
      comment: "An e-mail template may use the domain's words, but never a module that sends it.",
      severity: "error",
      from: { path: "^emails/" },
      to: { circular: true },
    },
    {
      name: "no-module-cycles",
      comment:
        "Modules that import each other round a loop are hard to load and to change; untangle when touched.",
      severity: "warn",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-orphans-in-domain",
      comment: "A domain module nothing imports is dead code.",
      severity: "warn",
      from: { orphan: true, path: "^app/domain/" },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    includeOnly: "^(app|db|emails|server)/",
    // Entry points that drive the app from the command line (seeding, imports, backups)
    // sit above everything, like routes; they are not part of any layer.
    exclude: { path: "^db/(seed|seed-cli|seed-history|seed-large|import-[^/]+|[^/]+-cli)\\.ts$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
