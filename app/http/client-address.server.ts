// The address a request came from, for per-address rate limits. server.js puts
// it in the load context (Express's req.ip, which honours TRUST_PROXY).
import { readableAddress } from "~/domain/accounts/audit-log";
export function clientAddress(context: unknown): string {
  const address = (context as { clientAddress?: unknown } | undefined)?.clientAddress;
  if (typeof address !== "string" || !address) return "unknown";
  // An IPv4 client on a dual-stack socket arrives as ::ffff:192.0.2.1; people know it as 192.0.2.1.
  return readableAddress(address) ?? address;
}
