/**
 * Keeps the CLI's memory near what the analysis really holds. Reading a large log allocates many
 * short-lived objects (a line, its record, its events); the few that live through two young collections
 * (samples the flow keeps for a while) pile up in the old generation, and V8 lets that grow to several
 * times the live set (≈15 MB here) before a full collection, at a moment that varies from run to run: the
 * peak RSS on the 1 GB benchmark log was 128–156 MB. A full collection after every 64 MB of input (a few
 * ms each, about 1 % of the time) makes it 114 MB, run after run. The collector is reached by turning on
 * --expose-gc at run time (v8.setFlagsFromString) and taking `gc` from a new context; where that fails,
 * nothing happens.
 */
import v8 from "node:v8";
import vm from "node:vm";

const EVERY = 64 << 20;

let gc: (() => void) | null | undefined;

/** the full collection, or null where it cannot be had */
export function collector(): (() => void) | null {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString("--expose-gc");
      const f: unknown = vm.runInNewContext("gc");
      gc = typeof f === "function" ? (f as () => void) : null;
    } catch {
      gc = null;
    }
  }
  return gc;
}

/** Counts bytes read; collects garbage after every 64 MB. */
export class MemoryBound {
  private since = 0;

  /** `collect`: for the tests */
  constructor(private readonly collect: (() => void) | null = collector()) {}

  read(bytes: number): void {
    this.since += bytes;
    if (this.since < EVERY) return;
    this.since = 0;
    this.collect?.();
  }
}
