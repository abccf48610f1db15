import { it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { generateCalls } from '../workbench/generator';
import { normalizeRecords } from '../../utils/page-json/normalize';
import { findRecordArrays } from '../../utils/page-json/record-shape';
import { applyFilters, type FilterState } from '../../utils/page-model/filters';
import { median, report, timeRuns } from './stats';

const calls = generateCalls({ seed: 7, count: 10_000 }).map((c) => c.cdr);
const body = JSON.stringify({ code: 0, data: { TotalCount: calls.length, TelCdrList: calls } });

it('normalizes and filters 10,000 collected records', () => {
  const parse = timeRuns(() => normalizeRecords(findRecordArrays(JSON.parse(body)).flat(), Infinity), 11);
  report('parse + find + normalize 10,000 records', `${median(parse).toFixed(1)} ms`);
  const pageBody = JSON.stringify({ code: 0, data: { TotalCount: calls.length, TelCdrList: calls.slice(0, 100) } });
  const onePage = timeRuns(() => normalizeRecords(findRecordArrays(JSON.parse(pageBody)).flat()));
  report('parse + find + normalize one 100-record page', `${median(onePage).toFixed(2)} ms`);

  const { records } = normalizeRecords(findRecordArrays(JSON.parse(body)).flat(), Infinity);
  const label = records.find((r) => r.satisfaction)!.satisfaction!;
  // A fresh state object per run, as a chip click makes one.
  const states: FilterState[] = [
    { chips: { satisfaction: [label] }, minDuration: 0, text: '' },
    { chips: { hangup: ['user'], direction: ['in'] }, minDuration: 30, text: '' },
    { chips: {}, minDuration: 0, text: '138' },
  ];
  for (const s of states) {
    const times = timeRuns(() => applyFilters(records, { ...s, chips: { ...s.chips } }));
    report(
      `filter + counts 10,000 (${JSON.stringify(s.chips)}${s.text ? ` "${s.text}"` : ''})`,
      `${median(times).toFixed(2)} ms`,
      '≤ 16 ms median',
    );
  }
});

// The unit test counts the values looked at (20,000 at most); this is what that costs in time.
it('finds a record list in a huge body of noise', () => {
  const huge = { noise: Array.from({ length: 200_000 }, (_, i) => ({ i })), data: { list: calls.slice(0, 100) } };
  const times = timeRuns(() => findRecordArrays(huge), 11);
  report('find the list beside 200,000 objects of noise', `${median(times).toFixed(1)} ms`, '≤ 200 ms');
});

it('measures the content scripts', () => {
  const dir = resolve(import.meta.dirname, '../../.output/chrome-mv3/content-scripts');
  if (!existsSync(dir)) return report('content script size', 'no build (npm run build)');
  const size = (name: string) => {
    const js = readFileSync(resolve(dir, name));
    return `${(js.length / 1024).toFixed(1)} KB minified, ${(gzipSync(js).length / 1024).toFixed(1)} KB gzip`;
  };
  report(
    'content scripts on every workbench page (sentinel + main-world tap)',
    `${size('workbench.js')} + ${size('workbench-tap.js')}`,
    '≤ 40 KB',
  );
  report('page tools, loaded only where call records show', size('workbench-tools.js'));
});
