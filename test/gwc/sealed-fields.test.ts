import { describe, expect, it } from 'vitest';
import { mapSensitive } from '../../src/cluster/envelope.js';
import { SENSITIVE_FIELDS } from '../../src/gwc/model.js';

// GeoWebCache's secrets (geowebcache.xml's httpPassword, the S3, Azure and Swift blob stores'
// keys and passwords, gwc/model.ts SENSITIVE_FIELDS) are sealed in envelopes like store passwords.

describe('GeoWebCache secrets in envelopes', () => {
  it('every field SENSITIVE_FIELDS names is sealed, other fields are not', () => {
    const names = [...(SENSITIVE_FIELDS.gwcGlobals ?? []), ...(SENSITIVE_FIELDS.blobStore ?? [])];
    const content: Record<string, string> = { id: 's3', bucket: 'tiles' };
    for (const n of names) content[n] = `secret-${n}`;
    const sealed = mapSensitive({ S3BlobStore: content }, (s) => `sealed(${s})`) as { S3BlobStore: Record<string, string> };
    for (const n of names) expect(sealed.S3BlobStore[n], n).toBe(`sealed(secret-${n})`);
    expect(sealed.S3BlobStore.bucket).toBe('tiles');
    expect(sealed.S3BlobStore.id).toBe('s3');
  });
});
