import { createHash } from 'node:crypto';

// MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, no CRC, joint stereo: 417 bytes a frame, 418 with padding.
const HEADER = [0xff, 0xfb, 0x90, 0x64];
const BITRATE = 128_000;
const RATE = 44_100;

function frameLength(padding: boolean): number {
  return Math.floor((144 * BITRATE) / RATE) + (padding ? 1 : 0);
}

/** Deterministic bytes from a seed, as many as asked. */
function noise(seed: string, length: number): Buffer {
  const out = Buffer.alloc(length);
  let block = createHash('sha256').update(seed).digest();
  for (let i = 0; i < length; i += block.length) {
    block.copy(out, i, 0, Math.min(block.length, length - i));
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

/**
 * A valid MP3 of exactly `sizeBytes`: back-to-back frames with proper headers whose
 * payload differs per seed; the last frame is cut to fit, as a truncated file would be.
 */
export function makeMp3(seed: string, sizeBytes: number): Buffer {
  const out = Buffer.alloc(sizeBytes);
  const payload = noise(seed, sizeBytes);
  let offset = 0;
  let frame = 0;
  let acc = 0;
  while (offset < sizeBytes) {
    // Padding keeps the average frame length exact (417.96 bytes).
    acc += (144 * BITRATE) % RATE;
    const padding = acc >= RATE;
    if (padding) acc -= RATE;
    const len = frameLength(padding);
    const header = [...HEADER];
    if (padding) header[2] = header[2]! | 0x02;
    for (let i = 0; i < 4 && offset + i < sizeBytes; i++) out[offset + i] = header[i]!;
    payload.copy(out, offset + 4, offset + 4, Math.min(offset + len, sizeBytes));
    offset += len;
    frame++;
  }
  void frame;
  return out;
}

/** True when the first frames chain: each header valid and the next one right where it says. */
export function isValidMp3(buf: Buffer, frames = 8): boolean {
  let offset = 0;
  for (let n = 0; n < frames; n++) {
    if (offset + 4 > buf.length) return n > 0;
    if (buf[offset] !== 0xff || (buf[offset + 1]! & 0xe0) !== 0xe0) return false;
    const version = (buf[offset + 1]! >> 3) & 0x3;
    const layer = (buf[offset + 1]! >> 1) & 0x3;
    const bitrateIndex = buf[offset + 2]! >> 4;
    const rateIndex = (buf[offset + 2]! >> 2) & 0x3;
    if (version !== 3 || layer !== 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return false;
    const bitrate = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320][bitrateIndex]! * 1000;
    const rate = [44_100, 48_000, 32_000][rateIndex]!;
    const padding = (buf[offset + 2]! >> 1) & 0x1;
    offset += Math.floor((144 * bitrate) / rate) + padding;
  }
  return true;
}
