import { generateCalls } from '../workbench/generator';

/** One clock for a benchmark's generated calls and the stand-in serving them. */
export const NOW = Math.floor(Date.now() / 1000);

/** How many calls to generate so that exactly `files` of them have a recording. */
export function callsFor(files: number): number {
  for (let n = files; n < files * 3; n++) if (generateCalls({ seed: 1, count: n, now: NOW }).filter((c) => c.recordingKey).length === files) return n;
  throw new Error(`no call count gives ${files} recordings`);
}
