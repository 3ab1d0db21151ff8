// The address a request came from, for per-address rate limits. server.js puts
// it in the load context (Express's req.ip, which honours TRUST_PROXY).
export function clientAddress(context: unknown): string {
  const address = (context as { clientAddress?: unknown } | undefined)?.clientAddress;
  return typeof address === "string" && address ? address : "unknown";
}
