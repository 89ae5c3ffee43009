// Fluent builder of Schedule objects.
import type { BackupSpec } from "../backup.js";
import type { Schedule, SchedulePhase } from "../schedule.js";
import { ObjectBuilder, toTime, type TimeInput } from "./object-builder.js";

/** Builds a Schedule: `new ScheduleBuilder("velero", "s1").cron("0 2 * * *").build()`. */
export class ScheduleBuilder extends ObjectBuilder<Schedule> {
  constructor(namespace: string, name: string) {
    super({
      apiVersion: "velero.io/v1",
      kind: "Schedule",
      metadata: { namespace, name },
      spec: { schedule: "", template: {} },
    });
  }

  /** Sets `spec.schedule` (cron expression or `@every <duration>`). */
  cron(expression: string): this {
    return this.spec({ schedule: expression });
  }

  /** Sets `spec.template`. */
  template(spec: BackupSpec): this {
    return this.spec({ template: spec });
  }

  /** Sets `spec.paused`. */
  paused(value: boolean): this {
    return this.spec({ paused: value });
  }

  /** Sets `status.phase`. */
  phase(phase: SchedulePhase): this {
    return this.status({ phase });
  }

  /** Sets `status.lastBackup`. */
  lastBackup(value: TimeInput): this {
    return this.status({ lastBackup: toTime(value) });
  }
}
