/**
 * "Simulate This Driver": which kind the driver of the active editor is simulated as, the
 * `ndiswb run --driver` arguments that run its own C code in the default scenario of that kind,
 * and where its DriverEntry is (the "▶ Simulate" lens).
 */
export type DriverKind = 'protocol' | 'miniport' | 'filter' | 'intermediate' | 'provider';

/** The kind a driver is simulated as, from the kinds its registrations show. */
export function primaryKind(kinds: readonly string[]): DriverKind | undefined {
  if (kinds.includes('intermediate') || (kinds.includes('miniport') && kinds.includes('protocol'))) return 'intermediate';
  for (const k of ['filter', 'protocol', 'miniport', 'provider'] as const) if (kinds.includes(k)) return k;
  return undefined;
}

/** Kinds from registration calls in C source (when the language server is not there to ask). */
export function kindsFromSource(text: string): string[] {
  const kinds = new Set<string>();
  if (/\bNdisRegisterProtocolDriver\s*\(/.test(text)) kinds.add('protocol');
  if (/\bNdisMRegisterMiniportDriver\s*\(/.test(text)) kinds.add('miniport');
  if (/\bNdisFRegisterFilterDriver\s*\(/.test(text)) kinds.add('filter');
  if (/\bNdisIfRegisterProvider\s*\(/.test(text)) kinds.add('provider');
  if (/\bNdisIMInitializeDeviceInstanceEx\s*\(|\bNdisIMAssociateMiniport\s*\(/.test(text)) kinds.add('intermediate');
  return [...kinds];
}

/** `ndiswb run` arguments that run the driver in `dir` in the default scenario of its kind. */
export function driverRunArgs(dir: string, kind: DriverKind | undefined): string[] {
  return ['--driver', dir, ...(kind ? ['--kind', kind] : [])];
}

/** Does a scenario install a driver from source (`source:`), which only `ndiswb run` can run? */
export function usesSourceDrivers(text: string): boolean {
  return /(^|[\s{,])source\s*:/m.test(text);
}

/**
 * Lines (0-based) where a DriverEntry definition starts (its name, then its parameter list, then a
 * body; the lines above it that belong to the declaration, like the return type and SAL
 * annotations, included).
 */
export function driverEntryLines(text: string): number[] {
  const out: number[] = [];
  const re = /\bDriverEntry\s*\(/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const before = text.slice(lineStart, m.index);
    if (/\/\/|\bif\b|=|\breturn\b|[;,]\s*$/.test(before)) continue; // a comment, a call or an assignment
    let depth = 0;
    let i = m.index + m[0].length - 1;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) break;
    }
    // skip blanks and comments between the parameter list and the body (a routine-description block)
    let rest = text.slice(i + 1, i + 20_000);
    for (let prev = ''; prev !== rest; ) {
      prev = rest;
      rest = rest.replace(/^\s+/, '').replace(/^\/\*[\s\S]*?\*\//, '').replace(/^\/\/[^\n]*/, '');
    }
    if (!rest.startsWith('{')) continue;
    const lines = text.slice(0, m.index).split('\n');
    let line = lines.length - 1;
    for (let k = 0; k < 3 && line > 0; k++) {
      const prev = lines[line - 1]!.trim();
      if (!prev || /[;}]$|\*\/$|^#|^\/\//.test(prev)) break;
      line--;
    }
    out.push(line);
  }
  return out;
}
