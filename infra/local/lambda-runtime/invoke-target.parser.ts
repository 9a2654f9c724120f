import { LambdaServiceError } from './service-error';

/** Account id in the ARNs the local runtime reports (the one LocalStack and SAM use). */
const LOCAL_ACCOUNT_ID = '000000000000';

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;

/** The function an Invoke request names, and the version or alias it asks for, if any. */
export interface InvokeTarget {
  readonly functionName: string;
  readonly qualifier: string | undefined;
}

/**
 * Reads the target of `POST /2015-03-31/functions/{FunctionName}/invocations`; undefined for any
 * other path. FunctionName may be a name, `name:qualifier`, a partial ARN or a full ARN.
 */
export function parseInvokeTarget(url: URL): InvokeTarget | undefined {
  const match = INVOKE_PATH.exec(url.pathname);
  if (match?.[1] === undefined) return undefined;
  const raw = decodeFunctionName(match[1]);
  const { functionName, qualifier } = splitFunctionName(raw);
  const queryQualifier = url.searchParams.get('Qualifier') ?? undefined;
  if (qualifier !== undefined && queryQualifier !== undefined && qualifier !== queryQualifier) {
    throw new LambdaServiceError('InvalidParameterValueException', 'The derived qualifier from the function name does not match the specified qualifier.');
  }
  return { functionName, qualifier: qualifier ?? queryQualifier };
}

/** The ARN real Lambda would report for a local function. */
export function toFunctionArn(functionName: string, region: string, qualifier?: string): string {
  const arn = `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${functionName}`;
  return qualifier === undefined ? arn : `${arn}:${qualifier}`;
}

function decodeFunctionName(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch (error) {
    throw new LambdaServiceError('InvalidParameterValueException', `FunctionName is not valid URL encoding: ${encoded}`, undefined, { cause: error });
  }
}

function splitFunctionName(raw: string): InvokeTarget {
  const parts = raw.split(':');
  const [first, second, third, fourth, , sixth, seventh, eighth] = parts;
  if (parts.length === 1 || parts.length === 2) return checked(first, second, raw);
  if ((parts.length === 3 || parts.length === 4) && second === 'function') return checked(third, fourth, raw);
  if ((parts.length === 7 || parts.length === 8) && first === 'arn' && third === 'lambda' && sixth === 'function') {
    return checked(seventh, eighth, raw);
  }
  return checked(undefined, undefined, raw);
}

function checked(functionName: string | undefined, qualifier: string | undefined, raw: string): InvokeTarget {
  if (functionName === undefined || functionName === '' || qualifier === '') {
    throw new LambdaServiceError(
      'InvalidParameterValueException',
      `FunctionName '${raw}' is not a function name, a name:qualifier, a partial ARN (account:function:name) or a function ARN.`,
    );
  }
  return { functionName, qualifier };
}
