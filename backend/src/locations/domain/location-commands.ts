import type { LocationFields } from './location-events';

/** Ids are generated at the edge, so that deciding stays pure. */
export type LocationCommand =
  | { readonly type: 'CreateLocation'; readonly data: { readonly locationId: string; readonly fields: LocationFields } }
  | { readonly type: 'RenameLocation'; readonly data: { readonly locationId: string; readonly changes: Partial<LocationFields> } }
  | {
      readonly type: 'ArchiveLocation';
      /** `unitsHeld`: the units of every item at the location, as the read side knows them. */
      readonly data: { readonly locationId: string; readonly unitsHeld: number };
    };
