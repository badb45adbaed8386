/**
 * A hostile registry front: an HTTP proxy before a test registry (and its token service)
 * that remembers every credential a client sends — `Authorization` headers, and the
 * `refresh_token` / `password` fields of token requests — and answers chosen requests
 * with a distribution-spec error body quoting all of them. Registries that log or echo
 * request headers into errors exist; a client must never pass such text on unredacted.
 *
 * With `tokenService`, the registry's `WWW-Authenticate` realm is rewritten to point at
 * the proxy, and `/token` requests are forwarded to the real issuer: the proxy sees the
 * token exchange too (registry and token service on one host, as on ghcr.io).
 */
import http from 'node:http';
import type net from 'node:net';
import { closeServer } from './registry.js';

/** Options of an echo proxy. */
export interface EchoProxyOptions {
  /** Requests (`METHOD /path`, query left out) answered with the echo, once they carry credentials. */
  echo: RegExp;
  /** Status of the echo answer (default 400). */
  status?: number;
  /** Error code in the echo body (default `UNKNOWN`). */
  code?: string;
  /** The issuer's token URL (`http://127.0.0.1:P/token`), reached through the proxy. */
  tokenService?: string;
}

/** A running echo proxy. */
export interface EchoProxy {
  /** `127.0.0.1:<port>`. */
  host: string;
  /** Every credential seen, as sent: `Authorization: …`, `refresh_token=…`, `password=…`. */
  seen: string[];
  /** The bare secrets seen: Basic/Bearer credentials, refresh tokens, passwords. */
  secrets: string[];
  /** Echo answers sent. */
  echoed: number;
  stop(): Promise<void>;
}

/** Start an echo proxy forwarding to the registry at `upstream` (`127.0.0.1:<port>`). */
export async function startEchoProxy(upstream: string, options: EchoProxyOptions): Promise<EchoProxy> {
  const sockets = new Set<net.Socket>();
  const token = options.tokenService ? new URL(options.tokenService) : undefined;
  const proxy: EchoProxy = { host: '', seen: [], secrets: [], echoed: 0, stop: async () => {} };
  const remember = (shown: string, secret: string): void => {
    if (!proxy.seen.includes(shown)) proxy.seen.push(shown);
    if (!proxy.secrets.includes(secret)) proxy.secrets.push(secret);
  };

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const auth = req.headers.authorization;
    if (auth) remember(`Authorization: ${auth}`, auth.replace(/^\S+\s+/, ''));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const toToken = token !== undefined && path === token.pathname;
      if (toToken && req.method === 'POST') {
        const form = new URLSearchParams(body.toString('utf8'));
        for (const field of ['refresh_token', 'password']) {
          const v = form.get(field);
          if (v) remember(`${field}=${v}`, v);
        }
      }
      if (auth && options.echo.test(`${req.method} ${path}`)) {
        proxy.echoed++;
        const quoted = proxy.seen.join('; ');
        res.writeHead(options.status ?? 400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ code: options.code ?? 'UNKNOWN', message: `rejected request with ${quoted}`, detail: { headers: req.headers } }] }));
        return;
      }
      const target = toToken ? token!.host : upstream;
      const [hostname, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
      const up = http.request({ host: hostname, port, method: req.method, path: req.url, headers: req.headers, agent: false }, (ur) => {
        const headers = { ...ur.headers };
        const challenge = headers['www-authenticate'];
        if (token && typeof challenge === 'string') headers['www-authenticate'] = challenge.split(token.href).join(`http://${proxy.host}${token.pathname}`);
        res.writeHead(ur.statusCode ?? 502, headers);
        ur.pipe(res);
      });
      up.on('error', () => res.destroy());
      up.end(body);
    });
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
  proxy.host = `127.0.0.1:${port}`;
  proxy.stop = async () => {
    for (const s of sockets) s.destroy();
    await closeServer(server);
  };
  return proxy;
}
