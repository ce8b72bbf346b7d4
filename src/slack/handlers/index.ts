/** Registers every Slack listener of the app; each lives in its own file. */
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context';
import { registerCommand } from './command/route';
import { registerAddIntegrationFromForm } from './datasource-add-integration';
import { registerDataSourceClosed } from './datasource-closed';
import { registerDeleteSubmit } from './datasource-delete-submit';
import { registerFixIntegrationFromForm } from './datasource-fix-integration';
import { registerDataSourceSubmit } from './datasource-submit';
import { registerTestCql } from './datasource-test-cql';
import { registerHome } from './home-actions';
import { registerIntegrationActions } from './integration-actions';
import { registerIntegrationSubmit } from './integration-submit';
import { registerOverviewActions } from './overview-actions';
import { registerRunActions } from './run-actions';

export function registerHandlers(app: App, ctx: SlackContext): void {
  registerCommand(app, ctx);
  registerIntegrationSubmit(app, ctx);
  registerDataSourceSubmit(app, ctx);
  registerDataSourceClosed(app, ctx);
  registerTestCql(app, ctx);
  registerAddIntegrationFromForm(app, ctx);
  registerFixIntegrationFromForm(app, ctx);
  registerDeleteSubmit(app, ctx);
  registerIntegrationActions(app, ctx);
  registerOverviewActions(app, ctx);
  registerRunActions(app, ctx);
  registerHome(app, ctx);
}
