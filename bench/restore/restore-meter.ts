// What a restore costs, measured over its run: CPU time of the bench process (agent) and of the
// cluster process, and the API requests the agent sent, by method. CPU per item does not depend
// on how busy the machine is, unlike objects/s.
import { readFileSync } from "node:fs";
import type { KubeRequest, KubeRestClient } from "../../lib/kube/index.js";

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const ticksPerSecond = 100;

/** The counters at one moment. */
interface Reading {
  readonly agentCpuMs: number;
  readonly clusterCpuMs: number;
  readonly requests: Readonly<Record<string, number>>;
}

/** What the restore cost between `start()` and `stop()`. */
export interface RestoreCost {
  readonly agentCpuMs: number;
  readonly clusterCpuMs: number;
  readonly requests: Readonly<Record<string, number>>;
}

function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${String(pid)}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / ticksPerSecond;
}

function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * Counts the requests `rest` sends (except those `ignore` matches, e.g. the bench's own polls)
 * and reads both processes' CPU time.
 */
export class RestoreMeter {
  readonly #clusterPid: number;
  readonly #counts: Record<string, number> = {};
  #start: Reading | undefined;

  constructor(rest: KubeRestClient, clusterPid: number, ignore: (r: KubeRequest) => boolean) {
    this.#clusterPid = clusterPid;
    const send = rest.request.bind(rest);
    rest.request = <T>(request: KubeRequest): Promise<T> => {
      if (!ignore(request)) this.#counts[request.method] = (this.#counts[request.method] ?? 0) + 1;
      return send<T>(request);
    };
  }

  start(): void {
    this.#start = this.#read();
  }

  stop(): RestoreCost {
    const end = this.#read();
    const start = this.#start ?? end;
    const requests: Record<string, number> = {};
    for (const [method, count] of Object.entries(end.requests)) {
      requests[method] = count - (start.requests[method] ?? 0);
    }
    return {
      agentCpuMs: end.agentCpuMs - start.agentCpuMs,
      clusterCpuMs: end.clusterCpuMs - start.clusterCpuMs,
      requests,
    };
  }

  #read(): Reading {
    return {
      agentCpuMs: ownCpuMs(),
      clusterCpuMs: processCpuMs(this.#clusterPid),
      requests: { ...this.#counts },
    };
  }
}
