/**
 * A Module provider's Target → the file to import. The Target is a bare name (`acme-tax`), never
 * a path: the file is `<name>.js`, `<name>.mjs` or `<name>.ts` in the operator's provider
 * directory, and its real path (symlinks followed) must still be inside that directory.
 * Checked when the service is written and again before every load, since files change after.
 */
import { realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

/** Letters, digits, `-`, `_` and `.`, starting with a letter or digit: no separators, no `..`. */
const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
export const moduleExtensions = ['.js', '.mjs', '.ts'] as const;

export type ModuleResolution =
  { readonly isResolved: true; readonly file: string } | { readonly isResolved: false; readonly reason: string };

const refused = (reason: string): ModuleResolution => ({ isResolved: false, reason });

function realPathOf(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

export function resolveModuleTarget(name: string, moduleDir: string | null): ModuleResolution {
  if (moduleDir === null) {
    return refused('Module providers are disabled: the operator enables them with B2B_CHECKOUT_PROVIDER_DIR');
  }
  if (!namePattern.test(name) || name.includes('..')) {
    return refused(
      'A Module provider Target is a module name (letters, digits, -, _ and .), not a path: ' +
        'the module is loaded from the provider directory (B2B_CHECKOUT_PROVIDER_DIR)',
    );
  }
  const directory = realPathOf(moduleDir);
  if (directory === null) return refused('The provider directory (B2B_CHECKOUT_PROVIDER_DIR) does not exist');
  for (const extension of moduleExtensions) {
    const file = realPathOf(join(directory, name + extension));
    if (file === null) continue;
    if (!file.startsWith(directory + sep)) {
      return refused(`The module ${name} resolves outside the provider directory (B2B_CHECKOUT_PROVIDER_DIR)`);
    }
    if (!statSync(file).isFile()) return refused(`The module ${name} is not a file`);
    return { isResolved: true, file };
  }
  const candidates = moduleExtensions.map((extension) => name + extension).join(', ');
  return refused(`No module ${name} in the provider directory (B2B_CHECKOUT_PROVIDER_DIR): looked for ${candidates}`);
}
