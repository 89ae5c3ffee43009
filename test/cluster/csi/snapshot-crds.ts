// The CustomResourceDefinitions of snapshot.storage.k8s.io/v1 as a cluster with the CSI
// external-snapshotter installed serves them (same names, scopes, fields, validation and printer
// columns; descriptions in this project's words), and the default VolumeSnapshotClass.
import type { KubeObject } from "../cluster-api.js";
import type { StructuralSchema } from "../validation/structural-schema.js";
import {
  DEFAULT_SNAPSHOT_CLASS,
  LOCAL_CSI_DRIVER,
  SNAPSHOT_API_VERSION,
  SNAPSHOT_GROUP,
  snapshotAnnotations,
  VELERO_SNAPSHOT_CLASS_LABEL,
  type VolumeSnapshotClass,
} from "./snapshot-types.js";

type Schema = Omit<StructuralSchema, "properties" | "additionalProperties" | "oneOf"> & {
  readonly description?: string;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: Schema;
  readonly oneOf?: readonly Schema[];
};
type Column = { name: string; type: string; jsonPath: string; description?: string };

const text = (description: string): Schema => ({ type: "string", description });
const object = (description: string, properties: Record<string, Schema>): Schema => ({
  type: "object",
  description,
  properties,
});
const QUANTITY =
  "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

const typeMeta: Record<string, Schema> = {
  apiVersion: text("The versioned schema of this representation of the object."),
  kind: text("The REST resource this object represents."),
  metadata: { type: "object" },
};

const snapshotError = object("The last error seen while taking or binding the snapshot.", {
  message: text("What went wrong (safe to log)."),
  time: { type: "string", format: "date-time", description: "When it went wrong." },
});

const age: Column = { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" };

function crd(options: {
  plural: string;
  kind: string;
  shortNames: string[];
  scope: "Namespaced" | "Cluster";
  columns: Column[];
  schema: Schema;
  status: boolean;
}): KubeObject {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${options.plural}.${SNAPSHOT_GROUP}` },
    spec: {
      group: SNAPSHOT_GROUP,
      names: {
        kind: options.kind,
        listKind: `${options.kind}List`,
        plural: options.plural,
        singular: options.kind.toLowerCase(),
        shortNames: options.shortNames,
      },
      scope: options.scope,
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          additionalPrinterColumns: options.columns,
          schema: { openAPIV3Schema: options.schema },
          subresources: options.status ? { status: {} } : {},
        },
      ],
    },
  };
}

const volumeSnapshotSchema: Schema = {
  type: "object",
  description: "A request to snapshot a claim, or to use a snapshot that already exists.",
  required: ["spec"],
  properties: {
    ...typeMeta,
    spec: {
      ...object("What to snapshot and how.", {
        source: {
          ...object("Where the snapshot comes from; immutable.", {
            persistentVolumeClaimName: text(
              "A claim in the snapshot's namespace to take a new snapshot of.",
            ),
            volumeSnapshotContentName: text(
              "An existing VolumeSnapshotContent this snapshot stands for.",
            ),
          }),
          oneOf: [
            { required: ["persistentVolumeClaimName"] },
            { required: ["volumeSnapshotContentName"] },
          ],
        },
        volumeSnapshotClassName: text(
          "The VolumeSnapshotClass to use; unset means the default class of the claim's driver.",
        ),
      }),
      required: ["source"],
    },
    status: object(
      "What the controller observed; check that snapshot and content name each other.",
      {
        boundVolumeSnapshotContentName: text(
          "The VolumeSnapshotContent this snapshot is bound to.",
        ),
        creationTime: {
          type: "string",
          format: "date-time",
          description: "When the storage system took the point-in-time snapshot.",
        },
        error: snapshotError,
        readyToUse: { type: "boolean", description: "True once a volume can be restored from it." },
        restoreSize: {
          description: "The smallest volume the snapshot can be restored into.",
          pattern: QUANTITY,
          "x-kubernetes-int-or-string": true,
        },
        volumeGroupSnapshotName: text("The group snapshot this snapshot belongs to, if any."),
      },
    ),
  },
};

const objectReference = object("The VolumeSnapshot this content is bound to; immutable.", {
  apiVersion: text("API version of the referent."),
  fieldPath: text("A field of the referent, when the reference is to part of it."),
  kind: text("Kind of the referent."),
  name: text("Name of the referent."),
  namespace: text("Namespace of the referent."),
  resourceVersion: text("The referent's resourceVersion this reference was made at."),
  uid: text("UID of the referent."),
});

const volumeSnapshotContentSchema: Schema = {
  type: "object",
  description: "One snapshot on the storage system, as the cluster sees it.",
  required: ["spec"],
  properties: {
    ...typeMeta,
    spec: {
      ...object("The snapshot's source, driver and fate.", {
        deletionPolicy: {
          type: "string",
          enum: ["Delete", "Retain"],
          description:
            "Delete removes this content and the stored snapshot when its VolumeSnapshot goes; Retain keeps both.",
        },
        driver: text("The CSI driver that owns the snapshot."),
        source: {
          ...object("Take a new snapshot of a volume, or represent an existing one; immutable.", {
            snapshotHandle: text("The driver's id of an existing snapshot."),
            volumeHandle: text("The driver's id of the volume to snapshot."),
          }),
          oneOf: [{ required: ["snapshotHandle"] }, { required: ["volumeHandle"] }],
        },
        sourceVolumeMode: text("Filesystem or Block: the mode of the snapshotted volume."),
        volumeSnapshotClassName: text("The VolumeSnapshotClass the snapshot was taken with."),
        volumeSnapshotRef: objectReference,
      }),
      required: ["deletionPolicy", "driver", "source", "volumeSnapshotRef"],
    },
    status: object("What the driver reported.", {
      creationTime: {
        type: "integer",
        format: "int64",
        description: "When the snapshot was taken, in Unix nanoseconds.",
      },
      error: snapshotError,
      readyToUse: { type: "boolean", description: "True once a volume can be restored from it." },
      restoreSize: {
        type: "integer",
        format: "int64",
        minimum: 0,
        description: "The snapshot's full size in bytes.",
      },
      snapshotHandle: text("The driver's id of the snapshot; unset while it is being taken."),
      volumeGroupSnapshotHandle: text("The driver's id of the group snapshot, if any."),
    }),
  },
};

const volumeSnapshotClassSchema: Schema = {
  type: "object",
  description: "Settings a driver uses to take snapshots; named by VolumeSnapshots.",
  required: ["deletionPolicy", "driver"],
  properties: {
    ...typeMeta,
    deletionPolicy: {
      type: "string",
      enum: ["Delete", "Retain"],
      description: "The deletionPolicy of the contents of snapshots taken with this class.",
    },
    driver: text("The CSI driver this class is for."),
    parameters: {
      type: "object",
      additionalProperties: { type: "string" },
      description: "Driver-specific settings, opaque to Kubernetes.",
    },
  },
};

/** The three snapshot.storage.k8s.io CRDs (v1 served and stored). */
export const snapshotCrds: readonly KubeObject[] = [
  crd({
    plural: "volumesnapshotclasses",
    kind: "VolumeSnapshotClass",
    shortNames: ["vsclass", "vsclasses"],
    scope: "Cluster",
    status: false,
    schema: volumeSnapshotClassSchema,
    columns: [
      { name: "Driver", type: "string", jsonPath: ".driver" },
      { name: "DeletionPolicy", type: "string", jsonPath: ".deletionPolicy" },
      age,
    ],
  }),
  crd({
    plural: "volumesnapshotcontents",
    kind: "VolumeSnapshotContent",
    shortNames: ["vsc", "vscs"],
    scope: "Cluster",
    status: true,
    schema: volumeSnapshotContentSchema,
    columns: [
      { name: "ReadyToUse", type: "boolean", jsonPath: ".status.readyToUse" },
      { name: "RestoreSize", type: "integer", jsonPath: ".status.restoreSize" },
      { name: "DeletionPolicy", type: "string", jsonPath: ".spec.deletionPolicy" },
      { name: "Driver", type: "string", jsonPath: ".spec.driver" },
      { name: "VolumeSnapshotClass", type: "string", jsonPath: ".spec.volumeSnapshotClassName" },
      { name: "VolumeSnapshot", type: "string", jsonPath: ".spec.volumeSnapshotRef.name" },
      {
        name: "VolumeSnapshotNamespace",
        type: "string",
        jsonPath: ".spec.volumeSnapshotRef.namespace",
      },
      age,
    ],
  }),
  crd({
    plural: "volumesnapshots",
    kind: "VolumeSnapshot",
    shortNames: ["vs"],
    scope: "Namespaced",
    status: true,
    schema: volumeSnapshotSchema,
    columns: [
      { name: "ReadyToUse", type: "boolean", jsonPath: ".status.readyToUse" },
      { name: "SourcePVC", type: "string", jsonPath: ".spec.source.persistentVolumeClaimName" },
      {
        name: "SourceSnapshotContent",
        type: "string",
        jsonPath: ".spec.source.volumeSnapshotContentName",
      },
      { name: "RestoreSize", type: "string", jsonPath: ".status.restoreSize" },
      { name: "SnapshotClass", type: "string", jsonPath: ".spec.volumeSnapshotClassName" },
      {
        name: "SnapshotContent",
        type: "string",
        jsonPath: ".status.boundVolumeSnapshotContentName",
      },
      { name: "CreationTime", type: "date", jsonPath: ".status.creationTime" },
      age,
    ],
  }),
];

/**
 * The default VolumeSnapshotClass: driver `local.csi.test`, deletionPolicy Delete, the driver's
 * default class, and labelled for Velero.
 */
export function defaultSnapshotClass(): VolumeSnapshotClass {
  return {
    apiVersion: SNAPSHOT_API_VERSION,
    kind: "VolumeSnapshotClass",
    metadata: {
      name: DEFAULT_SNAPSHOT_CLASS,
      labels: { [VELERO_SNAPSHOT_CLASS_LABEL]: "true" },
      annotations: { [snapshotAnnotations.isDefaultClass]: "true" },
    },
    driver: LOCAL_CSI_DRIVER,
    deletionPolicy: "Delete",
  };
}
