import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { publishPackage, type PublishResult } from '../../../src/cli/course/publish-package';
import type { PublisherKey } from '../../../src/cli/course/publisher-key';
import { demoPackage } from '../../server/course-fixture';

export const TEST_COURSE = 'uji-unduhan';

/** A mono 16 kHz 16-bit WAV tone of `seconds`: a real, seekable audio file of about 32 KB/s. */
export function toneWav(seconds: number): Buffer {
  const rate = 16_000;
  const samples = rate * seconds;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++)
    wav.writeInt16LE(Math.round(Math.sin((i * 2 * Math.PI * 440) / rate) * 8000), 44 + i * 2);
  return wav;
}

/**
 * Builds the demo course "perencanaan" under another id, without its video lesson, with a long
 * recording (≈1 MB) in an extra lesson, applies `edit`, and publishes it as the author.
 */
export async function publishTestCourse(
  key: PublisherKey,
  server: string,
  token: string,
  options: { version: string; edit?: (dir: string) => Promise<void> },
) {
  const pkg = await demoPackage(key, {
    version: options.version,
    edit: async (dir) => {
      const yamlPath = join(dir, 'course.yaml');
      const yaml = (await readFile(yamlPath, 'utf8'))
        .replace(/^id: .*$/m, `id: ${TEST_COURSE}`)
        .replace(/^title: .*$/m, 'title: Kursus Uji Unduhan')
        // Its own 1 MB recording is what these tests measure; the demo's video lesson would only slow them.
        .replace('      - file: lessons/00-video-perencanaan-desa.md\n', '')
        .replace(
          '      - file: lessons/09-berita-acara-dan-tindak-lanjut.md\n',
          (l) => `${l}      - file: lessons/10-rekaman.md\n`,
        );
      await writeFile(yamlPath, yaml);
      await writeFile(join(dir, 'media/rekaman-panjang.wav'), toneWav(30));
      await writeFile(
        join(dir, 'lessons/10-rekaman.md'),
        '# Rekaman musyawarah\n\n![Rekaman musyawarah desa](../media/rekaman-panjang.wav)\n',
      );
      await options.edit?.(dir);
    },
  });
  const result: PublishResult = await publishPackage(pkg, { server, token });
  return { pkg, result, manifest: pkg.built.manifest };
}
