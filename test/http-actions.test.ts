/** The invocable actions resource: bulk calls, the status rule, body shapes, describe. */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- response bodies are untyped JSON */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCart } from '../src/seed/create-cart.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';

let server: HttpTestServer;
let token: string;
const path = '/services/data/v60.0/actions/standard';

beforeAll(async () => {
  server = await startHttpTestServer();
  token = server.buyerTokens[0]!;
});
afterAll(() => server.dispose());

async function newCart(): Promise<string> {
  const [widget] = server.store.products;
  return (
    await createCart(server.engine.store.db, server.store.storeId, server.store.buyers[0]!, [
      { product: widget!, quantity: 1 },
    ])
  ).cartId;
}

const post = (action: string, body: unknown) => server.request('POST', `${path}/${action}`, { token, body });

describe('POST actions/standard/{name}', () => {
  it('runs a mix of good and bad inputs in order and answers 200 when any succeeded', async () => {
    const [first, second] = [await newCart(), await newCart()];
    const response = await post('checkoutSessionAction', {
      inputs: [{ cartId: first }, { cartId: 'not-an-id' }, { cartId: second, initialState: 'Begin' }, { bogus: 1 }],
    });
    expect(response.status).toBe(200);
    expect(response.body.map((result: { isSuccess: boolean }) => result.isSuccess)).toEqual([true, false, true, false]);
    expect(response.body[1]).toEqual({
      actionName: 'checkoutSessionAction',
      isSuccess: false,
      outputValues: null,
      errors: [{ statusCode: 'UNKNOWN_EXCEPTION', message: expect.any(String), fields: expect.any(Array) }],
    });
    expect(response.body[3].errors[0].statusCode).toBe('REQUIRED_FIELD_MISSING');
    const session = await server.engine.store.db
      .selectFrom('cart_checkout_session')
      .select('state')
      .where('id', '=', response.body[2].outputValues.requestId)
      .executeTakeFirstOrThrow();
    expect(session.state).toBe('Begin');
  });

  it("answers the first failure's documented status when every input failed", async () => {
    const active = await newCart();
    const response = await post('checkCartInventoryAction', { inputs: [{ cartId: active }, { cartId: 'nope' }] });
    expect(response.status).toBe(403);
    expect(response.body.map((result: { errors: { statusCode: string }[] }) => result.errors[0]!.statusCode)).toEqual([
      'INVALID_OPERATION',
      'UNKNOWN_EXCEPTION',
    ]);
    const single = await post('checkoutSessionAction', { inputs: [{ cartId: '0a6000000000000' }] });
    expect(single.status).toBe(500);
  });

  it('accepts aliases, case-insensitively', async () => {
    const response = await post('CREATECHECKOUTSESSIONACTION', { inputs: [{ cartId: await newCart() }] });
    expect(response.status).toBe(200);
    expect(response.body[0].actionName).toBe('checkoutSessionAction');
  });

  it('refuses bodies of the wrong shape and runs nothing', async () => {
    const cartId = await newCart();
    const cases: [unknown, string][] = [
      [{}, 'INVALID_INPUT'],
      [{ inputs: [] }, 'INVALID_INPUT'],
      [{ inputs: { cartId } }, 'INVALID_INPUT'],
      [{ inputs: [{ cartId }, 'x'] }, 'INVALID_INPUT'],
      [[{ cartId }], 'INVALID_INPUT'],
      [{ inputs: Array.from({ length: 201 }, () => ({ cartId })) }, 'INVALID_INPUT'],
    ];
    for (const [body, errorCode] of cases) {
      const response = await post('checkoutSessionAction', body);
      expect(response.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(response.body[0]).toMatchObject({ errorCode });
    }
    const malformed = await server.request('POST', `${path}/checkoutSessionAction`, {
      token,
      rawBody: `{"inputs":[{"cartId":"${cartId}"}]`,
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body[0].errorCode).toBe('JSON_PARSER_ERROR');
    const empty = await server.request('POST', `${path}/checkoutSessionAction`, {
      token,
      rawBody: '',
      headers: { 'content-type': 'application/json' },
    });
    expect(empty.body[0].errorCode).toBe('JSON_PARSER_ERROR');
    const cart = await server.engine.store.db
      .selectFrom('web_cart')
      .select('status')
      .where('id', '=', cartId)
      .executeTakeFirstOrThrow();
    expect(cart.status).toBe('Active');
  });

  it('accepts 200 inputs in one call', async () => {
    const cartId = await newCart();
    const response = await post('checkoutSessionAction', { inputs: Array.from({ length: 200 }, () => ({ cartId })) });
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(200);
    expect(
      new Set(response.body.map((result: { outputValues: { requestId: string } }) => result.outputValues.requestId))
        .size,
    ).toBe(1);
  });

  it('answers NOT_FOUND for an unknown action', async () => {
    const response = await post('noSuchAction', { inputs: [{}] });
    expect(response.status).toBe(404);
    expect(response.body[0].errorCode).toBe('NOT_FOUND');
    expect((await server.request('GET', `${path}/noSuchAction`, { token })).status).toBe(404);
  });
});

describe('GET actions/standard', () => {
  it('describes an action with its parameters from the input schema', async () => {
    const response = await server.request('GET', `${path}/activateOrderAction`, { token });
    expect(response.status).toBe(200);
    const cartId = response.body.inputs.find((input: { name: string }) => input.name === 'cartId');
    expect(cartId).toMatchObject({ type: 'ID', required: true, maxOccurs: 1, sobjectType: 'WebCart' });
    const runAsync = response.body.inputs.find((input: { name: string }) => input.name === 'runAsync');
    expect(runAsync).toMatchObject({ type: 'BOOLEAN', required: false });
    for (const parameter of [...response.body.inputs, ...response.body.outputs]) {
      expect(Object.keys(parameter).sort()).toEqual(
        [
          'byteLength',
          'description',
          'label',
          'maxOccurs',
          'name',
          'picklistValues',
          'required',
          'sobjectType',
          'type',
        ].sort(),
      );
    }
  });
});
