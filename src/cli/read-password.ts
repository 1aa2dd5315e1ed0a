/**
 * Where a command's password comes from: standard input (`--password-stdin`, for scripts:
 * `printf '%s' "$PW" | b2b-checkout users password ...`), else a prompt that does not echo
 * when a terminal is attached. A password given on the command line is accepted with a
 * warning: it stays in the shell's history and is visible to every user of the machine in the
 * process list.
 */
import { createInterface } from 'node:readline';

export interface PasswordFlags {
  readonly password?: string;
  readonly passwordStdin?: boolean;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing line break is the shell's (`echo`), not the password's.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const output = process.stderr;
    const reader = createInterface({ input: process.stdin, output, terminal: true });
    const readerWithOutput = reader as unknown as { _writeToOutput: (text: string) => void };
    // Echo nothing of what is typed after the question.
    let isAsked = false;
    readerWithOutput._writeToOutput = (text: string) => {
      if (!isAsked) output.write(text);
    };
    reader.question(question, (answer) => {
      output.write('\n');
      reader.close();
      resolve(answer);
    });
    isAsked = true;
  });
}

/**
 * The password, or undefined when none was given and no terminal can be asked (`isRequired`
 * false: the caller goes on without one). `warn` receives the command-line warning.
 */
export async function readPassword(
  flags: PasswordFlags,
  options: { readonly isRequired: boolean; readonly warn: (line: string) => void },
): Promise<string | undefined> {
  if (flags.password !== undefined && flags.passwordStdin === true) {
    throw new Error('Give the password either with --password-stdin or with --password, not both');
  }
  if (flags.password !== undefined) {
    options.warn(
      'Warning: a password on the command line stays in shell history and shows in the process list; ' +
        'prefer --password-stdin or the prompt',
    );
    return flags.password;
  }
  if (flags.passwordStdin === true) {
    const password = await readStdin();
    if (password === '') throw new Error('--password-stdin read an empty password');
    return password;
  }
  if (process.stdin.isTTY) {
    const password = await promptHidden('Password: ');
    const again = await promptHidden('Password again: ');
    if (password !== again) throw new Error('The two passwords differ; nothing was changed');
    return password;
  }
  if (options.isRequired) throw new Error('No password: pipe it with --password-stdin, or run in a terminal');
  return undefined;
}
