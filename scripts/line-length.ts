/**
 * No line of shipped code over 140 characters. Biome's formatter wraps code at that width but
 * leaves a long comment, string or style rule as it is; this finds those.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const MAX_CHARS = 140;
const SHIPPED = ['entrypoints', 'components', 'utils'];
const SOURCE = /\.(ts|tsx|css|html)$/;

const tooLong: string[] = [];
for (const root of SHIPPED) {
  for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => SOURCE.test(f))) {
    const path = join(root, file);
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const chars = [...line].length;
        if (chars > MAX_CHARS) tooLong.push(`${path}:${i + 1}: ${chars} characters`);
      });
  }
}
if (tooLong.length > 0) {
  console.error(`Lines over ${MAX_CHARS} characters in shipped code:\n${tooLong.join('\n')}`);
  process.exitCode = 1;
}
