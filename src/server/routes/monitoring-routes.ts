import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env';
import { enrolmentRoutes } from './enrolment-routes';
import { regionRoutes } from './region-routes';
import { reportRoutes } from './report-routes';

/** Everything of monitoring and evaluation: regions, reports, bulk enrolment (docs/monitoring.md). */
export const monitoringRoutes = new Hono<AppEnv>()
  .route('/', regionRoutes)
  .route('/', reportRoutes)
  .route('/', enrolmentRoutes);
