/**
 * The local registry: a distribution-spec v1.1 server over a Store (see server.ts), and the
 * detached child process `command: serve` starts (child.ts). The command itself, with
 * `startDetached` / `stopServer` / `runServer`, is `../commands/serve.ts`.
 */
export { RegistryServer, parseRoute, type RegistryServerOptions, type Route } from './server.js';
export { RegistryError, REGISTRY_ERRORS, toRegistryError, type RegistryErrorCode } from './errors.js';
export { NAME_RE, TAG_RE, isName, isTag, repoTagOf, storeRef } from './names.js';
export { UploadSessions, ingestRef, isSessionId } from './uploads.js';
export {
  SERVE_CHILD_ENV,
  isServeChild,
  registeredServeEntry,
  runServeChildIfRequested,
  type ServeChildConfig,
  type ServeChildHooks,
  type ServeChildMessage,
} from './child.js';
