import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { send } from '../../utils/extension/send';
import type { ReplyTo } from '../../utils/extension/messages';

afterEach(() => vi.restoreAllMocks());

describe('a message to the background', () => {
  it('gets the reply the protocol names for it', async () => {
    const sent = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ ok: true, forgotten: 3 } as never);
    const reply: ReplyTo<'clear-history'> = await send({ type: 'clear-history' });
    expect(sent).toHaveBeenCalledWith({ type: 'clear-history' });
    expect(reply.forgotten).toBe(3);
  });

  it('is checked against the protocol where it is sent', () => {
    const unsent = () => {
      // @ts-expect-error a type the protocol does not know
      void send({ type: 'link-recipe?' });
      // @ts-expect-error an enqueue without its page
      void send({ type: 'enqueue', records: [] });
      // @ts-expect-error an action no batch has
      void send({ type: 'batch-action', batchId: 'b', action: 'delete' });
    };
    expect(unsent).toBeTypeOf('function');
  });
});
