import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/** Remix's future flags; tests/support/http-harness.ts builds its server build with the same. */
export const remixFuture = {
  v3_fetcherPersist: true,
  v3_relativeSplatPath: true,
  v3_throwAbortReason: true,
  v3_singleFetch: true,
  v3_lazyRouteDiscovery: true,
  v3_routeConfig: true,
};

export default defineConfig({
  server: { port: 3000 },
  plugins: [tailwindcss(), remix({ future: remixFuture }), tsconfigPaths()],
  build: {
    target: "es2022",
    rollupOptions: {
      // Resource routes (feeds, the API, /healthz) have no browser code, so their client chunk is
      // empty by design; saying so on every build only alarms a newcomer's first `npm start`.
      onwarn(warning, warn) {
        if (warning.code !== "EMPTY_BUNDLE") warn(warning);
      },
    },
  },
  ssr: { external: ["@electric-sql/pglite", "postgres", "nodemailer"] },
});
