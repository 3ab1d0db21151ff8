import { checkHealth } from "~/domain/core/health";

// A real round trip to the database: 200 when it answers, 503 when it does not.
export async function loader() {
  const health = await checkHealth();
  return new Response(JSON.stringify(health), {
    status: health.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store", "Content-Type": "application/json" },
  });
}
