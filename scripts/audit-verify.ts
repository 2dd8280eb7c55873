/**
 * `npm run audit:verify -- <export.jsonl> [--public-key <base64 SPKI | path>] [--require-pinned-key] [--trusted-checkpoint <path>]`
 *
 * Verifies an audit export offline (no database, no network). Exit 0: prints what was verified.
 * Exit 1: names the first bad record (line, seq, what is wrong). Exit 2: bad arguments or unreadable file.
 * --public-key pins the platform's checkpoint key; without it the export vouches for its own key and
 * only its fingerprint is printed for comparison, with a warning on stderr; --require-pinned-key makes
 * that exit 2 instead (for scripts, where nobody reads the warning). --trusted-checkpoint takes a checkpoint kept from an
 * earlier verification (JSON, as printed by --save-checkpoint) and fails an older copy of the log.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseCheckpoint, type Checkpoint } from '@/lib/audit/checkpoint';
import { verifyExportFile, type ExportVerification } from '@/lib/audit/verify-export-file';

const usage = 'usage: audit-verify <export.jsonl> [--public-key <base64|path>] [--require-pinned-key] [--trusted-checkpoint <path>] [--save-checkpoint <path>]';

interface CliArguments {
  file: string;
  publicKey?: string;
  requiresPinnedKey: boolean;
  trustedCheckpoint?: Checkpoint;
  saveCheckpoint?: string;
}

async function main(): Promise<number> {
  let args: CliArguments;
  try {
    args = parseArguments(process.argv.slice(2));
  } catch (error) {
    console.error(`${escapeControlCharacters((error as Error).message)}\n${usage}`);
    return 2;
  }
  if (args.requiresPinnedKey && !args.publicKey) {
    console.error(`--require-pinned-key: pass the platform's checkpoint key with --public-key\n${usage}`);
    return 2;
  }
  const showsProgress = process.stderr.isTTY;
  let verification: ExportVerification;
  try {
    verification = await verifyExportFile(args.file, {
      pinnedPublicKey: args.publicKey,
      trustedCheckpoint: args.trustedCheckpoint,
      onProgress: showsProgress ? ({ eventCount }) => process.stderr.write(`\r${eventCount} events verified…`) : undefined,
    });
  } catch (error) {
    console.error(`cannot verify ${escapeControlCharacters(args.file)}: ${escapeControlCharacters((error as Error).message)}`);
    return 2;
  } finally {
    if (showsProgress) process.stderr.write('\r\x1b[K');
  }
  return report(verification, args);
}

function report(verification: ExportVerification, args: CliArguments): number {
  const { header, result, failure, publicKeyFingerprint } = verification;
  if (failure) {
    const where = [failure.line !== null && `line ${failure.line}`, failure.seq !== null && `seq ${failure.seq}`].filter(Boolean).join(', ');
    console.log(escapeControlCharacters(`FAILED: ${where || 'export'}: ${failure.kind}: ${failure.detail}`));
    return 1;
  }
  if (!header || !result) throw new Error('a verification without failure has a header and a result');
  console.log(
    `verified ${result.eventCount} events of tenant ${header.tenantId} through seq ${result.verifiedThroughSeq}, head ${result.headHash}, ${result.checkpointCount} checkpoints`,
  );
  if (result.signedThroughSeq === null || result.signedThroughSeq < result.verifiedThroughSeq) {
    const from = result.signedThroughSeq === null ? result.firstSeq : result.signedThroughSeq + 1;
    if (result.eventCount > 0) console.log(`note: seq ${from} to ${result.verifiedThroughSeq} are linked but no checkpoint in the export signs them yet`);
  }
  if (!verification.isPublicKeyPinned) {
    console.log(`note: public key not pinned; its fingerprint is ${publicKeyFingerprint}: compare it with the platform's, or pass --public-key`);
    // Anyone can write a whole new export, re-signed with a key of their own: only a pinned key proves who signed it.
    console.error(
      `WARNING: this export was verified against the key it carries itself, which proves only that the file is consistent, not that the platform wrote it. ` +
        `Compare fingerprint ${publicKeyFingerprint} with the platform's, or pass --public-key (and --require-pinned-key in scripts).`,
    );
  }
  if (args.saveCheckpoint && result.lastCheckpoint) {
    writeFileSync(args.saveCheckpoint, `${JSON.stringify(result.lastCheckpoint)}\n`);
    console.log(`saved the checkpoint for seq ${result.lastCheckpoint.seq}: pass it as --trusted-checkpoint next time`);
  }
  return 0;
}

function parseArguments(argv: string[]): CliArguments {
  const files: string[] = [];
  const options = new Map<string, string>();
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (!arg.startsWith('--')) files.push(arg);
    else if (arg === '--require-pinned-key') options.set(arg, 'yes');
    else if (['--public-key', '--trusted-checkpoint', '--save-checkpoint'].includes(arg) && index + 1 < argv.length) options.set(arg, argv[++index]);
    else throw new Error(`unknown or incomplete option ${arg}`);
  }
  if (files.length !== 1) throw new Error('give exactly one export file');
  const publicKey = options.get('--public-key');
  const trustedPath = options.get('--trusted-checkpoint');
  return {
    file: files[0],
    publicKey: publicKey && existsSync(publicKey) ? readFileSync(publicKey, 'utf8').trim() : publicKey,
    requiresPinnedKey: options.has('--require-pinned-key'),
    trustedCheckpoint: trustedPath ? readTrustedCheckpoint(trustedPath) : undefined,
    saveCheckpoint: options.get('--save-checkpoint'),
  };
}

function readTrustedCheckpoint(path: string): Checkpoint {
  const value = JSON.parse(readFileSync(path, 'utf8'));
  // Accept a checkpoint line copied from an export as well.
  if (value && typeof value === 'object' && value.type === 'checkpoint') delete value.type;
  return parseCheckpoint(value);
}

/** Whatever reaches the terminal: control characters (ANSI escapes, CR) become visible \u escapes. */
function escapeControlCharacters(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(escapeControlCharacters(String(error?.message ?? error)));
    process.exitCode = 2;
  },
);
