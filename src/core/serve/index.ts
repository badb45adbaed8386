/**
 * The local registry: a distribution-spec v1.1 server over a Store (see server.ts), run in
 * this process until stopped (run.ts) or as a detached process — the parent's side in
 * detached.ts, the child's in child.ts. The command over it is `../commands/serve.ts`.
 */
export { RegistryServer, parseRoute, type RegistryServerOptions, type Route } from './server.js';
export { RegistryError, REGISTRY_ERRORS, toRegistryError, type RegistryErrorCode } from './errors.js';
export { NAME_RE, TAG_RE, isName, isTag, repoTagOf, storeRef } from './names.js';
export { UploadSessions, ingestRef, isSessionId } from './uploads.js';
export { runRegistry, type RunRegistryOptions, type RunningRegistry } from './run.js';
export {
  SERVE_ENTRY_ENV,
  answers,
  processRunning,
  serveEntry,
  startDetached,
  stopServer,
  type DetachedServer,
  type StartDetachedOptions,
  type StopResult,
} from './detached.js';
export {
  SERVE_CHILD_ENV,
  isServeChild,
  registeredServeEntry,
  runServeChildIfRequested,
  type ServeChildConfig,
  type ServeChildHooks,
  type ServeChildMessage,
  type ServeChildOptions,
} from './child.js';
