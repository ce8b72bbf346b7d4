import { chooseRunMode } from '../../src/indexing/run-mode';

const NOW = new Date('2024-06-02T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const options = { fullListingEveryMs: DAY };

describe('chooseRunMode', () => {
  const recent = {
    lastSuccessAt: new Date(NOW.getTime() - 60 * 60 * 1000),
    lastFullListingAt: new Date(NOW.getTime() - 2 * 60 * 60 * 1000),
  };

  it('makes a scheduled run incremental after a recent full listing', () => {
    expect(chooseRunMode(recent, 'schedule', NOW, options)).toBe('incremental');
  });

  it.each(['create', 'manual', 'cli', 'retry'] as const)('runs a %s run in full', (trigger) => {
    expect(chooseRunMode(recent, trigger, NOW, options)).toBe('full');
  });

  it('lists in full when the last full listing is older than the interval', () => {
    const stale = { ...recent, lastFullListingAt: new Date(NOW.getTime() - DAY) };
    expect(chooseRunMode(stale, 'schedule', NOW, options)).toBe('full');
  });

  it('lists in full before any success', () => {
    expect(
      chooseRunMode({ lastSuccessAt: null, lastFullListingAt: null }, 'schedule', NOW, options),
    ).toBe('full');
  });
});
