/** Every structure the catalog describes, keyed by name. */
import type { CharacteristicsName, StructDef, StructName } from '../types';
import { NDIS_FILTER_DRIVER_CHARACTERISTICS } from './filterCharacteristics';
import { NDIS_MINIPORT_DRIVER_CHARACTERISTICS } from './miniportCharacteristics';
import { NET_IF_INFORMATION } from './netIfInformation';
import { NDIS_OBJECT_HEADER } from './objectHeader';
import { NDIS_OPEN_PARAMETERS } from './openParameters';
import { NDIS_PROTOCOL_DRIVER_CHARACTERISTICS } from './protocolCharacteristics';
import { NDIS_IF_PROVIDER_CHARACTERISTICS } from './providerCharacteristics';
import { NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES } from './registrationAttributes';

export const STRUCTS: Readonly<Record<StructName, StructDef>> = Object.freeze({
  NDIS_OBJECT_HEADER,
  NDIS_PROTOCOL_DRIVER_CHARACTERISTICS,
  NDIS_MINIPORT_DRIVER_CHARACTERISTICS,
  NDIS_FILTER_DRIVER_CHARACTERISTICS,
  NDIS_IF_PROVIDER_CHARACTERISTICS,
  NET_IF_INFORMATION,
  NDIS_OPEN_PARAMETERS,
  NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES,
});

/** The four characteristics structures a registration DDI consumes. */
export const CHARACTERISTICS: readonly CharacteristicsName[] = Object.freeze([
  'NDIS_PROTOCOL_DRIVER_CHARACTERISTICS',
  'NDIS_MINIPORT_DRIVER_CHARACTERISTICS',
  'NDIS_FILTER_DRIVER_CHARACTERISTICS',
  'NDIS_IF_PROVIDER_CHARACTERISTICS',
] as const);
