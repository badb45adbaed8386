/** Small formatting helpers shared by the logs, the job summary and the CLI. */

/** `1.50 MB`-style sizes (decimal units, as registries and the Actions UI show them). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '?';
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${units[i]}`;
}

/** `sha256:0123456789ab` — a digest shortened for tables and log lines. */
export function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  return colon < 0 ? digest : digest.slice(0, colon + 13);
}
