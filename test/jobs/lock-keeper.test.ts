/** `keepLockAlive`: touches an Agenda job on a timer until stopped; Jest's fake timers drive it. */
import { keepLockAlive } from '../../src/jobs/lock-keeper';
import { createLogger } from '../../src/logging/logger';
import { Writable } from 'node:stream';

function capturingLogger() {
  const lines: Array<{ level: string; msg: string }> = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

/** Lets the promise callbacks queued by a tick run. */
const settle = () =>
  new Promise<void>((resolve) => jest.requireActual('timers').setImmediate(resolve));

describe('keepLockAlive', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('touches the job every interval until stopped', async () => {
    let touches = 0;
    const stop = keepLockAlive(
      { touch: async () => void touches++ },
      1000,
      capturingLogger().logger,
    );

    jest.advanceTimersByTime(999);
    expect(touches).toBe(0);
    for (let tick = 1; tick <= 3; tick++) {
      jest.advanceTimersByTime(1);
      await settle();
      expect(touches).toBe(tick);
      jest.advanceTimersByTime(999);
    }

    stop();
    jest.advanceTimersByTime(10_000);
    await settle();
    expect(touches).toBe(3);
  });

  it('logs a failed touch and tries again on the next tick', async () => {
    const { logger, lines } = capturingLogger();
    let touches = 0;
    const job = {
      touch: async () => {
        touches++;
        if (touches === 1) throw new Error('database unavailable');
      },
    };
    const stop = keepLockAlive(job, 1000, logger);

    jest.advanceTimersByTime(1000);
    await settle();
    jest.advanceTimersByTime(1000);
    await settle();
    stop();

    expect(touches).toBe(2);
    expect(lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([
      'index job lock not renewed',
    ]);
  });

  it('never starts a touch while the previous one is still pending', async () => {
    let started = 0;
    let finish!: () => void;
    const job = {
      touch: () => {
        started++;
        return new Promise<void>((resolve) => (finish = resolve));
      },
    };
    const stop = keepLockAlive(job, 1000, capturingLogger().logger);

    jest.advanceTimersByTime(3000);
    await settle();
    expect(started).toBe(1);

    finish();
    await settle();
    jest.advanceTimersByTime(1000);
    await settle();
    stop();
    expect(started).toBe(2);
  });
});
