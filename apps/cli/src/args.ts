/** Parses `--name value`, `--name=value` and `--flag` options after a command word. */
export function parseArgs(argv: readonly string[]): { command: string[]; options: Map<string, string[]> } {
  const command: string[] = [];
  const options = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      command.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    let value = eq === -1 ? undefined : arg.slice(eq + 1);
    if (value === undefined) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        value = next;
        i += 1;
      } else {
        value = 'true';
      }
    }
    options.set(name, [...(options.get(name) ?? []), value]);
  }
  return { command, options };
}
