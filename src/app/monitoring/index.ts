// The monitoring screens, loaded as one lazy chunk: learners' phones never download them.
export { LearnersScreen } from './LearnersScreen';
export { OperatorScreen } from './OperatorScreen';
export { PantauScreen } from './PantauScreen';
export { SyncedTodayScreen } from './SyncedTodayScreen';
