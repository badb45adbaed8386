/**
 * The inputs of every command (DESIGN.md §2), parsed and validated in one place for the
 * action (`INPUT_*`) and the CLI (`--flag value`) alike. Every failure is an OciError
 * naming the input and the fix.
 */
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { OciError, withInput } from '../errors.js';
import { isDigest, parseDigest } from '../digest.js';
import type { AnnotationLevel, AnnotationSpec, LayerSpec } from '../ingest.js';
import { hostPlatform, parsePlatform } from '../platform.js';
import { hasRegistry, normalize, parseReference } from '../reference.js';
import type { RegistryInputs } from '../registry/client.js';
import { COMPRESSIONS, type Compression } from '../compress/codecs.js';
import type { Platform } from '../types/oci.js';

// The library's own types and parsers that the inputs are made of, for the front ends.
export type { AnnotationLevel, AnnotationSpec, LayerSpec };
export { hostPlatform, parsePlatform };

/** Every command. */
export const COMMANDS = ['ingest', 'pull', 'push', 'unpack', 'tag', 'index', 'inspect', 'verify', 'gc', 'serve'] as const;
export type Command = (typeof COMMANDS)[number];

/** Every input name, as action.yml and the CLI flags spell them. */
export const INPUT_NAMES = [
  'command',
  'store',
  'ref',
  'tags',
  'push',
  'layers',
  'base',
  'artifact-type',
  'entrypoint',
  'cmd',
  'env',
  'workdir',
  'user',
  'labels',
  'annotations',
  'platform',
  'compression',
  'format',
  'path',
  'overwrite',
  'same-owner',
  'username',
  'password',
  'github-token',
  'insecure',
  'cache',
  'cache-key',
  'retention-days',
  'cache-max-size',
  'pin',
  'port',
] as const;
export type InputName = (typeof INPUT_NAMES)[number];

/** Raw inputs: name → string as given (absent or empty = default). */
export type RawInputs = Partial<Record<InputName, string>>;

/** Validated, typed options. */
export interface Options {
  command: Command;
  /** Absolute store directory. */
  store: string;
  /** A tag, `name@digest`, bare digest or remote ref; validated syntax. */
  ref?: string;
  /** `index`: the refs `ref` lists (one per line), each validated like `ref`. */
  refs?: string[];
  tags: string[];
  push: boolean;
  layers: LayerSpec[];
  /** Undefined for `scratch`. */
  base?: string;
  artifactType?: string;
  entrypoint?: string[];
  cmd?: string[];
  env: Record<string, string>;
  workdir?: string;
  user?: string;
  labels: Record<string, string>;
  annotations: AnnotationSpec[];
  /** Platforms given; empty = the runner's; `all` = every platform (pull/unpack). */
  platforms: Platform[] | 'all';
  compression: Compression;
  /** `tag`: `oci` writes Docker-format content as a new OCI manifest under `tags`. */
  format?: 'oci';
  /** Absolute unpack directory. */
  path?: string;
  /** `unpack`: let the image replace files already in `path` (default: an error). */
  overwrite?: boolean;
  /** `unpack` as root: apply the image's owners, keep setuid/setgid, create device nodes. */
  sameOwner?: boolean;
  username?: string;
  password?: string;
  githubToken?: string;
  insecure: string[];
  cache: boolean;
  cacheKey: string;
  /** Runner cache: drop tags no job wrote or read for this many days (0 = never for age). */
  retentionDays: number;
  /** Runner cache: byte budget of the store's entries, least recently used tags dropped first (0 = none). */
  cacheMaxSize: number;
  /** Runner cache: tag patterns (`*`, `?`) retention never drops. */
  pin: string[];
  port: number;
}

/** Environment the defaults depend on. */
export interface OptionsEnv {
  cwd: string;
  home?: string;
  platform?: NodeJS.Platform;
  arch?: string;
}

function bad(input: InputName, message: string, hint: string): OciError {
  return new OciError('INVALID_INPUT', message, { input, hint });
}

/** Split a list input on newlines and commas, trimmed, empties dropped. */
export function splitList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Split on newlines only (values may contain commas), trimmed, empties and `#` comments dropped. */
export function splitLines(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'));
}

/** Parse a boolean input (`true`/`false`, any case). */
export function parseBoolean(input: InputName, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value.trim() === '') return fallback;
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw bad(input, `${JSON.stringify(value)} is not a boolean`, `set ${input} to true or false`);
}

/**
 * Split a command line into words: a JSON array (`["node","app.js"]`) as is, else words
 * separated by whitespace with '…' and "…" quoting and backslash escapes.
 */
export function parseArgs(input: InputName, value: string): string[] {
  const v = value.trim();
  if (v.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(v);
    } catch {
      throw bad(input, `${JSON.stringify(value)} is not a valid JSON array`, 'write a JSON array of strings like ["node","app.js"], or plain words');
    }
    if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) {
      throw bad(input, 'the JSON array must hold only strings', 'write e.g. ["node","app.js"]');
    }
    return parsed as string[];
  }
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < v.length) cur += v[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < v.length) {
      cur += v[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) throw bad(input, `unterminated ${quote} quote in ${JSON.stringify(value)}`, 'close the quote or use a JSON array');
  if (inWord) words.push(cur);
  return words;
}

/** Parse `KEY=VALUE` lines into a map (later lines win). */
export function parseKeyValues(input: InputName, value: string | undefined, keyPattern: RegExp): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of splitLines(value)) {
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq).trim();
    if (eq <= 0 || !keyPattern.test(key)) {
      throw bad(input, `${JSON.stringify(line)} is not KEY=VALUE`, `write one KEY=VALUE per line`);
    }
    out[key] = line.slice(eq + 1);
  }
  return out;
}

const ANNOTATION_LEVELS: AnnotationLevel[] = ['manifest', 'index', 'manifest-descriptor', 'index-descriptor'];

/** Parse annotations: `[level:]key=value` per line (docker/metadata-action's `annotations` output verbatim). */
export function parseAnnotations(value: string | undefined): AnnotationSpec[] {
  const out: AnnotationSpec[] = [];
  for (const line of splitLines(value)) {
    const eq = line.indexOf('=');
    if (eq <= 0) throw bad('annotations', `${JSON.stringify(line)} is not key=value`, 'write one [manifest:|index:]key=value per line');
    let key = line.slice(0, eq).trim();
    let level: AnnotationLevel = 'manifest';
    const colon = key.indexOf(':');
    if (colon > 0) {
      const prefix = key.slice(0, colon).replace(/\[.*\]$/, '');
      if (!ANNOTATION_LEVELS.includes(prefix as AnnotationLevel)) {
        throw bad('annotations', `unknown annotation level ${JSON.stringify(prefix)} in ${JSON.stringify(line)}`, `use one of ${ANNOTATION_LEVELS.join(', ')}`);
      }
      level = prefix as AnnotationLevel;
      key = key.slice(colon + 1);
    }
    if (key === '') throw bad('annotations', `empty key in ${JSON.stringify(line)}`, 'write key=value');
    out.push({ level, key, value: line.slice(eq + 1) });
  }
  return out;
}

/** Expand a leading `~` and make absolute against `cwd`. */
export function expandPath(p: string, cwd: string, home: string = homedir()): string {
  let out = p.trim();
  if (out === '~') out = home;
  else if (out.startsWith('~/')) out = home + out.slice(1);
  return isAbsolute(out) ? resolve(out) : resolve(cwd, out);
}

/** Validate a `ref` input: a bare digest, `name@digest`, a tag or a remote ref. */
export function validateRef(value: string, input: InputName = 'ref'): string {
  const v = value.trim();
  if (isDigest(v)) return v;
  if (/^[a-z0-9]+:[0-9a-fA-F]{20,}$/.test(v)) {
    try {
      parseDigest(v);
    } catch (e) {
      throw withInput(e, input);
    }
  }
  parseReference(v, input);
  return v;
}

/** Parse a `layers` line `SRC[:DEST]`; DEST must be absolute. */
export function parseLayerSpec(line: string): LayerSpec {
  const colon = line.lastIndexOf(':');
  if (colon < 0) return { src: line };
  const src = line.slice(0, colon).trim();
  const dest = line.slice(colon + 1).trim();
  if (src === '') throw bad('layers', `${JSON.stringify(line)} has an empty SRC`, 'write SRC[:DEST], e.g. dist:/app');
  if (dest === '' || !dest.startsWith('/')) {
    throw bad('layers', `DEST ${JSON.stringify(dest)} in ${JSON.stringify(line)} is not an absolute path`, 'write SRC:/absolute/path, e.g. dist:/app');
  }
  return { src, dest };
}

/** Default `cache-max-size`: keeps a repository well under GitHub's 10 GB cache limit. */
export const DEFAULT_CACHE_MAX_SIZE = '4GB';

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, t: 1e12, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };

/**
 * A size with docker's units (go-units `FromHumanSize`): `500MB`, `4GB`, `1.5g` are
 * decimal; `2GiB` binary; a bare number is bytes; `0` means no limit.
 */
export function parseByteSize(input: InputName, value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = m && Object.hasOwn(SIZE_UNITS, m[2]!.toLowerCase()) ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    throw bad(input, `${JSON.stringify(value)} is not a size`, 'write a number with a unit, e.g. 4GB, 500MB or 2GiB (0 for no limit)');
  }
  return Math.floor(Number(m[1]) * unit);
}

/** `retention-days`: a whole number of days; empty or 0 keeps tags regardless of age. */
function parseRetentionDays(value: string | undefined): number {
  if (value === undefined) return 0;
  const v = value.trim();
  if (!/^\d+$/.test(v)) throw bad('retention-days', `${JSON.stringify(value)} is not a number of days`, 'write a whole number, e.g. 30 (0 or empty keeps tags regardless of age)');
  return Number(v);
}

/** The default cache key prefix for this runner. */
export function defaultCacheKey(env: OptionsEnv): string {
  const p = hostPlatform(env.platform, env.arch);
  return `oci-store-${p.os}-${p.architecture}`;
}

/**
 * Parse and validate raw inputs into Options. Command-specific requirements (ingest needs
 * `layers`, unpack needs `ref` and `path`, …) are checked here too, so a front end fails
 * before touching the store.
 */
export function parseOptions(raw: RawInputs, env: OptionsEnv): Options {
  const get = (name: InputName): string | undefined => {
    const v = raw[name];
    return v === undefined || v.trim() === '' ? undefined : v;
  };
  const commandRaw = (get('command') ?? 'ingest').trim();
  if (!(COMMANDS as readonly string[]).includes(commandRaw)) {
    throw bad('command', `unknown command ${JSON.stringify(commandRaw)}`, `use one of ${COMMANDS.join(', ')}`);
  }
  const command = commandRaw as Command;
  const home = env.home ?? homedir();

  const tags = splitList(get('tags'));
  for (const t of tags) parseReference(t, 'tags');

  // `index` takes a list of refs (one per line, or comma-separated: a ref holds no comma).
  const refs = command === 'index' ? splitList(get('ref')).map((r) => validateRef(r, 'ref')) : undefined;
  const ref = get('ref') !== undefined && refs === undefined ? validateRef(get('ref')!, 'ref') : undefined;

  const layers = splitLines(get('layers')).map(parseLayerSpec);

  const baseRaw = get('base')?.trim();
  const base = baseRaw === undefined || baseRaw === 'scratch' ? undefined : validateRef(baseRaw, 'base');

  const platformRaw = get('platform')?.trim();
  let platforms: Platform[] | 'all' = [];
  if (platformRaw === 'all') {
    if (command === 'ingest') throw bad('platform', '"all" only selects platforms on pull and unpack', 'list the platforms to build, e.g. linux/amd64,linux/arm64');
    platforms = 'all';
  } else if (platformRaw !== undefined) {
    platforms = splitList(platformRaw).map((p) => parsePlatform(p));
  }

  const compressionRaw = (get('compression') ?? 'gzip').trim();
  if (!(COMPRESSIONS as readonly string[]).includes(compressionRaw)) {
    throw bad('compression', `unknown compression ${JSON.stringify(compressionRaw)}`, `use ${COMPRESSIONS.slice(0, -1).join(', ')} or ${COMPRESSIONS.at(-1)}`);
  }

  const format = get('format')?.trim();
  if (format !== undefined && format !== 'oci') {
    throw bad('format', `unknown format ${JSON.stringify(format)}`, 'use oci (tag writes Docker-format content as a new OCI manifest), or leave format empty');
  }
  if (format !== undefined && command !== 'tag') {
    throw bad('format', `format applies to command tag, not ${command}`, 'run command tag with ref, tags and format: oci');
  }

  const portRaw = (get('port') ?? '5000').trim();
  const port = Number(portRaw);
  if (!/^\d+$/.test(portRaw) || port < 1 || port > 65535) {
    throw bad('port', `${JSON.stringify(portRaw)} is not a TCP port`, 'use a number from 1 to 65535');
  }

  const artifactType = get('artifact-type')?.trim();
  if (artifactType !== undefined && !/^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/.test(artifactType)) {
    throw bad('artifact-type', `${JSON.stringify(artifactType)} is not a media type`, 'write type/subtype, e.g. application/vnd.example.report.v1');
  }

  const workdir = get('workdir')?.trim();
  if (workdir !== undefined && !workdir.startsWith('/')) {
    throw bad('workdir', `${JSON.stringify(workdir)} is not an absolute path`, 'write an absolute path inside the image, e.g. /app');
  }

  const opts: Options = {
    command,
    store: expandPath(get('store') ?? '~/.cache/oci-store', env.cwd, home),
    tags,
    push: parseBoolean('push', get('push'), false),
    layers,
    env: parseKeyValues('env', get('env'), /^[^\s=]+$/),
    labels: parseKeyValues('labels', get('labels'), /^\S+$/),
    annotations: parseAnnotations(get('annotations')),
    platforms,
    compression: compressionRaw as Compression,
    insecure: splitList(get('insecure')),
    cache: parseBoolean('cache', get('cache'), true),
    cacheKey: (get('cache-key') ?? defaultCacheKey(env)).trim(),
    retentionDays: parseRetentionDays(get('retention-days')),
    cacheMaxSize: parseByteSize('cache-max-size', get('cache-max-size') ?? DEFAULT_CACHE_MAX_SIZE),
    pin: splitList(get('pin')),
    port,
  };
  if (ref !== undefined) opts.ref = ref;
  if (refs !== undefined) opts.refs = refs;
  if (base !== undefined) opts.base = base;
  if (artifactType !== undefined) opts.artifactType = artifactType;
  if (format !== undefined) opts.format = format;
  if (parseBoolean('overwrite', get('overwrite'), false)) opts.overwrite = true;
  if (parseBoolean('same-owner', get('same-owner'), false)) opts.sameOwner = true;
  const entrypoint = get('entrypoint');
  if (entrypoint !== undefined) opts.entrypoint = parseArgs('entrypoint', entrypoint);
  const cmd = get('cmd');
  if (cmd !== undefined) opts.cmd = parseArgs('cmd', cmd);
  if (workdir !== undefined) opts.workdir = workdir;
  const user = get('user')?.trim();
  if (user !== undefined) opts.user = user;
  const path = get('path');
  if (path !== undefined) opts.path = expandPath(path, env.cwd, home);
  const username = get('username');
  if (username !== undefined) opts.username = username.trim();
  const password = get('password');
  if (password !== undefined) opts.password = password;
  const githubToken = get('github-token');
  if (githubToken !== undefined) opts.githubToken = githubToken.trim();
  requireCredentialPair(opts);
  if (/[^A-Za-z0-9._-]/.test(opts.cacheKey)) {
    throw bad('cache-key', `${JSON.stringify(opts.cacheKey)} has characters a cache key cannot hold`, 'use letters, digits, dot, dash and underscore');
  }

  requireFor(opts);
  return opts;
}

/**
 * `username` and `password` go together (docker login's rule): one without the other is
 * an input error here, before any request — not a 401 after one. An unset secret
 * (`${{ secrets.X }}`) is empty, the usual cause. Never quotes the password.
 */
function requireCredentialPair(o: Options): void {
  if (o.username !== undefined && o.password === undefined) {
    throw bad('password', 'username is set but password is empty', 'set password too, e.g. password: ${{ secrets.REGISTRY_TOKEN }} (an unset secret is empty), or leave username empty to use docker config.json');
  }
  if (o.password !== undefined && o.username === undefined) {
    throw bad('username', 'password is set but username is empty', 'set username to the account the password or token belongs to');
  }
}

/** Command-specific required inputs. */
function requireFor(o: Options): void {
  const need = (input: InputName, present: boolean, hint: string): void => {
    if (!present) throw bad(input, `${input} is required for command ${o.command}`, hint);
  };
  switch (o.command) {
    case 'ingest':
      need('layers', o.layers.length > 0, 'list one SRC[:DEST] per line, e.g. dist:/app');
      break;
    case 'pull':
      need('ref', o.ref !== undefined, 'set ref to the image to pull, e.g. ghcr.io/owner/app:1');
      break;
    case 'push':
      need('ref', o.ref !== undefined, 'set ref to the store tag to push, e.g. app:1');
      break;
    case 'unpack':
      need('ref', o.ref !== undefined, 'set ref to the image to unpack, e.g. app:1');
      need('path', o.path !== undefined, 'set path to the directory to unpack into');
      break;
    case 'tag':
      need('ref', o.ref !== undefined, 'set ref to the image to tag, e.g. app:1');
      need('tags', o.tags.length > 0, 'list the new tags, e.g. app:stable');
      break;
    case 'index':
      need('ref', (o.refs?.length ?? 0) > 0, 'list the images to assemble, one per line, e.g. ghcr.io/owner/app@sha256:…');
      // Untagged, the new index would be collected by the next gc.
      need('tags', o.tags.length > 0, 'name the index in tags, e.g. app:1 or ghcr.io/owner/app:1 (with push: true)');
      break;
    default:
      break;
  }
  if (o.push && o.command !== 'push') {
    if (!['ingest', 'pull', 'tag', 'index'].includes(o.command)) {
      throw bad('push', `push: true does nothing for command ${o.command}`, 'use push with ingest, pull, tag or index, or use command: push');
    }
    need('tags', o.tags.length > 0, 'list the registry refs to push to, e.g. ghcr.io/owner/app:1');
  }
}

/**
 * The registries the username/password inputs are meant for: those of `ref` (when it
 * names one, or always for pull and push), of `base` when it names one, and of every push
 * target (docker semantics: a ref without a host is on docker.io). Base images pulled from
 * other registries use docker's config or go anonymous, so a ghcr.io token is never sent
 * to Docker Hub.
 */
export function explicitRegistries(options: Options): Set<string> {
  const out = new Set<string>();
  const add = (ref: string | undefined, always: boolean): void => {
    if (ref === undefined || /^[a-z0-9]+:[a-f0-9]{32,}$/.test(ref)) return;
    try {
      if (always || hasRegistry(ref)) out.add(normalize(ref).registry);
    } catch {
      // invalid refs are reported where they are used
    }
  };
  add(options.ref, options.command === 'pull' || options.command === 'push');
  add(options.base, false);
  if (options.push || options.command === 'push') for (const t of options.tags) add(t, true);
  if (options.command === 'push' && options.tags.length === 0) add(options.ref, true);
  return out;
}

/** What a registry client takes of a command's inputs: credentials, the registries they are for, insecure hosts. */
export function registryInputs(options: Options): RegistryInputs {
  const inputs: RegistryInputs = { insecure: options.insecure, explicitRegistries: explicitRegistries(options) };
  if (options.username !== undefined) inputs.username = options.username;
  if (options.password !== undefined) inputs.password = options.password;
  if (options.githubToken !== undefined) inputs.githubToken = options.githubToken;
  return inputs;
}
