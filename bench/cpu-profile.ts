// Where the event loop of the server spends a sign-in: a V8 CPU profile of the server process
// (node --cpu-prof), cut to the measured window and summed by component: code under src/ by
// domain, a package under node_modules, else a Node core module. A sample counts for the
// innermost package or src/ frame on its stack, so native and Node core work (the writev of
// a socket) counts for whoever asked for it; the HTTP parser, with nothing above it, for Node. Profile timestamps are CLOCK_MONOTONIC
// microseconds, like process.hrtime() of the bench, so the window can be cut across processes.
import { readFileSync } from 'node:fs';

type CallFrame = { functionName: string; url: string };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
};

export type ComponentCost = { component: string; ms: number };

/** Microseconds of CLOCK_MONOTONIC, the time base of V8's CPU profiles. */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

/** "src/accounts", "pg", "fastify", "node:_http_server", "(garbage collector)", … */
function componentOf(frame: CallFrame): string | undefined {
  const { url, functionName } = frame;
  if (url === '') return undefined;
  const inModules = url.lastIndexOf('/node_modules/');
  if (inModules !== -1) {
    const [scope, name] = url.slice(inModules + '/node_modules/'.length).split('/');
    return scope?.startsWith('@') ? `${scope}/${name}` : scope;
  }
  const inSrc = url.lastIndexOf('/src/');
  if (inSrc !== -1) return `src/${url.slice(inSrc + '/src/'.length).split('/')[0]}`;
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/')[0];
  return functionName || url;
}

/**
 * Busy time of the profiled thread between `fromUs` and `toUs`, by component, largest first;
 * idle time is left out.
 */
export function profileByComponent(file: string, fromUs: number, toUs: number): ComponentCost[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const owner = new Map<number, string>();
  const ownerOf = (id: number): string => {
    const known = owner.get(id);
    if (known !== undefined) return known;
    // Node's own modules do the work of whoever called them: the writev of the database
    // client's socket is the database client's cost.
    let current: number | undefined = id;
    let found: string | undefined;
    let core: string | undefined;
    while (current !== undefined && found === undefined) {
      const component = componentOf((byId.get(current) as ProfileNode).callFrame);
      if (component?.startsWith('node:')) core ??= component;
      else found = component;
      current = parent.get(current);
    }
    const name = found ?? core ?? (byId.get(id) as ProfileNode).callFrame.functionName;
    owner.set(id, name);
    return name;
  };
  const totals = new Map<string, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    // A sample stands for the time until the next one.
    const until = at + (profile.timeDeltas[i + 1] ?? 0);
    if (at < fromUs || until > toUs) continue;
    const component = ownerOf(profile.samples[i] as number);
    if (component === '(idle)') continue;
    totals.set(component, (totals.get(component) ?? 0) + (until - at) / 1000);
  }
  return [...totals].map(([component, ms]) => ({ component, ms })).sort((a, b) => b.ms - a.ms);
}
