import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { getCanaryOwner, hashCanaryToken, refreshCanaryRegistry } from '@/lib/canaries/canary-registry';
import { getOwnerUrlFor } from '@/lib/placement/connection-target';
import { destroyLocation } from '@/lib/placement/destroy-location';
import { getPlacement, type Placement } from '@/lib/placement/get-placement';
import type { Tier } from '@/lib/placement/layers';
import { provisionPlacement } from '@/lib/placement/provision-placement';
import { usePlacementTestServices } from '@/lib/placement/testing/use-placement-test-services';
import { connectAsOwner, createTestTenant } from '@/lib/testing/fixtures';
import { activatePromptVersion } from './activate-prompt-version';
import { getTenantPromptPrefix } from './assemble-system-prompt';
import { isCanaryToken } from '@/lib/canaries/canary-token';
import { createPromptConfig } from './create-prompt-config';
import { findPromptConfigs } from './find-prompt-configs';
import { findPromptVersions } from './find-prompt-versions';
import { getActivePromptConfig, promptLayerConfigSource } from './get-active-prompt-config';
import type { PromptActor } from './prompt-context';
import { PromptSecretError } from './prompt-errors';
import { rollbackPromptConfig } from './rollback-prompt-config';
import { savePromptDraft } from './save-prompt-draft';

const actor: PromptActor = { userId: randomUUID(), label: 'admin@test.example', requestId: 'test-request' };
const params = { model: 'sim-small', temperature: 0.3, maxTokens: 256 };
const marker = () => `Answer claims questions politely. Marker ${randomUUID()}.`;

/** The stored row, read as the owner role straight from the placement's tables (no lib/placement client). */
async function readRawVersion(placement: Placement, versionId: string) {
  const owner = placement.databaseName ? new pg.Client({ connectionString: getOwnerUrlFor(placement.databaseName, null) }) : await connectAsOwner();
  if (placement.databaseName) await owner.connect();
  try {
    await owner.query('BEGIN');
    // FORCE ROW LEVEL SECURITY binds the owner too: enter the tenant's context to see its row at all.
    await owner.query("SELECT set_config('app.tenant_id', $1, true)", [placement.tenantId]);
    const { rows } = await owner.query(`SELECT body, canary, state FROM ${pg.escapeIdentifier(placement.schemaName)}.prompt_versions WHERE id = $1`, [
      versionId,
    ]);
    await owner.query('COMMIT');
    return rows[0] as { body: string; canary: string; state: string } | undefined;
  } finally {
    await owner.end();
  }
}

usePlacementTestServices();

describe('versioning and rollback', () => {
  test('draft → active → new draft → active → rollback restores the earlier text; one version live at a time', async () => {
    const tenant = await createTestTenant('prompts-versions');
    const first = marker();
    const { configId, versionId: v1 } = await createPromptConfig(tenant.id, { name: 'claims assistant', body: first, ...params }, actor);
    assert.equal(await getActivePromptConfig(tenant.id), null, 'a draft is never live');

    await activatePromptVersion(tenant.id, { configId, versionId: v1 }, actor);
    assert.equal((await getActivePromptConfig(tenant.id))?.body, first);

    const second = `${first}\nNever discuss pricing.`;
    const saved = await savePromptDraft(tenant.id, { configId, body: second, ...params, temperature: 0.9 }, actor);
    assert.equal(saved.version, 2);
    const resaved = await savePromptDraft(tenant.id, { configId, body: `${second}\nBe brief.`, ...params }, actor);
    assert.deepEqual(resaved, saved, 'saving again updates the open draft in place');
    assert.equal((await getActivePromptConfig(tenant.id))?.body, first, 'saving a draft does not change what is live');

    await activatePromptVersion(tenant.id, { configId, versionId: saved.versionId }, actor);
    const live = await getActivePromptConfig(tenant.id);
    assert.equal(live?.version, 2);
    assert.equal(live?.body, `${second}\nBe brief.`);

    const view = await findPromptVersions(tenant.id, configId);
    assert.deepEqual(
      view.versions.map((version) => [version.version, version.state]),
      [
        [2, 'active'],
        [1, 'archived'],
      ],
    );

    await rollbackPromptConfig(tenant.id, configId, actor);
    assert.equal((await getActivePromptConfig(tenant.id))?.body, first, 'rollback brings back what was live before');
    const after = await findPromptVersions(tenant.id, configId);
    assert.deepEqual(
      after.versions.map((version) => [version.version, version.state]),
      [
        [2, 'archived'],
        [1, 'active'],
      ],
    );

    // Editing after activation opens a new draft; active and archived versions never change.
    const third = await savePromptDraft(tenant.id, { configId, body: 'Version three.', ...params }, actor);
    assert.equal(third.version, 3);
    assert.equal((await findPromptVersions(tenant.id, configId)).versions.find((version) => version.version === 1)?.body, first);
  });

  test('rollback with nothing live before is refused; activating a live version is refused', async () => {
    const tenant = await createTestTenant('prompts-rollback');
    const { configId, versionId } = await createPromptConfig(tenant.id, { name: 'only', body: marker(), ...params }, actor);
    await assert.rejects(rollbackPromptConfig(tenant.id, configId, actor), /no earlier live version/);
    await activatePromptVersion(tenant.id, { configId, versionId }, actor);
    await assert.rejects(activatePromptVersion(tenant.id, { configId, versionId }, actor), /already live/);
  });

  test('a credential blocks saving; nothing is stored; a model outside the allowed list is refused', async () => {
    const tenant = await createTestTenant('prompts-lint');
    const body = 'You are helpful.\nUse the key AKIAZ7Q4RB2XN6MPLW3K to call the billing API.';
    await assert.rejects(createPromptConfig(tenant.id, { name: 'leaky', body, ...params }, actor), (error: unknown) => {
      assert.ok(error instanceof PromptSecretError);
      assert.equal(error.findings[0].line, 2);
      return true;
    });
    const { configId } = await createPromptConfig(tenant.id, { name: 'clean', body: 'You are helpful.', ...params }, actor);
    await assert.rejects(savePromptDraft(tenant.id, { configId, body, ...params }, actor), PromptSecretError);
    assert.equal((await findPromptVersions(tenant.id, configId)).versions[0].body, 'You are helpful.', 'the clean text is still there');
    await assert.rejects(savePromptDraft(tenant.id, { configId, body: 'ok', ...params, model: 'gpt-unlisted' }, actor), /not available to this tenant/);
  });
});

const tiers: Tier[] = ['namespace', 'schema_kms', 'dedicated'];
for (const tier of tiers) {
  describe(`at rest (${tier})`, () => {
    let placement: Placement;
    let tenantId: string;
    before(async () => {
      tenantId = (await createTestTenant(`prompts-rest-${tier}`)).id;
      placement = tier === 'namespace' ? await getPlacement(tenantId, 'prompt') : await provisionPlacement(tenantId, 'prompt', tier);
    });
    after(async () => {
      if (tier !== 'namespace') await destroyLocation(placement);
    });

    test('the raw row holds neither the prompt nor the canary in plaintext; the app reads them back', async () => {
      const body = marker();
      const { configId, versionId } = await createPromptConfig(tenantId, { name: `at rest ${tier}`, body, ...params }, actor);
      await activatePromptVersion(tenantId, { configId, versionId }, actor);
      const raw = await readRawVersion(placement, versionId);
      assert.ok(raw, 'positive control: the owner sees the row');
      assert.equal(raw.state, 'active');
      assert.ok(!raw.body.includes('Marker'), 'no plaintext body');
      const live = await getActivePromptConfig(tenantId);
      assert.equal(live?.body, body);
      assert.ok(live && !raw.canary.includes(live.canary.slice(4)), 'no plaintext canary');
      assert.match(raw.body, tier === 'namespace' ? /^bhns\.platform\.bh1\./ : /^bh1\./);
    });

    test('audit events hold the text hash, never the text', async () => {
      const body = marker();
      const { configId } = await createPromptConfig(tenantId, { name: `audited ${tier}`, body, ...params }, actor);
      const owner = await connectAsOwner();
      try {
        const { rows } = await owner.query("SELECT payload_json FROM audit_events WHERE tenant_id = $1 AND action = 'prompt.update' AND target = $2", [
          tenantId,
          `prompt_config:${configId}`,
        ]);
        assert.equal(rows.length, 1, 'positive control: the change was recorded');
        const payload = String(rows[0].payload_json);
        assert.ok(!payload.includes('Marker'));
        assert.match(payload, /"bodySha256":"[0-9a-f]{64}"/);
      } finally {
        await owner.end();
      }
    });
  });
}

describe('canaries and the tenant prefix', () => {
  test('each version has its own registered canary, owned by its tenant; prefixes differ per tenant', async () => {
    const [a, b] = [await createTestTenant('prompts-canary-a'), await createTestTenant('prompts-canary-b')];
    const seen = new Set<string>();
    for (const tenant of [a, b]) {
      const { configId, versionId } = await createPromptConfig(tenant.id, { name: 'assistant', body: marker(), ...params }, actor);
      await activatePromptVersion(tenant.id, { configId, versionId }, actor);
      const v2 = await savePromptDraft(tenant.id, { configId, body: marker(), ...params }, actor);
      await activatePromptVersion(tenant.id, { configId, versionId: v2.versionId }, actor);
      await rollbackPromptConfig(tenant.id, configId, actor);
      const v1Canary = (await getActivePromptConfig(tenant.id))!.canary;
      await rollbackPromptConfig(tenant.id, configId, actor);
      const v2Canary = (await getActivePromptConfig(tenant.id))!.canary;
      assert.notEqual(v1Canary, v2Canary);
      for (const canary of [v1Canary, v2Canary]) {
        assert.ok(isCanaryToken(canary));
        assert.ok(!seen.has(canary), 'unique across versions and tenants');
        seen.add(canary);
      }
    }
    const owner = await connectAsOwner();
    try {
      for (const token of seen) {
        const { rows } = await owner.query('SELECT tenant_id::text AS tenant_id FROM bulkhead_canary_registry() WHERE token_hash = $1', [
          hashCanaryToken(token),
        ]);
        assert.equal(rows.length, 1, 'registered in the control plane');
      }
    } finally {
      await owner.end();
    }
    await refreshCanaryRegistry(Number.MAX_SAFE_INTEGER);
    const configA = await promptLayerConfigSource.getActiveConfig({ id: a.id, name: a.name }, 'unused');
    const configB = await promptLayerConfigSource.getActiveConfig({ id: b.id, name: b.name }, 'unused');
    assert.equal(getCanaryOwner(configA.canaries[0]), a.id);
    assert.equal(getCanaryOwner(configB.canaries[0]), b.id);
    assert.ok(configA.systemPrompt.startsWith(getTenantPromptPrefix(a.id)));
    assert.ok(configB.systemPrompt.startsWith(getTenantPromptPrefix(b.id)));
    assert.notEqual(configA.systemPrompt.slice(0, 20), configB.systemPrompt.slice(0, 20), 'no shared prefix');
    assert.ok(configA.systemPrompt.split('\n')[0].includes(configA.canaries[0]), 'the canary is on the first line');
    assert.deepEqual(configA.sampling, { temperature: params.temperature, maxTokens: params.maxTokens }, "the version's sampling settings reach the gateway");
  });
});

describe("tenant A cannot reach B's configurations", () => {
  test('list, read, edit, activate and roll back B by id from A: not found, nothing changes; B itself can (positive control)', async () => {
    const [a, b] = [await createTestTenant('prompts-iso-a'), await createTestTenant('prompts-iso-b')];
    await createPromptConfig(a.id, { name: 'mine', body: marker(), ...params }, actor);
    const bodyOfB = marker();
    const ofB = await createPromptConfig(b.id, { name: 'theirs', body: bodyOfB, ...params }, actor);

    assert.deepEqual(
      (await findPromptConfigs(a.id)).map((config) => config.name),
      ['mine'],
    );
    assert.deepEqual(
      (await findPromptConfigs(b.id)).map((config) => config.name),
      ['theirs'],
      'positive control',
    );

    await assert.rejects(findPromptVersions(a.id, ofB.configId), /Not found/);
    await assert.rejects(savePromptDraft(a.id, { configId: ofB.configId, body: 'hijacked', ...params }, actor), /Not found/);
    await assert.rejects(activatePromptVersion(a.id, ofB, actor), /Not found/);
    await assert.rejects(rollbackPromptConfig(a.id, ofB.configId, actor), /no earlier live version/);

    const stillB = await findPromptVersions(b.id, ofB.configId);
    assert.deepEqual(
      stillB.versions.map((version) => [version.body, version.state]),
      [[bodyOfB, 'draft']],
    );
    await activatePromptVersion(b.id, ofB, actor);
    assert.equal((await getActivePromptConfig(b.id))?.body, bodyOfB, 'positive control: B activates its own');
    assert.equal(await getActivePromptConfig(a.id), null);
  });
});
