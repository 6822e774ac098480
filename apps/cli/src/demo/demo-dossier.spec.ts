import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_PROJECTS } from './demo-data';
import { demoDocument, kindName, requiredKinds } from './demo-dossier';
import { EngineClient } from './engine-client';

describe("the demo's dossier", () => {
  it('files what the demo policy requires per step and category', () => {
    expect(requiredKinds('MACHINERY', 'submit')).toEqual(['proposal_form', 'business_registration', 'quotation']);
    expect(requiredKinds('TRAINING', 'submit')).toEqual(['proposal_form']);
    expect(requiredKinds('BRAND', 'settlement')).toEqual(['acceptance_minutes', 'invoice', 'settlement_dossier']);
    expect(DEMO_PROJECTS.some((p) => p.paperDocuments?.length)).toBe(true);
  });

  it('makes each item a PDF named by its kind, titled in Vietnamese', () => {
    const project = DEMO_PROJECTS[0];
    if (!project) throw new Error('no demo project');
    const upload = demoDocument('acceptance_minutes', project, 'BB-NT-01/2026');
    expect(upload).toMatchObject({ kind: 'acceptance_minutes', title: 'Biên bản nghiệm thu', fileName: 'acceptance-minutes.pdf', mediaType: 'application/pdf' });
    expect(kindName('quotation')).toBe('Báo giá thiết bị');
    const text = upload.bytes.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toContain('(So: BB-NT-01/2026)');
  });

  describe('the upload request', () => {
    let server: Server;
    let received: { method?: string; url?: string; headers: IncomingMessage['headers']; body: Buffer } | undefined;

    beforeAll(async () => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) };
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: 'd1', kind: 'contract', form: 'file', position: 42 }));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('is multipart/form-data with kind and title before the file part, the bytes intact', async () => {
      const project = DEMO_PROJECTS[0];
      if (!project) throw new Error('no demo project');
      const client = new EngineClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'secret');
      const upload = demoDocument('contract', project, '01/2026/HĐ-KC');
      const item = await client.upload('file contract', 'tok', 'p1', upload);
      expect(item.id).toBe('d1');
      expect(client.position).toBe(42);
      expect(received).toMatchObject({ method: 'POST', url: '/api/v1/projects/p1/documents' });
      expect(received?.headers.authorization).toBe('Bearer tok');
      const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(received?.headers['content-type'] ?? '')?.[1];
      if (!boundary) throw new Error(`not multipart: ${received?.headers['content-type']}`);
      const body = received?.body.toString('latin1') ?? '';
      const parts = body.split(`--${boundary}`).slice(1, -1);
      expect(parts.map((part) => /name="([^"]+)"/.exec(part)?.[1])).toEqual(['kind', 'title', 'file']);
      expect(parts[0]).toContain('\r\n\r\ncontract\r\n');
      expect(Buffer.from(parts[1] ?? '', 'latin1').toString('utf8')).toContain('\r\n\r\nHợp đồng\r\n');
      expect(parts[2]).toContain('filename="contract.pdf"');
      expect(parts[2]).toContain('Content-Type: application/pdf');
      const file = Buffer.from((parts[2] ?? '').split('\r\n\r\n').slice(1).join('\r\n\r\n').replace(/\r\n$/, ''), 'latin1');
      expect(file.equals(upload.bytes)).toBe(true);
    });
  });
});
