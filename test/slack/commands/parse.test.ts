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

describe('parseCommandText with project members (text as Slack escapes it)', () => {
  it.each([
    ['projects', { kind: 'projects' }],
    [
      'project add Platform <@U0ALICE|alice> <@U0BOB>',
      { kind: 'project_add', project: 'Platform', userIds: ['U0ALICE', 'U0BOB'] },
    ],
    [
      'project add Data team <@W0123|Carol Smith>',
      { kind: 'project_add', project: 'Data team', userIds: ['W0123'] },
    ],
    [
      'project add "R&amp;D docs" <@U0BOB|bob>',
      { kind: 'project_add', project: 'R&D docs', userIds: ['U0BOB'] },
    ],
    [
      'project remove Platform <@U0BOB|bob>',
      { kind: 'project_remove', project: 'Platform', userId: 'U0BOB' },
    ],
  ])('reads %j', (text, expected) => {
    expect(ok(text)).toEqual(expected);
  });

  it.each([
    ['project add Platform', 'projectAdd', 'mention the people to add'],
    ['project add <@U0BOB|bob>', 'projectAdd', 'project name is missing'],
    ['project add Platform @bob', 'projectAdd', '`@bob` is not a mention'],
    ['project add Platform <@U0BOB|bob> later', 'projectAdd', '`later` is not a mention'],
    ['project remove Platform', 'projectRemove', 'mention the person to remove'],
    ['project remove Platform <@U1A> <@U2B>', 'projectRemove', 'one person at a time'],
    ['project rename Platform', 'projectAdd', 'use `project add` or `project remove`'],
    ['projects Platform', 'projects', 'takes no arguments'],
  ])('refuses %j with the usage of that subcommand', (text, usage, problem) => {
    const parsed = parseCommandText(text);
    expect(parsed).toMatchObject({ ok: false });
    if (parsed.ok) return;
    expect(parsed.usage).toContain(usage);
    expect(parsed.problem.toLowerCase()).toContain(problem.toLowerCase());
  });

  it('turns escaped text back into what was typed for the other subcommands', () => {
    expect(ok('search Q&amp;A &lt;draft&gt; <#C1|general> <https://x.example/a|docs>')).toEqual({
      kind: 'search',
      query: 'Q&A <draft> #general docs',
    });
    expect(ok('edit R&amp;D <@U0BOB|bob>')).toEqual({ kind: 'edit', ref: 'R&D @bob' });
  });
});
