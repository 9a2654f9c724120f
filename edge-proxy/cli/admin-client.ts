/** A failure the CLI reports as one clear line (and exit code 1). */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export interface AdminClientOptions {
  url: string;
  token: string | undefined;
  /** Who is at the keyboard, recorded in the audit trail. */
  actor: string;
}

interface LegacyErrorBody {
  error?: { code?: string; message?: string; details?: Array<{ path: string; message: string }> };
}

function explain(status: number, body: LegacyErrorBody, url: string): string {
  const error = body.error;
  if (status === 401) return `The proxy at ${url} refused the token (${error?.message ?? 'unauthorized'}): pass --token or set STRANGLER_ADMIN_TOKEN`;
  if (status === 403) return `The token is not an engineer's: ${error?.message ?? 'forbidden'}`;
  const details = error?.details?.map((detail) => `${detail.path || 'body'}: ${detail.message}`).join('; ');
  return `${error?.message ?? `HTTP ${status}`}${details ? ` (${details})` : ''}`;
}

/** Talks to the edge proxy's admin API (/_strangler/api). */
export class AdminClient {
  constructor(private readonly options: AdminClientOptions) {}

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  delete<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('DELETE', path, body);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { url, token, actor } = this.options;
    let response: Response;
    try {
      response = await fetch(`${url}/_strangler/api${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          'x-strangler-actor': actor,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new CliError(`Cannot reach the edge proxy at ${url} (${(error as Error).cause ?? (error as Error).message}): is it running (npm start)? Use --url for another one`);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      throw new CliError(`${url} did not answer like a 24-Hour Video edge proxy (HTTP ${response.status}, not JSON)`);
    }
    if (!response.ok) throw new CliError(explain(response.status, (parsed ?? {}) as LegacyErrorBody, url));
    return parsed as T;
  }
}
