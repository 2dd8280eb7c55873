import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { usePlacementTestServices } from '@/lib/placement/testing/use-placement-test-services';
import { activatePromptVersion } from '@/lib/prompts/activate-prompt-version';
import { createPromptConfig } from '@/lib/prompts/create-prompt-config';
import type { PromptChoice } from '@/lib/prompts/prompt-config-source';
import { savePromptDraft } from '@/lib/prompts/save-prompt-draft';
import { createTestTenant } from '@/lib/testing/fixtures';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { GatewayError } from './gateway-error';
import type { GatewayPrincipal } from './resolve-principal';
import { runPipeline } from './run-pipeline';
import { findUpstreamBodies, startGatewayHarness, type GatewayHarness } from './testing/gateway-harness';
import { findRequestAuditEvents } from './testing/read-audit';

const params = { model: 'sim-small', temperature: 0.3, maxTokens: 256 };

/** A tenant with one configuration: v1 live, v2 a draft, each body carrying its own marker. */
async function createTenantWithPrompts(label: string) {
  const tenant = await createTestTenant(label);
  const actor = { userId: randomUUID(), label: `admin@${label}.example`, requestId: randomUUID() };
  const liveBody = `Live instructions ${randomUUID()}.`;
  const draftBody = `Draft instructions ${randomUUID()}.`;
  const { configId, versionId: liveVersionId } = await createPromptConfig(tenant.id, { name: `${label} assistant`, body: liveBody, ...params }, actor);
  await activatePromptVersion(tenant.id, { configId, versionId: liveVersionId }, actor);
  const draft = await savePromptDraft(tenant.id, { configId, body: draftBody, ...params }, actor);
  return { ...tenant, configId, liveVersionId, liveBody, draftVersionId: draft.versionId, draftBody };
}

/** The playground's call as a signed-in user of `tenantId`, through the one pipeline. */
function chatAs(tenantId: string, promptChoice?: PromptChoice) {
  const principal: GatewayPrincipal = { tenantId, kind: 'user', actor: { type: 'user', id: randomUUID(), label: 'user@test.example' }, promptChoice };
  const body = { model: 'sim-small', messages: [{ role: 'user', content: 'What is the refund window?' }] };
  return runPipeline({ principal, body, requestId: randomUUID(), startedAt: performance.now() });
}

async function refusal(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => assert.fail('the choice was accepted'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof GatewayError, String(error));
  return error;
}

usePlacementTestServices();

// Hold tenant A's identity and name tenant B's configuration or version: the pipeline reads the
// choice under A only, so B's prompt never reaches the model and B's id reads like one never made.
describe('the playground prompt choice', () => {
  let harness: GatewayHarness;
  let a: Awaited<ReturnType<typeof createTenantWithPrompts>>;
  let b: Awaited<ReturnType<typeof createTenantWithPrompts>>;

  before(async () => {
    harness = await startGatewayHarness();
    a = await createTenantWithPrompts('choice-a');
    b = await createTenantWithPrompts('choice-b');
  });
  after(async () => {
    await harness.close();
    await closeTenantSqlPools();
  });

  test("A naming B's version or configuration is refused like an unknown id; nothing of B goes upstream", async () => {
    harness.model.clearReceivedRequests();
    const unknown = await refusal(chatAs(a.id, { versionId: randomUUID() }));
    for (const choice of [{ versionId: b.draftVersionId }, { versionId: b.liveVersionId }, { configId: b.configId }]) {
      const refused = await refusal(chatAs(a.id, choice));
      assert.equal(refused.status, 404);
      assert.equal(refused.code, 'prompt_not_found');
      assert.equal(refused.message, unknown.message, "B's id is answered exactly as an id that does not exist");
      assert.equal(refused.trace?.outcome, 'denied');
      const events = await findRequestAuditEvents(a.id, refused.trace!.requestId);
      assert.deepEqual(
        events.map((event) => event.outcome),
        ['denied'],
        "the refusal is audited in A's log",
      );
      assert.deepEqual(await findRequestAuditEvents(b.id, refused.trace!.requestId), [], "nothing lands in B's log");
    }
    assert.equal(findUpstreamBodies(harness.model).length, 0, 'no refused request reached the model');
  });

  test("positive control: A's own draft is used, and the audit event names the version", async () => {
    harness.model.clearReceivedRequests();
    const result = await chatAs(a.id, { versionId: a.draftVersionId });
    assert.equal(result.kind, 'completion');
    const [upstream] = findUpstreamBodies(harness.model);
    assert.ok(upstream.messages[0].content.includes(a.draftBody), "the model got A's chosen draft");
    assert.ok(!upstream.messages[0].content.includes(a.liveBody), 'and not the live version');
    assert.ok(!JSON.stringify(upstream).includes(b.draftBody) && !JSON.stringify(upstream).includes(b.liveBody));
    assert.deepEqual(result.trace.prompt, { version: 'choice-a assistant v2', configId: a.configId, versionId: a.draftVersionId, chosen: true });
    const [event] = await findRequestAuditEvents(a.id, result.trace.requestId);
    assert.equal(event.outcome, 'success');
    assert.equal(event.payload.trace.prompt.versionId, a.draftVersionId);
  });

  test("choosing A's configuration uses its live version; no choice uses the live default", async () => {
    harness.model.clearReceivedRequests();
    const byConfig = await chatAs(a.id, { configId: a.configId });
    const byDefault = await chatAs(a.id);
    const bodies = findUpstreamBodies(harness.model);
    assert.equal(bodies.length, 2);
    for (const upstream of bodies) assert.ok(upstream.messages[0].content.includes(a.liveBody));
    assert.equal(byConfig.trace.prompt?.versionId, a.liveVersionId);
    assert.equal(byConfig.trace.prompt?.chosen, true);
    assert.deepEqual(byDefault.trace.prompt, { version: 'choice-a assistant v1', configId: a.configId, versionId: a.liveVersionId, chosen: false });
    const [event] = await findRequestAuditEvents(a.id, byDefault.trace.requestId);
    assert.equal(event.payload.trace.prompt.versionId, a.liveVersionId, 'the audit event records the live version too');
  });
});
