import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openMaterial, sealMaterial } from './crypto';
import { notFound } from './errors';
import { readJsonFile, writeJsonFile } from './json-file';

export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';

export interface KeyRecord {
  keyId: string;
  description: string;
  createdAt: number;
  state: KeyState;
  deletionDate?: number;
  rotationEnabled: boolean;
  rotationPeriodDays: number;
  currentMaterialId: string;
  /** The key policy put on the key; undefined means AWS's default (administration through IAM). */
  policy?: string;
  /** Every material the key ever had, oldest first: old ciphertext keeps decrypting after rotation. */
  materials: { id: string; createdAt: number; sealed: string; onDemand: boolean }[];
}

export interface AliasRecord {
  targetKeyId: string;
  createdAt: number;
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Keys and aliases, one JSON file per key under `<dataDir>/keys/` plus `aliases.json`. Key
 * material exists on disk only sealed by the master key. A key whose deletion date has passed
 * is removed (file, aliases and cached material) the first time anything looks at it.
 */
export class KeyStore {
  private readonly keys = new Map<string, KeyRecord>();
  private readonly aliases: Record<string, AliasRecord>;
  private readonly openedMaterials = new Map<string, Buffer>();
  private readonly keysDir: string;
  private readonly aliasesFile: string;

  constructor(
    dataDir: string,
    private readonly masterKey: Buffer,
    private readonly now: () => number,
  ) {
    this.keysDir = path.join(dataDir, 'keys');
    this.aliasesFile = path.join(dataDir, 'aliases.json');
    fs.mkdirSync(this.keysDir, { recursive: true, mode: 0o700 });
    this.aliases = readJsonFile(this.aliasesFile, {});
    for (const file of fs.readdirSync(this.keysDir).filter((name) => name.endsWith('.json'))) {
      const key = JSON.parse(fs.readFileSync(path.join(this.keysDir, file), 'utf8')) as KeyRecord;
      this.keys.set(key.keyId, key);
      // Opening every material now turns a wrong master key into a startup error, not a decrypt error later.
      for (const material of key.materials) this.getMaterial(key, material.id);
    }
    // Keys whose deletion date passed while the server was stopped are deleted now.
    for (const keyId of [...this.keys.keys()]) this.getKey(keyId);
  }

  createKey(description: string, policy?: string): KeyRecord {
    const key: KeyRecord = {
      keyId: randomUUID(),
      description,
      createdAt: this.now(),
      state: 'Enabled',
      rotationEnabled: false,
      rotationPeriodDays: 365,
      currentMaterialId: '',
      materials: [],
      policy,
    };
    this.addMaterial(key, false);
    return key;
  }

  /** The key, or undefined if it never existed or its deletion date has passed. */
  getKey(keyId: string): KeyRecord | undefined {
    const key = this.keys.get(keyId);
    if (key?.state === 'PendingDeletion' && key.deletionDate! <= this.now()) {
      this.deleteKey(key);
      return undefined;
    }
    return key;
  }

  getAlias(aliasName: string): AliasRecord | undefined {
    const alias = this.aliases[aliasName];
    return alias && this.getKey(alias.targetKeyId) ? alias : undefined;
  }

  listAliases(): [string, AliasRecord][] {
    return Object.keys(this.aliases)
      .sort()
      .flatMap((name) => {
        const alias = this.getAlias(name);
        return alias ? [[name, alias] as [string, AliasRecord]] : [];
      });
  }

  putAlias(aliasName: string, targetKeyId: string) {
    this.aliases[aliasName] = { targetKeyId, createdAt: this.now() };
    writeJsonFile(this.aliasesFile, this.aliases);
  }

  /** The material new encryptions use, rotating first if automatic rotation is due. */
  getCurrentMaterial(key: KeyRecord): { id: string; material: Buffer } {
    const current = key.materials.find((material) => material.id === key.currentMaterialId)!;
    if (key.rotationEnabled && this.now() - current.createdAt >= key.rotationPeriodDays * dayMs) this.addMaterial(key, false);
    return { id: key.currentMaterialId, material: this.getMaterial(key, key.currentMaterialId) };
  }

  getMaterial(key: KeyRecord, materialId: string): Buffer {
    const cached = this.openedMaterials.get(materialId);
    if (cached) return cached;
    const stored = key.materials.find((material) => material.id === materialId);
    if (!stored) throw notFound(`Key material ${materialId}`);
    const material = openMaterial(this.masterKey, stored.sealed, `${key.keyId}/${materialId}`);
    this.openedMaterials.set(materialId, material);
    return material;
  }

  /** New material becomes current; the old stays for decryption. */
  addMaterial(key: KeyRecord, onDemand: boolean) {
    const id = randomUUID();
    const material = randomBytes(32);
    key.materials.push({ id, createdAt: this.now(), sealed: sealMaterial(this.masterKey, material, `${key.keyId}/${id}`), onDemand });
    key.currentMaterialId = id;
    this.openedMaterials.set(id, material);
    this.saveKey(key);
  }

  saveKey(key: KeyRecord) {
    this.keys.set(key.keyId, key);
    writeJsonFile(path.join(this.keysDir, `${key.keyId}.json`), key);
  }

  private deleteKey(key: KeyRecord) {
    for (const material of key.materials) {
      this.openedMaterials.get(material.id)?.fill(0);
      this.openedMaterials.delete(material.id);
    }
    this.keys.delete(key.keyId);
    fs.rmSync(path.join(this.keysDir, `${key.keyId}.json`), { force: true });
    for (const [name, alias] of Object.entries(this.aliases)) {
      if (alias.targetKeyId === key.keyId) delete this.aliases[name];
    }
    writeJsonFile(this.aliasesFile, this.aliases);
  }
}
