/** The usage lines of `/datasource`, shown by help and with every refused argument. */
export const USAGE = {
  create: '`/datasource create` opens the form to add a data source',
  list: '`/datasource list` shows the data sources you can see and their status',
  integrationAdd: '`/datasource integration add` connects a Confluence site',
  integrations: '`/datasource integrations` lists the Confluence integrations you can use',
  projects: '`/datasource projects` lists your projects and their members',
  projectAdd: '`/datasource project add PROJECT @person…` adds people to a project you are in',
  projectRemove: '`/datasource project remove PROJECT @person` takes someone out of a project',
  reindex: '`/datasource reindex NAME` indexes a data source again now',
  edit: '`/datasource edit NAME` changes a data source (query, integration, schedule…)',
  delete: '`/datasource delete NAME` removes a data source and everything indexed from it',
  search: '`/datasource search QUERY` finds pages in the indexed data sources',
  help: '`/datasource help` shows this list',
} as const;

export type UsageKey = keyof typeof USAGE;

/** Tip shown with name arguments. */
export const NAME_TIP =
  'Names may contain spaces. When two projects have a data source with that name, write `project/name`.';
