import { LimiterRegistry } from '../../src/confluence/host-limiter';
import { fakeTime } from './helpers';

function registry() {
  const time = fakeTime();
  return {
    time,
    limiters: new LimiterRegistry({ maxConcurrent: 2, requestsPerSecond: 10, ...time }),
  };
}

describe('LimiterRegistry', () => {
  it('gives clients of the same host the same limiter, whatever the case', () => {
    const { limiters } = registry();
    expect(limiters.forHost('Wiki.Corp:8443')).toBe(limiters.forHost('wiki.corp:8443'));
    expect(limiters.forHost('wiki.corp')).not.toBe(limiters.forHost('other.corp'));
  });
});

describe('HostLimiter', () => {
  it('slows down on 429 and recovers gradually as requests succeed', () => {
    const limiter = registry().limiters.forHost('wiki.corp');
    expect(limiter.currentSpacingMs).toBe(100);
    limiter.slowDown(0);
    limiter.slowDown(0);
    expect(limiter.currentSpacingMs).toBe(400);
    limiter.recover();
    expect(limiter.currentSpacingMs).toBeLessThan(400);
    expect(limiter.currentSpacingMs).toBeGreaterThan(100);
    for (let i = 0; i < 100; i++) limiter.recover();
    expect(limiter.currentSpacingMs).toBe(100);
  });

  it('pauses every request to the host after a 429 for the time asked', async () => {
    const { time, limiters } = registry();
    const limiter = limiters.forHost('wiki.corp');
    limiter.slowDown(5000);
    const results = await Promise.all([
      limiter.schedule(async () => 'a'),
      limiters.forHost('wiki.corp').schedule(async () => 'b'),
    ]);
    expect(results).toEqual(['a', 'b']);
    expect(time.sleeps[0]).toBe(5000);
    expect(time.sleeps.slice(1).every((ms) => ms <= 5000)).toBe(true);
  });
});
