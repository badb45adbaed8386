/**
 * gunzip of one gzip stream on a worker thread of its own, for an unpack of a layer other
 * tools made (umoci, skopeo, Docker: one deflate stream, inflated on one core).
 *
 * Why not zlib's stream on the main thread's pool: each of its output chunks is a round
 * trip through the main thread, which starts the next inflate only when it gets back to
 * its event loop — and an unpack's main thread sits in long synchronous passes creating
 * files. Measured on umoci's small-files layer (64 MB, 190 MB of tar, 2 cores shared with
 * other work): the pool thread spent ~0.3-0.5 s inflating, but its 1000 round trips took
 * ~1.3-2 s from request to result, and the main thread waited ~50% of the unpack for
 * inflated bytes while the writing thread sat idle as long. Here the same zlib stream runs on a worker whose event
 * loop does nothing else, so the next inflate starts at once; it runs ahead by up to
 * OUT_SLOTS chunks, which the main thread takes when it is ready.
 *
 * Bytes travel through two rings of shared memory (compressed in, inflated out), each slot
 * handed back once its reader is done: no buffer per chunk. Handing each chunk's own buffer
 * over instead (a transfer) took the unpack's peak RSS from ~120 to ~175 MB: memory
 * allocated on one thread and freed on the other piles up in the allocator.
 *
 * The bytes and errors are zlib's own (the same Gunzip, CRC-32 and size checks, members
 * read back to back, trailing zeros accepted): only where it runs changes.
 */
import { Worker } from 'node:worker_threads';

/** Bytes per slot of the inflated ring: zlib's output chunk, ~1 ms of inflate. */
const CHUNK = 256 * 1024;
/** Slots of the inflated ring: 4 MiB of lead, ~10 ms of the main thread's work. */
const OUT_SLOTS = 16;
/** Bytes per slot of the compressed ring (a layer is read 256 KiB at a time). */
const IN_SLOT = 256 * 1024;
/**
 * Slots of the compressed ring: 2 MiB, ~6 MB of inflated lead. The main thread refills it
 * only when it gets back to its event loop: with 2 slots the inflating thread sat without
 * input for 0.35-0.6 s of an unpack of umoci's small-files layer, with 8 for 0.06-0.19 s
 * (its ring of inflated chunks full instead, for 0.2-0.4 s: waiting for the main thread).
 */
const IN_SLOTS = 8;

// process.getBuiltinModule, not require: eval'd code is read as ES module when the process
// runs with --input-type=module (a worker inherits execArgv), where require is undefined.
const WORKER_SOURCE = `
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const zlib = process.getBuiltinModule('node:zlib');
const input = Buffer.from(workerData.input);
const output = Buffer.from(workerData.output);
const z = zlib.createGunzip({ chunkSize: ${CHUNK} });
const free = Array.from({ length: ${OUT_SLOTS} }, (_, i) => i);
const waiting = [];
let paused = false;
let ended = false;
function place() {
  while (waiting.length > 0 && free.length > 0) {
    const c = waiting.shift();
    const slot = free.shift();
    c.copy(output, slot * ${CHUNK});
    parentPort.postMessage(slot * ${CHUNK} + c.length);
    // zlib takes a new output buffer once one is full: this one is garbage, freed now
    // rather than at a collection of this thread (V8 lets ~64 MB of it pile up).
    if (c.byteOffset + c.length === c.buffer.byteLength && c.buffer.byteLength === ${CHUNK}) c.buffer.transfer(0);
  }
  if (waiting.length > 0 && !paused) {
    paused = true;
    z.pause();
  } else if (waiting.length === 0 && paused) {
    paused = false;
    z.resume();
  }
  if (ended && waiting.length === 0) {
    ended = false;
    parentPort.postMessage('end');
  }
}
z.on('data', (c) => {
  waiting.push(c);
  place();
});
z.on('end', () => {
  ended = true;
  place();
});
z.on('error', (e) => parentPort.postMessage({ error: e.message, code: e.code }));
parentPort.on('message', (m) => {
  if (m === 'end') z.end();
  else if (m.free !== undefined) {
    free.push(m.free);
    place();
  } else z.write(input.subarray(m.slot * ${IN_SLOT}, m.slot * ${IN_SLOT} + m.length), () => parentPort.postMessage({ took: m.slot }));
});
`;

/**
 * Gunzip `source` (one gzip stream, or several members back to back) on a worker thread;
 * yields the inflated bytes in order. A yielded chunk is a view of shared memory, valid
 * until the next is asked for (a consumer that keeps it must copy it). zlib's errors are
 * thrown as zlib throws them (an Error with zlib's code), the source's as they are. Costs
 * a thread start (~20-30 ms of CPU): for large layers.
 */
export async function* threadGunzip(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  const inMemory = new SharedArrayBuffer(IN_SLOT * IN_SLOTS);
  const outMemory = new SharedArrayBuffer(CHUNK * OUT_SLOTS);
  const input = Buffer.from(inMemory);
  const output = Buffer.from(outMemory);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { input: inMemory, output: outMemory } });
  /** Inflated chunks ready, as their end offsets in the ring (a chunk starts at its slot). */
  const ready: number[] = [];
  const freeIn = Array.from({ length: IN_SLOTS }, (_, i) => i);
  let ended = false;
  let stopped = false;
  let error: unknown;
  let wake: Array<() => void> = [];
  const changed = (): void => {
    const w = wake;
    wake = [];
    for (const f of w) f();
  };
  const next = (): Promise<void> => new Promise<void>((r) => wake.push(r));
  worker.on('message', (m: number | 'end' | { took: number } | { error: string; code?: string }) => {
    if (typeof m === 'number') ready.push(m);
    else if (m === 'end') ended = true;
    else if ('took' in m) freeIn.push(m.took);
    else error ??= Object.assign(new Error(m.error), m.code === undefined ? {} : { code: m.code });
    changed();
  });
  worker.on('error', (e) => {
    error ??= e;
    changed();
  });
  worker.on('exit', () => {
    error ??= new Error('the inflating thread exited');
    changed();
  });
  const feed = (async () => {
    for await (const c of source) {
      for (let off = 0; off < c.length; off += IN_SLOT) {
        while (freeIn.length === 0 && error === undefined && !stopped) await next();
        if (error !== undefined || stopped) return;
        const slot = freeIn.shift()!;
        const length = Math.min(IN_SLOT, c.length - off);
        input.set(c.subarray(off, off + length), slot * IN_SLOT);
        worker.postMessage({ slot, length });
      }
    }
    worker.postMessage('end');
  })().catch((e: unknown) => {
    error ??= e;
    changed();
  });
  try {
    for (;;) {
      const end = ready.shift();
      if (end !== undefined) {
        const slot = Math.floor((end - 1) / CHUNK);
        yield output.subarray(slot * CHUNK, end);
        worker.postMessage({ free: slot });
        continue;
      }
      if (error !== undefined) throw error;
      if (ended) break;
      await next();
    }
    await feed;
  } finally {
    stopped = true;
    changed();
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
