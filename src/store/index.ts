/**
 * The store: MongoDB repositories and search behind the interfaces of `src/domain/ports.ts`.
 * Entry point: `openStore` (see `open-store.ts`).
 */
export {
  openStore,
  createRepositories,
  storeUnavailable,
  DEV_STORE_WARNING,
  DEV_STORE_NOTICE,
  type Store,
  type StoreOptions,
} from './open-store';
export { COLLECTIONS, ensureCollections, TEXT_WEIGHTS } from './mongo/collections';
export { MAX_STORED_FAILURES } from './mongo/index-run-repository';
export { makeSnippet, SNIPPET_LENGTH } from './mongo/snippet';
