/** Our own tar: a deterministic streaming writer and a strict streaming reader. */
export * from './header.js';
export * from './reader.js';
export * from './writer.js';
export * from './names.js';
