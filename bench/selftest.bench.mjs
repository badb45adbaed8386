/**
 * The runner checking itself: `tar -cf` beside `tar -czf` of the small-files tree, and a
 * cold start of the CLI. Cheap; shows the output format.
 */
export default async function ({ compare, single, workloads, NODE }) {
  const tree = await workloads.smallFiles();
  const out = await workloads.scratch('selftest');
  await compare({
    name: 'tar -c vs tar -cz (small files)',
    ours: { argv: ['tar', '-cf', `${out}/a.tar`, '-C', tree.dir, '.'] },
    peer: { argv: ['tar', '-czf', `${out}/a.tgz`, '-C', tree.dir, '.'] },
    runs: 3,
  });
  await single({ name: 'node startup', ours: { argv: [NODE, '-e', '0'] }, ms: 300, rssMB: 150 });
}
