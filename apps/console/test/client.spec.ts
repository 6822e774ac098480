import { ApiClient, ApiError } from '../src/api/client';

describe('the console’s API client', () => {
  const sent: { url: string; headers: Record<string, string> }[] = [];
  const realFetch = globalThis.fetch;
  const page = globalThis as { document?: unknown };

  beforeEach(() => {
    sent.length = 0;
    globalThis.fetch = (async (url: string, init: { headers: Record<string, string> }) => {
      sent.push({ url, headers: init.headers });
      const body = { type: 'urn:problem:PROJECT.NOT_FOUND', title: 'Không tìm thấy', status: 404, code: 'PROJECT.NOT_FOUND', detail: 'Không tìm thấy đề án.' };
      return new Response(JSON.stringify(body), { status: 404, headers: { 'content-type': 'application/problem+json', 'content-language': 'vi' } });
    }) as typeof fetch;
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
    delete page.document;
  });

  const client = () => new ApiClient({ token: () => 't', onUnauthorized: () => undefined });

  it('asks for answers in the page’s language: Vietnamese unless the page is English', async () => {
    await expect(client().get('/projects/x')).rejects.toBeInstanceOf(ApiError);
    page.document = { documentElement: { lang: 'en' } };
    await expect(client().get('/projects/x')).rejects.toBeInstanceOf(ApiError);
    page.document = { documentElement: { lang: 'vi' } };
    await expect(client().send('POST', '/projects/x/submit', {})).rejects.toBeInstanceOf(ApiError);
    expect(sent.map((request) => request.headers['Accept-Language'])).toEqual(['vi', 'en', 'vi']);
  });

  it('keeps the server’s detail and code in the problem it throws', async () => {
    const error = await client()
      .get('/projects/x')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).problem).toMatchObject({ status: 404, code: 'PROJECT.NOT_FOUND', detail: 'Không tìm thấy đề án.' });
  });
});
