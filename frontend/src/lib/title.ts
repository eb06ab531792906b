export const APP_NAME = 'ChiefOps';

/** "ChiefOps · People" (08 §3). */
export function documentTitle(page: string): string {
  return page ? `${APP_NAME} · ${page}` : APP_NAME;
}
