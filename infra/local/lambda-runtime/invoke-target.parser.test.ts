import { describe, expect, it } from 'vitest';
import { parseInvokeTarget, toFunctionArn } from './invoke-target.parser';
import { LambdaServiceError } from './service-error';

const invokeUrl = (functionName: string, query = '') => new URL(`http://localhost/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations${query}`);

describe('parseInvokeTarget', () => {
  it.each([
    ['auth', { functionName: 'auth', qualifier: undefined }],
    ['auth:$LATEST', { functionName: 'auth', qualifier: '$LATEST' }],
    ['123456789012:function:auth', { functionName: 'auth', qualifier: undefined }],
    ['123456789012:function:auth:live', { functionName: 'auth', qualifier: 'live' }],
    ['arn:aws:lambda:eu-west-1:123456789012:function:auth', { functionName: 'auth', qualifier: undefined }],
    ['arn:aws:lambda:eu-west-1:123456789012:function:auth:$LATEST', { functionName: 'auth', qualifier: '$LATEST' }],
  ])('reads the function and qualifier of %s', (functionName, expected) => {
    expect(parseInvokeTarget(invokeUrl(functionName))).toEqual(expected);
  });

  it('takes the qualifier from the query string', () => {
    expect(parseInvokeTarget(invokeUrl('auth', '?Qualifier=%24LATEST'))).toEqual({ functionName: 'auth', qualifier: '$LATEST' });
  });

  it('refuses a query qualifier that contradicts the one in the name', () => {
    expect(() => parseInvokeTarget(invokeUrl('auth:one', '?Qualifier=two'))).toThrow(LambdaServiceError);
  });

  it.each(['a:b:c:d:e', 'arn:aws:s3:eu-west-1:123456789012:function:auth', 'auth:', ':auth'])('refuses the malformed name %s', (functionName) => {
    expect(() => parseInvokeTarget(invokeUrl(functionName))).toThrow(expect.objectContaining({ code: 'InvalidParameterValueException' }));
  });

  it.each(['/2015-03-31/functions/auth', '/2015-03-31/functions/auth/configuration', '/', '/2015-03-31/functions//invocations'])(
    'does not take %s for the Invoke operation',
    (path) => {
      expect(parseInvokeTarget(new URL(`http://localhost${path}`))).toBeUndefined();
    },
  );
});

describe('toFunctionArn', () => {
  it('builds the ARN Lambda would report, with the qualifier when there is one', () => {
    expect(toFunctionArn('auth', 'us-east-1')).toBe('arn:aws:lambda:us-east-1:000000000000:function:auth');
    expect(toFunctionArn('auth', 'us-east-1', '$LATEST')).toBe('arn:aws:lambda:us-east-1:000000000000:function:auth:$LATEST');
  });
});
