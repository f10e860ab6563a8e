/**
 * The modelled kernel and NDIS services, exercised by small drivers written inline: pool memory
 * with tags and leak tracking, spin locks and the IRQL, DbgPrint/KdPrint, strings, timers and
 * work items on the virtual clock, waits, a control device reached by an IOCTL, fault injection,
 * unmodelled calls, and the ways driver faults end a run (bug checks and budget stops with
 * file:line).
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exitCode } from '../../../simulator/src/run/run';
import { summaryText } from '../../../simulator/src/run/summary';
import { driverFolder, inlineScenario, logs, ofKind, runText, type UserRun } from './helpers';

const PRELUDE = `#include <ndis.h>
DRIVER_UNLOAD Unload;
`;

/** Run a driver whose only file is drv.c = PRELUDE + body; returns the run and the file's path. */
async function driver(body: string, o: Parameters<typeof inlineScenario>[1] = {}): Promise<UserRun & { file: string; line: (s: string) => number }> {
  const text = PRELUDE + body;
  const dir = driverFolder({ 'drv.c': text });
  const r = await runText(inlineScenario(dir, o), dir);
  const line = (s: string): number => text.split('\n').findIndex((l) => l.includes(s)) + 1;
  return { ...r, file: ofKind(r.events, 'call').find((c) => c.api === 'DriverEntry' && c.source)?.source?.file ?? '', line };
}

const bc = (r: UserRun): string => (r.ran.result.bugcheck ? `${r.ran.result.bugcheck.code} ${r.ran.result.bugcheck.params[0]}` : 'none');

describe('user drivers: modelled DDIs and driver faults', () => {
  it('tracks pool memory by tag and reports what is left at unload', async () => {
    const r = await driver(`
PVOID g_Kept;
VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }
NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING p) {
    PVOID a = NdisAllocateMemoryWithTagPriority(NULL, 64, 'tseT', NormalPoolPriority);
    UNREFERENCED_PARAMETER(p);
    g_Kept = ExAllocatePool2(POOL_FLAG_NON_PAGED, 100, 'kaeL'); // kept
    NdisFreeMemory(a, 0, 0);
    d->DriverUnload = Unload;
    return STATUS_SUCCESS;
}`);
    const leaks = r.ran.violations.filter((v) => v.rule === 'pool-leak');
    assert.equal(leaks.length, 1);
    assert.match(leaks[0]!.message, /1 pool block\(s\), 100 bytes, tag 'Leak' still allocated \(first at .*drv\.c:\d+\)/);
    assert.match(leaks[0]!.message, new RegExp(`drv\\.c:${r.line('// kept')}\\)`));
  });

  it('a double free is bug check 0xC2 BAD_POOL_CALLER (P1 7) at the second free', async () => {
    const r = await driver(`
VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }
NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING p) {
    PVOID a = NdisAllocateMemoryWithTagPriority(NULL, 16, 'tseT', NormalPoolPriority);
    UNREFERENCED_PARAMETER(d); UNREFERENCED_PARAMETER(p);
    NdisFreeMemory(a, 0, 0);
    NdisFreeMemory(a, 0, 0); // again
    return STATUS_SUCCESS;
}`);
    assert.equal(bc(r), '0xC2 0x7');
    assert.match(r.ran.result.bugcheck!.reason, new RegExp(`NdisFreeMemory of 0x[0-9a-f]+ at .*drv\\.c:${r.line('// again')}: the block was already freed`));
    assert.equal(r.ran.result.bugcheck!.name, 'BAD_POOL_CALLER');
  });

  it('spin locks raise the IRQL to DISPATCH_LEVEL and restore it; DbgPrint and KdPrint become log events', async () => {
    const r = await driver(`
NDIS_SPIN_LOCK g_Lock;
VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); NdisFreeSpinLock(&g_Lock); }
NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING p) {
    KIRQL old;
    UNREFERENCED_PARAMETER(p);
    NdisAllocateSpinLock(&g_Lock);
    DbgPrint("before %d\\n", KeGetCurrentIrql());
    NdisAcquireSpinLock(&g_Lock);
    KdPrint(("held %d\\n", KeGetCurrentIrql()));
    NdisReleaseSpinLock(&g_Lock);
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    DbgPrint("raised %d from %d\\n", KeGetCurrentIrql(), old);
    KeLowerIrql(old);
    DbgPrint("after %d\\n", KeGetCurrentIrql());
    d->DriverUnload = Unload;
    return STATUS_SUCCESS;
}`);
    assert.equal(exitCode(r.outcome), 0, summaryText(r.outcome));
    assert.deepEqual(logs(r.events).filter((m) => /^(before|held|raised|after)/.test(m)), ['before 0', 'held 2', 'raised 2 from 0', 'after 0']);
    assert.ok(ofKind(r.events, 'log').some((l) => l.message === 'held 2' && l.component === 'driver:TESTDRV'));
  });

  it('acquiring a spin lock the processor already holds spins forever: bug check 0x133', async () => {
    const r = await driver(`
NDIS_SPIN_LOCK g_Lock;
VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }
NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING p) {
    UNREFERENCED_PARAMETER(d); UNREFERENCED_PARAMETER(p);
    NdisAllocateSpinLock(&g_Lock);
    NdisAcquireSpinLock(&g_Lock); // first
    NdisDprAcquireSpinLock(&g_Lock); // second
    return STATUS_SUCCESS;
}`);
    assert.equal(bc(r), '0x133 0x0');
    assert.match(r.ran.result.bugcheck!.reason, new RegExp(`drv\\.c:${r.line('// second')} spins forever .* \\(acquired at .*drv\\.c:${r.line('// first')}\\): deadlock`));
  });

  it('strings: RtlInitUnicodeString, RtlEqualUnicodeString, RtlCopyUnicodeString and %wZ', async () => {
    const r = await driver(`
VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }
NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING p) {
    UNICODE_STRING a, b, c;
    WCHAR buf[16];
    RtlInitUnicodeString(&a, L"Tunnel");
    NdisInitUnicodeString(&b, L"TUNNEL");
    c.Buffer = buf; c.Length = 0; c.MaximumLength = sizeof(buf);
    RtlCopyUnicodeString(&c, &a);
    DbgPrint("eq=%d ci=%d copy=%wZ len=%u path=%wZ\\n", RtlEqualUnicodeString(&a, &b, FALSE), RtlEqualUnicodeString(&a, &b, TRUE), &c, c.Length, p);
    d->DriverUnload = Unload;
    return STATUS_SUCCESS;
}`);
    assert.ok(logs(r.events).includes('eq=0 ci=1 copy=Tunnel len=12 path=\\Registry\\Machine\\System\\CurrentControlSet\\Services\\TESTDRV'), logs(r.events).join('\n'));
  });

  it('timers fire on the virtual clock at DISPATCH_LEVEL, work items run later at PASSIVE_LEVEL', async () => {
    const r = await driver(`
NDIS_HANDLE g_Timer;
NDIS_HANDLE g_Item;
NDIS_TIMER_FUNCTION TimerFn;
VOID TimerFn(PVOID s1, PVOID ctx, PVOID s2, PVOID s3) {
    UNREFERENCED_PARAMETER(s1); UNREFERENCED_PARAMETER(s2); UNREFERENCED_PARAMETER(s3);
    DbgPrint("timer irql=%d ctx=%p\\n", KeGetCurrentIrql(), ctx);
}
VOID WorkFn(PVOID ctx, NDIS_HANDLE h) { UNREFERENCED_PARAMETER(h); DbgPrint("work irql=%d ctx=%p\\n", KeGetCurrentIrql(), ctx); }
VOID Unload(PDRIVER_OBJECT d) {
    UNREFERENCED_PARAMETER(d);
    NdisCancelTimerObject(g_Timer);
    NdisFreeTimerObject(g_Timer);
    NdisFreeIoWorkItem(g_Item);
}
NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING p) {
    NDIS_TIMER_CHARACTERISTICS tc;
    LARGE_INTEGER due;
    UNREFERENCED_PARAMETER(p);
    NdisZeroMemory(&tc, sizeof(tc));
    tc.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
    tc.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
    tc.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
    tc.AllocationTag = 'rmiT';
    tc.TimerFunction = TimerFn;
    if (NdisAllocateTimerObject(NULL, &tc, &g_Timer) != NDIS_STATUS_SUCCESS) return STATUS_UNSUCCESSFUL;
    due.QuadPart = -10000;
    NdisSetTimerObject(g_Timer, due, 0, (PVOID)0x1234);
    g_Item = NdisAllocateIoWorkItem(NULL);
    NdisQueueIoWorkItem(g_Item, WorkFn, (PVOID)0x42);
    d->DriverUnload = Unload;
    return STATUS_SUCCESS;
}`);
    assert.equal(exitCode(r.outcome), 0, summaryText(r.outcome));
    const timer = ofKind(r.events, 'log').find((l) => l.message.startsWith('timer'))!;
    assert.equal(timer.message, 'timer irql=2 ctx=0000000000001234');
    assert.equal(timer.t, 1_000_000);
    const work = ofKind(r.events, 'log').find((l) => l.message.startsWith('work'))!;
    assert.equal(work.message, 'work irql=0 ctx=0000000000000042');
    const call = ofKind(r.events, 'call').find((c) => c.api === 'TimerFunction')!;
    assert.equal(call.function, 'TimerFn');
    assert.equal(call.source?.line, r.line('VOID TimerFn('));
  });

  it('a timer that fires after the image unloaded is bug check 0xCE', async () => {
    const r = await driver(`
NDIS_HANDLE g_Timer;
VOID TimerFn(PVOID s1, PVOID ctx, PVOID s2, PVOID s3) { UNREFERENCED_PARAMETER(s1); UNREFERENCED_PARAMETER(ctx); UNREFERENCED_PARAMETER(s2); UNREFERENCED_PARAMETER(s3); }
VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }
NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING p) {
    NDIS_TIMER_CHARACTERISTICS tc;
    LARGE_INTEGER due;
    UNREFERENCED_PARAMETER(p);
    NdisZeroMemory(&tc, sizeof(tc));
    tc.TimerFunction = TimerFn;
    NdisAllocateTimerObject(NULL, &tc, &g_Timer);
    due.QuadPart = -10000;
    NdisSetTimerObject(g_Timer, due, 1, NULL);
    d->DriverUnload = Unload;
    return STATUS_SUCCESS;
}`);
    assert.equal(r.ran.result.bugcheck?.code, '0xCE');
    assert.equal(r.ran.result.bugcheck!.name, 'DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS');
    assert.match(r.ran.result.bugcheck!.reason, /NDIS called TimerFunction \(TimerFn\) of TESTDRV after the driver image was unloaded/);
  });

  it('NdisWaitEvent lets the world run; an event nobody sets ends in the NDIS watchdog, 0x7C/0x25', async () => {
    const r = await driver(`
NDIS_EVENT g_Ev;
VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }
NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING p) {
    BOOLEAN ok;
    UNREFERENCED_PARAMETER(p);
    NdisInitializeEvent(&g_Ev);
    ok = NdisWaitEvent(&g_Ev, 5);
    DbgPrint("timed out: %d\\n", !ok);
    d->DriverUnload = Unload;
    NdisWaitEvent(&g_Ev, 0); // forever
    return STATUS_SUCCESS;
}`);
    assert.ok(logs(r.events).includes('timed out: 1'));
    assert.equal(ofKind(r.events, 'log').find((l) => l.message === 'timed out: 1')!.t, 5_000_000);
    assert.equal(bc(r), '0x7C 0x25');
    assert.match(r.ran.result.bugcheck!.reason, new RegExp(`waits forever at .*drv\\.c:${r.line('// forever')} \\(NdisWaitEvent\\)`));
  });

  it('IoCreateDevice and an IOCTL from the scenario reach the dispatch routine; a device left at unload is reported', async () => {
    const r = await driver(`
DRIVER_DISPATCH Ioctl;
PDEVICE_OBJECT g_Dev;
NTSTATUS Ioctl(PDEVICE_OBJECT dev, PIRP irp) {
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(irp);
    PULONG buf = (PULONG)irp->AssociatedIrp.SystemBuffer;
    UNREFERENCED_PARAMETER(dev);
    DbgPrint("code %x in %u out %u\\n", sl->Parameters.DeviceIoControl.IoControlCode, sl->Parameters.DeviceIoControl.InputBufferLength, sl->Parameters.DeviceIoControl.OutputBufferLength);
    buf[0] = buf[0] * 2;
    irp->IoStatus.Status = STATUS_SUCCESS;
    irp->IoStatus.Information = sizeof(ULONG);
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }
NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING p) {
    UNICODE_STRING name, again;
    NTSTATUS st;
    UNREFERENCED_PARAMETER(p);
    RtlInitUnicodeString(&name, L"\\\\Device\\\\TestDrv");
    st = IoCreateDevice(d, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_Dev);
    if (!NT_SUCCESS(st)) return st;
    RtlInitUnicodeString(&again, L"\\\\Device\\\\TestDrv");
    DbgPrint("second: %x\\n", IoCreateDevice(d, 0, &again, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_Dev + 0));
    d->MajorFunction[IRP_MJ_DEVICE_CONTROL] = Ioctl;
    d->DriverUnload = Unload;
    return STATUS_SUCCESS;
}`, { events: '  - { at: 1ms, do: ioctl, driver: pc/TESTDRV, code: 0x222004, input: "05 00 00 00", outputLength: 4 }\n' });
    const l = logs(r.events);
    assert.ok(l.includes('second: c0000035'), 'a second device with the same name collides');
    assert.ok(l.includes('code 222004 in 4 out 4'));
    assert.ok(l.includes('IOCTL 0x222004 → 0x00000000, 4 byte(s): 0a000000'), l.join('\n'));
    assert.ok(ofKind(r.events, 'call').some((c) => c.api === 'IRP_MJ_DEVICE_CONTROL' && c.function === 'Ioctl'));
    assert.ok(r.ran.violations.some((v) => v.rule === 'resource-leak' && /device \\Device\\TestDrv/.test(v.message)));
  });

  it('failCalls makes a DDI fail (allocators return NULL); unmodelled calls are logged at their line and listed', async () => {
    const r = await driver(`
VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }
NTSTATUS ZwFlushKey(HANDLE Key);
NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING p) {
    PVOID a = NdisAllocateMemoryWithTagPriority(NULL, 16, 'tseT', NormalPoolPriority);
    UNREFERENCED_PARAMETER(p);
    DbgPrint("allocated: %p\\n", a);
    DbgPrint("flush: %x\\n", ZwFlushKey(NULL)); // unmodelled
    d->DriverUnload = Unload;
    return STATUS_SUCCESS;
}`, { extra: '\n        failCalls: { NdisAllocateMemoryWithTagPriority: NDIS_STATUS_RESOURCES }' });
    const l = logs(r.events);
    assert.ok(l.includes('allocated: 0000000000000000'));
    assert.ok(l.includes('flush: 0'));
    assert.ok(l.some((m) => new RegExp(`^unmodelled call ZwFlushKey at .*drv\\.c:${r.line('// unmodelled')}; returned 0$`).test(m)), l.join('\n'));
    assert.equal(r.ran.unmodelled?.length, 1);
    assert.deepEqual([r.ran.unmodelled![0]!.name, r.ran.unmodelled![0]!.count], ['ZwFlushKey', 1]);
    assert.match(summaryText(r.outcome), /unmodelled calls: 1\n {2}ZwFlushKey ×1 at .*drv\.c:\d+ \(returned 0\)/);
  });

  it('a NULL dereference is bug check 0x7E at PASSIVE_LEVEL, with the function and line', async () => {
    const r = await driver(`
VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }
static VOID Poke(PULONG p) { *p = 1; } // poke
NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING p) {
    UNREFERENCED_PARAMETER(d); UNREFERENCED_PARAMETER(p);
    Poke(NULL);
    return STATUS_SUCCESS;
}`);
    assert.equal(bc(r), '0x7E 0xc0000005');
    assert.match(r.ran.result.bugcheck!.reason, new RegExp(`write of 4 bytes at 0x0 \\(NULL pointer\\) in Poke at .*drv\\.c:${r.line('// poke')}`));
    assert.match(r.ran.result.bugcheck!.stack[0]!, /^TESTDRV!Poke \(.*drv\.c:\d+\)$/);
    assert.match(r.ran.result.bugcheck!.stack[1]!, /^TESTDRV!DriverEntry /);
  });

  it('a driver that never returns is stopped by its budget with the function and line (exit status 2)', async () => {
    const r = await driver(`
VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }
static VOID Spin(VOID) { volatile ULONG i = 0; for (;;) { i++; } } // spin
NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING p) {
    UNREFERENCED_PARAMETER(d); UNREFERENCED_PARAMETER(p);
    Spin();
    return STATUS_SUCCESS;
}`);
    assert.equal(r.ran.result.reason, 'budget');
    assert.equal(exitCode(r.outcome), 2);
    assert.match(r.ran.result.budget!.message, new RegExp(`TESTDRV: budget exceeded \\(more than \\d+ steps\\) in Spin at .*drv\\.c:${r.line('// spin')}`));
  });
});
