// ApiError: the typed form of the error envelope {error: {code, message, details}} (01 §5).
import type { components } from './schema';

type ErrorEnvelope = components['schemas']['ErrorEnvelope'];

export interface ApiErrorInit {
  status: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
  retryable?: boolean;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status; 0 when no response arrived (network error or timeout). */
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;
  readonly retryable: boolean;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? {};
    this.retryable = init.retryable ?? isRetryableStatus(init.status);
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

export function isRetryableStatus(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEnvelope(value: unknown): value is ErrorEnvelope {
  if (!isRecord(value) || !isRecord(value.error)) return false;
  return typeof value.error.code === 'string' && typeof value.error.message === 'string';
}

const FALLBACK_MESSAGES: Record<number, string> = {
  401: 'An access token is required.',
  404: 'Not found.',
  413: 'The upload is too large.',
  503: 'A service ChiefOps depends on is unavailable.',
};

/** Build an ApiError from a non-2xx response body (the envelope, or anything else). */
export function errorFromResponse(status: number, body: unknown): ApiError {
  if (isEnvelope(body)) {
    const { code, message, details } = body.error;
    return new ApiError({ status, code, message, details: isRecord(details) ? details : {} });
  }
  const message = FALLBACK_MESSAGES[status] ?? `The server answered with HTTP ${status}.`;
  return new ApiError({ status, code: `http_${status}`, message });
}

export function timeoutError(timeoutMs: number): ApiError {
  const seconds = Math.round(timeoutMs / 1000);
  return new ApiError({
    status: 0,
    code: 'timeout',
    message: `The ChiefOps server did not answer within ${seconds} s.`,
    retryable: true,
  });
}

export function networkError(cause: unknown): ApiError {
  const error = new ApiError({
    status: 0,
    code: 'network_error',
    message: 'Cannot reach the ChiefOps server.',
    retryable: true,
  });
  error.cause = cause;
  return error;
}

/**
 * Field errors of a 422: `details.fields` ({field: message}) or FastAPI-style
 * `details.errors` ([{loc: [..., field], msg}]) become {field: message}.
 */
export function fieldErrors(error: ApiError): Record<string, string> {
  const out: Record<string, string> = {};
  const { fields, errors } = error.details;
  if (isRecord(fields)) {
    for (const [name, message] of Object.entries(fields)) {
      if (typeof message === 'string') out[name] = message;
    }
  }
  if (Array.isArray(errors)) {
    for (const item of errors) {
      if (!isRecord(item) || !Array.isArray(item.loc) || typeof item.msg !== 'string') continue;
      const name = item.loc[item.loc.length - 1];
      if (typeof name === 'string' || typeof name === 'number') out[String(name)] ??= item.msg;
    }
  }
  return out;
}
