import { INTERRUPT_SIGNALS, onProcessInterrupt } from '../../src/cli/interrupts';

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
