/** The operator's commands: users, tokens and `demo reset` (docs/decisions/0025-operator-commands-and-logs.md). */
import type { Command } from 'commander';
import { registerDemoResetCommand } from './demo-reset.js';
import { registerTokensCommands } from './tokens.js';
import { registerUsersCommands } from './users.js';

export function registerOperatorCommands(program: Command): void {
  const print = (line: string) => console.log(line);
  const warn = (line: string) => console.error(line);
  registerUsersCommands(program, print, warn);
  registerTokensCommands(program, print);
  const demo = program.commands.find((command) => command.name() === 'demo') ?? program.command('demo');
  registerDemoResetCommand(demo, print);
}
