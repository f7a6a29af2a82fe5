// Generates the media of the two demo courses (SVG diagram, one-page PDF, WAV tone clip per course)
// with no dependencies, so the output is reproducible byte for byte.
// Run: node scripts/make-demo-media.mjs  → content/<course>/media/* (committed).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const CONTENT = join(REPO, 'content');

function write(course, name, data) {
  const dir = join(CONTENT, course, 'media');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, data);
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  console.log(`${relative(REPO, file)}  ${size} bytes`);
}

// ---------------------------------------------------------------- SVG

const xml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function svgDoc(width, height, title, desc, body) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="t d" font-family="Helvetica, Arial, sans-serif">
<title id="t">${xml(title)}</title>
<desc id="d">${xml(desc)}</desc>
<defs><marker id="ah" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#134e4a"/></marker></defs>
<rect width="${width}" height="${height}" fill="#ffffff"/>
${body}</svg>
`;
}

// A rounded box: first line is the bold title, lines starting with * are bold sub-headings, all centred.
function box(x, y, w, h, fill, lines) {
  const cx = x + w / 2;
  let out = `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="10" fill="${fill}" stroke="#134e4a" stroke-width="1.5"/>\n`;
  const top = y + h / 2 - ((lines.length - 1) * 17) / 2 + 5;
  lines.forEach((line, i) => {
    let style = 'font-size="12"';
    if (i === 0) style = 'font-size="16" font-weight="bold"';
    else if (line.startsWith('*')) style = 'font-size="12" font-weight="bold"';
    const text = xml(line.replace(/^\*/, ''));
    out += `<text x="${cx}" y="${top + i * 17}" text-anchor="middle" ${style} fill="#0f172a">${text}</text>\n`;
  });
  return out;
}

function arrow(x1, y1, x2, y2, label, lx, ly) {
  let out = `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#134e4a" stroke-width="2" marker-end="url(#ah)"/>\n`;
  if (label)
    out += `<text x="${lx}" y="${ly}" text-anchor="middle" font-size="11" fill="#334155">${xml(label)}</text>\n`;
  return out;
}

function siklusPerencanaan() {
  let b = `<text x="360" y="34" text-anchor="middle" font-size="20" font-weight="bold" fill="#0f766e">Siklus Perencanaan Pembangunan Desa</text>\n`;
  b += box(20, 70, 180, 90, '#ccfbf1', [
    'RPJM Desa',
    '8 tahun (semula 6 tahun)',
    'Perdes ≤ 3 bulan',
    'setelah pelantikan',
  ]);
  b += box(270, 70, 180, 90, '#fef9c3', [
    'RKP Desa',
    'Rencana 1 tahun',
    'Disusun mulai Juli',
    'Perdes ≤ akhir September',
  ]);
  b += box(520, 70, 180, 90, '#fed7aa', [
    'APB Desa',
    'Disepakati BPD ≤ Oktober',
    'Evaluasi bupati/camat',
    'Perdes ≤ 31 Desember',
  ]);
  b += box(520, 230, 180, 90, '#e0e7ff', ['Pelaksanaan', 'Januari – Desember', 'DPA, SPP, buku kas umum']);
  b += box(270, 230, 180, 90, '#fce7f3', [
    'Laporan & LPJ',
    'Semester I ≤ akhir Juli',
    'LPJ ≤ 3 bulan setelah',
    'tahun anggaran',
  ]);
  b += arrow(200, 115, 268, 115, 'dijabarkan', 234, 106);
  b += arrow(450, 115, 518, 115, 'dasar', 484, 106);
  b += arrow(610, 160, 610, 228, '', 0, 0);
  b += arrow(520, 275, 452, 275, '', 0, 0);
  b += arrow(360, 230, 360, 162, 'evaluasi untuk RKP Desa tahun berikutnya', 360, 200);
  b += `<rect x="20" y="345" width="680" height="44" rx="8" fill="#f1f5f9" stroke="#94a3b8"/>\n`;
  b += `<text x="360" y="364" text-anchor="middle" font-size="12" fill="#0f172a">Musyawarah desa (diselenggarakan BPD): arah kebijakan, pencermatan RPJM Desa, prioritas</text>\n`;
  b += `<text x="360" y="381" text-anchor="middle" font-size="12" fill="#0f172a">Musrenbangdes (diselenggarakan kepala desa): membahas dan menyepakati rancangan RPJM Desa/RKP Desa</text>\n`;
  return svgDoc(
    720,
    400,
    'Siklus perencanaan pembangunan desa',
    'RPJM Desa dijabarkan setiap tahun menjadi RKP Desa, yang menjadi dasar APB Desa; APB Desa dilaksanakan, dilaporkan, dan hasil evaluasinya dipakai untuk RKP Desa tahun berikutnya.',
    b,
  );
}

function strukturApbdes() {
  let b = `<text x="360" y="34" text-anchor="middle" font-size="20" font-weight="bold" fill="#0f766e">Struktur APB Desa (Permendagri 20/2018)</text>\n`;
  b += box(250, 52, 220, 50, '#ccfbf1', ['APB Desa', 'ditetapkan dengan Peraturan Desa']);
  b += arrow(300, 102, 125, 138, '', 0, 0);
  b += arrow(360, 102, 360, 138, '', 0, 0);
  b += arrow(420, 102, 595, 138, '', 0, 0);
  b += box(20, 140, 210, 190, '#fef9c3', [
    '4 Pendapatan',
    '*4.1 Pendapatan asli desa',
    'hasil usaha, hasil aset,',
    'swadaya, lain-lain',
    '*4.2 Transfer',
    'Dana Desa, ADD, bagi hasil',
    'pajak/retribusi, bantuan keuangan',
    '*4.3 Pendapatan lain',
  ]);
  b += box(255, 140, 210, 190, '#fed7aa', [
    '5 Belanja',
    '*Bidang',
    '1 Pemerintahan · 2 Pembangunan',
    '3 Pembinaan · 4 Pemberdayaan',
    '5 Bencana, darurat, mendesak',
    '*Jenis',
    '5.1 Pegawai · 5.2 Barang/jasa',
    '5.3 Modal · 5.4 Tak terduga',
  ]);
  b += box(490, 140, 210, 190, '#e0e7ff', [
    '6 Pembiayaan',
    '*6.1 Penerimaan',
    'SiLPA tahun sebelumnya,',
    'pencairan dana cadangan,',
    'penjualan kekayaan dipisahkan',
    '*6.2 Pengeluaran',
    'pembentukan dana cadangan,',
    'penyertaan modal (BUM Desa)',
  ]);
  b += `<rect x="20" y="350" width="680" height="60" rx="8" fill="#f1f5f9" stroke="#94a3b8"/>\n`;
  b += `<text x="360" y="373" text-anchor="middle" font-size="13" fill="#0f172a">Surplus/defisit = pendapatan − belanja;  pembiayaan netto = penerimaan − pengeluaran pembiayaan</text>\n`;
  b += `<text x="360" y="395" text-anchor="middle" font-size="13" fill="#0f172a">SiLPA tahun berjalan = surplus/defisit + pembiayaan netto</text>\n`;
  return svgDoc(
    720,
    430,
    'Struktur APB Desa',
    'APB Desa terdiri atas pendapatan (kode 4), belanja (kode 5) menurut lima bidang dan empat jenis belanja, serta pembiayaan (kode 6) berupa penerimaan dan pengeluaran pembiayaan.',
    b,
  );
}

// ---------------------------------------------------------------- PDF

// Escapes a string for a PDF literal; only printable ASCII is allowed so the
// standard Helvetica encoding maps it exactly.
function pdfString(s) {
  if (!/^[\x20-\x7e]*$/.test(s)) throw new Error(`PDF text must be ASCII: ${s}`);
  return '(' + s.replace(/[\\()]/g, (c) => '\\' + c) + ')';
}

function wrap(text, max) {
  const out = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > max) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

// blocks: [{ h: 'Heading' } | { p: 'paragraph' } | { li: 'bullet item' }]
function onePagePdf(title, blocks) {
  const ops = ['BT', '56 780 Td', '/F2 18 Tf', `${pdfString(title)} Tj`];
  let y = 780;
  const move = (dy) => {
    ops.push(`0 ${-dy} Td`);
    y -= dy;
  };
  move(6);
  for (const blk of blocks) {
    if (blk.h) {
      move(24);
      ops.push('/F2 13 Tf', `${pdfString(blk.h)} Tj`);
      move(3);
      continue;
    }
    if (blk.p) move(10);
    ops.push('/F1 11 Tf');
    const lines = blk.li ? wrap(blk.li, 80) : wrap(blk.p, 84);
    lines.forEach((line, i) => {
      move(15);
      ops.push(`${pdfString(blk.li ? (i === 0 ? '-  ' : '   ') + line : line)} Tj`);
    });
  }
  ops.push('ET');
  if (y < 50) throw new Error(`PDF "${title}" overflows the page (y=${y})`);
  const stream = ops.join('\n') + '\n';

  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}endstream`,
    `<< /Title ${pdfString(title)} /Producer (Lentera make-demo-media) >>`,
  ];
  let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) pdf += `${String(off).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 7 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

const ringkasanPerencanaan = onePagePdf('Ringkasan: Perencanaan Pembangunan Desa', [
  { h: 'Dasar hukum' },
  {
    li: 'UU No. 6 Tahun 2014 tentang Desa (terakhir diubah UU No. 3 Tahun 2024), Pasal 54, 79, dan 80.',
  },
  { li: 'Permendagri No. 114 Tahun 2014 tentang Pedoman Pembangunan Desa.' },
  {
    li: 'Permendagri No. 20 Tahun 2018 tentang Pengelolaan Keuangan Desa (APB Desa disusun berdasarkan RKP Desa).',
  },
  { h: 'RPJM Desa' },
  {
    li: 'Rencana jangka menengah: 8 tahun menurut UU 3/2024 (semula 6 tahun), memuat visi-misi kepala desa, arah kebijakan, dan rencana kegiatan per bidang.',
  },
  { li: 'Ditetapkan dengan Perdes paling lama 3 bulan sejak pelantikan kepala desa.' },
  {
    li: 'Tim penyusun: kepala desa (pembina), sekretaris desa (ketua), ketua LPMD (sekretaris), anggota; 7-11 orang, wajib ada perempuan; ditetapkan dengan keputusan kepala desa.',
  },
  {
    li: 'Tahapan: tim, penyelarasan kebijakan kabupaten/kota, pengkajian keadaan desa, musyawarah desa, rancangan, Musrenbangdes, penetapan Perdes.',
  },
  { h: 'RKP Desa' },
  { li: 'Penjabaran RPJM Desa untuk 1 tahun; dasar penetapan APB Desa.' },
  {
    li: 'Musyawarah desa oleh BPD paling lambat Juni; penyusunan mulai Juli; Perdes paling lambat akhir September.',
  },
  {
    li: 'Pagu indikatif: rencana Dana Desa, ADD, bagi hasil pajak dan retribusi daerah, bantuan keuangan provinsi dan kabupaten/kota.',
  },
  {
    li: 'Usulan di luar kemampuan desa masuk daftar usulan RKP Desa, disampaikan kepada bupati/wali kota melalui camat.',
  },
  { h: 'Musyawarah desa dan Musrenbangdes' },
  {
    li: 'Musyawarah desa: diselenggarakan BPD untuk hal strategis, paling sedikit sekali setahun.',
  },
  {
    li: 'Musrenbangdes: diselenggarakan kepala desa untuk membahas dan menyepakati rancangan RPJM Desa/RKP Desa.',
  },
  {
    li: 'Peserta: pemerintah desa, BPD, unsur masyarakat (tokoh, kelompok tani/nelayan/perajin, perempuan, pemerhati anak, warga miskin).',
  },
  {
    li: 'Hasil kesepakatan dituangkan dalam berita acara, dilampiri daftar hadir dan notulen, lalu diumumkan kepada warga.',
  },
  {
    p: 'Materi demo aplikasi Lentera. Selalu periksa peraturan terbaru dan petunjuk teknis kabupaten/kota Anda.',
  },
]);

const ringkasanApbdes = onePagePdf('Ringkasan: Siklus APB Desa', [
  { h: 'Struktur (Permendagri 20/2018)' },
  {
    li: 'Pendapatan (4): pendapatan asli desa, transfer (Dana Desa, ADD, bagi hasil pajak/retribusi, bantuan keuangan), pendapatan lain.',
  },
  { li: 'Belanja (5): lima bidang; jenis belanja pegawai, barang/jasa, modal, tak terduga.' },
  {
    li: 'Pembiayaan (6): penerimaan (SiLPA, pencairan dana cadangan, penjualan kekayaan dipisahkan) dan pengeluaran (dana cadangan, penyertaan modal).',
  },
  { h: 'Penyusunan dan penetapan' },
  { li: 'Sekretaris desa menyusun rancangan Perdes APB Desa berdasarkan RKP Desa.' },
  { li: 'Disepakati kepala desa dan BPD paling lambat bulan Oktober.' },
  {
    li: 'Disampaikan kepada bupati/wali kota melalui camat paling lambat 3 hari sejak disepakati.',
  },
  { li: 'Evaluasi paling lama 20 hari kerja; penyempurnaan paling lama 7 hari kerja.' },
  {
    li: 'Perdes ditetapkan paling lambat 31 Desember; disampaikan kepada bupati/wali kota paling lambat 7 hari setelah ditetapkan.',
  },
  { h: 'Pelaksanaan dan penatausahaan' },
  {
    li: 'Kepala desa: PKPKD. Sekretaris desa: koordinator PPKD. Kaur/kasi: pelaksana kegiatan anggaran. Kaur keuangan: fungsi kebendaharaan.',
  },
  { li: 'Semua penerimaan dan pengeluaran melalui rekening kas desa.' },
  {
    li: 'SPP diajukan pelaksana kegiatan, diverifikasi sekretaris desa, disetujui kepala desa, dibayar kaur keuangan.',
  },
  {
    li: 'Buku kas umum ditutup setiap akhir bulan; buku pembantu bank, pajak, dan panjar; laporan bulanan paling lambat tanggal 10 bulan berikutnya.',
  },
  { h: 'Pelaporan dan pertanggungjawaban' },
  {
    li: 'Laporan pelaksanaan APB Desa semester I kepada bupati/wali kota melalui camat paling lambat akhir Juli.',
  },
  {
    li: 'Laporan pertanggungjawaban realisasi APB Desa ditetapkan dengan Perdes, paling lambat 3 bulan setelah akhir tahun anggaran.',
  },
  {
    li: 'Informasikan kepada masyarakat: realisasi APB Desa, realisasi kegiatan, kegiatan belum selesai/tidak terlaksana, sisa anggaran, alamat pengaduan.',
  },
  {
    p: 'Materi demo aplikasi Lentera. Selalu periksa peraturan terbaru dan petunjuk teknis kabupaten/kota Anda.',
  },
]);

// ---------------------------------------------------------------- WAV

// 8 kHz mono 8-bit PCM: one tone per second so seeking is audible.
function toneWav(freqs, secondsPerTone = 1, rate = 8000) {
  const perTone = Math.round(secondsPerTone * rate);
  const n = perTone * freqs.length;
  const buf = Buffer.alloc(44 + n);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + n, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16); // fmt chunk size
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate, 28); // byte rate = rate * 1 channel * 1 byte
  buf.writeUInt16LE(1, 32); // block align
  buf.writeUInt16LE(8, 34); // bits per sample
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(n, 40);
  const fade = Math.round(0.02 * rate);
  const gap = Math.round(0.08 * rate);
  freqs.forEach((f, t) => {
    for (let i = 0; i < perTone; i++) {
      const sounding = perTone - gap;
      let env = 0;
      if (i < sounding) env = Math.min(1, i / fade, (sounding - i) / fade);
      const v = 0.55 * env * Math.sin((2 * Math.PI * f * i) / rate);
      buf[44 + t * perTone + i] = Math.max(0, Math.min(255, Math.round(128 + 127 * v)));
    }
  });
  return buf;
}

write('perencanaan-pembangunan-desa', 'siklus-perencanaan.svg', siklusPerencanaan());
write('perencanaan-pembangunan-desa', 'ringkasan-perencanaan-desa.pdf', ringkasanPerencanaan);
// Rising C-major arpeggio, 4 s.
write('perencanaan-pembangunan-desa', 'penjelasan-musrenbangdes.wav', toneWav([523.25, 659.25, 783.99, 1046.5]));
write('pengelolaan-keuangan-desa', 'struktur-apbdes.svg', strukturApbdes());
write('pengelolaan-keuangan-desa', 'ringkasan-apbdes.pdf', ringkasanApbdes);
// Falling G-major arpeggio, 5 s.
write('pengelolaan-keuangan-desa', 'penjelasan-keuangan-desa.wav', toneWav([783.99, 587.33, 493.88, 392.0, 293.66]));
