import { pingDatabase } from "~db/client.server";

// A real round trip to the database: 200 when it answers, 503 when it does not.
export async function loader() {
  const headers = { "Cache-Control": "no-store", "Content-Type": "application/json" };
  try {
    await pingDatabase();
    return new Response(JSON.stringify({ status: "ok", database: "ok" }), { status: 200, headers });
  } catch {
    return new Response(JSON.stringify({ status: "unavailable", database: "unreachable" }), {
      status: 503,
      headers,
    });
  }
}
