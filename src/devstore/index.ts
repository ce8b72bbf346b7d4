/**
 * The development store (an in-memory MongoDB stand-in). See `server.ts`.
 */
export { startDevStore, type DevStore, type DevStoreOptions } from './server';
