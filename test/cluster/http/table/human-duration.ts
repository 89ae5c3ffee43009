// Durations and ages as kubectl shows them (`45s`, `3m12s`, `5h`, `12d`), following Kubernetes'
// HumanDuration rules.

function withRemainder(major: number, unit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major}${unit}` : `${major}${unit}${minor}${minorUnit}`;
}

function longDuration(hours: number): string {
  const days = Math.floor(hours / 24);
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return withRemainder(days, "d", hours % 24, "h");
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  return years < 8 ? `${years}y${days % 365}d` : `${years}y`;
}

/** `ms` as a short human duration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return withRemainder(minutes, "m", seconds % 60, "s");
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return withRemainder(hours, "h", minutes % 60, "m");
  return longDuration(hours);
}

/** The age of an RFC 3339 timestamp at `now`, or `<unknown>` when absent. */
export function age(timestamp: unknown, now: Date): string {
  if (typeof timestamp !== "string" || timestamp === "") return "<unknown>";
  return humanDuration(now.getTime() - new Date(timestamp).getTime());
}
