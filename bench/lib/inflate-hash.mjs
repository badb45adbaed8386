/**
 * One part of the unpack floor (unpack.bench.mjs): inflate a gzip layer with Node's zlib
 * (the inflater the bundle ships; every member of a multi-member layer) and hash both the
 * compressed and the uncompressed bytes with SHA-256, as an unpack that verifies the blob
 * and its diff ID must, writing nothing. Prints `{"cpuMs": …, "bytes": …}`: the CPU time of
 * the work alone (process.cpuUsage from just before the first read: Node's start-up is not
 * counted).
 *
 *   node bench/lib/inflate-hash.mjs <layer.tar.gz>
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

const file = process.argv[2];
if (!file) {
  console.error('usage: inflate-hash.mjs <layer.tar.gz>');
  process.exit(2);
}
const start = process.cpuUsage();
const compressed = createHash('sha256');
const uncompressed = createHash('sha256');
let bytes = 0;
const gunzip = createGunzip({ chunkSize: 1 << 20 });
const input = createReadStream(file, { highWaterMark: 1 << 20 });
input.on('data', (c) => compressed.update(c));
input.pipe(gunzip);
for await (const chunk of gunzip) {
  uncompressed.update(chunk);
  bytes += chunk.length;
}
compressed.digest();
uncompressed.digest();
const used = process.cpuUsage(start);
console.log(JSON.stringify({ cpuMs: (used.user + used.system) / 1000, bytes }));
