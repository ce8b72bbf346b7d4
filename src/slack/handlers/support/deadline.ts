/**
 * Racing slow work against Slack's answer deadline. The work is never abandoned: when it is late
 * the caller answers Slack with a "Checking…" view and finishes the work afterwards.
 */
export type Raced<T> = { done: true; value: T } | { done: false; later: Promise<T> };

export async function withinBudget<T>(work: Promise<T>, budgetMs: number): Promise<Raced<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), budgetMs);
  });
  try {
    const first = await Promise.race([work.then((value) => ({ value })), late]);
    if (first === 'late') return { done: false, later: work };
    return { done: true, value: first.value };
  } finally {
    clearTimeout(timer);
  }
}
