import '../i18n/staff-messages';
import type { ImportRowProblem, ImportRowResult } from '../../shared/monitoring/learner-import';
import type { MessageKey } from '../i18n/messages';
import { t } from '../i18n/t';

/** The catalogue text of one reason, naming the column it is about. */
export function rowProblemText(problem: ImportRowProblem): string {
  // `satisfies`: a reason without a message in the catalogue fails the type-check.
  const reason = t(`mon.import.reason.${problem.reason}` as const satisfies MessageKey);
  return problem.column ? t('mon.import.reasonInColumn', { reason, column: problem.column }) : reason;
}

/**
 * Every reason of a rejected import row, each in the interface language. The server's English
 * `message` is left out: it is a detail for logs, and half-English text helps no operator.
 */
export function RowProblems({ row }: { row: ImportRowResult }) {
  // A server without `problems` still sends its first reason.
  const problems = row.problems ?? (row.reason ? [{ reason: row.reason }] : []);
  if (problems.length === 0) return null;
  if (problems.length === 1) return <>{rowProblemText(problems[0]!)}</>;
  return (
    <ul class="import-row__problems">
      {problems.map((p, i) => (
        <li key={i}>{rowProblemText(p)}</li>
      ))}
    </ul>
  );
}
