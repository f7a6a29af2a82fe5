import { lazy } from 'preact-iso';

// The catalogue and storage screens (and the download worker they start) load only when opened.
export const CatalogScreen = lazy(() => import('./CatalogScreen').then((m) => m.CatalogScreen));
export const StorageScreen = lazy(() => import('./StorageScreen').then((m) => m.StorageScreen));
