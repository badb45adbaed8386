/**
 * `run.mjs --check`: hold every result of a run to its target (DESIGN.md §6, and the
 * tighter goals the benches set) with a required margin, and print one table — work,
 * peer, median ratio and its spread over the runs, target, margin, peak RSS — under the
 * conditions of the run. A target met by less than the margin is a miss: a ratio that
 * passes by 2% on a quiet machine fails on the next one.
 */

const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '?');
const f0 = (x) => (Number.isFinite(x) ? x.toFixed(0) : '?');
const pct = (x) => (Number.isFinite(x) ? `${x >= 0 ? '' : '−'}${Math.abs(x * 100).toFixed(0)}%` : '?');

/**
 * How far below its ceiling a value is, as a fraction of the ceiling (0.25: 25% to spare;
 * negative: over). NaN when there is no ceiling.
 */
export function marginOf(value, ceiling) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return NaN; // not measured (null once through JSON)
  if (typeof ceiling !== 'number' || !Number.isFinite(ceiling) || ceiling <= 0) return NaN;
  return 1 - value / ceiling;
}

/**
 * One row per result, with `margin` (the smallest over its bounds: ratio or time, and peak
 * RSS) and `ok` = every bound met with at least `required` to spare. A size bound (bound(),
 * e.g. layer size ≤ 1.05× umoci's) is deterministic, not noisy: it needs no margin.
 *
 * @param {object[]} results compare() / single() / bound() results (bench/lib/measure.mjs)
 * @param {{required?: number}} options required margin (default 0.1, issue 11's "at least 10%")
 */
export function evaluate(results, { required = 0.1 } = {}) {
  return results.map((r) => {
    const bounds = [];
    if (r.limit !== undefined) bounds.push({ what: 'value', margin: marginOf(r.value, r.limit), need: 0 });
    if (r.target !== undefined) bounds.push({ what: 'ratio', margin: marginOf(r.ratio, r.target) });
    if (r.targetMs !== undefined) bounds.push({ what: 'time', margin: marginOf(r.oursMs, r.targetMs) });
    if (r.rssLimitMB !== undefined) bounds.push({ what: 'RSS', margin: marginOf(r.oursRssMB, r.rssLimitMB) });
    const worst = bounds.reduce((a, b) => (!(b.margin >= a.margin) ? b : a), bounds[0]);
    // NaN (a measurement that failed) never passes.
    const ok = bounds.every((b) => b.margin >= (b.need ?? required));
    return { result: r, margin: worst?.margin ?? NaN, limiting: worst?.what, ok, checked: bounds.length > 0 };
  });
}

/**
 * The floors of a run (results with `bounds`: a bare curl transfer, the CPU a piece of work
 * needs over the cores) beside the target each bounds: what that target asks with the
 * margin, and whether the floor lets any tool meet it on this machine (`reachable`: the
 * floor is at or under what is asked). A floor whose row is not in the run is left out.
 */
export function floors(results, { required = 0.1 } = {}) {
  const out = [];
  for (const f of results) {
    if (f.bounds === undefined) continue;
    const row = results.find((r) => r.name === f.bounds && r.target !== undefined);
    if (row === undefined) continue;
    const asked = row.target * (1 - required);
    out.push({ floor: f, row, asked, reachable: Number.isFinite(f.ratio) && f.ratio <= asked });
  }
  return out;
}

/** The table of a checked run (Markdown), preceded by its conditions. */
export function formatCheck(rows, { conditions = [], required = 0.1 } = {}) {
  const under = floors(rows.map((r) => r.result), { required });
  const out = conditions.map((c) => `- ${c}`);
  out.push(`- required margin below every target: ${pct(required)}`, '');
  out.push('| work | peer | ratio (median) | spread over runs | target | margin | peak RSS MB | ok |', '|---|---|---:|---|---|---:|---:|---|');
  for (const { result: r, margin, limiting, ok, checked } of rows) {
    let ratio = '';
    let spread = '';
    let target = '';
    if (r.limit !== undefined) {
      ratio = `${f2(r.value)}${r.unit}`;
      spread = r.spread ? `${f2(r.spread[0])}–${f2(r.spread[1])}` : '';
      target = `≤ ${r.limit}${r.unit}`;
    } else if (r.peerMs !== undefined) {
      ratio = `${f2(r.ratio)} (${f0(r.oursMs)}/${f0(r.peerMs)} ms)`;
      spread = r.spread ? `${f2(r.spread[0])}–${f2(r.spread[1])}` : '';
      target = r.target !== undefined ? `≤ ${r.target}×` : '';
    } else {
      ratio = `${f0(r.oursMs)} ms`;
      spread = r.spreadMs ? `${f0(r.spreadMs[0])}–${f0(r.spreadMs[1])} ms` : '';
      target = r.targetMs !== undefined ? `≤ ${r.targetMs} ms` : '';
    }
    if (r.rssLimitMB !== undefined) target += `${target ? ', ' : ''}RSS ≤ ${r.rssLimitMB}`;
    const rss = r.oursRssMB !== undefined ? f0(r.oursRssMB) : '';
    const m = checked ? `${pct(margin)}${limiting === 'RSS' ? ' (RSS)' : ''}` : '';
    out.push(`| ${r.name} | ${r.peer ?? ''} | ${ratio} | ${spread} | ${target} | ${m} | ${rss} | ${!checked ? '—' : ok ? 'yes' : 'MISS'} |`);
  }
  if (under.length > 0) {
    out.push('', 'Floors (no tool goes under them on this machine), beside the target each bounds:');
    for (const { floor, row, asked, reachable } of under) {
      out.push(
        `- ${row.name}: asks ≤ ${f2(asked)}× with the margin, at ${f2(row.ratio)}×; its floor (${floor.name}) is ${f2(floor.ratio)}×: ${reachable ? 'within reach' : 'out of reach here'}`,
      );
    }
  }
  return out.join('\n');
}
