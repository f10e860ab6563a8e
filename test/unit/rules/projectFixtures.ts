/**
 * INF and .vcxproj texts for the project-file rule tests (NDIS113–NDIS115).
 */

/** A protocol INF installing `service` (AddService and the Ndi Service value). */
export function protocolInf(service: string, ndiService = service): string {
  return `[Version]
Signature   = "$WINDOWS NT$"
Class       = NetTrans
ClassGUID   = {4d36e975-e325-11ce-bfc1-08002be10318}
Provider    = %Provider%

[Manufacturer]
%Provider% = Models, NTamd64

[Models.NTamd64]
%Desc% = Install, TW_PROT

[Install]
AddReg           = Install.Ndi
NetCfgInstanceId = "{0b1f5a3c-2d4e-4f60-8a7b-9c0d1e2f3a4b}"

[Install.Ndi]
HKR, Ndi, Service, 0, ${ndiService}

[Install.Services]
AddService = ${service}, , Prot.Service ; the protocol service

[Prot.Service]
ServiceType   = 1
ServiceBinary = %13%\\prot.sys

[Strings]
Provider = "Contoso"
Desc     = "Contoso test protocol"
`;
}

/** A lightweight-filter INF. */
export function filterInf(opts: { service?: string; guid?: string; description?: string } = {}): string {
  return `[Version]
Signature   = "$Windows NT$"
Class       = NetService
ClassGUID   = {4D36E974-E325-11CE-BFC1-08002BE10318}
Provider    = %Provider%

[Manufacturer]
%Provider% = Contoso, NTamd64, NTarm64

[Contoso.NTamd64]
%FilterDesc% = Install, TW_LWF

[Contoso.NTarm64]
%FilterDesc% = Install, TW_LWF

[Install]
AddReg           = Install.Ndi
Characteristics  = 0x40000
NetCfgInstanceId = "${opts.guid ?? '{5cbf81bd-5055-47cd-9055-a76b2b4e3697}'}"

[Install.Ndi]
HKR, Ndi, Service, , "%ServiceName%"
HKR, Ndi, FilterClass, , compression
HKR, Ndi, FilterType, 0x00010001, 2

[Install.Services]
AddService = %ServiceName%, , Lwf.Service

[Lwf.Service]
ServiceType   = 1
ServiceBinary = %13%\\ndislwf.sys

[Strings]
Provider    = "Contoso"
ServiceName = "${opts.service ?? 'NDISLWF'}"
FilterDesc  = "${opts.description ?? 'NDIS Sample LightWeight Filter'}"
`;
}

/** A .vcxproj with one ItemDefinitionGroup per `[condition label, definitions]` ('' = unconditional). */
export function vcxproj(groups: readonly (readonly [string, string])[]): string {
  const body = groups
    .map(([label, defs]) => `  <ItemDefinitionGroup${label ? ` Condition="'$(Configuration)|$(Platform)'=='${label}'"` : ''}>
    <ClCompile>
      <PreprocessorDefinitions>${defs};%(PreprocessorDefinitions)</PreprocessorDefinitions>
    </ClCompile>
  </ItemDefinitionGroup>`)
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<Project DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
${body}
</Project>
`;
}
