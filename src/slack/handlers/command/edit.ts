/** `/datasource edit NAME`: opens the form at once, then finds the data source and fills it in. */
import { AppError } from '../../../errors';
import { buildEditForm } from '../../forms/datasource-edit';
import { findDataSourceByRef, lookupProblem } from '../../lookup/datasource-ref';
import { openThenFill } from '../support/modal';
import { tooSlow } from './create';
import type { CommandRequest } from './request';

export async function openEditForm(request: CommandRequest, ref: string): Promise<void> {
  const { ctx, client, payload, respond } = request;
  const opened = await openThenFill(
    client,
    payload.trigger_id,
    'Edit data source',
    async () => {
      const lookup = await findDataSourceByRef(ctx.deps.repos, payload.team_id, ref);
      const problem = lookupProblem(lookup, ref, 'edit');
      if (problem || lookup.kind !== 'found') throw new AppError('not_found', problem ?? '');
      return buildEditForm(ctx, payload.team_id, payload.user_id, lookup.match.dataSource);
    },
    ctx.logger,
  );
  if (!opened) await respond(tooSlow());
}
