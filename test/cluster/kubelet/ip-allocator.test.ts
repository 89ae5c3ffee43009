import { test } from "node:test";
import assert from "node:assert/strict";
import { AddressesExhaustedError, IpAllocator } from "./ip-allocator.js";

test("pods get the lowest free address of the node's range, reused after release", () => {
  const ips = new IpAllocator("10.244.1.0/24");
  assert.equal(ips.cidr, "10.244.1.0/24");
  assert.equal(ips.allocate("a"), "10.244.1.2");
  assert.equal(ips.allocate("b"), "10.244.1.3");
  assert.equal(ips.allocate("a"), "10.244.1.2");
  ips.release("a");
  assert.equal(ips.allocate("c"), "10.244.1.2");
});

test("a known address is kept across a restart unless taken or outside the range", () => {
  const ips = new IpAllocator("10.244.0.0/24");
  assert.equal(ips.reserve("a", "10.244.0.9"), true);
  assert.equal(ips.allocate("a"), "10.244.0.9");
  assert.equal(ips.reserve("b", "10.244.0.9"), false);
  assert.equal(ips.reserve("b", "10.244.7.9"), false);
});

test("the range runs out after 253 pods", () => {
  const ips = new IpAllocator("10.244.0.0/24");
  for (let i = 0; i < 253; i++) ips.allocate(`p${i}`);
  assert.throws(() => ips.allocate("one-more"), AddressesExhaustedError);
});

test("only /24 ranges are accepted", () => {
  assert.throws(() => new IpAllocator("10.244.0.0/16"), RangeError);
});
