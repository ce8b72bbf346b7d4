/**
 * Asks Confluence about a query after checking it locally: how many results it matches, the first
 * few, and when it matches nothing, which of the spaces and pages it names do not exist (with a
 * close space key when one exists). Called by the `validate-cql` command and the Slack forms that
 * create a data source.
 */
import type { AppError } from '../errors';
import type { ConfluenceClient, CqlSample } from '../domain/ports';
import { parseCql } from './parser';
import { referencedEntities } from './references';
import { closestMatch } from './suggest';

export interface RemoteCheckOptions {
  /** How many results to fetch as a sample. Default 1 (Confluence still counts them all). */
  sampleSize?: number;
  /** How many visible spaces to read when suggesting a mistyped key. Default 500. */
  spaceListLimit?: number;
  signal?: AbortSignal;
}

export interface MissingSpace {
  /** The key as written in the query. */
  key: string;
  /** A visible space key close to it (same letters in another case, or a typo away). */
  suggestion?: string;
}

export type RemoteCqlResult =
  /** Confluence ran the query and it matches `totalSize` results; `sample` holds the first. */
  | { outcome: 'matches'; totalSize: number; sample: CqlSample['results'] }
  /** Valid, but nothing matches. Names the referenced spaces and page ids that do not exist. */
  | { outcome: 'no_matches'; missingSpaces: MissingSpace[]; missingContent: string[] }
  /** The local parser refused the query; nothing was sent. `error` is an `invalid_cql` AppError. */
  | { outcome: 'invalid_local'; error: AppError };

const DEFAULT_SAMPLE_SIZE = 1;
const DEFAULT_SPACE_LIST_LIMIT = 500;

/**
 * Checks `cql` locally, then with Confluence. Confluence's own refusals (`invalid_cql` with its
 * reason, `auth_failed`, `permission_denied`, `unreachable`, ...) are thrown as the client's
 * AppErrors, unchanged.
 */
export async function checkCqlWithConfluence(
  client: ConfluenceClient,
  cql: string,
  options: RemoteCheckOptions = {},
): Promise<RemoteCqlResult> {
  // Local first: a query the parser refuses is never sent.
  let query;
  try {
    query = parseCql(cql);
  } catch (error) {
    return { outcome: 'invalid_local', error: error as AppError };
  }

  const sample = await client.sample(
    cql,
    options.sampleSize ?? DEFAULT_SAMPLE_SIZE,
    options.signal,
  );
  if (sample.totalSize > 0 || sample.results.length > 0) {
    const totalSize = Math.max(sample.totalSize, sample.results.length);
    return { outcome: 'matches', totalSize, sample: sample.results };
  }

  // Nothing matched: find out whether the spaces and pages it names exist at all.
  const { spaceKeys, contentIds } = referencedEntities(query);
  const [missingSpaces, missingContent] = await Promise.all([
    findMissingSpaces(client, spaceKeys, options),
    findMissingContent(client, contentIds, options.signal),
  ]);
  return { outcome: 'no_matches', missingSpaces, missingContent };
}

async function findMissingSpaces(
  client: ConfluenceClient,
  keys: string[],
  options: RemoteCheckOptions,
): Promise<MissingSpace[]> {
  const found = await Promise.all(keys.map((key) => client.getSpace(key, options.signal)));
  const missing = keys.filter((_, i) => found[i] === null);
  if (missing.length === 0) return [];

  // One listing of visible spaces serves the suggestions for every missing key.
  const limit = options.spaceListLimit ?? DEFAULT_SPACE_LIST_LIMIT;
  const visible = (await client.listSpaces(limit, options.signal)).map((space) => space.key);
  return missing.map((key) => {
    const suggestion = suggestSpaceKey(key, visible);
    return suggestion ? { key, suggestion } : { key };
  });
}

/** A visible key equal to `key` ignoring case, else the closest one by edit distance. */
export function suggestSpaceKey(key: string, visibleKeys: string[]): string | undefined {
  const sameLetters = visibleKeys.find((k) => k.toLowerCase() === key.toLowerCase() && k !== key);
  if (sameLetters) return sameLetters;
  const others = visibleKeys.filter((k) => k !== key);
  return closestMatch(key, others, key.length <= 3 ? 1 : 2) ?? undefined;
}

async function findMissingContent(
  client: ConfluenceClient,
  ids: string[],
  signal?: AbortSignal,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await client.getPages(ids, signal);
  return ids.filter((id) => !found.has(id));
}
