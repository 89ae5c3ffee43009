// One container of a pod as the kubelet tracks it across runs: the current run, the last
// finished one (lastState), the restart count, the crash-loop back-off and the status entry.
import { createHash, randomBytes } from "node:crypto";
import { formatTime } from "../controllers/conditions.js";
import type { Container, ContainerState, ContainerStatus } from "../controllers/kube-types.js";
import type { ContainerExit, RunningContainer } from "./container-process.js";
import { imageRepository } from "./image-plan.js";
import { RestartBackoff, type RestartBackoffOptions } from "./restart-backoff.js";

type Terminated = NonNullable<ContainerState["terminated"]>;

/** Options of {@link ContainerSlot.status}. */
export interface StatusOptions {
  readonly ready: boolean;
  readonly initializing: boolean;
  readonly restarting: boolean;
  readonly now: Date;
}

/** See the file comment. */
export class ContainerSlot {
  readonly spec: Container;
  restartCount: number;
  private run: { container: RunningContainer; id: string } | undefined;
  private exit: Terminated | undefined;
  private previous: Terminated | undefined;
  private waiting: { reason: string; message?: string } = { reason: "ContainerCreating" };
  private notBefore = 0;
  private runs = 0;
  private readonly backoff: RestartBackoff;

  constructor(spec: Container, backoff: RestartBackoffOptions, restartCount = 0) {
    this.spec = spec;
    this.restartCount = restartCount;
    this.backoff = new RestartBackoff(backoff);
  }

  /** True while a run is in progress. */
  get isRunning(): boolean {
    return this.run !== undefined;
  }

  /** True once any run started. */
  get hasStarted(): boolean {
    return this.runs > 0;
  }

  /** The exit code of the last finished run, while not running again. */
  get exitCode(): number | undefined {
    return this.run === undefined ? this.exit?.exitCode : undefined;
  }

  /** Milliseconds until a restart is allowed (0 when it may start now). */
  waitMs(now: Date): number {
    return Math.max(0, this.notBefore - now.getTime());
  }

  /** Records why the container is not running (ContainerCreating, CreateContainerConfigError, ...). */
  setWaiting(reason: string, message?: string): void {
    this.waiting = message === undefined ? { reason } : { reason, message };
  }

  /**
   * Starts a run with `launch` (given the restart count the run gets; when it throws, nothing
   * changes); `onExit` is called after a run ends on its own.
   */
  start(launch: (restartCount: number) => RunningContainer, onExit: () => void): void {
    const isRestart = this.runs > 0 || this.exit !== undefined;
    const count = isRestart ? this.restartCount + 1 : this.restartCount;
    const container = launch(count);
    if (isRestart) this.previous = this.exit;
    this.restartCount = count;
    this.exit = undefined;
    const run = { container, id: `containerd://${randomBytes(32).toString("hex")}` };
    this.run = run;
    this.runs++;
    void container.exited.then((exit) => {
      if (this.run !== run) return;
      this.finish(run, exit);
      onExit();
    });
  }

  /** Ends the current run (SIGTERM, SIGKILL after `graceMs`). */
  async stop(graceMs: number): Promise<void> {
    const run = this.run;
    if (run === undefined) return;
    const exit = await run.container.stop(graceMs);
    if (this.run === run) this.finish(run, exit);
  }

  /**
   * The status entry. `initializing` gives waiting app containers the PodInitializing reason;
   * `restarting` says a finished run will be followed by another (CrashLoopBackOff meanwhile).
   */
  status(options: StatusOptions): ContainerStatus {
    const image = this.spec.image ?? "";
    const status: ContainerStatus = {
      name: this.spec.name,
      state: this.state(options),
      lastState: this.previous === undefined ? {} : { terminated: this.previous },
      ready: options.ready && this.run !== undefined,
      started: this.run !== undefined,
      restartCount: this.restartCount,
      image,
      imageID: `${imageRepository(image)}@sha256:${createHash("sha256").update(image).digest("hex")}`,
    };
    const id = this.run?.id ?? this.exit?.containerID;
    return id === undefined ? status : { ...status, containerID: id };
  }

  private state(options: StatusOptions): ContainerState {
    if (this.run !== undefined) {
      return { running: { startedAt: formatTime(this.run.container.startedAt) } };
    }
    const backingOff = options.restarting && this.waitMs(options.now) > 0;
    if (this.exit !== undefined && !backingOff) return { terminated: this.exit };
    if (this.exit !== undefined) {
      const message = `back-off restarting failed container ${this.spec.name}`;
      return { waiting: { reason: "CrashLoopBackOff", message } };
    }
    if (options.initializing && this.waiting.reason === "ContainerCreating") {
      return { waiting: { reason: "PodInitializing" } };
    }
    return { waiting: this.waiting };
  }

  private finish(run: { container: RunningContainer; id: string }, exit: ContainerExit): void {
    this.run = undefined;
    const terminated: Terminated = {
      exitCode: exit.exitCode,
      reason: exit.reason,
      startedAt: formatTime(run.container.startedAt),
      finishedAt: formatTime(exit.finishedAt),
      containerID: run.id,
    };
    this.exit = exit.message === undefined ? terminated : { ...terminated, message: exit.message };
    const ranFor = exit.finishedAt.getTime() - run.container.startedAt.getTime();
    this.notBefore = exit.finishedAt.getTime() + this.backoff.nextDelay(ranFor);
  }
}
