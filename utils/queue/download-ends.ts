/**
 * Waits for downloads to end, from `downloads.onChanged`: the manifest's Blob URL may be let
 * go only then. A download that ended before anyone waited is found by looking it up.
 */
export type DownloadLookup = (id: number) => Promise<{ state?: string; error?: string } | undefined>;

export function createDownloadEnds(lookup: DownloadLookup) {
  const waiting = new Map<number, (interrupted: string | null) => void>();
  const end = (id: number, interrupted: string | null) => {
    waiting.get(id)?.(interrupted);
    waiting.delete(id);
  };
  return {
    /** Null once complete, else why it stopped (`ERASED` when the browser no longer has it). */
    ended(id: number): Promise<string | null> {
      const result = new Promise<string | null>((resolve) => waiting.set(id, resolve));
      void lookup(id).then(
        (d) => {
          if (!d) end(id, 'ERASED');
          else if (d.state === 'complete') end(id, null);
          else if (d.state === 'interrupted') end(id, d.error ?? 'UNKNOWN');
        },
        () => {},
      );
      return result;
    },
    /** Feed every `downloads.onChanged` delta here. */
    changed(delta: { id: number; state?: { current?: string }; error?: { current?: string } }): void {
      if (!waiting.has(delta.id)) return;
      if (delta.state?.current === 'complete') end(delta.id, null);
      else if (delta.state?.current === 'interrupted') end(delta.id, delta.error?.current ?? 'UNKNOWN');
    },
  };
}
