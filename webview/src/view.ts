/** What the event table and the lanes need from the viewer (app.ts implements it). */
import type { WireEvent } from '../../common/src/traceProtocol';
import type { RowCache } from './rows';

export interface ViewContext {
  readonly cache: RowCache;
  /** The selected row of the current view, -1 for none. */
  readonly selectedRow: number;
  /** The NBL being followed (its rows are highlighted). */
  readonly followedNbl: number | undefined;
  /** Source links can be opened (not in a report). */
  readonly canOpenSource: boolean;
  select(row: number, opts?: { focus?: boolean; scroll?: 'nearest' | 'center' }): void;
  openSource(e: WireEvent): void;
  /** Keyboard navigation shared by the table and the lanes. */
  onListKey(ev: KeyboardEvent, visibleRows: number): void;
}
