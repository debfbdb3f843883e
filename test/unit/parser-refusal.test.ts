import { describe, expect, it } from 'vitest';
import { gatewayProblems } from '../../contracts/api/gateway-problems';
import { platformLimits } from '../../contracts/platform/limits';
import { parserRefusal } from '../../infra/local/gateway-answers';

function parseError(code: string, message: string, rawPacket?: string) {
  return Object.assign(new Error(message), { code, rawPacket: rawPacket === undefined ? undefined : Buffer.from(rawPacket, 'latin1') });
}

describe("the gateway's answer to a request Node's parser refused", () => {
  it('is 408 when the request arrived too slowly', () => {
    // Act & Assess
    expect(parserRefusal(parseError('ERR_HTTP_REQUEST_TIMEOUT', 'Request timeout')).problem).toBe(gatewayProblems.requestTimeout);
  });

  it('is 414 when the request line alone is over the URL limit', () => {
    // Prepare
    const packet = `GET /${'a'.repeat(platformLimits.apiGatewayUrlChars)} HTTP/1.1\r\nHost: t\r\n`;

    // Act & Assess
    expect(parserRefusal(parseError('HPE_HEADER_OVERFLOW', 'Parse Error: Header overflow', packet)).problem).toBe(gatewayProblems.uriTooLong);
  });

  it('is 431 when the headers overflow, or when the packet does not show the request line', () => {
    // Prepare
    const headers = `GET / HTTP/1.1\r\nX-Pad: ${'a'.repeat(3 * platformLimits.apiGatewayHeaderBytes)}`;
    const continuation = 'a'.repeat(3 * platformLimits.apiGatewayUrlChars);

    // Act & Assess
    expect(parserRefusal(parseError('HPE_HEADER_OVERFLOW', 'Parse Error: Header overflow', headers)).problem).toBe(gatewayProblems.headersTooLarge);
    expect(parserRefusal(parseError('HPE_HEADER_OVERFLOW', 'Parse Error: Header overflow', continuation)).problem).toBe(gatewayProblems.headersTooLarge);
    expect(parserRefusal(parseError('HPE_HEADER_OVERFLOW', 'Parse Error: Header overflow')).problem).toBe(gatewayProblems.headersTooLarge);
  });

  it("is 400 otherwise, naming llhttp's reason", () => {
    // Act
    const { problem } = parserRefusal(parseError('HPE_INVALID_HEADER_TOKEN', 'Parse Error: Invalid header value char'));

    // Assess
    expect(problem).toMatchObject({ status: 400, type: gatewayProblems.malformedRequest.type, title: gatewayProblems.malformedRequest.title });
    expect(problem.detail).toContain('Invalid header value char');
  });
});
