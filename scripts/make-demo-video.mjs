// Builds one narrated video lesson per demo course from slides and Indonesian speech synthesis,
// with its WebVTT captions timed from the speech itself. Uses Debian's ffmpeg (libx264, aac, drawtext
// with the DejaVu fonts) and espeak-ng; nothing is downloaded.
// Run: node scripts/make-demo-video.mjs  → content/<course>/media/<name>.mp4 and .vtt (committed).
//
// Encoding, chosen for cheap Android phones: 640×360, 10 frames/s, H.264 Constrained Baseline
// (hardware-decoded by every Android phone Chromium runs on, so playback costs little battery),
// AAC-LC mono 32 kbit/s, moov atom at the front (+faststart) so playback and seeking start from the
// first Range. Static slides cost almost nothing between key frames; a key frame every 5 s keeps a
// seek within 5 s of its target. Whole file well under 300 kbit/s.
//
// Reproducible: every sentence is synthesised on its own (its length times its caption), the
// narration is joined here in JS (no resampling), and ffmpeg runs with one thread and -bitexact with
// metadata stripped, so the same ffmpeg/x264/espeak-ng versions give the same bytes. A different
// Debian release (another x264 build or espeak-ng voice) gives different but equivalent bytes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const CONTENT = join(REPO, 'content');
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const FONT_BOLD = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';
const WIDTH = 640;
const HEIGHT = 360;
const FPS = 10;
/** Silence between sentences, and before the first one. */
const GAP_SECONDS = 0.45;

/** @typedef {{ title: string, points: string[], say: string[] }} Slide */

/** @type {Record<string, { name: string, slides: Slide[] }>} */
const VIDEOS = {
  'pengelolaan-keuangan-desa': {
    name: 'video-siklus-keuangan-desa',
    slides: [
      {
        title: 'Siklus Keuangan Desa',
        points: ['Video pelajaran', 'Permendagri 20/2018'],
        say: [
          'Selamat datang di video pelajaran tentang siklus keuangan desa.',
          'Video ini merangkum pengelolaan keuangan desa menurut Permendagri nomor dua puluh tahun dua ribu delapan belas.',
          'Simak sampai akhir, lalu kerjakan latihan di modul ini.',
        ],
      },
      {
        title: 'Asas pengelolaan',
        points: ['Transparan', 'Akuntabel', 'Partisipatif', 'Tertib dan disiplin anggaran'],
        say: [
          'Keuangan desa dikelola dengan empat asas.',
          'Transparan, artinya warga dapat mengetahui berapa uang desa dan untuk apa digunakan.',
          'Akuntabel, artinya setiap rupiah dapat dipertanggungjawabkan.',
          'Partisipatif, artinya masyarakat dilibatkan sejak perencanaan.',
          'Serta tertib dan disiplin anggaran.',
        ],
      },
      {
        title: 'Struktur APB Desa',
        points: ['Pendapatan', 'Belanja', 'Pembiayaan', 'Tahun anggaran: 1 Januari – 31 Desember'],
        say: [
          'Anggaran Pendapatan dan Belanja Desa terdiri atas pendapatan, belanja, dan pembiayaan.',
          'Pendapatan adalah semua penerimaan melalui rekening kas desa yang tidak perlu dibayar kembali, misalnya Dana Desa dan Alokasi Dana Desa.',
          'Belanja adalah semua pengeluaran yang menjadi kewajiban desa dalam satu tahun anggaran.',
          'Tahun anggaran desa berlaku dari satu Januari sampai tiga puluh satu Desember.',
        ],
      },
      {
        title: 'Perencanaan dan penetapan',
        points: [
          'Sekretaris desa menyusun rancangan',
          'Disepakati bersama BPD',
          'Dievaluasi bupati/wali kota',
          'Perdes paling lambat 31 Desember',
        ],
        say: [
          'Rancangan APB Desa disusun oleh sekretaris desa berdasarkan RKP Desa.',
          'Kepala desa menyampaikan rancangan itu kepada Badan Permusyawaratan Desa untuk disepakati bersama.',
          'Setelah disepakati, rancangan dievaluasi oleh bupati atau wali kota.',
          'Peraturan desa tentang APB Desa ditetapkan paling lambat tiga puluh satu Desember.',
        ],
      },
      {
        title: 'Penatausahaan',
        points: ['Kaur keuangan sebagai bendahara', 'Buku kas umum', 'SPP dan bukti pembayaran', 'Siskeudes'],
        say: [
          'Penatausahaan dilakukan oleh kepala urusan keuangan yang menjalankan fungsi kebendaharaan.',
          'Setiap penerimaan dan pengeluaran dicatat dalam buku kas umum.',
          'Pembayaran hanya dilakukan berdasarkan surat permintaan pembayaran yang disetujui kepala desa.',
          'Banyak desa mencatatnya dengan aplikasi Siskeudes.',
        ],
      },
      {
        title: 'Pelaporan',
        points: [
          'Laporan semester pertama: akhir Juli',
          'Laporan akhir tahun: akhir Januari',
          'LPJ realisasi APB Desa',
        ],
        say: [
          'Kepala desa menyampaikan laporan pelaksanaan APB Desa semester pertama paling lambat akhir bulan Juli.',
          'Laporan akhir tahun disampaikan paling lambat akhir bulan Januari tahun berikutnya.',
          'Laporan pertanggungjawaban realisasi APB Desa disampaikan kepada bupati atau wali kota melalui camat.',
        ],
      },
      {
        title: 'Informasi kepada masyarakat',
        points: ['Realisasi APB Desa dan kegiatan', 'Kegiatan yang belum selesai', 'Sisa anggaran', 'Alamat pengaduan'],
        say: [
          'Laporan pertanggungjawaban diinformasikan kepada masyarakat secara tertulis dan melalui media yang mudah diakses.',
          'Media itu memuat realisasi APB Desa, realisasi kegiatan, kegiatan yang belum selesai, sisa anggaran, dan alamat pengaduan.',
          'Papan informasi di balai desa adalah cara yang murah dan mudah dijangkau warga.',
        ],
      },
      {
        title: 'Rangkuman',
        points: ['Rencanakan bersama', 'Catat setiap transaksi', 'Laporkan tepat waktu', 'Umumkan kepada warga'],
        say: [
          'Sebagai rangkuman, rencanakan anggaran bersama masyarakat dan BPD.',
          'Catat setiap transaksi, laporkan tepat waktu, dan umumkan hasilnya kepada warga.',
          'Terima kasih, selamat belajar.',
        ],
      },
    ],
  },
  'perencanaan-pembangunan-desa': {
    name: 'video-perencanaan-desa',
    slides: [
      {
        title: 'Perencanaan Pembangunan Desa',
        points: ['Video pelajaran', 'Permendagri 114/2014'],
        say: [
          'Selamat datang di video pelajaran tentang perencanaan pembangunan desa.',
          'Video ini merangkum tahapan perencanaan menurut Permendagri nomor seratus empat belas tahun dua ribu empat belas.',
          'Simak sampai akhir, lalu kerjakan latihan di modul ini.',
        ],
      },
      {
        title: 'Dua dokumen perencanaan',
        points: ['RPJM Desa: jangka menengah', 'RKP Desa: satu tahun', 'Keduanya ditetapkan dengan Perdes'],
        say: [
          'Desa menyusun dua dokumen perencanaan.',
          'Rencana Pembangunan Jangka Menengah Desa, atau RPJM Desa, memuat visi dan misi kepala desa serta arah pembangunan selama masa jabatannya.',
          'Rencana Kerja Pemerintah Desa, atau RKP Desa, menjabarkan RPJM Desa untuk satu tahun.',
          'Keduanya ditetapkan dengan peraturan desa.',
        ],
      },
      {
        title: 'Tim penyusun',
        points: ['Ditetapkan kepala desa', 'Unsur perangkat dan masyarakat', 'Keterwakilan perempuan'],
        say: [
          'Kepala desa membentuk tim penyusun dengan keputusan kepala desa.',
          'Tim terdiri atas unsur perangkat desa, lembaga kemasyarakatan, dan tokoh masyarakat.',
          'Tim penyusun wajib mengikutsertakan perempuan.',
        ],
      },
      {
        title: 'Tahapan RPJM Desa',
        points: [
          'Penyelarasan arah kebijakan kabupaten',
          'Pengkajian keadaan desa',
          'Musyawarah desa',
          'Musrenbang desa',
        ],
        say: [
          'Tim menyelaraskan arah kebijakan pembangunan kabupaten atau kota.',
          'Lalu tim mengkaji keadaan desa dan menggali gagasan masyarakat di dusun dan kelompok warga.',
          'Hasil kajian dibahas dalam musyawarah desa.',
          'Rancangan RPJM Desa kemudian dibahas dalam musyawarah perencanaan pembangunan desa.',
        ],
      },
      {
        title: 'Penyusunan RKP Desa',
        points: ['Dimulai bulan Juli', 'Pagu indikatif dari kabupaten', 'Perdes paling lambat akhir September'],
        say: [
          'Penyusunan RKP Desa dimulai pada bulan Juli tahun berjalan.',
          'Pemerintah kabupaten menyampaikan pagu indikatif, yaitu perkiraan dana yang akan diterima desa.',
          'Dengan pagu itu desa menyusun daftar kegiatan yang realistis.',
          'RKP Desa ditetapkan dengan peraturan desa paling lambat akhir bulan September.',
        ],
      },
      {
        title: 'Partisipasi warga',
        points: ['Undangan terbuka', 'Perempuan, pemuda, warga miskin', 'Berita acara ditandatangani'],
        say: [
          'Musyawarah yang baik mengundang seluruh unsur masyarakat.',
          'Pastikan perempuan, pemuda, dan warga miskin hadir dan didengar.',
          'Setiap musyawarah dicatat dalam berita acara yang ditandatangani pimpinan dan wakil peserta.',
        ],
      },
      {
        title: 'Rangkuman',
        points: [
          'RPJM Desa untuk masa jabatan',
          'RKP Desa setiap tahun',
          'Putuskan bersama warga',
          'Catat dalam berita acara',
        ],
        say: [
          'Sebagai rangkuman, RPJM Desa disusun untuk masa jabatan kepala desa, dan RKP Desa setiap tahun.',
          'Keputusan diambil bersama warga dalam musyawarah, lalu dicatat dalam berita acara.',
          'Terima kasih, selamat belajar.',
        ],
      },
    ],
  },
};

// ---------------------------------------------------------------- speech

/** Synthesises one sentence and returns its PCM samples (16-bit mono) and sample rate. */
function speak(text, dir, n) {
  const file = join(dir, `s${n}.wav`);
  execFileSync('espeak-ng', ['-v', 'id', '-s', '150', '-w', file, text]);
  return readWav(readFileSync(file));
}

/** Reads a 16-bit PCM WAV as espeak-ng writes it (fmt then data; other chunks skipped). */
function readWav(buf) {
  let offset = 12;
  let rate = 0;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    let size = buf.readUInt32LE(offset + 4);
    if (id === 'fmt ') rate = buf.readUInt32LE(offset + 12);
    if (id === 'data') {
      // espeak-ng writing to a file may leave the data size as 0x7fffffff: take what is there.
      size = Math.min(size, buf.length - offset - 8);
      return { rate, pcm: buf.subarray(offset + 8, offset + 8 + size) };
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error('no data chunk in WAV');
}

function wavFile(pcm, rate) {
  const head = Buffer.alloc(44);
  head.write('RIFF', 0, 'ascii');
  head.writeUInt32LE(36 + pcm.length, 4);
  head.write('WAVEfmt ', 8, 'ascii');
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20); // PCM
  head.writeUInt16LE(1, 22); // mono
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE(rate * 2, 28);
  head.writeUInt16LE(2, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36, 'ascii');
  head.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([head, pcm]);
}

// ---------------------------------------------------------------- captions

function vttTime(seconds) {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (x, n = 2) => String(x).padStart(n, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/** Splits a caption into lines of at most `max` characters (two lines fit a phone in portrait). */
function wrap(text, max) {
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

// ---------------------------------------------------------------- slides

/** drawtext wants its text escaped for the filter graph; a text file avoids most of it. */
function slideImage(slide, index, count, dir) {
  const titleFile = join(dir, `t${index}.txt`);
  writeFileSync(titleFile, slide.title);
  const filters = [
    `drawbox=x=0:y=0:w=${WIDTH}:h=64:color=0x0f766e:t=fill`,
    `drawtext=fontfile=${FONT_BOLD}:textfile=${titleFile}:x=28:y=20:fontsize=26:fontcolor=white`,
  ];
  slide.points.forEach((point, i) => {
    const file = join(dir, `p${index}-${i}.txt`);
    writeFileSync(file, `•  ${point}`);
    filters.push(`drawtext=fontfile=${FONT}:textfile=${file}:x=40:y=${100 + i * 52}:fontsize=24:fontcolor=0x0f172a`);
  });
  const footer = join(dir, `f${index}.txt`);
  writeFileSync(footer, `Lentera · ${index + 1}/${count}`);
  filters.push(`drawtext=fontfile=${FONT}:textfile=${footer}:x=w-tw-24:y=h-36:fontsize=16:fontcolor=0x64748b`);
  const out = join(dir, `slide${index}.png`);
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=0xf8fafc:s=${WIDTH}x${HEIGHT}:d=1`],
    ...['-vf', filters.join(','), '-frames:v', '1', out],
  ]);
  return out;
}

// ---------------------------------------------------------------- video

function makeVideo(course, { name, slides }) {
  const dir = mkdtempSync(join(tmpdir(), 'lentera-video-'));
  try {
    let rate = 0;
    const pcm = [];
    const cues = [];
    const durations = [];
    let t = 0;
    let n = 0;
    const silence = (seconds) => Buffer.alloc(Math.round(seconds * rate) * 2);
    slides.forEach((slide) => {
      const start = t;
      for (const sentence of slide.say) {
        const voice = speak(sentence, dir, n++);
        if (rate === 0) {
          rate = voice.rate;
          pcm.push(silence(GAP_SECONDS));
          t += GAP_SECONDS;
        }
        const seconds = voice.pcm.length / 2 / rate;
        cues.push({ start: t, end: t + seconds, text: sentence });
        pcm.push(voice.pcm, silence(GAP_SECONDS));
        t += seconds + GAP_SECONDS;
      }
      durations.push(t - start);
    });
    // Slides change on whole frames; the last one absorbs the rounding so video and audio end together.
    const frames = durations.map((d) => Math.round(d * FPS));
    const narration = join(dir, 'narration.wav');
    writeFileSync(narration, wavFile(Buffer.concat(pcm), rate));

    const images = slides.map((s, i) => slideImage(s, i, slides.length, dir));
    const inputs = images.flatMap((img, i) => [
      '-loop',
      '1',
      '-framerate',
      String(FPS),
      '-t',
      String(frames[i] / FPS),
      '-i',
      img,
    ]);
    const concat = `${images.map((_, i) => `[${i}:v]`).join('')}concat=n=${images.length}:v=1:a=0,format=yuv420p[v]`;
    const out = join(CONTENT, course, 'media', `${name}.mp4`);
    mkdirSync(dirname(out), { recursive: true });
    execFileSync('ffmpeg', [
      ...['-v', 'error', '-y', '-threads', '1', ...inputs, '-i', narration],
      ...['-filter_complex', concat, '-filter_complex_threads', '1', '-map', '[v]', '-map', `${images.length}:a`],
      ...['-c:v', 'libx264', '-threads', '1', '-profile:v', 'baseline', '-level:v', '3.0', '-preset', 'veryslow'],
      ...['-tune', 'stillimage', '-crf', '30', '-maxrate', '180k', '-bufsize', '360k', '-r', String(FPS)],
      ...['-g', String(5 * FPS), '-keyint_min', String(5 * FPS), '-sc_threshold', '0'],
      ...['-c:a', 'aac', '-b:a', '32k', '-ac', '1', '-ar', '22050'],
      ...['-map_metadata', '-1', '-map_chapters', '-1', '-metadata', 'language=ind'],
      ...['-fflags', '+bitexact', '-flags:v', '+bitexact', '-flags:a', '+bitexact', '-movflags', '+faststart'],
      '-shortest',
      out,
    ]);
    const vtt = ['WEBVTT', ''];
    cues.forEach((cue, i) => {
      vtt.push(String(i + 1), `${vttTime(cue.start)} --> ${vttTime(cue.end)}`, ...wrap(cue.text, 42), '');
    });
    const captions = join(CONTENT, course, 'media', `${name}.vtt`);
    writeFileSync(captions, vtt.join('\n'));
    const size = statSync(out).size;
    const kbps = Math.round((size * 8) / t / 1000);
    console.log(`${relative(REPO, out)}  ${size} bytes, ${t.toFixed(1)} s, ${kbps} kbit/s`);
    console.log(`${relative(REPO, captions)}  ${cues.length} cues`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const only = process.argv[2];
for (const [course, video] of Object.entries(VIDEOS)) {
  if (!only || only === course) makeVideo(course, video);
}
