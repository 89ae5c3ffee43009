import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApiError } from "../cluster-api.js";
import { decodeProtobufObject } from "./protobuf-object.js";

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

function bytesField(number: number, data: Buffer | string): Buffer {
  const body = typeof data === "string" ? Buffer.from(data) : data;
  return Buffer.concat([varint((number << 3) | 2), varint(body.length), body]);
}

function varintField(number: number, value: number): Buffer {
  return Buffer.concat([varint(number << 3), varint(value)]);
}

function envelope(apiVersion: string, kind: string, raw: Buffer): Buffer {
  const typeMeta = Buffer.concat([bytesField(1, apiVersion), bytesField(2, kind)]);
  return Buffer.concat([
    Buffer.from("k8s\0", "latin1"),
    bytesField(1, typeMeta),
    bytesField(2, raw),
  ]);
}

function mapEntry(number: number, key: string, value: Buffer | string): Buffer {
  return bytesField(number, Buffer.concat([bytesField(1, key), bytesField(2, value)]));
}

describe("protobuf request bodies", () => {
  it("decodes a ConfigMap with metadata, labels, string data and binary data", () => {
    const metadata = Buffer.concat([
      bytesField(1, "cm"),
      bytesField(2, ""),
      bytesField(3, "ns"),
      varintField(7, 0),
      mapEntry(11, "app", "web"),
    ]);
    const raw = Buffer.concat([
      bytesField(1, metadata),
      mapEntry(2, "k", "v"),
      mapEntry(3, "bin", Buffer.from([1, 2])),
    ]);
    assert.deepEqual(decodeProtobufObject(envelope("v1", "ConfigMap", raw)), {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "cm", namespace: "ns", labels: { app: "web" } },
      data: { k: "v" },
      binaryData: { bin: "AQI=" },
    });
  });

  it("decodes a Deployment's replicas (even 0), template containers, ports and IntOrString", () => {
    const port = Buffer.concat([bytesField(1, ""), varintField(3, 80), bytesField(4, "TCP")]);
    const container = Buffer.concat([
      bytesField(1, "nginx"),
      bytesField(2, "nginx:1"),
      bytesField(6, port),
      bytesField(8, Buffer.alloc(0)),
    ]);
    const podSpec = bytesField(2, container);
    const template = Buffer.concat([
      bytesField(1, mapEntry(11, "app", "x")),
      bytesField(2, podSpec),
    ]);
    const maxSurge = Buffer.concat([varintField(1, 1), bytesField(3, "25%")]);
    const strategy = Buffer.concat([
      bytesField(1, "RollingUpdate"),
      bytesField(2, bytesField(2, maxSurge)),
    ]);
    const spec = Buffer.concat([
      varintField(1, 0),
      bytesField(3, template),
      bytesField(4, strategy),
    ]);
    const raw = Buffer.concat([
      bytesField(1, bytesField(1, "d")),
      bytesField(2, spec),
      bytesField(3, Buffer.alloc(0)),
    ]);
    const decoded = decodeProtobufObject(envelope("apps/v1", "Deployment", raw)) as {
      spec: Record<string, unknown>;
    };
    assert.deepEqual(decoded.spec, {
      replicas: 0,
      template: {
        metadata: { labels: { app: "x" } },
        spec: {
          containers: [
            {
              name: "nginx",
              image: "nginx:1",
              ports: [{ containerPort: 80, protocol: "TCP" }],
              resources: {},
            },
          ],
        },
      },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%" } },
    });
  });

  it("answers kinds without a field table with 415", () => {
    assert.throws(
      () => decodeProtobufObject(envelope("storage.k8s.io/v1", "StorageClass", Buffer.alloc(0))),
      (error) =>
        error instanceof ApiError &&
        error.code === 415 &&
        /StorageClass in storage\.k8s\.io\/v1/.test(error.message),
    );
  });

  it("answers truncated data and a missing magic prefix with 400", () => {
    assert.throws(
      () => decodeProtobufObject(Buffer.from("{}")),
      (error) => error instanceof ApiError && error.code === 400,
    );
    const truncated = envelope("v1", "ConfigMap", bytesField(1, bytesField(1, "cm"))).subarray(
      0,
      20,
    );
    assert.throws(
      () => decodeProtobufObject(truncated),
      (error) => error instanceof ApiError && error.code === 400,
    );
  });
});
