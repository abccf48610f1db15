import type { BatchState } from '../queue/types';

/** What the popup's buttons ask of a batch. */
export const BATCH_ACTIONS = ['pause', 'resume', 'cancel', 'retry-failed', 'open-folder'] as const;
export type BatchAction = (typeof BATCH_ACTIONS)[number];

/** The actions that only move the batch to another state, and that state. */
export const STATE_AFTER = { pause: 'paused', resume: 'running', cancel: 'canceled' } as const satisfies Partial<
  Record<BatchAction, BatchState>
>;
type StateAction = keyof typeof STATE_AFTER;

export const isStateAction = (action: BatchAction): action is StateAction => Object.hasOwn(STATE_AFTER, action);
