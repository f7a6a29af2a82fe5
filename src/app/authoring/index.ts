// The authoring screens (authors and admins): one lazy chunk a learner's phone never loads
// (vite.config.ts keeps src/app/authoring out of the learner's precache).
import './authoring.css';

export { AuthoringScreen } from './AuthoringScreen';
export { CourseEditorScreen } from './CourseEditorScreen';
