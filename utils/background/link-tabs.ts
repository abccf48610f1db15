import { workbenchAppOf } from '../extension/origins';

interface WorkbenchTab {
  id?: number;
  url?: string;
  active?: boolean;
}

/** The open workbench tabs by the workbench app (SdkAppId) in their address; null where it names none. */
export function tabsByApp<T extends WorkbenchTab>(tabs: T[]): Map<string | null, T[]> {
  const byApp = new Map<string | null, T[]>();
  for (const tab of tabs) {
    const app = workbenchAppOf(tab.url);
    byApp.set(app, [...(byApp.get(app) ?? []), tab]);
  }
  return byApp;
}

/**
 * The order in which tabs are asked to fetch links the page's way, until one takes it on: the
 * tab that learned how first, then the one in view, then the rest as listed.
 */
export function linkFetchOrder<T extends WorkbenchTab>(tabs: T[], recipeTab: number | undefined): T[] {
  const rank = (t: WorkbenchTab) => (t.id === recipeTab ? 2 : t.active ? 1 : 0);
  return [...tabs].sort((a, b) => rank(b) - rank(a));
}
