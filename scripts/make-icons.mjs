// Draws the app icons (a lantern on teal) as PNGs with no dependencies, so they are reproducible.
// Run: node scripts/make-icons.mjs  → public/icons/*.png (committed).
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const TEAL = [15, 118, 110];
const GLOW = [253, 224, 71];
const FLAME = [234, 88, 12];
const DARK = [19, 78, 74];

function crc32(buf) {
  let c,
    crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x / size, y / size);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
// The lantern, in unit coordinates centred on (0.5, 0.5), scaled by `s` (1 = full icon).
function lantern(x, y, s) {
  const u = (x - 0.5) / s + 0.5,
    v = (y - 0.5) / s + 0.5;
  const body = Math.abs(u - 0.5) < 0.2 && v > 0.3 && v < 0.75;
  const cap = Math.abs(u - 0.5) < 0.26 && ((v > 0.24 && v < 0.3) || (v > 0.75 && v < 0.81));
  const handle = Math.hypot(u - 0.5, v - 0.24) < 0.1 && Math.hypot(u - 0.5, v - 0.24) > 0.065 && v < 0.24;
  const flame = ((u - 0.5) / 0.07) ** 2 + ((v - 0.55) / 0.13) ** 2 < 1;
  if (flame) return FLAME;
  if (cap || handle) return DARK;
  if (body) return GLOW;
  return null;
}
function icon(size, { maskable }) {
  return png(size, (x, y) => {
    const inset = maskable ? 0 : 0.04,
      r = maskable ? 0 : 0.18;
    const dx = Math.max(inset + r - x, 0, x - (1 - inset - r)),
      dy = Math.max(inset + r - y, 0, y - (1 - inset - r));
    const inside = x >= inset && x <= 1 - inset && y >= inset && y <= 1 - inset && Math.hypot(dx, dy) <= r + 1e-9;
    if (!inside) return [0, 0, 0, 0];
    // Maskable icons keep the drawing inside the 80% safe zone.
    const c = lantern(x, y, maskable ? 0.72 : 0.9) ?? TEAL;
    return [...c, 255];
  });
}
mkdirSync('public/icons', { recursive: true });
writeFileSync('public/icons/icon-192.png', icon(192, { maskable: false }));
writeFileSync('public/icons/icon-512.png', icon(512, { maskable: false }));
writeFileSync('public/icons/maskable-512.png', icon(512, { maskable: true }));
writeFileSync('public/icons/apple-touch-icon.png', icon(180, { maskable: true }));
console.log('icons written to public/icons/');
