import { describe, expect, it } from 'vitest';
import zh from '../../public/_locales/zh_CN/messages.json';
import en from '../../public/_locales/en/messages.json';

type Catalog = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

describe('translations', () => {
  it('zh_CN and en carry the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('every placeholder used in a message is declared, in both languages', () => {
    for (const catalog of [zh, en] as Catalog[]) {
      for (const [key, entry] of Object.entries(catalog)) {
        const used = [...entry.message.matchAll(/\$([A-Z_]+)\$/g)].map((m) => m[1]!.toLowerCase());
        expect(Object.keys(entry.placeholders ?? {}).sort(), key).toEqual([...new Set(used)].sort());
      }
    }
  });

  it('names the extension 「TCCC 录音助手」', () => {
    expect((zh as Catalog).extName!.message).toBe('TCCC 录音助手');
  });
});
