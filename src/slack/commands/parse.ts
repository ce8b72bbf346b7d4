/**
 * Parses the text of `/datasource` into a typed command. The zod schema below is the contract:
 * handlers only ever see a {@link DatasourceCommand}. Anything else comes back as a
 * {@link CommandProblem} with the usage line to show.
 */
import { z } from 'zod';
import { escapeMrkdwn } from '../blocks/limits';
import { compactMentions, mentionedUser, plainText } from './slack-text';
import { restAfter, tokenize, type Token } from './tokenize';
import { USAGE, type UsageKey } from './usage';

/** Longest name or query accepted from the command line (data source names are shorter). */
const MAX_ARGUMENT = 500;

const nameArgument = z
  .string()
  .trim()
  .min(1, 'a data source name is missing')
  .max(MAX_ARGUMENT, `the name is longer than ${MAX_ARGUMENT} characters`);

const projectArgument = z
  .string()
  .trim()
  .min(1, 'the project name is missing')
  .max(MAX_ARGUMENT, `the project name is longer than ${MAX_ARGUMENT} characters`);

/** Slack user ids (`U…`, or `W…` in Enterprise Grid), as mentions carry them. */
const userId = z.string().regex(/^[UW][A-Z0-9]{1,20}$/, 'that is not a Slack user');

/** Most people added with one command. */
const MAX_MENTIONS = 20;

const commandSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('help') }),
  z.object({ kind: z.literal('create') }),
  z.object({ kind: z.literal('list') }),
  z.object({ kind: z.literal('integration_add') }),
  z.object({ kind: z.literal('integrations') }),
  z.object({ kind: z.literal('projects') }),
  z.object({
    kind: z.literal('project_add'),
    project: projectArgument,
    userIds: z
      .array(userId)
      .min(1, 'mention the people to add, like @alice')
      .max(MAX_MENTIONS, `at most ${MAX_MENTIONS} people at once`),
  }),
  z.object({ kind: z.literal('project_remove'), project: projectArgument, userId }),
  z.object({ kind: z.literal('reindex'), ref: nameArgument }),
  z.object({ kind: z.literal('edit'), ref: nameArgument }),
  z.object({ kind: z.literal('delete'), ref: nameArgument }),
  z.object({
    kind: z.literal('search'),
    query: z
      .string()
      .trim()
      .min(1, 'the search words are missing')
      .max(MAX_ARGUMENT, `the query is longer than ${MAX_ARGUMENT} characters`),
  }),
]);

export type DatasourceCommand = z.infer<typeof commandSchema>;

export interface CommandProblem {
  /** What is wrong, one short sentence. */
  problem: string;
  /** Usage lines to show with it. */
  usage: UsageKey[];
}

export type ParsedCommand =
  { ok: true; command: DatasourceCommand } | ({ ok: false } & CommandProblem);

const NO_ARGUMENT: Record<string, DatasourceCommand['kind']> = {
  help: 'help',
  create: 'create',
  new: 'create',
  list: 'list',
  ls: 'list',
  integrations: 'integrations',
  projects: 'projects',
};

const NAME_COMMANDS: Record<string, UsageKey & DatasourceCommand['kind']> = {
  reindex: 'reindex',
  edit: 'edit',
  delete: 'delete',
};

/** `raw` is the command text as Slack sends it (escaped: see `slack-text.ts`). */
export function parseCommandText(raw: string): ParsedCommand {
  const withMentions = compactMentions(raw);
  const first = tokenize(withMentions)[0];
  if (first && !first.quoted && first.value.toLowerCase() === 'project') {
    return parseProjectMembers(withMentions);
  }

  const text = plainText(raw);
  const tokens = tokenize(text);
  if (tokens.length === 0) return { ok: true, command: { kind: 'help' } };
  const verb = tokens[0].quoted ? '' : tokens[0].value.toLowerCase();

  // Subcommands without arguments refuse extra words rather than guess what was meant.
  const simple = NO_ARGUMENT[verb];
  if (simple) {
    if (tokens.length > 1) {
      return refuse(`\`${verb}\` takes no arguments.`, [usageKeyOf(simple)]);
    }
    return validate({ kind: simple }, usageKeyOf(simple));
  }

  if (verb === 'integration') {
    const sub = tokens[1]?.value.toLowerCase();
    if (sub === 'add' && tokens.length === 2)
      return validate({ kind: 'integration_add' }, 'integrationAdd');
    return refuse('Use `integration add` to connect a Confluence site.', [
      'integrationAdd',
      'integrations',
    ]);
  }

  const nameCommand = NAME_COMMANDS[verb];
  if (nameCommand)
    return validate({ kind: nameCommand, ref: restAfter(text, tokens, 1) }, nameCommand);

  if (verb === 'search') {
    const query = text.slice(tokens[0].start + tokens[0].value.length);
    return validate({ kind: 'search', query }, 'search');
  }

  const shown = escapeMrkdwn(tokens[0].value.slice(0, 40));
  return refuse(`I don't know the subcommand \`${shown}\`.`, Object.keys(USAGE) as UsageKey[]);
}

/** `project add NAME @user…` and `project remove NAME @user`: the name, then mentions only. */
function parseProjectMembers(text: string): ParsedCommand {
  const tokens = tokenize(text);
  const sub = tokens[1]?.quoted ? '' : tokens[1]?.value.toLowerCase();
  if (sub !== 'add' && sub !== 'remove') {
    return refuse('Use `project add` or `project remove`.', ['projectAdd', 'projectRemove']);
  }
  const usage: UsageKey = sub === 'add' ? 'projectAdd' : 'projectRemove';

  // People start at the first mention, or at a plain "@name" Slack did not turn into one.
  const at = tokens.findIndex(
    (t, i) => i >= 2 && !t.quoted && (mentionedUser(t.value) || t.value.startsWith('@')),
  );
  const nameTokens = tokens.slice(2, at < 0 ? tokens.length : at);
  const people = at < 0 ? [] : tokens.slice(at);
  const stray = people.find((t) => t.quoted || !mentionedUser(t.value));
  if (stray) {
    const shown = escapeMrkdwn(plainText(stray.value).slice(0, 40));
    return refuse(
      `\`${shown}\` is not a mention: write @ and pick the person, after the project name.`,
      [usage],
    );
  }
  const project = nameOf(text, nameTokens);
  const userIds = people.map((t) => mentionedUser(t.value)!);

  if (sub === 'add') return validate({ kind: 'project_add', project, userIds }, usage);
  if (userIds.length > 1) return refuse('Remove one person at a time.', [usage]);
  if (userIds.length === 0) return refuse('Mention the person to remove, like @alice.', [usage]);
  return validate({ kind: 'project_remove', project, userId: userIds[0] }, usage);
}

/** The project name: a quoted phrase as written, or the words with their spaces collapsed. */
function nameOf(text: string, tokens: Token[]): string {
  if (tokens.length === 0) return '';
  const last = tokens[tokens.length - 1];
  const end = last.start + last.value.length + (last.quoted ? 2 : 0);
  const words = restAfter(text.slice(0, end), tokens, 0);
  return plainText(words);
}

function validate(candidate: unknown, usage: UsageKey): ParsedCommand {
  const parsed = commandSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, command: parsed.data };
  const message = parsed.error.issues[0]?.message ?? 'the argument is not valid';
  return refuse(`${capitalize(message)}.`, [usage]);
}

function refuse(problem: string, usage: UsageKey[]): ParsedCommand {
  return { ok: false, problem, usage };
}

function usageKeyOf(kind: DatasourceCommand['kind']): UsageKey {
  const keys: Record<DatasourceCommand['kind'], UsageKey> = {
    help: 'help',
    create: 'create',
    list: 'list',
    integration_add: 'integrationAdd',
    integrations: 'integrations',
    projects: 'projects',
    project_add: 'projectAdd',
    project_remove: 'projectRemove',
    reindex: 'reindex',
    edit: 'edit',
    delete: 'delete',
    search: 'search',
  };
  return keys[kind];
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export { USAGE };
