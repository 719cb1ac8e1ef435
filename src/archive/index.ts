export * from './archive.js';
export * from './fs-storage.js';
export * from './manifest-entry.js';
export * from './storage.js';
export * from './verify.js';
export * from './chain-anchor.js';
export * from './redis-anchor.js';
