// The CPU and memory request/limit flags of install: parsed, checked (request ≤ limit), and
// "0" left out as Velero does ("0" means unbounded).
import { InvalidInputError } from "../../lib/errors.js";
import { DEFAULT_RESOURCES, type InstallFlags } from "./install-flags.js";
import type { ResourceRequirements } from "./install-settings.js";
import {
  compareQuantities,
  formatQuantity,
  isZeroQuantity,
  parseQuantity,
  type Quantity,
} from "../../lib/api/index.js";

/** The four flag values of one pod, with the flag names used in messages. */
interface ResourceFlagValues {
  readonly who: string;
  readonly cpuRequest: string;
  readonly memRequest: string;
  readonly cpuLimit: string;
  readonly memLimit: string;
}

function parseFlag(what: string, value: string): Quantity {
  try {
    const q = parseQuantity(value);
    if (q.mantissa < 0n) throw new InvalidInputError("negative");
    return q;
  } catch {
    throw new InvalidInputError(`couldn't parse ${what} "${value}"`);
  }
}

function pair(
  resource: "CPU" | "memory",
  request: Quantity,
  limit: Quantity,
  who: string,
): { request?: string; limit?: string } {
  if (!isZeroQuantity(request) && !isZeroQuantity(limit) && compareQuantities(request, limit) > 0) {
    throw new InvalidInputError(
      `${who} ${resource} request "${formatQuantity(request)}" must be less than or equal to ${resource} limit "${formatQuantity(limit)}"`,
    );
  }
  return {
    ...(isZeroQuantity(request) ? {} : { request: formatQuantity(request) }),
    ...(isZeroQuantity(limit) ? {} : { limit: formatQuantity(limit) }),
  };
}

/** Builds one pod's requirements; throws InvalidInputError naming the bad flag value. */
export function parseResourceFlags(values: ResourceFlagValues): ResourceRequirements {
  const cpu = pair(
    "CPU",
    parseFlag(`${values.who} CPU request`, values.cpuRequest),
    parseFlag(`${values.who} CPU limit`, values.cpuLimit),
    values.who,
  );
  const memory = pair(
    "memory",
    parseFlag(`${values.who} memory request`, values.memRequest),
    parseFlag(`${values.who} memory limit`, values.memLimit),
    values.who,
  );
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (cpu.request !== undefined) requests["cpu"] = cpu.request;
  if (memory.request !== undefined) requests["memory"] = memory.request;
  if (cpu.limit !== undefined) limits["cpu"] = cpu.limit;
  if (memory.limit !== undefined) limits["memory"] = memory.limit;
  return {
    ...(Object.keys(requests).length > 0 ? { requests } : {}),
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
  };
}

/** The agent pod's requirements (`--velero-pod-*`, default 500m/128Mi requests, 1/512Mi limits). */
export function agentResources(flags: InstallFlags): ResourceRequirements {
  return parseResourceFlags({
    who: "velero pod",
    cpuRequest: flags.veleroPodCpuRequest ?? DEFAULT_RESOURCES.veleroPodCpuRequest,
    memRequest: flags.veleroPodMemRequest ?? DEFAULT_RESOURCES.veleroPodMemRequest,
    cpuLimit: flags.veleroPodCpuLimit ?? DEFAULT_RESOURCES.veleroPodCpuLimit,
    memLimit: flags.veleroPodMemLimit ?? DEFAULT_RESOURCES.veleroPodMemLimit,
  });
}

/** The node-agent pods' requirements (`--node-agent-pod-*`, default unbounded). */
export function nodeAgentResources(flags: InstallFlags): ResourceRequirements {
  return parseResourceFlags({
    who: "node-agent pod",
    cpuRequest: flags.nodeAgentPodCpuRequest ?? DEFAULT_RESOURCES.nodeAgentPodCpuRequest,
    memRequest: flags.nodeAgentPodMemRequest ?? DEFAULT_RESOURCES.nodeAgentPodMemRequest,
    cpuLimit: flags.nodeAgentPodCpuLimit ?? DEFAULT_RESOURCES.nodeAgentPodCpuLimit,
    memLimit: flags.nodeAgentPodMemLimit ?? DEFAULT_RESOURCES.nodeAgentPodMemLimit,
  });
}
