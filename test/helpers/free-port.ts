// Free TCP ports on 127.0.0.1 for servers that cannot be told to pick their own.
import { createServer } from "node:net";

/** A port that was free a moment ago (the OS picked it); bind it soon. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}
