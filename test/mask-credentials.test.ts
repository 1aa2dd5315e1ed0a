import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/create-logger.js';
import { maskCredentials } from '../src/domain/mask-credentials.js';

describe('maskCredentials', () => {
  it('hides the password of a URL and keeps the user, host and database', () => {
    expect(maskCredentials('postgres://postgres:s3cretpw@db.internal:5432/checkout')).toBe(
      'postgres://postgres:***@db.internal:5432/checkout',
    );
    expect(maskCredentials('postgresql://app:p@ss/w@db/checkout?sslmode=require')).toBe(
      'postgresql://app:***@db/checkout?sslmode=require',
    );
  });

  it('hides secrets passed as query parameters', () => {
    expect(maskCredentials('postgres://db/checkout?user=app&password=s3cret&sslpassword=x')).toBe(
      'postgres://db/checkout?user=app&password=***&sslpassword=***',
    );
    expect(maskCredentials('https://tax.example/v1?api_key=abc&region=eu')).toBe(
      'https://tax.example/v1?api_key=***&region=eu',
    );
  });

  it('leaves URLs without secrets and file paths unchanged', () => {
    for (const plain of ['postgres://app@db/checkout', '.b2b-checkout/b2b-checkout.sqlite', 'sqlite:shop.sqlite']) {
      expect(maskCredentials(plain)).toBe(plain);
    }
  });
});

describe('the logger', () => {
  it('masks URLs and redacts tokens of a config object in every line', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger('info', sink);
    const config = loadConfig(
      {},
      { DATABASE_URL: 'postgres://app:s3cretpw@db/checkout', B2B_CHECKOUT_ADMIN_TOKEN: 'admin-token-0123456789abcdef' },
    );
    logger.info({ config }, 'starting');
    logger.info({ databaseUrl: config.databaseUrl }, 'database');
    logger.error({ err: Object.assign(new Error('bad'), { input: config.databaseUrl }) }, 'failed');
    const output = lines.join('');
    expect(output).not.toContain('s3cretpw');
    expect(output).not.toContain('admin-token-0123456789abcdef');
    expect(output).toContain('postgres://app:***@db/checkout');
  });
});

describe('the database URL setting', () => {
  it('refuses a URL of another scheme, listing the supported forms', () => {
    expect(() => loadConfig({}, { DATABASE_URL: 'mysql://root:pw@x/db' })).toThrow(
      /Unsupported database URL mysql:\/\/root:\*\*\*@x\/db: use postgres:\/\/… or postgresql:\/\/… for PostgreSQL; sqlite:<file> or a file path for SQLite/,
    );
    for (const url of ['postgres://db/x', 'postgresql://db/x', 'sqlite:shop.sqlite', 'shop.sqlite', ':memory:']) {
      expect(loadConfig({}, { DATABASE_URL: url }).databaseUrl).toBe(url);
    }
  });
});
