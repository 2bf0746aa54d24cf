import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The shortest `FULCRUM_SECRET` accepted: shorter secrets can be guessed. */
export const MIN_SECRET_LENGTH = 16;

/** A secret that cannot be used; the message says why and what to do. */
export class SecretError extends Error {
  override name = 'SecretError';
}

/** Path of the generated secret inside a data folder. */
export function secretFile(dataDir: string): string {
  return join(dataDir, 'secret');
}

/**
 * The workspace secret that signs invite tokens: `FULCRUM_SECRET` when set, else the one
 * kept in `<dataDir>/secret`, generated (32 random bytes, base64url) and written with mode
 * 0600 the first time. The server and `fulcrum invite` both read it this way, so a token
 * printed by one is accepted by the other.
 */
export async function loadSecret(
  dataDir: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<string> {
  const fromEnv = env.FULCRUM_SECRET?.trim();
  if (fromEnv) {
    if (fromEnv.length < MIN_SECRET_LENGTH) {
      throw new SecretError(
        `FULCRUM_SECRET must be at least ${MIN_SECRET_LENGTH} characters long; unset it to let Fulcrum generate one`,
      );
    }
    return fromEnv;
  }
  const file = secretFile(dataDir);
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored.length >= MIN_SECRET_LENGTH) return stored;
    throw new SecretError(
      `${file} holds a secret shorter than ${MIN_SECRET_LENGTH} characters: delete it to generate a new one (this invalidates every invite)`,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    // 'wx': when two processes start at once, the second one reads the first one's secret.
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return (await readFile(file, 'utf8')).trim();
  }
}
