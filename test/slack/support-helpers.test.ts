/** The small helpers behind the 3-second answers and double-submit protection. */
import { withinBudget } from '../../src/slack/handlers/support/deadline';
import { createSubmissionGuard, keepAlways } from '../../src/slack/submission-guard';

describe('withinBudget', () => {
  it('gives the value when the work ends in time', async () => {
    await expect(withinBudget(Promise.resolve(42), 1000)).resolves.toEqual({
      done: true,
      value: 42,
    });
  });

  it('hands back the unfinished work when the budget runs out, without abandoning it', async () => {
    let finish!: (v: string) => void;
    const work = new Promise<string>((resolve) => (finish = resolve));
    const raced = await withinBudget(work, 5);
    expect(raced.done).toBe(false);
    finish('late value');
    if (!raced.done) await expect(raced.later).resolves.toBe('late value');
  });
});

describe('submission guard', () => {
  it('runs the work once for concurrent and later calls with the same key', async () => {
    const guard = createSubmissionGuard();
    let runs = 0;
    const work = async () => ++runs;
    const [a, b] = await Promise.all([
      guard.once('V1', work, keepAlways),
      guard.once('V1', work, keepAlways),
    ]);
    expect([a, b, await guard.once('V1', work, keepAlways)]).toEqual([1, 1, 1]);
    expect(await guard.once('V2', work, keepAlways)).toBe(2);
  });

  it('forgets refused results so a corrected form can be sent again', async () => {
    const guard = createSubmissionGuard();
    const results = [{ ok: false }, { ok: true }];
    const work = async () => results.shift()!;
    expect(await guard.once('V1', work, (r) => r.ok)).toEqual({ ok: false });
    expect(await guard.once('V1', work, (r) => r.ok)).toEqual({ ok: true });
    expect(await guard.once('V1', work, (r) => r.ok)).toEqual({ ok: true });
  });
});
