/**
 * What went wrong in our own handlers on the workbench page. The host page must never
 * see our errors (uncaught, in its console): each handler runs `guarded`, and what it
 * throws is kept here, counted and scrubbed, for the diagnostics report.
 */
import { redact } from './redact';

export interface Problem {
  where: string;
  message: string;
  count: number;
}

const MAX_PROBLEMS = 20;
const MAX_MESSAGE = 300;
const problems = new Map<string, Problem>();

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  try {
    return typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error));
  } catch {
    return String(error);
  }
}

export function reportProblem(where: string, error: unknown): void {
  try {
    const message = redact(describe(error)).slice(0, MAX_MESSAGE);
    const key = `${where}\n${message}`;
    const known = problems.get(key);
    // Kept newest last: a repeated problem moves to the end with its count.
    problems.delete(key);
    problems.set(key, { where, message, count: (known?.count ?? 0) + 1 });
    if (problems.size > MAX_PROBLEMS) problems.delete(problems.keys().next().value!);
  } catch {
    /* reporting must not fail either */
  }
}

/** The handler, made safe: what it throws, or the promise it returns rejects with, is reported instead. */
export function guarded<A extends unknown[], R>(where: string, handler: (...args: A) => R): (...args: A) => R | undefined {
  return (...args: A) => {
    try {
      const result = handler(...args);
      if (result instanceof Promise) result.catch((error: unknown) => reportProblem(where, error));
      return result;
    } catch (error) {
      reportProblem(where, error);
      return undefined;
    }
  };
}

export function recentProblems(): Problem[] {
  return [...problems.values()];
}

export function clearProblems(): void {
  problems.clear();
}
