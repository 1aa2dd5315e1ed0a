/**
 * SOAP 1.1 envelopes of Salesforce's partner API, read and written with fast-xml-parser (no
 * hand-made XML): the operation a request body calls with its parameters, and the envelope of
 * an answer or a fault. Namespace prefixes are dropped on reading, so `<se:Envelope>` and
 * `<soapenv:Envelope>` read alike; a document type declaration is refused before parsing
 * (entity expansion has no place in a login).
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

const envelopeNamespace = 'http://schemas.xmlsoap.org/soap/envelope/';
const partnerNamespace = 'urn:partner.soap.sforce.com';
const faultNamespace = 'urn:fault.partner.soap.sforce.com';
const instanceNamespace = 'http://www.w3.org/2001/XMLSchema-instance';

export interface SoapCall {
  /** The local name of the body's element: `login`. */
  readonly operation: string;
  /** Its child elements that hold text, by local name. */
  readonly parameters: Readonly<Record<string, string>>;
}

/** A request body that is not a SOAP envelope with one operation in its body. */
export class MalformedEnvelope extends Error {}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  parseTagValue: false,
  // Passwords keep their spaces.
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
});

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The elements of a parsed node, without its text between elements. */
function elementsOf(node: Record<string, unknown>): [string, unknown][] {
  return Object.entries(node).filter(([name]) => name !== '#text');
}

export function readSoapCall(body: string): SoapCall {
  if (/<!DOCTYPE/i.test(body)) throw new MalformedEnvelope('A document type declaration is not allowed');
  const validation = XMLValidator.validate(body);
  if (validation !== true) {
    throw new MalformedEnvelope(
      `The request is not well-formed XML: ${validation.err.msg} (line ${validation.err.line})`,
    );
  }
  const document: unknown = parser.parse(body);
  const envelope = isRecord(document) ? document.Envelope : undefined;
  const soapBody = isRecord(envelope) ? envelope.Body : undefined;
  if (!isRecord(soapBody)) throw new MalformedEnvelope('The request is not a SOAP envelope with a body');
  const calls = elementsOf(soapBody);
  const [call] = calls;
  if (call === undefined || calls.length > 1) {
    throw new MalformedEnvelope('The SOAP body must hold exactly one operation');
  }
  const [operation, content] = call;
  const parameters: Record<string, string> = {};
  if (isRecord(content)) {
    for (const [name, value] of elementsOf(content)) if (typeof value === 'string') parameters[name] = value;
  }
  return { operation, parameters };
}

type XmlValue = string | number | boolean | null | XmlElements;
interface XmlElements {
  readonly [name: string]: XmlValue;
}

/** Null values are written `xsi:nil="true"`, as Salesforce does. */
function toXmlTree(elements: XmlElements): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(elements)) {
    if (value === null) tree[name] = { '@_xsi:nil': 'true' };
    else if (typeof value === 'object') tree[name] = toXmlTree(value);
    else tree[name] = String(value);
  }
  return tree;
}

function envelope(body: Record<string, unknown>): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'soapenv:Envelope': {
      '@_xmlns:soapenv': envelopeNamespace,
      '@_xmlns': partnerNamespace,
      '@_xmlns:xsi': instanceNamespace,
      'soapenv:Body': body,
    },
  });
}

/** `<{operation}Response><result>…</result></…>`, elements in the order given. */
export function soapResponse(operation: string, result: XmlElements): string {
  return envelope({ [`${operation}Response`]: { result: toXmlTree(result) } });
}

export interface SoapFault {
  /** `sf:INVALID_LOGIN` for an API fault (with `detail`), `soapenv:Client` for a bad request. */
  readonly faultCode: string;
  readonly faultString: string;
  /** The API fault's element (`LoginFault`, `UnexpectedErrorFault`) and exception code. */
  readonly detail?: { readonly element: string; readonly exceptionCode: string; readonly exceptionMessage: string };
}

export function soapFault(fault: SoapFault): string {
  const detail =
    fault.detail === undefined
      ? {}
      : {
          detail: {
            [`sf:${fault.detail.element}`]: {
              '@_xmlns:sf': faultNamespace,
              '@_xsi:type': `sf:${fault.detail.element}`,
              'sf:exceptionCode': fault.detail.exceptionCode,
              'sf:exceptionMessage': fault.detail.exceptionMessage,
            },
          },
        };
  return envelope({
    'soapenv:Fault': {
      ...(fault.faultCode.startsWith('sf:') ? { '@_xmlns:sf': faultNamespace } : {}),
      faultcode: fault.faultCode,
      faultstring: fault.faultString,
      ...detail,
    },
  });
}
