// Response fixtures typed from the generated schema: when the API changes, they fail to compile here.
import type { SystemStatus } from '../../src/stores/session';

export function systemStatus(overrides: Partial<SystemStatus> = {}): SystemStatus {
  return {
    version: '0.1.0',
    storage_backend: 'sqlite',
    data_as_of: null,
    ai: { provider: 'local', model: null, state: 'ok' },
    data_versions: { messages: 0, tasks: 0, documents: 0, people: 0, projects: 0 },
    upload_limits: { max_upload_mb: 500, max_batch_mb: 2048, max_batch_files: 20000 },
    ...overrides,
  };
}
