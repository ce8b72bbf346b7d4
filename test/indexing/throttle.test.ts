import { createThrottle } from '../../src/indexing/throttle';
import { manualClock } from './doubles';

describe('createThrottle', () => {
  it('is due at first, then once per interval', () => {
    const clock = manualClock();
    const throttle = createThrottle(1000, clock.now);

    expect(throttle.due()).toBe(true);
    expect(throttle.due()).toBe(false);
    clock.advance(999);
    expect(throttle.due()).toBe(false);
    clock.advance(1);
    expect(throttle.due()).toBe(true);
  });

  it('starts the interval again when marked', () => {
    const clock = manualClock();
    const throttle = createThrottle(1000, clock.now);
    throttle.mark();

    clock.advance(500);
    expect(throttle.due()).toBe(false);
    clock.advance(500);
    expect(throttle.due()).toBe(true);
  });
});
