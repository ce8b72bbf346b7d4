import { INTERRUPT_SIGNALS, nextInterrupt, onProcessInterrupt } from '../../src/cli/interrupts';

describe('onProcessInterrupt', () => {
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)(
    'hands %s to the handler instead of letting it end the process',
    (signal) => {
      const heard: string[] = [];
      const stop = onProcessInterrupt((s) => heard.push(s));
      try {
        process.emit(signal, signal);
      } finally {
        stop();
      }

      expect(heard).toEqual([signal]);
    },
  );

  it('removes every listener it added when stopped', () => {
    const before = INTERRUPT_SIGNALS.map((s) => process.listenerCount(s));

    onProcessInterrupt(() => {})();

    expect(INTERRUPT_SIGNALS.map((s) => process.listenerCount(s))).toEqual(before);
  });
});

describe('nextInterrupt', () => {
  it('resolves with the first stop signal, then gives the signals back to their defaults', async () => {
    const before = INTERRUPT_SIGNALS.map((s) => process.listenerCount(s));
    const stopped = nextInterrupt();
    expect(INTERRUPT_SIGNALS.map((s) => process.listenerCount(s))).not.toEqual(before);

    process.emit('SIGHUP', 'SIGHUP');

    await expect(stopped).resolves.toBe('SIGHUP');
    expect(INTERRUPT_SIGNALS.map((s) => process.listenerCount(s))).toEqual(before);
  });
});
