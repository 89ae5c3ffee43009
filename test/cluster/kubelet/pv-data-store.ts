// Keeps each PersistentVolume's contents on disk for as long as the PV exists: in
// `<dataDir>/volumes/<pv>` while unused, moved (renamed, same filesystem) into the mount
// directory of the pod using it, and moved back when that pod goes. A second simultaneous user
// gets a relative symlink to the first user's directory (a documented limitation: a symlink
// that points into another node's root does not resolve inside that node's sandboxes); when
// the holder leaves, the data moves to the next user and the other links are re-pointed.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import { pvStoreDir } from "./kubelet-paths.js";

interface PvState {
  holder: string | undefined;
  readonly links: Set<string>;
  deleted: boolean;
}

/** See the file comment. All operations are synchronous, so they never interleave. */
export class PvDataStore {
  private readonly states = new Map<string, PvState>();
  /** The cluster's data directory (`volumes/` holds the PVs, other stores may sit beside it). */
  readonly dataDir: string;

  constructor(dataDir: string) {
    this.dataDir = dataDir;
  }

  /** The directory holding the PV's data while it is not mounted. */
  storeDir(pvName: string): string {
    return pvStoreDir(this.dataDir, pvName);
  }

  /** Creates the (empty) data directory of a new PV; no-op when it has data already. */
  create(pvName: string): void {
    if (this.state(pvName).holder !== undefined) return;
    mkdirSync(this.storeDir(pvName), { recursive: true });
  }

  /** Where the PV's data is right now: its holder's mount directory or the store directory. */
  location(pvName: string): string {
    return this.states.get(pvName)?.holder ?? this.storeDir(pvName);
  }

  /** Makes the PV's data appear at `target` (idempotent). */
  mount(pvName: string, target: string): void {
    const state = this.state(pvName);
    if (state.holder === target || state.links.has(target)) return;
    mkdirSync(dirname(target), { recursive: true });
    if (state.holder === undefined) {
      if (existsSync(this.storeDir(pvName))) renameSync(this.storeDir(pvName), target);
      else mkdirSync(target, { recursive: true });
      state.holder = target;
      return;
    }
    rmSync(target, { recursive: true, force: true });
    symlinkSync(relative(dirname(target), state.holder), target);
    state.links.add(target);
  }

  /** Takes the PV's data away from `target`: back to the store, or on to another user. */
  unmount(pvName: string, target: string): void {
    const state = this.states.get(pvName);
    if (state === undefined) return;
    if (state.links.delete(target)) {
      rmSync(target, { force: true });
      return;
    }
    if (state.holder !== target) return;
    const next = state.links.values().next();
    if (next.done !== true) {
      this.promote(state, next.value);
      return;
    }
    state.holder = undefined;
    if (state.deleted) rmSync(target, { recursive: true, force: true });
    else {
      mkdirSync(dirname(this.storeDir(pvName)), { recursive: true });
      renameSync(target, this.storeDir(pvName));
    }
    this.states.delete(pvName);
  }

  /** Deletes the PV's data now, or when its last user unmounts it. */
  remove(pvName: string): void {
    const state = this.state(pvName);
    if (state.holder !== undefined) {
      state.deleted = true;
      return;
    }
    rmSync(this.storeDir(pvName), { recursive: true, force: true });
    this.states.delete(pvName);
  }

  /**
   * Re-learns, after a restart, that `target` (found on disk in a pod directory) holds or
   * links to the PV's data.
   */
  recover(pvName: string, target: string): void {
    const state = this.state(pvName);
    if (lstatSync(target).isSymbolicLink()) state.links.add(target);
    else state.holder = target;
  }

  /** PV names with data in the store directory (for start-up reconciliation). */
  storedVolumes(): string[] {
    const root = join(this.dataDir, "volumes");
    return existsSync(root) ? readdirSync(root) : [];
  }

  private promote(state: PvState, next: string): void {
    const holder = state.holder ?? "";
    state.links.delete(next);
    unlinkSync(next);
    renameSync(holder, next);
    state.holder = next;
    for (const link of state.links) {
      unlinkSync(link);
      symlinkSync(relative(dirname(link), next), link);
    }
  }

  private state(pvName: string): PvState {
    let state = this.states.get(pvName);
    if (state === undefined) {
      state = { holder: undefined, links: new Set(), deleted: false };
      this.states.set(pvName, state);
    }
    return state;
  }
}
