import { parseCommandText } from '../../../src/slack/commands/parse';
import { tokenize } from '../../../src/slack/commands/tokenize';

const ok = (text: string) => {
  const parsed = parseCommandText(text);
  if (!parsed.ok) throw new Error(`Expected ${text} to parse: ${parsed.problem}`);
  return parsed.command;
};

describe('parseCommandText', () => {
  it.each([
    ['', { kind: 'help' }],
    ['   ', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['create', { kind: 'create' }],
    ['list', { kind: 'list' }],
    ['integration add', { kind: 'integration_add' }],
    ['integrations', { kind: 'integrations' }],
    ['reindex Runbooks', { kind: 'reindex', ref: 'Runbooks' }],
    ['edit Team Docs', { kind: 'edit', ref: 'Team Docs' }],
    ['edit   Team    Docs ', { kind: 'edit', ref: 'Team Docs' }],
    ['delete "Team Docs"', { kind: 'delete', ref: 'Team Docs' }],
    ['delete “Team Docs”', { kind: 'delete', ref: 'Team Docs' }],
    ['reindex Platform/Team Docs', { kind: 'reindex', ref: 'Platform/Team Docs' }],
    ['search how do I rotate keys?', { kind: 'search', query: 'how do I rotate keys?' }],
    ['search "exact phrase" more', { kind: 'search', query: '"exact phrase" more' }],
  ])('reads %j', (text, expected) => {
    expect(ok(text)).toEqual(expected);
  });

  it('refuses an unknown subcommand and lists the usage', () => {
    const parsed = parseCommandText('frobnicate now');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problem).toContain('frobnicate');
    expect(parsed.usage).toContain('create');
  });

  it.each([
    ['reindex', 'reindex', 'name is missing'],
    ['edit ""', 'edit', 'name is missing'],
    ['delete', 'delete', 'name is missing'],
    ['search', 'search', 'search words are missing'],
    ['search    ', 'search', 'search words are missing'],
  ])('refuses %j with the usage of that subcommand', (text, usage, problem) => {
    const parsed = parseCommandText(text);
    expect(parsed).toMatchObject({ ok: false, usage: [usage] });
    if (!parsed.ok) expect(parsed.problem.toLowerCase()).toContain(problem);
  });

  it('refuses extra words after a subcommand that takes none', () => {
    expect(parseCommandText('list everything')).toMatchObject({ ok: false, usage: ['list'] });
    expect(parseCommandText('create now')).toMatchObject({ ok: false, usage: ['create'] });
  });

  it('refuses "integration" without "add"', () => {
    expect(parseCommandText('integration remove x')).toMatchObject({ ok: false });
    expect(parseCommandText('integration')).toMatchObject({ ok: false });
  });

  it('refuses names longer than 500 characters', () => {
    expect(parseCommandText(`edit ${'x'.repeat(501)}`)).toMatchObject({
      ok: false,
      usage: ['edit'],
    });
  });
});

describe('tokenize', () => {
  it('keeps quoted phrases whole and records where each token starts', () => {
    expect(tokenize(`edit "Team Docs" x`)).toEqual([
      { value: 'edit', start: 0, quoted: false },
      { value: 'Team Docs', start: 5, quoted: true },
      { value: 'x', start: 17, quoted: false },
    ]);
  });

  it('treats an unclosed quote as part of a word', () => {
    expect(tokenize(`edit "Team`).map((t) => t.value)).toEqual(['edit', '"Team']);
  });
});
