import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { signManifest } from '../../shared/course/manifest-signature';
import { SignedManifestSchema, type SignedManifest } from '../../shared/course/signed-manifest';
import { QuizDocumentSchema, type QuizDocument } from '../../shared/quiz/question';
import type { BuiltCourse } from './build-course';
import type { PublisherKey } from './publisher-key';

// A built package on disk:
//   signed-manifest.json   the SignedManifest envelope (what the device verifies)
//   files/<sha256>         the content-addressed files (what the device downloads)
//   server-quizzes.json    FULL quiz documents incl. ujian keys — for the server only

export interface PackageOnDisk {
  envelope: SignedManifest;
  files: Map<string, Uint8Array<ArrayBuffer>>;
  serverQuizzes: QuizDocument[];
}

/** Signs a built course and writes it to `outDir`; returns the envelope. */
export async function writePackageFolder(
  built: BuiltCourse,
  key: PublisherKey,
  outDir: string,
): Promise<SignedManifest> {
  const envelope = await signManifest(built.manifest, key.privateKey, key.publicKey);
  await mkdir(join(outDir, 'files'), { recursive: true });
  await writeFile(join(outDir, 'signed-manifest.json'), JSON.stringify(envelope, null, 2) + '\n');
  await writeFile(join(outDir, 'server-quizzes.json'), JSON.stringify(built.serverQuizzes) + '\n');
  for (const [hash, file] of built.files) await writeFile(join(outDir, 'files', hash), file.bytes);
  return envelope;
}

/** A package folder whose files stay on disk: publishing reads them chunk by chunk, whatever their size. */
export interface PackageFolder {
  envelope: SignedManifest;
  serverQuizzes: QuizDocument[];
  /** `files/<sha256>` under this folder. */
  dir: string;
}

/** Reads a package folder written by `writePackageFolder`, every file into memory. */
export async function readPackageFolder(dir: string): Promise<PackageOnDisk> {
  const { envelope, serverQuizzes } = await openPackageFolder(dir);
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  for (const name of await readdir(join(dir, 'files'))) {
    files.set(name, new Uint8Array(await readFile(join(dir, 'files', name))));
  }
  return { envelope, files, serverQuizzes };
}

/** Reads the manifest and quizzes of a package folder, leaving its files on disk. */
export async function openPackageFolder(dir: string): Promise<PackageFolder> {
  const envelope = v.parse(SignedManifestSchema, JSON.parse(await readFile(join(dir, 'signed-manifest.json'), 'utf8')));
  const serverQuizzes = v.parse(
    v.array(QuizDocumentSchema),
    JSON.parse(await readFile(join(dir, 'server-quizzes.json'), 'utf8')),
  );
  return { envelope, serverQuizzes, dir };
}
