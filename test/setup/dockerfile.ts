// The Dockerfile read as data: its stages and their instructions (line continuations joined,
// comments dropped), for the unit test that checks it and the test that runs its steps.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const projectDockerfile = path.resolve(__dirname, '../../Dockerfile');

export interface Instruction {
  keyword: string;
  args: string;
}
export interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

export function dockerfileInstructions(file = projectDockerfile): Instruction[] {
  const logical = readFileSync(file, 'utf8')
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  return logical.map((line) => {
    const [keyword, ...rest] = line.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
  });
}

export function dockerfileStages(file = projectDockerfile): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of dockerfileInstructions(file)) {
    if (instruction.keyword === 'FROM') {
      const [from, as, name] = instruction.args.split(/\s+/);
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length) {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return stages;
}

/** argv of a compose `command` / Dockerfile CMD: exec form (array or JSON) or whitespace-split shell form. */
export function argv(command: string | string[]): string[] {
  if (Array.isArray(command)) return command;
  const trimmed = command.trim();
  if (trimmed.startsWith('[')) return JSON.parse(trimmed) as string[];
  return trimmed.split(/\s+/);
}

/** The image's command: the last stage's last CMD. */
export function dockerfileCmd(file = projectDockerfile): string[] {
  const stages = dockerfileStages(file);
  const cmd = stages[stages.length - 1]?.instructions.filter((i) => i.keyword === 'CMD').pop()?.args;
  if (cmd === undefined) throw new Error('Dockerfile has no CMD');
  return argv(cmd);
}

/** A COPY's flags (--from=, --chown=), sources and destination. */
export function parseCopy(args: string): { flags: Record<string, string>; sources: string[]; dest: string } {
  const words = args.split(/\s+/);
  const flags: Record<string, string> = {};
  while (words[0]?.startsWith('--')) {
    const [key, value = ''] = words.shift()!.slice(2).split('=');
    flags[key] = value;
  }
  const dest = words.pop()!;
  return { flags, sources: words, dest };
}

/** A RUN's shell command without BuildKit's --mount/--network flags. */
export function runCommand(args: string): string {
  return args.replace(/^(--\S+\s+)+/, '');
}
