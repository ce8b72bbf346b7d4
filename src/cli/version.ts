/**
 * The version of the command line, from the package.json of this package: found by walking up
 * from this file, so that it works from `src/` (tests) and from the compiled `dist/src/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const PACKAGE_NAME = 'datasource-bot';
const manifestSchema = z.object({ name: z.string(), version: z.string() });

/** `version` of the nearest package.json named datasource-bot above `from`; "unknown" if none. */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = manifestSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (manifest.success && manifest.data.name === PACKAGE_NAME) return manifest.data.version;
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
