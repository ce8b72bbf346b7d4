/**
 * `/datasource`: parses the text (see `commands/parse.ts`) and hands the typed command to its
 * handler. Unknown subcommands and bad arguments get a short ephemeral usage answer at once.
 */
import type { App } from '@slack/bolt';
import { parseCommandText } from '../../commands/parse';
import type { SlackContext } from '../../context';
import { helpMessage, noticeMessage, usageMessage } from '../../views/help-message';
import { openCreateForm } from './create';
import { openDeleteConfirmation } from './delete';
import { openEditForm } from './edit';
import { openIntegrationForm } from './integration-add';
import { listIntegrations } from './integrations';
import { listDataSources } from './list';
import { commandPayloadSchema } from './payload';
import { addMembers, listProjects, removeMember } from './projects';
import { reindexByName } from './reindex';
import { searchPages } from './search';

export function registerCommand(app: App, ctx: SlackContext): void {
  app.command('/datasource', async ({ ack, body, client, respond }) => {
    const payload = commandPayloadSchema.safeParse(body);
    if (!payload.success) {
      await ack(noticeMessage('Slack sent this command without the fields it needs. Try again.'));
      return;
    }
    const parsed = parseCommandText(payload.data.text);
    if (!parsed.ok) {
      await ack(usageMessage(parsed.problem, parsed.usage));
      return;
    }
    const command = parsed.command;
    const request = { ctx, client, payload: payload.data, respond };

    switch (command.kind) {
      case 'help':
        await ack(helpMessage());
        return;
      case 'create':
        await ack();
        await openCreateForm(request);
        return;
      case 'integration_add':
        await ack();
        await openIntegrationForm(request);
        return;
      case 'edit':
        await ack();
        await openEditForm(request, command.ref);
        return;
      case 'delete':
        await ack();
        await openDeleteConfirmation(request, command.ref);
        return;
      case 'list':
        await ack();
        await listDataSources(request);
        return;
      case 'integrations':
        await ack();
        await listIntegrations(request);
        return;
      case 'projects':
        await ack();
        await listProjects(request);
        return;
      case 'project_add':
        await ack();
        await addMembers(request, command.project, command.userIds);
        return;
      case 'project_remove':
        await ack();
        await removeMember(request, command.project, command.userId);
        return;
      case 'reindex':
        await ack();
        await reindexByName(request, command.ref);
        return;
      case 'search':
        await ack();
        await searchPages(request, command.query);
        return;
    }
  });
}
