#!/usr/bin/env node
// Draws the app and tray icons into resources/ (PNG, no dependencies): a rounded square
// in the UI's brand gradient with rows of white scales. Run again after changing it:
//   node scripts/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const out = new URL('../resources/', import.meta.url);

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** RGBA pixels (Float 0..1, premultiplied-free) → PNG bytes. */
function png(size, rgba) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size * 4; x++) raw[y * (size * 4 + 1) + 1 + x] = Math.round(Math.max(0, Math.min(1, rgba[y * size * 4 + x])) * 255);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

// Shapes in unit coordinates (0..1, y down).
function inRoundedSquare(x, y, inset, radius) {
  const lo = inset + radius;
  const hi = 1 - inset - radius;
  const dx = Math.max(lo - x, 0, x - hi);
  const dy = Math.max(lo - y, 0, y - hi);
  return dx * dx + dy * dy <= radius * radius && x >= inset && x <= 1 - inset && y >= inset && y <= 1 - inset;
}

/** Rows of U-shaped scale outlines (lower half circles), staggered. */
function onScale(x, y, stroke) {
  const r = 0.13;
  const rows = [0.3, 0.47, 0.64];
  for (let i = 0; i < rows.length; i++) {
    const cy = rows[i];
    const offset = i % 2 ? 0.5 - r : 0.5;
    for (let k = -2; k <= 2; k++) {
      const cx = offset + k * 2 * r;
      if (y < cy) continue;
      const d = Math.hypot(x - cx, y - cy);
      if (Math.abs(d - r) <= stroke / 2 && cx - r > 0.18 && cx + r < 0.82) return true;
    }
  }
  return false;
}

function render(size, shade, samples = 4) {
  const px = new Float64Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let pxX = 0; pxX < size; pxX++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (pxX + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          const c = shade(x, y);
          if (!c) continue;
          acc[0] += c[0] * c[3];
          acc[1] += c[1] * c[3];
          acc[2] += c[2] * c[3];
          acc[3] += c[3];
        }
      }
      const n = samples * samples;
      const a = acc[3] / n;
      const i = (py * size + pxX) * 4;
      px[i] = a ? acc[0] / acc[3] : 0;
      px[i + 1] = a ? acc[1] / acc[3] : 0;
      px[i + 2] = a ? acc[2] / acc[3] : 0;
      px[i + 3] = a;
    }
  }
  return png(size, px);
}

const from = [0x2f / 255, 0x6f / 255, 0xde / 255];
const to = [0x19 / 255, 0xa1 / 255, 0xa1 / 255];

/** Brand-coloured app icon with white scales. */
const colour = (inset, stroke) => (x, y) => {
  if (!inRoundedSquare(x, y, inset, 0.2)) return null;
  if (onScale(x, y, stroke)) return [1, 1, 1, 1];
  const t = (x + y) / 2;
  return [from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t, from[2] + (to[2] - from[2]) * t, 1];
};

/** macOS template: black, shape by alpha (scales cut out). */
const template = (x, y) => (inRoundedSquare(x, y, 0.06, 0.2) && !onScale(x, y, 0.09) ? [0, 0, 0, 1] : null);

writeFileSync(new URL('icon.png', out), render(512, colour(0.06, 0.045)));
writeFileSync(new URL('tray.png', out), render(32, colour(0.03, 0.09)));
writeFileSync(new URL('tray@2x.png', out), render(64, colour(0.03, 0.07)));
writeFileSync(new URL('trayTemplate.png', out), render(16, template));
writeFileSync(new URL('trayTemplate@2x.png', out), render(32, template));
console.log('icons written to resources/');
