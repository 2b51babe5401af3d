import type { components, paths } from './api-types';

/**
 * The API's shapes under the names the app uses, every one taken from the types generated from the
 * OpenAPI document (api-types.ts, `npm run api:types`): when a backend DTO changes, regenerating
 * them makes the compiler point at every place here that must follow.
 */
type Schemas = components['schemas'];

export type Role = Schemas['Role'];
export type User = Schemas['AuthUserDto'];
export type Session = Schemas['SignedInDto'];
/** The answer to a self-registration names no id: it is the same whether or not the email had an account. */
export type Registration = Schemas['RegisteredDto'];
export type NewUser = Schemas['CreateUserDto'];
export type UserList = Schemas['UserListDto'];
/** A user as the managers' list shows it, with the date the account was created. */
export type UserView = Schemas['UserViewDto'];
export type PositionedUser = Schemas['PositionedUserViewDto'];
/** A live sign-in session: when, from where, with which browser; `current` is the asking one. */
export type SignInSession = Schemas['SessionViewDto'];
export type SessionList = Schemas['SessionListDto'];
/** A personal API token as its owner sees it: never the secret. */
export type ApiToken = Schemas['ApiTokenViewDto'];
/** The one answer that holds a token's secret (`token`). */
export type CreatedApiToken = Schemas['CreatedApiTokenDto'];
export type NewApiToken = Schemas['CreateApiTokenDto'];
export type ApiTokenList = Schemas['ApiTokenListDto'];
/** A manager's reset: the temporary password, shown once. */
export type TemporaryPassword = Schemas['PositionedTemporaryPasswordDto'];
/** A manager's reset by email: where the one-time link went. */
export type EmailedResetLink = Schemas['PositionedEmailedResetLinkDto'];

export type ItemFields = Schemas['ItemFieldsDto'];
export type Item = Schemas['ItemViewDto'];
/** One item as GET /api/items/:id answers it: with its non-zero stock per location, the main location first. */
export type ItemDetail = Schemas['ItemDetailViewDto'];
export type ItemLocationStock = Schemas['ItemLocationStockDto'];
export type PositionedItem = Schemas['PositionedItemDto'];
export type NewItem = Schemas['CreateItemDto'];
export type ItemChanges = Schemas['UpdateItemDto'];
export type ItemQuery = NonNullable<paths['/api/items']['get']['parameters']['query']>;
export type ItemPage = Schemas['ItemListDto'];
export type HistoryEntry = Schemas['HistoryEntryDto'];
export type HistoryPage = Schemas['ItemHistoryDto'];
export type StockAt = Schemas['StockAtDto'];
/** GET /api/labels: the items' labels on a sheet or roll layout, each with a QR code or Code 128. */
export type LabelsQuery = Omit<NonNullable<paths['/api/labels']['get']['parameters']['query']>, 'itemIds'> & {
  readonly itemIds: readonly string[];
};
export type LabelLayout = Schemas['LabelLayout'];
export type LabelCode = Schemas['LabelCode'];

/** A listed movement's type: a transfer is one entry, from its source to its destination. */
export type ListedMovementType = Schemas['ListedMovementType'];
export type NewMovement = Schemas['StockMovementDto'];
/** A movement as GET /api/stock-movements lists it: with its item's current SKU and name. */
export type ListedMovement = Schemas['ListedStockMovementDto'];
/** A movement as recorded; live `stock.moved` messages carry its item beside it. */
export type StockMovement = Omit<ListedMovement, 'item'>;
/** The answer to recording a movement: the movement (its position is the answer's), the item after it. */
export type RecordedMovement = Schemas['PositionedMovementResultDto'];
/** One transfer between two locations; the item's total stays the same. */
export type NewTransfer = Schemas['TransferDto'];
/** The answer to a transfer: the transfer with the units at both ends before and after, and the item. */
export type RecordedTransfer = Schemas['PositionedTransferResultDto'];
export type LocationThreshold = Schemas['SetLocationThresholdDto'];
export type MovementQuery = NonNullable<paths['/api/stock-movements']['get']['parameters']['query']>;
export type MovementPage = Schemas['StockMovementListDto'];

/** A place stock is kept (named so, for `Location` is the browser's address). */
export type StockLocation = Schemas['LocationViewDto'];
export type PositionedLocation = Schemas['PositionedLocationDto'];
export type NewLocation = Schemas['CreateLocationDto'];
export type LocationChanges = Schemas['UpdateLocationDto'];

export type StoredEvent = Schemas['AuditEventDto'];
export type EventQuery = NonNullable<paths['/api/events']['get']['parameters']['query']>;
export type EventPage = Schemas['EventLogPageDto'];
export type ChainVerdict = Schemas['ChainVerdictDto'];

/** GET /api/alerts rows, and the data of `alert.low_stock` messages (as of that event). */
export type LowStockAlert = Schemas['AlertViewDto'];
export type AlertList = Schemas['AlertListDto'];

/** /api/health/system: this replica's process and traffic, and the shared store and projections. */
export type SystemHealth = Schemas['SystemReportDto'];
export type ProjectionLag = Schemas['ProjectionLagDto'];
export type DockerServices = Schemas['DockerServicesReportDto'] | Schemas['DockerUnavailableDto'];
export type ServiceLogs = Schemas['StackLogsDto'] | Schemas['DockerUnavailableDto'];
export type LogLine = Schemas['LogLineDto'];
/** /api/health/resources: the last hour of the host's and the stack's containers' CPU, memory, disk and network. */
export type ResourceHistory = Schemas['ResourceHistoryDto'];
export type HostSample = Schemas['HostSampleDto'];
export type ContainerSample = Schemas['ContainerSampleDto'];
