// The ServerStatusRequest kind (velero.io/v1): asks the server for its version and plugins.
import { resourceSchema, type VeleroObject } from "./object.js";
import { arrayOf, enumOf, objectOf, optional, required, str, time } from "./schema/dsl.js";
import type { Time } from "./time.js";

/** ServerStatusRequest phases. */
export const SERVER_STATUS_REQUEST_PHASES = ["New", "Processed"] as const;
/** A ServerStatusRequest's `status.phase`. */
export type ServerStatusRequestPhase = (typeof SERVER_STATUS_REQUEST_PHASES)[number];

/** The spec is empty. */
export type ServerStatusRequestSpec = Record<string, never>;

/** One registered plugin. */
export interface PluginInfo {
  name: string;
  kind: string;
}

/** The server's answer. */
export interface ServerStatusRequestStatus {
  phase?: ServerStatusRequestPhase;
  processedTimestamp?: Time;
  serverVersion?: string;
  plugins?: PluginInfo[];
}

/** A velero.io/v1 ServerStatusRequest. */
export type ServerStatusRequest = VeleroObject<
  "ServerStatusRequest",
  "velero.io/v1",
  ServerStatusRequestSpec,
  ServerStatusRequestStatus
>;

/** Schema of a whole {@link ServerStatusRequest}. */
export const serverStatusRequestSchema = resourceSchema(
  { kind: "ServerStatusRequest", apiVersion: "velero.io/v1" },
  objectOf<ServerStatusRequestSpec>({}),
  objectOf<ServerStatusRequestStatus>({
    phase: optional(enumOf(SERVER_STATUS_REQUEST_PHASES)),
    processedTimestamp: optional(time(), { nullable: true, go: "omitnil" }),
    serverVersion: optional(str()),
    plugins: optional(
      arrayOf(
        objectOf<PluginInfo>({
          name: required(str(), { go: "always" }),
          kind: required(str(), { go: "always" }),
        }),
      ),
      { nullable: true },
    ),
  }),
);
