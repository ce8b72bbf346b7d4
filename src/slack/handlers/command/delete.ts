/** `/datasource delete NAME`: opens a confirmation at once, then finds the data source. */
import { AppError } from '../../../errors';
import { findDataSourceByRef, lookupProblem } from '../../lookup/datasource-ref';
import { buildDeleteConfirmation } from '../../forms/datasource-delete';
import { openThenFill } from '../support/modal';
import { tooSlow } from './create';
import type { CommandRequest } from './request';

export async function openDeleteConfirmation(request: CommandRequest, ref: string): Promise<void> {
  const { ctx, client, payload, respond } = request;
  const opened = await openThenFill(
    client,
    payload.trigger_id,
    'Delete data source',
    async () => {
      const lookup = await findDataSourceByRef(ctx.deps.repos, payload.team_id, ref);
      const problem = lookupProblem(lookup, ref, 'delete');
      if (problem || lookup.kind !== 'found') throw new AppError('not_found', problem ?? '');
      return buildDeleteConfirmation(
        ctx,
        payload.team_id,
        payload.user_id,
        lookup.match.dataSource,
      );
    },
    ctx.logger,
  );
  if (!opened) await respond(tooSlow());
}
