import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../workbench/generator';
import { MAX_PATH_CHARS, MAX_SEGMENT_BYTES, sanitizePath, sanitizeSegment, truncateBytes, utf8Length } from '../../utils/naming/filename';

/** What Chrome, Windows, macOS and Linux all accept in one path segment. */
function isPortableSegment(s: string): boolean {
  return (
    s.length > 0 &&
    !/["*/:<>?\\|~\p{Cc}\p{Cf}]/u.test(s) &&
    !/^[\s.~]|[\s.~]$/.test(s) &&
    !/^(con|prn|aux|nul|com\d|lpt\d|conin\$|conout\$|clock\$)(\..*)?$/i.test(s) &&
    s !== '.' &&
    s !== '..' &&
    utf8Length(s) <= MAX_SEGMENT_BYTES
  );
}

const ALPHABET = [
  ...'/\\:*?"<>|. ~abcXYZ019_-$录音客服満😀\u0000\u001f\u007f\u200b\ufeff\t\n',
  'CON',
  'nul',
  'COM1',
  '..',
  'CONIN$',
  'clock$',
];

function randomString(rand: () => number, max: number): string {
  let s = '';
  const n = Math.floor(rand() * max);
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(rand() * ALPHABET.length)];
  return s;
}

describe('file names every system accepts', () => {
  it('replaces the format characters, noncharacters and tildes Chrome refuses', () => {
    expect(sanitizeSegment('a\u00adb\u200dc\ufffed~e')).toBe('a_b_c_d_e');
    expect(sanitizeSegment('PROGRA~1')).toBe('PROGRA_1');
  });

  it('replaces the characters Chrome and Windows refuse', () => {
    expect(sanitizeSegment('a/b\\c:d*e?f"g<h>i|j')).toBe('a_b_c_d_e_f_g_h_i_j');
    expect(sanitizeSegment('tab\there\u0000nul')).toBe('tab here_nul');
  });

  it('renames reserved device names, with or without an extension', () => {
    expect(sanitizeSegment('CON')).toBe('_CON');
    expect(sanitizeSegment('nul.mp3')).toBe('_nul.mp3');
    expect(sanitizeSegment('COM1')).toBe('_COM1');
    expect(sanitizeSegment('CONSOLE')).toBe('CONSOLE');
    expect(sanitizeSegment('CONIN$')).toBe('_CONIN$');
    expect(sanitizeSegment('conout$.mp3')).toBe('_conout$.mp3');
    expect(sanitizeSegment('CLOCK$')).toBe('_CLOCK$');
    expect(sanitizeSegment('CLOCK$1')).toBe('CLOCK$1');
  });

  it('never cuts a name down to a reserved one', () => {
    const path = sanitizePath(`${'CONSOLE'.padEnd(100, 'x')}/${'NULL'.padEnd(100, 'y')}/${'AUX'.padEnd(100, 'z')}/a.mp3`, 'mp3');
    for (const p of path.split('/')) expect(isPortableSegment(p), path).toBe(true);
  });

  it('keeps the whole path within what Windows takes, in UTF-16 units', () => {
    const long = sanitizePath(`${'root'.repeat(30)}/${'a'.repeat(140)}/${'b😀'.repeat(70)}/${'c'.repeat(140)}.mp3`, 'mp3');
    expect(long.length).toBeLessThanOrEqual(MAX_PATH_CHARS);
    expect(long.endsWith('.mp3')).toBe(true);
    expect(long.split('/')).toHaveLength(4);
  });

  it('trims leading and trailing dots, spaces and tildes and never leaves a name empty', () => {
    expect(sanitizeSegment(' ..hidden. ')).toBe('hidden');
    expect(sanitizeSegment('~tmp~')).toBe('tmp');
    expect(sanitizeSegment('...')).toBe('_');
    expect(sanitizeSegment('')).toBe('_');
  });

  it('caps a segment in UTF-8 bytes without cutting a character in half', () => {
    const long = '客'.repeat(200);
    const out = sanitizeSegment(long);
    expect(utf8Length(out)).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
    expect(out).toBe('客'.repeat(50));
    expect(truncateBytes('a😀b', 3)).toBe('a');
  });

  it('keeps folders, drops `..` and empty segments, and keeps the extension when cutting', () => {
    expect(sanitizePath('TCCC录音//../批次/../x.mp3', 'mp3')).toBe('TCCC录音/批次/x.mp3');
    const path = sanitizePath(`TCCC录音/b/${'备注'.repeat(100)}_session-1.mp3`, 'mp3');
    expect(path.startsWith('TCCC录音/b/')).toBe(true);
    expect(path.endsWith('.mp3')).toBe(true);
  });

  it('turns any random string into portable segments (property test)', () => {
    const rand = mulberry32(42);
    for (let i = 0; i < 2000; i++) {
      const raw = randomString(rand, 120);
      const seg = sanitizeSegment(raw);
      expect(isPortableSegment(seg), JSON.stringify(raw)).toBe(true);
      const path = sanitizePath(`${raw}/${randomString(rand, 40)}/${raw}.mp3`, 'mp3');
      const parts = path.split('/');
      for (const p of parts) expect(isPortableSegment(p), JSON.stringify(path)).toBe(true);
      expect(parts.at(-1)!.endsWith('.mp3')).toBe(true);
      expect(path.length, path).toBeLessThanOrEqual(MAX_PATH_CHARS);
    }
  });
});

describe('byte counts', () => {
  it('agree with a real UTF-8 encoder, CJK, emoji and broken surrogates included', () => {
    const rand = mulberry32(5);
    const encoder = new TextEncoder();
    for (let i = 0; i < 500; i++) {
      const s = `${randomString(rand, 40)}${i % 7 === 0 ? '\ud83d' : ''}录😀`;
      expect(utf8Length(s)).toBe(encoder.encode(s).length);
      const max = Math.floor(rand() * 60);
      const cut = truncateBytes(s, max);
      expect(encoder.encode(cut).length).toBeLessThanOrEqual(max);
      expect(s.startsWith(cut)).toBe(true);
    }
  });
});
