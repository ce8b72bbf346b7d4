/**
 * Asks Confluence about a query after checking it locally: how many results it matches, the first
 * few, and which of the spaces and pages it names do not exist (with a close space key when one
 * exists): the reason when nothing matches, a warning when something does (a typo in one of
 * several spaces silently shrinks the data source). Called by the `validate-cql` command and the
 * Slack forms that create a data source.
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
  /**
   * Confluence ran the query and it matches `totalSize` results; `sample` holds the first.
   * `missingSpaces` and `missingContent` are warnings, present only when one of the first
   * `MAX_WARNING_LOOKUPS` space keys or content ids the query names does not exist.
   */
  | {
      outcome: 'matches';
      totalSize: number;
      sample: CqlSample['results'];
      missingSpaces?: MissingSpace[];
      missingContent?: string[];
    }
  /** Valid, but nothing matches. Names the referenced spaces and page ids that do not exist. */
  | { outcome: 'no_matches'; missingSpaces: MissingSpace[]; missingContent: string[] }
  /** The local parser refused the query; nothing was sent. `error` is an `invalid_cql` AppError. */
  | { outcome: 'invalid_local'; error: AppError };

const DEFAULT_SAMPLE_SIZE = 1;
const DEFAULT_SPACE_LIST_LIMIT = 500;
/**
 * When the query matches, how many of the space keys it names are looked up (one request each),
 * and how many of the content ids (one request): at most 10 of each, in reading order, so a long
 * list cannot turn a check into dozens of requests. Names past these are not checked.
 */
export const MAX_WARNING_LOOKUPS = 10;

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
  const { spaceKeys, contentIds } = referencedEntities(query);
  if (sample.totalSize > 0 || sample.results.length > 0) {
    const totalSize = Math.max(sample.totalSize, sample.results.length);
    // Something matched: still warn about names that do not exist, looking up only the first few.
    const missing = await findMissing(
      client,
      spaceKeys.slice(0, MAX_WARNING_LOOKUPS),
      contentIds.slice(0, MAX_WARNING_LOOKUPS),
      options,
    );
    return { outcome: 'matches', totalSize, sample: sample.results, ...nonEmpty(missing) };
  }

  // Nothing matched: find out whether the spaces and pages it names exist at all.
  return { outcome: 'no_matches', ...(await findMissing(client, spaceKeys, contentIds, options)) };
}

interface Missing {
  missingSpaces: MissingSpace[];
  missingContent: string[];
}

async function findMissing(
  client: ConfluenceClient,
  spaceKeys: string[],
  contentIds: string[],
  options: RemoteCheckOptions,
): Promise<Missing> {
  const [missingSpaces, missingContent] = await Promise.all([
    findMissingSpaces(client, spaceKeys, options),
    findMissingContent(client, contentIds, options.signal),
  ]);
  return { missingSpaces, missingContent };
}

/** Only the lists that name something, so a fully valid query's result carries no warnings. */
function nonEmpty(missing: Missing): Partial<Missing> {
  return {
    ...(missing.missingSpaces.length > 0 ? { missingSpaces: missing.missingSpaces } : {}),
    ...(missing.missingContent.length > 0 ? { missingContent: missing.missingContent } : {}),
  };
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
