// The monitoring screens, loaded as one lazy chunk: learners' phones never download them.
export { OperatorScreen } from './OperatorScreen';
export { PantauScreen } from './PantauScreen';
