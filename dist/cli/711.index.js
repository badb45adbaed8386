export const id = 711;
export const ids = [711];
export const modules = {

/***/ 9709:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F7: () => (/* binding */ repositoryScope),
/* harmony export */   SX: () => (/* binding */ Authorizer)
/* harmony export */ });
/* unused harmony exports parseChallenges, mergeScopes, unauthorized */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _content_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9078);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1454);
/**
 * Registry authentication: `WWW-Authenticate` challenges (Basic and Bearer), token
 * requests with the right scopes, and a per-scope token cache renewed on expiry or 401.
 *
 * References: distribution `docs/spec/auth/token.md` (token endpoint, `expires_in`,
 * `access_token`), `docs/spec/auth/oauth.md` (refresh_token grant for identity tokens),
 * `docs/spec/auth/scope.md` (`repository:<name>:<actions>`), RFC 7235 (challenges).
 *
 * Secrets never appear in logs or messages: errors name the registry and where the
 * credentials came from, never their value; every token obtained is registered with the
 * HTTP client's redactor (and so reported for masking) before it is used.
 */



/**
 * Parse `WWW-Authenticate` (RFC 7235): one or more challenges, each a scheme followed by
 * comma-separated `name=value` / `name="quoted"` parameters.
 */
function parseChallenges(header) {
    if (header === undefined)
        return [];
    const text = Array.isArray(header) ? header.join(', ') : header;
    const out = [];
    let i = 0;
    const n = text.length;
    const skip = () => {
        while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === ','))
            i++;
    };
    const token = () => {
        const start = i;
        while (i < n && /[!#$%&'*+\-.^_`|~0-9A-Za-z/]/.test(text[i]))
            i++;
        return text.slice(start, i);
    };
    let current;
    while (i < n) {
        skip();
        const start = i;
        const word = token();
        if (word === '') {
            i++;
            continue;
        }
        let j = i;
        while (j < n && text[j] === ' ')
            j++;
        if (text[j] === '=' && current !== undefined) {
            // a parameter of the current challenge
            i = j + 1;
            while (i < n && text[i] === ' ')
                i++;
            let value = '';
            if (text[i] === '"') {
                i++;
                while (i < n && text[i] !== '"') {
                    if (text[i] === '\\' && i + 1 < n)
                        i++;
                    value += text[i];
                    i++;
                }
                i++;
            }
            else {
                const vs = i;
                while (i < n && text[i] !== ',')
                    i++;
                value = text.slice(vs, i).trim();
            }
            current.params[word.toLowerCase()] = value;
        }
        else {
            // a new scheme (a token68 after it is ignored: no registry scheme uses one)
            current = { scheme: text.slice(start, i).toLowerCase(), params: {} };
            out.push(current);
        }
    }
    return out;
}
/** `repository:<name>:<actions>` (scope.md). */
function repositoryScope(name, actions) {
    return `repository:${name}:${actions.join(',')}`;
}
/** Merge scopes naming the same resource (`a:pull` + `a:push` → `a:pull,push`), sorted. */
function mergeScopes(scopes) {
    const byResource = new Map();
    for (const s of scopes) {
        for (const one of s.split(' ')) {
            if (one === '')
                continue;
            const last = one.lastIndexOf(':');
            if (last < 0) {
                byResource.set(one, byResource.get(one) ?? new Set());
                continue;
            }
            const resource = one.slice(0, last);
            const set = byResource.get(resource) ?? new Set();
            for (const a of one.slice(last + 1).split(','))
                if (a)
                    set.add(a);
            byResource.set(resource, set);
        }
    }
    return [...byResource.entries()]
        .map(([r, a]) => (a.size > 0 ? `${r}:${[...a].sort().join(',')}` : r))
        .sort();
}
/**
 * Sends requests to registries with the right `Authorization`, learning each registry's
 * scheme from its first 401 and sending credentials pre-emptively afterwards.
 */
class Authorizer {
    stats = { tokenRequests: 0 };
    #http;
    #creds;
    #logger;
    #states = new Map();
    constructor(http, creds, logger = _content_js__WEBPACK_IMPORTED_MODULE_1__/* .silentLogger */ .qq) {
        this.#http = http;
        this.#creds = creds;
        this.#logger = logger;
    }
    /** Remove known secrets from text (registry messages can echo them). */
    redact(text) {
        return this.#http.redactor.redact(this.#creds.redact(text));
    }
    #state(registry) {
        let s = this.#states.get(registry);
        if (!s) {
            s = { tokens: new Map(), pending: new Map() };
            this.#states.set(registry, s);
        }
        return s;
    }
    /**
     * Send `req` to `registry` (normalised name; credentials are looked up by it) with
     * access `scopes`. A 401 is answered once: by fetching a token for the challenge's
     * scopes or by sending Basic credentials; a second 401 is UNAUTHORIZED.
     */
    async send(registry, req, scopes) {
        const state = this.#state(registry);
        let wanted = mergeScopes(scopes);
        const first = await this.#header(registry, state, wanted, false);
        let res = await this.#http.send(withAuth(req, first));
        if (res.status !== 401)
            return res;
        const challenges = parseChallenges(res.headers['www-authenticate']);
        await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .discard */ .vf)(res);
        const bearer = challenges.find((c) => c.scheme === 'bearer');
        const basic = challenges.find((c) => c.scheme === 'basic');
        let header;
        if (bearer && bearer.params.realm) {
            state.scheme = 'bearer';
            state.realm = bearer.params.realm;
            if (bearer.params.service !== undefined)
                state.service = bearer.params.service;
            if (bearer.params.scope)
                wanted = mergeScopes([...wanted, bearer.params.scope]);
            header = await this.#header(registry, state, wanted, true);
        }
        else if (basic) {
            state.scheme = 'basic';
            header = await this.#header(registry, state, wanted, true);
            if (header === undefined)
                throw unauthorized(registry, undefined);
            if (header === first)
                throw unauthorized(registry, await this.#creds.get(registry));
        }
        else {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('REGISTRY_ERROR', `registry ${registry} asks for an authentication scheme this client does not speak (${challenges.map((c) => c.scheme).join(', ') || 'none'})`, {
                hint: 'the registry must offer Basic or Bearer authentication',
            });
        }
        res = await this.#http.send(withAuth(req, header));
        if (res.status === 401) {
            await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .discard */ .vf)(res);
            this.#forget(state, wanted);
            throw unauthorized(registry, await this.#creds.get(registry));
        }
        return res;
    }
    #forget(state, scopes) {
        state.tokens.delete(scopes.join(' '));
    }
    /** The Authorization header for a request, or undefined while the scheme is unknown or no credentials exist. */
    async #header(registry, state, scopes, force) {
        if (state.scheme === 'basic') {
            const cred = await this.#creds.get(registry);
            if (!cred?.username || cred.password === undefined)
                return undefined;
            return 'Basic ' + Buffer.from(`${cred.username}:${cred.password}`).toString('base64');
        }
        if (state.scheme === 'bearer' && state.realm) {
            const token = await this.#token(registry, state, scopes, force);
            return token ? `Bearer ${token.value}` : undefined;
        }
        return undefined;
    }
    async #token(registry, state, scopes, force) {
        const key = scopes.join(' ');
        const cached = state.tokens.get(key);
        if (!force && cached && cached.expiresAt > Date.now())
            return cached;
        let pending = state.pending.get(key);
        if (!pending) {
            pending = this.#fetchToken(registry, state, scopes).finally(() => state.pending.delete(key));
            state.pending.set(key, pending);
        }
        const token = await pending;
        state.tokens.set(key, token);
        return token;
    }
    #fetchToken(registry, state, scopes) {
        return this.#http.retrying(new URL(state.realm), () => this.#fetchTokenOnce(registry, state, scopes));
    }
    async #fetchTokenOnce(registry, state, scopes) {
        const realm = new URL(state.realm);
        if (realm.protocol === 'http:' && this.#http.scheme(realm.host) !== 'http') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('REGISTRY_ERROR', `registry ${registry} sends credentials to a plain-HTTP token service (${realm.host})`, {
                hint: `list ${realm.host} in insecure if that is intended`,
            });
        }
        const cred = await this.#creds.get(registry);
        this.stats.tokenRequests++;
        let res;
        if (cred?.identityToken) {
            // OAuth2 refresh-token grant (docker's identity tokens), oauth.md.
            const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: cred.identityToken, client_id: 'oci-store' });
            if (state.service !== undefined)
                form.set('service', state.service);
            if (scopes.length > 0)
                form.set('scope', scopes.join(' '));
            res = await this.#http.send({
                method: 'POST',
                url: realm,
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                body: Buffer.from(form.toString()),
            });
        }
        else {
            const url = new URL(realm);
            if (state.service !== undefined)
                url.searchParams.set('service', state.service);
            for (const s of scopes)
                url.searchParams.append('scope', s);
            const headers = {};
            if (cred?.username && cred.password !== undefined) {
                url.searchParams.set('account', cred.username);
                headers.authorization = 'Basic ' + Buffer.from(`${cred.username}:${cred.password}`).toString('base64');
            }
            res = await this.#http.send({ method: 'GET', url, headers });
        }
        if (res.status === 401 || res.status === 403) {
            await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .discard */ .vf)(res);
            throw unauthorized(registry, cred);
        }
        if (res.status !== 200) {
            await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .discard */ .vf)(res);
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('REGISTRY_ERROR', `the token service of ${registry} (${(0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(realm)}) answered HTTP ${res.status}`, {
                hint: 'the registry authentication service had a problem; retry later',
            });
        }
        let body;
        try {
            body = JSON.parse((await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .readBody */ .x8)(res, 1024 * 1024)).toString('utf8'));
        }
        catch {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('REGISTRY_ERROR', `the token service of ${registry} answered something that is not a token`, {
                hint: 'the registry authentication service is misconfigured',
            });
        }
        // Registered (and reported for ::add-mask::) before first use, as docker/login-action masks what it obtains.
        for (const t of [body.access_token, body.token, body.refresh_token])
            if (typeof t === 'string')
                this.#http.redactor.add(t);
        const value = body.access_token || body.token;
        if (!value) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('REGISTRY_ERROR', `the token service of ${registry} answered without a token`, { hint: 'the registry authentication service is misconfigured' });
        }
        // token.md: expires_in defaults to 60 s; renew a little early so a request never carries a stale token.
        const lifetimeMs = (typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60) * 1000;
        const slack = Math.min(10_000, lifetimeMs / 10);
        this.#logger.debug(`token for ${registry} (${scopes.join(' ') || 'no scope'}) valid ${Math.round(lifetimeMs / 1000)} s`);
        return { value, expiresAt: Date.now() + lifetimeMs - slack };
    }
}
function withAuth(req, header) {
    if (header === undefined)
        return req;
    return { ...req, headers: { ...req.headers, authorization: header } };
}
/** UNAUTHORIZED naming where the rejected credentials came from (never their value). */
function unauthorized(registry, cred) {
    if (!cred) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('UNAUTHORIZED', `registry ${registry} requires authentication and no credentials were found for it`, {
            input: 'username',
            hint: 'set username and password, or log in before this step (docker/login-action)',
        });
    }
    if (cred.input === 'username' || cred.input === 'password') {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('UNAUTHORIZED', `registry ${registry} rejected the credentials from the username and password inputs`, {
            input: 'username',
            hint: 'check username and password (a token needs read access to pull and write access to push)',
        });
    }
    if (cred.input === 'github-token') {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('UNAUTHORIZED', `registry ${registry} rejected the github-token input`, {
            input: 'github-token',
            hint: 'give the workflow `permissions: packages: write` to push, or set username and password',
        });
    }
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('UNAUTHORIZED', `registry ${registry} rejected the credentials from ${cred.source}`, {
        hint: 'log in again (docker login or docker/login-action), or set username and password',
    });
}


/***/ }),

/***/ 1454:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Qq: () => (/* binding */ HttpClient),
  vf: () => (/* binding */ discard),
  Hr: () => (/* binding */ isRetryableNetworkError),
  x6: () => (/* binding */ networkError),
  pp: () => (/* binding */ pumpBody),
  x8: () => (/* binding */ readBody),
  E$: () => (/* binding */ redact)
});

// UNUSED EXPORTS: DEFAULT_RETRY, isRetryableStatus, parseRetryAfter

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/reference.ts
var reference = __webpack_require__(5378);
// EXTERNAL MODULE: ./src/core/content.ts
var content = __webpack_require__(9078);
// EXTERNAL MODULE: ./src/core/secrets.ts
var secrets = __webpack_require__(8198);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
var external_node_net_default = /*#__PURE__*/__webpack_require__.n(external_node_net_);
;// CONCATENATED MODULE: ./src/core/registry/wire.ts
/**
 * A lean HTTP/1.1 exchange for blob bytes (downloads and uploads), beside node:http.
 *
 * Why: node:http allocates a fresh buffer for every socket read, copies every body
 * fragment again in its parser (on_body), and hands each through stream machinery; for a
 * 120 MB layer that is most of a pull's CPU, the page faults of the fresh memory and the
 * garbage collections included (measured: ~1.1 s of CPU for node:http alone against
 * ~0.4 s here). This transport reads the socket into a small set of reused buffers
 * (`onread`) and lends body bytes to the consumer, which hands them back when it has
 * written them; nothing is allocated per read.
 *
 * What it speaks (RFC 9112): one request at a time per connection, keep-alive, bodies by
 * Content-Length, chunked transfer coding or connection close; HEAD and 1xx/204/304 answers
 * without a body; interim 1xx answers skipped. Redirects, retries and authentication stay
 * with HttpClient, which uses this only for requests marked `bulk`.
 */


/** Size of one read buffer: large enough that a loopback read fills many per call. */
const READ_BUFFER = 256 * 1024;
/** Reads waiting for a consumer before the socket is paused. */
const MAX_LENT = 16;
/** Largest response head accepted. */
const MAX_HEAD = 64 * 1024;
/** Read buffers shared by every connection; the pool keeps a few for the next reads. */
class BufferPool {
    #free = [];
    take() {
        return this.#free.pop() ?? Buffer.allocUnsafeSlow(READ_BUFFER);
    }
    give(b) {
        if (this.#free.length < 32)
            this.#free.push(b);
    }
}
function wireError(message, code) {
    const e = new Error(message);
    e.code = code;
    return e;
}
/**
 * One connection: parses answers from its reads. Body slices are queued with the buffer
 * they live in; a buffer goes back to the pool when no queued slice refers to it.
 */
class Connection {
    socket;
    key;
    reused = false;
    /** An upload body is still being written: the connection cannot carry another exchange. */
    sending = false;
    #head = [];
    #framing = { kind: 'none' };
    /** Chunked coding: bytes of the current chunk still to come, or a state between chunks. */
    #chunkLeft = 0;
    #chunkState = 'size';
    #line = [];
    #exchange;
    #refs = new Map();
    #pool;
    #closed = false;
    #error;
    onIdle;
    constructor(url, pool, key) {
        this.#pool = pool;
        this.key = key;
        const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
        const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
        const onread = { buffer: () => pool.take(), callback: (n, buf) => this.#onRead(n, buf) };
        // tls.connect takes `onread` too (net.Socket's option; not in its typings).
        const secure = { host, port, ALPNProtocols: ['http/1.1'], onread };
        if (!external_node_net_default().isIP(host))
            secure.servername = host;
        // node:tls loaded on first use: a plain-HTTP registry (loopback, `insecure`) never pays for it.
        this.socket = url.protocol === 'https:' ? process.getBuiltinModule('node:tls').connect(secure) : external_node_net_default().connect({ host, port, onread });
        this.socket.setNoDelay(true);
        this.socket.on('error', (e) => this.#fail(e));
        this.socket.on('close', () => {
            this.#closed = true;
            if (this.#framing.kind === 'close' && this.#exchange?.response) {
                this.#framing = { kind: 'none' };
                this.#exchange.response.end();
                this.#exchange = undefined;
                return;
            }
            this.#fail(this.#error ?? wireError(`connection closed by ${key} before the answer was complete`, 'ECONNRESET'));
        });
    }
    get closed() {
        return this.#closed || this.socket.destroyed;
    }
    begin(exchange) {
        this.#exchange = exchange;
        this.#head = [];
    }
    #fail(err) {
        this.#error ??= err;
        const ex = this.#exchange;
        this.#exchange = undefined;
        if (!ex)
            return;
        if (ex.response)
            ex.response.error(err);
        else
            ex.fail(err);
    }
    destroy(err) {
        if (err)
            this.#error ??= err;
        this.socket.destroy();
    }
    /** A lent slice is done with: its buffer returns to the pool when nothing else refers to it. */
    release(buf) {
        const n = (this.#refs.get(buf) ?? 1) - 1;
        if (n > 0)
            this.#refs.set(buf, n);
        else {
            this.#refs.delete(buf);
            this.#pool.give(buf);
        }
    }
    #lend(buf, slice) {
        this.#refs.set(buf, (this.#refs.get(buf) ?? 0) + 1);
        this.#exchange.response.push(slice, buf);
    }
    #onRead(n, buf) {
        const before = this.#refs.get(buf) ?? 0;
        try {
            this.#parse(buf, 0, n);
        }
        catch (e) {
            this.destroy(e);
            this.#fail(e);
        }
        if ((this.#refs.get(buf) ?? 0) === before)
            this.#pool.give(buf);
        const res = this.#exchange?.response;
        if (res && res.lent >= MAX_LENT) {
            res.paused = true;
            return false;
        }
        return true;
    }
    #parse(buf, from, to) {
        let at = from;
        while (at < to) {
            const ex = this.#exchange;
            if (!ex)
                throw wireError(`${this.key} sent bytes nobody asked for`, 'ECONNRESET');
            if (!ex.response) {
                at = this.#parseHead(buf, at, to, ex);
                continue;
            }
            at = this.#parseBody(buf, at, to);
        }
    }
    #parseHead(buf, at, to, ex) {
        // The end of the head may straddle reads: search the pending bytes with the new ones.
        const carry = this.#head.length > 0 ? Buffer.concat(this.#head) : undefined;
        const view = carry ? Buffer.concat([carry, buf.subarray(at, to)]) : buf.subarray(at, to);
        const end = view.indexOf('\r\n\r\n');
        if (end < 0) {
            if (view.length > MAX_HEAD)
                throw wireError(`${this.key} sent a response head larger than ${MAX_HEAD} bytes`, 'EPROTO');
            this.#head = [Buffer.from(view)];
            return to;
        }
        this.#head = [];
        const used = end + 4 - (carry?.length ?? 0);
        const text = view.toString('latin1', 0, end);
        const lines = text.split('\r\n');
        const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
        if (!m)
            throw wireError(`${this.key} did not answer in HTTP/1.1`, 'EPROTO');
        const status = Number(m[1]);
        const headers = {};
        for (const line of lines.slice(1)) {
            const i = line.indexOf(':');
            if (i <= 0)
                continue;
            const k = line.slice(0, i).trim().toLowerCase();
            const v = line.slice(i + 1).trim();
            const prev = headers[k];
            if (k === 'set-cookie')
                headers[k] = [...(prev ?? []), v];
            else
                headers[k] = prev === undefined ? v : `${prev}, ${v}`;
        }
        if (status >= 100 && status < 200)
            return at + used; // interim answer (100 Continue): the real one follows
        const te = String(headers['transfer-encoding'] ?? '').toLowerCase();
        const cl = headers['content-length'];
        const keep = !/\bclose\b/i.test(String(headers.connection ?? '')) && lines[0].startsWith('HTTP/1.1');
        if (ex.method === 'HEAD' || status === 204 || status === 304)
            this.#framing = { kind: 'none' };
        else if (te.includes('chunked')) {
            this.#framing = { kind: 'chunked' };
            this.#chunkState = 'size';
            this.#line = [];
        }
        else if (cl !== undefined) {
            const n = Number(cl);
            if (!Number.isSafeInteger(n) || n < 0)
                throw wireError(`${this.key} sent Content-Length ${String(cl)}`, 'EPROTO');
            this.#framing = n === 0 ? { kind: 'none' } : { kind: 'length', left: n };
        }
        else
            this.#framing = { kind: 'close' };
        const res = new WireResponse(status, headers, this, keep && this.#framing.kind !== 'close');
        ex.response = res;
        ex.resolveHead(res);
        if (this.#framing.kind === 'none')
            this.#finish();
        return at + used;
    }
    #parseBody(buf, at, to) {
        const f = this.#framing;
        if (f.kind === 'length') {
            const n = Math.min(f.left, to - at);
            this.#lend(buf, buf.subarray(at, at + n));
            f.left -= n;
            if (f.left === 0)
                this.#finish();
            return at + n;
        }
        if (f.kind === 'close') {
            this.#lend(buf, buf.subarray(at, to));
            return to;
        }
        if (f.kind === 'chunked')
            return this.#parseChunked(buf, at, to);
        throw wireError(`${this.key} sent more than its answer`, 'ECONNRESET');
    }
    /** Chunked transfer coding (RFC 9112 §7.1): size line, data, CRLF, …, 0, trailers, CRLF. */
    #parseChunked(buf, at, to) {
        if (this.#chunkState === 'data') {
            const n = Math.min(this.#chunkLeft, to - at);
            this.#lend(buf, buf.subarray(at, at + n));
            this.#chunkLeft -= n;
            if (this.#chunkLeft === 0)
                this.#chunkState = 'crlf';
            return at + n;
        }
        const nl = buf.indexOf(10, at);
        if (nl < 0 || nl >= to) {
            this.#line.push(Buffer.from(buf.subarray(at, to)));
            if (this.#line.reduce((a, b) => a + b.length, 0) > 4096)
                throw wireError(`${this.key} sent a malformed chunk`, 'EPROTO');
            return to;
        }
        const line = Buffer.concat([...this.#line, buf.subarray(at, nl)]).toString('latin1').replace(/\r$/, '');
        this.#line = [];
        if (this.#chunkState === 'crlf') {
            if (line !== '')
                throw wireError(`${this.key} sent a malformed chunk`, 'EPROTO');
            this.#chunkState = 'size';
        }
        else if (this.#chunkState === 'size') {
            const size = parseInt(line.split(';')[0].trim(), 16);
            if (!Number.isSafeInteger(size) || size < 0 || !/^[0-9a-fA-F]+/.test(line))
                throw wireError(`${this.key} sent a malformed chunk size`, 'EPROTO');
            if (size === 0)
                this.#chunkState = 'trailer';
            else {
                this.#chunkLeft = size;
                this.#chunkState = 'data';
            }
        }
        else if (line === '') {
            this.#finish();
        }
        return nl + 1;
    }
    #finish() {
        const res = this.#exchange?.response;
        this.#exchange = undefined;
        this.#framing = { kind: 'none' };
        res?.end();
    }
    /**
     * Back to the idle pool once the answer has been read and every lent slice returned
     * (closed when the server said so). False while slices are still out.
     */
    settle(res) {
        if (this.#exchange !== undefined || this.#refs.size > 0)
            return false;
        if (res.reusable && !this.closed && !this.sending)
            this.onIdle?.(this);
        else
            this.socket.destroy();
        return true;
    }
}
/** A response from the wire: lent body slices, read with `pump` (or as a copying `body`). */
class WireResponse {
    status;
    headers;
    reusable;
    /** Slices read and not yet handed back. */
    lent = 0;
    paused = false;
    #conn;
    #queue = [];
    #ended = false;
    #error;
    #wake;
    #body;
    #consumed = false;
    #settled = false;
    constructor(status, headers, conn, reusable) {
        this.status = status;
        this.headers = headers;
        this.#conn = conn;
        this.reusable = reusable;
    }
    /** Called for every read and every slice handed back (the stall watchdog listens). */
    onActivity;
    get ended() {
        return this.#ended;
    }
    /** Slices waiting in memory for the consumer (a slow consumer is not a stalled server). */
    get waiting() {
        return this.#queue.length;
    }
    push(slice, buf) {
        this.#queue.push({ slice, buf });
        this.lent++;
        this.onActivity?.();
        this.#wake?.();
    }
    end() {
        this.#ended = true;
        this.#wake?.();
        if (this.#queue.length === 0)
            this.#settle();
    }
    #settle() {
        if (!this.#settled)
            this.#settled = this.#conn.settle(this);
    }
    error(err) {
        this.#error ??= err;
        this.#wake?.();
    }
    destroy(err) {
        this.#error ??= err ?? wireError('response abandoned', 'ECONNABORTED');
        this.#settled = true;
        this.#conn.destroy(err);
        for (const q of this.#queue.splice(0))
            this.#conn.release(q.buf);
        this.#wake?.();
    }
    /**
     * Hand the body to `sink`, batch by batch (all slices read while the previous batch was
     * written); each batch is lent until the sink settles. Resolves at the end of the body.
     */
    async pump(sink) {
        if (this.#consumed)
            throw new Error('response body already consumed');
        this.#consumed = true;
        try {
            for (;;) {
                if (this.#error)
                    throw this.#error;
                if (this.#queue.length === 0) {
                    if (this.#ended)
                        break;
                    await new Promise((r) => (this.#wake = r));
                    this.#wake = undefined;
                    continue;
                }
                const batch = this.#queue.splice(0);
                try {
                    await sink(batch.map((q) => q.slice));
                }
                finally {
                    for (const q of batch)
                        this.#conn.release(q.buf);
                    this.lent -= batch.length;
                    this.onActivity?.();
                    if (this.paused && this.lent < MAX_LENT) {
                        this.paused = false;
                        this.#conn.socket.resume();
                    }
                }
            }
        }
        catch (e) {
            this.destroy(e);
            throw e;
        }
        this.#settle();
    }
    /** The body as a stream of copies (error bodies, small answers). */
    get body() {
        if (!this.#body) {
            const self = this;
            this.#body = external_node_stream_.Readable.from((async function* () {
                const out = [];
                let wake;
                let done = false;
                let failure;
                self
                    .pump((chunks) => {
                    for (const c of chunks)
                        out.push(Buffer.from(c));
                    wake?.();
                })
                    .then(() => (done = true), (e) => {
                    failure = e;
                    done = true;
                })
                    .finally(() => wake?.());
                for (;;) {
                    if (out.length > 0) {
                        yield out.shift();
                        continue;
                    }
                    if (done)
                        break;
                    await new Promise((r) => (wake = r));
                    wake = undefined;
                }
                if (failure !== undefined)
                    throw failure;
            })(), { objectMode: false });
        }
        return this.#body;
    }
}
/** Keep-alive connections per origin and the shared read buffers. */
class Wire {
    #pool = new BufferPool();
    #idle = new Map();
    #maxIdle;
    constructor(maxIdle = 8) {
        this.#maxIdle = maxIdle;
    }
    #connection(url) {
        const key = `${url.protocol}//${url.host}`;
        const idle = this.#idle.get(key);
        while (idle && idle.length > 0) {
            const c = idle.pop();
            if (!c.closed) {
                c.reused = true;
                return c;
            }
        }
        const c = new Connection(url, this.#pool, key);
        c.onIdle = (conn) => {
            const list = this.#idle.get(conn.key) ?? [];
            if (list.length >= this.#maxIdle) {
                conn.socket.destroy();
                return;
            }
            list.push(conn);
            this.#idle.set(conn.key, list);
            conn.socket.unref();
        };
        // A server closing an idle connection takes it out of the pool.
        c.socket.once('close', () => {
            const l = this.#idle.get(c.key);
            const i = l?.indexOf(c) ?? -1;
            if (l && i >= 0)
                l.splice(i, 1);
        });
        return c;
    }
    /**
     * Send a request; resolves with the answer's head (the body follows). A reused
     * connection the server closed meanwhile is replaced once, before anything was answered.
     * `signal` of `abort` ends the exchange with that error.
     */
    async request(req, hooks = {}) {
        for (let fresh = 0;; fresh++) {
            const conn = this.#connection(req.url);
            try {
                return await this.#exchange(conn, req, hooks);
            }
            catch (e) {
                if (conn.reused && fresh === 0 && !e.answered && e.code === 'ECONNRESET' && !(req.body && !(req.body instanceof Uint8Array)))
                    continue;
                throw e;
            }
        }
    }
    #exchange(conn, req, hooks) {
        return new Promise((resolve, reject) => {
            let settled = false;
            const fail = (err) => {
                conn.destroy(err);
                if (!settled) {
                    settled = true;
                    reject(err);
                }
            };
            conn.begin({
                method: req.method,
                resolveHead: (res) => {
                    settled = true;
                    resolve(res);
                },
                fail,
            });
            hooks.abort?.(fail);
            conn.socket.ref();
            const size = req.body === undefined ? undefined : req.body instanceof Uint8Array ? req.body.length : req.body.size;
            let head = `${req.method} ${req.url.pathname}${req.url.search} HTTP/1.1\r\nhost: ${req.url.host}\r\n`;
            for (const [k, v] of Object.entries(req.headers)) {
                if (k === 'host' || k === 'content-length' || /[\r\n]/.test(v))
                    continue;
                head += `${k}: ${v}\r\n`;
            }
            if (size !== undefined)
                head += `content-length: ${size}\r\n`;
            head += '\r\n';
            const body = req.body;
            if (body === undefined || body instanceof Uint8Array) {
                conn.socket.write(body && body.length > 0 ? Buffer.concat([Buffer.from(head, 'latin1'), body]) : head);
                return;
            }
            conn.socket.write(head);
            void this.#send(conn, body, req, hooks.touch, () => settled).catch((e) => fail(e));
        });
    }
    /** Write an upload's lent chunks, each after the socket took the previous one. */
    async #send(conn, body, req, touch, answered) {
        let sent = 0;
        conn.sending = true;
        for await (const chunk of body.chunks()) {
            // The server answered early (an error, or a redirect): the rest is not wanted.
            if (answered() || conn.closed)
                return;
            await new Promise((resolve, reject) => {
                conn.socket.write(chunk, (err) => (err ? reject(err) : resolve()));
            });
            sent += chunk.length;
            touch?.();
            req.onSent?.(sent);
        }
        if (sent !== body.size)
            throw wireError(`the upload body had ${sent} bytes, announced ${body.size}`, 'EBADBODY');
        conn.sending = false;
    }
    /** Close idle connections. */
    close() {
        for (const list of this.#idle.values())
            for (const c of list.splice(0))
                c.socket.destroy();
    }
}

;// CONCATENATED MODULE: ./src/core/registry/http.ts







// node:http through process.getBuiltinModule, not an ES import: the ES module wrapper of a
// built-in reads every export, and node:http's lazy WebSocket/CloseEvent/MessageEvent getters load
// Node's bundled fetch (undici) — 30 ms of wall and 45 ms of CPU at every start-up (Node 24,
// in-process timing of `await import('node:http')`), paid by every command that builds a
// registry client although none of them uses fetch.
const nodeHttp = process.getBuiltinModule('node:http');
/** Defaults: 6 retries, 200 ms doubling to 10 s, Retry-After honoured up to 60 s. */
const DEFAULT_RETRY = { retries: 6, baseDelayMs: 200, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 };
/** Read a response's body into `sink`: lent chunks from a bulk answer, else the stream's own. */
async function pumpBody(res, sink) {
    if (res.pump)
        return res.pump(sink);
    for await (const chunk of res.body)
        await sink([chunk]);
}
const RETRYABLE_ERRNO = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'ENETDOWN',
    'EHOSTDOWN',
    'STALLED',
    'UND_ERR_SOCKET',
]);
/** True for failures worth another attempt: resets, refusals, timeouts, stalls. */
function isRetryableNetworkError(err) {
    if (err instanceof errors/* OciError */.Mf)
        return false;
    if ((0,errors/* isErrno */.r)(err, ...RETRYABLE_ERRNO))
        return true;
    const msg = messageOf(err);
    return /socket hang up|aborted|premature close/i.test(msg);
}
/** True for statuses worth another attempt (distribution-spec clients retry these). */
function isRetryableStatus(status) {
    return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}
/** Parse `Retry-After` (seconds or an HTTP date) into milliseconds. */
function parseRetryAfter(value, now = Date.now()) {
    if (value === undefined)
        return undefined;
    const v = value.trim();
    if (/^\d+$/.test(v))
        return Number(v) * 1000;
    const t = Date.parse(v);
    if (Number.isNaN(t))
        return undefined;
    return Math.max(0, t - now);
}
/** An error for a request that made no progress. */
function stallError(ms) {
    const e = new Error(`no data for ${ms} ms`);
    e.code = 'STALLED';
    return e;
}
/** Read a whole (small) body, failing with TOO_LARGE above `max` bytes. */
async function readBody(res, max = 4 * 1024 * 1024) {
    const body = res instanceof external_node_stream_.Readable ? res : res.body;
    const chunks = [];
    let n = 0;
    for await (const chunk of body) {
        n += chunk.length;
        if (n > max) {
            body.destroy();
            throw new errors/* OciError */.Mf('TOO_LARGE', `response body is larger than ${max} bytes`, {
                hint: 'the registry sent more than a manifest or token response may hold',
            });
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks);
}
/** Throw away a response body so its socket returns to the pool. */
async function discard(res) {
    if (res.body.readableEnded || res.body.destroyed)
        return;
    try {
        let n = 0;
        for await (const chunk of res.body) {
            n += chunk.length;
            // A large error body is not worth reading: close the socket instead.
            if (n > 1024 * 1024) {
                res.body.destroy();
                break;
            }
        }
    }
    catch {
        // the connection broke while draining: nothing to keep
    }
}
/** Counts bytes through, calling `touch` on each chunk (watchdog and progress). */
class Tap extends external_node_stream_.Transform {
    touch;
    #n = 0;
    constructor(touch) {
        super();
        this.touch = touch;
    }
    _transform(chunk, _e, cb) {
        this.#n += chunk.length;
        this.touch(this.#n);
        cb(null, chunk);
    }
}
/** An HTTP client with keep-alive, retries and stall detection. */
class HttpClient {
    stats = { requests: 0, retries: 0 };
    /** Every credential this client has sent (and what its callers registered). */
    redactor;
    #insecure;
    #http;
    /** Made on the first HTTPS request: node:https and node:tls cost ~50 ms of start-up to load. */
    #httpsAgent;
    #maxSockets;
    #stallMs;
    #retry;
    #logger;
    #signal;
    #userAgent;
    #random;
    #wire;
    constructor(options = {}) {
        this.#insecure = new Set((options.insecure ?? []).map((h) => h.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/+$/, '')));
        const maxSockets = options.maxSockets ?? 8;
        this.#http = new nodeHttp.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
        this.#maxSockets = maxSockets;
        this.#wire = new Wire(maxSockets);
        this.#stallMs = options.stallTimeoutMs ?? 60_000;
        this.#retry = { ...DEFAULT_RETRY, ...options.retry };
        this.#logger = options.logger ?? content/* silentLogger */.qq;
        this.#signal = options.signal;
        this.#userAgent = options.userAgent ?? 'oci-store';
        this.#random = options.random ?? Math.random;
        this.redactor = options.redactor ?? new secrets/* Redactor */.pO();
    }
    /** The retry policy in force. */
    get retryPolicy() {
        return this.#retry;
    }
    #https() {
        const max = this.#maxSockets;
        return (this.#httpsAgent ??= new (process.getBuiltinModule('node:https').Agent)({ keepAlive: true, maxSockets: max, maxFreeSockets: max }));
    }
    /**
     * The scheme a registry is reached with: plain HTTP for loopback hosts and hosts in
     * `insecure` (by `host:port` or by `host`), HTTPS for everything else.
     */
    scheme(host) {
        const h = host.toLowerCase();
        if ((0,reference/* isLoopbackHost */.cW)(h))
            return 'http';
        if (this.#insecure.has(h))
            return 'http';
        const bare = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d+$/, '');
        return this.#insecure.has(bare) ? 'http' : 'https';
    }
    /** `scheme://host` of a registry's API. */
    origin(host) {
        return `${this.scheme(host)}://${host}`;
    }
    /** The backoff before retry number `attempt` (0-based): full jitter over an exponential ceiling. */
    backoff(attempt) {
        const ceiling = Math.min(this.#retry.maxDelayMs, this.#retry.baseDelayMs * 2 ** attempt);
        return Math.floor(ceiling / 2 + (this.#random() * ceiling) / 2);
    }
    /** Wait before a retry; honours the abort signal. */
    async pause(ms) {
        if (ms <= 0)
            return;
        try {
            await (0,promises_.setTimeout)(ms, undefined, this.#signal ? { signal: this.#signal } : undefined);
        }
        catch {
            throw cancelled();
        }
    }
    /**
     * Run `fn` (a request and the reading of its small body) again when it fails with a
     * retryable network error — a body cut mid-way is not covered by `send`'s retries,
     * which end once the head has arrived.
     */
    async retrying(url, fn) {
        for (let attempt = 0;; attempt++) {
            try {
                return await fn();
            }
            catch (err) {
                if (attempt >= this.#retry.retries || !isRetryableNetworkError(err))
                    throw networkError(err, url);
                this.stats.retries++;
                await this.pause(this.backoff(attempt));
            }
        }
    }
    /**
     * Send a request, retrying retryable failures. Returns the final response whatever its
     * status (callers map statuses to errors); throws NETWORK when every attempt failed to
     * get an answer.
     */
    async send(req) {
        const canRetry = req.retry !== false;
        const follow = req.followRedirects ?? (req.method === 'GET' || req.method === 'HEAD');
        let attempt = 0;
        let url = req.url;
        let headers = { ...req.headers };
        let redirects = 0;
        for (;;) {
            if (this.#signal?.aborted)
                throw cancelled();
            let res;
            try {
                this.stats.requests++;
                res = await this.#once(req, url, headers);
            }
            catch (err) {
                // A refused connection rarely heals within seconds: two more tries, not the full budget.
                const refusedOut = (0,errors/* isErrno */.r)(err, 'ECONNREFUSED') && attempt >= Math.min(2, this.#retry.retries);
                if (!canRetry || attempt >= this.#retry.retries || refusedOut || !isRetryableNetworkError(err))
                    throw networkError(err, url);
                const wait = this.backoff(attempt);
                this.#logger.debug(`${req.method} ${redact(url)}: ${describe(err)}; retry ${attempt + 1}/${this.#retry.retries} in ${wait} ms`);
                attempt++;
                this.stats.retries++;
                await this.pause(wait);
                continue;
            }
            if (follow && res.status >= 300 && res.status < 400 && res.header('location') !== undefined) {
                await discard(res);
                if (++redirects > 10)
                    throw new errors/* OciError */.Mf('REGISTRY_ERROR', `too many redirects from ${url.host}`, { hint: 'the registry redirects in a loop' });
                const next = new URL(res.header('location'), url);
                if (next.origin !== url.origin) {
                    // Credentials are for the registry, never for the storage backend it redirects to.
                    headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'authorization'));
                }
                url = next;
                continue;
            }
            if (canRetry && isRetryableStatus(res.status) && attempt < this.#retry.retries) {
                const after = parseRetryAfter(res.header('retry-after'));
                const wait = after !== undefined ? Math.min(after, this.#retry.maxRetryAfterMs) : this.backoff(attempt);
                this.#logger.debug(`${req.method} ${redact(url)}: HTTP ${res.status}; retry ${attempt + 1}/${this.#retry.retries} in ${wait} ms`);
                await discard(res);
                attempt++;
                this.stats.retries++;
                await this.pause(wait);
                continue;
            }
            return res;
        }
    }
    /** One attempt. Resolves with the response head; the body streams on. */
    async #once(req, url, headers) {
        const body = req.body;
        const size = body === undefined ? 0 : body instanceof Uint8Array ? body.length : body.size;
        const h = { 'user-agent': this.#userAgent };
        for (const [k, v] of Object.entries(headers))
            if (v !== undefined)
                h[k.toLowerCase()] = v;
        // Known before the answer arrives: an answer that echoes the header is then redacted.
        if (h['authorization'] !== undefined)
            this.redactor.addAuthorization(h['authorization']);
        if (body !== undefined || req.method === 'PUT' || req.method === 'POST' || req.method === 'PATCH')
            h['content-length'] = String(size);
        if (req.bulk)
            return this.#onceWire(req, url, h);
        let source;
        if (body !== undefined && !(body instanceof Uint8Array))
            source = await body.open();
        const isHttps = url.protocol === 'https:';
        const mod = isHttps ? process.getBuiltinModule('node:https') : nodeHttp;
        const stallMs = this.#stallMs;
        const signal = this.#signal;
        return new Promise((resolve, reject) => {
            let timer;
            let response;
            let settled = false;
            const clear = () => {
                if (timer)
                    clearTimeout(timer);
                timer = undefined;
                signal?.removeEventListener('abort', onAbort);
            };
            const arm = () => {
                if (timer)
                    clearTimeout(timer);
                timer = setTimeout(onStall, stallMs);
                timer.unref?.();
            };
            const onStall = () => {
                // Data waiting for a slow consumer is not a stalled server.
                if (response && response.readableLength > 0) {
                    arm();
                    return;
                }
                r.destroy(stallError(stallMs));
            };
            const onAbort = () => {
                r.destroy(cancelled());
            };
            const fail = (err) => {
                clear();
                source?.destroy();
                if (!settled) {
                    settled = true;
                    reject(err);
                }
            };
            const r = mod.request(url, { method: req.method, headers: h, agent: isHttps ? this.#https() : this.#http }, (res) => {
                // The body flows through a tap that re-arms the watchdog; a 'data' listener on
                // `res` itself would start the flow before the caller reads.
                const tapped = new Tap(arm);
                response = tapped;
                arm();
                (0,external_node_stream_.pipeline)(res, tapped, clear);
                settled = true;
                resolve({
                    status: res.statusCode ?? 0,
                    headers: res.headers,
                    url,
                    body: tapped,
                    header(name) {
                        const v = res.headers[name.toLowerCase()];
                        return Array.isArray(v) ? v[0] : v;
                    },
                });
            });
            r.on('error', fail);
            arm();
            if (signal) {
                if (signal.aborted) {
                    onAbort();
                    return;
                }
                signal.addEventListener('abort', onAbort, { once: true });
            }
            if (source === undefined) {
                r.end(body instanceof Uint8Array ? body : undefined);
                return;
            }
            const progress = body.onProgress;
            const tap = new Tap((n) => {
                arm();
                progress?.(n);
            });
            source.once('error', (err) => {
                // The body's own failure (a digest mismatch in the store) is the error to report.
                r.destroy(err);
                fail(err);
            });
            source.pipe(tap).pipe(r);
        });
    }
    /**
     * One attempt on the lean transport: the same watchdog (re-armed by every read, every
     * chunk sent and every batch the consumer hands back) and the same abort signal.
     */
    async #onceWire(req, url, headers) {
        const stallMs = this.#stallMs;
        const signal = this.#signal;
        if (signal?.aborted)
            throw cancelled();
        const body = req.body;
        let wireBody;
        if (body === undefined || body instanceof Uint8Array)
            wireBody = body;
        else {
            const replayable = body;
            wireBody = {
                size: replayable.size,
                chunks: () => (replayable.chunks ? replayable.chunks() : openChunks(replayable)),
            };
        }
        let res;
        let failEarly;
        let timer;
        const clear = () => {
            if (timer)
                clearTimeout(timer);
            timer = undefined;
            signal?.removeEventListener('abort', onAbort);
        };
        const stop = (err) => {
            clear();
            if (res)
                res.destroy(err);
            else
                failEarly?.(err);
        };
        const onStall = () => {
            if (res?.ended && res.waiting === 0)
                return clear();
            // Bytes waiting for a slow consumer are not a stalled server.
            if (res && res.waiting > 0)
                return arm();
            stop(stallError(stallMs));
        };
        const arm = () => {
            if (timer)
                clearTimeout(timer);
            timer = setTimeout(onStall, stallMs);
            timer.unref?.();
        };
        const onAbort = () => stop(cancelled());
        signal?.addEventListener('abort', onAbort, { once: true });
        arm();
        const progress = body !== undefined && !(body instanceof Uint8Array) ? body.onProgress : undefined;
        try {
            const wireReq = { method: req.method, url, headers, ...(wireBody !== undefined ? { body: wireBody } : {}), ...(progress ? { onSent: progress } : {}) };
            res = await this.#wire.request(wireReq, { abort: (fail) => (failEarly = fail), touch: arm });
        }
        catch (err) {
            clear();
            throw err;
        }
        const answer = res;
        answer.onActivity = arm;
        if (answer.ended && answer.waiting === 0)
            clear();
        let stream;
        return {
            status: answer.status,
            headers: answer.headers,
            url,
            get body() {
                if (!stream) {
                    stream = answer.body;
                    stream.once('close', clear);
                }
                return stream;
            },
            header(name) {
                const v = answer.headers[name.toLowerCase()];
                return Array.isArray(v) ? v[0] : v;
            },
            async pump(sink) {
                try {
                    await answer.pump(sink);
                }
                finally {
                    clear();
                }
            },
        };
    }
    /** Close idle sockets; later requests open new ones. */
    close() {
        this.#http.destroy();
        this.#httpsAgent?.destroy();
        this.#wire.close();
    }
}
/** The chunks of a replayable body that has no lent form: its stream's own chunks. */
async function* openChunks(body) {
    const stream = await body.open();
    try {
        for await (const chunk of stream)
            yield chunk;
    }
    finally {
        stream.destroy();
    }
}
function cancelled() {
    return new errors/* OciError */.Mf('CANCELLED', 'the operation was cancelled');
}
/** An error's `code`, also for errors from another realm (instanceof would fail there). */
function codeOf(err) {
    const code = typeof err === 'object' && err !== null ? err.code : undefined;
    return typeof code === 'string' ? code : undefined;
}
function messageOf(err) {
    const m = typeof err === 'object' && err !== null ? err.message : undefined;
    return typeof m === 'string' ? m : String(err);
}
function describe(err) {
    const code = codeOf(err);
    const msg = messageOf(err);
    if (code)
        return msg.includes(code) ? msg : `${code} (${msg})`;
    return msg;
}
/** A URL without credentials or query (upload URLs carry state tokens). */
function redact(url) {
    return `${url.protocol}//${url.host}${url.pathname}`;
}
/** Map a transport failure to one clear NETWORK error naming the host. */
function networkError(err, url) {
    if (err instanceof errors/* OciError */.Mf)
        return err;
    const code = codeOf(err);
    const host = url.host;
    let hint = 'check the registry host name and that the runner can reach it';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
        hint = `the host name ${url.hostname} does not resolve; check the registry in the reference`;
    else if (code === 'ECONNREFUSED')
        hint = `nothing listens at ${host}; check the host and port (plain-HTTP registries must be listed in insecure)`;
    else if (code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code)) {
        hint = 'the registry TLS certificate is not trusted; add its CA with NODE_EXTRA_CA_CERTS, or list the host in insecure if it speaks plain HTTP';
    }
    else if (code === 'EPROTO' || /wrong version number|packet length/i.test(describe(err))) {
        hint = 'the registry does not speak HTTPS; list the host in insecure to use plain HTTP';
    }
    return new errors/* OciError */.Mf('NETWORK', `cannot reach registry ${host}: ${describe(err)}`, { hint, cause: err });
}


/***/ }),

/***/ 4711:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ZJ: () => (/* binding */ MAX_MANIFEST_BYTES),
  LN: () => (/* binding */ Repository),
  Q3: () => (/* binding */ isManifestType)
});

// UNUSED EXPORTS: MANIFEST_ACCEPT, detectManifestType

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/digest.ts
var core_digest = __webpack_require__(5543);
// EXTERNAL MODULE: ./src/core/reference.ts
var core_reference = __webpack_require__(5378);
// EXTERNAL MODULE: ./src/core/types/oci.ts
var oci = __webpack_require__(7736);
// EXTERNAL MODULE: ./src/core/registry/http.ts + 1 modules
var registry_http = __webpack_require__(1454);
// EXTERNAL MODULE: ./src/core/registry/auth.ts
var auth = __webpack_require__(9709);
;// CONCATENATED MODULE: ./src/core/registry/errors.ts
/**
 * Registry error responses → OciError codes.
 *
 * Reference: distribution-spec spec.md "Error Codes" — a failed request answers
 * `{"errors":[{"code","message","detail"}]}`; callers match our code, never the text.
 */


/** Parse an error body; tolerant of registries that answer HTML or nothing. */
function parseErrorBody(body) {
    try {
        const parsed = JSON.parse(body.toString('utf8'));
        if (Array.isArray(parsed.errors))
            return parsed.errors.filter((e) => typeof e === 'object' && e !== null);
    }
    catch {
        // not JSON
    }
    return [];
}
function clip(text, max = 200) {
    const one = text.replace(/\s+/g, ' ').trim();
    return one.length > max ? one.slice(0, max) + '…' : one;
}
/** Read the error body of `res` and build the OciError for it. */
async function registryError(res, ctx) {
    let entries = [];
    if (res.body.readable) {
        try {
            entries = parseErrorBody(await (0,registry_http/* readBody */.x8)(res, 64 * 1024));
        }
        catch {
            res.body.destroy();
        }
    }
    return errorFor(res.status, entries, ctx);
}
/** The OciError for a status and error entries. */
function errorFor(status, entries, ctx) {
    const redact = ctx.redact ?? ((t) => t);
    const first = entries[0];
    const code = first?.code?.toUpperCase();
    const said = first?.message ? `: ${clip(redact(first.message))}` : '';
    const repo = `${ctx.registry}/${ctx.repository}`;
    // The registry's text can echo the Authorization header it got: redacted before clipping
    // (a clipped secret no longer matches), and the whole message once more.
    const make = (c, message, hint) => new errors/* OciError */.Mf(c, redact(message), { hint: redact(hint) });
    if (code === 'DENIED' || status === 403) {
        return make('DENIED', `registry ${ctx.registry} denied ${ctx.op} access to ${ctx.repository}${said}`, ctx.op === 'push'
            ? `check that the credentials may push to ${repo} (a GitHub token needs packages: write)`
            : `check that the credentials may pull ${repo}`);
    }
    if (code === 'UNAUTHORIZED' || status === 401) {
        return make('UNAUTHORIZED', `registry ${ctx.registry} refused ${ctx.op} of ${ctx.repository}${said}`, 'set username and password, or log in before this step');
    }
    if (code === 'NAME_UNKNOWN') {
        return make('NAME_UNKNOWN', `repository ${repo} does not exist`, 'check the repository name in the reference');
    }
    if (code === 'TOOMANYREQUESTS' || status === 429) {
        return make('REGISTRY_ERROR', `registry ${ctx.registry} rate-limited the request for ${ctx.what}${said}`, 'log in to raise the limit, or retry later');
    }
    if (code === 'MANIFEST_UNKNOWN' || code === 'BLOB_UNKNOWN' || status === 404) {
        return make('NOT_FOUND', `${ctx.what} not found in ${repo}`, 'check the tag or digest');
    }
    if (code === 'MANIFEST_INVALID' || code === 'MANIFEST_BLOB_UNKNOWN' || code === 'MANIFEST_UNVERIFIED') {
        return make('INVALID_MANIFEST', `registry ${ctx.registry} rejected ${ctx.what}${said}`, 'the manifest refers to content the registry lacks or is malformed');
    }
    if (code === 'DIGEST_INVALID') {
        return make('DIGEST_MISMATCH', `registry ${ctx.registry} computed a different digest for ${ctx.what}${said}`, 'the content changed while it was sent; retry');
    }
    if (code === 'SIZE_INVALID') {
        return make('SIZE_MISMATCH', `registry ${ctx.registry} got a different size for ${ctx.what}${said}`, 'the content changed while it was sent; retry');
    }
    if (code === 'UNSUPPORTED' || status === 415) {
        return make('UNSUPPORTED_MEDIA_TYPE', `registry ${ctx.registry} does not support ${ctx.what}${said}`, 'the registry may not accept this media type');
    }
    if (status === 413) {
        return make('TOO_LARGE', `registry ${ctx.registry} refused ${ctx.what} as too large`, 'the registry limits the size of this content');
    }
    if (status >= 500) {
        return make('REGISTRY_ERROR', `registry ${ctx.registry} failed on ${ctx.what}: HTTP ${status}${said}`, 'the registry had a problem; retry later');
    }
    return make('REGISTRY_ERROR', `registry ${ctx.registry} answered HTTP ${status} for ${ctx.what}${said}`, 'see the registry documentation for this error');
}

;// CONCATENATED MODULE: ./src/core/registry/repository.ts
var _a;
/**
 * One remote repository (`registry/name`) as a content Target: the same interfaces as the
 * layout store, so graph copy (copy.ts) is both pull and push.
 *
 * Reference: distribution-spec spec.md — "Pulling manifests/blobs", "Pushing blobs"
 * (POST+PUT monolithic, PATCH chunked, `OCI-Chunk-Min-Length`, upload status `Range`),
 * "Mounting a blob from another repository", "Pushing manifests with subject"
 * (`OCI-Subject`), "Listing Referrers" and "Referrers Tag Schema" (the `sha256-<hex>`
 * fallback tag of registries without the referrers API).
 */








/** Largest manifest accepted (distribution-spec: registries SHOULD accept at least 4 MiB). */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** Every manifest type we read, in the Accept header of manifest requests. */
const MANIFEST_ACCEPT = [oci/* MediaType */.zu.ImageManifest, oci/* MediaType */.zu.ImageIndex, oci/* MediaType */.zu.DockerManifest, oci/* MediaType */.zu.DockerManifestList].join(', ');
/** True for media types fetched and pushed through the `manifests` endpoint. */
function isManifestType(mediaType) {
    return (0,oci/* isManifestMediaType */.CM)(mediaType) || (0,oci/* isIndexMediaType */.$$)(mediaType) || oci/* SCHEMA1_MEDIA_TYPES */.uM.has(mediaType);
}
/** Parsed `Range: 0-<end>` of an upload: the next offset. */
function uploadOffset(range) {
    if (range === undefined)
        return undefined;
    const m = /^(?:bytes=)?0-(\d+)$/.exec(range.trim());
    if (!m)
        return undefined;
    const end = Number(m[1]);
    // distribution answers 0-0 for an empty upload too; resuming at 0 is always safe.
    return end === 0 ? 0 : end + 1;
}
function mediaTypeOf(contentType) {
    return contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
}
/** The manifest media type of fetched bytes: the Content-Type when it is one we know, else the JSON's own. */
function detectManifestType(contentType, bytes) {
    let parsed;
    try {
        parsed = JSON.parse(bytes.toString('utf8'));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
            throw new Error('not an object');
    }
    catch {
        throw new errors/* OciError */.Mf('INVALID_MANIFEST', 'the registry sent a manifest that is not a JSON object', { hint: 'the registry or the image is broken' });
    }
    const ct = mediaTypeOf(contentType);
    const own = typeof parsed.mediaType === 'string' ? parsed.mediaType : undefined;
    if ((ct !== undefined && oci/* SCHEMA1_MEDIA_TYPES */.uM.has(ct)) || parsed.schemaVersion === 1 || (own !== undefined && oci/* SCHEMA1_MEDIA_TYPES */.uM.has(own))) {
        throw new errors/* OciError */.Mf('UNSUPPORTED_MEDIA_TYPE', 'the image is a Docker schema 1 manifest, which is deprecated and not supported', {
            input: 'ref',
            hint: 're-push the image with a current docker, buildx or skopeo (schema 2 or OCI), or use a newer tag',
        });
    }
    let mediaType;
    if (ct !== undefined && isManifestType(ct))
        mediaType = ct;
    else if (own !== undefined)
        mediaType = own;
    else if (Array.isArray(parsed.manifests))
        mediaType = oci/* MediaType */.zu.ImageIndex;
    else if (typeof parsed.config === 'object')
        mediaType = oci/* MediaType */.zu.ImageManifest;
    if (mediaType === undefined || !((0,oci/* isManifestMediaType */.CM)(mediaType) || (0,oci/* isIndexMediaType */.$$)(mediaType))) {
        throw new errors/* OciError */.Mf('UNSUPPORTED_MEDIA_TYPE', `the registry sent a manifest of unsupported type ${JSON.stringify(mediaType ?? ct ?? 'unknown')}`, {
            input: 'ref',
            hint: 'only OCI and Docker schema 2 manifests and indexes are supported',
        });
    }
    return { mediaType, parsed };
}
/** A single-use BlobSource over a stream (a generic `push`): replays only what fits in memory. */
async function oneShotSource(content, size, bufferLimit) {
    if (size <= bufferLimit) {
        const bytes = await (0,registry_http/* readBody */.x8)(content, bufferLimit);
        return { open: async (start, end) => external_node_stream_.Readable.from([bytes.subarray(start, end === undefined ? undefined : end + 1)]) };
    }
    let used = false;
    return {
        async open(start) {
            if (used || start !== 0) {
                throw new errors/* OciError */.Mf('INCOMPLETE', 'the upload broke and its source stream cannot be read again', {
                    hint: 'retry; pushes from the store resume automatically',
                });
            }
            used = true;
            return content;
        },
    };
}
/** The chunks of `source`, telling `onError` when reading them fails (the source's fault, not the network's). */
async function* watched(source, onError) {
    try {
        yield* source;
    }
    catch (e) {
        onError(e);
        throw e;
    }
}
/** Skip the first `n` bytes of an async iterable of chunks. */
async function* skipBytes(body, n) {
    let left = n;
    for await (const chunk of body) {
        if (left >= chunk.length) {
            left -= chunk.length;
            continue;
        }
        yield left > 0 ? chunk.subarray(left) : chunk;
        left = 0;
    }
}
/** The first `n` bytes of an async iterable of chunks. */
async function* takeBytes(body, n) {
    let left = n;
    for await (const chunk of body) {
        if (left <= 0)
            return;
        const part = chunk.length > left ? chunk.subarray(0, left) : chunk;
        left -= part.length;
        yield part;
    }
}
/**
 * A remote repository. Implements Target (exists, fetch, push, resolve, tag) and the
 * capabilities a registry has beyond it (content.ts): ReferrerLister, Mounter (pushBlob
 * with mount), TagsPusher (pushManifest to several tags) and RangeFetcher (ranges, and
 * downloads resumed by Range).
 */
class Repository {
    /** Normalised registry (`docker.io` for Docker Hub). */
    registry;
    /** Repository name (`library/alpine`). */
    name;
    #client;
    #scopes;
    #base;
    /** Recently fetched manifests by digest (small, immutable). */
    #manifests = new Map();
    constructor(client, registry, name, options = {}) {
        this.#client = client;
        this.registry = registry;
        this.name = name;
        this.#scopes = [(0,auth/* repositoryScope */.F7)(name, options.push ? ['pull', 'push'] : ['pull'])];
        this.#base = `${client.http.origin(client.apiHost(registry))}/v2/${name}/`;
    }
    /** `registry/name`. */
    toString() {
        return `${this.registry}/${this.name}`;
    }
    #url(path) {
        return new URL(path, this.#base);
    }
    #send(req, extraScopes = []) {
        return this.#client.auth.send(this.registry, req, [...this.#scopes, ...extraScopes]);
    }
    #ctx(what, op) {
        return { registry: this.registry, repository: this.name, what, op, redact: (t) => this.#client.auth.redact(t) };
    }
    // ---- manifests -------------------------------------------------------------------
    /**
     * Fetch a manifest or index by tag or digest, verified: by digest against it, by tag
     * against the registry's `Docker-Content-Digest`, and against `expected` when given.
     */
    async fetchManifest(reference, expected) {
        // Content by digest never changes: a manifest read moments ago (resolve, then copy) is not fetched twice.
        const cached = this.#manifests.get(reference);
        if (cached) {
            if (expected)
                (0,core_digest/* verifyBytes */.RV)(cached.bytes, { digest: expected.digest, size: expected.size });
            return cached;
        }
        const got = await this.#fetchManifest(reference, expected);
        if (got.bytes.length <= 256 * 1024) {
            if (this.#manifests.size >= 32)
                this.#manifests.delete(this.#manifests.keys().next().value);
            this.#manifests.set(got.descriptor.digest, got);
        }
        return got;
    }
    async #fetchManifest(reference, expected) {
        const url = this.#url(`manifests/${reference}`);
        const { res, bytes } = await this.#client.http.retrying(url, async () => {
            const res = await this.#send({ method: 'GET', url, headers: { accept: MANIFEST_ACCEPT } });
            if (res.status !== 200)
                throw await this.#manifestError(res, reference, 'pull');
            return { res, bytes: await (0,registry_http/* readBody */.x8)(res, MAX_MANIFEST_BYTES) };
        });
        const { mediaType } = detectManifestType(res.header('content-type'), bytes);
        const byDigest = reference.includes(':');
        const digest = byDigest ? reference : (0,core_digest/* sha256 */.sc)(bytes);
        if (byDigest)
            (0,core_digest/* verifyBytes */.RV)(bytes, { digest: reference });
        const told = res.header('docker-content-digest');
        if (!byDigest && told !== undefined && told.startsWith('sha256:') && told !== digest) {
            throw new errors/* OciError */.Mf('DIGEST_MISMATCH', `registry ${this.registry} says ${this}:${reference} is ${told} but its bytes hash to ${digest}`, {
                hint: 'the registry or a proxy altered the manifest; retry or report it to the registry',
            });
        }
        if (expected)
            (0,core_digest/* verifyBytes */.RV)(bytes, { digest: expected.digest, size: expected.size });
        return { descriptor: { mediaType, digest, size: bytes.length }, bytes };
    }
    async #manifestError(res, reference, op) {
        const what = reference.includes(':') ? `manifest ${reference}` : `tag ${reference}`;
        const err = await registryError(res, this.#ctx(what, op));
        if (err.code === 'NOT_FOUND' && !reference.includes(':')) {
            // Tell an unknown repository from a missing tag: the tag list answers NAME_UNKNOWN.
            const tags = await this.listTags(20).catch((e) => ((0,errors/* isOciError */.eq)(e, 'NAME_UNKNOWN') ? e : undefined));
            if (tags instanceof errors/* OciError */.Mf)
                return tags;
            if (Array.isArray(tags)) {
                return new errors/* OciError */.Mf('NOT_FOUND', `tag ${reference} not found in ${this}`, {
                    hint: tags.length > 0 ? `the repository has ${tags.slice(0, 5).join(', ')}${tags.length > 5 ? ', …' : ''}` : 'the repository has no tags',
                });
            }
        }
        return err;
    }
    /** Tags of the repository (first `n`). */
    async listTags(n) {
        const url = this.#url('tags/list');
        if (n !== undefined)
            url.searchParams.set('n', String(n));
        const text = await this.#client.http.retrying(url, async () => {
            const res = await this.#send({ method: 'GET', url });
            if (res.status !== 200)
                throw await registryError(res, this.#ctx('tag list', 'pull'));
            return (await (0,registry_http/* readBody */.x8)(res, MAX_MANIFEST_BYTES)).toString('utf8');
        });
        const body = JSON.parse(text);
        return body.tags ?? [];
    }
    /**
     * Push manifest bytes to each of `references` (tags and/or its digest; default: its
     * digest). When the manifest has a `subject` and the registry does not answer with
     * `OCI-Subject`, the referrers fallback tag index is updated.
     */
    async pushManifest(desc, bytes, references = [desc.digest]) {
        (0,core_digest/* verifyBytes */.RV)(bytes, desc);
        let subjectProcessed = false;
        for (const ref of (references.length > 0 ? references : [desc.digest]).map((r) => this.#referencePart(r))) {
            if (ref.includes(':') && ref !== desc.digest) {
                throw new errors/* OciError */.Mf('DIGEST_MISMATCH', `cannot push ${desc.digest} as ${this}@${ref}`, { input: 'tags', hint: 'a digest reference must name the pushed content' });
            }
            const res = await this.#send({
                method: 'PUT',
                url: this.#url(`manifests/${ref}`),
                headers: { 'content-type': desc.mediaType },
                body: bytes,
            });
            if (res.status !== 201 && res.status !== 200 && res.status !== 202)
                throw await this.#manifestError(res, ref, 'push');
            await (0,registry_http/* discard */.vf)(res);
            const told = res.header('docker-content-digest');
            if (told !== undefined && told.startsWith('sha256:') && desc.digest.startsWith('sha256:') && told !== desc.digest) {
                throw new errors/* OciError */.Mf('DIGEST_MISMATCH', `registry ${this.registry} stored ${this}:${ref} as ${told}, expected ${desc.digest}`, {
                    hint: 'the registry rewrote the manifest; it may not support this media type',
                });
            }
            if (res.header('oci-subject') !== undefined)
                subjectProcessed = true;
        }
        const parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
        if (parsed.subject && !subjectProcessed)
            await this.#addReferrerFallback(parsed.subject, desc, parsed);
        if (subjectProcessed)
            this.#client.referrersSupport.set(this.registry, true);
        return { subjectProcessed };
    }
    /** TagsPusher: pushManifest to each of `references`. */
    async pushReferences(desc, bytes, references) {
        await this.pushManifest(desc, bytes, [...references]);
    }
    /** TagsPusher: the digest a tag points at (tagDigest). */
    referenceDigest(reference) {
        return this.tagDigest(reference);
    }
    /** The referrers tag of a subject: `<alg>-<hex>` (Referrers Tag Schema). */
    static referrersTag(subject) {
        const d = (0,core_digest/* parseDigest */.m)(subject);
        return `${d.algorithm}-${d.hex}`.slice(0, 128);
    }
    async #readFallbackIndex(subject) {
        try {
            const { bytes } = await this.fetchManifest(_a.referrersTag(subject));
            const index = JSON.parse(bytes.toString('utf8'));
            return Array.isArray(index.manifests) ? index : undefined;
        }
        catch (e) {
            if ((0,errors/* isOciError */.eq)(e, 'NOT_FOUND', 'NAME_UNKNOWN'))
                return undefined;
            throw e;
        }
    }
    async #addReferrerFallback(subject, desc, manifest) {
        const current = await this.#readFallbackIndex(subject.digest);
        const manifests = (current?.manifests ?? []).filter((m) => m.digest !== desc.digest);
        const entry = { mediaType: desc.mediaType, digest: desc.digest, size: desc.size };
        const artifactType = manifest.artifactType ?? manifest.config?.mediaType;
        if (artifactType)
            entry.artifactType = artifactType;
        if (manifest.annotations && Object.keys(manifest.annotations).length > 0)
            entry.annotations = manifest.annotations;
        if (current && current.manifests.some((m) => m.digest === desc.digest))
            return;
        const index = { schemaVersion: 2, mediaType: oci/* MediaType */.zu.ImageIndex, manifests: [...manifests, entry] };
        const bytes = Buffer.from(JSON.stringify(index));
        await this.pushManifest({ mediaType: oci/* MediaType */.zu.ImageIndex, digest: (0,core_digest/* sha256 */.sc)(bytes), size: bytes.length }, bytes, [_a.referrersTag(subject.digest)]);
    }
    /**
     * Manifests whose `subject` is `subject`: the referrers API when the registry has it,
     * else the fallback tag index. Filtered by `artifactType` when given.
     */
    async referrers(subject, artifactType) {
        const filter = (list) => (artifactType ? list.filter((d) => d.artifactType === artifactType) : list);
        if (this.#client.referrersSupport.get(this.registry) !== false) {
            const url = this.#url(`referrers/${subject.digest}`);
            if (artifactType)
                url.searchParams.set('artifactType', artifactType);
            const answer = await this.#client.http.retrying(url, async () => {
                const res = await this.#send({ method: 'GET', url, headers: { accept: oci/* MediaType */.zu.ImageIndex } });
                if (res.status === 200)
                    return (await (0,registry_http/* readBody */.x8)(res, MAX_MANIFEST_BYTES)).toString('utf8');
                if (res.status !== 404)
                    throw await registryError(res, this.#ctx(`referrers of ${subject.digest}`, 'pull'));
                await (0,registry_http/* discard */.vf)(res);
                return undefined;
            });
            if (answer !== undefined) {
                this.#client.referrersSupport.set(this.registry, true);
                const index = JSON.parse(answer);
                return filter(index.manifests ?? []);
            }
            // spec: a registry with the API answers 200 even for an unknown subject; 404 = no API.
            this.#client.referrersSupport.set(this.registry, false);
        }
        const index = await this.#readFallbackIndex(subject.digest);
        return filter(index?.manifests ?? []);
    }
    // ---- Target ----------------------------------------------------------------------
    /** True when the manifest or blob exists in this repository. */
    async exists(desc) {
        const manifest = isManifestType(desc.mediaType);
        const res = await this.#send({
            method: 'HEAD',
            url: this.#url(`${manifest ? 'manifests' : 'blobs'}/${desc.digest}`),
            headers: manifest ? { accept: MANIFEST_ACCEPT } : {},
        });
        await (0,registry_http/* discard */.vf)(res);
        if (res.status === 200)
            return true;
        if (res.status === 404)
            return false;
        throw await registryError(res, this.#ctx(`${manifest ? 'manifest' : 'blob'} ${desc.digest}`, 'pull'));
    }
    /** A verified stream of a manifest or blob. Blob downloads resume after a broken connection. */
    async fetch(desc) {
        if (isManifestType(desc.mediaType)) {
            const { bytes } = await this.fetchManifest(desc.digest, desc);
            return external_node_stream_.Readable.from([bytes]);
        }
        return this.fetchBlob(desc);
    }
    /**
     * Stream a blob, verified against `desc` (unless `verify: false`, for a sink that
     * verifies what it stores). A connection that breaks mid-body is resumed
     * with `Range: bytes=<received>-` (a server that ignores Range is read past the bytes
     * already delivered), a bounded number of times.
     */
    async fetchBlob(desc, options = {}) {
        const url = this.#url(`blobs/${desc.digest}`);
        const first = await this.#send({ method: 'GET', url });
        if (first.status !== 200)
            throw await registryError(first, this.#ctx(`blob ${desc.digest}`, 'pull'));
        this.#client.remember(this.registry, this.name, desc.digest);
        const http = this.#client.http;
        const progress = this.#client.progressFor(desc, 'download');
        const send = (req) => this.#send(req);
        const ctx = this.#ctx(`blob ${desc.digest}`, 'pull');
        const size = desc.size;
        async function* body() {
            let res = first;
            let source = res.body;
            let received = 0;
            let failures = 0;
            try {
                for (;;) {
                    try {
                        for await (const chunk of source) {
                            received += chunk.length;
                            progress?.(received);
                            yield chunk;
                        }
                        if (received < size) {
                            const e = new Error(`connection closed after ${received} of ${size} bytes`);
                            e.code = 'ECONNRESET';
                            throw e;
                        }
                        return;
                    }
                    catch (err) {
                        if (!(0,registry_http/* isRetryableNetworkError */.Hr)(err) || failures >= http.retryPolicy.retries)
                            throw (0,registry_http/* networkError */.x6)(err, res.url);
                        res.body.destroy();
                        await http.pause(http.backoff(failures));
                        failures++;
                        http.stats.retries++;
                        res = await send({ method: 'GET', url, headers: { range: `bytes=${received}-` } });
                        if (res.status === 206) {
                            const start = /^bytes (\d+)-/.exec(res.header('content-range') ?? '')?.[1];
                            if (start !== undefined && Number(start) !== received) {
                                await (0,registry_http/* discard */.vf)(res);
                                throw new errors/* OciError */.Mf('REGISTRY_ERROR', `registry answered a range from ${start}, asked from ${received}`, { hint: 'retry the pull' });
                            }
                            source = res.body;
                        }
                        else if (res.status === 200) {
                            source = skipBytes(res.body, received);
                        }
                        else {
                            throw await registryError(res, ctx);
                        }
                    }
                }
            }
            finally {
                if (!res.body.readableEnded)
                    res.body.destroy();
            }
        }
        const raw = external_node_stream_.Readable.from(body(), { objectMode: false });
        // Unverified only for a caller whose sink verifies anyway (a Pusher checks what it stores).
        if (options.verify === false)
            return raw;
        const verified = new core_digest/* DigestStream */.vl({ digest: desc.digest, size: desc.size });
        (0,external_node_stream_.pipeline)(raw, verified, () => { });
        return verified;
    }
    /**
     * Download a blob into `sink`, batch by batch (chunks lent until the sink settles), over
     * the lean transport. Not verified here: the sink is a writer that verifies size and
     * digest before it publishes anything. A connection that breaks mid-body is resumed with
     * `Range: bytes=<received>-` (a server that ignores Range is read past the bytes already
     * delivered), a bounded number of times — as fetchBlob.
     */
    async downloadBlob(desc, sink) {
        const url = this.#url(`blobs/${desc.digest}`);
        let res = await this.#send({ method: 'GET', url, bulk: true });
        if (res.status !== 200)
            throw await registryError(res, this.#ctx(`blob ${desc.digest}`, 'pull'));
        this.#client.remember(this.registry, this.name, desc.digest);
        const http = this.#client.http;
        const progress = this.#client.progressFor(desc, 'download');
        let received = 0;
        let skip = 0;
        let failures = 0;
        const counted = (chunks) => {
            let batch = chunks;
            if (skip > 0) {
                // A server that answered 200 to a Range request: drop what the sink already has.
                batch = [];
                for (const c of chunks) {
                    if (skip >= c.length)
                        skip -= c.length;
                    else {
                        batch.push(skip > 0 ? c.subarray(skip) : c);
                        skip = 0;
                    }
                }
                if (batch.length === 0)
                    return;
            }
            for (const c of batch)
                received += c.length;
            if (received > desc.size) {
                throw new errors/* OciError */.Mf('SIZE_MISMATCH', `blob ${desc.digest} from ${this} is larger than the expected ${desc.size} bytes`, { hint: 'the registry sent other content; retry or report it' });
            }
            progress?.(received);
            return sink(batch);
        };
        for (;;) {
            let sinkError;
            try {
                await (0,registry_http/* pumpBody */.pp)(res, async (chunks) => {
                    try {
                        await counted(chunks);
                    }
                    catch (e) {
                        sinkError = e;
                        throw e;
                    }
                });
                if (received < desc.size) {
                    const e = new Error(`connection closed after ${received} of ${desc.size} bytes`);
                    e.code = 'ECONNRESET';
                    throw e;
                }
                return;
            }
            catch (err) {
                if (sinkError !== undefined)
                    throw sinkError;
                if (!(0,registry_http/* isRetryableNetworkError */.Hr)(err) || failures >= http.retryPolicy.retries)
                    throw (0,registry_http/* networkError */.x6)(err, res.url);
                await http.pause(http.backoff(failures));
                failures++;
                http.stats.retries++;
                res = await this.#send({ method: 'GET', url, headers: { range: `bytes=${received}-` }, bulk: true });
                if (res.status === 206) {
                    const start = /^bytes (\d+)-/.exec(res.header('content-range') ?? '')?.[1];
                    if (start !== undefined && Number(start) !== received) {
                        await (0,registry_http/* discard */.vf)(res);
                        throw new errors/* OciError */.Mf('REGISTRY_ERROR', `registry answered a range from ${start}, asked from ${received}`, { hint: 'retry the pull' });
                    }
                    skip = 0;
                }
                else if (res.status === 200) {
                    skip = received;
                }
                else {
                    throw await registryError(res, this.#ctx(`blob ${desc.digest}`, 'pull'));
                }
            }
        }
    }
    /** Push a manifest (by digest) or a blob from a stream. Prefer pushBlob with a replayable source. */
    async push(desc, content) {
        if (isManifestType(desc.mediaType)) {
            const bytes = await (0,registry_http/* readBody */.x8)(content, MAX_MANIFEST_BYTES);
            await this.pushManifest(desc, bytes);
            return;
        }
        const source = await oneShotSource(content, desc.size, 16 * 1024 * 1024);
        await this.pushBlob(desc, source);
    }
    /**
     * Resolve a tag, a digest, or a full reference naming this repository to the manifest's
     * descriptor (HEAD first — it does not count against pull rate limits — GET when the
     * registry leaves out the digest).
     */
    async resolve(reference) {
        const ref = this.#referencePart(reference);
        const res = await this.#send({ method: 'HEAD', url: this.#url(`manifests/${ref}`), headers: { accept: MANIFEST_ACCEPT } });
        await (0,registry_http/* discard */.vf)(res);
        if (res.status === 200) {
            const digest = res.header('docker-content-digest');
            const size = Number(res.header('content-length'));
            const mediaType = mediaTypeOf(res.header('content-type'));
            if (mediaType !== undefined && oci/* SCHEMA1_MEDIA_TYPES */.uM.has(mediaType))
                detectManifestType(mediaType, Buffer.from('{"schemaVersion":1}'));
            if (digest !== undefined && (!ref.includes(':') || digest === ref) && Number.isSafeInteger(size) && size > 0 && mediaType !== undefined && isManifestType(mediaType)) {
                return { mediaType, digest, size };
            }
        }
        else if (res.status !== 404 && res.status !== 405) {
            throw await registryError(res, this.#ctx(`manifest ${ref}`, 'pull'));
        }
        // 404 on HEAD carries no error body: GET gives the precise error (or the manifest).
        return (await this.fetchManifest(ref)).descriptor;
    }
    /** The digest a tag points at (HEAD), or undefined when the tag does not exist. */
    async tagDigest(tag) {
        const ref = this.#referencePart(tag);
        const res = await this.#send({ method: 'HEAD', url: this.#url(`manifests/${ref}`), headers: { accept: MANIFEST_ACCEPT } });
        await (0,registry_http/* discard */.vf)(res);
        if (res.status === 200)
            return res.header('docker-content-digest');
        if (res.status === 404)
            return undefined;
        throw await registryError(res, this.#ctx(`tag ${ref}`, 'pull'));
    }
    /** Point a tag (or a full reference naming this repository) at `desc`. */
    async tag(desc, reference) {
        const { bytes } = await this.fetchManifest(desc.digest, desc);
        await this.pushManifest(desc, bytes, [this.#referencePart(reference)]);
    }
    #referencePart(reference) {
        if (/^[a-z0-9]+:[a-f0-9]{32,}$/.test(reference))
            return reference;
        if (/^[\w][\w.-]{0,127}$/.test(reference))
            return reference;
        const r = (0,core_reference/* parseReference */.F2)(reference);
        return r.digest ?? r.tag ?? 'latest';
    }
    // ---- blobs -----------------------------------------------------------------------
    /** Bytes `start..end` (inclusive) of a blob, as served (not verified: a range has no digest). */
    async fetchBlobRange(digest, start, end) {
        const res = await this.#send({ method: 'GET', url: this.#url(`blobs/${digest}`), headers: { range: `bytes=${start}-${end}` } });
        if (res.status === 206)
            return res.body;
        if (res.status === 200)
            return external_node_stream_.Readable.from(takeBytes(skipBytes(res.body, start), end - start + 1));
        throw await registryError(res, this.#ctx(`blob ${digest}`, 'pull'));
    }
    /** RangeFetcher: bytes `start..end` of a blob (fetchBlobRange; `end` omitted = to its last byte). */
    fetchRange(desc, start, end) {
        return this.fetchBlobRange(desc.digest, start, end ?? desc.size - 1);
    }
    /** RangeFetcher: the whole blob into a verifying sink, resumed by Range (downloadBlob). */
    fetchResumable(desc, sink) {
        return this.downloadBlob(desc, sink);
    }
    /** HEAD a blob. */
    async blobExists(desc) {
        const res = await this.#send({ method: 'HEAD', url: this.#url(`blobs/${desc.digest}`) });
        await (0,registry_http/* discard */.vf)(res);
        if (res.status === 200) {
            this.#client.remember(this.registry, this.name, desc.digest);
            return true;
        }
        if (res.status === 404)
            return false;
        throw await registryError(res, this.#ctx(`blob ${desc.digest}`, 'pull'));
    }
    /**
     * Push a blob: HEAD → skipped; else a cross-repository mount from the first of
     * `mountFrom` that works → mounted; else an upload (monolithic up to the chunk
     * threshold, chunked above it) → uploaded. Broken uploads resume from the registry's
     * `Range` or restart, a bounded number of times; `Docker-Content-Digest` is verified.
     */
    async pushBlob(desc, source, options = {}) {
        if (!options.skipExistsCheck && (await this.blobExists(desc)))
            return { outcome: 'skipped', bytes: 0 };
        let session;
        const candidates = (options.mountFrom ?? []).filter((f) => f !== this.name && !this.#client.mountFailed.has(`${this.registry}/${f}`));
        for (const from of candidates.slice(0, 3)) {
            const url = this.#url('blobs/uploads/');
            url.searchParams.set('mount', desc.digest);
            url.searchParams.set('from', from);
            let res;
            try {
                res = await this.#send({ method: 'POST', url }, [(0,auth/* repositoryScope */.F7)(from, ['pull'])]);
            }
            catch (e) {
                if ((0,errors/* isOciError */.eq)(e, 'CANCELLED'))
                    throw e;
                this.#client.logger.debug(`mount of ${desc.digest} from ${from} failed: ${e.message}`);
                // Usually no access to the source repository: do not ask again this run.
                this.#client.mountFailed.add(`${this.registry}/${from}`);
                continue;
            }
            if (res.status === 201) {
                await (0,registry_http/* discard */.vf)(res);
                this.#checkDigestHeader(res, desc);
                this.#client.remember(this.registry, this.name, desc.digest);
                return { outcome: 'mounted', bytes: 0 };
            }
            if (res.status === 202) {
                // Not mountable; the registry opened an ordinary upload session instead.
                session = this.#session(res);
                await (0,registry_http/* discard */.vf)(res);
                break;
            }
            await (0,registry_http/* discard */.vf)(res);
        }
        session ??= await this.#startUpload(desc);
        const bytes = desc.size > this.#client.tuning.chunkThreshold
            ? await this.#uploadChunked(desc, source, session)
            : await this.#uploadMonolithic(desc, source, session);
        this.#client.remember(this.registry, this.name, desc.digest);
        return { outcome: 'uploaded', bytes };
    }
    /** Mounter: pushBlob, mounting from the first of `from` that works. */
    mount(desc, from, source) {
        return this.pushBlob(desc, source, { mountFrom: [...from] });
    }
    #session(res) {
        const loc = res.header('location');
        if (!loc)
            throw new errors/* OciError */.Mf('REGISTRY_ERROR', `registry ${this.registry} opened an upload without a Location`, { hint: 'the registry is not distribution-spec compliant' });
        const min = Number(res.header('oci-chunk-min-length'));
        return { location: new URL(loc, res.url), minChunk: Number.isSafeInteger(min) && min > 0 ? min : 0 };
    }
    async #startUpload(desc) {
        const res = await this.#send({ method: 'POST', url: this.#url('blobs/uploads/') });
        if (res.status !== 202)
            throw await registryError(res, this.#ctx(`upload of ${desc.digest}`, 'push'));
        await (0,registry_http/* discard */.vf)(res);
        return this.#session(res);
    }
    #checkDigestHeader(res, desc) {
        const told = res.header('docker-content-digest');
        if (told !== undefined && told !== desc.digest) {
            throw new errors/* OciError */.Mf('DIGEST_MISMATCH', `registry ${this.registry} stored ${told} for blob ${desc.digest}`, { hint: 'the content changed while it was sent; retry' });
        }
    }
    #finishURL(location, digest) {
        const u = new URL(location);
        u.searchParams.set('digest', digest);
        return u;
    }
    /** True when a failed upload step is worth resuming or restarting. */
    #recoverable(e) {
        if (!(e instanceof errors/* OciError */.Mf))
            return true;
        return ['NETWORK', 'REGISTRY_ERROR', 'NOT_FOUND', 'DIGEST_MISMATCH', 'SIZE_MISMATCH'].includes(e.code);
    }
    /** POST (done) + PUT with the whole body. A lost answer to the PUT is settled by HEAD. */
    async #uploadMonolithic(desc, source, first) {
        let session = first;
        const progress = this.#client.progressFor(desc, 'upload');
        const maxRestarts = this.#client.http.retryPolicy.retries;
        for (let attempt = 0;; attempt++) {
            let sourceError;
            try {
                const res = await this.#send({
                    method: 'PUT',
                    url: this.#finishURL(session.location, desc.digest),
                    headers: { 'content-type': 'application/octet-stream' },
                    body: {
                        size: desc.size,
                        open: async () => {
                            const s = await source.open(0);
                            s.once('error', (e) => (sourceError = e));
                            return s;
                        },
                        ...(source.chunks ? { chunks: () => watched(source.chunks(0), (e) => (sourceError = e)) } : {}),
                        onProgress: (n) => progress?.(n),
                    },
                    bulk: true,
                });
                if (res.status === 201 || res.status === 204) {
                    await (0,registry_http/* discard */.vf)(res);
                    this.#checkDigestHeader(res, desc);
                    return desc.size;
                }
                throw await registryError(res, this.#ctx(`blob ${desc.digest}`, 'push'));
            }
            catch (e) {
                if (sourceError !== undefined)
                    throw sourceError;
                if (!this.#recoverable(e) || attempt >= maxRestarts)
                    throw e;
                this.#client.logger.debug(`upload of ${desc.digest} to ${this} failed (${e.message}); checking and restarting`);
                await this.#client.http.pause(this.#client.http.backoff(attempt));
                // The PUT may have been committed before its answer was lost.
                if (await this.blobExists(desc))
                    return desc.size;
                session = await this.#startUpload(desc);
            }
        }
    }
    /** Where an upload stands: the registry's next offset, or undefined when the session is gone. */
    async #uploadStatus(location) {
        let res;
        try {
            res = await this.#send({ method: 'GET', url: location });
        }
        catch (e) {
            if ((0,errors/* isOciError */.eq)(e, 'CANCELLED', 'UNAUTHORIZED'))
                throw e;
            return undefined;
        }
        await (0,registry_http/* discard */.vf)(res);
        if (res.status !== 204 && res.status !== 200)
            return undefined;
        const offset = uploadOffset(res.header('range')) ?? 0;
        const loc = res.header('location');
        return { offset, location: loc ? new URL(loc, res.url) : location };
    }
    /**
     * PATCH chunks of `chunkSize` (at least the registry's `OCI-Chunk-Min-Length`), then
     * PUT with the digest. After a failure: HEAD (committed already?), else ask the
     * session's status and continue from its `Range`, else start a new session.
     */
    async #uploadChunked(desc, source, first) {
        const tuning = this.#client.tuning;
        const single = tuning.singleChunkHosts.includes(this.registry);
        const size = desc.size;
        let loc = first.location;
        let chunk = single ? size : Math.max(tuning.chunkSize, first.minChunk);
        let offset = 0;
        let failures = 0;
        const progress = this.#client.progressFor(desc, 'upload');
        const http = this.#client.http;
        for (;;) {
            let sourceError;
            try {
                while (offset < size) {
                    const start = offset;
                    const end = Math.min(start + chunk, size) - 1;
                    const res = await this.#send({
                        method: 'PATCH',
                        url: loc,
                        headers: { 'content-type': 'application/octet-stream', 'content-range': `${start}-${end}` },
                        body: {
                            size: end - start + 1,
                            open: async () => {
                                const s = await source.open(start, end);
                                s.once('error', (e) => (sourceError = e));
                                return s;
                            },
                            ...(source.chunks ? { chunks: () => watched(source.chunks(start, end), (e) => (sourceError = e)) } : {}),
                            onProgress: (n) => progress?.(start + n),
                        },
                        retry: false,
                        bulk: true,
                    });
                    if (res.status === 416 && failures < http.retryPolicy.retries) {
                        // The registry holds another number of bytes than we sent from (a broken PATCH
                        // kept part of its body): its Range says how many. `0-0` means 0 or 1 bytes;
                        // refused for a chunk starting at 0, it can only mean 1.
                        const told = uploadOffset(res.header('range'));
                        const at = told === 0 && start === 0 ? 1 : told;
                        if (at !== undefined && at !== start && at <= size) {
                            await (0,registry_http/* discard */.vf)(res);
                            failures++;
                            offset = at;
                            continue;
                        }
                    }
                    if (res.status !== 202 && res.status !== 204)
                        throw await registryError(res, this.#ctx(`chunk ${start}-${end} of blob ${desc.digest}`, 'push'));
                    await (0,registry_http/* discard */.vf)(res);
                    const next = res.header('location');
                    if (next)
                        loc = new URL(next, res.url);
                    offset = end + 1;
                }
                const res = await this.#send({ method: 'PUT', url: this.#finishURL(loc, desc.digest), headers: { 'content-type': 'application/octet-stream' } });
                if (res.status !== 201 && res.status !== 204)
                    throw await registryError(res, this.#ctx(`blob ${desc.digest}`, 'push'));
                await (0,registry_http/* discard */.vf)(res);
                this.#checkDigestHeader(res, desc);
                return size;
            }
            catch (e) {
                if (sourceError !== undefined)
                    throw sourceError;
                if (!this.#recoverable(e) || failures >= http.retryPolicy.retries)
                    throw e;
                await http.pause(http.backoff(failures));
                failures++;
                http.stats.retries++;
                this.#client.logger.debug(`chunked upload of ${desc.digest} to ${this} broke at ${offset} (${e.message}); resuming`);
                if (await this.blobExists(desc))
                    return size;
                const status = await this.#uploadStatus(loc);
                if (status !== undefined && status.offset <= size && status.offset <= offset + chunk) {
                    offset = status.offset;
                    loc = status.location;
                    continue;
                }
                const fresh = await this.#startUpload(desc);
                loc = fresh.location;
                chunk = single ? size : Math.max(tuning.chunkSize, fresh.minChunk);
                offset = 0;
            }
        }
    }
}
_a = Repository;


/***/ })

};
