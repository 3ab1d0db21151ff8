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
// The domain's concept groups (app/domain/<group>/, each with a README saying what it owns),
// lowest first: a group imports only groups before it in this list.
const DOMAIN_GROUPS = [
  "core",
  "lifecycle",
  "meetings",
  "publication",
  "measures",
  "concerns",
  "tasks",
  "priorities",
  "reports",
  "accounts",
];

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
    // With the rules above and these, every import goes down the diagram (or stays in its
    // layer), so no two layers can import each other: no cycles between layers.
    {
      name: "components-below-routes",
      severity: "error",
      from: { path: "^app/components/" },
      to: { path: "^app/routes/" },
    },
    {
      name: "adapters-below-pages",
      comment: "app/http and app/auth serve the pages; they never import them.",
      severity: "error",
      from: { path: "^app/(http|auth)/" },
      to: { path: "^app/(routes|components)/" },
    },
    {
      name: "auth-below-http",
      comment: "Sessions and guards are used by the HTTP adapters (token pages, forms), not the other way.",
      severity: "error",
      from: { path: "^app/auth/" },
      to: { path: "^app/http/" },
    },
    {
      name: "integrations-below-domain",
      comment: "The outside world (outbox, postcodes.io, police.uk) knows nothing of the rules that use it.",
      severity: "error",
      from: { path: "^app/integrations/" },
      to: { path: "^(app/(routes|components|http|auth|domain)/|emails/)" },
    },
    {
      name: "config-knows-nothing-above",
      comment:
        "Settings are read by everything and read nothing of the app (only db/, below them, for its option types).",
      severity: "error",
      from: { path: "^app/config/" },
      to: { path: "^(app/(?!config/)|emails/)" },
    },
    {
      name: "no-cycles-through-emails",
      comment: "An e-mail template may use the domain's words, but never a module that sends it.",
      severity: "error",
      from: { path: "^emails/" },
      to: { circular: true },
    },
    // So no two domain groups import each other: no cycles between the domain's folders.
    ...DOMAIN_GROUPS.slice(0, -1).map((group, i) => ({
      name: `domain-${group}-imports-only-groups-before-it`,
      comment: `app/domain/${group}/ may import only ${DOMAIN_GROUPS.slice(0, i).join(", ") || "no other group"}.`,
      severity: "error",
      from: { path: `^app/domain/${group}/` },
      to: { path: `^app/domain/(${DOMAIN_GROUPS.slice(i + 1).join("|")})/` },
    })),
    {
      name: "domain-modules-live-in-a-group",
      comment: "Every domain module lives in one of the concept groups (app/domain/<group>/).",
      severity: "error",
      from: { path: "^app/domain/[^/]+$" },
      to: {},
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
