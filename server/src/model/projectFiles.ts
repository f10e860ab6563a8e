/**
 * A driver's project files beside its sources: the INF files (the service names they install,
 * the NetCfgInstanceId of a filter, the descriptions of the models) and the .vcxproj build
 * configurations (each configuration's PreprocessorDefinitions). Files are read again only when
 * their size or modification time changes, so rules can ask on every analysis.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { findVcxproj, parseDefines } from './config';

/** One logical INF line: `key = values` or a bare value list (`HKR, Ndi, Service, 0, TUNPROT`). */
export interface InfLine {
  readonly key: string | undefined;
  readonly values: readonly string[];
  /** 0-based line in the file. */
  readonly line: number;
}

export interface InfFile {
  readonly path: string;
  /** Section name (lower case) → lines, strings substituted. */
  readonly sections: ReadonlyMap<string, readonly InfLine[]>;
}

/** What the NDIS rules need from an INF. */
export interface InfFacts {
  readonly path: string;
  /** [Version] Class: NetTrans (protocols), NetService (filters, MUX protocol edges), Net (adapters). */
  readonly class: string | undefined;
  /** Service names: AddService names and `HKR, Ndi, Service` values, in file order, unique. */
  readonly services: readonly string[];
  readonly netCfgInstanceIds: readonly string[];
  /** Descriptions of the install models (what Device Manager / the network UI shows). */
  readonly descriptions: readonly string[];
  /** Filter INFs set `HKR, Ndi, FilterClass` (or FilterType). */
  readonly isFilter: boolean;
}

interface Cached<T> {
  readonly stamp: string;
  readonly value: T;
}

const infCache = new Map<string, Cached<InfFacts | undefined>>();
const projCache = new Map<string, Cached<VcxprojConfig[]>>();

function stampOf(file: string): string | undefined {
  try {
    const st = fs.statSync(file);
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return undefined;
  }
}

function cached<T>(cache: Map<string, Cached<T>>, file: string, read: (text: string) => T, fallback: T): T {
  const stamp = stampOf(file);
  if (!stamp) {
    cache.delete(file);
    return fallback;
  }
  const hit = cache.get(file);
  if (hit && hit.stamp === stamp) return hit.value;
  let value = fallback;
  try {
    value = read(readText(file));
  } catch {
    value = fallback;
  }
  cache.set(file, { stamp, value });
  return value;
}

/** INF files are UTF-16 LE (with a BOM) as often as ANSI/UTF-8. */
function readText(file: string): string {
  const buf = fs.readFileSync(file);
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  const text = buf.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Split an INF value list at commas outside double quotes; unquote (`""` is a quote). */
function splitValues(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"') {
      if (quoted && s[i + 1] === '"') {
        cur += '"';
        i++;
      } else quoted = !quoted;
    } else if (c === ',' && !quoted) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

/** Strip a `;` comment outside quotes. */
function stripComment(line: string): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ';' && !quoted) return line.slice(0, i);
  }
  return line;
}

/** Parse INF text: sections, `key = values`, line continuations, %strings% substitution. */
export function parseInf(file: string, text: string): InfFile {
  const raw = new Map<string, { key: string | undefined; rest: string; line: number }[]>();
  let section = '';
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let l = stripComment(lines[i]!);
    while (/\\\s*$/.test(l) && i + 1 < lines.length) l = l.replace(/\\\s*$/, '') + stripComment(lines[++i]!);
    const t = l.trim();
    if (!t) continue;
    const sec = /^\[([^\]]*)\]/.exec(t);
    if (sec) {
      section = sec[1]!.trim().toLowerCase();
      if (!raw.has(section)) raw.set(section, []);
      continue;
    }
    let eq = -1;
    let quoted = false;
    for (let k = 0; k < t.length; k++) {
      if (t[k] === '"') quoted = !quoted;
      else if (t[k] === '=' && !quoted) {
        eq = k;
        break;
      }
    }
    const entry = eq >= 0 ? { key: t.slice(0, eq).trim(), rest: t.slice(eq + 1), line: start } : { key: undefined, rest: t, line: start };
    const arr = raw.get(section);
    if (arr) arr.push(entry);
    else raw.set(section, [entry]);
  }
  const strings = new Map<string, string>();
  for (const [name, entries] of raw) {
    if (name !== 'strings' && !name.startsWith('strings.')) continue;
    for (const e of entries) if (e.key && !strings.has(e.key.toLowerCase())) strings.set(e.key.toLowerCase(), splitValues(e.rest)[0] ?? '');
  }
  const subst = (s: string): string =>
    s.replace(/%([^%]*)%/g, (m, k: string) => (k === '' ? '%' : (strings.get(k.toLowerCase()) ?? m)));
  const sections = new Map<string, InfLine[]>();
  for (const [name, entries] of raw) {
    sections.set(
      name,
      entries.map((e) => ({ key: e.key === undefined ? undefined : subst(splitValues(e.key)[0] ?? e.key), values: splitValues(e.rest).map(subst), line: e.line })),
    );
  }
  return { path: file, sections };
}

/** The facts of one INF file. */
export function infFactsOf(inf: InfFile): InfFacts {
  const services: string[] = [];
  const ids: string[] = [];
  let isFilter = false;
  const addService = (s: string | undefined): void => {
    if (s && !services.some((x) => x.toLowerCase() === s.toLowerCase())) services.push(s);
  };
  for (const lines of inf.sections.values()) {
    for (const l of lines) {
      const key = l.key?.toLowerCase();
      if (key === 'addservice') addService(l.values[0]);
      if (key === 'netcfginstanceid' && l.values[0]) ids.push(l.values[0]);
      // AddReg lines: HKR, Ndi, Service, 0, NAME (the key is absent).
      if (!key && l.values.length >= 5 && l.values[0]!.toUpperCase() === 'HKR' && l.values[1]!.toLowerCase() === 'ndi') {
        const name = l.values[2]!.toLowerCase();
        if (name === 'service') addService(l.values[4]);
        if (name === 'filterclass' || name === 'filtertype') isFilter = true;
      }
    }
  }
  // Models: [Manufacturer] names a models section (plus decorated variants); each line's key is a description.
  const descriptions: string[] = [];
  for (const m of inf.sections.get('manufacturer') ?? []) {
    const [models, ...decorations] = m.values;
    if (!models) continue;
    for (const name of [models, ...decorations.map((d) => `${models}.${d}`)]) {
      for (const l of inf.sections.get(name.toLowerCase()) ?? []) {
        if (l.key && !descriptions.includes(l.key)) descriptions.push(l.key);
      }
    }
  }
  const cls = inf.sections.get('version')?.find((l) => l.key?.toLowerCase() === 'class')?.values[0];
  return { path: inf.path, class: cls, services, netCfgInstanceIds: ids, descriptions, isFilter };
}

/** The INF files directly in a driver's folder, parsed. */
export function infFacts(folder: string): InfFacts[] {
  let names: string[];
  try {
    names = fs.readdirSync(folder).filter((f) => f.toLowerCase().endsWith('.inf')).sort();
  } catch {
    return [];
  }
  const out: InfFacts[] = [];
  for (const n of names) {
    const file = path.join(folder, n);
    const facts = cached(infCache, file, (text) => infFactsOf(parseInf(file, text)), undefined);
    if (facts) out.push(facts);
  }
  return out;
}

/** One build configuration of a .vcxproj: its condition label and PreprocessorDefinitions. */
export interface VcxprojConfig {
  readonly project: string;
  /** "Debug|x64" from the Condition, or "" for definitions that apply to every configuration. */
  readonly label: string;
  readonly defines: ReadonlyMap<string, number | string>;
}

function conditionLabel(cond: string | undefined): string {
  if (!cond) return '';
  const m = /==\s*'([^']*)'/.exec(cond);
  return m ? m[1]! : cond.trim();
}

/** Every PreprocessorDefinitions element of a .vcxproj with the configuration it belongs to. */
export function vcxprojConfigs(file: string): VcxprojConfig[] {
  return cached(projCache, file, (text) => parseVcxproj(file, text), []);
}

export function parseVcxproj(file: string, xml: string): VcxprojConfig[] {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (_name, _path, _leaf, isAttribute) => !isAttribute }).parse(xml) as unknown;
  const out: VcxprojConfig[] = [];
  // Iterative walk carrying the nearest Condition (ItemDefinitionGroup / ClCompile / the element).
  const stack: { node: unknown; cond: string | undefined }[] = [{ node: doc, cond: undefined }];
  while (stack.length) {
    const { node, cond } = stack.pop()!;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], cond });
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    const rec = node as Record<string, unknown>;
    const own = typeof rec['@_Condition'] === 'string' ? (rec['@_Condition'] as string) : undefined;
    const children: { node: unknown; cond: string | undefined }[] = [];
    for (const [k, v] of Object.entries(rec)) {
      if (k.startsWith('@_')) continue;
      if (k === 'PreprocessorDefinitions') {
        for (const item of Array.isArray(v) ? v : [v]) {
          const itemCond = item && typeof item === 'object' ? ((item as Record<string, unknown>)['@_Condition'] as string | undefined) : undefined;
          const textValue = typeof item === 'string' ? item : item && typeof item === 'object' ? (item as Record<string, unknown>)['#text'] : undefined;
          if (typeof textValue === 'string') out.push({ project: file, label: conditionLabel(itemCond ?? own ?? cond), defines: parseDefines([textValue]) });
        }
      } else {
        children.push({ node: v, cond: own ?? cond });
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return out;
}

/** The .vcxproj files of a driver folder, each with its configurations. */
export function projectConfigs(folder: string): VcxprojConfig[] {
  return findVcxproj(folder).flatMap((p) => vcxprojConfigs(p));
}
