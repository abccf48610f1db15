/**
 * What the queue holds and which tabs are open, read in any of the extension's pages (or its
 * worker): for a failing test to say where things stood. Runs in the browser, so it is self-contained.
 */
export async function readQueueState(): Promise<object> {
  type Row = Record<string, unknown>;
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open('tccc-queue');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const all = (store: string) =>
    new Promise<Row[]>((resolve) => {
      const get = db.transaction(store).objectStore(store).getAll();
      get.onsuccess = () => resolve(get.result as Row[]);
    });
  const counts: Record<string, number> = {};
  for (const i of await all('items')) {
    const key = `${i.state}/${i.needsLink ? 'needs-link' : 'has-link'}/${i.lastError}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  const api = (
    globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id?: number; url?: string; active?: boolean }[]> } } }
  ).chrome;
  const tabs = await api.tabs.query({});
  const batches = (await all('batches')).map((b) => b.state);
  db.close();
  return { batches, items: counts, tabs: tabs.map((t) => `${t.id} ${t.active ? 'active' : ''} ${t.url}`) };
}
