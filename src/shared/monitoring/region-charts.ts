import * as v from 'valibot';
import { RegionSchema } from './regions';

// The figures behind the monitor's charts (operationId `regionCharts`); definitions in docs/monitoring.md.

export const PairedScoresSchema = v.object({
  /** Region code one level down, or the learner id inside a desa. */
  key: v.string(),
  label: v.string(),
  /** (learner, course) pairs with both a graded pre-test and a graded post-test. */
  pairs: v.number(),
  /** Over those pairs only: mean first pre-test and mean best post-test, 0–100, one decimal; null with no pair. */
  pretestAvg: v.nullable(v.number()),
  posttestAvg: v.nullable(v.number()),
});
export type PairedScores = v.InferOutput<typeof PairedScoresSchema>;

export const WeeklyActiveSchema = v.object({
  /** Monday of the week (UTC), YYYY-MM-DD. */
  weekStart: v.string(),
  /** Learners from whom the server received an attempt or lesson progress that week. */
  learners: v.number(),
});
export type WeeklyActive = v.InferOutput<typeof WeeklyActiveSchema>;

export const CourseChartRowSchema = v.object({
  courseId: v.string(),
  title: v.string(),
  /** Learners of the region with any lesson progress in the course. */
  started: v.number(),
  /** Of those, learners with every lesson of the latest version complete. */
  completed: v.number(),
  /** Certificates issued to learners of the region and not revoked, all versions. */
  certificates: v.number(),
});
export type CourseChartRow = v.InferOutput<typeof CourseChartRowSchema>;

/** How many weeks of activity the chart shows, this week included. */
export const CHART_WEEKS = 12;

export const RegionChartsResponseSchema = v.object({
  region: RegionSchema,
  /** Paired pre/post per region one level down (per learner in a desa), then the region's own total. */
  scores: v.array(PairedScoresSchema),
  scoresTotal: PairedScoresSchema,
  /** Oldest first, `CHART_WEEKS` weeks ending with the current one; weeks with nobody active are 0. */
  weeklyActive: v.array(WeeklyActiveSchema),
  /** Every course in the catalog (withdrawn ones left out), by title. */
  courses: v.array(CourseChartRowSchema),
  generatedAt: v.string(),
});
export type RegionChartsResponse = v.InferOutput<typeof RegionChartsResponseSchema>;
