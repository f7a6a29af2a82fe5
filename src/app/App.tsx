import { LocationProvider, Route, Router, lazy } from 'preact-iso';
import { AppHeader } from './components/AppHeader';
import { StatusBar } from './components/StatusBar';
import { UpdateBanner } from './components/UpdateBanner';
import { StorageWarning } from './sync/StorageWarning';
import { t } from './i18n/t';
import { CatalogScreen, StorageScreen } from './courses/lazy-screens';
import { CourseOutlineScreen } from './courses/CourseOutlineScreen';
import { HomeScreen } from './home/HomeScreen';
import { NotFoundScreen } from './NotFoundScreen';

// Sign-in and settings are never on the start path of a relaunch: parsed when first opened. (The
// course outline stays in: it is the next screen offline, before the service worker may control.)
const SignInScreen = lazy(() => import('./profiles/SignInScreen').then((m) => m.SignInScreen));
const SettingsScreen = lazy(() => import('./settings/SettingsScreen').then((m) => m.SettingsScreen));

// Lesson and quiz screens carry marked's lexer and the token renderer (markdown-tokens-to-dom.ts):
// their own chunk (lesson-screens, vite.config.ts), loaded when one of them opens.
const LessonScreen = lazy(() => import('./lesson/LessonScreen').then((m) => m.LessonScreen));
const QuizScreen = lazy(() => import('./quiz/QuizScreen').then((m) => m.QuizScreen));
// Results and history are never the first screen: they stay out of the first load too.
const ResultScreen = lazy(() => import('./quiz/ResultScreen').then((m) => m.ResultScreen));
const HistoryScreen = lazy(() => import('./quiz/HistoryScreen').then((m) => m.HistoryScreen));
// Monitoring screens (operators, monitors, admin): one lazy chunk learners' phones never load.
const PantauScreen = lazy(() => import('./monitoring').then((m) => m.PantauScreen));
const OperatorScreen = lazy(() => import('./monitoring').then((m) => m.OperatorScreen));
const LearnersScreen = lazy(() => import('./monitoring').then((m) => m.LearnersScreen));
const SyncedTodayScreen = lazy(() => import('./monitoring').then((m) => m.SyncedTodayScreen));
// Staff accounts (admin) and the audit log (admin, monitor): lazy chunks of their own.
const AdminScreen = lazy(() => import('./admin/AdminScreen').then((m) => m.AdminScreen));
const AuditLogScreen = lazy(() => import('./admin/AuditLogScreen').then((m) => m.AuditLogScreen));
// One-by-one enrolment with a one-time code and QR (operators only): its own lazy chunk.
// Certificates: the learner's list, one certificate (its PDF code loads on the click) and the
// offline verify screen (its QR decoder loads when the camera starts): lazy chunks of their own.
const CertificatesScreen = lazy(() => import('./certificates/CertificatesScreen').then((m) => m.CertificatesScreen));
const CertificateScreen = lazy(() => import('./certificates/CertificateScreen').then((m) => m.CertificateScreen));
const VerifyScreen = lazy(() => import('./certificates/VerifyScreen').then((m) => m.VerifyScreen));
const EnrolLearnerScreen = lazy(() => import('./enrolment/EnrolLearnerScreen').then((m) => m.EnrolLearnerScreen));
// Courses written in the browser (authors, admins): one lazy chunk learners' phones never load.
const AuthoringScreen = lazy(() => import('./authoring').then((m) => m.AuthoringScreen));
const CourseEditorScreen = lazy(() => import('./authoring').then((m) => m.CourseEditorScreen));

/** The app shell: header, status, update prompt and the routed screen. */
export function App() {
  return (
    <LocationProvider>
      <AppHeader />
      <UpdateBanner />
      <StorageWarning />
      <StatusBar />
      <main id="main" class="main">
        <Router>
          <Route path="/" component={HomeScreen} />
          <Route path="/masuk" component={SignInScreen} />
          <Route path="/pengaturan" component={SettingsScreen} />
          <Route path="/kursus/:courseId" component={CourseOutlineScreen} />
          <Route path="/kursus/:courseId/materi/:lessonId" component={LessonScreen} />
          <Route path="/kursus/:courseId/kuis/:quizId" component={QuizScreen} />
          <Route path="/hasil/:attemptId" component={ResultScreen} />
          <Route path="/riwayat" component={HistoryScreen} />
          <Route path="/sertifikat" component={CertificatesScreen} />
          <Route path="/sertifikat/:id" component={CertificateScreen} />
          <Route path="/periksa" component={VerifyScreen} />
          <Route path="/katalog" component={CatalogScreen} />
          <Route path="/penyimpanan" component={StorageScreen} />
          <Route path="/pantau" component={PantauScreen} />
          <Route path="/pantau/:code" component={PantauScreen} />
          <Route path="/operator" component={OperatorScreen} />
          <Route path="/operator/daftar" component={EnrolLearnerScreen} />
          <Route path="/operator/peserta" component={LearnersScreen} />
          <Route path="/operator/sinkron" component={SyncedTodayScreen} />
          <Route path="/admin" component={AdminScreen} />
          <Route path="/audit" component={AuditLogScreen} />
          <Route path="/penulis" component={AuthoringScreen} />
          <Route path="/penulis/:courseId" component={CourseEditorScreen} />
          <Route default component={NotFoundScreen} />
        </Router>
      </main>
      <footer class="app-footer">{t('app.version', { version: __APP_VERSION__ })}</footer>
    </LocationProvider>
  );
}
