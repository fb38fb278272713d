import type { AddressInfo } from "node:net";
import { ConfigError } from "../errors/index.ts";
import { createUiServer, type UiOptions } from "./server.ts";

export interface RunningUi {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the dashboard on its own port; its URL is what a person on this machine opens. A port it cannot
 * have is a one-line error naming it and `fix`, the settings that choose another (or none).
 */
export async function startUi(o: UiOptions & { host: string; port: number; fix?: string }): Promise<RunningUi> {
  const { server, close } = createUiServer(o);
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const why = error.code === "EADDRINUSE" ? "the port is in use" : error.message;
      const fix = o.fix ? `; ${o.fix}` : "";
      reject(
        new ConfigError(`the dashboard cannot listen on ${o.host}:${o.port}: ${why}${fix}`, { where: "BOOTY_UI_PORT" }),
      );
    });
    server.listen({ host: o.host, port: o.port }, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const host = o.host === "0.0.0.0" || o.host === "::" ? "127.0.0.1" : o.host.includes(":") ? `[${o.host}]` : o.host;
  return {
    url: `http://${host}:${port}/ui/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.once("close", () => resolve());
        close();
      }),
  };
}
