import fc from 'fast-check';
import { startEchoApp } from '@patchbay/vault/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { ContractClient, type Answer, type Credentials } from '../testing/contract/client.ts';
import { operationsOf, prepareDocument, type Operation } from '../testing/contract/document.ts';
import { describeRequest, RequestFactory, type ContractRequest, type Pools } from '../testing/contract/requests.ts';
import { loopbackOnly } from '../testing/contract/offline.ts';
import { answerProblems, describeAnswer } from '../testing/contract/responses.ts';
import { seedResources } from '../testing/contract/seed.ts';
import { SchemaValidator } from '../testing/contract/validator.ts';
import { startTestServer } from '../testing/test-server.ts';

/*
 * The contract of issue 8, proven by properties over the live OpenAPI document: every operation is
 * walked with documented-valid inputs (accepted: never refused as a shape error) and documented-invalid
 * ones (a 400, or a 404 for an id in the path), every answer has a documented status and matches the
 * schema documented for it, errors are the envelope, and nothing answers 5xx. Nothing below names an
 * operation but the list of server rules that go beyond the document.
 *
 * PATCHBAY_CONTRACT_SEED=<n> replays a run (every failure prints its seed); PATCHBAY_CONTRACT_RUNS=<n>
 * walks each operation with more cases than CI's bound.
 */

const SEED = process.env.PATCHBAY_CONTRACT_SEED ? Number(process.env.PATCHBAY_CONTRACT_SEED) : Math.floor(Math.random() * 2 ** 31);
const RUNS = process.env.PATCHBAY_CONTRACT_RUNS ? Number(process.env.PATCHBAY_CONTRACT_RUNS) : 25;
/** Shrinking replays requests against a server whose state moved on: a few steps give a smaller case, more only cost time. */
const MAX_SHRINKS = 30;

/**
 * Operations whose server rules go beyond what the document can say: a documented-valid input may
 * still be refused with 400 here. Every other operation fails the test when it answers 400 to one.
 */
const RULES_BEYOND_DOCUMENT: Record<string, string> = {
  oauthCallback: 'the state must be one the server issued when authorising (single-use); any other gets the documented 400 page',
  createConnection: "the connector checks its fields beyond their schema: URLs that parse, the fields the chosen auth option requires",
  updateConnection: "the fields are those of the connection's connector, which checks them; the document cannot tie them to an id",
  getMemberSchemas: "the action or trigger must be the connection's connector's, and config must hold exactly its dynamicSchema.dependsOn inputs",
  runAction: "the input is checked against the action's own input schema (GET /api/v1/connectors/{key}: actions[].inputSchema)",
  createRecipe: 'steps must name declared slots and existing connectors, actions and triggers, with unique ids and {{ expressions }} that parse',
  importRecipe: 'steps must name declared slots and existing connectors, actions and triggers, with unique ids and {{ expressions }} that parse',
  updateRecipe: 'steps must name declared slots and existing connectors, actions and triggers, with unique ids and {{ expressions }} that parse',
  bindRecipeConnections: "the slots must be the recipe's own, and each connection's connector the slot's",
  getPicklist: "the list's own parameters are those its connector declares (picklists[].params), checked against the list's own schema",
};

/**
 * Optional parameters whose valid values only the server makes: valid requests leave them out
 * (documented-invalid ones still break them).
 */
const SERVER_ISSUED: Record<string, string> = {
  'query cursor': 'an opaque page cursor: only the "next" value of a previous page is one, any other text is refused with 400',
};
const LEAVE_OUT = new Set(Object.keys(SERVER_ISSUED));

// The tests are made from the live document, so the server runs before they are declared.
const restoreFetch = loopbackOnly();
const server = await startTestServer();
const app = await startEchoApp();
const document = prepareDocument((await server.api('/api/openapi.json', { headers: { authorization: '' } })).body);
const operations = operationsOf(document);
const validator = new SchemaValidator(document);
const factory = new RequestFactory(document, validator);
const client = new ContractClient(server.url, server.token);
const walked = new Set<string>();
/** Status counts per operation, printed with PATCHBAY_CONTRACT_VERBOSE=1 to see what the generated inputs reach. */
const tally = new Map<string, Map<number, number>>();
const withoutInvalid: string[] = [];

afterAll(async () => {
  console.log(
    `contract: ${walked.size}/${operations.length} operations walked, ${client.summary()} sent, ` +
      `${withoutInvalid.length} without a documented-invalid input${withoutInvalid.length ? ` (${withoutInvalid.join(', ')})` : ''}, seed ${SEED}`,
  );
  if (process.env.PATCHBAY_CONTRACT_VERBOSE) {
    for (const [label, counts] of tally) console.log(`  ${label}: ${[...counts].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ')}`);
  }
  await server?.stop();
  await app?.close();
  restoreFetch();
});

function failure(operation: Operation, request: ContractRequest, answer: Answer, problems: string[], credentials: Credentials = 'admin'): Error {
  const token = credentials === 'admin' ? '' : ` (${credentials === 'none' ? 'no token' : 'a wrong token'})`;
  return new Error(
    `${operation.label}: ${problems.join('; ')}\n` +
      `  request${token}: ${describeRequest(request)}\n` +
      `  answer: ${describeAnswer(answer)}\n` +
      `  replay: PATCHBAY_CONTRACT_SEED=${SEED}`,
  );
}

async function property<T>(arbitrary: fc.Arbitrary<T>, check: (value: T) => Promise<void>, numRuns = RUNS): Promise<void> {
  await fc.assert(fc.asyncProperty(fc.limitShrink(arbitrary, MAX_SHRINKS), check), { numRuns, seed: SEED });
}

let seeded: Pools | undefined;
let changed = true;

/** Real resources to name: made again once a request may have changed, stopped or deleted them. */
async function pools(): Promise<Pools> {
  if (!seeded || changed) {
    seeded = await seedResources(server, app.url);
    changed = false;
  }
  return seeded;
}

/** Sends a generated request after checking that it is what the document says it is. */
async function send(operation: Operation, request: ContractRequest, credentials: Credentials = 'admin'): Promise<Answer> {
  if (!request.mutation) {
    const bug = factory.generatorProblem(operation, request);
    if (bug) throw new Error(`${operation.label}: generator bug, the request is not valid by the document: ${bug}\n  ${describeRequest(request)}`);
  }
  walked.add(operation.label);
  if (request.method !== 'GET') changed = true;
  const answer = await client.send(request, credentials);
  const counts = tally.get(operation.label) ?? new Map<number, number>();
  counts.set(answer.status, (counts.get(answer.status) ?? 0) + 1);
  tally.set(operation.label, counts);
  return answer;
}

function invalidRequests(operation: Operation, pools: Pools): fc.Arbitrary<ContractRequest> {
  return factory
    .valid(operation, pools, LEAVE_OUT)
    .map((request) => factory.invalid(operation, request))
    .filter((list) => list.length > 0)
    .chain((list) => fc.constantFrom(...list));
}

/** Whether any documented-invalid request exists next to the valid ones (an operation without inputs has none). */
function hasInvalidInputs(operation: Operation): boolean {
  try {
    return fc.sample(factory.valid(operation, {}, LEAVE_OUT), { numRuns: 20, seed: SEED }).some((request) => factory.invalid(operation, request).length > 0);
  } catch {
    return true; // The generator cannot read this operation: its test says why.
  }
}

describe('the live OpenAPI document', () => {
  it('lists operations to walk, each with documented responses', () => {
    expect(operations.length).toBeGreaterThan(0);
    for (const operation of operations) expect(Object.keys(operation.responses), operation.label).not.toHaveLength(0);
  });

  it('still has every operation the lists of exceptions name', () => {
    const ids = new Set(operations.map((operation) => operation.operationId));
    for (const id of Object.keys(RULES_BEYOND_DOCUMENT)) expect(ids.has(id), `RULES_BEYOND_DOCUMENT names ${id}`).toBe(true);
  });
});

describe.each(operations.map((operation) => [operation.label, operation] as const))('%s', (_label, operation) => {
  it('accepts documented-valid inputs and answers them as documented, never with a 5xx', async () => {
    await property(factory.valid(operation, await pools(), LEAVE_OUT), async (request) => {
      const answer = await send(operation, request);
      const problems = answerProblems(operation, answer, validator);
      if (answer.status === 400 && !(operation.operationId in RULES_BEYOND_DOCUMENT)) problems.push('a documented-valid request was refused with 400');
      if (problems.length > 0) throw failure(operation, request, answer, problems);
    });
  });

  if (!hasInvalidInputs(operation)) {
    withoutInvalid.push(operation.operationId);
    return;
  }
  it('refuses documented-invalid inputs with a 4xx envelope: 400, or 404 for an id in the path', async () => {
    const ids = await pools();
    const known = new Set(Object.values(ids).flat());
    await property(invalidRequests(operation, ids), async (request) => {
      const answer = await send(operation, request);
      const problems = answerProblems(operation, answer, validator);
      // An id that names nothing may be looked up before the body is judged: not found is as true an answer then.
      const unknownId = Object.values(request.params).some((value) => !known.has(value));
      const expected = request.mutation?.part === 'path' || unknownId ? [400, 404] : [400];
      if (!expected.includes(answer.status)) problems.push(`a documented-invalid request got ${answer.status}, not ${expected.join(' or ')}`);
      if (problems.length > 0) throw failure(operation, request, answer, problems);
    });
  });
});

describe('the bearer token', () => {
  const guarded = operations.filter((operation) => operation.needsToken);

  it('is required by the document for every /api/v1 operation', () => {
    expect(guarded.length).toBeGreaterThan(0);
    for (const operation of operations.filter((o) => o.path.startsWith('/api/v1/'))) expect(operation.needsToken, operation.label).toBe(true);
  });

  it('missing or wrong: every operation that needs it answers 401 with the envelope', async () => {
    const ids = await pools();
    // Each run sends one request to every guarded operation, so none is left to chance.
    const runs = fc.tuple(...guarded.map((operation) => fc.tuple(fc.constant(operation), factory.valid(operation, ids, LEAVE_OUT), fc.constantFrom<Credentials>('none', 'wrong'))));
    await property(
      runs,
      async (cases) => {
        for (const [operation, request, credentials] of cases) {
          const answer = await send(operation, request, credentials);
          const problems = answerProblems(operation, answer, validator);
          if (answer.status !== 401) problems.push(`answered ${answer.status}, not 401`);
          if (problems.length > 0) throw failure(operation, request, answer, problems, credentials);
        }
      },
      4,
    );
  });
});
