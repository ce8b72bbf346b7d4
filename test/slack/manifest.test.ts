/**
 * manifest.yml creates the app in one step: the slash command the app listens to, the events and
 * the surfaces it uses, Socket Mode, and only the bot scopes the code needs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const manifest = readFileSync(path.resolve(__dirname, '../../manifest.yml'), 'utf8');

/** The items of the YAML list under `key:` (a simple reader for this file's layout). */
function listUnder(key: string): string[] {
  const lines = manifest.split('\n');
  const start = lines.findIndex((l) => l.trim() === `${key}:`);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim().startsWith('#')) continue;
    const item = /^\s+- (\S+)$/.exec(line);
    if (!item) break;
    items.push(item[1]);
  }
  return items;
}

describe('manifest.yml', () => {
  it('names the app, the /datasource command and the surfaces the bot uses', () => {
    expect(manifest).toMatch(/^ {2}name: Datasource Bot$/m);
    expect(manifest).toMatch(/- command: \/datasource$/m);
    expect(manifest).toMatch(/home_tab_enabled: true/);
    expect(manifest).toMatch(/messages_tab_enabled: true/);
    expect(manifest).toMatch(/interactivity:\n(\s+#.*\n)*\s+is_enabled: true/);
  });

  it('asks for exactly the bot scopes the code uses', () => {
    expect(listUnder('bot').sort()).toEqual(
      ['chat:write', 'chat:write.public', 'commands', 'im:write', 'users:read'].sort(),
    );
  });

  it('subscribes to app_home_opened, runs over Socket Mode and keeps token rotation off', () => {
    expect(listUnder('bot_events')).toEqual(['app_home_opened']);
    expect(manifest).toMatch(/socket_mode_enabled: true/);
    expect(manifest).toMatch(/token_rotation_enabled: false/);
  });

  it('escapes the command text, so mentions arrive as user ids for project add and remove', () => {
    expect(manifest).toMatch(/^\s+should_escape: true$/m);
  });

  it('explains every scope with a comment', () => {
    const lines = manifest.split('\n');
    for (const scope of listUnder('bot')) {
      const at = lines.findIndex((l) => l.trim() === `- ${scope}`);
      expect(lines[at - 1].trim()).toMatch(/^#/);
    }
  });
});
