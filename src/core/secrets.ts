/**
 * The one place that knows every credential a run sends, and removes it from text before
 * that text reaches a user.
 *
 * - The registry client registers each credential as it comes to know it (inputs, docker
 *   config.json, credential helpers) and each `Authorization` header as it sends it, so
 *   `Basic <base64 user:password>` and `Bearer <token>` are known before any answer can
 *   echo them; tokens are registered as they arrive from a token service.
 * - A secret is kept in each form it can travel in: as is, URL-encoded (query strings,
 *   `application/x-www-form-urlencoded` token requests) and JSON-escaped.
 * - Each new form is reported to `onSecret`: the action turns it into `::add-mask::` (as
 *   docker/login-action does for the tokens it obtains), the CLI into its own redaction.
 *
 * Reference: https://docs.github.com/actions/reference/workflow-commands-for-github-actions#masking-a-value-in-a-log
 */
import type { Logger } from './content.js';

/** What a secret is replaced with. */
export const REDACTED = '***';

/**
 * Shorter values are reported but not cut out of text: replacing every `ab` in a message
 * would garble it while hiding next to nothing.
 */
const MIN_REDACTED_LENGTH = 4;

/** Every secret of a run, with the forms it travels in. */
export class Redactor {
  readonly #values = new Set<string>();
  /** Longest first, so a secret inside a longer one (a password in its base64 pair) never splits it. */
  #ordered: string[] = [];
  readonly #onSecret: ((secret: string) => void) | undefined;

  constructor(onSecret?: (secret: string) => void) {
    this.#onSecret = onSecret;
  }

  /** How many forms are known. */
  get size(): number {
    return this.#values.size;
  }

  /** Register a secret and its encoded forms; returns the forms that were new. Empty values are ignored. */
  add(secret: string | undefined): string[] {
    if (!secret) return [];
    const forms = [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2), JSON.stringify(secret).slice(1, -1)];
    const trimmed = secret.trim();
    if (trimmed !== secret) forms.push(trimmed);
    const added: string[] = [];
    for (const f of forms) {
      if (f === '' || this.#values.has(f)) continue;
      this.#values.add(f);
      added.push(f);
    }
    if (added.length === 0) return added;
    this.#ordered = [...this.#values].filter((v) => v.length >= MIN_REDACTED_LENGTH).sort((a, b) => b.length - a.length);
    for (const f of added) this.#onSecret?.(f);
    return added;
  }

  /** Register `username:password` as a Basic credential: the password and the base64 pair a header carries. */
  addBasic(username: string, password: string): void {
    this.add(password);
    this.add(Buffer.from(`${username}:${password}`).toString('base64'));
  }

  /**
   * Register what an `Authorization` header carries: for Basic, the base64 pair and the
   * password inside it; for Bearer (and any other scheme), the credential after the scheme.
   */
  addAuthorization(header: string): void {
    const m = /^(\S+)\s+(.+)$/.exec(header.trim());
    if (!m) {
      this.add(header);
      return;
    }
    const credential = m[2]!.trim();
    this.add(credential);
    if (m[1]!.toLowerCase() === 'basic') {
      const pair = Buffer.from(credential, 'base64').toString('utf8');
      const colon = pair.indexOf(':');
      if (colon > 0) this.add(pair.slice(colon + 1));
    }
  }

  /** `text` with every known secret replaced by `***`. */
  redact(text: string): string {
    let out = text;
    for (const s of this.#ordered) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  }
}

/**
 * A logger whose lines pass through `redactor`; `secret` reports go to the redactor and on
 * to `logger.secret` (the front end's masking).
 */
export function redactingLogger(logger: Logger, redactor: Redactor): Logger {
  return {
    debug: (m) => logger.debug(redactor.redact(m)),
    info: (m) => logger.info(redactor.redact(m)),
    warning: (m) => logger.warning(redactor.redact(m)),
    secret: (s) => {
      redactor.add(s);
    },
  };
}
