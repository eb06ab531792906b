// Health bands and status labels (06 HEALTH_BANDS, 08 §10): ≥ 70 on track, 40–69 at risk, < 40 behind.
export const HEALTH_BANDS = { onTrack: 70, atRisk: 40 } as const;

export type HealthBand = 'on_track' | 'at_risk' | 'behind';
export type ProjectStatus = HealthBand | 'completed' | 'inactive';

/** The API's band when it sends one, else the same thresholds computed here. */
export function healthBand(score: number, apiBand?: HealthBand | null): HealthBand {
  if (apiBand) return apiBand;
  if (score >= HEALTH_BANDS.onTrack) return 'on_track';
  if (score >= HEALTH_BANDS.atRisk) return 'at_risk';
  return 'behind';
}

const STATUS_LABELS: Record<ProjectStatus, string> = {
  on_track: 'On track',
  at_risk: 'At risk',
  behind: 'Behind',
  completed: 'Completed',
  inactive: 'Inactive',
};

export function statusLabel(status: ProjectStatus): string {
  return STATUS_LABELS[status];
}
