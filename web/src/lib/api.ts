// One way to call the JSON API: problems (RFC 9457) become ApiError with a
// sentence a person can act on; the CSRF token goes on every cookie write.
import type { Problem } from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly field: string | undefined;
  readonly title: string;
  /** The whole problem as the server sent it, for the fields some problems add (an import's row errors). */
  readonly body: unknown;
  constructor(status: number, title: string, detail: string, field?: string, body?: unknown) {
    super(detail || title);
    this.status = status;
    this.title = title;
    this.field = field;
    this.body = body;
  }
}

let csrfToken: string | null = null;

/** Remembers the session's CSRF token, read from POST /session or GET /me. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export interface ApiResult<T> { data: T; etag: string | null; status: number }

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** What a person should be told for a failed call, by status. */
export function explain(error: unknown): string {
  if (error instanceof ApiError) {
    switch (error.status) {
      case 0: return `The server could not be reached. Check your connection and try again. (${error.message})`;
      case 401: return 'You are not signed in, or your session has ended. Sign in again.';
      case 403: return `You may not do this: ${error.message}`;
      case 404: return `Not found: ${error.message}`;
      case 409: return `Not allowed now: ${error.message}`;
      case 412: return 'Someone else changed this case since you opened it. Reload the case and try again.';
      case 413: return `Too large: ${error.message}`;
      case 429: return `Too many attempts: ${error.message}`;
      case 503: return 'The server is busy. Wait a moment and try again.';
      default: return error.field ? `${error.message}` : error.message;
    }
  }
  return error instanceof Error ? error.message : String(error);
}

async function problemOf(response: Response): Promise<ApiError> {
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      const problem = (await response.json()) as Partial<Problem>;
      return new ApiError(response.status, problem.title ?? response.statusText,
                          problem.detail ?? problem.title ?? `HTTP ${response.status}`, problem.field, problem);
    } catch {
      // Fall through to the status line.
    }
  }
  return new ApiError(response.status, response.statusText, `HTTP ${response.status} ${response.statusText}`);
}

export async function api<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'Network error', error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw await problemOf(response);
  const data = (response.status === 204 ? null : await response.json()) as T;
  return { data, etag: response.headers.get('ETag'), status: response.status };
}

export const get = <T>(path: string, options?: RequestOptions) => api<T>('GET', path, options).then((r) => r.data);

export interface UploadOptions {
  url: string;
  file: Blob;
  headers?: Record<string, string>;
  onProgress?: (loaded: number, total: number) => void;
}

/**
 * Sends a file as the raw request body with XMLHttpRequest, whose upload
 * events (unlike fetch's) report progress as the bytes leave the browser.
 */
export function upload<T>(options: UploadOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', options.url);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', options.file.type || 'application/octet-stream');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    for (const [name, value] of Object.entries(options.headers ?? {})) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded, event.total);
    };
    xhr.onload = () => {
      let parsed: unknown = null;
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        parsed = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress?.(options.file.size, options.file.size);
        resolve(parsed as T);
        return;
      }
      const problem = (parsed ?? {}) as Partial<Problem>;
      reject(new ApiError(xhr.status, problem.title ?? xhr.statusText,
                          problem.detail ?? `HTTP ${xhr.status} ${xhr.statusText}`, problem.field, parsed));
    };
    xhr.onerror = () => reject(new ApiError(0, 'Network error', 'the upload was interrupted'));
    xhr.onabort = () => reject(new ApiError(0, 'Cancelled', 'the upload was cancelled'));
    xhr.send(options.file);
  });
}
