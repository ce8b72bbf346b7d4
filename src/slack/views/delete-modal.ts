/** Asks for confirmation before a data source and everything indexed from it are removed. */
import type { DataSource } from '../../domain/models';
import { context, plain, section } from '../blocks/kit';
import { BLOCK_LIMITS, escapeMrkdwn } from '../blocks/limits';
import type { ModalView } from '../blocks/types';
import { plural } from './format';

export const DELETE_CALLBACK = 'datasource_delete';

export function deleteConfirmModal(dataSource: DataSource, projectName: string | null): ModalView {
  const where = projectName ? ` from project *${escapeMrkdwn(projectName)}*` : '';
  return {
    type: 'modal',
    callback_id: DELETE_CALLBACK,
    title: plain('Delete data source', BLOCK_LIMITS.viewTitle),
    submit: plain('Delete', BLOCK_LIMITS.viewTitle),
    close: plain('Keep it', BLOCK_LIMITS.viewTitle),
    private_metadata: JSON.stringify({ ds: dataSource.id }),
    blocks: [
      section(
        `Delete *${escapeMrkdwn(dataSource.name)}*${where}?\n` +
          `Its ${plural(dataSource.pageCount, 'indexed page')}, their chunks, its run history ` +
          'and its schedule are removed. This cannot be undone.',
      ),
      context('The Confluence pages themselves are not touched.'),
    ],
  };
}
