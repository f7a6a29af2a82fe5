import * as v from 'valibot';

// Kemendagri region codes and the region search protocol (operationId `searchRegions`).

/** 34 (provinsi), 34.02 (kabupaten/kota), 34.02.01 (kecamatan), 34.02.01.2001 (desa/kelurahan). */
export const RegionCodeSchema = v.pipe(
  v.string(),
  v.regex(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/, 'a Kemendagri code such as 34.02 or 34.02.01.2001'),
);

export const RegionSchema = v.object({
  code: v.string(),
  parentCode: v.nullable(v.string()),
  /** 1 provinsi, 2 kabupaten/kota, 3 kecamatan, 4 desa/kelurahan. */
  level: v.number(),
  name: v.string(),
});
export type Region = v.InferOutput<typeof RegionSchema>;

export const SearchRegionsQuerySchema = v.object({
  /** A name fragment or a code prefix. */
  q: v.optional(v.pipe(v.string(), v.maxLength(100))),
  /** List the direct children of this code; empty for the provinces. */
  parent: v.optional(v.union([v.literal(''), RegionCodeSchema])),
  /** Only this region and what lies inside it (the screens pass the caller's own region). */
  within: v.optional(RegionCodeSchema),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'a number up to 999'))),
});

export const SearchRegionsResponseSchema = v.object({ regions: v.array(RegionSchema) });
export type SearchRegionsResponse = v.InferOutput<typeof SearchRegionsResponseSchema>;

/** The caller's own region (operationId `getMyRegion`): null code means all of Indonesia (admin). */
export const MyRegionResponseSchema = v.object({ region: v.nullable(RegionSchema) });
export type MyRegionResponse = v.InferOutput<typeof MyRegionResponseSchema>;
