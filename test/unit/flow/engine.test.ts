/**
 * The whole-driver interpreter: entry sequencing (handlers right after their registration, the
 * unload routine after handlers), what NDIS calls synchronously inside DDIs, status and flag
 * narrowing across functions, and bounded work on loops, recursion and very long functions.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillProtocol, fillProvider, protocolDriver, protocolEntry, PROVIDER_HANDLERS_C } from './drivers';
import { imDriver } from './imDriver';
import { flowSession } from './harness';
import { providerDriver } from './providerDriver';

describe('flow engine', () => {
  it('runs SetOptions inside a successful registration (its effects are visible right after the call)', async () => {
    const setOptions = `
PROTOCOL_SET_OPTIONS ProtSetOptions;
BOOLEAN g_OptionsSet;

_Use_decl_annotations_
NDIS_STATUS
ProtSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext)
{
    UNREFERENCED_PARAMETER(NdisDriverHandle);
    UNREFERENCED_PARAMETER(DriverContext);
    g_OptionsSet = TRUE;
    return NDIS_STATUS_SUCCESS;
}
`;
    const driverC = protocolEntry({
      before: setOptions,
      register: `    PChars.SetOptionsHandler = ProtSetOptions;
    Status = NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
    if (!g_OptionsSet)
    {
        return STATUS_UNSUCCESSFUL;
    }
    return STATUS_SUCCESS;`,
    });
    const s = await flowSession(protocolDriver(driverC));
    try {
      const fa = s.analyse();
      assert.deepEqual(s.where(fa, 'NDIS205'), [], 'the failure return after SetOptions is unreachable');
      // Without the SetOptions handler the same return leaks the registration.
      const fb = s.edit('driver.c', driverC.replace('    PChars.SetOptionsHandler = ProtSetOptions;\n', ''));
      assert.equal(s.where(fb, 'NDIS205').length, 1);
    } finally {
      s.dispose();
    }
  });

  it('runs Unbind inside NdisDeregisterProtocolDriver when a binding is open', async () => {
    const bind = `
NDIS_STATUS
ProtBindAdapter(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext, PNDIS_BIND_PARAMETERS BindParameters)
{
    PPROT_OPEN Open = AllocateOpen();
    NDIS_OPEN_PARAMETERS OpenParams;
    NET_IF_INFORMATION Info;
    NDIS_STATUS Status;

    UNREFERENCED_PARAMETER(ProtocolDriverContext);
    if (Open == NULL)
    {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(&OpenParams, sizeof(OpenParams));
    OpenParams.AdapterName = BindParameters->AdapterName;
    Status = NdisOpenAdapterEx(Globals.ProtocolHandle, Open, &OpenParams, BindContext, &Open->BindingHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
    if (!Globals.InterfaceRegistered)
    {
        NdisZeroMemory(&Info, sizeof(Info));
        Status = NdisIfRegisterInterface(Globals.ProviderHandle, Open->NetLuid, NULL, &Info, &Globals.IfIndex);
        if (Status == NDIS_STATUS_SUCCESS)
        {
            Globals.InterfaceRegistered = TRUE;
        }
    }
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
ProtUnbindAdapter(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext)
{
    PPROT_OPEN Open = (PPROT_OPEN)ProtocolBindingContext;

    UNREFERENCED_PARAMETER(UnbindContext);
    if (Globals.InterfaceRegistered)
    {
        NdisIfDeregisterInterface(Globals.IfIndex);
        Globals.InterfaceRegistered = FALSE;
    }
    (VOID)NdisCloseAdapterEx(Open->BindingHandle);
    return NDIS_STATUS_SUCCESS;
}
`;
    // The protocol edge first: its unbinds remove the interface, then the provider can go.
    const files = providerDriver({
      unload: '    NdisDeregisterProtocolDriver(Globals.ProtocolHandle);\n    NdisIfDeregisterProvider(Globals.ProviderHandle);',
      after: bind,
    });
    files['handlers.c'] = files['handlers.c']!.replace(/_Use_decl_annotations_\nNDIS_STATUS\nProtUnbindAdapter[\s\S]*?\n}\n/, '');
    const s = await flowSession(files);
    try {
      assert.deepEqual(s.where(s.analyse(), 'NDIS208'), []);
      // The provider first: the interface may still be registered.
      const reversed = files['driver.c']!.replace(
        '    NdisDeregisterProtocolDriver(Globals.ProtocolHandle);\n    NdisIfDeregisterProvider(Globals.ProviderHandle);',
        '    NdisIfDeregisterProvider(Globals.ProviderHandle);\n    NdisDeregisterProtocolDriver(Globals.ProtocolHandle);',
      );
      assert.equal(s.where(s.edit('driver.c', reversed), 'NDIS208').length, 1);
    } finally {
      s.dispose();
    }
  });

  it('starts an IM driver\'s virtual miniports from Bind and halts them inside NdisIMDeInitializeDeviceInstance', async () => {
    // Each virtual miniport registers an interface in MiniportInitializeEx and removes it in
    // MiniportHaltEx; unload deregisters the protocol edge (unbind → deinitialize → halt) first.
    const files = imDriver({
      unload: `    NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
    NdisIfDeregisterProvider(Globals.ProviderHandle);
    NdisMDeregisterMiniportDriver(Globals.MiniportDriverHandle);`,
      entry: `    NDIS_IF_PROVIDER_CHARACTERISTICS Prov;
${fillProvider('Prov')}
    Status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &MChars, &Globals.MiniportDriverHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
    Status = NdisIfRegisterProvider(&Prov, NULL, &Globals.ProviderHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisMDeregisterMiniportDriver(Globals.MiniportDriverHandle);
        return Status;
    }
    Status = NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisIfDeregisterProvider(Globals.ProviderHandle);
        NdisMDeregisterMiniportDriver(Globals.MiniportDriverHandle);
        return Status;
    }
    NdisIMAssociateMiniport(Globals.MiniportDriverHandle, Globals.ProtocolHandle);
    return NDIS_STATUS_SUCCESS;`,
      except: ['ProtBindAdapter', 'ProtUnbindAdapter'],
      after: `
NDIS_STATUS
ProtBindAdapter(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext, PNDIS_BIND_PARAMETERS BindParameters)
{
    PPROT_OPEN Open = AllocateOpen();
    NDIS_OPEN_PARAMETERS Params;
    NDIS_STATUS Status;

    UNREFERENCED_PARAMETER(ProtocolDriverContext);
    NdisZeroMemory(&Params, sizeof(Params));
    Status = NdisOpenAdapterEx(Globals.ProtocolHandle, Open, &Params, BindContext, &Open->BindingHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
    return NdisIMInitializeDeviceInstanceEx(Globals.MiniportDriverHandle, &BindParameters->AdapterName, Open);
}

NDIS_STATUS
ProtUnbindAdapter(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext)
{
    PPROT_OPEN Open = (PPROT_OPEN)ProtocolBindingContext;

    UNREFERENCED_PARAMETER(UnbindContext);
    (VOID)NdisIMDeInitializeDeviceInstance(Open->IfInfo);
    (VOID)NdisCloseAdapterEx(Open->BindingHandle);
    return NDIS_STATUS_SUCCESS;
}
`,
    });
    const init = `NDIS_STATUS MpInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext, PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
    UNREFERENCED_PARAMETER(MiniportAdapterHandle);
    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);
    return NDIS_STATUS_SUCCESS;
}`;
    const halt = `VOID MpHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(HaltAction);
}`;
    files['mp.c'] = files['mp.c']!.replace(init, `NDIS_STATUS MpInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext, PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
    PPROT_OPEN V = (PPROT_OPEN)MiniportInitParameters->IMDeviceInstanceContext;
    NET_IF_INFORMATION Info;

    UNREFERENCED_PARAMETER(MiniportAdapterHandle);
    UNREFERENCED_PARAMETER(MiniportDriverContext);
    NdisZeroMemory(&Info, sizeof(Info));
    return NdisIfRegisterInterface(Globals.ProviderHandle, V->NetLuid, V, &Info, &V->IfIndex);
}`).replace(halt, `VOID MpHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
    PPROT_OPEN V = (PPROT_OPEN)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(HaltAction);
    NdisIfDeregisterInterface(V->IfIndex);
}`);
    files['provider.c'] = PROVIDER_HANDLERS_C;
    const s = await flowSession(files);
    try {
      assert.deepEqual(s.where(s.analyse(), 'NDIS208'), []);
      // A halt that forgets the interface leaves it registered when the provider goes.
      const forgetful = files['mp.c']!.replace('    NdisIfDeregisterInterface(V->IfIndex);\n', '    UNREFERENCED_PARAMETER(V);\n');
      assert.equal(s.where(s.edit('mp.c', forgetful), 'NDIS208').length, 1);
    } finally {
      s.dispose();
    }
  });

  it('runs protocol handlers right after registration, miniport handlers only after DriverEntry returns', async () => {
    // The provider is registered after the protocol edge: an interface registered from Bind is too
    // early (NDIS207), the same registration from a miniport's Initialize is not.
    const lateProvider = `    Status = NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
    Status = RegisterProvider();
    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
        return Status;
    }
    return STATUS_SUCCESS;`;
    const s = await flowSession(providerDriver({ register: lateProvider }));
    try {
      const fa = s.analyse();
      assert.equal(s.where(fa, 'NDIS207').length, 1);
      const handlers = fa.program.handlers.map((h) => h.role).sort();
      assert.ok(handlers.includes('PROTOCOL_BIND_ADAPTER_EX'));
    } finally {
      s.dispose();
    }
  });

  it('keeps flags and statuses consistent across functions and files', async () => {
    const driverC = protocolEntry({
      before: 'BOOLEAN g_Registered;\nNDIS_STATUS CreateControlDevice(VOID);\nVOID Cleanup(VOID);\n',
      register: `    Status = NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);
    if (!NT_SUCCESS(Status))
    {
        return Status;
    }
    g_Registered = TRUE;
    Status = CreateControlDevice();
    if (Status == NDIS_STATUS_PENDING)
    {
        Status = NDIS_STATUS_FAILURE;
    }
    if (Status != NDIS_STATUS_SUCCESS)
    {
        Cleanup();
        return Status;
    }
    return STATUS_SUCCESS;`,
    });
    const cleanup = `#include "prot.h"
extern BOOLEAN g_Registered;
VOID
Cleanup(VOID)
{
    if (g_Registered)
    {
        NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
        g_Registered = FALSE;
    }
}
`;
    const s = await flowSession(protocolDriver(driverC, { extra: { 'cleanup.c': cleanup } }));
    try {
      const fa = s.analyse();
      assert.deepEqual(s.where(fa, 'NDIS205'), []);
      assert.deepEqual(s.where(fa, 'NDIS209'), []);
      assert.equal(fa.stats.bailed, 0);
      // Without the flag the cleanup deregisters on the path where registration failed too:
      // nothing to report there, but forgetting the deregistration on the flagged path is NDIS205.
      const noCleanup = cleanup.replace('        NdisDeregisterProtocolDriver(Globals.ProtocolHandle);\n', '');
      assert.equal(s.where(s.edit('cleanup.c', noCleanup), 'NDIS205').length, 1);
    } finally {
      s.dispose();
    }
  });

  it('terminates on loops, recursion and a 3,000-branch function without giving up on the rest', async () => {
    const branches = Array.from({ length: 3000 }, (_, i) => `    if (Flags & ${1 << (i % 30)}) { Count${i % 7} = ${i}; }`).join('\n');
    const driverC = protocolEntry({
      before: `
ULONG Count0, Count1, Count2, Count3, Count4, Count5, Count6;

static ULONG Walk(ULONG Depth)
{
    return Depth ? Walk(Depth - 1) + 1 : 0;
}

VOID
Busy(ULONG Flags)
{
${branches}
    while (Flags)
    {
        Flags = Walk(Flags);
        if (Flags > 10) break;
    }
}
`,
      register: `    Busy(RegistryPath->Length);
    Status = NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);
    Busy(0);
    return STATUS_SUCCESS;`,
    });
    const s = await flowSession(protocolDriver(driverC));
    try {
      const t0 = performance.now();
      const fa = s.analyse();
      assert.ok(performance.now() - t0 < 20_000);
      // The status is assigned and never tested: still found after all that code.
      assert.equal(fa.events.filter((e) => e.kind === 'NDIS202').length, 1);
    } finally {
      s.dispose();
    }
  });

  it('understands C++ sources: condition clauses, nullptr, range-for and try/catch', async () => {
    const cpp = `#include <ndis.h>
NDIS_HANDLE g_Protocol;
NDIS_STATUS CreateIt();
static void Helper(int* v) {
    for (auto i : {1, 2, 3}) { *v += i; }
    try { CreateIt(); } catch (...) { }
}
extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS c = {};
    int v = 0;
    NDIS_STATUS s = NdisRegisterProtocolDriver(nullptr, &c, &g_Protocol);
    if (s != NDIS_STATUS_SUCCESS) return s;
    Helper(&v);
    if (CreateIt() != NDIS_STATUS_SUCCESS) return STATUS_UNSUCCESSFUL;
    return STATUS_SUCCESS;
}
`;
    const s = await flowSession({ 'drv.cpp': cpp });
    try {
      const fa = s.analyse();
      assert.deepEqual(s.where(fa, 'NDIS202'), [], 'the status is tested in a C++ condition clause');
      assert.deepEqual(s.where(fa, 'NDIS205'), ['drv.cpp:14:44']);
    } finally {
      s.dispose();
    }
  });

  it('uses the registration characteristics: the handler of each registration runs after it', async () => {
    const s = await flowSession(protocolDriver(protocolEntry({ before: '' }).replace(fillProtocol('PChars'), fillProtocol('PChars'))));
    try {
      const fa = s.analyse();
      const bind = fa.program.handlers.find((h) => h.role === 'PROTOCOL_BIND_ADAPTER_EX');
      assert.ok(bind && bind.sites.length === 1);
      assert.equal(fa.program.driverEntry?.name, 'DriverEntry');
      assert.deepEqual([...fa.program.unloads.keys()], ['ProtUnload']);
    } finally {
      s.dispose();
    }
  });
});
