/** A location as the API shows it. */
export interface LocationView {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly archived: boolean;
}
