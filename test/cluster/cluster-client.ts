/** A minimal REST client for the cluster tests: invoke one action on one server. */

export interface Invocation {
  readonly status: number;
  readonly isSuccess: boolean;
  readonly errorCode: string | null;
  readonly outputValues: Record<string, unknown> | null;
}

export async function invokeOver(
  serverUrl: string,
  token: string,
  action: string,
  input: Record<string, unknown>,
): Promise<Invocation> {
  const response = await fetch(`${serverUrl}/services/data/v62.0/actions/standard/${action}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ inputs: [input] }),
  });
  const body = await response.json();
  if (!Array.isArray(body)) {
    const errorCode = (body as { errorCode?: string } | null)?.errorCode ?? 'HTTP';
    return { status: response.status, isSuccess: false, errorCode, outputValues: null };
  }
  const result = body[0] as {
    isSuccess: boolean;
    outputValues: Record<string, unknown> | null;
    errors: { statusCode: string }[];
  };
  return {
    status: response.status,
    isSuccess: result.isSuccess,
    errorCode: result.errors[0]?.statusCode ?? null,
    outputValues: result.outputValues,
  };
}
