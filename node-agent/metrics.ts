// The node-agent's Prometheus metrics under Velero's `podVolume_` names and labels.
import { Counter, Gauge, Histogram, Registry } from "prom-client";

type N = "node";
type Op = "node" | "operation" | "backupName" | "pod_volume_backup";

/** Every metric the node-agent exports. */
export interface NodeAgentMetrics {
  readonly registry: Registry;
  readonly backupEnqueue: Counter<N>;
  readonly backupDequeue: Counter<N>;
  readonly operationLatency: Histogram<Op>;
  readonly operationLatencyGauge: Gauge<Op>;
  readonly dataUploadSuccess: Counter<N>;
  readonly dataUploadFailure: Counter<N>;
  readonly dataUploadCancel: Counter<N>;
  readonly dataDownloadSuccess: Counter<N>;
  readonly dataDownloadFailure: Counter<N>;
  readonly dataDownloadCancel: Counter<N>;
}

/** One finished pod volume operation, for {@link observeOperation}. */
export interface FinishedOperation {
  readonly node: string;
  /** Velero's operation name, e.g. `<pvb>-<bsl>-<podNamespace>-kopia-backup`. */
  readonly operation: string;
  /** `<namespace>/<backup>`. */
  readonly backupName: string;
  readonly podVolumeBackup: string;
  readonly seconds: number;
}

const minute = 60;

/** Creates the metrics in a fresh registry. */
export function createNodeAgentMetrics(): NodeAgentMetrics {
  const registry = new Registry();
  const registers = [registry];
  const counter = (name: string, help: string): Counter<N> =>
    new Counter({ name: `podVolume_${name}`, help, labelNames: ["node"], registers });
  const opLabels: Op[] = ["node", "operation", "backupName", "pod_volume_backup"];
  return {
    registry,
    backupEnqueue: counter(
      "pod_volume_backup_enqueue_count",
      "Total number of pod_volume_backup objects enqueued",
    ),
    backupDequeue: counter(
      "pod_volume_backup_dequeue_count",
      "Total number of pod_volume_backup objects dequeued",
    ),
    operationLatency: new Histogram({
      name: "podVolume_pod_volume_operation_latency_seconds",
      help: "Time taken to complete pod volume operations, in seconds",
      labelNames: opLabels,
      buckets: [1, 5, 10, 15, 30, 60, 120, 180, 240].map((m) => m * minute),
      registers,
    }),
    operationLatencyGauge: new Gauge({
      name: "podVolume_pod_volume_operation_latency_seconds_gauge",
      help: "Gauge metric indicating time taken, in seconds, to perform pod volume operations",
      labelNames: opLabels,
      registers,
    }),
    dataUploadSuccess: counter(
      "data_upload_success_total",
      "Total number of successful uploaded snapshots",
    ),
    dataUploadFailure: counter(
      "data_upload_failure_total",
      "Total number of failed uploaded snapshots",
    ),
    dataUploadCancel: counter(
      "data_upload_cancel_total",
      "Total number of canceled uploaded snapshots",
    ),
    dataDownloadSuccess: counter(
      "data_download_success_total",
      "Total number of successful downloaded snapshots",
    ),
    dataDownloadFailure: counter(
      "data_download_failure_total",
      "Total number of failed downloaded snapshots",
    ),
    dataDownloadCancel: counter(
      "data_download_cancel_total",
      "Total number of canceled downloaded snapshots",
    ),
  };
}

/** Records a completed pod volume backup's latency in the histogram and the gauge. */
export function observeOperation(metrics: NodeAgentMetrics, op: FinishedOperation): void {
  const labels = {
    node: op.node,
    operation: op.operation,
    backupName: op.backupName,
    pod_volume_backup: op.podVolumeBackup,
  };
  metrics.operationLatency.observe(labels, op.seconds);
  metrics.operationLatencyGauge.set(labels, op.seconds);
}
