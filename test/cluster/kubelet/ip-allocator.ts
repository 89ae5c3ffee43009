// Pod IPs from a node's /24 pod CIDR, as a CNI's host-local IPAM hands them out: the lowest
// free address from .2 up, reserved for a pod uid until released.

/** Thrown when all addresses of the range are in use. */
export class AddressesExhaustedError extends Error {
  constructor(cidr: string) {
    super(`no free pod IP left in ${cidr}`);
    this.name = "AddressesExhaustedError";
  }
}

/** See the file comment. */
export class IpAllocator {
  readonly cidr: string;
  private readonly prefix: string;
  private readonly byUid = new Map<string, number>();
  private readonly used = new Set<number>();

  /** `cidr` is a /24 such as the node's `spec.podCIDR` (`10.244.1.0/24`). */
  constructor(cidr: string) {
    const match = /^(\d+\.\d+\.\d+)\.0\/24$/.exec(cidr);
    if (match === null) throw new RangeError(`pod CIDR ${cidr} is not a /24 network`);
    this.prefix = match[1] ?? "";
    this.cidr = cidr;
  }

  /** The pod's address (the same one again for the same uid). */
  allocate(uid: string): string {
    const existing = this.byUid.get(uid);
    if (existing !== undefined) return `${this.prefix}.${existing}`;
    for (let host = 2; host < 255; host++) {
      if (this.used.has(host)) continue;
      this.used.add(host);
      this.byUid.set(uid, host);
      return `${this.prefix}.${host}`;
    }
    throw new AddressesExhaustedError(this.cidr);
  }

  /** Keeps `ip` for `uid` (a pod that already had it before a restart); false when taken or foreign. */
  reserve(uid: string, ip: string): boolean {
    if (!ip.startsWith(`${this.prefix}.`)) return false;
    const host = Number(ip.slice(this.prefix.length + 1));
    if (!Number.isInteger(host) || this.used.has(host)) return false;
    this.used.add(host);
    this.byUid.set(uid, host);
    return true;
  }

  /** Frees the pod's address. */
  release(uid: string): void {
    const host = this.byUid.get(uid);
    if (host === undefined) return;
    this.byUid.delete(uid);
    this.used.delete(host);
  }
}
