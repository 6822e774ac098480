import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { AuditChain, AuditKeyring, AuditPublicKey, AuditVerifier, DocumentVerifier, DocumentVerifyReport, verifyExport } from '@app/audit';
import type { EngineConfig } from '@app/config';
import { createDocumentContentStore, DocumentContentStore } from '@app/documents';
import { DatabaseEventStore, SqlDatabase } from '@app/event-store';

export const AUDIT_HELP = `  audit verify [--public-key <key|file>] [--documents]
                                  recompute every hash, stream chain, the global chain and the signed
                                  checkpoints; exit 0 when intact, 1 naming the first broken position;
                                  --documents also re-hashes every document content the log pins
  audit verify-export <file> --public-key <key|file>
                                  verify an export of GET /api/v1/audit/events offline; exit 0 or 1
  audit checkpoint                chain what is new and sign the chain head now
  audit public-key                print the public key that verifies checkpoints and exports (PEM)`;

export interface AuditCommandContext {
  readonly config: EngineConfig;
  readonly openDatabase: () => Promise<SqlDatabase>;
  /** The event store on an open database (bound by the CLI's composition). */
  readonly storeOf: (db: SqlDatabase) => DatabaseEventStore;
  readonly option: (name: string) => string | undefined;
  /** The document content store on an open database (default: the one `DOCUMENT_STORAGE` names). */
  readonly documentStoreOf?: (db: SqlDatabase) => DocumentContentStore;
}

/** A key given inline (PEM, base64) or as a file holding one. */
function readKey(value: string): AuditPublicKey {
  return AuditPublicKey.parse(existsSync(value) ? readFileSync(value, 'utf8') : value);
}

function keyring(config: EngineConfig): AuditKeyring {
  return new AuditKeyring({ pem: config.audit.signingKey, dataDir: config.dataDir, production: config.production });
}

/** One line for the documents, then one per broken document. */
function printDocuments(documents: DocumentVerifyReport): void {
  if (documents.broken.length === 0) {
    console.log(`ok: ${documents.checked} document contents verified`);
    return;
  }
  console.log(`BROKEN: ${documents.broken.length} of ${documents.checked} document contents`);
  for (const b of documents.broken) {
    console.log(`  ${b.reason.padEnd(8)} document ${b.documentId} of project ${b.projectId} (position ${b.position}, sha256 ${b.storedSha256 ?? b.sha256})${b.detail ? `: ${b.detail}` : ''}`);
  }
}

/**
 * `npm run cli -- audit …`: verification of the database or of an export file, checkpoints and
 * the public key. Returns the process exit code (0 intact, 1 broken, 2 usage).
 */
export async function runAuditCommand(args: readonly string[], context: AuditCommandContext): Promise<number> {
  const { config, option } = context;
  switch (args[0]) {
    case 'verify': {
      const key = option('public-key') ? readKey(option('public-key') as string) : keyring(config).publicKey();
      const db = await context.openDatabase();
      try {
        let shown = 0;
        const report = await new AuditVerifier(db, key).verify({
          onProgress: (checked, position) => {
            if (checked - shown >= 100_000) {
              shown = checked;
              process.stderr.write(`  … ${checked} events checked (position ${position})\n`);
            }
          },
        });
        const rate = report.durationMs > 0 ? Math.round((report.checkedEvents / report.durationMs) * 1000) : report.checkedEvents;
        console.log(
          report.ok
            ? `ok: ${report.checkedEvents} events to position ${report.headPosition}, ${report.checkpoints.verified} signed checkpoints verified (${rate} events/s)`
            : `BROKEN at position ${report.firstBrokenPosition}: ${report.reason}: ${report.detail ?? ''}`,
        );
        if (option('documents') !== 'true') {
          console.log(JSON.stringify(report));
          return report.ok ? 0 : 1;
        }
        const store = (context.documentStoreOf ?? ((open) => createDocumentContentStore(config, open)))(db);
        const documents = await new DocumentVerifier(db, store).verify();
        printDocuments(documents);
        const ok = report.ok && documents.broken.length === 0;
        console.log(JSON.stringify({ ...report, ok, documents }));
        return ok ? 0 : 1;
      } finally {
        await db.close();
      }
    }
    case 'verify-export': {
      const file = args[1];
      const keyValue = option('public-key');
      if (!file || !keyValue) {
        process.stderr.write('usage: audit verify-export <file> --public-key <key|file>\n');
        return 2;
      }
      if (!existsSync(file)) {
        process.stderr.write(`no such file: ${file}\n`);
        return 2;
      }
      const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
      const result = await verifyExport(lines, readKey(keyValue));
      console.log(`${file}: ${result.message}`);
      return result.ok ? 0 : 1;
    }
    case 'checkpoint': {
      const keys = keyring(config);
      const db = await context.openDatabase();
      try {
        const chain = new AuditChain(context.storeOf(db), db, { signer: () => keys.signer(), checkpointEvery: config.audit.checkpointEvery });
        const head = await chain.catchUp();
        const checkpoint = await chain.checkpointNow();
        console.log(
          checkpoint
            ? `signed checkpoint ${checkpoint.id}: ${checkpoint.eventCount} events to position ${checkpoint.position}, chain ${checkpoint.chainHash}`
            : `the last checkpoint already covers the head (${head.ordinal} events to position ${head.position})`,
        );
        return 0;
      } finally {
        await db.close();
      }
    }
    case 'public-key': {
      const key = keyring(config).publicKey();
      process.stdout.write(`${key.pem.trim()}\n`);
      process.stderr.write(`key id ${key.keyId}\n`);
      return 0;
    }
    default:
      process.stderr.write(`Unknown audit command "${args[0] ?? ''}".\n${AUDIT_HELP}\n`);
      return 2;
  }
}
