/** A numeric column that may be null, as a number. @example num('12.50'); // 12.5 */
export const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

/** A timestamp column that may be null, as an ISO string. @example iso(row.created_at); // '2026-03-02T02:00:00.000Z' */
export const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());
