import { useState } from 'preact/hooks';
import { db } from '../../db/database';
import type { Profile } from '../../db/profile';
import type { MessageKey } from '../i18n/messages';
import { t } from '../i18n/t';
import { useLiveQuery } from '../util/use-live-query';
import { deviceId } from './device-id';
import { offerFile } from './offer-file';
import { markCarried, writeResultFile } from './write-result-file';

type Note = { key: MessageKey; params?: Record<string, string | number> };

/**
 * "Kirim lewat file": the learner's pending items as one signed file, shared or saved, for a carrier
 * to take to the operator. The items stay queued (and are still pushed when a signal comes); they
 * show as carried until the server confirms them.
 */
export function ResultFileExport({ learnerId }: { learnerId: string }) {
  const learner = useLiveQuery(() => db.profiles.get(learnerId), [learnerId]);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<Note | null>(null);
  const carriedRows = useLiveQuery(() => db.carriedItems.where('learnerId').equals(learnerId).toArray(), [learnerId]);
  // Items an office hub holds are carried too (`hub:<hubId>`), but not by file: said apart.
  const heldByHub = carriedRows?.filter((c) => c.fileName.startsWith('hub:')).length;
  const carried = carriedRows && carriedRows.length - (heldByHub ?? 0);

  const send = async (learner: Profile) => {
    setBusy(true);
    setNote(null);
    try {
      const now = Date.now();
      const written = await writeResultFile(db, deviceId(), learner, now);
      if (written.kind === 'nothing') return setNote({ key: 'resultFile.nothing' });
      if (written.kind === 'needs_key') return setNote({ key: 'resultFile.needsKey' });
      const offered = await offerFile(written.file, t('resultFile.title'));
      if (offered === 'cancelled') return;
      await markCarried(db, learner.id, written.ids, written.file.name, now);
      setNote({
        key: offered === 'shared' ? 'resultFile.shared' : 'resultFile.written',
        params: { count: written.ids.length, name: written.file.name },
      });
    } catch {
      setNote({ key: 'resultFile.failed' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <details class="result-file" data-testid="result-file">
      <summary>{t('resultFile.title')}</summary>
      <p>{t('resultFile.intro')}</p>
      <button
        type="button"
        class="button button--small"
        data-testid="result-file-send"
        disabled={busy || !learner}
        onClick={() => learner && void send(learner)}
      >
        {busy ? t('resultFile.busy') : t('resultFile.button')}
      </button>
      {note && (
        <p role="status" data-testid="result-file-note">
          {t(note.key, note.params)}
        </p>
      )}
      {carried !== undefined && carried > 0 && (
        <p class="result-file__carried" data-testid="result-file-carried">
          {t('resultFile.carried', { count: carried })}
        </p>
      )}
      {heldByHub !== undefined && heldByHub > 0 && (
        <p class="result-file__carried" data-testid="result-file-held">
          {t('hub.held', { count: heldByHub })}
        </p>
      )}
    </details>
  );
}
