/**
 * The index.json scanner (index-scan.ts) against JSON.parse: what it accepts, JSON.parse
 * accepts and reads the same; what it refuses as not JSON, JSON.parse refuses too; the
 * entries it hands out equal JSON.parse's; its candidates never miss an entry; a splice
 * keeps every untouched byte.
 */
import { describe, expect, test } from '@jest/globals';
import { sha256 } from '../../src/core/digest.js';
import { isOciError } from '../../src/core/errors.js';
import { scanIndex } from '../../src/core/index-scan.js';
import type { Descriptor, ImageIndex } from '../../src/core/types/oci.js';

const D1 = sha256('one');
const D2 = sha256('two');
const REF = 'org.opencontainers.image.ref.name';
const MT = 'application/vnd.oci.image.manifest.v1+json';
const CONTAINERD = 'io.containerd.image.name';

/** Scan `text` and check every entry and field against JSON.parse. */
function agrees(text: string): ReturnType<typeof scanIndex> {
  const bytes = Buffer.from(text, 'utf8');
  const scan = scanIndex(bytes, '/s/index.json');
  const parsed = JSON.parse(text) as ImageIndex;
  expect(scan.count).toBe(parsed.manifests.length);
  expect(scan.parse()).toEqual(parsed);
  parsed.manifests.forEach((d, i) => {
    expect(scan.entry(i)).toEqual(d);
    expect(scan.fields(i)).toEqual({ digest: d.digest, mediaType: d.mediaType, size: d.size });
    // Every name and digest finds its entry among the candidates.
    for (const v of [d.digest, ...(typeof d.annotations === 'object' ? Object.values(d.annotations ?? {}) : [])]) expect(scan.candidates(v)).toContain(i);
    // The entries at a digest: exactly JSON.parse's.
    expect(scan.withDigest(d.digest)).toEqual(parsed.manifests.flatMap((x, k) => (x.digest === d.digest ? [k] : [])));
    // A ref.name the scan states is JSON.parse's, and only where no containerd name decides the tag.
    const ref = scan.refName(i);
    if (ref !== null) {
      expect(ref).toBe(d.annotations?.[REF]);
      expect(d.annotations?.[CONTAINERD]).toBeUndefined();
    }
  });
  return scan;
}

function corrupt(text: string | Buffer): string {
  try {
    scanIndex(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'), '/s/index.json');
  } catch (e) {
    expect(isOciError(e, 'CORRUPT_INDEX')).toBe(true);
    expect((e as Error).message).toContain('/s/index.json');
    return (e as Error).message;
  }
  throw new Error(`accepted: ${String(text).slice(0, 80)}`);
}

const entry = (digest: string, ref?: string, extra: Partial<Descriptor> = {}): Descriptor => ({
  mediaType: MT,
  digest,
  size: 7,
  ...extra,
  ...(ref !== undefined ? { annotations: { [REF]: ref, ...extra.annotations } } : {}),
});
const index = (manifests: unknown[], extra: Record<string, unknown> = {}): string => JSON.stringify({ schemaVersion: 2, manifests, ...extra });

describe('valid index.json: the scan agrees with JSON.parse', () => {
  const cases: Array<[string, string]> = [
    ['empty manifests', '{"schemaVersion":2,"manifests":[]}'],
    ['empty manifests with whitespace', '{ "schemaVersion" : 2 , "manifests" : [ \n\t ] }\n'],
    ['compact', index([entry(D1, 'a:1'), entry(D2, 'b:1')])],
    ['pretty-printed', JSON.stringify({ schemaVersion: 2, manifests: [entry(D1, 'a:1'), entry(D2, 'b')] }, null, 2)],
    ['CRLF and tabs', JSON.stringify({ schemaVersion: 2, manifests: [entry(D1, 'a:1')] }, null, '\t').replace(/\n/g, '\r\n').replace(/": /g, '"\t:  ')],
    ['keys reordered', `{"manifests":[{"annotations":{"${REF}":"x"},"size":7,"digest":"${D1}","mediaType":"${MT}"}],"schemaVersion":2}`],
    ['escaped name', `{"schemaVersion":2,"manifests":[{"mediaType":"${MT}","digest":"${D1}","size":7,"annotations":{"${REF}":"t\\u002d1"}}]}`],
    ['escaped quote and slash in a name', index([entry(D1, 'a"b\\c/d')]).replace('/d', '\\/d')],
    ['escaped keys and digest', `{"schema\\u0056ersion":2,"manifest\\u0073":[{"media\\u0054ype":"${MT}","dig\\u0065st":"${D1.replace('sha', 'sh\\u0061')}","size":7}]}`],
    ['unicode raw', index([entry(D1, 'café:1'), entry(D2, '🐳')])],
    ['unicode escaped', `{"schemaVersion":2,"manifests":[{"mediaType":"${MT}","digest":"${D1}","size":7,"annotations":{"${REF}":"caf\\u00e9:1","e":"\\ud83d\\udc33"}}]}`],
    [
      'nested objects with the same keys',
      index(
        [
          entry(D1, 'a', { platform: { os: 'linux', architecture: 'amd64' }, urls: ['u'], annotations: { digest: 'no', size: '-1', mediaType: '' } as never }),
        ],
        { annotations: { manifests: '[]', schemaVersion: '1' }, subject: { digest: 'x', manifests: [1, 2] } },
      ),
    ],
    ['duplicate names', index([entry(D1, 'same'), entry(D2, 'same'), entry(D1, 'same')])],
    ['duplicate keys: the last wins', `{"schemaVersion":1,"schemaVersion":2,"manifests":[{"mediaType":"${MT}","digest":"bad","digest":"${D1}","size":-1,"size":7}]}`],
    ['manifests key twice: the last wins', `{"schemaVersion":2,"manifests":[1],"manifests":[{"mediaType":"${MT}","digest":"${D1}","size":7}]}`],
    ['sizes as JSON numbers', `{"schemaVersion":2,"manifests":[{"mediaType":"${MT}","digest":"${D1}","size":1.0e2},{"mediaType":"${MT}","digest":"${D2}","size":0}]}`],
    ['top-level keys around manifests', `{"mediaType":"x","annotations":{"a":[{"b":null}]},"schemaVersion":2.0,"manifests":[],"extra":[[],{},true,false,null,-1.5e-3]}`],
  ];
  test.each(cases)('%s', (_name, text) => {
    agrees(text);
  });

  test('a huge index: 100,000 entries, candidates of one name are few', () => {
    const manifests = Array.from({ length: 100_000 }, (_, i) => entry(i % 2 ? D1 : D2, `t-${i}`));
    agrees(index(manifests.slice(0, 50)));
    const scan = scanIndex(Buffer.from(index(manifests)), 'x');
    expect(scan.count).toBe(100_000);
    expect(scan.candidates('t-77777')).toEqual([77_777]);
    expect(scan.candidates(D1)).toHaveLength(50_000);
    expect(scan.entry(99_999)).toEqual(manifests[99_999]);
  });
});

describe('ref.name and digest read from the scan', () => {
  /** One entry on D1 whose annotations member is written as `annotations` (raw JSON). */
  const one = (annotations: string, extra = ''): string =>
    `{"schemaVersion":2,"manifests":[{"mediaType":"${MT}","digest":"${D1}","size":7${extra},"annotations":${annotations}}]}`;
  const cases: Array<[string, string, string | undefined | null]> = [
    ['a plain name', one(`{"${REF}":"app:1"}`), 'app:1'],
    ['among other annotations', one(`{"a":"b","${REF}":"app:1","c":{"${REF}":"inner"}}`), 'app:1'],
    ['no annotations', `{"schemaVersion":2,"manifests":[{"mediaType":"${MT}","digest":"${D1}","size":7}]}`, undefined],
    ['annotations without a name', one(`{"a":"b"}`), undefined],
    ['a name only in a nested object', one(`{"x":{"${REF}":"inner"},"y":[{"${REF}":"z"}]}`), undefined],
    ['a name only in the platform', `{"schemaVersion":2,"manifests":[{"mediaType":"${MT}","digest":"${D1}","size":7,"platform":{"${REF}":"p"}}]}`, undefined],
    ['a name only at the top level', `{"schemaVersion":2,"annotations":{"${REF}":"top"},"manifests":[{"mediaType":"${MT}","digest":"${D1}","size":7}]}`, undefined],
    ['duplicate names: the last wins', one(`{"${REF}":"first","${REF}":"last"}`), 'last'],
    ['duplicate annotations: the last wins', one(`{"${REF}":"gone"}`, `,"annotations":{"a":"b"}`).replace(`"size":7,"annotations":{"a":"b"},"annotations":{"${REF}":"gone"}`, `"size":7,"annotations":{"${REF}":"gone"},"annotations":{"a":"b"}`), undefined],
    ['duplicate annotations, the last named', one(`{"${REF}":"kept"}`, `,"annotations":{"${REF}":"gone"}`), 'kept'],
    ['a name that is not a string', one(`{"${REF}":7}`), null],
    ['a name that is null', one(`{"${REF}":null}`), null],
    ['a name that is an object', one(`{"${REF}":{"a":"b"}}`), null],
    ['a non-string name then a string one', one(`{"${REF}":[1],"${REF}":"ok"}`), 'ok'],
    ['annotations that are a string', one(`"${REF}"`), null],
    ['annotations that are null', one('null'), null],
    ['annotations that are an array', one(`["${REF}","x"]`), null],
    ['a containerd name beside it', one(`{"${REF}":"1","${CONTAINERD}":"docker.io/library/a:1"}`), null],
    ['an empty containerd name', one(`{"${CONTAINERD}":"","${REF}":"1"}`), null],
    ['an escaped name', one(`{"${REF}":"a\\u003a1"}`), null],
    ['an escaped key', one(`{"org.opencontainers.image.ref\\u002ename":"a"}`), null],
    ['a non-ASCII name', one(`{"${REF}":"café"}`), null],
  ];
  test.each(cases)('%s', (_name, text, expected) => {
    const scan = agrees(text);
    expect(scan.refName(0)).toBe(expected);
  });

  test('names of many entries, each its own; entries at a digest, exactly', () => {
    const manifests = Array.from({ length: 1000 }, (_, i) => entry(i % 3 ? D1 : D2, i % 10 === 4 ? `é-${i}` : `t-${i}`, i % 100 === 9 ? { annotations: { [CONTAINERD]: `x/y:${i}` } } : {}));
    const scan = agrees(index(manifests));
    for (let i = 0; i < 1000; i++) expect(scan.refName(i)).toBe(i % 10 === 4 || i % 100 === 9 ? null : `t-${i}`);
    expect(scan.withDigest(D2)).toEqual(Array.from({ length: 334 }, (_, k) => k * 3));
    expect(scan.withDigest(sha256('three'))).toEqual([]);
    expect(scan.withDigest('not a digest')).toEqual([]);
  });

  test('an escaped digest is found by its value', () => {
    const text = `{"schemaVersion":2,"manifests":[{"mediaType":"${MT}","digest":"${D1}","size":7},{"mediaType":"${MT}","digest":"${D1.replace('sha', 'sh\u0061')}","size":7}]}`;
    expect(agrees(text).withDigest(D1)).toEqual([0, 1]);
  });

  test('candidates merge the entries that hold the value with those the scan cannot read', () => {
    const manifests = [entry(D1, 't-1'), entry(D1, 'é'), entry(D1, 't-1'), entry(D2, 'x'), entry(D2, 'ü'), entry(D1, 't-1')];
    const scan = agrees(index(manifests));
    expect(scan.candidates('t-1')).toEqual([0, 1, 2, 4, 5]);
    expect(scan.candidates('none')).toEqual([1, 4]);
    expect(scan.candidates('', false)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(scanIndex(Buffer.from(index([entry(D1, 'a'), entry(D2, 'b')])), 'x').candidates('b')).toEqual([1]);
  });

  const malformed: Array<[string, string]> = [
    ['a name without a value', one(`{"${REF}":}`)],
    ['a name without a colon', one(`{"${REF}" "a"}`)],
    ['annotations not closed', one(`{"${REF}":"a"`)],
    ['a trailing comma in annotations', one(`{"${REF}":"a",}`)],
    ['a control character in a name', one(`{"${REF}":"a\u0001"}`)],
    ['a raw newline in a name', one(`{"${REF}":"a\nb"}`)],
    ['a bad escape in a name', one(`{"${REF}":"a\\x"}`)],
    ['annotations closed by ]', one(`{"${REF}":"a"]`)],
  ];
  test.each(malformed)('malformed annotations: %s → CORRUPT_INDEX', (_name, text) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(corrupt(text)).toMatch(/not valid JSON/);
  });
});

describe('entries like the ones before them (recorded from a template)', () => {
  /** 12 entries as a store writes them, on D1 and D2 in turn; entry 9 written as `odd` when given. */
  const run = (odd?: (plain: string) => string): string => {
    const entries = Array.from({ length: 12 }, (_, i) => JSON.stringify(entry(i % 2 ? D1 : D2, `t-${i}`)));
    if (odd) entries[9] = odd(entries[9]!);
    return `{"schemaVersion":2,"manifests":[${entries.join(',')}]}`;
  };
  const name9 = `"t-9"`;
  const valid: Array<[string, (e: string) => string, string | undefined | null]> = [
    ['the same', (e) => e, 't-9'],
    ['an escaped name', (e) => e.replace(name9, '"t\\u002d9"'), null],
    ['a name with an escaped quote', (e) => e.replace(name9, '"t\\"9"'), null],
    ['a non-ASCII name', (e) => e.replace(name9, '"t-é"'), null],
    ['an empty name', (e) => e.replace(name9, '""'), ''],
    ['a longer name', (e) => e.replace(name9, `"${'x'.repeat(5000)}"`), 'x'.repeat(5000)],
    ['another annotation after the name', (e) => e.replace(`${name9}}`, `${name9},"a":"b"}`), 't-9'],
    ['a second name after the name', (e) => e.replace(`${name9}}`, `${name9},"${REF}":"again"}`), 'again'],
    ['a containerd name after the name', (e) => e.replace(`${name9}}`, `${name9},"${CONTAINERD}":"x/y:9"}`), null],
    ['a field after the annotations', (e) => e.replace(/}$/, ',"urls":["u"]}'), 't-9'],
    ['a size of its own', (e) => e.replace('"size":7', '"size":8'), 't-9'],
    ['whitespace', (e) => e.replace('{', '{ ').replace(':', ' : '), 't-9'],
  ];
  test.each(valid)('valid: %s', (_name, odd, ref) => {
    const scan = agrees(run(odd));
    expect(scan.refName(9)).toBe(ref);
    for (const i of [8, 10, 11]) expect(scan.refName(i)).toBe(`t-${i}`);
  });

  const invalid: Array<[string, (e: string) => string, RegExp]> = [
    ['a control character in the name', (e) => e.replace(name9, '"t\u00019"'), /control character/],
    ['a raw tab in the name', (e) => e.replace(name9, '"t\t9"'), /control character/],
    ['a bad escape in the name', (e) => e.replace(name9, '"t\\x9"'), /bad escape/],
    ['an unterminated name', (e) => e.replace(name9, '"t-9'), /not valid JSON/],
    ['no closing brace', (e) => e.replace(/}}$/, '}'), /not valid JSON/],
    ['a negative size', (e) => e.replace('"size":7', '"size":-7'), /manifests\[9\] has invalid size -7/],
    ['a digest that is not one', (e) => e.replace(D1, D1.slice(0, -1)), /manifests\[9\] has invalid digest/],
    ['no mediaType', (e) => e.replace('"mediaType"', '"mediaTyp"'), /manifests\[9\] has no mediaType/],
  ];
  test.each(invalid)('invalid: %s → CORRUPT_INDEX', (_name, odd, message) => {
    expect(corrupt(run(odd))).toMatch(message);
  });

  test('a file that ends inside an entry like the others', () => {
    const text = run();
    for (const cut of [text.lastIndexOf('"t-11"') + 2, text.lastIndexOf('"t-11"') + 6, text.length - 3]) {
      expect(corrupt(text.slice(0, cut))).toMatch(/not valid JSON/);
    }
  });
});

describe('invalid index.json: CORRUPT_INDEX', () => {
  const notJson: Array<[string, string | Buffer]> = [
    ['truncated', '{"schemaVersion":2,"manifests":[{'],
    ['trailing comma', '{"schemaVersion":2,"manifests":[],}'],
    ['trailing comma in an array', `{"schemaVersion":2,"manifests":[${JSON.stringify(entry(D1))},]}`],
    ['garbage after the end', '{"schemaVersion":2,"manifests":[]} x'],
    ['two values', '{"schemaVersion":2,"manifests":[]}{}'],
    ['a raw control character in a string', `{"schemaVersion":2,"manifests":[{"mediaType":"a\tb","digest":"${D1}","size":1}]}`],
    ['a raw newline in a string', '{"schemaVersion":2,"manifests":[],"a":"x\ny"}'],
    ['a bad escape', '{"schemaVersion":2,"manifests":[],"a":"\\x"}'],
    ['a short \\u escape', '{"schemaVersion":2,"manifests":[],"a":"\\u12"}'],
    ['a leading zero', '{"schemaVersion":02,"manifests":[]}'],
    ['NaN', '{"schemaVersion":NaN,"manifests":[]}'],
    ['single quotes', "{'schemaVersion':2,'manifests':[]}"],
    ['a missing colon', '{"schemaVersion" 2,"manifests":[]}'],
    ['a missing comma', '{"schemaVersion":2 "manifests":[]}'],
    ['an unquoted key', '{schemaVersion:2,"manifests":[]}'],
    ['a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"schemaVersion":2,"manifests":[]}')])],
    ['a bare minus', '{"schemaVersion":-,"manifests":[]}'],
    ['a dot without digits', '{"schemaVersion":2.,"manifests":[]}'],
    ['mismatched brackets', '{"schemaVersion":2,"manifests":[}'],
    ['empty', ''],
    ['only whitespace', ' \n'],
  ];
  test.each(notJson)('%s: not valid JSON, as JSON.parse says', (_name, text) => {
    expect(() => JSON.parse(Buffer.isBuffer(text) ? text.toString('utf8') : text)).toThrow();
    expect(corrupt(text)).toContain('not valid JSON');
  });

  const notIndex: Array<[string, string, string]> = [
    ['an array', '[]', 'not a JSON object'],
    ['a string', '"x"', 'not a JSON object'],
    ['schemaVersion 1', '{"schemaVersion":1,"manifests":[]}', 'schemaVersion is 1'],
    ['schemaVersion as a string', '{"schemaVersion":"2","manifests":[]}', 'schemaVersion is "2"'],
    ['no schemaVersion', '{"manifests":[]}', 'schemaVersion is undefined'],
    ['no manifests', '{"schemaVersion":2}', 'no "manifests" array'],
    ['manifests an object', '{"schemaVersion":2,"manifests":{}}', 'no "manifests" array'],
    ['an entry that is a number', `{"schemaVersion":2,"manifests":[${JSON.stringify(entry(D1))},3]}`, 'manifests[1] is not a descriptor'],
    ['an entry that is an array', '{"schemaVersion":2,"manifests":[[]]}', 'manifests[0] is not a descriptor'],
    ['a bad digest', index([entry(D1), entry('sha256:zz')]), 'manifests[1] has invalid digest "sha256:zz"'],
    ['no digest', `{"schemaVersion":2,"manifests":[{"mediaType":"x","size":1}]}`, 'manifests[0] has invalid digest'],
    ['a digest that is a number', `{"schemaVersion":2,"manifests":[{"mediaType":"x","digest":5,"size":1}]}`, 'has invalid digest 5'],
    ['a negative size', index([entry(D1, undefined, { size: -1 })]), 'has invalid size -1'],
    ['a fractional size', index([entry(D1, undefined, { size: 1.5 })]), 'has invalid size 1.5'],
    ['a size as a string', `{"schemaVersion":2,"manifests":[{"mediaType":"x","digest":"${D1}","size":"1"}]}`, 'has invalid size "1"'],
    ['a size past 2^53', `{"schemaVersion":2,"manifests":[{"mediaType":"x","digest":"${D1}","size":9007199254740993}]}`, 'has invalid size'],
    ['no mediaType', `{"schemaVersion":2,"manifests":[{"digest":"${D1}","size":1}]}`, 'manifests[0] has no mediaType'],
  ];
  test.each(notIndex)('%s', (_name, text, why) => {
    expect(corrupt(text)).toContain(why);
  });

  test('a bad entry is reported only when the whole file is JSON', () => {
    expect(corrupt('{"schemaVersion":2,"manifests":[{"digest":"bad"}],')).toContain('not valid JSON');
  });
});

describe('splice', () => {
  const manifests = [entry(D1, 'a'), entry(D2, 'b'), entry(D1, 'c'), entry(D2, 'd')];
  const texts: Array<[string, string]> = [
    ['compact', index(manifests, { annotations: { k: 'v' } })],
    ['pretty-printed', JSON.stringify({ schemaVersion: 2, manifests, annotations: { k: 'v' } }, null, '\t')],
  ];
  const fresh = entry(D2, 'new');

  test.each(texts)('%s: replace, remove and append touch only their entries', (_name, text) => {
    const scan = scanIndex(Buffer.from(text), 'x');
    const cases: Array<[Parameters<typeof scan.splice>[0], Descriptor[]]> = [
      [{}, manifests],
      [{ append: [fresh] }, [...manifests, fresh]],
      [{ replace: new Map([[1, fresh]]) }, [manifests[0]!, fresh, manifests[2]!, manifests[3]!]],
      [{ replace: new Map([[0, fresh]]), remove: new Set([2]) }, [fresh, manifests[1]!, manifests[3]!]],
      [{ remove: new Set([0, 1, 2, 3]) }, []],
      [{ remove: new Set([3]), append: [fresh, fresh] }, [manifests[0]!, manifests[1]!, manifests[2]!, fresh, fresh]],
    ];
    for (const [edit, expected] of cases) {
      const out = scan.splice(edit).toString('utf8');
      expect(JSON.parse(out)).toEqual({ ...JSON.parse(text), manifests: expected });
      // Every entry kept is there byte for byte.
      for (let i = 0; i < scan.count; i++) {
        if (edit.replace?.has(i) || edit.remove?.has(i)) continue;
        const bytes = scan.bytes.subarray(...span(scan, i)).toString('utf8');
        expect(out).toContain(bytes);
      }
      // Outside the array nothing changed.
      expect(out.startsWith(text.slice(0, text.indexOf('[') + 1))).toBe(true);
      expect(out.endsWith(text.slice(text.lastIndexOf(']')))).toBe(true);
    }
    // Neighbours that stay neighbours keep their separator (the pretty-printed newline and tabs).
    const out = scan.splice({ append: [fresh] }).toString('utf8');
    expect(out).toContain(text.slice(text.indexOf('{', text.indexOf('[')), text.lastIndexOf('}', text.lastIndexOf(']')) + 1));
  });

  test('an empty array gets its first entry', () => {
    const scan = scanIndex(Buffer.from('{"schemaVersion":2,"manifests":[ ]}'), 'x');
    expect(JSON.parse(scan.splice({ append: [fresh] }).toString())).toEqual({ schemaVersion: 2, manifests: [fresh] });
  });
});

/** Entry `i`'s byte range, found the way a reader would: JSON.stringify of the parsed entry is not assumed. */
function span(scan: ReturnType<typeof scanIndex>, i: number): [number, number] {
  const text = scan.bytes.toString('utf8');
  // Walk the entries' objects at depth 2 with JSON.parse as the judge of where each ends.
  let at = text.indexOf('[', text.indexOf('"manifests"')) + 1;
  for (let k = 0; ; k++) {
    const start = text.indexOf('{', at);
    let end = start + 1;
    while (true) {
      end = text.indexOf('}', end) + 1;
      try {
        JSON.parse(text.slice(start, end));
        break;
      } catch {
        /* not yet the end */
      }
    }
    if (k === i) return [start, end];
    at = end;
  }
}
