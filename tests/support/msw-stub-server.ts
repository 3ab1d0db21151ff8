// For browser tests: the app runs in its own process, where msw cannot reach,
// so the same msw handlers answer over real HTTP on a local port. Requests to
// http://127.0.0.1:PORT/<prefix>/… are answered as if sent to the real base.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { getResponse, type RequestHandler } from "msw";

export type StubServer = {
  url: string;
  close: () => Promise<void>;
  /** Requests the caller gave up on (closed the connection) before they were answered. */
  abandoned: () => number;
};

/** `routes`: path prefix on the stub → [real base URL, its handlers]. */
export async function startMswStub(routes: Record<string, [string, RequestHandler[]]>): Promise<StubServer> {
  let abandoned = 0;
  const server = http.createServer(async (req, res) => {
    let droppedByUs = false;
    res.on("close", () => {
      if (!res.writableFinished && !droppedByUs) abandoned++;
    });
    try {
      const path = req.url ?? "/";
      const prefix = Object.keys(routes).find((p) => path.startsWith(`${p}/`));
      if (!prefix) {
        res.writeHead(404).end();
        return;
      }
      const [base, handlers] = routes[prefix];
      const request = new Request(`${base}${path.slice(prefix.length)}`, {
        method: req.method,
        headers: Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])) as [
          string,
          string,
        ][],
      });
      const response = await getResponse(handlers, request);
      if (!response) {
        res.writeHead(404).end();
        return;
      }
      if (response.type === "error") {
        droppedByUs = true;
        req.socket.destroy();
        return;
      }
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    abandoned: () => abandoned,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
