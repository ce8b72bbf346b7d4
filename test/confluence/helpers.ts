/**
 * Shared set-up for the Confluence client tests: a client factory pointed at a fake Confluence,
 * with fake time (sleeps advance a counter instantly and are recorded) and loopback allowed.
 */
import { createConfluenceClientFactory } from '../../src/confluence/client-factory';
import type { ConfluenceClientFactoryOptions } from '../../src/confluence/client-factory';
import type { ConfluenceAuth, ConfluenceClient, ListBatch } from '../../src/domain/ports';
import { silentLogger } from '../../src/logging/logger';
import type { FakeConfluence } from '../fakes/confluence/server';

export interface FakeTime {
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Every wait the code asked for, in ms, in order. */
  sleeps: number[];
}

/** Time that only moves when the code sleeps; no test waits for real. */
export function fakeTime(start = Date.UTC(2026, 0, 1)): FakeTime {
  let now = start;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

export function factoryOptions(
  time: FakeTime,
  overrides: Partial<ConfluenceClientFactoryOptions> = {},
): ConfluenceClientFactoryOptions {
  return {
    timeoutMs: 5_000,
    maxConcurrent: 4,
    requestsPerSecond: 1000,
    allowHttp: true,
    allowedPrivate: ['127.0.0.0/8', '::1'],
    logger: silentLogger(),
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5,
    ...overrides,
  };
}

/** A client for the fake, with the fake's working credentials unless others are given. */
export function clientFor(
  fake: FakeConfluence,
  time: FakeTime = fakeTime(),
  overrides: Partial<ConfluenceClientFactoryOptions> = {},
  auth: ConfluenceAuth = fake.auth,
): ConfluenceClient {
  const factory = createConfluenceClientFactory(factoryOptions(time, overrides));
  return factory({ deployment: fake.mode, baseUrl: fake.baseUrl, auth });
}

/** Drains a listing into its batches. */
export async function collect<T>(listing: AsyncIterable<ListBatch<T>>): Promise<ListBatch<T>[]> {
  const batches: ListBatch<T>[] = [];
  for await (const batch of listing) batches.push(batch);
  return batches;
}

/** The AppError code a promise rejects with. */
export async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? `not an AppError: ${String(error)}`;
  }
  return 'resolved';
}
