import { LocationProvider, Route, Router } from 'preact-iso';
import { AppHeader } from './components/AppHeader';
import { StatusBar } from './components/StatusBar';
import { UpdateBanner } from './components/UpdateBanner';
import { t } from './i18n/t';
import { CatalogScreen, StorageScreen } from './courses/lazy-screens';
import { HomeScreen } from './screens/HomeScreen';
import { NotFoundScreen } from './screens/NotFoundScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { SignInScreen } from './screens/SignInScreen';

/** The app shell: header, status, update prompt and the routed screen. */
export function App() {
  return (
    <LocationProvider>
      <AppHeader />
      <UpdateBanner />
      <StatusBar />
      <main id="main" class="main">
        <Router>
          <Route path="/" component={HomeScreen} />
          <Route path="/masuk" component={SignInScreen} />
          <Route path="/pengaturan" component={SettingsScreen} />
          <Route path="/katalog" component={CatalogScreen} />
          <Route path="/penyimpanan" component={StorageScreen} />
          <Route default component={NotFoundScreen} />
        </Router>
      </main>
      <footer class="app-footer">{t('app.version', { version: __APP_VERSION__ })}</footer>
    </LocationProvider>
  );
}
