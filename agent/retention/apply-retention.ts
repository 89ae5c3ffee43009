// The grandfather-father-son choice of which backups a retention policy keeps, exactly as
// restic's `forget --keep-*` makes it (restic's ApplyPolicy), with calendar buckets in UTC.
import { RETENTION_KEYS, type RetentionKey, type RetentionPolicy } from "./retention-policy.js";

/** Something a policy can keep or drop: a name and the time it was taken. */
export interface RetentionItem {
  readonly name: string;
  readonly time: Date;
}

/** A kept item and the buckets that kept it (`keepDaily`, ...; `oldest keepMonthly`, ...). */
export interface KeptItem<T extends RetentionItem> {
  readonly item: T;
  readonly reasons: readonly string[];
}

/** The outcome of {@link applyRetention}, newest first in both lists. */
export interface RetentionDecision<T extends RetentionItem> {
  readonly keep: readonly KeptItem<T>[];
  readonly remove: readonly T[];
}

type Bucketer = (time: Date, index: number) => number;

const bucketers: Readonly<Record<RetentionKey, Bucketer>> = {
  keepLast: (_time, index) => index,
  keepHourly: (t) => ymd(t) * 100 + t.getUTCHours(),
  keepDaily: (t) => ymd(t),
  keepWeekly: (t) => isoWeek(t),
  keepMonthly: (t) => t.getUTCFullYear() * 100 + t.getUTCMonth() + 1,
  keepYearly: (t) => t.getUTCFullYear(),
};

function ymd(t: Date): number {
  return t.getUTCFullYear() * 10_000 + (t.getUTCMonth() + 1) * 100 + t.getUTCDate();
}

/** ISO 8601 week of `t` in UTC as `YYYYWW` (the week's Thursday decides the year). */
export function isoWeek(t: Date): number {
  const day = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()));
  const weekday = day.getUTCDay() === 0 ? 7 : day.getUTCDay();
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return day.getUTCFullYear() * 100 + week;
}

interface Bucket {
  readonly key: RetentionKey;
  count: number;
  last: number | undefined;
}

/**
 * Applies `policy` to `items` as restic does. Items are walked newest first (ties: name
 * descending). Each bucket kind with a count left keeps an item whose bucket value (hour, day,
 * ISO week, month, year; every item for `keepLast`) differs from the previous kept one's, and
 * uses up one count (`-1` never runs out). The oldest item is also kept by every bucket that
 * still has counts left, which keeps the longest history the counts allow. Everything else is
 * removed.
 */
export function applyRetention<T extends RetentionItem>(
  items: readonly T[],
  policy: RetentionPolicy,
): RetentionDecision<T> {
  const sorted = [...items].sort(
    (a, b) => b.time.getTime() - a.time.getTime() || (a.name < b.name ? 1 : -1),
  );
  const buckets: Bucket[] = RETENTION_KEYS.map((key) => ({
    key,
    count: policy[key],
    last: undefined,
  }));
  const keep: KeptItem<T>[] = [];
  const remove: T[] = [];
  sorted.forEach((item, index) => {
    const isOldest = index === sorted.length - 1;
    const reasons = buckets.flatMap((bucket) => takeFromBucket(bucket, item, index, isOldest));
    if (reasons.length > 0) keep.push({ item, reasons });
    else remove.push(item);
  });
  return { keep, remove };
}

function takeFromBucket(
  bucket: Bucket,
  item: RetentionItem,
  index: number,
  isOldest: boolean,
): string[] {
  if (bucket.count === 0 || bucket.count < -1) return [];
  const value = bucketers[bucket.key](item.time, index);
  if (value === bucket.last && !isOldest) return [];
  const reason = value === bucket.last ? `oldest ${bucket.key}` : bucket.key;
  bucket.last = value;
  if (bucket.count > 0) bucket.count--;
  return [reason];
}
