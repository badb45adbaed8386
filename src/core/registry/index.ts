/**
 * The distribution-spec client: a remote repository implements the same content
 * interfaces as the layout store (oras-go's `registry/remote`).
 */
export { RegistryClient, runClientOptions, type RegistryClientOptions, type RegistryInputs, type RegistryRunContext } from './client.js';
export type { ClientTuning, RegistrySession } from './session.js';
export { Repository, MANIFEST_ACCEPT, MAX_MANIFEST_BYTES, isManifestType, detectManifestType, type BlobSource, type BlobPushResult, type PushOutcome } from './repository.js';
export { HttpClient, DEFAULT_RETRY, parseRetryAfter, isRetryableStatus, isRetryableNetworkError, type RetryPolicy, type HttpClientOptions } from './http.js';
export { Authorizer, parseChallenges, repositoryScope, mergeScopes, unauthorized, type Challenge } from './auth.js';
export { CredentialStore, decodeAuth, configKeyHost, helperServerURL, spawnExec, spawnWithEnv, type Credential, type CredentialOptions, type ExecFn } from './credentials.js';
export { errorFor, registryError, parseErrorBody } from './errors.js';
