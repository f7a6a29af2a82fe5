import '../i18n/screen-messages';
import '../i18n/staff-messages';
import { useState } from 'preact/hooks';
import type { Profile } from '../../db/profile';
import type {
  EnrolmentCodesResponse,
  ImportLearnersResponse,
  ImportRowResult,
} from '../../shared/monitoring/learner-import';
import { apiErrorMessage } from '../api/api-error-message';
import type { MessageKey } from '../i18n/messages';
import { t } from '../i18n/t';
import { DesaCodeLookup } from './DesaCodeLookup';
import { EnrolmentSheet } from './EnrolmentSheet';
import { RowProblems } from './RowProblems';
import { ResultFileUpload } from './ResultFileUpload';
import { createEnrolmentCodes, uploadLearnerCsv } from './monitoring-api';
import { StaffGate } from './StaffGate';

/** `/operator`: bulk enrolment of learners from a CSV file, with a result for every row (lazy chunk). */
export function OperatorScreen() {
  return <StaffGate roles={['operator', 'admin']}>{(profile) => <Operator profile={profile} />}</StaffGate>;
}

function Operator({ profile }: { profile: Profile }) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ImportLearnersResponse | null>(null);
  const [codes, setCodes] = useState<EnrolmentCodesResponse | null>(null);

  async function printCodes(usernames: string[]) {
    setError(null);
    const answer = await createEnrolmentCodes(profile.token, usernames);
    if (answer.ok) setCodes(answer.data);
    else setError(answer.code === 'offline' ? t('error.offline') : t('error.unknown'));
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setResult(null);
    setCodes(null);
    const answer = await uploadLearnerCsv(profile.token, file);
    setBusy(false);
    if (answer.ok) setResult(answer.data);
    else setError(t(apiErrorMessage(answer.code)));
  }

  return (
    <section class="monitoring" aria-labelledby="operator-title">
      <h1 id="operator-title">{t('mon.import.title')}</h1>
      <p>{t('mon.import.intro')}</p>
      <pre class="monitoring__example">nama,username,kode_desa,jabatan,telepon,nip</pre>
      <DesaCodeLookup token={profile.token} />
      <form class="form" onSubmit={submit}>
        <label for="learner-csv">{t('mon.import.file')}</label>
        <input
          id="learner-csv"
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          required
        />
        <button type="submit" class="button button--primary" disabled={busy || !file}>
          {busy ? t('mon.import.busy') : t('mon.import.submit')}
        </button>
      </form>
      {error && (
        <p class="form__error" role="alert">
          {error}
        </p>
      )}
      {result && <ImportResults result={result} onCodes={(usernames) => void printCodes(usernames)} />}
      {codes && <EnrolmentSheet result={codes} />}
      <ResultFileUpload token={profile.token} />
      <p>
        <a href="/operator/daftar">{t('enrol.title')}</a>
      </p>
      <p>
        <a href="/operator/peserta">{t('learners.title')}</a> · <a href="/operator/sinkron">{t('synced.title')}</a>
      </p>
      <p>
        <a href="/pantau">{t('mon.import.toReport')}</a>
      </p>
    </section>
  );
}

const STATUS: Record<ImportRowResult['status'], MessageKey> = {
  created: 'mon.import.status.created',
  updated: 'mon.import.status.updated',
  unchanged: 'mon.import.status.unchanged',
  rejected: 'mon.import.status.rejected',
};

function ImportResults({
  result,
  onCodes,
}: {
  result: ImportLearnersResponse;
  onCodes: (usernames: string[]) => void;
}) {
  const { created, updated, unchanged, rejected } = result.summary;
  const enrolled = result.rows.filter((r) => r.status !== 'rejected').map((r) => r.username);
  return (
    <div class="monitoring__section" data-testid="import-results">
      <p role="status" data-testid="import-summary">
        {t('mon.import.summary', { created, updated, unchanged, rejected })}
      </p>
      {enrolled.length > 0 && (
        <button type="button" class="button" onClick={() => onCodes(enrolled)}>
          {t('mon.codes.make', { count: enrolled.length })}
        </button>
      )}
      {result.ignoredColumns.length > 0 && (
        <p>{t('mon.import.ignored', { columns: result.ignoredColumns.join(', ') })}</p>
      )}
      <div class="monitoring__scroll">
        <table class="monitoring__table">
          <thead>
            <tr>
              <th>{t('mon.import.col.line')}</th>
              <th>{t('mon.import.col.username')}</th>
              <th>{t('mon.import.col.status')}</th>
              <th>{t('mon.import.col.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((r) => (
              <tr key={r.line} class={`import-row import-row--${r.status}`}>
                <td>{r.line}</td>
                <td>{r.username}</td>
                <td>{t(STATUS[r.status])}</td>
                <td>
                  <RowProblems row={r} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
