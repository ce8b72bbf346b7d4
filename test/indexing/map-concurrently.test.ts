import { mapConcurrently } from '../../src/indexing/map-concurrently';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('mapConcurrently', () => {
  it('keeps at most the limit in flight and handles every item', async () => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];

    await mapConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setImmediate(r));
      done.push(n);
      inFlight -= 1;
    });

    expect(peak).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('rejects with the first error after the calls in flight settle and starts no more', async () => {
    const slow = deferred();
    const started: number[] = [];
    let slowSettled = false;

    const result = mapConcurrently([1, 2, 3, 4], 2, async (n) => {
      started.push(n);
      if (n === 1) {
        await slow.promise;
        slowSettled = true;
      }
      if (n === 2) throw new Error('boom');
    });
    setImmediate(() => slow.resolve());

    await expect(result).rejects.toThrow('boom');
    expect(slowSettled).toBe(true);
    expect(started).toEqual([1, 2]);
  });

  it('does nothing for no items', async () => {
    const work = jest.fn(async () => undefined);
    await mapConcurrently([], 4, work);
    expect(work).not.toHaveBeenCalled();
  });
});
