export const SETTINGS_TABS = [
  { id: 'general', label: 'General' },
  { id: 'privacy', label: 'Privacy' },
  { id: 'ai', label: 'AI provider' },
  { id: 'health', label: 'Health score' },
  { id: 'data', label: 'Data' },
] as const;

export type SettingsTab = (typeof SETTINGS_TABS)[number]['id'];

export function isSettingsTab(value: string): value is SettingsTab {
  return SETTINGS_TABS.some((tab) => tab.id === value);
}
