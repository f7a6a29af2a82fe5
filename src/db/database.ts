import Dexie, { type EntityTable } from 'dexie';
import type { CertificateRecord, TrustedIssuerKey } from './certificate-records';
import type { CourseEnvelopeRecord, PinnedPublisher } from './course-file-records';
import type { CarriedItem, DeviceKeyRecord } from './device-key';
import type { Draft } from './draft';
import type { DownloadState, FileChunk, InstalledCourse, StoredFile } from './course-records';
import type { AnswerRecord, AttemptRecord, OutboxRow, ProgressRecord } from './learning-records';
import type { SyncStateRecord } from './sync-state';
import type { Profile } from './profile';

/**
 * The device database: the one typed Dexie module. Later schema versions are added below the
 * earlier ones, never edited in place, so a phone with data upgrades without losing its outbox.
 */
export class LenteraDatabase extends Dexie {
  drafts!: EntityTable<Draft, 'key'>;
  profiles!: EntityTable<Profile, 'id'>;
  courses!: EntityTable<InstalledCourse, 'id'>;
  files!: EntityTable<StoredFile, 'hash'>;
  downloads!: EntityTable<DownloadState, 'id'>;
  /** Chunks of large course files and of the file being downloaded (src/db/file-chunks.ts). */
  fileChunks!: Dexie.Table<FileChunk, [string, number]>;
  attempts!: EntityTable<AttemptRecord, 'id'>;
  answers!: EntityTable<AnswerRecord, 'id'>;
  /** Not an `EntityTable`: `seq` is no auto-increment key, so a row cannot be inserted without one. */
  outbox!: Dexie.Table<OutboxRow, number>;
  progress!: Dexie.Table<ProgressRecord, [string, string, string]>;
  syncState!: EntityTable<SyncStateRecord, 'key'>;
  /** Signed envelopes of installed versions, so the phone can share a course as a file. */
  courseEnvelopes!: EntityTable<CourseEnvelopeRecord, 'courseId'>;
  /** Publisher keys pinned while online, to trust a course file imported offline. */
  coursePublishers!: EntityTable<PinnedPublisher, 'courseId'>;
  /** This phone's signing key per learner (src/db/device-key.ts): result bundles are signed with it. */
  deviceKeys!: EntityTable<DeviceKeyRecord, 'learnerId'>;
  /** Outbox items written into a result file, until the server confirms them. */
  carriedItems!: EntityTable<CarriedItem, 'id'>;
  certificates!: EntityTable<CertificateRecord, 'id'>;
  issuerKeys!: EntityTable<TrustedIssuerKey, 'kid'>;

  constructor(name = 'lentera') {
    // Strict durability on every transaction: Chrome's default became 'relaxed' in 121, and relaxed
    // can lose the last writes when the phone or the browser dies — exactly the answer just given.
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      drafts: 'key',
      profiles: 'id, &username',
    });
    this.version(2).stores({
      courses: 'id',
      files: 'hash',
      downloads: 'id, courseId',
      attempts: 'id, learnerId, [learnerId+quizId], [learnerId+courseId]',
      answers: 'id, attemptId, [attemptId+questionId]',
      outbox: 'seq, &id, [state+nextTryAt], learnerId',
      progress: '[learnerId+courseId+lessonId], [learnerId+courseId]',
      syncState: 'key',
    });
    // Device keys (one ECDSA key pair per learner on this phone) and outbox items carried by file.
    this.version(3).stores({
      deviceKeys: 'learnerId',
      carriedItems: 'id, learnerId',
    });
    // Certificates: the learner's own and the issuer keys pinned for verifying QR codes offline.
    this.version(4).stores({
      certificates: 'id, learnerId',
      issuerKeys: 'kid',
    });
    // Version 5: large course files in chunks. A download in flight kept its chunks in `files` under
    // `<hash>.partNNNNNN` keys; they are dropped and that one file starts again.
    this.version(5)
      .stores({ fileChunks: '[hash+start]' })
      .upgrade(async (tx) => {
        await tx
          .table<StoredFile, string>('files')
          .filter((f) => f.hash.includes('.part'))
          .delete();
        await tx
          .table<DownloadState, string>('downloads')
          .toCollection()
          .modify((d) => {
            if (!d.partial) return;
            d.bytesDone = Math.max(0, d.bytesDone - d.partial.received);
            delete d.partial;
          });
      });
    // Course files: the envelope of each installed version and the pinned publisher keys.
    this.version(7).stores({
      courseEnvelopes: 'courseId',
      coursePublishers: 'courseId',
    });
  }
}

/** The app's database; tests open their own `LenteraDatabase` with another name. */
export const db = new LenteraDatabase();
