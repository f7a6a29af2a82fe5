import '../i18n/screen-messages';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/t';

/** Time left of an ujian with a limit; calls `onExpire` once at zero (also when resumed too late). */
export function QuizTimer({ deadline, onExpire }: { deadline: number; onExpire: () => void }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, deadline - now);
  useEffect(() => {
    if (left === 0) onExpire();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the time runs out: not on every tick, nor for a new `onExpire` closure
  }, [left === 0]);
  const minutes = Math.floor(left / 60_000);
  const seconds = Math.floor((left % 60_000) / 1000);
  return (
    <p class="quiz__timer" role="timer" aria-label={t('quiz.timeLeftLabel')}>
      {t('quiz.timeLeft', { time: `${minutes}:${String(seconds).padStart(2, '0')}` })}
    </p>
  );
}
