// The Go struct layouts of the bucket's side-file records (Velero's itemoperation, volume
// and results packages): field names, order, types and omitempty, as encoding/json sees them.
import type { GoStruct } from "./go-struct.js";

const str = { kind: "string" } as const;
const strOmit = { kind: "string", omitEmpty: true } as const;
const int = { kind: "int" } as const;
const intOmit = { kind: "int", omitEmpty: true } as const;
const bool = { kind: "bool" } as const;
const time = { kind: "time" } as const;
const pointer = (layout: GoStruct) => ({ kind: "struct", layout, pointer: true }) as const;

export const resultLayout: GoStruct = [
  ["velero", { kind: "stringList", omitEmpty: true }],
  ["cluster", { kind: "stringList", omitEmpty: true }],
  ["namespaces", { kind: "listMap", omitEmpty: true }],
];

export const snapshotLayout: GoStruct = [
  [
    "spec",
    {
      kind: "struct",
      layout: [
        ["backupName", str],
        ["backupUID", str],
        ["location", str],
        ["persistentVolumeName", str],
        ["providerVolumeID", str],
        ["volumeType", str],
        ["volumeAZ", strOmit],
        ["volumeIOPS", { kind: "optionalInt" }],
      ],
    },
  ],
  [
    "status",
    {
      kind: "struct",
      layout: [
        ["providerSnapshotID", strOmit],
        ["phase", strOmit],
      ],
    },
  ],
];

const resourceIdentifierLayout: GoStruct = [
  ["Group", str],
  ["Resource", str],
  ["Namespace", str],
  ["Name", str],
];
const identifier = { kind: "struct", layout: resourceIdentifierLayout } as const;

const operationStatusLayout: GoStruct = [
  ["phase", strOmit],
  ["error", strOmit],
  ["nCompleted", intOmit],
  ["nTotal", intOmit],
  ["operationUnits", strOmit],
  ["description", strOmit],
  ["created", time],
  ["started", time],
  ["updated", time],
];
const operationStatus = { kind: "struct", layout: operationStatusLayout } as const;

export const backupOperationLayout: GoStruct = [
  [
    "spec",
    {
      kind: "struct",
      layout: [
        ["backupName", str],
        ["backupUID", str],
        ["backupItemAction", str],
        ["resourceIdentifier", identifier],
        ["operationID", str],
        ["postOperationItems", { kind: "structList", layout: resourceIdentifierLayout }],
      ],
    },
  ],
  ["status", operationStatus],
];

export const restoreOperationLayout: GoStruct = [
  [
    "spec",
    {
      kind: "struct",
      layout: [
        ["restoreName", str],
        ["restoreUID", str],
        ["restoreItemAction", str],
        ["resourceIdentifier", identifier],
        ["operationID", str],
      ],
    },
  ],
  ["status", operationStatus],
];

const csiSnapshotInfo = pointer([
  ["snapshotHandle", str],
  ["size", int],
  ["driver", str],
  ["vscName", str],
  ["operationID", strOmit],
  ["ReadyToUse", { kind: "nullableBool" }],
  ["volumeGroupSnapshotHandle", strOmit],
]);
const dataMovementInfo = pointer([
  ["dataMover", str],
  ["uploaderType", str],
  ["retainedSnapshot", strOmit],
  ["snapshotHandle", str],
  ["operationID", str],
  ["size", int],
  ["incrementalSize", intOmit],
  ["Phase", str],
]);
const nativeSnapshotInfo = pointer([
  ["snapshotHandle", str],
  ["volumeType", str],
  ["volumeAZ", str],
  ["iops", str],
  ["Phase", str],
]);
const podVolumeInfo = pointer([
  ["snapshotHandle", strOmit],
  ["size", intOmit],
  ["incrementalSize", intOmit],
  ["uploaderType", str],
  ["volumeName", str],
  ["podName", str],
  ["podNamespace", str],
  ["nodeName", strOmit],
  ["Phase", str],
]);

export const backupVolumeInfoLayout: GoStruct = [
  ["pvcName", strOmit],
  ["pvcNamespace", strOmit],
  ["pvName", strOmit],
  ["backupMethod", strOmit],
  ["snapshotDataMoved", bool],
  ["preserveLocalSnapshot", bool],
  ["skipped", bool],
  ["skippedReason", strOmit],
  ["startTimestamp", time],
  ["completionTimestamp", time],
  ["result", strOmit],
  ["csiSnapshotInfo", csiSnapshotInfo],
  ["snapshotDataMovementInfo", dataMovementInfo],
  ["nativeSnapshotInfo", nativeSnapshotInfo],
  ["pvbInfo", podVolumeInfo],
  [
    "pvInfo",
    pointer([
      ["reclaimPolicy", str],
      ["labels", { kind: "stringMap" }],
    ]),
  ],
];

export const restoreVolumeInfoLayout: GoStruct = [
  ["pvcName", strOmit],
  ["pvcNamespace", strOmit],
  ["pvName", strOmit],
  ["restoreMethod", strOmit],
  ["snapshotDataMoved", bool],
  ["csiSnapshotInfo", csiSnapshotInfo],
  ["snapshotDataMovementInfo", dataMovementInfo],
  ["nativeSnapshotInfo", nativeSnapshotInfo],
  ["pvrInfo", podVolumeInfo],
];
