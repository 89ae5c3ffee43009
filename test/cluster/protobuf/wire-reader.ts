// The protobuf wire format, read field by field: varints (as BigInt when large), 64- and 32-bit
// fixed values and length-delimited bytes.

/** One field as it appears on the wire. */
export type WireField =
  | { readonly number: number; readonly wire: 0; readonly value: bigint }
  | { readonly number: number; readonly wire: 1 | 5; readonly value: Buffer }
  | { readonly number: number; readonly wire: 2; readonly value: Buffer };

/** Thrown for truncated or malformed protobuf data. */
export class ProtobufError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtobufError";
  }
}

/** Reads a varint at `offset`; returns the value and the offset after it. */
export function readVarint(data: Buffer, offset: number): { value: bigint; next: number } {
  let result = 0n;
  let shift = 0n;
  let position = offset;
  for (;;) {
    if (position >= data.length) throw new ProtobufError("truncated varint");
    const byte = data[position] ?? 0;
    position += 1;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return { value: result, next: position };
    shift += 7n;
    if (shift > 63n) throw new ProtobufError("varint too long");
  }
}

function take(data: Buffer, offset: number, length: number): Buffer {
  if (offset + length > data.length) throw new ProtobufError("truncated field");
  return data.subarray(offset, offset + length);
}

/** Every field of one message, in wire order. */
export function readFields(data: Buffer): WireField[] {
  const fields: WireField[] = [];
  let offset = 0;
  while (offset < data.length) {
    const tag = readVarint(data, offset);
    offset = tag.next;
    const number = Number(tag.value >> 3n);
    const wire = Number(tag.value & 7n);
    if (wire === 0) {
      const varint = readVarint(data, offset);
      fields.push({ number, wire, value: varint.value });
      offset = varint.next;
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      fields.push({ number, wire, value: take(data, offset, size) });
      offset += size;
    } else if (wire === 2) {
      const length = readVarint(data, offset);
      fields.push({ number, wire, value: take(data, length.next, Number(length.value)) });
      offset = length.next + Number(length.value);
    } else throw new ProtobufError(`unsupported wire type ${wire}`);
  }
  return fields;
}
